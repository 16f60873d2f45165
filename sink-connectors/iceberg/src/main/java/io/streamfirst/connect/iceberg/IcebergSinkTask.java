// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.iceberg;

import io.streamfirst.connect.common.PluginVersion;
import io.streamfirst.connect.iceberg.catalog.CatalogConnection;
import io.streamfirst.connect.iceberg.catalog.CatalogOutage;
import io.streamfirst.connect.iceberg.catalog.Secrets;
import io.streamfirst.connect.iceberg.commit.CommitCycle;
import io.streamfirst.connect.iceberg.commit.CrashPoints;
import io.streamfirst.connect.iceberg.commit.TestCrashPoints;
import io.streamfirst.connect.iceberg.write.SinkTable;
import io.streamfirst.connect.iceberg.write.SinkTables;
import io.streamfirst.connect.lineage.DatasetId;
import io.streamfirst.connect.sink.BadRecords;
import io.streamfirst.connect.sink.FreshnessMetrics;
import io.streamfirst.connect.sink.SinkLineage;
import io.streamfirst.connect.sink.TableFreshness;
import java.time.Clock;
import java.util.Collection;
import java.util.Map;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.errors.RetriableException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes records into Iceberg tables and commits them exactly once (see DESIGN.md). The task is the
 * lifecycle around three collaborators: {@link SinkTables} takes each record into its table's writer,
 * {@link CommitCycle} commits every table with changes (each commit a snapshot recording this task's
 * consumed offsets) and only then reports those offsets to Connect, and {@link CatalogConnection} rides
 * out an unreachable catalog. Every exception leaving the task has the catalog's secrets masked.
 */
public class IcebergSinkTask extends SinkTask {

  private static final Logger LOG = LoggerFactory.getLogger(IcebergSinkTask.class);

  private Clock clock = Clock.systemUTC();
  private CrashPoints injected;
  private Secrets secrets;
  private CatalogConnection catalog;
  private SinkTables tables;
  private CommitCycle cycle;
  private BadRecords badRecords;
  private SinkLineage lineage = SinkLineage.DISABLED;
  private TableFreshness freshness;

  @Override
  public String version() {
    return PluginVersion.of(IcebergSinkTask.class);
  }

  @Override
  public void start(Map<String, String> props) {
    try {
      IcebergSinkConfig config = new IcebergSinkConfig(props);
      secrets = Secrets.of(config.catalogProperties());
      int taskNumber = Integer.parseInt(props.getOrDefault(IcebergSinkConnector.TASK_NUMBER, "0"));
      FreshnessMetrics metrics = FreshnessMetrics.register(context.pluginMetrics());
      badRecords = new BadRecords(context, metrics);
      // CrashPoints.NONE unless a test JVM set the fault-injection switch: read here, once
      CrashPoints crashPoints = injected != null ? injected : TestCrashPoints.forTask(config.connectorName());
      catalog = new CatalogConnection(config, clock, context, () -> cycle.halt());
      tables = new SinkTables(config, catalog, metrics, taskNumber, () -> cycle.commitAllBeforeSchemaChange());
      freshness = TableFreshness.start(props, taskNumber, metrics, context.pluginMetrics(), clock);
      tables.freshness(freshness);
      lineage = SinkLineage.start(props, clock, freshness);
      String location = config.warehouse().isEmpty()
          ? config.originalsStrings()
              .getOrDefault(IcebergSinkConfig.CATALOG_URI, config.catalogName())
          : config.warehouse();
      SinkLineage run = lineage;
      java.util.function.Function<org.apache.iceberg.catalog.TableIdentifier, DatasetId> naming = t -> DatasetId
          .iceberg(location, t.namespace().toString(), t.name());
      tables.lineage((view, id) -> run.written(view, id, naming));
      cycle = new CommitCycle(config, taskNumber, tables, catalog, metrics, crashPoints, context, clock);
      cycle.freshness(freshness);
      catalog.connectAtStart(taskNumber);
      LOG.info("Iceberg sink task {} of {} started: mode {}, commit interval {} ms", taskNumber,
          config.connectorName(), config.mode(), config.commitInterval().toMillis());
    } catch (RuntimeException e) {
      RuntimeException safe = safe(e);
      lineage.fail(safe); // a task whose start throws has failed, whatever the exception
      throw safe;
    }
  }

