package io.streamfirst.connect.clickhouse;

import io.streamfirst.connect.clickhouse.client.Availability;
import io.streamfirst.connect.clickhouse.client.ClickHouseConnection;
import io.streamfirst.connect.clickhouse.client.ClickHouseException;
import io.streamfirst.connect.clickhouse.schema.ServerFeatures;
import io.streamfirst.connect.clickhouse.schema.TableSchemas;
import io.streamfirst.connect.clickhouse.write.Batch;
import io.streamfirst.connect.clickhouse.write.Inserter;
import io.streamfirst.connect.clickhouse.write.TableRouter;
import io.streamfirst.connect.clickhouse.write.TableWriter;
import io.streamfirst.connect.clickhouse.write.Versions;
import io.streamfirst.connect.common.PluginVersion;
import io.streamfirst.connect.sink.BadRecords;
import io.streamfirst.connect.sink.ChangeDecoder;
import io.streamfirst.connect.sink.ChangeKind;
import io.streamfirst.connect.sink.ChangeView;
import io.streamfirst.connect.sink.FreshnessMetrics;
import io.streamfirst.connect.sink.IdleWakeup;
import io.streamfirst.connect.sink.KeyColumns;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.errors.RetriableException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes records into ClickHouse: each record is decoded into a change, routed to its table and
 * encoded into that table's buffer; buffers are inserted when full, when the memory bound or the
 * batch wait is reached, and before every offset commit. See DESIGN.md for why this is exactly-once.
 */
public class ClickHouseSinkTask extends SinkTask {

  private static final Logger LOG = LoggerFactory.getLogger(ClickHouseSinkTask.class);
  /** A table's writer is dropped after this long without records (or 10 batch waits, if longer). */
  static final long MIN_IDLE_EVICTION_MS = 60_000L;
  /** Kafka's default {@code max.poll.interval.ms}, when the connector does not override it. */
  private static final long DEFAULT_MAX_POLL_INTERVAL_MS = 300_000L;
  private static final String MAX_POLL_INTERVAL_OVERRIDE = "consumer.override.max.poll.interval.ms";
  /** How soon Connect hands records back after a put() that could not finish (RetriableException). */
  private static final long REDELIVERY_BACKOFF_MS = 1_000L;
  private static final long AWAIT_SLICE_MS = 250L;

  private final Time time;
  private ClickHouseSinkConfig config;
  private ClickHouseConnection connection;
  private Availability availability;
  private String name;
  /** Null until the server has answered once (the task starts even while it is unreachable). */
  private TableSchemas schemas;
  private Inserter inserter;
  private TableRouter router;
  private ChangeDecoder decoder;
  private KeyColumns keys;
  private Versions versions;
  private FreshnessMetrics metrics;
  private BadRecords badRecords;
  private final Map<String, TableWriter> writers = new HashMap<>();
  /** Offsets known per table; outlive evicted writers, forgotten per partition at every (re)assignment. */
  private final Map<String, TableWriter.Marks> marks = new HashMap<>();
  private long nextEvictionAtMs;
  /** The insert running for a table: at most one per table, so a table's rows land in offset order. */
  private final Map<TableWriter, InFlight> inFlight = new HashMap<>();
  private ConnectException failure;
  private long skippedReplays;
  /**
   * Per partition the last offset this task has handled (buffered, reported or skipped), so that
   * records Connect hands over again after a put() ended with a RetriableException are not buffered
   * twice. Forgotten when partitions are opened or closed.
   */
  private final Map<TopicPartition, Long> handled = new HashMap<>();
  /** Dead-letter reports not yet known to be durable, per partition in offset order. */
  private final Map<TopicPartition, ArrayDeque<Report>> reports = new HashMap<>();
  /** Longest a put(), preCommit() or close() waits for inserts or reports before giving control back. */
  private long maxWaitMs;
  /** When the current put(), preCommit() or close() stops waiting. */
  private long callDeadline;
  private TopicPartition lastPartition;

  private record InFlight(Batch batch, Future<Long> visibleAt) {}

