// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.clickhouse.write;

import io.streamfirst.connect.clickhouse.ClickHouseSinkConfig;
import io.streamfirst.connect.clickhouse.schema.Tables;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Time;

/**
 * The writers of the tables one task writes, created on a table's first record and dropped when idle.
 *
 * <p>The offsets known per table outlive its writer until the next partition assignment.
 */
public final class TableWriters {

  /** A table's writer is dropped after this long without records (or 10 batch waits, if longer). */
  static final long MIN_IDLE_EVICTION_MS = 60_000L;

  private final String database;
  private final Tables tables;
  private final ClickHouseSinkConfig config;
  private final Time time;
  private final TableWriter.Flush flush;
  private final Map<String, TableWriter> writers = new HashMap<>();
  /** Offsets known per table; outlive evicted writers, forgotten per partition at every (re)assignment. */
  private final Map<String, ReplayMarks> marks = new HashMap<>();
  private long nextEvictionAtMs;

  /** @param flush the task's insert path, given to every writer */
  public TableWriters(Tables tables, ClickHouseSinkConfig config, Time time, TableWriter.Flush flush) {
    this.database = config.database();
    this.tables = tables;
    this.config = config;
    this.time = time;
    this.flush = flush;
  }

  /** The writer of {@code table}, created on first use. */
  public TableWriter forTable(String table) {
    TableWriter writer = writers.get(table);
    if (writer == null) {
      writer = new TableWriter(table, database, tables, config, flush,
          marks.computeIfAbsent(table, t -> new ReplayMarks(t, tables)), writers::size, time);
      writers.put(table, writer);
    }
    return writer;
  }

  /** Every writer, as a read-only view. */
  public Collection<TableWriter> all() {
    return Collections.unmodifiableCollection(writers.values());
  }

  /**
   * Drops the writers of tables that had no record for a while (nothing buffered, no insert running):
   * their plans and column lists go, and a table that comes back reads its columns again (its offsets
   * stay known). Drained tables hold no buffer anyway. At most once a second.
   *
   * @param inserting whether an insert of the writer's table is still running
   */
  public void evictIdle(Predicate<TableWriter> inserting) {
    long now = time.milliseconds();
    if (now < nextEvictionAtMs) {
      return;
    }
    nextEvictionAtMs = now + 1_000L;
    long idleMs = Math.max(MIN_IDLE_EVICTION_MS, 10 * config.batchMaxWait().toMillis());
    writers.values().removeIf(w -> w.idle(now, idleMs) && !inserting.test(w));
  }

  /** Forgets the offsets known in every table for these partitions (after an assignment or revocation). */
  public void forget(Collection<TopicPartition> partitions) {
    marks.entrySet().removeIf(e -> e.getValue().forget(partitions) && !writers.containsKey(e.getKey()));
  }

  /** Drops every writer and everything known. */
  public void clear() {
    writers.clear();
    marks.clear();
  }
}
