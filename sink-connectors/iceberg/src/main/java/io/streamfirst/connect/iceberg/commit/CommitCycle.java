// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.iceberg.commit;

import io.streamfirst.connect.iceberg.IcebergSinkConfig;
import io.streamfirst.connect.iceberg.catalog.CatalogConnection;
import io.streamfirst.connect.iceberg.catalog.CatalogOutage;
import io.streamfirst.connect.iceberg.catalog.Secrets;
import io.streamfirst.connect.iceberg.commit.CrashPoints.Phase;
import io.streamfirst.connect.iceberg.compact.Compactor;
import io.streamfirst.connect.iceberg.write.SinkTable;
import io.streamfirst.connect.iceberg.write.SinkTables;
import io.streamfirst.connect.sink.FreshnessMetrics;
import io.streamfirst.connect.sink.IdleWakeup;
import io.streamfirst.connect.sink.TableFreshness;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.RetriableException;
import org.apache.kafka.connect.sink.SinkTaskContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The commit cycle of one task (DESIGN.md, "The cycle"): tracks the offsets consumed and made durable,
 * decides when to commit (interval, buffer bound, before a schema change, partitions released), completes
 * every table's changes into a queued {@link PendingCommit} with the offsets consumed at that moment, waits
 * for the dead-letter reports those offsets pass, commits each table's queue, and only then makes the
 * offsets durable for Connect; then compacts the tables committed to. Crash points are reached through the
 * injected {@link CrashPoints}.
 */
public final class CommitCycle {

  private static final Logger LOG = LoggerFactory.getLogger(CommitCycle.class);
  /** Longest a commit keeps retrying an unreachable catalog inside one call before the task reports it. */
  private static final long UNREACHABLE_COMMIT_BUDGET_MS = 5_000;

  private final SinkTables tables;
  private final CatalogConnection catalog;
  private final TableCommitter committer;
  private final CompactionTrigger compaction;
  private final CrashPoints crashPoints;
  private final FreshnessMetrics metrics;
  private TableFreshness freshness = TableFreshness.unpublished(Clock.systemUTC());
  private final SinkTaskContext context;
  private final Clock clock;
  private final String connector;
  private final int taskNumber;
  private final long commitIntervalMs;
  private final long bufferMaxBytes;
  private final Duration unreachableBudget;
  private final Offsets offsets = new Offsets();
  /** Dead-letter reports not yet known to be durable: a commit that moves offsets past them waits for them. */
  private final List<Future<Void>> reports = new ArrayList<>();
  private long bufferedBytes;
  /** When the last commit cycle began: the interval runs from one cycle's start to the next one's. */
  private long lastCommitMs;
  /** Set when this task must not touch the tables again (injected crash, fenced, failed commit). */
  private boolean dead;

  public CommitCycle(IcebergSinkConfig config, int taskNumber, SinkTables tables, CatalogConnection catalog,
      FreshnessMetrics metrics, CrashPoints crashPoints, SinkTaskContext context, Clock clock) {
    this.connector = config.connectorName();
    this.taskNumber = taskNumber;
    this.tables = tables;
    this.catalog = catalog;
    this.committer = new TableCommitter(connector, connector + "-" + taskNumber, config.commitTimeout(), clock,
        crashPoints);
    this.compaction = new CompactionTrigger(new Compactor(config.compaction(), connector + "-" + taskNumber,
        taskNumber, crashPoints), metrics);
    this.crashPoints = crashPoints;
    this.metrics = metrics;
    this.context = context;
    this.clock = clock;
    this.commitIntervalMs = config.commitInterval().toMillis();
    this.bufferMaxBytes = config.bufferMaxBytes();
    this.unreachableBudget = Duration.ofMillis(Math.min(UNREACHABLE_COMMIT_BUDGET_MS,
        config.catalogUnavailableMaxMs()));
    this.lastCommitMs = clock.millis();
  }

  // --- the task's state --------------------------------------------------------------------------------

  /** Throws when the task must not write again (after a failed commit, an injected crash, a fatal outage). */
  public void checkRunning() {
    if (dead) {
      throw new ConnectException("Task " + taskNumber + " of " + connector + " stopped after a failed commit");
    }
  }

  public boolean halted() {
    return dead;
  }

  /** The task must not touch its tables again: everything uncommitted is dropped. */
  public void halt() {
    dead = true;
    tables.abortAll();
  }

  // --- records -----------------------------------------------------------------------------------------

  /**
   * False when {@code tp@offset} (the record's original partition and offset) was taken already: Connect
   * redelivers a batch after a retriable failure.
   */
  public boolean take(TopicPartition tp, long offset) {
    return offsets.take(tp, offset);
  }

  /** A table now holds {@code bytes} more (by the sink's estimate) for the record being taken. */
  public void buffered(long bytes) {
    bufferedBytes += bytes;
  }

  /** A bad record was reported: offsets past it become durable only once the report is. */
  public void reported(Future<Void> report) {
    reports.add(report);
  }

  /** {@code tp@offset} is taken (in a writer or reported); commits early when the buffer bound is reached. */
  public void taken(TopicPartition tp, long offset) {
    offsets.taken(tp, offset);
    if (bufferedBytes >= bufferMaxBytes) {
      LOG.debug("Buffer bound of {} bytes reached, committing early", bufferMaxBytes);
      commit(true);
    }
  }

  // --- when to commit ----------------------------------------------------------------------------------

