// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.sink;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamfirst.connect.common.ManualClock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/**
 * Committed-through time against a naive model that keeps every change it was told of: the pending groups'
 * ring (which keeps its capacity across commits and is handed on after a revocation) must give the same
 * value after every call, whatever the commits' offsets.
 */
class PartitionFreshnessTest {

  private static final long T0 = 1_800_000_000_000L;
  private static final List<String> TABLES = List.of("orders", "customers");
  private static final List<TopicPartition> PARTITIONS = List.of(new TopicPartition("pg.orders", 0),
      new TopicPartition("pg.orders", 1), new TopicPartition("pg.customers", 0));

  /** One table's changes from one partition, all kept: offsets and source times (-1 unknown). */
  private static final class NaivePartition {
    final List<long[]> changes = new ArrayList<>();
    long visibleOffset = -1;
    long throughMs = -1;

    boolean pending() {
      return !changes.isEmpty() && changes.get(changes.size() - 1)[0] > visibleOffset;
    }

    /** The newest source time all of whose changes (and all earlier ones) are visible, at least the last one. */
    void update() {
      long value = -1;
      boolean anyPending = false;
      for (long[] change : changes) {
        if (change[1] < 0) {
          continue;
        }
        if (change[0] > visibleOffset) {
          value = change[1] - 1; // times grow with offsets: the oldest pending time
          anyPending = true;
          break;
        }
      }
      if (!anyPending) {
        for (long[] change : changes) {
          value = Math.max(value, change[1]);
        }
      }
      throughMs = Math.max(throughMs, value);
    }
  }

  private static long naiveTable(Map<TopicPartition, NaivePartition> parts, long watermark, long last) {
    if (parts.isEmpty()) {
      return last;
    }
    long min = Long.MAX_VALUE;
    for (NaivePartition part : parts.values()) {
      min = Math.min(min, part.pending() ? part.throughMs : Math.max(part.throughMs, watermark));
    }
    return min < 0 ? -1 : min;
  }

  @Test
  void committedThroughIsExactForRandomWorkloadsAndCommitsAtAnyOffset() {
    for (int seed = 0; seed < 60; seed++) {
      Random random = new Random(seed);
      TableFreshness freshness = TableFreshness.forTest("orders-sink", 0, Map.of(), new ManualClock(T0));
      Map<String, Map<TopicPartition, NaivePartition>> model = new HashMap<>();
      Map<String, Long> lastValue = new HashMap<>();
      Map<TopicPartition, Long> nextOffset = new HashMap<>();
      Map<TopicPartition, Long> sourceTime = new HashMap<>();
      long watermark = -1;
      int steps = 200 + random.nextInt(2_000);
      for (int step = 0; step < steps; step++) {
        TopicPartition tp = PARTITIONS.get(random.nextInt(PARTITIONS.size()));
        String table = TABLES.get(random.nextInt(TABLES.size()));
        int action = random.nextInt(100);
        if (action < 80) { // a run of changes, often one transaction, sometimes without a source time
          int run = 1 + random.nextInt(random.nextBoolean() ? 3 : 200);
          for (int i = 0; i < run; i++) {
            long offset = nextOffset.merge(tp, 1L, Long::sum) - 1;
            long time = random.nextInt(10) == 0
                ? -1
                : sourceTime.merge(tp, (long) (random.nextInt(3) == 0 ? 0 : random.nextInt(1_000)), Long::sum);
            freshness.received(table, tp, offset, time < 0 ? -1 : T0 + time);
            NaivePartition part = model.computeIfAbsent(table, t -> new HashMap<>())
                .computeIfAbsent(tp, p -> new NaivePartition());
            boolean idle = !part.pending();
            part.changes.add(new long[]{offset, time < 0 ? -1 : T0 + time});
            if (idle) {
              // while changes are pending, a newer one moves nothing; one without a source time could have
              // any time up to the next one's, so until it is visible it holds the partition where it was
              part.update();
            }
            watermark = time < 0 ? watermark : Math.max(watermark, T0 + time);
          }
        } else if (action < 97) { // a commit makes the table's changes of tp visible up to some received offset
          NaivePartition part = model.getOrDefault(table, Map.of()).get(tp);
          if (part == null || part.changes.isEmpty()) {
            continue;
          }
          long newest = part.changes.get(part.changes.size() - 1)[0];
          long offset = Math.max(part.visibleOffset, newest - random.nextInt(random.nextBoolean() ? 3 : 300));
          freshness.visible(table, tp, offset);
          part.visibleOffset = Math.max(part.visibleOffset, offset);
          part.update();
        } else { // a revocation: tp holds no table back; assigned again, it starts over
          for (String name : TABLES) {
            Map<TopicPartition, NaivePartition> parts = model.get(name);
            if (parts != null) {
              lastValue.put(name, naiveTable(parts, watermark, lastValue.getOrDefault(name, -1L)));
              parts.remove(tp);
            }
          }
          freshness.closed(List.of(tp));
        }
        for (String name : TABLES) {
          long expected = model.containsKey(name)
              ? naiveTable(model.get(name), watermark, lastValue.getOrDefault(name, -1L))
              : -1;
          assertThat(freshness.committedThroughMs(name)).as("seed %d step %d table %s", seed, step, name)
              .isEqualTo(expected);
        }
      }
    }
  }

  @Test
  void aPartitionKeepsOneGroupPerSourceTimeWhereverTheRingWraps() {
    PartitionFreshness part = new PartitionFreshness();
    long offset = 0;
    for (int commit = 0; commit < 50; commit++) {
      int changes = 1 + (commit * 37) % 300; // wraps the ring at varying points and grows it mid-wrap
      long firstPending = offset;
      for (int i = 0; i < changes; i++, offset++) {
        part.receivedOffset = offset;
        part.mark(offset, T0 + offset / 2); // two changes per source time
      }
      assertThat(part.pendingGroups()).isEqualTo((int) ((offset - 1) / 2 - firstPending / 2 + 1));
      long upTo = offset - 1 - changes / 3;
      part.visibleUpTo(upTo);
      if (upTo < offset - 1) {
        // upTo's source time is wholly visible when upTo is its second change, else the time before it is
        assertThat(part.throughMs).as("commit %d", commit).isEqualTo(T0 + upTo / 2 - (upTo % 2 == 1 ? 0 : 1));
      }
      part.visibleUpTo(offset - 1);
      assertThat(part.throughMs).isEqualTo(T0 + (offset - 1) / 2);
      assertThat(part.pendingGroups()).isZero();
    }
  }
}
