// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.sql.window;

import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What one task's topology did with the records it read: records in = aggregated + filtered (WHERE,
 * tombstones) + late. Counted since the task started (a restarted task counts again from zero). Also
 * the stream time of each partition of the repartition topic the task's gates hold.
 */
final class WindowCounters {
  final AtomicLong in = new AtomicLong();
  final AtomicLong filtered = new AtomicLong();
  final AtomicLong aggregated = new AtomicLong();
  final AtomicLong late = new AtomicLong();
  /** Records written to the output topic: results and (EMIT CHANGES) tombstones. */
  final AtomicLong results = new AtomicLong();
  private final Map<Integer, Long> streamTimes = new ConcurrentHashMap<>();

  void streamTime(int partition, long streamTime) {
    streamTimes.put(partition, streamTime);
  }

  /** The partition moved to another task (or the task stopped): its stream time is no longer this task's. */
  void released(int partition) {
    streamTimes.remove(partition);
  }

  /** The stream time furthest behind among the partitions this task holds that have seen a record. */
  OptionalLong oldestStreamTime() {
    return streamTimes.values().stream().filter(t -> t >= 0).mapToLong(Long::longValue).min();
  }
}
