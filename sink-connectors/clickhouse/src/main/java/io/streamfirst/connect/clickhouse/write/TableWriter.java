// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.clickhouse.write;

import io.streamfirst.connect.clickhouse.ClickHouseSinkConfig;
import io.streamfirst.connect.clickhouse.WriteMode;
import io.streamfirst.connect.clickhouse.schema.Sql;
import io.streamfirst.connect.clickhouse.schema.Tables;
import io.streamfirst.connect.sink.ChangeKind;
import io.streamfirst.connect.sink.ChangeView;
import io.streamfirst.connect.sink.KeyColumns;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.IntSupplier;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One target table within a task: takes each change routed to it and says what became of it.
 *
 * <p>One call per record ({@link #write}). Its parts: the offsets already in the table
 * ({@link ReplayMarks}), its columns, created and evolved ({@link TableEvolution}), rows encoded
 * with plans ({@link RowEncoder}), the next insert ({@link RowBuffer}) and the check of the buffered
 * rows against the live table before it ({@link ColumnDriftCheck}). Used by the task thread only; a
 * drained {@link Batch} is handed to an insert thread.
 */
public final class TableWriter {

  /**
   * The task's insert path, through which a writer has its buffer inserted: before a row of another
   * encoding joins it, and before a column's type changes.
   */
  @FunctionalInterface
  public interface Flush {
    /**
     * Inserts the writer's buffered rows and waits until they, and any insert of the table still
     * running, are in the table. The writer calls it before it changes a column's type, so that no
     * row encoded for the old type reaches the table after the change.
     */
    void insertAndWait(TableWriter writer);

    /**
     * Starts inserting the writer's buffered rows (once the table's previous insert has landed),
     * without waiting for them to land; by default as {@link #insertAndWait}.
     */
    default void insert(TableWriter writer) {
      insertAndWait(writer);
    }
  }

  /** What {@link #write} did with a change. */
  public enum Written {
    /** The table holds it already (at or below its high-water mark): a replay, skipped. */
    REPLAY,
    /** A delete without a row for a table that does not exist: nothing to do. */
    NOTHING_TO_DELETE,
    /** Encoded into the buffer. */
    BUFFERED,
    /** Encoded into the buffer, which now holds a whole batch: insert it. */
    FULL
  }

  private static final Logger LOG = LoggerFactory.getLogger(TableWriter.class);

  private final String table;
  private final String quotedTable;
  private final Flush flush;
  private final Time time;
  private final boolean cdc;
  private final KeyColumns keys;
  private final Versions versions;
  /** CDC versions from Kafka offsets: only comparable within one topic-partition. */
  private final boolean offsetVersions;
  private final ReplayMarks marks;
  private final TableEvolution evolution;
  private final RowEncoder encoder;
  private final RowBuffer buffer;
  private final ColumnDriftCheck drift;
  /** The first topic this table received rows from, and whether a second one was reported. */
  private String firstTopic;
  private boolean mixedTopicsReported;
  private long lastUsedMs;
  private TopicPartition lastPartition;

  /**
   * @param flush       inserts this writer's buffer (the task's own insert path)
   * @param marks       what is known of the offsets in the table (kept across evictions of the writer)
   * @param tablesInUse how many tables the task writes now, to share the memory bound among them
   * @param time        when rows were buffered and the writer last used
   */
  public TableWriter(String table, String database, Tables tables, ClickHouseSinkConfig config, Flush flush,
      ReplayMarks marks, IntSupplier tablesInUse, Time time) {
    this.table = table;
    this.quotedTable = Sql.qualified(database, table);
    this.flush = flush;
    this.time = time;
    this.cdc = config.writeMode() == WriteMode.CDC;
    this.keys = KeyColumns.of(config.keyColumns(), ClickHouseSinkConfig.KEY_COLUMNS);
    this.versions = new Versions(config.versionSource());
    this.offsetVersions = cdc && config.versionSource() == ClickHouseSinkConfig.VersionSource.KAFKA_OFFSET;
    this.marks = marks;
    this.evolution = new TableEvolution(table, tables, config, () -> flush.insertAndWait(this),
        this::columnsChanged);
    this.encoder = new RowEncoder(table, evolution, cdc);
    this.buffer = new RowBuffer(config.batchMaxRecords(), config.batchMaxBytes(), config.bufferMaxBytes(),
        tablesInUse, time);
    this.drift = new ColumnDriftCheck(table, evolution);
  }

  /** The table's columns changed: plans and codecs built for the old ones go. */
  private void columnsChanged() {
    encoder.columnsChanged();
  }

  public String table() {
    return table;
  }

  /**
   * Writes one change routed to this table: skips it when the table holds it already or when it is a
   * delete with nothing to delete, else encodes it into the buffer, creating or evolving the table
   * first. The buffer is inserted first (through {@link Flush#insert}) when the row cannot join it or
   * it is full. A record that cannot be written gets a DataException naming it, and nothing is
   * buffered.
   */
  public Written write(ChangeView change) {
    touch(time.milliseconds());
    if (alreadyWritten(change.record())) {
      return Written.REPLAY;
    }
    boolean deleted = cdc && change.kind() == ChangeKind.DELETE;
    if (deleted && change.row() == null && buffer.rows() == 0 && missingTable()) {
      return Written.NOTHING_TO_DELETE; // nothing to delete in a table that does not exist
    }
    List<String> keyNames = cdc ? keys.names(change) : List.of();
    List<Object> keyValues = cdc ? keys.values(change) : List.of();
    long version = cdc ? versions.of(change) : 0L;
    Encoding encoding = encodingFor(change, keyNames, keyValues);
    if (!accepts(encoding) || buffer.full()) { // full: its insert could not start before
      flush.insert(this);
    }
    append(change, encoding, keyNames, keyValues, version, deleted);
    return buffer.full() ? Written.FULL : Written.BUFFERED;
  }

  /**
   * True when the table already holds the row of this record (offset at or below the table's
   * high-water mark for the record's partition): the record is a replay and must be skipped.
   */
  boolean alreadyWritten(SinkRecord record) {
    return marks.alreadyWritten(partitionOf(record), record.originalKafkaOffset(), evolution::columnsRereadIfMissing);
  }

  /** True when the table does not exist and cannot be created: a delete without a row has nothing to do. */
  boolean missingTable() {
    return evolution.missing();
  }

  /** How {@code change} is encoded; creates or evolves the table as needed (see {@link RowEncoder}). */
  Encoding encodingFor(ChangeView change, List<String> keyNames, List<Object> keyValues) {
    return encoder.encodingFor(change, keyNames, keyValues, buffer.encoding());
  }

  /** True when a row with {@code encoding} can join the buffer; otherwise the buffer must be inserted first. */
  boolean accepts(Encoding encoding) {
    return buffer.accepts(encoding);
  }

  /**
   * Encodes {@code change} into the buffer (the caller checked {@link #accepts}). On a value that
   * does not fit, nothing is buffered and a DataException names the record and the column.
   */
  void append(ChangeView change, Encoding encoding, List<String> keyNames, List<Object> keyValues, long version,
      boolean deleted) {
    Bytes out = buffer.out();
    int mark = out.size();
    try {
      encoder.encode(change, encoding, keyNames, keyValues, version, deleted, out);
    } catch (DataException e) {
      out.truncate(mark);
      throw e;
    }
    SinkRecord record = change.record();
    TopicPartition tp = partitionOf(record);
    if (offsetVersions) {
      checkOneTopic(tp);
    }
    buffer.added(encoding, tp, record.originalKafkaOffset(), change.sampleTimestampMs(), deleted);
  }

  /** Warns once when a CDC table versioned by Kafka offsets receives a second topic (offsets not comparable). */
  private void checkOneTopic(TopicPartition tp) {
    if (firstTopic == null) {
      firstTopic = tp.topic();
    } else if (!mixedTopicsReported && !firstTopic.equals(tp.topic())) {
      mixedTopicsReported = true;
      LOG.warn("CDC table {} receives changes from topics {} and {} with versions from Kafka offsets ({}=kafka.offset),"
          + " which are only comparable within one topic partition: a change to a key that comes through both can be"
          + " replaced by an older one. Use {}=source.position, or route each topic to its own table", table,
          firstTopic, tp.topic(), ClickHouseSinkConfig.VERSION_SOURCE, ClickHouseSinkConfig.VERSION_SOURCE);
    }
  }

  /** The record's original topic-partition; consecutive records mostly share it, so it is reused. */
  private TopicPartition partitionOf(SinkRecord record) {
    TopicPartition last = lastPartition;
    if (last == null || last.partition() != record.originalKafkaPartition()
        || !last.topic().equals(record.originalTopic())) {
      last = new TopicPartition(record.originalTopic(), record.originalKafkaPartition());
      lastPartition = last;
    }
    return last;
  }

  /** Forgets what is known about the offsets in the table for these partitions (after a rebalance). */
  void forget(Collection<TopicPartition> partitions) {
    marks.forget(partitions);
  }

  /** Marks the writer as used now (a record was routed to it). */
  void touch(long nowMs) {
    lastUsedMs = nowMs;
  }

  /**
   * True when the writer can be dropped: nothing buffered and no record for {@code idleMs}. (The task
   * also checks that no insert of the table is running.)
   */
  boolean idle(long nowMs, long idleMs) {
    return buffer.rows() == 0 && nowMs - lastUsedMs >= idleMs;
  }

  /** Row plans held, for the cache bound. */
  int planCount() {
    return encoder.planCount();
  }

  public int rows() {
    return buffer.rows();
  }

  /** Bytes held by the buffer, for the memory bound. */
  public long bufferedBytes() {
    return buffer.bufferedBytes();
  }

  int encodedBytes() {
    return buffer.encodedBytes();
  }

  /** Per partition of the buffered rows: first offset, last offset, rows. Read-only. */
  public Map<TopicPartition, long[]> bufferedRanges() {
    return buffer.ranges();
  }

  /** When the oldest buffered row was buffered (while rows are buffered). */
  public long firstRowAtMs() {
    return buffer.firstRowAtMs();
  }

  /**
   * Hands the buffer over as a batch and starts an empty one; null when nothing is buffered.
   * RowBinary rows are first matched to the table's columns as they are now ({@link ColumnDriftCheck}).
   */
  public Batch drain() {
    if (buffer.rows() == 0) {
      return null;
    }
    Bytes encoded = buffer.encoding() instanceof Encoding.RowBinary binary
        ? drift.matching(binary.plan(), buffer.data(), buffer.rows())
        : buffer.data();
    return buffer.drain(table, quotedTable, encoded);
  }

  @Override
  public String toString() {
    return table;
  }
}
