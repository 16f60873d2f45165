package io.streamfirst.connect.clickhouse;

import io.streamfirst.connect.clickhouse.client.ClickHouseConnection;
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
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.DataException;
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

  private ClickHouseSinkConfig config;
  private ClickHouseConnection connection;
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
  private final Clock clock;
  private long nextEvictionAtMs;
  /** The insert running for a table: at most one per table, so a table's rows land in offset order. */
  private final Map<TableWriter, InFlight> inFlight = new HashMap<>();
  private ConnectException failure;
  private long skippedReplays;

  private record InFlight(Batch batch, Future<Long> visibleAt) {}

  public ClickHouseSinkTask() {
    this(Clock.systemUTC());
  }

  /** @param clock when tables were last used, for dropping idle ones */
  ClickHouseSinkTask(Clock clock) {
    this.clock = clock;
  }

  @Override
  public String version() {
    return PluginVersion.of(ClickHouseSinkTask.class);
  }

  @Override
  public void start(Map<String, String> props) {
    config = new ClickHouseSinkConfig(props);
    connection = new ClickHouseConnection(config);
    ServerFeatures server = ServerFeatures.of(connection.serverVersion());
    LOG.info("ClickHouse sink task writing to {} database {} in {} mode; {}", connection.endpoint(),
        config.database(), config.writeMode(), server.describe());
    schemas = new TableSchemas(connection, server, config.writeMode());
    String name = props.getOrDefault("name", "clickhouse-sink");
    inserter = new Inserter(connection, schemas, config.insertParallelism(), config.insertMaxRetries(),
        config.insertRetryBackoff(), name);
    router = new TableRouter(config);
    decoder = new ChangeDecoder();
    keys = KeyColumns.of(config.keyColumns(), ClickHouseSinkConfig.KEY_COLUMNS);
    versions = new Versions(config.versionSource());
    metrics = FreshnessMetrics.register(context == null ? null : context.pluginMetrics());
    badRecords = new BadRecords(context, metrics);
  }

  @Override
  public void put(Collection<SinkRecord> records) {
    failIfFailed();
    for (SinkRecord record : records) {
      try {
        write(record);
      } catch (DataException e) {
        badRecords.report(record, e);
      }
    }
    long oldestRowAtMs = Long.MAX_VALUE;
    for (TableWriter writer : writers.values()) {
      if (writer.rows() > 0) {
        oldestRowAtMs = Math.min(oldestRowAtMs, writer.firstRowAtMs());
      }
    }
    if (oldestRowAtMs != Long.MAX_VALUE) {
      long dueIn = oldestRowAtMs + config.batchMaxWait().toMillis() - System.currentTimeMillis();
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
    long now = clock.millis();
    if (now < nextEvictionAtMs) {
      return;
    }
    nextEvictionAtMs = now + 1_000L;
    long idleMs = Math.max(MIN_IDLE_EVICTION_MS, 10 * config.batchMaxWait().toMillis());
    writers.values().removeIf(w -> w.idle(now, idleMs) && !inFlight.containsKey(w));
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
    writer.touch(clock.millis());
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
    if (!writer.accepts(encoding)) {
      flush(List.of(writer), false);
    }
    writer.append(change, encoding, keyNames, keyValues, version, deleted);
    if (writer.rows() >= config.batchMaxRecords() || writer.encodedBytes() >= config.batchMaxBytes()) {
      flush(List.of(writer), false);
    }
    if (memory() > config.bufferMaxBytes()) {
      flushAll(); // waits for every insert, which frees their batches
    }
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
   * Starts an insert for each table's buffer (after that table's previous insert has landed); with
   * {@code wait}, returns only when all inserts are done.
   */
  private void flush(List<TableWriter> tables, boolean wait) {
    for (TableWriter writer : tables) {
      Batch batch = writer.drain();
      if (batch != null) {
        complete(writer);
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

  /** Waits for the table's running insert, if any, and records it; a failure fails the task from now on. */
  private void complete(TableWriter writer) {
    InFlight insert = inFlight.remove(writer);
    if (insert == null) {
      return;
    }
    long visibleAt;
    try {
      visibleAt = inserter.await(insert.visibleAt());
    } catch (ConnectException e) {
      failure = e;
      throw e;
    }
    Batch batch = insert.batch();
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

  @Override
  public Map<TopicPartition, OffsetAndMetadata> preCommit(Map<TopicPartition, OffsetAndMetadata> currentOffsets) {
    failIfFailed();
    flushAll();
    evictIdleWriters();
    return currentOffsets;
  }

  @Override
  public void open(Collection<TopicPartition> partitions) {
    forget(partitions);
  }

  /** Forgets the offsets known for these partitions in every table (writers share the task's marks). */
  private void forget(Collection<TopicPartition> partitions) {
    marks.entrySet().removeIf(e -> e.getValue().forget(partitions) && !writers.containsKey(e.getKey()));
  }

  @Override
  public void close(Collection<TopicPartition> partitions) {
    try {
      if (failure == null) {
        flushAll();
      }
    } finally {
      forget(partitions);
    }
    if (skippedReplays > 0) {
      LOG.info("Skipped {} replayed records whose rows were already in their tables", skippedReplays);
      skippedReplays = 0;
    }
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
