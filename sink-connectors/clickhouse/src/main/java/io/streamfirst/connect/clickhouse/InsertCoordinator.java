// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.clickhouse;

import io.streamfirst.connect.clickhouse.client.ClickHouseConnection;
import io.streamfirst.connect.clickhouse.client.ClickHouseException;
import io.streamfirst.connect.clickhouse.schema.ServerFeatures;
import io.streamfirst.connect.clickhouse.schema.TableSchemas;
import io.streamfirst.connect.clickhouse.schema.Tables;
import io.streamfirst.connect.clickhouse.write.Batch;
import io.streamfirst.connect.clickhouse.write.Inserter;
import io.streamfirst.connect.clickhouse.write.TableWriter;
import io.streamfirst.connect.clickhouse.write.TableWriters;
import io.streamfirst.connect.sink.FreshnessMetrics;
import io.streamfirst.connect.sink.IdleWakeup;
import io.streamfirst.connect.sink.TableFreshness;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Future;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.sink.SinkTaskContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * When the tables' buffers are inserted, and how long the task waits for them.
 *
 * <p>At most one insert per table in flight (so a table receives its rows in offset order); a
 * buffer goes when it is full, when the memory bound or the batch wait is reached and before every
 * offset commit; waits end at the current call's deadline; rows ClickHouse could not confirm are
 * dropped when their partitions are revoked.
 */
