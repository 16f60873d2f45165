// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.iceberg.commit;

import io.streamfirst.connect.iceberg.catalog.CatalogOutage;
import io.streamfirst.connect.iceberg.catalog.Secrets;
import io.streamfirst.connect.iceberg.write.PositionDeletes;
import io.streamfirst.connect.iceberg.write.TableWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import org.apache.iceberg.AppendFiles;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DeleteFile;
import org.apache.iceberg.RowDelta;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotUpdate;
import org.apache.iceberg.Table;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.exceptions.ValidationException;
import org.apache.iceberg.jdbc.UncheckedSQLException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.errors.ConnectException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Commits one task's files to one table as one snapshot whose summary carries the task's consumed offsets
 * (see {@link CommitSummary}). Before every attempt it re-reads the table's committed offsets: if another
 * writer committed any of this task's partitions past what this task last saw, this task no longer owns
 * them (a zombie after a rebalance) and fails instead of committing duplicates. Conflicts with concurrent
 * writers are retried until the commit timeout.
 */
public final class TableCommitter {

  private static final Logger LOG = LoggerFactory.getLogger(TableCommitter.class);
  public static final String COMMIT_ID = "sf.commit.id";

  private final String connector;
  private final String task;
  private final Duration timeout;
  private final Clock clock;
  private final CrashPoints crashPoints;

  public TableCommitter(String connector, String task, Duration timeout, Clock clock) {
    this(connector, task, timeout, clock, CrashPoints.NONE);
  }

  public TableCommitter(String connector, String task, Duration timeout, Clock clock, CrashPoints crashPoints) {
    this.connector = connector;
    this.task = task;
    this.timeout = timeout;
    this.clock = clock;
    this.crashPoints = crashPoints;
  }

  /**
   * Commits {@code pending} to {@code table}, or finds that an earlier attempt with its commit id already did.
   *
   * @param expected the offsets of these partitions this task last read from or wrote to the table
   * @param unreachableBudget how long to keep retrying while the catalog cannot be reached; then the last
   *     such failure is thrown as it is (the task decides whether the outage is still transient)
   * @return the new snapshot (null when the history cannot be read right after a successful commit)
   */
  public Snapshot commit(Table table, PendingCommit pending, Map<TopicPartition, Long> expected,
      Duration unreachableBudget) {
    long deadline = clock.millis() + timeout.toMillis();
    long unreachableSince = -1;
    long backoff = 100;
    while (true) {
      try {
        table.refresh();
        Snapshot done = findCommit(table, pending.commitId());
        if (done != null) {
          if (pending.maybeApplied()) {
            LOG.info("Commit {} to {} (offsets {}) had landed although its outcome was unknown: not repeated",
                pending.commitId(), table.name(), CommitSummary.encode(pending.offsets()));
          }
          return done;
        }
        checkOwnership(table, pending.offsets(), expected);
        SnapshotUpdate<?> update = update(table, pending);
        update.set(CommitSummary.CONNECTOR, connector);
        update.set(CommitSummary.TASK, task);
        update.set(CommitSummary.OFFSETS, CommitSummary.encode(pending.offsets()));
        update.set(COMMIT_ID, pending.commitId());
        if (pending.sourceTs() >= 0) {
          update.set(CommitSummary.SOURCE_TS, Long.toString(pending.sourceTs()));
        }
        crashPoints.reached(CrashPoints.Phase.COMMIT_REQUEST);
        try {
          update.commit();
        } catch (CommitFailedException | ValidationException e) {
          throw e; // rejected: not applied
        } catch (RuntimeException e) {
          pending.maybeApplied(true); // the request may have been applied, now or later
          throw e;
        }
        pending.maybeApplied(true); // applied: whatever happens next, the id decides
        crashPoints.reached(CrashPoints.Phase.COMMIT_DONE);
        table.refresh();
        Snapshot snapshot = findCommit(table, pending.commitId());
        LOG.info("Committed {} data and {} delete files to {} (snapshot {}, offsets {})",
            pending.files().dataFiles().size(), pending.files().deleteFiles().size(), table.name(),
            snapshot == null ? "?" : snapshot.snapshotId(), CommitSummary.encode(pending.offsets()));
        return snapshot;
      } catch (CrashPoints.InjectedCrash e) {
        throw e;
      } catch (RuntimeException e) {
        long now = clock.millis();
        boolean unreachable = CatalogOutage.isUnreachable(e);
        if (unreachable) {
          unreachableSince = unreachableSince < 0 ? now : unreachableSince;
          if (now - unreachableSince >= unreachableBudget.toMillis()) {
            throw e;
          }
        } else if (!(e instanceof CommitFailedException || e instanceof ValidationException
            || e instanceof UncheckedSQLException)) {
          throw e; // not a conflict and not a catalog outage: not for this loop
        } else {
          unreachableSince = -1;
          if (e instanceof ValidationException && pending.files().positions() != null) {
            redoLookup(table, pending);
          }
        }
        // A JDBC catalog reports a busy database as an unchecked SQL error; a strict retry after an unknown
        // outcome reports any commit since its start as a validation failure. All are retried, and every
        // attempt first looks for this commit's id.
        if (now > deadline) {
          throw new ConnectException("Commit to " + table.name() + " did not succeed within " + timeout.toMillis()
              + " ms (" + Secrets.describe(e) + "); the task fails and its changes are replayed from Kafka on"
              + " restart. Raise iceberg.commit.timeout.ms if the catalog is slow.", e);
        }
        LOG.warn("Commit to {} failed ({}), retrying", table.name(), Secrets.describe(e));
        pause(backoff);
        backoff = Math.min(backoff * 2, 5_000);
      }
    }
  }

