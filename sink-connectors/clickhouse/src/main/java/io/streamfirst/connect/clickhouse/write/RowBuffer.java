// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.clickhouse.write;

import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntSupplier;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Time;

/**
 * The rows buffered for a table's next insert, drained into a {@link Batch}.
 *
 * <p>All rows of one encoding, with their offsets per partition. An empty buffer holds no memory.
 */
final class RowBuffer {

  /** First buffer of a table, and the least a drained table starts its next buffer with. */
  private static final int MIN_BUFFER = 256;
  private static final int MAX_INITIAL_BUFFER = 1 << 20;
  private static final long[] NO_TIMES = new long[0];

  private final int maxRows;
  private final long maxBytes;
  private final long bufferMaxBytes;
  private final IntSupplier tablesInUse;
  private final Time time;

  /** The encoding of the buffered rows; null while nothing is buffered. */
  private Encoding encoding;
  /** Null while nothing is buffered: an idle or drained table holds no buffer. */
  private Bytes data;
  /** Capacity of the next buffer: the last batch's size, within a fair share of the memory bound. */
  private int nextCapacity = MIN_BUFFER;
  private int rows;
  private long[] sourceTimes = NO_TIMES;
  private final Map<TopicPartition, long[]> ranges = new HashMap<>();
  private int upserts;
  private int deletes;
  private long firstRowAtMs;

  /**
   * @param maxRows        rows of a full buffer ({@code batch.max.records})
   * @param maxBytes       encoded bytes of a full buffer ({@code batch.max.bytes})
   * @param bufferMaxBytes the task's memory bound, shared by the tables in use
   * @param tablesInUse    how many tables the task writes now
   */
  RowBuffer(int maxRows, long maxBytes, long bufferMaxBytes, IntSupplier tablesInUse, Time time) {
    this.maxRows = maxRows;
    this.maxBytes = maxBytes;
    this.bufferMaxBytes = bufferMaxBytes;
    this.tablesInUse = tablesInUse;
    this.time = time;
  }

  /** True when a row with {@code wanted} can join the buffer; otherwise the buffer must be inserted first. */
  boolean accepts(Encoding wanted) {
    return rows == 0 || wanted.equals(encoding);
  }

  /** The encoding of the buffered rows; null when nothing is buffered. */
  Encoding encoding() {
    return rows == 0 ? null : encoding;
  }

  /** True when the buffer holds a whole batch. */
  boolean full() {
    return rows >= maxRows || encodedBytes() >= maxBytes;
  }

  /** Where the next row is written; the caller truncates it back to its size if the row fails. */
  Bytes out() {
    if (data == null) {
      data = new Bytes(nextCapacity);
    }
    return data;
  }

  /** Counts the row just written to {@link #out()}, with the record's coordinates. */
  void added(Encoding rowEncoding, TopicPartition tp, long offset, long sourceTimeMs, boolean deleted) {
    encoding = rowEncoding;
    if (rows == 0) {
      firstRowAtMs = time.milliseconds();
    }
    if (rows == sourceTimes.length) {
      sourceTimes = Arrays.copyOf(sourceTimes, Math.max(16, rows * 2));
    }
    sourceTimes[rows++] = sourceTimeMs;
    long[] range = ranges.get(tp);
    if (range == null) {
      ranges.put(tp, new long[]{offset, offset, 1});
    } else {
      range[1] = Math.max(range[1], offset);
      range[2]++;
    }
    if (deleted) {
      deletes++;
    } else {
      upserts++;
    }
  }

  int rows() {
    return rows;
  }

  long bufferedBytes() {
    return (data == null ? 0 : data.capacity()) + 8L * sourceTimes.length;
  }

  int encodedBytes() {
    return data == null ? 0 : data.size();
  }

  /** Per partition of the buffered rows: first offset, last offset, rows. Read-only. */
  Map<TopicPartition, long[]> ranges() {
    return Collections.unmodifiableMap(ranges);
  }

  long firstRowAtMs() {
    return firstRowAtMs;
  }

  /** The buffered rows as encoded (while rows are buffered). */
  Bytes data() {
    return data;
  }

  /**
   * Hands the rows over as a batch and starts an empty buffer (the caller checked that rows are
   * buffered).
   *
   * @param encoded the buffered rows as they go to the table: {@link #data()}, or rewritten for the
   *                table's current columns
   */
  Batch drain(String table, String quotedTable, Bytes encoded) {
    List<String> quotedColumns = encoding instanceof Encoding.RowBinary binary
        ? binary.plan().quotedColumns
        : List.of();
    Batch batch = new Batch(table, quotedTable, encoding.format(), quotedColumns, encoded, rows,
        new HashMap<>(ranges), Arrays.copyOf(sourceTimes, rows), upserts, deletes);
    // nothing is held until the next row: an idle table costs no buffer. The next batch likely has the
    // size of this one: it starts there (up to 1 MiB, and within a fair share of the memory bound among
    // the tables in use) instead of growing again
    data = null;
    long share = bufferMaxBytes / (4L * Math.max(1, tablesInUse.getAsInt()));
    nextCapacity = (int) Math.max(MIN_BUFFER, Math.min(Math.min(batch.data().size(), MAX_INITIAL_BUFFER), share));
    rows = 0;
    ranges.clear();
    upserts = 0;
    deletes = 0;
    encoding = null;
    sourceTimes = NO_TIMES;
    return batch;
  }
}
