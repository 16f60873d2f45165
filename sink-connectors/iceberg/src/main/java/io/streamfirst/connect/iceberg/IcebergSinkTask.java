package io.streamfirst.connect.iceberg;

import io.streamfirst.connect.common.PluginVersion;
import io.streamfirst.connect.iceberg.IcebergSinkConfig.Mode;
import io.streamfirst.connect.iceberg.catalog.CatalogOutage;
import io.streamfirst.connect.iceberg.catalog.CatalogUnavailableException;
import io.streamfirst.connect.iceberg.catalog.Catalogs;
import io.streamfirst.connect.iceberg.catalog.Secrets;
import io.streamfirst.connect.iceberg.commit.CommitSummary;
import io.streamfirst.connect.iceberg.commit.CrashPoints;
import io.streamfirst.connect.iceberg.commit.CrashPoints.Phase;
import io.streamfirst.connect.iceberg.commit.PendingCommit;
import io.streamfirst.connect.iceberg.commit.TableCommitter;
import io.streamfirst.connect.iceberg.commit.TestCrashPoints;
import io.streamfirst.connect.iceberg.compact.Compactor;
import io.streamfirst.connect.iceberg.route.TableRoutes;
import io.streamfirst.connect.iceberg.schema.IncompatibleSchemaException;
import io.streamfirst.connect.iceberg.schema.SchemaEvolution;
import io.streamfirst.connect.iceberg.schema.Tables;
import io.streamfirst.connect.iceberg.write.RowConverter;
import io.streamfirst.connect.iceberg.write.RowSizes;
import io.streamfirst.connect.iceberg.write.TableState;
import io.streamfirst.connect.iceberg.write.TableWriter;
import io.streamfirst.connect.sink.BadRecords;
import io.streamfirst.connect.sink.ChangeDecoder;
import io.streamfirst.connect.sink.ChangeKind;
import io.streamfirst.connect.sink.ChangeView;
import io.streamfirst.connect.sink.FreshnessMetrics;
import io.streamfirst.connect.sink.IdleWakeup;
import io.streamfirst.connect.sink.KeyColumns;
import io.streamfirst.connect.sink.Shape;
import java.io.Closeable;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.function.IntConsumer;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.types.Types;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.errors.RetriableException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes records into Iceberg tables and commits them exactly once (see DESIGN.md): changes are buffered
 * per table; every commit interval (or when the buffer bound is reached, a schema changes, or partitions
 * are revoked) each table with changes gets one snapshot recording this task's consumed offsets, and only
 * then are those offsets reported to Connect.
 */
public class IcebergSinkTask extends SinkTask {

  private static final Logger LOG = LoggerFactory.getLogger(IcebergSinkTask.class);

  private IcebergSinkConfig config;
  private Secrets secrets;
  private Clock clock = Clock.systemUTC();
  private Catalog catalog;
  private Tables tables;
  private TableRoutes routes;
  private TableCommitter committer;
  private CrashPoints crashPoints = CrashPoints.NONE;
  private Compactor compactor;
  private IntConsumer compactions;
  private IntConsumer compactedFiles;
  private IntConsumer compactionFailures;
  private ChangeDecoder decoder;
  private KeyColumns keyColumns;
  private BadRecords badRecords;
  private FreshnessMetrics metrics;
  private String connector;
  private int taskNumber;
  private final Map<TableIdentifier, TableState> states = new LinkedHashMap<>();
  /** Next offset to consume per partition: every record below it is in a writer, a table or the DLQ. */
  private final Map<TopicPartition, Long> consumed = new HashMap<>();
  /** Offsets Connect may commit: every record below them is committed to its table (or reported). */
  private final Map<TopicPartition, Long> durable = new HashMap<>();
  /** Per partition, where to replay from if the task must drop what it holds: durable, else the first record taken. */
  private final Map<TopicPartition, Long> resumeFrom = new HashMap<>();
  /** Longest a commit keeps retrying an unreachable catalog inside one call before the task reports it. */
  private static final long UNREACHABLE_COMMIT_BUDGET_MS = 5_000;
  private CatalogOutage outage;
  /** Dead-letter reports not yet known to be durable: a commit that moves offsets past them waits for them. */
  private final List<Future<Void>> reports = new ArrayList<>();
  private long bufferedBytes;
  private long lastCommitMs;
  /** Set when this task must not touch the tables again (injected crash, fenced, failed commit). */
  private boolean dead;