  /**
   * The snapshot update for {@code pending}. After an attempt with an unknown outcome, the update is
   * validated from the snapshot the retry starts from, rejecting any data or delete files committed since:
   * Iceberg re-applies a rejected update on the refreshed table by itself, and that table may hold the
   * earlier attempt, landed late; the rejection sends the retry back to look for the commit id.
   */
  private static SnapshotUpdate<?> update(Table table, PendingCommit pending) {
    TableWriter.Files files = pending.files();
    PositionDeletes positions = files.positions();
    if (positions != null && !(files.deleteFiles().isEmpty() && positions.removedDataFiles().isEmpty())) {
      // position deletes: the rows they delete were found in the lookup's snapshot; their files must still
      // be there, whoever committed since (a compaction may have replaced them)
      RowDelta delta = rowDelta(table, files);
      positions.replacedDeletes().forEach(delta::removeDeletes); // merged into the new ones
      positions.removedDataFiles().forEach(delta::removeRows); // every row deleted
      Long from = positions.lookupSnapshotId();
      if (from == null && pending.maybeApplied() && table.currentSnapshot() != null) {
        from = table.currentSnapshot().snapshotId();
      }
      if (from != null) {
        delta.validateFromSnapshot(from);
      }
      // the files the new deletes point into must still exist; the ones the commit removes (every row
      // deleted) are checked by validateDeletedFiles, and Iceberg rejects naming them in both
      Set<String> referenced = new HashSet<>(positions.referencedDataFiles());
      positions.removedDataFiles().forEach(f -> referenced.remove(f.location()));
      delta.validateDataFilesExist(referenced).validateDeletedFiles();
      return pending.maybeApplied() ? delta.validateNoConflictingDataFiles().validateNoConflictingDeleteFiles() : delta;
    }
    if (!pending.maybeApplied()) {
      return files.deleteFiles().isEmpty() ? append(table, files) : rowDelta(table, files);
    }
    RowDelta delta = rowDelta(table, files);
    Snapshot current = table.currentSnapshot();
    if (current != null) {
      delta.validateFromSnapshot(current.snapshotId());
    }
    return delta.validateNoConflictingDataFiles().validateNoConflictingDeleteFiles();
  }

  /**
   * Position deletes: a commit validated from the snapshot its lookup read was rejected, e.g. because a
   * compaction replaced a data file it deletes rows from. The keys of removed files are looked up again and
   * new position-delete files written; the next attempt first looks for the commit id, as every attempt.
   */
  private static void redoLookup(Table table, PendingCommit pending) {
    table.refresh();
    if (findCommit(table, pending.commitId()) != null) {
      return; // landed after all: the next attempt finds it
    }
    TableWriter.Files before = pending.files();
    TableWriter.Files redone = before.positions().redo(before);
    if (redone != before) {
      pending.files(redone);
      LOG.info("Commit {} to {}: a data file holding rows it deletes was replaced since the lookup; looked the"
          + " keys up again and wrote {} new position-delete file(s)", pending.commitId(), table.name(),
          redone.deleteFiles().size());
      if (!pending.maybeApplied()) {
        for (DeleteFile f : before.deleteFiles()) {
          try {
            table.io().deleteFile(f.location());
          } catch (RuntimeException e) {
            // best effort: a file no snapshot references is invisible to readers
          }
        }
      }
    }
  }

  private static AppendFiles append(Table table, TableWriter.Files files) {
    AppendFiles append = table.newAppend();
    for (DataFile f : files.dataFiles()) {
      append.appendFile(f);
    }
    return append;
  }

  private static RowDelta rowDelta(Table table, TableWriter.Files files) {
    RowDelta delta = table.newRowDelta();
    for (DataFile f : files.dataFiles()) {
      delta.addRows(f);
    }
    for (DeleteFile f : files.deleteFiles()) {
      delta.addDeletes(f);
    }
    return delta;
  }

  private void checkOwnership(Table table, Map<TopicPartition, Long> offsets, Map<TopicPartition, Long> expected) {
    Map<TopicPartition, Long> committed = CommitSummary.committedOffsets(table, connector, offsets.keySet());
    for (TopicPartition tp : offsets.keySet()) {
      Long now = committed.get(tp);
      Long seen = expected.get(tp);
      if (now != null && !Objects.equals(now, seen) && (seen == null || now > seen)) {
        throw new ConnectException("Another task of connector " + connector + " committed " + tp + " up to offset "
            + now + " in " + table.name() + " after this task last saw offset " + seen + ": this task no longer"
            + " owns the partition (rebalance) and drops its uncommitted changes; they are replayed by the owner.");
      }
    }
  }

  /** The snapshot among the current one's last 100 ancestors whose {@value #COMMIT_ID} is {@code commitId}, or null. */
  public static Snapshot findCommit(Table table, String commitId) {
    Snapshot s = table.currentSnapshot();
    int depth = 0;
    while (s != null && depth++ < 100) {
      if (commitId.equals(s.summary().get(COMMIT_ID))) {
        return s;
      }
      s = s.parentId() == null ? null : table.snapshot(s.parentId());
    }
    return null;
  }

  private static void pause(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ConnectException("Interrupted while retrying a commit", e);
    }
  }
}
