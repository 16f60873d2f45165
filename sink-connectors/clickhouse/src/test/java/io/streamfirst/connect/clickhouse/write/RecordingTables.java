// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.clickhouse.write;

import io.streamfirst.connect.clickhouse.schema.ChType;
import io.streamfirst.connect.clickhouse.schema.MetaColumns;
import io.streamfirst.connect.clickhouse.schema.ServerFeatures;
import io.streamfirst.connect.clickhouse.schema.TableColumns;
import io.streamfirst.connect.clickhouse.schema.Tables;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Tables kept in memory for unit tests of the writer's batching and evolution logic; records the DDL
 * it was asked for. The integration tests run the same logic against a real server.
 */
final class RecordingTables implements Tables {

  final ServerFeatures server;
  final Map<String, Map<String, ChType>> tables = new HashMap<>();
  final Map<String, Map<Integer, Long>> marks = new HashMap<>();
  final List<String> ddl = new ArrayList<>();
  /** When set, the next DDL fails with this. */
  io.streamfirst.connect.clickhouse.client.ClickHouseError failNext;

  RecordingTables(String version) {
    this.server = ServerFeatures.of(version);
  }

  @Override
  public ServerFeatures server() {
    return server;
  }

  @Override
  public TableColumns describe(String table) {
    Map<String, ChType> columns = tables.get(table);
    return columns == null ? TableColumns.NONE : new TableColumns(columns, Map.of());
  }

  @Override
  public TableColumns create(String table, Map<String, ChType> columns, List<String> keyColumns) {
    ddl.add("create " + table + " " + columns.keySet() + " key " + keyColumns);
    Map<String, ChType> all = new LinkedHashMap<>(columns);
    all.put(MetaColumns.TOPIC, MetaColumns.TOPIC_TYPE);
    all.put(MetaColumns.PARTITION, MetaColumns.PARTITION_TYPE);
    all.put(MetaColumns.OFFSET, MetaColumns.OFFSET_TYPE);
    all.put(MetaColumns.VERSION, MetaColumns.VERSION_TYPE);
    all.put(MetaColumns.DELETED, MetaColumns.DELETED_TYPE);
    tables.putIfAbsent(table, all);
    return describe(table);
  }

  @Override
  public TableColumns addColumns(String table, Map<String, ChType> missing) {
    if (failNext != null) {
      io.streamfirst.connect.clickhouse.client.ClickHouseError error = failNext;
      failNext = null;
      throw new io.streamfirst.connect.clickhouse.client.ClickHouseException(error, null);
    }
    ddl.add("add " + table + " " + missing);
    tables.get(table).putAll(missing);
    return describe(table);
  }

  @Override
  public TableColumns modifyColumns(String table, Map<String, ChType> changed) {
    ddl.add("modify " + table + " " + changed);
    tables.get(table).putAll(changed);
    return describe(table);
  }

  /** When set, reading high-water marks fails as if the server were unreachable. */
  boolean failMarks;

  @Override
  public Map<Integer, Long> highWaterMarks(String table, String topic) {
    if (failMarks) {
      throw new io.streamfirst.connect.clickhouse.client.ClickHouseException(
          io.streamfirst.connect.clickhouse.client.ClickHouseError.of(new java.net.ConnectException("refused")), null);
    }
    return marks.getOrDefault(table + "/" + topic, Map.of());
  }

  /** What {@link #rowsIn} answers, per partition {@code [count, highest offset]}; null: fail as unreachable. */
  Map<org.apache.kafka.common.TopicPartition, long[]> rows = new HashMap<>();

  @Override
  public Map<org.apache.kafka.common.TopicPartition, long[]> rowsIn(String table,
      Map<org.apache.kafka.common.TopicPartition, long[]> ranges) {
    if (rows == null) {
      throw new io.streamfirst.connect.clickhouse.client.ClickHouseException(
          io.streamfirst.connect.clickhouse.client.ClickHouseError.of(new java.net.ConnectException("refused")), null);
    }
    Map<org.apache.kafka.common.TopicPartition, long[]> out = new HashMap<>();
    rows.forEach((tp, r) -> {
      if (ranges.containsKey(tp)) {
        out.put(tp, r);
      }
    });
    return out;
  }
}