  @Override
  public String version() {
    return PluginVersion.of(IcebergSinkTask.class);
  }

  @Override
  public void start(Map<String, String> props) {
    try {
      doStart(props);
    } catch (RuntimeException e) {
      throw safe(e);
    }
  }

  private void doStart(Map<String, String> props) {
    config = new IcebergSinkConfig(props);
    secrets = Secrets.of(config.catalogProperties());
    connector = config.connectorName();
    taskNumber = Integer.parseInt(props.getOrDefault(IcebergSinkConnector.TASK_NUMBER, "0"));
    outage = new CatalogOutage(clock, config.catalogUnavailableMaxMs(), Catalogs.describe(config));
    routes = config.routes();
    crashPoints = TestCrashPoints.forTask(connector); // NONE unless a test JVM set the switch
    committer = new TableCommitter(connector, connector + "-" + taskNumber, config.commitTimeout(), clock,
        crashPoints);
    decoder = new ChangeDecoder();
    keyColumns = KeyColumns.of(config.identifierColumns(), IcebergSinkConfig.IDENTIFIER_COLUMNS);
    metrics = FreshnessMetrics.register(context.pluginMetrics());
    badRecords = new BadRecords(context, metrics);
    compactor = new Compactor(config.compaction(), connector + "-" + taskNumber, taskNumber, crashPoints);
    compactions = metrics.counter("compactions", "Compactions committed by the task");
    compactedFiles = metrics.counter("compaction-files-rewritten", "Data and delete files replaced by compactions");
    compactionFailures = metrics.counter("compaction-failures",
        "Compactions dropped after a conflict with another writer or an error (the table is unchanged)");
    lastCommitMs = clock.millis();
    dead = false;
    try {
      connectCatalog();
    } catch (CatalogUnavailableException e) {
      // transient: the task starts, and loads the catalog before it writes (within the outage limit)
      RuntimeException failure = outage.failure("loading the catalog at task start", e);
      if (!(failure instanceof RetriableException)) {
        throw failure;
      }
      LOG.warn("Iceberg sink task {} of {} started without its catalog: {}", taskNumber, connector,
          failure.getMessage());
    }
    LOG.info("Iceberg sink task {} of {} started: mode {}, commit interval {} ms", taskNumber, connector,
        config.mode(), config.commitInterval().toMillis());
  }

  private void connectCatalog() {
    catalog = Catalogs.load(config);
    tables = new Tables(catalog, config.partitionTerms(), config.tableProperties(), config.formatVersion(),
        config.targetFileSizeBytes());
    outage.reachable();
  }

  /** Loads the catalog when the task started while it was unreachable. */
  private void ensureCatalog(String what) {
    if (catalog != null) {
      return;
    }
    try {
      connectCatalog();
    } catch (CatalogUnavailableException e) {
      throw unreachable(what, e);
    }
  }

  /**
   * The exception for an unreachable catalog while doing {@code what}: retriable (Connect redelivers the
   * batch after the back-off; the task keeps its partitions and its uncommitted files) while the outage is
   * within {@code iceberg.catalog.unavailable.max.ms}, else fatal, and the task drops what it holds.
   */
  private RuntimeException unreachable(String what, Throwable e) {
    return unreachable(what, e, clock.millis());
  }

  private RuntimeException unreachable(String what, Throwable e, long firstFailureMs) {
    RuntimeException failure = outage.failure(what, e, firstFailureMs);
    if (failure instanceof RetriableException) {
      context.timeout(outage.backoffMs());
    } else {
      dead = true;
      abortAll();
    }
    return failure;
  }

