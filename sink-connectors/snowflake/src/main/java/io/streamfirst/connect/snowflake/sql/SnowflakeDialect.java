// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.snowflake.sql;

import java.util.Locale;

/** Snowflake's DDL: integers as NUMBER(p,0) by width, timestamps as UTC TIMESTAMP_NTZ, nested values as VARIANT. */
final class SnowflakeDialect extends Dialect {

  @Override
  public String qualified(TableRef table) {
    return quote(table.database()) + "." + quote(table.schema()) + "." + quote(table.table());
  }

  @Override
  public String typeName(ColumnType type) {
    return switch (type.kind()) {
      case BOOLEAN -> "BOOLEAN";
      case INT8 -> "NUMBER(3,0)";
      case INT16 -> "NUMBER(5,0)";
      case INT32 -> "NUMBER(10,0)";
      case INT64 -> "NUMBER(19,0)";
      case FLOAT32, FLOAT64 -> "FLOAT";
      case DECIMAL -> "NUMBER(38," + type.scale() + ")";
      case STRING -> "VARCHAR";
      case BYTES -> "BINARY";
      case DATE -> "DATE";
      case TIME -> "TIME(3)";
      case TIMESTAMP -> "TIMESTAMP_NTZ(3)";
      case VARIANT -> "VARIANT";
    };
  }

  @Override
  public ColumnType typeOf(String typeName, int precision, int scale) {
    String name = typeName.toUpperCase(Locale.ROOT);
    if (name.startsWith("NUMBER") || name.startsWith("DECIMAL") || name.startsWith("NUMERIC")
        || name.equals("BIGINT") || name.equals("INTEGER") || name.equals("INT") || name.equals("SMALLINT")) {
      if (scale != 0) {
        return ColumnType.decimal(scale);
      }
      if (precision <= 3) {
        return ColumnType.of(ColumnType.Kind.INT8);
      } else if (precision <= 5) {
        return ColumnType.of(ColumnType.Kind.INT16);
      } else if (precision <= 10) {
        return ColumnType.of(ColumnType.Kind.INT32);
      } else if (precision <= 19) {
        return ColumnType.of(ColumnType.Kind.INT64);
      }
      return ColumnType.decimal(0);
    }
    if (name.startsWith("FLOAT") || name.startsWith("DOUBLE") || name.equals("REAL")) {
      return ColumnType.of(ColumnType.Kind.FLOAT64);
    }
    if (name.startsWith("BOOLEAN")) {
      return ColumnType.of(ColumnType.Kind.BOOLEAN);
    }
    if (name.startsWith("VARCHAR") || name.startsWith("TEXT") || name.startsWith("STRING") || name.startsWith("CHAR")) {
      return ColumnType.of(ColumnType.Kind.STRING);
    }
    if (name.startsWith("BINARY") || name.startsWith("VARBINARY")) {
      return ColumnType.of(ColumnType.Kind.BYTES);
    }
    if (name.equals("DATE")) {
      return ColumnType.of(ColumnType.Kind.DATE);
    }
    if (name.startsWith("TIMESTAMP") || name.startsWith("DATETIME")) {
      return ColumnType.of(ColumnType.Kind.TIMESTAMP);
    }
    if (name.startsWith("TIME")) {
      return ColumnType.of(ColumnType.Kind.TIME);
    }
    return ColumnType.of(ColumnType.Kind.VARIANT);
  }

  @Override
  public String widenColumn(TableRef table, String column, ColumnType from, ColumnType to) {
    String type = typeName(to);
    if (type.equals(typeName(from))) {
      return null;
    }
    return "ALTER TABLE " + qualified(table) + " ALTER COLUMN " + quote(column) + " SET DATA TYPE " + type;
  }

  @Override
  protected String newestPerKey(MergeSpec spec, int bounds) {
    return "SELECT * FROM " + qualified(spec.changes()) + " WHERE " + withinBounds(bounds)
        + " QUALIFY ROW_NUMBER() OVER (PARTITION BY " + keyList(spec) + " ORDER BY " + newestFirst() + ") = 1";
  }

  @Override
  public boolean missingTable(String sqlState) {
    return "42S02".equals(sqlState);
  }
}
