// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.snowflake.sql;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The SQL text of the sink's DDL. {@link #SNOWFLAKE} is what runs in production; {@link #POSTGRES} renders
 * the same statements for PostgreSQL so that their semantics are tested on a real engine.
 *
 * <p>Every identifier is quoted, with embedded double quotes doubled: names keep their case, dots,
 * spaces and reserved words, and cannot end the identifier early.
 */
public abstract class Dialect {

  public static final Dialect SNOWFLAKE = new SnowflakeDialect();
  public static final Dialect POSTGRES = new PostgresDialect();

  /** {@code name} as a quoted identifier. */
  public static String quote(String name) {
    if (name.indexOf('\0') >= 0) {
      throw new IllegalArgumentException("identifier contains a NUL character");
    }
    return '"' + name.replace("\"", "\"\"") + '"';
  }

  /** The qualified, quoted name of {@code table}. */
  public abstract String qualified(TableRef table);

  /** The SQL type for {@code type}. */
  public abstract String typeName(ColumnType type);

  /** The sink's type of a column reported by the engine as {@code typeName(precision, scale)}. */
  public abstract ColumnType typeOf(String typeName, int precision, int scale);

  public String createTable(TableRef table, List<Column> columns) {
    return "CREATE TABLE IF NOT EXISTS " + qualified(table) + " ("
        + columns.stream().map(this::columnDefinition).collect(Collectors.joining(", ")) + ")";
  }

  /** Adds a nullable column (rows already in the table have no value for it). */
  public String addColumn(TableRef table, Column column) {
    return "ALTER TABLE " + qualified(table) + " ADD COLUMN IF NOT EXISTS " + quote(column.name()) + " "
        + typeName(column.type());
  }

  /** Changes a column's type to the wider {@code type}; null when the engine stores both alike. */
  public abstract String widenColumn(TableRef table, String column, ColumnType from, ColumnType to);

  public String dropNotNull(TableRef table, String column) {
    return "ALTER TABLE " + qualified(table) + " ALTER COLUMN " + quote(column) + " DROP NOT NULL";
  }

  /** Selects no row, to read the table's columns; fails when the table does not exist. */
  public String describe(TableRef table) {
    return "SELECT * FROM " + qualified(table) + " WHERE 1 = 0";
  }

  /** True when {@code sqlState} says a table does not exist. */
  public abstract boolean missingTable(String sqlState);

  private String columnDefinition(Column column) {
    return quote(column.name()) + " " + typeName(column.type()) + (column.nullable() ? "" : " NOT NULL");
  }
}
