// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.snowflake.write;

import io.streamfirst.connect.snowflake.ingest.IngestChannel;
import io.streamfirst.connect.snowflake.sql.TableRef;
import java.util.ArrayDeque;
import java.util.Deque;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * What the task knows of one topic-partition's channel. Offsets are Kafka offsets; the channel's offset
 * token is the offset as a decimal string.
 */
public final class PartitionChannel {

  /** A row appended to the channel and not yet committed by Snowflake. */
  record Pending(long offset, long sourceTimestampMs, SinkRecord record) {
  }

  final TopicPartition partition;
  final TableRef table;
  /** The name of the table whose freshness the rows move: in CDC mode the target the change table feeds. */
  final String freshnessTable;

  public TableRef table() {
    return table;
  }

  public TopicPartition partition() {
    return partition;
  }
  final String name;
  IngestChannel channel;
  /** Last offset Snowflake committed for this partition; -1: none. */
  long committed = -1;
  /** Last offset appended to the channel; -1: none. */
  long appended = -1;
  /** Last offset the task dealt with (appended, sent to the dead-letter queue or skipped); -1: none. */
  long handled = -1;
  /** First offset this task saw, where a channel without a committed token resends from. */
  long firstSeen = -1;
  /** When the committed token last moved, or rows became pending. */
  long progressAtMs;
  final Deque<Pending> pending = new ArrayDeque<>();
  /** The last row schema known to fit the table (a schema instance), so that it is not looked up per record. */
  private Object fittedShape;

  /** True when rows of {@code shape} (a schema instance; null: none) are known to fit this partition's table. */
  public boolean fits(Object shape) {
    return shape != null && shape == fittedShape;
  }

  /** Rows of {@code shape} fit this partition's table. */
  public void fitted(Object shape) {
    fittedShape = shape;
  }

  PartitionChannel(TopicPartition partition, TableRef table, String freshnessTable, String name) {
    this.partition = partition;
    this.table = table;
    this.freshnessTable = freshnessTable;
    this.name = name;
  }

  /** The offset token as a Kafka offset; -1 for none. */
  static long offsetOf(String token) {
    if (token == null || token.isEmpty()) {
      return -1;
    }
    try {
      return Long.parseLong(token);
    } catch (NumberFormatException e) {
      throw new org.apache.kafka.connect.errors.ConnectException("Channel offset token '" + token
          + "' is not a Kafka offset: another writer uses this channel; give each connector its own channels");
    }
  }

  /** The next offset to commit to Kafka: past all that is durable or dealt with without Snowflake. */
  public long commitOffset() {
    if (pending.isEmpty()) {
      return Math.max(handled, committed) + 1;
    }
    return committed + 1;
  }
}
