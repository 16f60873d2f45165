// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.clickhouse.schema;

import io.streamfirst.connect.clickhouse.WriteMode;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import org.apache.kafka.common.TopicPartition;

/** The DDL the sink runs: CREATE TABLE for auto-created tables and ADD COLUMN for new fields. All names quoted. */
public final class TableDdl {

  /** De-duplication window (in inserts) given to auto-created tables on servers with insert tokens. */
  static final int DEDUPLICATION_WINDOW = 1000;

  private TableDdl() {}

  /**
   * {@code CREATE TABLE IF NOT EXISTS}: MergeTree ordered by the Kafka coordinates for appends;
   * ReplacingMergeTree on the version column (and the deleted flag where the server has
   * {@code is_deleted}) ordered by the key columns for CDC.
   *
   * @param columns the row's columns; the meta columns are added here
   */
  public static String createTable(String database, String table, Map<String, ChType> columns, WriteMode mode,
      List<String> keyColumns, ServerFeatures server) {
    StringJoiner defs = new StringJoiner(", ", " (", ")");
    columns.forEach((name, type) -> {
      if (!MetaColumns.isMeta(name)) {
        defs.add(Sql.identifier(name) + " " + type.text());
      }
    });
    defs.add(Sql.identifier(MetaColumns.TOPIC) + " " + MetaColumns.TOPIC_TYPE.text());
    defs.add(Sql.identifier(MetaColumns.PARTITION) + " " + MetaColumns.PARTITION_TYPE.text());
    defs.add(Sql.identifier(MetaColumns.OFFSET) + " " + MetaColumns.OFFSET_TYPE.text());
    StringBuilder sql = new StringBuilder("CREATE TABLE IF NOT EXISTS ").append(Sql.qualified(database, table));
    String engine;
    List<String> orderBy;
    if (mode == WriteMode.CDC) {
      defs.add(Sql.identifier(MetaColumns.VERSION) + " " + MetaColumns.VERSION_TYPE.text());
      defs.add(Sql.identifier(MetaColumns.DELETED) + " " + MetaColumns.DELETED_TYPE.text());
      engine = "ReplacingMergeTree(" + Sql.identifier(MetaColumns.VERSION)
          + (server.isDeleted() ? ", " + Sql.identifier(MetaColumns.DELETED) : "") + ")";
      orderBy = keyColumns;
    } else {
      engine = "MergeTree";
      orderBy = List.of(MetaColumns.TOPIC, MetaColumns.PARTITION, MetaColumns.OFFSET);
    }
    sql.append(defs).append(" ENGINE = ").append(engine).append(" ORDER BY ").append(tuple(orderBy));
    if (server.deduplicationToken()) {
      sql.append(" SETTINGS non_replicated_deduplication_window = ").append(DEDUPLICATION_WINDOW);
    }
    return sql.toString();
  }

  /** {@code ALTER TABLE ... ADD COLUMN}; an "already exists" answer (another task was first) is fine. */
  public static String addColumn(String database, String table, String column, ChType type) {
    return "ALTER TABLE " + Sql.qualified(database, table) + " ADD COLUMN " + Sql.identifier(column) + " "
        + type.text();
  }

  /** {@code ALTER TABLE ... MODIFY COLUMN} to a wider or Nullable type. */
  public static String modifyColumn(String database, String table, String column, ChType type) {
    return "ALTER TABLE " + Sql.qualified(database, table) + " MODIFY COLUMN " + Sql.identifier(column) + " "
        + type.text();
  }

  /** The writable and computed columns of a table, one JSON object per column. */
  public static String describe(String database, String table) {
    return "SELECT name, type, default_kind FROM system.columns WHERE database = " + Sql.literal(database)
        + " AND table = " + Sql.literal(table);
  }

  /** The highest offset per partition of {@code topic} already in the table. */
  public static String highWaterMarks(String database, String table, String topic) {
    return "SELECT " + Sql.identifier(MetaColumns.PARTITION) + " AS p, max(" + Sql.identifier(MetaColumns.OFFSET)
        + ") AS o FROM " + Sql.qualified(database, table) + " WHERE " + Sql.identifier(MetaColumns.TOPIC) + " = "
        + Sql.literal(topic) + " GROUP BY " + Sql.identifier(MetaColumns.PARTITION);
  }

  /**
   * Per topic and partition, the rows (count and highest offset) that lie in the given offset ranges:
   * what a batch with these ranges left in the table.
   *
   * @param ranges per partition the first and last offset ({@code [first, last, ...]})
   */
  public static String batchRows(String database, String table, Map<TopicPartition, long[]> ranges) {
    StringJoiner where = new StringJoiner(" OR ");
    ranges.forEach((tp, range) -> where.add("(" + Sql.identifier(MetaColumns.TOPIC) + " = " + Sql.literal(tp.topic())
        + " AND " + Sql.identifier(MetaColumns.PARTITION) + " = " + tp.partition() + " AND "
        + Sql.identifier(MetaColumns.OFFSET) + " BETWEEN " + range[0] + " AND " + range[1] + ")"));
    return "SELECT " + Sql.identifier(MetaColumns.TOPIC) + " AS t, " + Sql.identifier(MetaColumns.PARTITION)
        + " AS p, count() AS n, max(" + Sql.identifier(MetaColumns.OFFSET) + ") AS o FROM "
        + Sql.qualified(database, table) + " WHERE " + where + " GROUP BY " + Sql.identifier(MetaColumns.TOPIC) + ", "
        + Sql.identifier(MetaColumns.PARTITION);
  }

  private static String tuple(List<String> columns) {
    StringJoiner out = new StringJoiner(", ", "(", ")");
    columns.forEach(c -> out.add(Sql.identifier(c)));
    return out.toString();
  }
}
