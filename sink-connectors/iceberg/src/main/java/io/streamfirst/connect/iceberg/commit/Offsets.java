// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.iceberg.commit;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.sink.SinkTaskContext;

/**
 * A task's offsets per topic-partition it consumed from (the original one, whatever transforms made of the
 * topic): {@code consumed} and {@code durable} of DESIGN.md, and where to replay from if the task must drop
 * what it holds.
 */
final class Offsets {

  /** Next offset to consume per partition: every record below it is in a writer, a table or the DLQ. */
  private final Map<TopicPartition, Long> consumed = new HashMap<>();
  /** Offsets Connect may commit: every record below them is committed to its table (or reported). */
  private final Map<TopicPartition, Long> durable = new HashMap<>();
  /** Per partition, where to replay from if the task must drop what it holds: durable, else the first record taken. */
  private final Map<TopicPartition, Long> resumeFrom = new HashMap<>();

  /**
   * False when {@code tp@offset} was taken already (Connect redelivers a batch after a retriable failure);
   * else the record is about to be taken.
   */
  boolean take(TopicPartition tp, long offset) {
    Long next = consumed.get(tp);
    if (next != null && offset < next) {
      return false;
    }
    resumeFrom.putIfAbsent(tp, offset);
    return true;
  }

  /** {@code tp@offset} is in a writer, a table or the DLQ. */
  void taken(TopicPartition tp, long offset) {
    consumed.put(tp, offset + 1);
  }

  /** A copy of the consumed offsets. */
  Map<TopicPartition, Long> consumed() {
    return new HashMap<>(consumed);
  }

  /** Every record below {@code offsets} is in its table (or reported). */
  void durable(Map<TopicPartition, Long> offsets) {
    durable.putAll(offsets);
    resumeFrom.putAll(offsets);
  }

  /** The durable offsets of the partitions Connect asks about. */
  Map<TopicPartition, OffsetAndMetadata> durableOf(Collection<TopicPartition> partitions) {
    Map<TopicPartition, OffsetAndMetadata> out = new HashMap<>();
    for (TopicPartition tp : partitions) {
      Long offset = durable.get(tp);
      if (offset != null) {
        out.put(tp, new OffsetAndMetadata(offset));
      }
    }
    return out;
  }

  /** After dropping what the task held: rewinds the partitions it keeps to where they are not yet durable. */
  void rewind(SinkTaskContext context, Collection<TopicPartition> released) {
    for (TopicPartition tp : context.assignment()) {
      Long from = resumeFrom.get(tp);
      if (!released.contains(tp) && from != null) {
        context.offset(tp, from);
      }
    }
    consumed.clear();
  }

  /** Forgets {@code partitions} (no longer assigned). */
  void release(Collection<TopicPartition> partitions) {
    for (TopicPartition tp : partitions) {
      consumed.remove(tp);
      durable.remove(tp);
      resumeFrom.remove(tp);
    }
  }
}
