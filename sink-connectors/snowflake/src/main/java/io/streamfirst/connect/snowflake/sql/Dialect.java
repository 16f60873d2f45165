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
   * {@link ChangeMerger}); its parameters are each bound's topic, partition and offset, in order. A change
   * is applied only when it is newer than both the target row's version and the version of the key's last
   * delete in the deleted-keys table, so a change older than a delete never brings the row back.
   */
  public String mergeChanges(MergeSpec spec, int bounds) {
    String isDelete = "chg." + quote(ChangeColumns.OP) + " = '" + ChangeColumns.DELETE + "'";
    String notDelete = "chg." + quote(ChangeColumns.OP) + " <> '" + ChangeColumns.DELETE + "'";
    String newer = newer("tgt." + quote(ChangeColumns.VERSION), "tgt." + quote(ChangeColumns.OFFSET), ">");
    String newerThanDelete = newer("chg." + quote(DELETED_VERSION), "chg." + quote(DELETED_OFFSET), ">");
    List<String> written = new java.util.ArrayList<>(spec.columns());
    written.add(ChangeColumns.VERSION);
    written.add(ChangeColumns.OFFSET);
    String source = "SELECT c.*, d." + quote(ChangeColumns.VERSION) + " AS " + quote(DELETED_VERSION) + ", d."
        + quote(ChangeColumns.OFFSET) + " AS " + quote(DELETED_OFFSET) + " FROM (" + newestPerKey(spec, bounds)
        + ") c LEFT JOIN " + qualified(spec.deleted()) + " d ON " + keysEqual(spec, "c", "d");
    return "MERGE INTO " + qualified(spec.target()) + " tgt USING (" + source + ") chg ON "
        + keysEqual(spec, "tgt", "chg")
        + " WHEN MATCHED AND " + isDelete + " AND " + newer + " AND " + newerThanDelete + " THEN DELETE"
        + " WHEN MATCHED AND " + notDelete + " AND " + newer + " AND " + newerThanDelete + " THEN UPDATE SET "
        + written.stream().map(c -> quote(c) + " = chg." + quote(c)).collect(Collectors.joining(", "))
        + " WHEN NOT MATCHED AND " + notDelete + " AND " + newerThanDelete + " THEN INSERT ("
        + written.stream().map(Dialect::quote).collect(Collectors.joining(", ")) + ") VALUES ("
        + written.stream().map(c -> "chg." + quote(c)).collect(Collectors.joining(", ")) + ")";
  }

  /**
   * The MERGE that keeps the deleted-keys table in step, run after {@link #mergeChanges} in its transaction:
   * a delete that was applied (newer than the key's last delete, and the target holds no newer row) stores
   * its version; an insert or update that was applied removes the key's row. Parameters: the bounds as for
   * {@link #mergeChanges}, then the time stamp twice.
   */
  public String mergeDeleted(MergeSpec spec, int bounds) {
    String isDelete = "chg." + quote(ChangeColumns.OP) + " = '" + ChangeColumns.DELETE + "'";
    String notDelete = "chg." + quote(ChangeColumns.OP) + " <> '" + ChangeColumns.DELETE + "'";
    String newer = newer("dl." + quote(ChangeColumns.VERSION), "dl." + quote(ChangeColumns.OFFSET), ">");
    // after mergeChanges: the target row is gone (delete applied), is this change (applied), or is newer
    String applied = newer("chg." + quote(TARGET_VERSION), "chg." + quote(TARGET_OFFSET), ">=");
    String source = "SELECT c.*, t." + quote(ChangeColumns.VERSION) + " AS " + quote(TARGET_VERSION) + ", t."
        + quote(ChangeColumns.OFFSET) + " AS " + quote(TARGET_OFFSET) + " FROM (" + newestPerKey(spec, bounds)
        + ") c LEFT JOIN " + qualified(spec.target()) + " t ON " + keysEqual(spec, "c", "t");
    List<String> written = new java.util.ArrayList<>(spec.keys());
    written.add(ChangeColumns.VERSION);
    written.add(ChangeColumns.OFFSET);
    return "MERGE INTO " + qualified(spec.deleted()) + " dl USING (" + source + ") chg ON "
        + keysEqual(spec, "dl", "chg")
        + " WHEN MATCHED AND " + isDelete + " AND " + newer + " AND " + applied + " THEN UPDATE SET "
        + quote(ChangeColumns.VERSION) + " = chg." + quote(ChangeColumns.VERSION) + ", "
        + quote(ChangeColumns.OFFSET) + " = chg." + quote(ChangeColumns.OFFSET) + ", "
        + quote(ChangeColumns.DELETED_AT_MS) + " = ?"
        + " WHEN MATCHED AND " + notDelete + " AND " + newer + " AND " + applied + " THEN DELETE"
        + " WHEN NOT MATCHED AND " + isDelete + " AND " + applied + " THEN INSERT ("
        + written.stream().map(Dialect::quote).collect(Collectors.joining(", ")) + ", "
        + quote(ChangeColumns.DELETED_AT_MS) + ") VALUES ("
        + written.stream().map(c -> "chg." + quote(c)).collect(Collectors.joining(", ")) + ", ?)";
  }

  /** Removes the deleted keys' rows written before the parameter (epoch milliseconds). */
  public String expireDeleted(TableRef deleted) {
    return "DELETE FROM " + qualified(deleted) + " WHERE " + quote(ChangeColumns.DELETED_AT_MS) + " < ?";
  }

  /** The stored version of the key's last delete, as the MERGE's source names it. */
  private static final String DELETED_VERSION = "_SF_DELETED_VERSION";
  private static final String DELETED_OFFSET = "_SF_DELETED_OFFSET";
  /** The target row's version, as the deleted-keys MERGE's source names it. */
  private static final String TARGET_VERSION = "_SF_TARGET_VERSION";
  private static final String TARGET_OFFSET = "_SF_TARGET_OFFSET";

  /**
   * True when the change {@code chg} is newer ({@code >}) or not older ({@code >=}) than the stored version
   * and offset, or nothing is stored.
   */
  private static String newer(String version, String offset, String op) {
    String v = "chg." + quote(ChangeColumns.VERSION);
    return "(" + version + " IS NULL OR " + v + " > " + version + " OR (" + v + " = " + version + " AND chg."
        + quote(ChangeColumns.OFFSET) + " " + op + " " + offset + "))";
  }

  private static String keysEqual(MergeSpec spec, String left, String right) {
    return spec.keys().stream().map(k -> left + "." + quote(k) + " = " + right + "." + quote(k))
        .collect(Collectors.joining(" AND "));
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
