// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.snowflake;

import io.streamfirst.connect.common.PluginVersion;
import io.streamfirst.connect.sink.BadRecords;
import io.streamfirst.connect.sink.ChangeDecoder;
import io.streamfirst.connect.sink.ChangeKind;
import io.streamfirst.connect.sink.ChangeView;
import io.streamfirst.connect.sink.FreshnessMetrics;
import io.streamfirst.connect.sink.TableFreshness;
import io.streamfirst.connect.sink.IdleWakeup;
import io.streamfirst.connect.sink.KeyColumns;
import io.streamfirst.connect.snowflake.ingest.IngestService;
import io.streamfirst.connect.snowflake.sql.ChangeColumns;
import io.streamfirst.connect.snowflake.sql.TableCatalog;
import io.streamfirst.connect.snowflake.sql.TableRef;
import io.streamfirst.connect.snowflake.write.ChangeRows;
import io.streamfirst.connect.snowflake.write.ChangeVersions;
import io.streamfirst.connect.snowflake.write.ChannelWriter;
import io.streamfirst.connect.snowflake.write.Merges;
import io.streamfirst.connect.snowflake.write.PartitionChannel;
import io.streamfirst.connect.snowflake.write.Rows;
import io.streamfirst.connect.snowflake.write.Tables;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.IntConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Appends records to Snowflake tables through one Snowpipe Streaming channel per topic-partition, exactly
 * once: Kafka offsets are committed only as far as Snowflake committed the rows (see DESIGN.md). In CDC
 * mode the rows are changes appended to each table's change table, applied to the table by {@link Merges}.
 */
public class SnowflakeSinkTask extends SinkTask {

  private static final Logger LOG = LoggerFactory.getLogger(SnowflakeSinkTask.class);
  private static final long REPORT_WAIT_SECONDS = 60;

  private final Clock clock;
  private SnowflakeSinkConfig config;
  private IngestService service;
  private TableCatalog catalog;
  private Tables tables;
  private Rows rows;
  private ChannelWriter writer;
  private ChangeRows changeRows;
  private Merges merges;
  private FreshnessMetrics metrics;
  private BadRecords badRecords;
  private IntConsumer filtered;
  private final ChangeDecoder decoder = new ChangeDecoder();
  private TableFreshness freshness;
  private final List<Future<Void>> reports = new ArrayList<>();
  private long lastPollMs;

  public SnowflakeSinkTask() {
    this(Clock.systemUTC());
  }

  /** For tests: a task on {@code clock}. */
  SnowflakeSinkTask(Clock clock) {
    this.clock = clock;
  }

  @Override
  public String version() {
    return PluginVersion.of(SnowflakeSinkTask.class);
  }

  @Override
  public void start(Map<String, String> props) {
    config = new SnowflakeSinkConfig(props);
    service = createService(config.serviceFactoryClass(), props);
    catalog = service.catalog();
    tables = new Tables(catalog, config.autoCreate(), config.autoEvolve());
    rows = new Rows(config::identifier);
    metrics = FreshnessMetrics.register(context == null ? null : pluginMetrics());
    filtered = metrics.counter("records-filtered", "Records skipped: deletes and tombstones, which append mode does not"
        + " write");
    badRecords = new BadRecords(context, metrics);
    String connector = props.getOrDefault("name", "snowflake-sink");
    writer = new ChannelWriter(service, context, clock, config.channelStallTimeoutMs(), connector, metrics,
        (record, reason) -> reports
            .add(badRecords.report(record, new DataException("Snowflake rejected the row of record "
                + ChangeView.coordinates(record) + ": " + reason))));
    freshness = TableFreshness.start(props, metrics, context == null ? null : pluginMetrics(), clock);
    writer.freshness(freshness);
    if (config.cdc()) {
      changeRows = new ChangeRows(rows, KeyColumns.of(config.keyColumns(), SnowflakeSinkConfig.KEY_COLUMNS),
          new ChangeVersions(config.versionSource()), config::identifier);
      merges = new Merges(service.merger(), tables, writer, clock, config.mergeIntervalMs(),
          config.keyColumns().stream().map(config::identifier).toList(), config.deletedRetentionMs());
    }
    LOG.info("Snowflake sink task {} started: {} database {} schema {}", connector, config.accountUrl(),
        config.database(), config.schema());
  }

  private org.apache.kafka.common.metrics.PluginMetrics pluginMetrics() {
    try {
      return context.pluginMetrics();
    } catch (UnsupportedOperationException | NoSuchMethodError e) {
      return null;
    }
  }

  private static IngestService createService(String className, Map<String, String> props) {
    try {
      Class<?> type = Class.forName(className, true, SnowflakeSinkTask.class.getClassLoader());
      IngestService.Factory factory = (IngestService.Factory) type.getDeclaredConstructor().newInstance();
      return factory.create(props);
    } catch (ReflectiveOperationException | ClassCastException e) {
      throw new ConnectException("Cannot load " + SnowflakeSinkConfig.SERVICE_FACTORY_CLASS + " '" + className
          + "': leave it at its default outside tests", e);
    }
  }

  /** The target table of each topic, worked out once (the name comes from the config). */
  private final Map<String, TableRef> targets = new HashMap<>();

  private TableRef tableOf(String topic) {
    return new TableRef(config.database(), config.schema(), config.tableFor(topic));
  }

  @Override
  public void open(Collection<TopicPartition> partitions) {
    Map<TableRef, Boolean> exists = new HashMap<>();
    for (TopicPartition tp : partitions) {
      TableRef table = tableOf(tp.topic());
      if (merges != null) {
        merges.assign(tp, table);
        table = ChangeColumns.changesOf(table);
      }
      boolean present = exists.computeIfAbsent(table, t -> catalog.describe(t) != null);
      writer.assign(tp, table, present);
    }
  }