final class InsertCoordinator implements TableWriter.Flush, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(InsertCoordinator.class);
  private static final long AWAIT_SLICE_MS = 250L;

  private final TableWriters writers;
  private final Inserter inserter;
  private final PartitionLedger ledger;
  private final TaskCalls calls;
  private final FreshnessMetrics metrics;
  private final TableFreshness freshness;
  private final SinkTaskContext context;
  private final Time time;
  private final long batchMaxWaitMs;
  private final long bufferMaxBytes;
  /** The insert running for a table: at most one per table, so a table's rows land in offset order. */
  private final Map<TableWriter, InFlight> inFlight = new HashMap<>();

  private record InFlight(Batch batch, Future<Long> visibleAt) {
  }

  /**
   * The insert path, once ClickHouse answers: reads the server's version, which decides the encodings,
   * and logs which path the task takes. A transient failure becomes a RetriableException (the task
   * tries again at the next put), or the task's failure after {@value ClickHouseSinkConfig#UNAVAILABLE_MAX_MS}.
   */
  static InsertCoordinator connect(ClickHouseConnection connection, ClickHouseSinkConfig config, String taskName,
      PartitionLedger ledger, TaskCalls calls, FreshnessMetrics metrics, TableFreshness freshness,
      SinkTaskContext context, Time time) {
    ServerFeatures server;
    try {
      server = ServerFeatures.of(connection.serverVersion());
      calls.availability().reachable();
    } catch (ClickHouseException e) {
      throw calls.unavailable(e);
    }
    LOG.info("ClickHouse sink task writing to {} database {} in {} mode; {}", connection.endpoint(),
        config.database(), config.writeMode(), server.describe());
    TableSchemas schemas = new TableSchemas(connection, server, config.writeMode());
    Inserter inserter = new Inserter(connection, schemas, config.writeMode(), calls.availability(), time,
        config.insertParallelism(), config.insertMaxRetries(), config.insertRetryBackoff(), config.unavailableMax(),
        taskName);
    return new InsertCoordinator(schemas, inserter, config, ledger, calls, metrics, freshness, context, time);
  }

  private InsertCoordinator(Tables tables, Inserter inserter, ClickHouseSinkConfig config, PartitionLedger ledger,
      TaskCalls calls, FreshnessMetrics metrics, TableFreshness freshness, SinkTaskContext context, Time time) {
    this.writers = new TableWriters(tables, config, time, this);
    this.inserter = inserter;
    this.ledger = ledger;
    this.calls = calls;
    this.metrics = metrics;
    this.freshness = freshness;
    this.context = context;
    this.time = time;
    this.batchMaxWaitMs = config.batchMaxWait().toMillis();
    this.bufferMaxBytes = config.bufferMaxBytes();
  }

  /** The writers of the tables this task writes. */
  TableWriters writers() {
    return writers;
  }

  /** A row was buffered: inserts the writer's buffer when full, and every buffer past the memory bound. */
  void buffered(TableWriter writer, boolean full) {
    if (full) {
      insert(writer);
    }
    if (memory() > bufferMaxBytes) {
      flushAll(); // waits for every insert, which frees their batches
    }
  }

  /** Inserts every buffer once the oldest row in any of them has waited {@code batch.max.wait.ms}. */
  void flushDue() {
    long oldestRowAtMs = Long.MAX_VALUE;
    for (TableWriter writer : writers.all()) {
      if (writer.rows() > 0) {
        oldestRowAtMs = Math.min(oldestRowAtMs, writer.firstRowAtMs());
      }
    }
    if (oldestRowAtMs != Long.MAX_VALUE) {
      long dueIn = oldestRowAtMs + batchMaxWaitMs - time.milliseconds();
      if (dueIn <= 0) {
        flush(new ArrayList<>(writers.all()), false); // drains every buffer
      } else {
        IdleWakeup.within(context, dueIn); // or the rows wait for the next record or offset commit
      }
    }
    evictIdle();
  }

  /** Drops the writers of tables idle for a while (see {@link TableWriters#evictIdle}). */
  void evictIdle() {
    writers.evictIdle(inFlight::containsKey);
  }

  /** Bytes held: rows being buffered plus batches being inserted. */
  private long memory() {
    long total = 0;
    for (TableWriter writer : writers.all()) {
      total += writer.bufferedBytes();
    }
    for (InFlight insert : inFlight.values()) {
      total += insert.batch().memory();
    }
    return total;
  }

  /** Inserts every buffer and waits until every insert is done. */
  void flushAll() {
    flush(new ArrayList<>(writers.all()), true);
  }

  @Override
  public void insert(TableWriter writer) {
    flush(List.of(writer), false);
  }

  /** Inserts the table's buffer and waits until it and any earlier insert of the table are done. */
  @Override
  public void insertAndWait(TableWriter writer) {
    flush(List.of(writer), false);
    complete(writer);
  }

  /**
   * Starts an insert for each table's buffer (after that table's previous insert has landed and the
   * dead-letter reports its rows would pass are durable); with {@code wait}, returns only when all
   * inserts are done. Throws a RetriableException, keeping every buffer that was not sent, when that
   * takes longer than the call may wait.
   */
  private void flush(List<TableWriter> tables, boolean wait) {
    for (TableWriter writer : tables) {
      if (writer.rows() > 0) {
        complete(writer);
        ledger.awaitReportsBelow(writer.bufferedRanges());
        Batch batch = writer.drain();
        inFlight.put(writer, new InFlight(batch, inserter.submit(batch)));
      }
    }
    if (wait) {
      for (TableWriter writer : new ArrayList<>(inFlight.keySet())) {
        complete(writer);
      }
    }
  }

  /**
   * Waits for the table's running insert, if any, and records it; a failure fails the task from now on.
   * Throws a RetriableException when the insert is still being attempted at the call's deadline.
   */
  private void complete(TableWriter writer) {
    InFlight insert = inFlight.get(writer);
    if (insert == null) {
      return;
    }
    Long visibleAt;
    try {
      // in slices: once ClickHouse turns out to be unreachable there is no point in waiting on
      do {
        visibleAt = inserter.await(insert.visibleAt(), Math.min(calls.leftForClickHouseMs(), AWAIT_SLICE_MS));
      } while (visibleAt == null && calls.leftForClickHouseMs() > 0);
    } catch (ConnectException e) {
      inFlight.remove(writer);
      throw calls.fail(e);
    }
    Batch batch = insert.batch();
    if (visibleAt == null) {
      throw calls.retryLater("The insert of " + batch.rows() + " rows into table " + batch.table() + " is not"
          + " confirmed yet (" + calls.serverState() + "); later rows of the table wait for it", null);
    }
    inFlight.remove(writer);
    // the insert is acknowledged: its rows are visible, and so is everything of its partitions before them
    // (samples first, so a reader that sees committed-through move sees the rows' freshness too)
    freshness.sampled(batch.table(), batch.sourceTimes(), batch.sourceTimes().length, visibleAt);
    batch.ranges().forEach((tp, range) -> freshness.visible(batch.table(), tp, range[1]));
    metrics.written(batch.upserts(), batch.deletes());
    metrics.committed();
    LOG.debug("Inserted {} rows into {}", batch.rows(), batch.table());
  }

  /**
   * Partitions are revoked while ClickHouse cannot confirm the buffered or running inserts: drops
   * those rows (their offsets were never committed, so the partitions' next owner replays them) and
   * stops their inserts. If a partition that stays with this task had such rows, fails the task
   * instead (a restart replays them).
   */
  void dropUnconfirmed(Collection<TopicPartition> closing, RuntimeException why) {
    Set<TopicPartition> unconfirmed = new HashSet<>();
    long rows = 0;
    for (InFlight insert : inFlight.values()) {
      unconfirmed.addAll(insert.batch().ranges().keySet());
      rows += insert.batch().rows();
    }
    for (TableWriter writer : writers.all()) {
      unconfirmed.addAll(writer.bufferedRanges().keySet());
      rows += writer.rows();
    }
    if (!closing.containsAll(unconfirmed)) {
      throw calls.fail(new ConnectException("Partitions " + closing + " were revoked while " + rows + " rows could"
          + " not be inserted (" + why.getMessage() + "), and some of those rows belong to partitions this task"
          + " keeps. Restart the task: nothing was committed for them, so it replays them without loss or"
          + " duplicates.", why));
    }
    for (InFlight insert : inFlight.values()) {
      insert.visibleAt().cancel(true);
    }
    inFlight.clear();
    writers.all().forEach(TableWriter::drain);
    LOG.warn("Partitions {} revoked while {} rows could not be inserted ({}); dropped them: their offsets were not"
        + " committed, so the partitions' next owner inserts them", closing, rows, why.getMessage());
  }

  /** Stops the insert threads and drops every writer. */
  @Override
  public void close() {
    inserter.close();
    writers.clear();
  }
}
