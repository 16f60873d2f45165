package io.streamfirst.connect.sql.engine;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import org.apache.calcite.jdbc.JavaTypeFactoryImpl;

/**
 * The type factory of every plan: {@link PgTypeSystem} rules, and text in UTF-8 as in a PostgreSQL
 * database (Calcite's default, ISO-8859-1, rejects literals such as {@code 'ıİß'}).
 */
final class PgTypeFactory extends JavaTypeFactoryImpl {

  PgTypeFactory() {
    super(PgTypeSystem.INSTANCE);
  }

  @Override
  public Charset getDefaultCharset() {
    return StandardCharsets.UTF_8;
  }
}
