// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.clickhouse.schema;

import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;

/** The target database as the writers see it: table columns, DDL, and the offsets already written. */
public interface Tables {

  /** What the server supports. */
  ServerFeatures server();

  /** The table's columns as the server reports them; {@link TableColumns#NONE} when it does not exist. */
  TableColumns describe(String table);

  /** Creates the table (if still missing) with {@code columns} plus the meta columns; returns what exists then. */
  TableColumns create(String table, Map<String, ChType> columns, List<String> keyColumns);

  /** Adds the columns the table lacks; a column another writer added meanwhile is fine. */
  TableColumns addColumns(String table, Map<String, ChType> missing);

  /** Changes the columns' types (to a wider or Nullable type); returns what exists then. */
  TableColumns modifyColumns(String table, Map<String, ChType> changed);

  /** The highest {@code _sf_offset} per partition of {@code topic} in the table. */
  Map<Integer, Long> highWaterMarks(String table, String topic);

  /**
   * Per partition, the rows of the table within the given offset ranges: {@code [count, highest offset]};
   * partitions without such rows are absent.
   */
  Map<TopicPartition, long[]> rowsIn(String table, Map<TopicPartition, long[]> ranges);
}
