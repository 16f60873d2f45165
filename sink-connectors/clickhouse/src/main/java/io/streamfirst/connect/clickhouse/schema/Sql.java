// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.clickhouse.schema;

import java.nio.charset.StandardCharsets;

/**
 * Quoting of identifiers and string literals for the SQL the sink sends. Every table and column
 * name goes through {@link #identifier(String)}, whatever it contains (dots, dashes, quotes,
 * reserved words, non-ASCII); nothing else ever concatenates a name into SQL.
 *
 * <p>The output is pure ASCII: bytes outside printable ASCII are written as {@code \xHH} escapes,
 * which ClickHouse decodes inside quoted identifiers and string literals. So the SQL text survives
 * any platform charset between here and the server.
 */
public final class Sql {

  private Sql() {}

  /** {@code name} as a back-quoted ClickHouse identifier. */
  public static String identifier(String name) {
    return quote(name, '`');
  }

  /** {@code database.table} with both parts quoted; the database part only when non-empty. */
  public static String qualified(String database, String table) {
    return database == null || database.isEmpty() ? identifier(table) : identifier(database) + "." + identifier(table);
  }

  /** {@code text} as a single-quoted string literal. */
  public static String literal(String text) {
    return quote(text, '\'');
  }

  private static String quote(String text, char quote) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    StringBuilder out = new StringBuilder(bytes.length + 2).append(quote);
    for (byte b : bytes) {
      int c = b & 0xff;
      if (c == quote || c == '\\') {
        out.append('\\').append((char) c);
      } else if (c < 0x20 || c >= 0x7f) {
        out.append("\\x").append(Character.forDigit(c >> 4, 16)).append(Character.forDigit(c & 0xf, 16));
      } else {
        out.append((char) c);
      }
    }
    return out.append(quote).toString();
  }
}
