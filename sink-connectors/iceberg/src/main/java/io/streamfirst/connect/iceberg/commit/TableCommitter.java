package io.streamfirst.connect.iceberg.commit;

import io.streamfirst.connect.iceberg.write.TableWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.apache.iceberg.AppendFiles;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DeleteFile;
import org.apache.iceberg.RowDelta;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotUpdate;
import org.apache.iceberg.Table;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.exceptions.CommitStateUnknownException;
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

  public TableCommitter(String connector, String task, Duration timeout, Clock clock) {
    this.connector = connector;
    this.task = task;
    this.timeout = timeout;
    this.clock = clock;
  }

  /**
   * Commits {@code files} with {@code offsets}.
   *
   * @param expected the offsets of these partitions this task last read from or wrote to the table
   * @return the new snapshot
   */
  public Snapshot commit(Table table, TableWriter.Files files, Map<TopicPartition, Long> offsets,
      Map<TopicPartition, Long> expected, long sourceTs) {
    String commitId = UUID.randomUUID().toString();
    long deadline = clock.millis() + timeout.toMillis();
    long backoff = 100;
    while (true) {
      table.refresh();
      Snapshot done = findCommit(table, commitId);
      if (done != null) {
        return done;
      }
      checkOwnership(table, offsets, expected);
      try {
        SnapshotUpdate<?> update = files.deleteFiles().isEmpty() ? append(table, files) : rowDelta(table, files);
        update.set(CommitSummary.CONNECTOR, connector);
        update.set(CommitSummary.TASK, task);
        update.set(CommitSummary.OFFSETS, CommitSummary.encode(offsets));
        update.set(COMMIT_ID, commitId);
        if (sourceTs >= 0) {
          update.set(CommitSummary.SOURCE_TS, Long.toString(sourceTs));
        }
        update.commit();
        table.refresh();
        Snapshot snapshot = findCommit(table, commitId);
        LOG.info("Committed {} data and {} delete files to {} (snapshot {}, offsets {})",
            files.dataFiles().size(), files.deleteFiles().size(), table.name(),
            snapshot == null ? "?" : snapshot.snapshotId(), CommitSummary.encode(offsets));
        return snapshot;
      } catch (CommitFailedException | CommitStateUnknownException | UncheckedSQLException e) {
        // A JDBC catalog reports a busy or failing database as an unchecked SQL error whose outcome is
        // unknown; like an unknown state it is retried, and the retry first looks for this commit's id.
        if (clock.millis() > deadline) {
          throw new ConnectException("Commit to " + table.name() + " did not succeed within " + timeout.toMillis()
              + " ms (" + e.getClass().getSimpleName() + "); the task fails and its changes are replayed from"
              + " Kafka on restart. Raise iceberg.commit.timeout.ms if the catalog is slow.", e);
        }
        LOG.warn("Commit to {} failed ({}), retrying", table.name(), e.getClass().getSimpleName());
        pause(backoff);
        backoff = Math.min(backoff * 2, 5_000);
      }
    }
  }

  private static SnapshotUpdate<?> append(Table table, TableWriter.Files files) {
    AppendFiles append = table.newAppend();
    for (DataFile f : files.dataFiles()) {
      append.appendFile(f);
    }
    return append;
  }

  private static SnapshotUpdate<?> rowDelta(Table table, TableWriter.Files files) {
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
