// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.clickhouse;

import io.streamfirst.connect.clickhouse.client.Availability;
import io.streamfirst.connect.clickhouse.client.ClickHouseConnection;
import io.streamfirst.connect.clickhouse.client.ClickHouseException;
import io.streamfirst.connect.clickhouse.write.TableRouter;
import io.streamfirst.connect.clickhouse.write.TableWriter.Written;
import io.streamfirst.connect.clickhouse.write.TableWriter;
import io.streamfirst.connect.common.PluginVersion;
import io.streamfirst.connect.lineage.DatasetId;
import io.streamfirst.connect.sink.BadRecords;
import io.streamfirst.connect.sink.ChangeDecoder;
import io.streamfirst.connect.sink.ChangeView;
import io.streamfirst.connect.sink.FreshnessMetrics;
import io.streamfirst.connect.sink.SinkLineage;
import io.streamfirst.connect.sink.TableFreshness;
import java.util.Collection;
import java.util.Map;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.errors.RetriableException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes records into ClickHouse: each record is decoded into a change, routed to its table and
 * handed to that table's {@link TableWriter}; the {@link InsertCoordinator} inserts the buffers (when
 * full, when the memory bound or the batch wait is reached, and before every offset commit) and the
 * {@link PartitionLedger} keeps what is handled and reported per partition. See DESIGN.md for why
 * this is exactly-once.
 */
public class ClickHouseSinkTask extends SinkTask {

  private static final Logger LOG = LoggerFactory.getLogger(ClickHouseSinkTask.class);

  private final Time time;
  private ClickHouseSinkConfig config;
  private ClickHouseConnection connection;
  private String name;
  private boolean cdc;
  private TaskCalls calls;
  private TableRouter router;
  private final ChangeDecoder decoder = new ChangeDecoder();
  private FreshnessMetrics metrics;
  private PartitionLedger ledger;
  /** Null until the server has answered once (the task starts even while it is unreachable). */
  private InsertCoordinator inserts;
  private SinkLineage lineage = SinkLineage.DISABLED;
  private TableFreshness freshness;
  private java.util.function.Function<String, DatasetId> tableNaming;

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
    name = props.getOrDefault("name", "clickhouse-sink");
    cdc = config.writeMode() == WriteMode.CDC;
    calls = new TaskCalls(time, TaskCalls.maxWaitMs(props),
        new Availability(connection.endpoint(), config.unavailableMax().toMillis(), time), context);
    router = new TableRouter(config);
    metrics = FreshnessMetrics.register(context == null ? null : context.pluginMetrics());
    ledger = new PartitionLedger(new BadRecords(context, metrics), calls);
    freshness = TableFreshness.start(props, metrics, context == null ? null : context.pluginMetrics(),
        SinkLineage.clockOf(time::milliseconds));
    lineage = SinkLineage.start(props, SinkLineage.clockOf(time::milliseconds), freshness);
    ClickHouseSinkConfig named = config;
    tableNaming = t -> DatasetId.clickhouse(named.host(), named.port(), named.database(), t); // once, not per record
    try {
      connect();
    } catch (RetriableException e) {
      LOG.warn("ClickHouse sink task {} starts without its server: {}", name, e.getMessage());
    }
  }

  /** Builds the insert path once the server answers (it may not at start); a transient failure is retried later. */
  private void connect() {
    if (inserts == null) {
      inserts = InsertCoordinator.connect(connection, config, name, ledger, calls, metrics, freshness, context, time);
    }
  }

  @Override
  public void put(Collection<SinkRecord> records) {
    try {
      putRecords(records);
    } catch (RetriableException e) {
      throw e;
    } catch (RuntimeException e) {
      lineage.fail(e);
      throw e;
    }
  }

  private void putRecords(Collection<SinkRecord> records) {
    calls.throwIfFailed();
    calls.begin();
    try {
      connect();
      ledger.checkReports();
      for (SinkRecord record : records) {
        TopicPartition tp = ledger.partitionOf(record);
        if (ledger.handled(tp, record.originalKafkaOffset())) {
          continue; // handed over again after a RetriableException: already buffered, reported or skipped
        }
        if (freshness.heartbeat(record)) {
          ledger.handledUpTo(tp, record.originalKafkaOffset()); // a CDC heartbeat: source time, not a row
          continue;
        }
        try {
          write(record, tp);
        } catch (DataException e) {
          ledger.report(tp, record, e);
        }
        ledger.handledUpTo(tp, record.originalKafkaOffset());
      }
      inserts.flushDue();
      freshness.publish(); // what this put() received, for the readers of the tables' freshness
    } catch (ClickHouseException e) {
      throw calls.unavailable(e);
    }
  }

  /** Decodes the record, routes it and hands it to its table's writer, which says what became of it. */
  private void write(SinkRecord record, TopicPartition tp) {
    ChangeView change = decoder.decode(record);
    if (!cdc && change.row() == null) {
      LOG.trace("Skipping {} in append mode: no row (tombstone or delete without before-image)",
          change.coordinates());
      return;
    }
    String table = router.route(change);
    lineage.written(change, table, tableNaming);
    TableWriter writer = inserts.writers().forTable(table);
    Written written = writer.write(change);
    if (written == Written.REPLAY) {
      ledger.skippedReplay();
    } else if (written != Written.NOTHING_TO_DELETE) {
      ledger.handledUpTo(tp, record.originalKafkaOffset()); // buffered, even if an insert below must wait
      freshness.received(table, tp, record.originalKafkaOffset(), change.sourceTimestampMs());
      inserts.buffered(writer, written == Written.FULL);
    }
  }

  /**
   * Inserts every buffer and returns the offsets once all inserts are done. While an insert cannot be
   * confirmed (ClickHouse unreachable) nothing is committed this time: an empty map.
   */
  @Override
  public Map<TopicPartition, OffsetAndMetadata> preCommit(Map<TopicPartition, OffsetAndMetadata> currentOffsets) {
    calls.throwIfFailed();
    if (inserts == null) {
      return Map.of(); // the server never answered: nothing was accepted, nothing to commit
    }
    calls.begin();
    try {
      inserts.flushAll();
    } catch (RetriableException e) {
      LOG.info("No offsets committed this time: {}", e.getMessage());
      return Map.of();
    } catch (ClickHouseException e) {
      throw calls.unavailable(e);
    }
    inserts.evictIdle();
    return currentOffsets;
  }

  @Override
  public void open(Collection<TopicPartition> partitions) {
    if (inserts != null) {
      inserts.writers().forget(partitions); // the tables' offsets are read again on their next record
    }
    ledger.opened(partitions);
  }

  /**
   * Inserts every buffer before the partitions go. When ClickHouse cannot confirm them in time, the
   * unconfirmed rows are dropped instead ({@link InsertCoordinator#dropUnconfirmed}).
   */
  @Override
  public void close(Collection<TopicPartition> partitions) {
    try {
      if (!calls.failed() && inserts != null) {
        calls.begin();
        try {
          inserts.flushAll();
        } catch (RetriableException | ClickHouseException e) {
          inserts.dropUnconfirmed(partitions, e);
        }
      }
    } finally {
      if (inserts != null) {
        inserts.writers().forget(partitions);
      }
      ledger.closed(partitions);
      freshness.closed(partitions);
    }
    ledger.logSkippedReplays();
  }

  @Override
  public void stop() {
    try {
      if (inserts != null) {
        inserts.close();
      }
      if (connection != null) {
        connection.close();
      }
    } finally {
      if (freshness != null) {
        freshness.close();
      }
      lineage.complete();
    }
  }
}