  @Override
  public void put(Collection<SinkRecord> records) {
    Set<TopicPartition> rewound = null;
    TopicPartition tp = null;
    PartitionChannel pc = null;
    for (SinkRecord record : records) {
      if (tp == null || tp.partition() != record.kafkaPartition() || !tp.topic().equals(record.topic())) {
        tp = new TopicPartition(record.topic(), record.kafkaPartition());
        pc = writer.state(tp);
      }
      if (rewound != null && rewound.contains(tp) || writer.seen(pc, record.kafkaOffset())) {
        continue;
      }
      if (freshness.heartbeat(record)) {
        writer.handled(pc, record.kafkaOffset()); // a CDC heartbeat: how far the source was read, not a row
        continue;
      }
      ChangeView change;
      Map<String, Object> row;
      try {
        change = decoder.decode(record);
        if (changeRows != null) {
          row = changeRow(pc, change);
        } else if (change.kind() == ChangeKind.DELETE || change.row() == null) {
          row = null;
        } else {
          if (!pc.fits(change.rowSchema())) {
            TableRef table = pc.table();
            ChangeView fitting = change;
            if (!tables.fits(table, change.rowSchema())) {
              tables.fit(table, change.rowSchema(), () -> rows.columns(fitting.row(), fitting.rowSchema()),
                  change.coordinates());
            }
            pc.fitted(change.rowSchema());
          }
          row = rows.values(change.row(), change.rowSchema());
        }
        if (row == null) {
          filtered.accept(1);
          writer.handled(pc, record.kafkaOffset());
          continue;
        }
      } catch (DataException e) {
        awaitReport(badRecords.report(record, e));
        writer.handled(pc, record.kafkaOffset());
        continue;
      }
      if (!writer.append(pc, record, row, change.sourceTimestampMs())) {
        if (rewound == null) {
          rewound = new HashSet<>();
        }
        rewound.add(tp);
      }
    }
    pollIfDue(false);
    freshness.publish(); // what this put() received, for the readers of the tables' freshness
    if (writer.inFlight()) {
      IdleWakeup.within(context, config.commitCheckIntervalMs());
    } else if (merges != null && merges.pending()) {
      IdleWakeup.within(context, merges.intervalMs());
    }
  }

  /**
   * CDC mode: the change-table row of {@code change}, after fitting the target (for an insert or update)
   * and the change table to it; null for a change that is skipped.
   */
  private Map<String, Object> changeRow(PartitionChannel pc, ChangeView change) {
    ChangeRows.ChangeRow row = changeRows.of(change);
    if (row == null) {
      return null;
    }
    TableRef changes = pc.table();
    TableRef target = targets.computeIfAbsent(pc.partition().topic(), this::tableOf);
    // the row schema is the shape of a change with a row and a struct key (or none); others are fit each time
    Object shape = change.row() != null
        && (change.keySchema() == null || change.keySchema().type() == Schema.Type.STRUCT)
            ? change.rowSchema()
            : null;
    if (!row.delete() && !tables.fits(target, shape)) {
      tables.fit(target, shape, () -> changeRows.targetColumns(row), change.coordinates());
    }
    if (!tables.fits(changes, shape)) {
      tables.fit(changes, shape, () -> changeRows.changeColumns(row), change.coordinates());
    }
    merges.keys(target, row.keys());
    return row.values();
  }

  private void pollIfDue(boolean now) {
    long time = clock.millis();
    if (now || time - lastPollMs >= config.commitCheckIntervalMs()) {
      lastPollMs = time;
      writer.poll();
      reports.forEach(SnowflakeSinkTask::awaitReport);
      reports.clear();
    }
    if (merges != null && (now || merges.due())) {
      merges.run();
    }
  }

  /** Waits until a dead-letter report is durable, so no offset past it is committed before. */
  private static void awaitReport(Future<Void> report) {
    try {
      report.get(REPORT_WAIT_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ConnectException("Interrupted while sending a record to the dead-letter queue", e);
    } catch (ExecutionException e) {
      throw new ConnectException("Sending a record to the dead-letter queue failed: " + e.getCause().getMessage()
          + "; check errors.deadletterqueue.topic.name and the producer's access to it", e.getCause());
    } catch (TimeoutException e) {
      throw new ConnectException("Sending a record to the dead-letter queue took over " + REPORT_WAIT_SECONDS
          + " s; check the dead-letter topic, or set producer.override.delivery.timeout.ms", e);
    }
  }

  @Override
  public Map<TopicPartition, OffsetAndMetadata> preCommit(Map<TopicPartition, OffsetAndMetadata> currentOffsets) {
    pollIfDue(true);
    Map<TopicPartition, OffsetAndMetadata> commit = new HashMap<>();
    for (TopicPartition tp : currentOffsets.keySet()) {
      var state = writer.state(tp);
      if (state == null) {
        continue;
      }
      long offset = state.commitOffset();
      if (offset > 0) {
        commit.put(tp, new OffsetAndMetadata(offset));
      }
    }
    return commit;
  }

  @Override
  public void close(Collection<TopicPartition> partitions) {
    partitions.forEach(writer::release);
    freshness.closed(partitions);
    if (merges != null) {
      partitions.forEach(merges::release);
    }
  }

  @Override
  public void stop() {
    if (freshness != null) {
      freshness.close();
    }
    if (writer != null) {
      writer.close();
    }
    if (merges != null) {
      merges.close();
    }
    if (catalog != null) {
      catalog.close();
    }
    if (service != null) {
      service.close();
    }
  }

  /** The writer, for tests. */
  ChannelWriter writer() {
    return writer;
  }
}
