// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.snowflake.sql;

import java.util.Locale;

/**
 * The same DDL for PostgreSQL, so that its semantics (quoting, evolution steps) run on a real engine in
 * tests. The database is the connection's; tables are qualified by schema.
 */
final class PostgresDialect extends Dialect {

  @Override
  public String qualified(TableRef table) {
    return quote(table.schema()) + "." + quote(table.table());
  }

  @Override
  public String typeName(ColumnType type) {
    return switch (type.kind()) {
      case BOOLEAN -> "BOOLEAN";
      case INT8, INT16 -> "SMALLINT";
      case INT32 -> "INTEGER";
      case INT64 -> "BIGINT";
      case FLOAT32 -> "REAL";
      case FLOAT64 -> "DOUBLE PRECISION";
      case DECIMAL -> "NUMERIC(38," + type.scale() + ")";
      case STRING -> "TEXT";
      case BYTES -> "BYTEA";
      case DATE -> "DATE";
      case TIME -> "TIME(3)";
      case TIMESTAMP -> "TIMESTAMP(3)";
      case VARIANT -> "JSONB";
    };
  }

  @Override
  public ColumnType typeOf(String typeName, int precision, int scale) {
    return switch (typeName.toLowerCase(Locale.ROOT)) {
      case "bool" -> ColumnType.of(ColumnType.Kind.BOOLEAN);
      case "int2" -> ColumnType.of(ColumnType.Kind.INT16);
      case "int4" -> ColumnType.of(ColumnType.Kind.INT32);
      case "int8" -> ColumnType.of(ColumnType.Kind.INT64);
      case "float4" -> ColumnType.of(ColumnType.Kind.FLOAT32);
      case "float8" -> ColumnType.of(ColumnType.Kind.FLOAT64);
      case "numeric" -> ColumnType.decimal(scale);
      case "text", "varchar" -> ColumnType.of(ColumnType.Kind.STRING);
      case "bytea" -> ColumnType.of(ColumnType.Kind.BYTES);
      case "date" -> ColumnType.of(ColumnType.Kind.DATE);
      case "time" -> ColumnType.of(ColumnType.Kind.TIME);
      case "timestamp" -> ColumnType.of(ColumnType.Kind.TIMESTAMP);
      default -> ColumnType.of(ColumnType.Kind.VARIANT);
    };
  }

  @Override
  public String widenColumn(TableRef table, String column, ColumnType from, ColumnType to) {
    String type = typeName(to);
    if (type.equals(typeName(from))) {
      return null;
    }
    return "ALTER TABLE " + qualified(table) + " ALTER COLUMN " + quote(column) + " TYPE " + type;
  }

  @Override
  protected String newestPerKey(MergeSpec spec, int bounds) {
    return "SELECT DISTINCT ON (" + keyList(spec) + ") * FROM " + qualified(spec.changes()) + " WHERE "
        + withinBounds(bounds) + " ORDER BY " + keyList(spec) + ", " + newestFirst();
  }

  @Override
  public boolean missingTable(String sqlState) {
    return "42P01".equals(sqlState);
  }
}
