// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.sql.engine;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.calcite.jdbc.JavaTypeFactoryImpl;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.type.SqlTypeUtil;

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

  /**
   * As Calcite's, except that a date with an interval ({@code d + INTERVAL '1' HOUR}) is a timestamp,
   * as in PostgreSQL ({@link PgRexRewriter} casts the date).
   */
  @Override
  public RelDataType leastRestrictive(List<RelDataType> types) {
    if (types.size() == 2) {
      RelDataType a = types.get(0);
      RelDataType b = types.get(1);
      if (a.getSqlTypeName() == SqlTypeName.DATE && SqlTypeUtil.isInterval(b)
          || b.getSqlTypeName() == SqlTypeName.DATE && SqlTypeUtil.isInterval(a)) {
        return createTypeWithNullability(createSqlType(SqlTypeName.TIMESTAMP, TIMESTAMP_PRECISION),
            a.isNullable() || b.isNullable());
      }
    }
    return super.leastRestrictive(types);
  }

  /** Digits after the point of timestamps the engine makes (Connect timestamps are milliseconds). */
  static final int TIMESTAMP_PRECISION = 3;
}
