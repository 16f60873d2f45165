// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.clickhouse.write;

import io.streamfirst.connect.clickhouse.schema.MetaColumns;
import io.streamfirst.connect.clickhouse.schema.TableColumns;
import io.streamfirst.connect.clickhouse.schema.Tables;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.kafka.common.TopicPartition;

/**
 * The offsets already in one table per partition (its high-water marks): which replays to skip.
 *
 * <p>Read once per partition assignment (see DESIGN.md). The task keeps them when the table's
 * writer is dropped, so a table that comes back does not read them again.
 */
public final class ReplayMarks {

  private final String table;
  private final Tables tables;
  private final Map<TopicPartition, Long> written = new HashMap<>();
  private final Set<TopicPartition> checked = new HashSet<>();

  public ReplayMarks(String table, Tables tables) {
    this.table = table;
    this.tables = tables;
  }

  /**
   * True when the table already holds the row of the record at {@code tp@offset} (at or below the
   * table's high-water mark for the partition): the record is a replay and must be skipped.
   *
   * @param columns the table's columns (read again when it did not exist: another task may have
   *                created it since); asked only when the partition's marks are not known yet
   */
  boolean alreadyWritten(TopicPartition tp, long offset, Supplier<TableColumns> columns) {
    if (!checked.contains(tp)) {
      load(tp, columns.get());
    }
    Long mark = written.get(tp);
    return mark != null && offset <= mark;
  }

  private void load(TopicPartition tp, TableColumns columns) {
    // marked as checked only once the marks are read: a failed read is retried, never taken as "no rows"
    if (!columns.exists() || !columns.has(MetaColumns.OFFSET) || !columns.has(MetaColumns.TOPIC)
        || !columns.has(MetaColumns.PARTITION)) {
      checked.add(tp);
      return;
    }
    Map<Integer, Long> highWaterMarks = tables.highWaterMarks(table, tp.topic());
    checked.add(tp);
    highWaterMarks.forEach((partition, offset) -> {
      TopicPartition other = new TopicPartition(tp.topic(), partition);
      if (other.equals(tp) || !checked.contains(other)) {
        written.put(other, offset);
        checked.add(other);
      }
    });
  }

  /** Forgets these partitions (after a rebalance); true when nothing is known any more. */
  public boolean forget(Collection<TopicPartition> partitions) {
    checked.removeAll(partitions);
    written.keySet().removeAll(partitions);
    return checked.isEmpty();
  }
}
