// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.clickhouse.schema;

import io.streamfirst.connect.clickhouse.WriteMode;
import io.streamfirst.connect.clickhouse.client.ClickHouseConnection;
import io.streamfirst.connect.clickhouse.client.ClickHouseError;
import io.streamfirst.connect.clickhouse.client.ClickHouseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Reads, creates and evolves target tables; the only place the sink runs DDL. */
public final class TableSchemas implements Tables {

  private static final Logger LOG = LoggerFactory.getLogger(TableSchemas.class);

  private final ClickHouseConnection connection;
  private final ServerFeatures server;
  private final WriteMode mode;

  public TableSchemas(ClickHouseConnection connection, ServerFeatures server, WriteMode mode) {
    this.connection = connection;
    this.server = server;
    this.mode = mode;
  }

  @Override
  public ServerFeatures server() {
    return server;
  }

  /** The table's columns as the server reports them; {@link TableColumns#NONE} when it does not exist. */
  @Override
  public TableColumns describe(String table) {
    Map<String, ChType> writable = new LinkedHashMap<>();
    Map<String, ChType> computed = new LinkedHashMap<>();
    for (Map<String, String> row : connection.query(TableDdl.describe(connection.database(), table))) {
      String kind = row.getOrDefault("default_kind", "");
      ChType type = ChType.parse(row.get("type"));
      if ("MATERIALIZED".equals(kind) || "ALIAS".equals(kind) || "EPHEMERAL".equals(kind)) {
        computed.put(row.get("name"), type);
      } else {
        writable.put(row.get("name"), type);
      }
    }
    return new TableColumns(writable, computed);
  }

  /** Creates the table (if still missing) with {@code columns} plus the meta columns, and returns what exists then. */
  @Override
  public TableColumns create(String table, Map<String, ChType> columns, List<String> keyColumns) {
    String ddl = TableDdl.createTable(connection.database(), table, columns, mode, keyColumns, server);
    connection.execute(ddl);
    LOG.info("Created table {}.{} ({} columns, {})", connection.database(), table, columns.size(),
        mode == WriteMode.CDC ? "ReplacingMergeTree ordered by " + keyColumns : "MergeTree");
    return describe(table);
  }

  /** Adds the columns the table lacks; a column another writer added meanwhile is fine. */
  @Override
  public TableColumns addColumns(String table, Map<String, ChType> missing) {
    for (Map.Entry<String, ChType> column : missing.entrySet()) {
      try {
        connection.execute(TableDdl.addColumn(connection.database(), table, column.getKey(), column.getValue()));
        LOG.info("Added column {} {} to table {}.{}", column.getKey(), column.getValue().text(),
            connection.database(), table);
      } catch (ClickHouseException e) {
        if (e.error().code() != ClickHouseError.COLUMN_ALREADY_EXISTS) {
          throw e;
        }
      }
    }
    return describe(table);
  }

  @Override
  public TableColumns modifyColumns(String table, Map<String, ChType> changed) {
    for (Map.Entry<String, ChType> column : changed.entrySet()) {
      connection.execute(TableDdl.modifyColumn(connection.database(), table, column.getKey(), column.getValue()));
      LOG.info("Changed column {} of table {}.{} to {}", column.getKey(), connection.database(), table,
          column.getValue().text());
    }
    return describe(table);
  }

  /** The highest {@code _sf_offset} per partition of {@code topic} in the table (empty if none or no such column). */
  @Override
  public Map<Integer, Long> highWaterMarks(String table, String topic) {
    Map<Integer, Long> marks = new LinkedHashMap<>();
    for (Map<String, String> row : connection.query(TableDdl.highWaterMarks(connection.database(), table, topic))) {
      marks.put(Integer.parseInt(row.get("p")), Long.parseLong(row.get("o")));
    }
    return marks;
  }

  @Override
  public Map<TopicPartition, long[]> rowsIn(String table, Map<TopicPartition, long[]> ranges) {
    Map<TopicPartition, long[]> rows = new LinkedHashMap<>();
    for (Map<String, String> row : connection.query(TableDdl.batchRows(connection.database(), table, ranges))) {
      rows.put(new TopicPartition(row.get("t"), Integer.parseInt(row.get("p"))),
          new long[]{Long.parseLong(row.get("n")), Long.parseLong(row.get("o"))});
    }
    return rows;
  }
}
