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

  /**
   * The MERGE that applies a change table's rows within {@code bounds} bounds to the target (see
   * {@link ChangeMerger}); its parameters are each bound's topic, partition and offset, in order.
   */
  public String mergeChanges(MergeSpec spec, int bounds) {
    String newer = "(tgt." + quote(ChangeColumns.VERSION) + " IS NULL OR chg." + quote(ChangeColumns.VERSION)
        + " > tgt." + quote(ChangeColumns.VERSION) + " OR (chg." + quote(ChangeColumns.VERSION) + " = tgt."
        + quote(ChangeColumns.VERSION) + " AND chg." + quote(ChangeColumns.OFFSET) + " > tgt."
        + quote(ChangeColumns.OFFSET) + "))";
    String isDelete = "chg." + quote(ChangeColumns.OP) + " = '" + ChangeColumns.DELETE + "'";
    String notDelete = "chg." + quote(ChangeColumns.OP) + " <> '" + ChangeColumns.DELETE + "'";
    List<String> written = new java.util.ArrayList<>(spec.columns());
    written.add(ChangeColumns.VERSION);
    written.add(ChangeColumns.OFFSET);
    return "MERGE INTO " + qualified(spec.target()) + " tgt USING (" + newestPerKey(spec, bounds) + ") chg ON "
        + spec.keys().stream().map(k -> "tgt." + quote(k) + " = chg." + quote(k)).collect(Collectors.joining(" AND "))
        + " WHEN MATCHED AND " + isDelete + " AND " + newer + " THEN DELETE"
        + " WHEN MATCHED AND " + notDelete + " AND " + newer + " THEN UPDATE SET "
        + written.stream().map(c -> quote(c) + " = chg." + quote(c)).collect(Collectors.joining(", "))
        + " WHEN NOT MATCHED AND " + notDelete + " THEN INSERT ("
        + written.stream().map(Dialect::quote).collect(Collectors.joining(", ")) + ") VALUES ("
        + written.stream().map(c -> "chg." + quote(c)).collect(Collectors.joining(", ")) + ")";
  }

  /** The change rows within the bounds, one per key: the newest version, the larger offset on a tie. */
  protected abstract String newestPerKey(MergeSpec spec, int bounds);

  /** Deletes the change rows within the bounds; parameters as for {@link #mergeChanges}. */
  public String deleteChanges(TableRef changes, int bounds) {
    return "DELETE FROM " + qualified(changes) + " WHERE " + withinBounds(bounds);
  }

  /** Reads the key column names of one change row within the bounds; parameters as for {@link #mergeChanges}. */
  public String keyColumnsOf(TableRef changes, int bounds) {
    return "SELECT " + quote(ChangeColumns.KEY_COLUMNS) + " FROM " + qualified(changes) + " WHERE ("
        + withinBounds(bounds) + ") AND " + quote(ChangeColumns.KEY_COLUMNS) + " IS NOT NULL LIMIT 1";
  }

  /** One condition per bound: its topic, partition, and offsets up to its offset (three parameters each). */
  protected static String withinBounds(int bounds) {
    if (bounds < 1) {
      throw new IllegalArgumentException("a merge needs at least one bound");
    }
    String one = "(" + quote(ChangeColumns.TOPIC) + " = ? AND " + quote(ChangeColumns.PARTITION) + " = ? AND "
        + quote(ChangeColumns.OFFSET) + " <= ?)";
    return String.join(" OR ", java.util.Collections.nCopies(bounds, one));
  }

  /** The key columns, quoted and comma-separated. */
  protected static String keyList(MergeSpec spec) {
    return spec.keys().stream().map(Dialect::quote).collect(Collectors.joining(", "));
  }

  /** The ordering of changes of one key, newest first. */
  protected static String newestFirst() {
    return quote(ChangeColumns.VERSION) + " DESC, " + quote(ChangeColumns.OFFSET) + " DESC";
  }

  private String columnDefinition(Column column) {
    return quote(column.name()) + " " + typeName(column.type()) + (column.nullable() ? "" : " NOT NULL");
  }
}