  @Override
  public void open(Collection<TopicPartition> partitions) {
    try {
      doOpen(partitions);
    } catch (RuntimeException e) {
      throw safe(e);
    }
  }

  private void doOpen(Collection<TopicPartition> partitions) {
    try {
      seekToCommitted(partitions);
    } catch (RuntimeException e) {
      if (!(e instanceof RetriableException) && !CatalogOutage.isUnreachable(e)) {
        throw e;
      }
      // Without the catalog the offsets cannot be re-read now: each table re-reads them before this task
      // writes to it again, and records the table holds are then skipped as they arrive.
      states.values().forEach(state -> state.stale(true));
      RuntimeException failure = e instanceof RetriableException || dead ? e
          : unreachable("re-reading committed offsets", e);
      if (!(failure instanceof RetriableException)) {
        throw failure;
      }
      LOG.warn("Partitions {} assigned while the catalog is unreachable ({}); committed offsets are re-read"
          + " before more records are written", partitions, Secrets.describe(e));
    }
  }

  private void seekToCommitted(Collection<TopicPartition> partitions) {
    ensureCatalog("opening partitions");
    // Another task may have committed these partitions since this task last looked: re-read every known table.
    for (TableState state : states.values()) {
      reloadCommitted(state);
    }
    if (!routes.topicOnly() || config.transformsConfigured()) {
      // The table is known only from the records (a route field, or transforms that may change the topic):
      // records a table already holds are skipped when they arrive.
      return;
    }
    for (TopicPartition tp : partitions) {
      TableIdentifier id = routes.forTopic(tp.topic());
      TableState state = states.get(id);
      if (state == null) {
        Table table = tables.load(id);
        if (table == null) {
          continue;
        }
        state = newState(table, null);
        states.put(id, state);
      }
      Long offset = state.committed().get(tp);
      if (offset != null) {
        LOG.info("Resuming {} at offset {} committed in {}", tp, offset, id);
        context.offset(tp, offset);
      }
    }
  }

  @Override
  public void put(Collection<SinkRecord> records) {
    try {
      doPut(records);
    } catch (RuntimeException e) {
      throw safe(e);
    }
  }

  private void doPut(Collection<SinkRecord> records) {
    if (dead) {
      throw new ConnectException("Task " + taskNumber + " of " + connector + " stopped after a failed commit");
    }
    ensureCatalog("writing records");
    if (states.values().stream().anyMatch(TableState::hasUnconfirmed)) {
      commitAll(true); // files whose commit the catalog did not confirm go first
    }
    TopicPartition tp = null;
    for (SinkRecord record : records) {
      // Offsets are tracked under the record's original topic-partition and offset (what Connect consumed
      // and commits), never under what a transform (RegexRouter, SqlTransform's _topic) made of them.
      if (tp == null || tp.partition() != record.originalKafkaPartition()
          || !tp.topic().equals(record.originalTopic())) {
        tp = new TopicPartition(record.originalTopic(), record.originalKafkaPartition());
      }
      long offset = record.originalKafkaOffset();
      Long next = consumed.get(tp);
      if (next != null && offset < next) {
        continue; // taken already: Connect redelivers a batch after a retriable failure
      }
      resumeFrom.putIfAbsent(tp, offset);
      try {
        accept(record, tp, offset);
      } catch (DataException e) {
        reports.add(badRecords.report(record, e));
      } catch (RetriableException e) {
        throw e; // an outage already accounted for (a commit the record's schema change needed)
      } catch (RuntimeException e) {
        if (dead || e instanceof CrashPoints.InjectedCrash || !CatalogOutage.isUnreachable(e)) {
          throw e;
        }
        throw unreachable("writing " + tp + "@" + offset, e);
      }
      consumed.put(tp, offset + 1);
      if (bufferedBytes >= config.bufferMaxBytes()) {
        LOG.debug("Buffer bound of {} bytes reached, committing early", config.bufferMaxBytes());
        commitAll(true);
      }
    }
    long sinceCommit = clock.millis() - lastCommitMs;
    if (sinceCommit >= config.commitInterval().toMillis()) {
      commitAll(true);
    } else if (states.values().stream().anyMatch(TableState::hasChanges)) {
      // on an idle topic the worker would call put() again only at its next offset commit
      IdleWakeup.within(context, config.commitInterval().toMillis() - sinceCommit);
    }
  }