  private record Report(long offset, Future<Void> done) {}

  public ClickHouseSinkTask() {
    this(Time.SYSTEM);
  }

  /** @param time paces waits, retries and the eviction of idle tables */
  ClickHouseSinkTask(Time time) {
    this.time = time;
  }

  @Override
  public String version() {
    return PluginVersion.of(ClickHouseSinkTask.class);
  }

  @Override
  public void start(Map<String, String> props) {
    config = new ClickHouseSinkConfig(props);
    connection = new ClickHouseConnection(config);
    availability = new Availability(connection.endpoint(), config.unavailableMax().toMillis(), time);
    name = props.getOrDefault("name", "clickhouse-sink");
    maxWaitMs = maxWaitMs(props);
    router = new TableRouter(config);
    decoder = new ChangeDecoder();
    keys = KeyColumns.of(config.keyColumns(), ClickHouseSinkConfig.KEY_COLUMNS);
    versions = new Versions(config.versionSource());
    metrics = FreshnessMetrics.register(context == null ? null : context.pluginMetrics());
    badRecords = new BadRecords(context, metrics);
    try {
      connect();
    } catch (RetriableException e) {
      LOG.warn("ClickHouse sink task {} starts without its server: {}", name, e.getMessage());
    }
  }

  /**
   * Half the consumer's poll interval (the connector's override, else Kafka's default): a put() that
   * waits longer would let the consumer leave its group while this task still inserts.
   */
  private static long maxWaitMs(Map<String, String> props) {
    long pollInterval = DEFAULT_MAX_POLL_INTERVAL_MS;
    String override = props.get(MAX_POLL_INTERVAL_OVERRIDE);
    if (override != null) {
      try {
        pollInterval = Long.parseLong(override.strip());
      } catch (NumberFormatException e) {
        // Connect rejects such a consumer config itself
      }
    }
    return Math.max(1_000L, pollInterval / 2);
  }

  /** Reads the server's version once, which decides the encodings; a transient failure is retried later. */
  private void connect() {
    if (schemas != null) {
      return;
    }
    ServerFeatures server;
    try {
      server = ServerFeatures.of(connection.serverVersion());
      availability.reachable();
    } catch (ClickHouseException e) {
      throw unavailable(e);
    }
    LOG.info("ClickHouse sink task writing to {} database {} in {} mode; {}", connection.endpoint(),
        config.database(), config.writeMode(), server.describe());
    schemas = new TableSchemas(connection, server, config.writeMode());
    inserter = new Inserter(connection, schemas, config.writeMode(), availability, time, config.insertParallelism(),
        config.insertMaxRetries(), config.insertRetryBackoff(), config.unavailableMax(), name);
  }

  /**
   * A transient failure (server unreachable, time-out, overload) becomes a RetriableException: Connect
   * hands the same records over again after a pause, and those already handled are skipped. After
   * {@value ClickHouseSinkConfig#UNAVAILABLE_MAX_MS} it fails the task. Other failures are returned as they are.
   */
  private ConnectException unavailable(ClickHouseException e) {
    if (!e.error().retriable()) {
      return e;
    }
    ConnectException fatal = availability.failed(e.error());
    if (fatal != null) {
      failure = fatal;
      return fatal;
    }
    return retryLater(availability.describe(), e);
  }

  private RetriableException retryLater(String why, Throwable cause) {
    if (context != null) {
      context.timeout(REDELIVERY_BACKOFF_MS);
    }
    return new RetriableException(why, cause);
  }

  @Override
  public void put(Collection<SinkRecord> records) {
    failIfFailed();
    callDeadline = time.milliseconds() + maxWaitMs;
    try {
      connect();
      checkReports();
      for (SinkRecord record : records) {
        TopicPartition tp = partitionOf(record);
        Long done = handled.get(tp);
        if (done != null && record.originalKafkaOffset() <= done) {
          continue; // handed over again after a RetriableException: already buffered, reported or skipped
        }
        try {
          write(record);
        } catch (DataException e) {
          report(tp, record, e);
        }
        handled.put(tp, record.originalKafkaOffset());
      }
      flushDue();
    } catch (ClickHouseException e) {
      throw unavailable(e);
    }
  }