  /** Before a batch: files whose commit the catalog did not confirm go first. */
  public void commitUnconfirmedFirst() {
    if (tables.anyUnconfirmed()) {
      commit(true);
    }
  }

  /**
   * After a batch: commits when the interval has passed since the last commit began, else asks to be called
   * back when it will have. Counted from the start, a commit (and the compaction after it) that takes part of
   * the interval does not push the next one back: changes wait at most one interval plus one commit.
   */
  public void commitIfDue() {
    long sinceCommit = clock.millis() - lastCommitMs;
    if (sinceCommit >= commitIntervalMs) {
      commit(true);
    } else if (tables.anyChanges()) {
      // on an idle topic the worker would call put() again only at its next offset commit
      IdleWakeup.within(context, commitIntervalMs - sinceCommit);
    }
  }

  /**
   * What happens before a table's schema changes, in the middle of a batch: data files hold one schema, so
   * everything buffered is committed first, for every table (not only the one that changes), so that the
   * offsets the cycle records stay one set for the whole task. No compaction: it would only delay the record.
   */
  public void commitAllBeforeSchemaChange() {
    commit(false);
  }

  /**
   * Partitions are released (rebalance, shutdown): commits everything first, so nothing is replayed. While
   * the catalog is unreachable nothing can be committed: it is all dropped uncommitted (Connect's offsets
   * were never moved past it); the released partitions are replayed by their next owner, the kept ones from
   * here after a rewind.
   */
  public void release(Collection<TopicPartition> partitions) {
    try {
      if (!dead) {
        commit(false);
      }
    } catch (RetriableException e) {
      LOG.warn("Iceberg sink task {} of {}: releasing {} while the catalog is unreachable ({}); uncommitted"
          + " changes are dropped and replayed", taskNumber, connector, partitions, Secrets.describe(e));
      tables.abortAll();
      offsets.rewind(context, partitions);
    }
    offsets.release(partitions);
    tables.forgetKeyLocations();
  }

  /** What Connect may commit: the durable offsets of {@code currentOffsets}' partitions. */
  public Map<TopicPartition, OffsetAndMetadata> durable(Map<TopicPartition, OffsetAndMetadata> currentOffsets) {
    return offsets.durableOf(currentOffsets.keySet());
  }

  // --- the cycle ---------------------------------------------------------------------------------------

  /**
   * One commit cycle: each table's changes become a {@link PendingCommit} with the offsets consumed now,
   * queued behind any whose commit the catalog did not confirm; the offsets become durable once every
   * queued commit is in its table. While the catalog is unreachable the queue is kept and a retriable
   * failure thrown. Then, when {@code compact}, compacts the tables committed to.
   */
  private void commit(boolean compact) {
    Map<TopicPartition, Long> consumed = offsets.consumed();
    boolean changes = tables.anyChanges();
    List<SinkTable> pending = List.of();
    long started = clock.millis();
    try {
      awaitReports();
      if (changes) {
        crashPoints.reached(Phase.BEFORE_WRITE);
      }
      for (SinkTable table : tables.all()) {
        if (table.hasChanges()) {
          table.complete(consumed);
        }
      }
      if (changes) {
        crashPoints.reached(Phase.AFTER_WRITE);
      }
      pending = tables.all().stream().filter(SinkTable::hasUnconfirmed).toList();
      for (SinkTable table : pending) {
        commitQueue(table);
      }
      if (!pending.isEmpty()) {
        crashPoints.reached(Phase.AFTER_COMMIT);
      }
    } catch (CrashPoints.InjectedCrash e) {
      halt();
      throw e;
    } catch (RuntimeException e) {
      if (!dead && CatalogOutage.isUnreachable(e)) {
        // the commit retried for a while before giving up: the outage began no later than the cycle
        throw catalog.unreachable("committing to " + pending.stream().filter(SinkTable::hasUnconfirmed)
            .map(table -> table.table().name()).toList(), e, started);
      }
      halt();
      throw e instanceof ConnectException ? e : new ConnectException("Commit failed (" + Secrets.describe(e) + ")", e);
    }
    if (!pending.isEmpty()) {
      catalog.reachable();
    }
    offsets.durable(consumed);
    bufferedBytes = 0;
    lastCommitMs = started;
    if (compact) {
      try {
        compaction.after(pending.stream().map(SinkTable::table).toList());
      } catch (CrashPoints.InjectedCrash e) {
        halt();
        throw e;
      }
    }
  }

  /** Reports each table's commits to {@code freshness} (committed-through time) from now on. */
  public void freshness(TableFreshness freshness) {
    this.freshness = freshness;
  }

  /** Commits the table's queued commits in order; each first looks for its commit id in the table. */
  private void commitQueue(SinkTable table) {
    while (table.hasUnconfirmed()) {
      PendingCommit commit = table.nextUnconfirmed();
      table.confirmed(committer.commit(table.table(), commit, table.lastSeenOffsets(), unreachableBudget));
      long visibleAt = clock.millis();
      // the snapshot is committed: the table holds every change below the commit's offsets
      String name = table.idText();
      freshness.sampled(name, commit.sourceTimestamps(), commit.sourceTimestamps().length, visibleAt);
      commit.offsets().forEach((tp, next) -> freshness.visible(name, tp, next - 1));
      metrics.written(commit.upserts(), commit.deletes());
      metrics.committed();
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
}