  /** Applies one record; {@code tp} and {@code offset} are the original ones, the table follows the record's topic. */
  private void accept(SinkRecord record, TopicPartition tp, long offset) {
    ChangeView view = decoder.decode(record);
    TableIdentifier id = routes.route(record.topic(), view.row() != null ? view.row() : view.key(),
        view.coordinates());
    TableState state = states.get(id);
    if (state != null && state.stale()) {
      reloadCommitted(state);
    }
    if (state != null) {
      Long committed = state.committed().get(tp);
      if (committed != null && offset < committed) {
        return; // already in the table: replayed after a crash between the table commit and Connect's
      }
    }
    Mode mode = config.mode();
    if (view.kind() == ChangeKind.DELETE) {
      if (mode == Mode.APPEND) {
        if (view.shape() == Shape.TOMBSTONE) {
          return;
        }
        throw new DataException("Record " + view.coordinates() + " is a delete, which append mode cannot apply:"
            + " set iceberg.mode=upsert to apply deletes");
      }
      if (state == null) {
        Table table = tables.load(id);
        if (table == null) {
          metrics.written(0, 1); // applied: there is nothing to delete in a table that does not exist
          return;
        }
        state = open(id, table, view);
        Long committed = state.committed().get(tp);
        if (committed != null && offset < committed) {
          return;
        }
      }
      delete(state, view);
      return;
    }
    Object row = view.row();
    if (row == null) {
      throw new DataException("Record " + view.coordinates() + " has no row to write");
    }
    if (state == null) {
      state = openOrCreate(id, view);
      Long committed = state.committed().get(tp);
      if (committed != null && offset < committed) {
        return;
      }
    }
    RowConverter converter;
    try {
      converter = converter(state, view.rowSchema());
    } catch (IncompatibleSchemaException e) {
      throw new IncompatibleSchemaException("Record " + view.coordinates() + " cannot be written to table " + id
          + ": " + e.getMessage());
    }
    Record converted;
    try {
      converted = converter.convert(row);
    } catch (ClassCastException | IllegalArgumentException | ArithmeticException e) {
      throw new DataException("Record " + view.coordinates() + " does not fit table " + id + ": "
          + e.getClass().getSimpleName(), e);
    } catch (DataException e) {
      throw new DataException("Record " + view.coordinates() + " does not fit table " + id + ": " + e.getMessage(), e);
    }
    TableWriter writer = writer(state);
    if (mode == Mode.APPEND) {
      writer.append(converted);
    } else {
      writer.upsert(rowKey(state, converted, view), converted);
    }
    state.track(view.sourceTimestampMs(), false);
    bufferedBytes += RowSizes.estimate(row);
  }

  private void delete(TableState state, ChangeView view) {
    List<String> names = keyColumns.names(view);
    List<Object> values = keyColumns.values(view);
    List<Object> key = new ArrayList<>(state.keyColumns().size());
    Types.StructType struct = state.table().schema().asStruct();
    for (String column : state.keyColumns()) {
      int i = names.indexOf(column);
      if (i < 0) {
        throw new DataException("Delete " + view.coordinates() + " does not carry the key column '" + column
            + "' of table " + state.table().name() + " in its key or before-image");
      }
      Function<Object, Object> normalize = RowConverter.column(struct.field(column).type(), column);
      try {
        key.add(normalize.apply(values.get(i)));
      } catch (ClassCastException | IllegalArgumentException e) {
        throw new DataException("Delete " + view.coordinates() + ": key column '" + column + "' has the wrong type", e);
      }
    }
    writer(state).delete(key);
    state.track(view.sourceTimestampMs(), true);
    bufferedBytes += 64L * key.size();
  }

