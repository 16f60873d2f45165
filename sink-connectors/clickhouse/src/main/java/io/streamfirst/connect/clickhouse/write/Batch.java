// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.clickhouse.write;

import io.streamfirst.connect.clickhouse.client.ClickHouseConnection.Format;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;
import org.apache.kafka.common.TopicPartition;

/**
 * One insert: encoded rows for one table, and the Kafka offsets they came from.
 *
 * @param ranges      per partition the first and last offset in the batch and its number of rows
 * @param sourceTimes per row the time its freshness is sampled with (-1: none, e.g. a snapshot read), {@code rows} long
 */
public record Batch(String table, String quotedTable, Format format, List<String> quotedColumns, Bytes data,
    int rows, Map<TopicPartition, long[]> ranges, long[] sourceTimes, int upserts, int deletes) {

  /**
   * The same for every attempt at this batch: the table and the offset range per partition. Servers
   * with insert de-duplication drop a second insert with the same token.
   */
  public String deduplicationToken() {
    Map<String, long[]> sorted = new TreeMap<>();
    ranges.forEach((tp, range) -> sorted.put(tp.topic() + "/" + tp.partition(), range));
    StringJoiner token = new StringJoiner(",", "sf:" + table + ":", "");
    sorted.forEach((tp, range) -> token.add(tp + "@" + range[0] + "-" + range[1]));
    return token.toString();
  }

  /** Bytes held, for the memory bound. */
  public long memory() {
    return data.capacity() + 8L * sourceTimes.length;
  }
}