  @Override
  public void open(Collection<TopicPartition> partitions) {
    try {
      tables.forgetKeyLocations();
      catalog.ensure("opening partitions");
      tables.seekToCommitted(partitions, context);
    } catch (RuntimeException e) {
      if (!(e instanceof RetriableException) && !CatalogOutage.isUnreachable(e)) {
        throw safe(e);
      }
      // Without the catalog the offsets cannot be re-read now: each table re-reads them before this task
      // writes to it again, and records the table holds are then skipped as they arrive.
      tables.markAllStale();
      RuntimeException failure = e instanceof RetriableException || cycle.halted()
          ? e
          : catalog.unreachable("re-reading committed offsets", e);
      if (!(failure instanceof RetriableException)) {
        throw safe(failure);
      }
      LOG.warn("Partitions {} assigned while the catalog is unreachable ({}); committed offsets are re-read"
          + " before more records are written", partitions, Secrets.describe(e));
    }
  }

  @Override
  public void put(Collection<SinkRecord> records) {
    try {
      cycle.checkRunning();
      catalog.ensure("writing records");
      cycle.commitUnconfirmedFirst();
      TopicPartition tp = null;
      for (SinkRecord record : records) {
        // Offsets are tracked under the record's original topic-partition and offset (what Connect consumed
        // and commits), never under what a transform (RegexRouter, SqlTransform's _topic) made of them.
        if (tp == null || tp.partition() != record.originalKafkaPartition()
            || !tp.topic().equals(record.originalTopic())) {
          tp = new TopicPartition(record.originalTopic(), record.originalKafkaPartition());
        }
        take(record, tp, record.originalKafkaOffset());
      }
      cycle.commitIfDue();
      freshness.publish(); // what this put() received, for the readers of the tables' freshness
    } catch (RuntimeException e) {
      RuntimeException safe = safe(e);
      if (!(safe instanceof RetriableException)) {
        lineage.fail(safe);
      }
      throw safe;
    }
  }

  private void take(SinkRecord record, TopicPartition tp, long offset) {
    if (!cycle.take(tp, offset)) {
      return; // taken already: Connect redelivers a batch after a retriable failure
    }
    try {
      cycle.buffered(tables.accept(record, tp, offset));
    } catch (DataException e) {
      cycle.reported(badRecords.report(record, e));
    } catch (RetriableException e) {
      throw e; // an outage already accounted for (a commit the record's schema change needed)
    } catch (RuntimeException e) {
      if (cycle.halted() || e instanceof CrashPoints.InjectedCrash || !CatalogOutage.isUnreachable(e)) {
        throw e;
      }
      throw catalog.unreachable("writing " + tp + "@" + offset, e);
    }
    cycle.taken(tp, offset);
  }

  @Override
  public Map<TopicPartition, OffsetAndMetadata> preCommit(Map<TopicPartition, OffsetAndMetadata> currentOffsets) {
    return cycle.durable(currentOffsets);
  }

  @Override
  public void close(Collection<TopicPartition> partitions) {
    try {
      cycle.release(partitions);
      if (freshness != null) {
        freshness.closed(partitions);
      }
    } catch (RuntimeException e) {
      throw safe(e);
    }
  }

  @Override
  public void stop() {
    try {
      if (tables != null) {
        tables.abortAll();
      }
      if (catalog != null) {
        catalog.close();
      }
    } finally {
      if (freshness != null) {
        freshness.close();
      }
      lineage.complete();
    }
  }

  /** {@code e} with every catalog secret masked, as it may reach Connect's logs and the task's status. */
  private RuntimeException safe(RuntimeException e) {
    return secrets == null ? e : secrets.safe(e);
  }

  /** For tests: what the task holds for one table, or null. */
  SinkTable sinkTable(TableIdentifier id) {
    return tables.get(id);
  }

  /** For unit tests, before {@link #start}: the crash points the task reaches (instead of {@link CrashPoints#NONE}). */
  void crashPoints(CrashPoints crashPoints) {
    this.injected = crashPoints;
  }

  /** For tests: the clock that paces commits. */
  void clock(Clock clock) {
    this.clock = clock;
  }
}