  private List<Object> rowKey(TableState state, Record row, ChangeView view) {
    List<Object> key = new ArrayList<>(state.keyColumns().size());
    for (String column : state.keyColumns()) {
      Object value = row.getField(column);
      if (value == null) {
        throw new DataException("Record " + view.coordinates() + " has no value for the key column '" + column + "'");
      }
      key.add(value);
    }
    return key;
  }

  private TableWriter writer(TableState state) {
    if (state.writer() == null) {
      state.writer(new TableWriter(state.table(), config.mode() == Mode.UPSERT, state.keyColumns(),
          config.targetFileSizeBytes(), taskNumber));
    }
    return state.writer();
  }

  /** The converter for rows of {@code schema}, evolving the table first when it cannot hold them yet. */
  private RowConverter converter(TableState state, Schema schema) {
    RowConverter converter = state.converter(schema);
    if (converter != null) {
      return converter;
    }
    if (schema != null) {
      Set<String> keys = new HashSet<>(state.keyColumns());
      List<SchemaEvolution.Change> changes = SchemaEvolution.plan(state.table().schema(), schema, keys);
      if (!changes.isEmpty()) {
        if (!config.evolution()) {
          throw new IncompatibleSchemaException("table " + state.table().name() + " would need schema changes "
              + changes + " but iceberg.table.evolution.enabled=false");
        }
        // Files hold one schema: commit what is buffered (all tables, so the offsets stay simple), then evolve.
        commitAll();
        tables.evolve(state.table(), schema, keys);
        state.forgetConverters();
      }
    }
    converter = RowConverter.of(schema, state.table().schema().asStruct());
    state.converter(schema, converter);
    return converter;
  }

  private TableState openOrCreate(TableIdentifier id, ChangeView view) {
    Table table = tables.load(id);
    if (table == null) {
      if (!config.autoCreate()) {
        throw new ConnectException("Table " + id + " does not exist and " + IcebergSinkConfig.AUTO_CREATE
            + "=false: create it, or enable auto-creation");
      }
      if (view.rowSchema() == null) {
        throw new DataException("Record " + view.coordinates() + " has no schema, so table " + id + " cannot be"
            + " created from it: create the table first or use a converter with schemas");
      }
      List<String> keys = config.mode() == Mode.UPSERT ? keyColumns.names(view) : config.identifierColumns();
      try {
        table = tables.create(id, view.rowSchema(), keys);
      } catch (IllegalArgumentException e) {
        throw new ConnectException("Cannot create table " + id + " from record " + view.coordinates() + ": "
            + e.getMessage() + " (check " + IcebergSinkConfig.PARTITION_SPEC + " and "
            + IcebergSinkConfig.IDENTIFIER_COLUMNS + ")", e);
      }
    }
    return open(id, table, view);
  }

  private TableState open(TableIdentifier id, Table table, ChangeView view) {
    TableState state = newState(table, view);
    states.put(id, state);
    return state;
  }

  private TableState newState(Table table, ChangeView view) {
    List<String> keys = List.of();
    if (config.mode() == Mode.UPSERT) {
      keys = config.identifierColumns();
      if (keys.isEmpty()) {
        keys = new ArrayList<>(table.schema().identifierFieldNames());
        if (keys.isEmpty() && view != null) {
          keys = keyColumns.names(view);
        }
      }
      if (keys.isEmpty()) {
        throw new ConnectException("Upsert into " + table.name() + " needs key columns: the table declares no"
            + " identifier fields; set " + IcebergSinkConfig.IDENTIFIER_COLUMNS);
      }
      for (String key : keys) {
        if (table.schema().findField(key) == null) {
          throw new ConnectException("Key column '" + key + "' is not a column of " + table.name() + ": set "
              + IcebergSinkConfig.IDENTIFIER_COLUMNS + " to columns of the table");
        }
      }
      List<String> keyNames = keys;
      if (table.spec().fields().stream().anyMatch(f -> !keysContain(table, f.sourceId(), keyNames))) {
        throw new ConnectException("Table " + table.name() + " is partitioned by a column that is not a key column"
            + " " + keys + ": upsert mode needs every partition column among the keys (adjust "
            + IcebergSinkConfig.PARTITION_SPEC + " or " + IcebergSinkConfig.IDENTIFIER_COLUMNS + ")");
      }
      if (formatVersion(table) < 2) {
        throw new ConnectException("Table " + table.name() + " has format version " + formatVersion(table)
            + "; upsert mode needs format version 2 or later");
      }
    }
    TableState state = new TableState(table, keys);
    reloadCommitted(state);
    return state;
  }