  /** Inserts every buffer once the oldest row in any of them has waited {@code batch.max.wait.ms}. */
  private void flushDue() {
    long oldestRowAtMs = Long.MAX_VALUE;
    for (TableWriter writer : writers.values()) {
      if (writer.rows() > 0) {
        oldestRowAtMs = Math.min(oldestRowAtMs, writer.firstRowAtMs());
      }
    }
    if (oldestRowAtMs != Long.MAX_VALUE) {
      long dueIn = oldestRowAtMs + config.batchMaxWait().toMillis() - time.milliseconds();
      if (dueIn <= 0) {
        flush(new ArrayList<>(writers.values()), false); // drains every buffer
      } else {
        IdleWakeup.within(context, dueIn); // or the rows wait for the next record or offset commit
      }
    }
    evictIdleWriters();
  }

  /**
   * Drops the writers of tables that had no record for a while (nothing buffered, no insert running):
   * their plans and column lists go, and a table that comes back reads its columns again (its offsets
   * stay known). Drained tables hold no buffer anyway. At most once a second.
   */
  private void evictIdleWriters() {
    long now = time.milliseconds();
    if (now < nextEvictionAtMs) {
      return;
    }
    nextEvictionAtMs = now + 1_000L;
    long idleMs = Math.max(MIN_IDLE_EVICTION_MS, 10 * config.batchMaxWait().toMillis());
    writers.values().removeIf(w -> w.idle(now, idleMs) && !inFlight.containsKey(w));
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

  /**
   * Sends a bad record to the dead-letter queue. The report is asynchronous: until it is durable, no
   * later row of its partition is inserted (that row would raise the table's high-water mark past the
   * bad record, and a replay would skip it although it is in no table and in no dead-letter topic).
   */
  private void report(TopicPartition tp, SinkRecord record, DataException why) {
    Future<Void> done = badRecords.report(record, why);
    reports.computeIfAbsent(tp, p -> new ArrayDeque<>()).add(new Report(record.originalKafkaOffset(), done));
  }

  /** Drops reports that are durable; fails the task on one that failed. Does not wait. */
  private void checkReports() {
    for (Iterator<Map.Entry<TopicPartition, ArrayDeque<Report>>> it = reports.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<TopicPartition, ArrayDeque<Report>> entry = it.next();
      ArrayDeque<Report> pending = entry.getValue();
      while (!pending.isEmpty() && pending.peekFirst().done().isDone()) {
        awaitReport(entry.getKey(), pending.pollFirst(), 0);
      }
      if (pending.isEmpty()) {
        it.remove();
      }
    }
  }

  /**
   * Waits until every report of the writer's buffered partitions that lies below a buffered row is
   * durable. Throws a RetriableException when one is still pending at the call's deadline (the rows
   * stay buffered), and fails the task when one failed.
   */
  private void awaitReports(TableWriter writer) {
    for (Map.Entry<TopicPartition, long[]> range : writer.bufferedRanges().entrySet()) {
      ArrayDeque<Report> pending = reports.get(range.getKey());
      while (pending != null && !pending.isEmpty() && pending.peekFirst().offset() < range.getValue()[1]) {
        awaitReport(range.getKey(), pending.peekFirst(), Math.max(0, callDeadline - time.milliseconds()));
        pending.pollFirst();
      }
      if (pending != null && pending.isEmpty()) {
        reports.remove(range.getKey());
      }
    }
  }

  private void awaitReport(TopicPartition tp, Report report, long maxWaitMs) {
    try {
      report.done().get(maxWaitMs, TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw retryLater("The dead-letter report of the record at " + tp + "@" + report.offset() + " is not yet"
          + " written (is the dead-letter topic available?); later rows of " + tp + " wait for it", e);
    } catch (ExecutionException e) {
      failure = new ConnectException("Sending the record at " + tp + "@" + report.offset() + " to the dead-letter"
          + " queue failed (" + e.getCause() + "). The task stops before any later row of " + tp + " is inserted,"
          + " so a restart sends it again; make the dead-letter topic writable (errors.deadletterqueue.*,"
          + " producer.override.*) and restart the task.", e.getCause());
      throw failure;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ConnectException("Interrupted while waiting for a dead-letter report", e);
    }
  }

  /** What is left of the current call's time to wait: nothing while ClickHouse is unreachable. */
  private long remainingMs() {
    return availability.down() ? 0 : Math.max(0, callDeadline - time.milliseconds());
  }

  private void write(SinkRecord record) {
    ChangeView change = decoder.decode(record);
    boolean cdc = config.writeMode() == WriteMode.CDC;
    if (!cdc && change.row() == null) {
      LOG.trace("Skipping {} in append mode: no row (tombstone or delete without before-image)",
          change.coordinates());
      return;
    }
    String table = router.route(change);
    TableWriter writer = writers.computeIfAbsent(table,
        t -> new TableWriter(t, config.database(), schemas, config, this::insertAndWait,
            marks.computeIfAbsent(t, m -> new TableWriter.Marks()), writers::size));
    writer.touch(time.milliseconds());
    if (writer.alreadyWritten(record)) {
      skippedReplays++;
      return;
    }
    boolean deleted = cdc && change.kind() == ChangeKind.DELETE;
    if (deleted && change.row() == null && writer.rows() == 0 && writer.missingTable()) {
      return; // nothing to delete in a table that does not exist
    }
    List<String> keyNames = cdc ? keys.names(change) : List.of();
    List<Object> keyValues = cdc ? keys.values(change) : List.of();
    long version = cdc ? versions.of(change) : 0L;
    Object encoding = writer.encodingFor(change, keyNames, keyValues);
    if (!writer.accepts(encoding) || full(writer)) { // full: its insert could not start before
      flush(List.of(writer), false);
    }
    writer.append(change, encoding, keyNames, keyValues, version, deleted);
    handled.put(partitionOf(record), record.originalKafkaOffset()); // buffered, even if a flush below must wait
    if (full(writer)) {
      flush(List.of(writer), false);
    }
    if (memory() > config.bufferMaxBytes()) {
      flushAll(); // waits for every insert, which frees their batches
    }
  }

  private boolean full(TableWriter writer) {
    return writer.rows() >= config.batchMaxRecords() || writer.encodedBytes() >= config.batchMaxBytes();
  }

  /** Bytes held: rows being buffered plus batches being inserted. */
  private long memory() {
    long total = 0;
    for (TableWriter writer : writers.values()) {
      total += writer.bufferedBytes();
    }
    for (InFlight insert : inFlight.values()) {
      total += insert.batch().memory();
    }
    return total;
  }

  /** Inserts every buffer and waits until every insert is done. */
  private void flushAll() {
    flush(new ArrayList<>(writers.values()), true);
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
        awaitReports(writer);
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

  /** Inserts the table's buffer and waits until it and any earlier insert of the table are done. */
  private void insertAndWait(TableWriter writer) {
    flush(List.of(writer), false);
    complete(writer);
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
        visibleAt = inserter.await(insert.visibleAt(), Math.min(remainingMs(), AWAIT_SLICE_MS));
      } while (visibleAt == null && remainingMs() > 0);
    } catch (ConnectException e) {
      inFlight.remove(writer);
      failure = e;
      throw e;
    }
    Batch batch = insert.batch();
    if (visibleAt == null) {
      throw retryLater("The insert of " + batch.rows() + " rows into table " + batch.table() + " is not confirmed"
          + " yet (" + availability.describe() + "); later rows of the table wait for it", null);
    }
    inFlight.remove(writer);
    for (long sourceTime : batch.sourceTimes()) {
      metrics.visible(sourceTime, visibleAt);
    }
    metrics.written(batch.upserts(), batch.deletes());
    metrics.committed();
    LOG.debug("Inserted {} rows into {}", batch.rows(), batch.table());
  }

  /**
   * After a failed insert nothing more is inserted (a later batch of the same table landing would
   * hide the failed rows from the replay); the task fails and a restart replays from the last commit.
   */
  private void failIfFailed() {
    if (failure != null) {
      throw failure;
    }
  }

  /**
   * Inserts every buffer and returns the offsets once all inserts are done. While an insert cannot be
   * confirmed (ClickHouse unreachable) nothing is committed this time: an empty map.
   */
  @Override
  public Map<TopicPartition, OffsetAndMetadata> preCommit(Map<TopicPartition, OffsetAndMetadata> currentOffsets) {
    failIfFailed();
    if (schemas == null) {
      return Map.of(); // the server never answered: nothing was accepted, nothing to commit
    }
    callDeadline = time.milliseconds() + maxWaitMs;
    try {
      flushAll();
    } catch (RetriableException e) {
      LOG.info("No offsets committed this time: {}", e.getMessage());
      return Map.of();
    } catch (ClickHouseException e) {
      throw unavailable(e);
    }
    evictIdleWriters();
    return currentOffsets;
  }

  @Override
  public void open(Collection<TopicPartition> partitions) {
    forget(partitions);
  }

  /**
   * Forgets what the task knows of these partitions: the offsets known in every table (writers share the
   * task's marks) and the offsets handled in this assignment.
   */
  private void forget(Collection<TopicPartition> partitions) {
    marks.entrySet().removeIf(e -> e.getValue().forget(partitions) && !writers.containsKey(e.getKey()));
    handled.keySet().removeAll(partitions);
  }

  /**
   * Inserts every buffer before the partitions go. When ClickHouse cannot confirm them in time, the
   * unconfirmed rows are dropped instead (their offsets were never committed, so the partitions' next
   * owner replays them) and their inserts are stopped; if a partition that stays with this task had
   * such rows, the task fails instead (a restart replays them).
   */
  @Override
  public void close(Collection<TopicPartition> partitions) {
    try {
      if (failure == null && schemas != null) {
        callDeadline = time.milliseconds() + maxWaitMs;
        try {
          flushAll();
        } catch (RetriableException | ClickHouseException e) {
          dropUnconfirmed(partitions, e);
        }
      }
    } finally {
      forget(partitions);
      reports.keySet().removeAll(partitions);
    }
    if (skippedReplays > 0) {
      LOG.info("Skipped {} replayed records whose rows were already in their tables", skippedReplays);
      skippedReplays = 0;
    }
  }

  private void dropUnconfirmed(Collection<TopicPartition> closing, RuntimeException why) {
    Set<TopicPartition> unconfirmed = new HashSet<>();
    long rows = 0;
    for (InFlight insert : inFlight.values()) {
      unconfirmed.addAll(insert.batch().ranges().keySet());
      rows += insert.batch().rows();
    }
    for (TableWriter writer : writers.values()) {
      unconfirmed.addAll(writer.bufferedRanges().keySet());
      rows += writer.rows();
    }
    if (!closing.containsAll(unconfirmed)) {
      failure = new ConnectException("Partitions " + closing + " were revoked while " + rows + " rows could not be"
          + " inserted (" + why.getMessage() + "), and some of those rows belong to partitions this task keeps."
          + " Restart the task: nothing was committed for them, so it replays them without loss or duplicates.", why);
      throw failure;
    }
    for (InFlight insert : inFlight.values()) {
      insert.visibleAt().cancel(true);
    }
    inFlight.clear();
    writers.values().forEach(TableWriter::drain);
    LOG.warn("Partitions {} revoked while {} rows could not be inserted ({}); dropped them: their offsets were not"
        + " committed, so the partitions' next owner inserts them", closing, rows, why.getMessage());
  }

  @Override
  public void stop() {
    if (inserter != null) {
      inserter.close();
    }
    if (connection != null) {
      connection.close();
    }
    writers.clear();
    marks.clear();
  }
}
