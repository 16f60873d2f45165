// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.snowflake.write;

import io.streamfirst.connect.snowflake.sql.ChangeBound;
import io.streamfirst.connect.snowflake.sql.ChangeColumns;
import io.streamfirst.connect.snowflake.sql.ChangeMerger;
import io.streamfirst.connect.snowflake.sql.Column;
import io.streamfirst.connect.snowflake.sql.MergeSpec;
import io.streamfirst.connect.snowflake.sql.TableRef;
import java.time.Clock;
import io.streamfirst.connect.sink.TableFreshness;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.errors.RetriableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * CDC mode: applies each target table's change rows that Snowflake has committed, up to each of this
 * task's partitions' committed token, with one MERGE per table (on an interval and at every offset
 * commit). See DESIGN.md for why this is exactly once.
 */
public final class Merges implements ChannelWriter.CommitListener {

  private static final Logger LOG = LoggerFactory.getLogger(Merges.class);

  private final ChangeMerger merger;
  private final Tables tables;
  private final ChannelWriter writer;
  private final Clock clock;
  private final long intervalMs;
  private final List<String> configuredKeys;
  private final long deletedRetentionMs;
  private final Map<TopicPartition, TableRef> targets = new HashMap<>();
  private final Map<TableRef, List<String>> keys = new HashMap<>();
  private final Map<TopicPartition, Long> merged = new HashMap<>();
  private final Map<TopicPartition, ArrayDeque<long[]>> unmerged = new HashMap<>();
  private long lastRunMs;

  /**
   * @param configuredKeys the key column names as stored, when configured; empty: recorded with the changes
   * @param deletedRetentionMs how long a deleted key's version is kept; negative: for ever
   */
  public Merges(ChangeMerger merger, Tables tables, ChannelWriter writer, Clock clock, long intervalMs,
      List<String> configuredKeys, long deletedRetentionMs) {
    this.merger = merger;
    this.tables = tables;
    this.writer = writer;
    this.clock = clock;
    this.intervalMs = intervalMs;
    this.configuredKeys = List.copyOf(configuredKeys);
    this.deletedRetentionMs = deletedRetentionMs;
    this.lastRunMs = clock.millis();
    writer.onCommitted(this);
  }

  /** {@code partition}'s changes go to {@code target}'s change table. */
  public void assign(TopicPartition partition, TableRef target) {
    targets.put(partition, target);
    merged.remove(partition);
    unmerged.remove(partition);
  }

  public void release(TopicPartition partition) {
    targets.remove(partition);
    merged.remove(partition);
    unmerged.remove(partition);
  }

  /** The key columns of {@code target}'s changes, as the last record said. */
  public void keys(TableRef target, List<String> names) {
    keys.put(target, names);
  }

  @Override
  public void committed(TopicPartition partition, long offset, long sourceTimestampMs) {
    unmerged.computeIfAbsent(partition, p -> new ArrayDeque<>()).add(new long[]{offset, sourceTimestampMs});
  }

  /** True when the interval has passed since the last run. */
  public boolean due() {
    return clock.millis() - lastRunMs >= intervalMs;
  }

  /** True when change rows committed in Snowflake wait for a MERGE. */
  public boolean pending() {
    return targets.keySet().stream().anyMatch(tp -> bound(tp) > merged.getOrDefault(tp, -1L));
  }

  public long intervalMs() {
    return intervalMs;
  }

  private long bound(TopicPartition tp) {
    PartitionChannel pc = writer.state(tp);
    return pc == null ? -1 : pc.committed;
  }

  /**
   * Runs a MERGE for each target table with committed changes not yet applied. A failed connection is
   * logged and retried on the next run (the changes stay in the change table); a refused statement fails.
   */
  public void run() {
    lastRunMs = clock.millis();
    Map<TableRef, List<ChangeBound>> work = new LinkedHashMap<>();
    for (Map.Entry<TopicPartition, TableRef> entry : targets.entrySet()) {
      TopicPartition tp = entry.getKey();
      long bound = bound(tp);
      if (bound > merged.getOrDefault(tp, -1L)) {
        work.computeIfAbsent(entry.getValue(), t -> new ArrayList<>())
            .add(new ChangeBound(tp.topic(), tp.partition(), bound));
      }
    }
    for (Map.Entry<TableRef, List<ChangeBound>> entry : work.entrySet()) {
      try {
        mergeOne(entry.getKey(), entry.getValue());
      } catch (RetriableException e) {
        LOG.warn("MERGE into {} failed and runs again in {} ms: {}", entry.getKey(), intervalMs, e.getMessage());
        tables.forget();
      }
    }
  }

  private void mergeOne(TableRef target, List<ChangeBound> bounds) {
    TableRef changes = ChangeColumns.changesOf(target);
    List<Column> targetColumns = tables.columnsOf(target);
    if (targetColumns == null) {
      // only deletes so far: nothing to apply until a row creates the table (then they are merged with it)
      return;
    }
    List<String> keyNames = !configuredKeys.isEmpty() ? configuredKeys : keys.get(target);
    if (keyNames == null) {
      keyNames = merger.keyColumns(changes, bounds);
    }
    if (keyNames != null) {
      List<Column> changeColumns = tables.columnsOf(changes);
      Set<String> inChanges = changeColumns == null
          ? Set.of()
          : changeColumns.stream().map(Column::name).collect(Collectors.toSet());
      List<String> columns = targetColumns.stream().map(Column::name)
          .filter(c -> !ChangeColumns.IN_TARGET.contains(c) && inChanges.contains(c)).toList();
      // the deleted-keys table: created with the first MERGE, its key columns typed as the target's
      tables.fit(ChangeColumns.deletedOf(target), ChangeColumns.deleted(targetColumns, keyNames),
          "MERGE into " + target);
      long at = clock.millis();
      long deletedBefore = deletedRetentionMs < 0 ? MergeSpec.KEEP_DELETED : at - deletedRetentionMs;
      long applied = merger.merge(new MergeSpec(target, changes, keyNames, columns, at, deletedBefore), bounds);
      LOG.debug("MERGE into {} applied {} row change(s) up to {}", target, applied, bounds);
    }
    long now = clock.millis();
    TableFreshness freshness = writer.freshness();
    for (ChangeBound bound : bounds) {
      TopicPartition tp = new TopicPartition(bound.topic(), bound.partition());
      merged.put(tp, bound.offset());
      ArrayDeque<long[]> rows = unmerged.get(tp);
      long[] times = new long[rows == null ? 0 : rows.size()];
      int count = 0;
      while (rows != null && !rows.isEmpty() && rows.peek()[0] <= bound.offset()) {
        times[count++] = rows.poll()[1];
      }
      // the MERGE made the partition's changes up to the bound visible in the table (samples first, as the
      // channel writer reports append mode)
      freshness.sampled(target.table(), times, count, now);
      freshness.visible(target.table(), tp, bound.offset());
    }
  }

  public void close() {
    merger.close();
  }
}