  private static boolean keysContain(Table table, int sourceId, List<String> keys) {
    return keys.stream().anyMatch(k -> table.schema().findField(k).fieldId() == sourceId);
  }

  private static int formatVersion(Table table) {
    return table instanceof org.apache.iceberg.HasTableOperations ops ? ops.operations().current().formatVersion() : 2;
  }

  private void reloadCommitted(TableState state) {
    state.table().refresh();
    Map<TopicPartition, Long> committed = CommitSummary.committedOffsets(state.table(), connector);
    state.committed().clear();
    state.committed().putAll(committed);
    state.stale(false);
  }

  /** One commit cycle: every table with changes gets a snapshot, then the consumed offsets become durable. */
  private void commitAll() {
    commitAll(false);
  }

  /**
   * As {@link #commitAll()}, then compacts the tables committed to when {@code compact}. Each table's
   * changes become a {@link PendingCommit} with the offsets consumed now, queued behind any whose commit
   * the catalog did not confirm; the offsets become durable once every queued commit is in its table.
   * While the catalog is unreachable the queue is kept and a retriable failure thrown.
   */
  private void commitAll(boolean compact) {
    Map<TopicPartition, Long> offsets = new HashMap<>(consumed);
    boolean changes = states.values().stream().anyMatch(TableState::hasChanges);
    List<TableState> pending = List.of();
    long started = clock.millis();
    try {
      awaitReports();
      if (changes) {
        crashPoints.reached(Phase.BEFORE_WRITE);
      }
      for (TableState state : states.values()) {
        if (state.hasChanges()) {
          state.complete(offsets);
        }
      }
      if (changes) {
        crashPoints.reached(Phase.AFTER_WRITE);
      }
      pending = states.values().stream().filter(TableState::hasUnconfirmed).toList();
      Duration unreachableBudget = Duration.ofMillis(Math.min(UNREACHABLE_COMMIT_BUDGET_MS,
          config.catalogUnavailableMaxMs()));
      for (TableState state : pending) {
        if (state.stale()) {
          reloadCommitted(state);
        }
        while (state.hasUnconfirmed()) {
          PendingCommit commit = state.nextUnconfirmed();
          committer.commit(state.table(), commit, new HashMap<>(state.committed()), unreachableBudget);
          state.committed().putAll(commit.offsets());
          long visibleAt = clock.millis();
          for (long ts : commit.sourceTimestamps()) {
            metrics.visible(ts, visibleAt);
          }
          metrics.written(commit.upserts(), commit.deletes());
          metrics.committed();
          state.confirmed();
        }
      }
      if (!pending.isEmpty()) {
        crashPoints.reached(Phase.AFTER_COMMIT);
      }
    } catch (CrashPoints.InjectedCrash e) {
      dead = true;
      abortAll();
      throw e;
    } catch (RuntimeException e) {
      if (!dead && CatalogOutage.isUnreachable(e)) {
        // the commit retried for a while before giving up: the outage began no later than the cycle
        throw unreachable("committing to " + pending.stream().filter(TableState::hasUnconfirmed)
            .map(state -> state.table().name()).toList(), e, started);
      }
      dead = true;
      abortAll();
      throw e instanceof ConnectException ? e : new ConnectException("Commit failed (" + Secrets.describe(e) + ")", e);
    }
    if (!pending.isEmpty()) {
      outage.reachable();
    }
    durable.putAll(offsets);
    resumeFrom.putAll(offsets);
    bufferedBytes = 0;
    if (compact) {
      compact(pending);
    }
    lastCommitMs = clock.millis();
  }

  /** Compacts the tables just committed to; the offsets are already durable, so this changes no outcome. */
  private void compact(List<TableState> committed) {
    for (TableState state : committed) {
      Compactor.Result result;
      try {
        result = compactor.compact(state.table());
      } catch (CrashPoints.InjectedCrash e) {
        dead = true;
        abortAll();
        throw e;
      } catch (RuntimeException e) {
        LOG.warn("Compacting {} failed ({}); the table is unchanged, the next commit tries again",
            state.table().name(), Secrets.describe(e));
        result = Compactor.Result.of(Compactor.Outcome.FAILED);
      }
      switch (result.outcome()) {
        case COMPACTED -> {
          compactions.accept(1);
          compactedFiles.accept(result.dataFilesRewritten() + result.deleteFilesRemoved());
        }
        case CONFLICT, FAILED -> compactionFailures.accept(1);
        case NOTHING_TO_DO -> { }
      }
    }
  }

  private void awaitReports() {
    for (Future<Void> report : reports) {
      try {
        report.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ConnectException("Interrupted while waiting for dead-letter reports", e);
      } catch (ExecutionException e) {
        throw new ConnectException("Reporting a bad record to the dead-letter queue failed", e.getCause());
      }
    }
    reports.clear();
  }

  /** Drops everything uncommitted and rewinds the partitions the task keeps to where it is not yet durable. */
  private void abandon(Collection<TopicPartition> released) {
    abortAll();
    for (TopicPartition tp : context.assignment()) {
      Long from = resumeFrom.get(tp);
      if (!released.contains(tp) && from != null) {
        context.offset(tp, from);
      }
    }
    consumed.clear();
  }

  private void abortAll() {
    for (TableState state : states.values()) {
      if (state.writer() != null) {
        state.writer().abort();
      }
      state.reset();
    }
    states.clear();
  }

  @Override
  public Map<TopicPartition, OffsetAndMetadata> preCommit(Map<TopicPartition, OffsetAndMetadata> currentOffsets) {
    Map<TopicPartition, OffsetAndMetadata> out = new HashMap<>();
    for (TopicPartition tp : currentOffsets.keySet()) {
      Long offset = durable.get(tp);
      if (offset != null) {
        out.put(tp, new OffsetAndMetadata(offset));
      }
    }
    return out;
  }

  @Override
  public void close(Collection<TopicPartition> partitions) {
    try {
      if (!dead) {
        commitAll();
      }
    } catch (RetriableException e) {
      // The catalog is unreachable while partitions are released: nothing of what the task holds can be
      // committed now. It is all dropped uncommitted (Connect's offsets were never moved past it): the
      // released partitions are replayed by their next owner, the kept ones from here after a rewind.
      LOG.warn("Iceberg sink task {} of {}: releasing {} while the catalog is unreachable ({}); uncommitted"
          + " changes are dropped and replayed", taskNumber, connector, partitions, Secrets.describe(e));
      abandon(partitions);
    } catch (RuntimeException e) {
      throw safe(e);
    }
    for (TopicPartition tp : partitions) {
      consumed.remove(tp);
      durable.remove(tp);
      resumeFrom.remove(tp);
    }
  }

  @Override
  public void stop() {
    abortAll();
    if (catalog instanceof Closeable closeable) {
      try {
        closeable.close();
      } catch (IOException e) {
        LOG.warn("Closing the Iceberg catalog failed ({})", Secrets.describe(e));
      }
    }
  }

  /** {@code e} with every catalog secret masked, as it may reach Connect's logs and the task's status. */
  private RuntimeException safe(RuntimeException e) {
    return secrets == null ? e : secrets.safe(e);
  }

  /** For tests: what the task holds for one table, or null. */
  TableState state(TableIdentifier id) {
    return states.get(id);
  }

  /** For tests: the clock that paces commits. */
  void clock(Clock clock) {
    this.clock = clock;
  }
}
