// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.iceberg.compact;

import io.streamfirst.connect.iceberg.catalog.Secrets;
import io.streamfirst.connect.iceberg.commit.CrashPoints;
import io.streamfirst.connect.iceberg.commit.CrashPoints.Phase;
import io.streamfirst.connect.iceberg.commit.TableCommitter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DeleteFile;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.FileContent;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.RewriteFiles;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotSummary;
import org.apache.iceberg.StructLike;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.GenericDeleteFilter;
import org.apache.iceberg.data.GenericFileWriterFactory;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.IdentityPartitionConverters;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.exceptions.ValidationException;
import org.apache.iceberg.formats.FormatModelRegistry;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.io.ClusteredDataWriter;
import org.apache.iceberg.io.OutputFileFactory;
import org.apache.iceberg.util.ContentFileUtil;
import org.apache.iceberg.util.PartitionUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the live files of a table bounded between commits (see DESIGN.md, "Compaction").
 *
 * <p>After a commit cycle the task asks the compactor to look at each table it committed to. A partition
 * qualifies when one of its data files is covered by at least {@link Settings#deleteFiles} delete files,
 * or has at least half of its rows removed by position deletes that reference only it (then every data file of the partition is rewritten with the deletes applied, and the delete files that
 * covered only those data files are dropped), or when it holds at least {@link Settings#smallFiles} data
 * files under three quarters of the target size (then those are merged). The rewrite is one
 * {@link RewriteFiles} snapshot validated from the snapshot it read and stamped with that snapshot's data
 * sequence number, so changes other writers commit meanwhile, equality deletes included, still apply to
 * the rewritten rows. The table's contents never change; the snapshot carries no offsets.
 *
 * <p>A compaction that loses a race (another writer rewrote the same files first) or fails is dropped
 * and its files deleted; the task goes on ingesting and tries again after a later commit.
 */
public final class Compactor {

  private static final Logger LOG = LoggerFactory.getLogger(Compactor.class);
  /** Snapshot summary property naming the task that compacted. */
  public static final String COMPACTED_BY = "sf.compacted.by";

  /** When and how much to compact. */
  public record Settings(boolean enabled, int deleteFiles, int smallFiles, long maxBytes, long targetFileSize) {
  }

  /** What one call did. */
  public record Result(Outcome outcome, int partitions, int dataFilesRewritten, int deleteFilesRemoved,
      int dataFilesWritten, long bytesRead) {

    /** An outcome with nothing rewritten. */
    public static Result of(Outcome outcome) {
      return new Result(outcome, 0, 0, 0, 0, 0);
    }
  }

  /** How a call ended. */
  public enum Outcome {
    /** Nothing qualified. */
    NOTHING_TO_DO,
    /** A rewrite was committed. */
    COMPACTED,
    /** Another writer committed a conflicting change first; nothing was changed. */
    CONFLICT,
    /** Writing or committing failed; nothing was changed (or, with an unknown commit state, maybe it was). */
    FAILED
  }

  private final Settings settings;
  private final String task;
  private final int writerId;
  private final CrashPoints crashPoints;
  /** Tables already warned about for partitions too large for {@code maxBytes}. */
  private final Set<String> warnedOversize = new HashSet<>();

  /**
   * @param task names the task in the snapshots it commits ({@value #COMPACTED_BY})
   * @param writerId distinguishes the files of concurrent writers (the task number)
   */
  public Compactor(Settings settings, String task, int writerId) {
    this(settings, task, writerId, CrashPoints.NONE);
  }

  public Compactor(Settings settings, String task, int writerId, CrashPoints crashPoints) {
    this.settings = settings;
    this.task = task;
    this.writerId = writerId;
    this.crashPoints = crashPoints;
  }

  /**
   * Compacts the partitions of {@code table} that qualify. A lost race or a failed rewrite is reported in
   * the result; only a failure to plan the table's files is thrown.
   */
  public Result compact(Table table) {
    if (!settings.enabled()) {
      return Result.of(Outcome.NOTHING_TO_DO);
    }
    Snapshot start = table.currentSnapshot();
    if (start == null || !worthPlanning(start)) {
      return Result.of(Outcome.NOTHING_TO_DO);
    }
    Plan plan = plan(table, start);
    List<Group> chosen = choose(table, plan);
    if (chosen.isEmpty()) {
      return Result.of(Outcome.NOTHING_TO_DO);
    }
    return rewrite(table, start, plan, chosen);
  }

  /** The snapshot's totals decide cheaply whether any partition can qualify. */
  private boolean worthPlanning(Snapshot start) {
    Map<String, String> summary = start.summary();
    long deletes = total(summary, SnapshotSummary.TOTAL_DELETE_FILES_PROP);
    long data = total(summary, SnapshotSummary.TOTAL_DATA_FILES_PROP);
    long positions = total(summary, SnapshotSummary.TOTAL_POS_DELETES_PROP);
    return deletes >= settings.deleteFiles() || data >= settings.smallFiles() || positions > 0;
  }

  private static long total(Map<String, String> summary, String key) {
    String value = summary == null ? null : summary.get(key);
    if (value == null) {
      return Long.MAX_VALUE; // unknown: plan to find out
    }
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      return Long.MAX_VALUE;
    }
  }

  /** The data files of one partition of one spec, with the delete files readers apply to them. */
  private static final class Group {
    final String name;
    final List<FileScanTask> tasks = new ArrayList<>();
    List<FileScanTask> selected = List.of();
    int maxDeletes;
    /** A data file's file-scoped position deletes remove at least half of its rows. */
    boolean halfDeleted;

    Group(String name) {
      this.name = name;
    }

    long bytes() {
      long bytes = 0;
      for (FileScanTask t : selected) {
        bytes += t.file().fileSizeInBytes();
        for (DeleteFile d : t.deletes()) {
          bytes += d.fileSizeInBytes();
        }
      }
      return bytes;
    }
  }

  private record Plan(Map<String, Group> groups, Map<String, Set<String>> deleteTargets) {
  }

  private static Plan plan(Table table, Snapshot start) {
    Map<String, Group> groups = new LinkedHashMap<>();
    Map<String, Set<String>> deleteTargets = new HashMap<>();
    try (CloseableIterable<FileScanTask> tasks = table.newScan().useSnapshot(start.snapshotId()).planFiles()) {
      for (FileScanTask t : tasks) {
        DataFile file = t.file();
        PartitionSpec spec = table.specs().get(file.specId());
        String name = spec.isUnpartitioned()
            ? "(unpartitioned)"
            : spec.partitionToPath(file.partition()) + (file.specId() == table.spec().specId()
                ? ""
                : " (spec " + file.specId() + ")");
        Group group = groups.computeIfAbsent(file.specId() + "/" + name, k -> new Group(name));
        group.tasks.add(t);
        group.maxDeletes = Math.max(group.maxDeletes, t.deletes().size());
        group.halfDeleted |= halfDeleted(t);
        for (DeleteFile d : t.deletes()) {
          deleteTargets.computeIfAbsent(d.location(), k -> new HashSet<>()).add(file.location());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Planning the files of " + table.name() + " failed", e);
    }
    return new Plan(groups, deleteTargets);
  }

  /**
   * Whether the position deletes that reference only {@code t}'s data file (a deletion vector, or the one
   * position-delete file the sink keeps per data file in upsert delete mode {@code position}) remove at
   * least half of its rows: a reader then reads at least twice the rows it returns, however few delete
   * files it opens.
   */
  private static boolean halfDeleted(FileScanTask t) {
    long deleted = 0;
    for (DeleteFile d : t.deletes()) {
      if (d.content() == FileContent.POSITION_DELETES && ContentFileUtil.isFileScoped(d)) {
        deleted += d.recordCount();
      }
    }
    return deleted > 0 && deleted * 2 >= t.file().recordCount();
  }

  private List<Group> choose(Table table, Plan plan) {
    long small = settings.targetFileSize() / 4 * 3;
    List<Group> candidates = new ArrayList<>();
    for (Group group : plan.groups().values()) {
      if (group.maxDeletes >= settings.deleteFiles() || group.halfDeleted) {
        group.selected = group.tasks;
      } else {
        List<FileScanTask> smallFiles = group.tasks.stream().filter(t -> t.file().fileSizeInBytes() < small).toList();
        if (smallFiles.size() >= settings.smallFiles()) {
          group.selected = smallFiles;
        }
      }
      if (!group.selected.isEmpty()) {
        candidates.add(group);
      }
    }
    candidates.sort(Comparator.comparingInt((Group g) -> g.maxDeletes).thenComparingInt(g -> g.selected.size())
        .reversed());
    List<Group> chosen = new ArrayList<>();
    long budget = settings.maxBytes();
    for (Group group : candidates) {
      long bytes = group.bytes();
      if (bytes > settings.maxBytes()) {
        if (warnedOversize.add(table.name() + "/" + group.name)) {
          LOG.warn("Partition {} of {} needs compaction but holds {} bytes of files, more than"
              + " iceberg.compaction.max.bytes ({}): the sink leaves it alone. Raise the limit, partition the"
              + " table by (a bucket of) its key, or compact it with Iceberg's rewrite_data_files.",
              group.name, table.name(), bytes, settings.maxBytes());
        }
        continue;
      }
      if (bytes <= budget) {
        chosen.add(group);
        budget -= bytes;
      }
    }
    return chosen;
  }

  private Result rewrite(Table table, Snapshot start, Plan plan, List<Group> chosen) {
    Schema schema = table.schemas().getOrDefault(start.schemaId(), table.schema());
    OutputFileFactory files = OutputFileFactory.builderFor(table, writerId, System.nanoTime() & Long.MAX_VALUE)
        .format(FileFormat.PARQUET).operationId("compact-" + UUID.randomUUID()).build();
    GenericFileWriterFactory writers = new GenericFileWriterFactory.Builder(table)
        .dataFileFormat(FileFormat.PARQUET).dataSchema(schema).build();
    ClusteredDataWriter<Record> writer = new ClusteredDataWriter<>(writers, files, table.io(),
        settings.targetFileSize());
    Set<String> rewritten = new HashSet<>();
    Map<String, DeleteFile> covering = new LinkedHashMap<>();
    List<DataFile> replaced = new ArrayList<>();
    long bytesRead = 0;
    List<DataFile> written;
    try {
      try {
        for (Group group : chosen) {
          for (FileScanTask t : group.selected) {
            PartitionSpec spec = table.specs().get(t.file().specId());
            StructLike partition = t.file().partition();
            try (CloseableIterable<Record> rows = read(table, t, schema)) {
              for (Record row : rows) {
                writer.write(row, spec, partition);
              }
            }
            replaced.add(t.file());
            rewritten.add(t.file().location());
            bytesRead += t.file().fileSizeInBytes();
            for (DeleteFile d : t.deletes()) {
              covering.putIfAbsent(d.location(), d);
              bytesRead += d.fileSizeInBytes();
            }
          }
        }
      } finally {
        writer.close();
      }
      written = writer.result().dataFiles();
    } catch (IOException | RuntimeException e) {
      dropQuietly(table, writer);
      LOG.warn("Compacting {} failed while rewriting files ({}); the table is unchanged, the sink tries again"
          + " after a later commit", table.name(), Secrets.describe(e));
      return Result.of(Outcome.FAILED);
    }
    // A delete file may go only when every data file it applies to is rewritten: newer data files (of this
    // snapshot or later ones) have a sequence number it does not apply to anyway.
    List<DeleteFile> dropped = new ArrayList<>();
    for (DeleteFile d : covering.values()) {
      if (rewritten.containsAll(plan.deleteTargets().getOrDefault(d.location(), Set.of()))) {
        dropped.add(d);
      }
    }
    crashPoints.reached(Phase.COMPACTION_AFTER_WRITE);
    RewriteFiles rewrite = table.newRewrite().validateFromSnapshot(start.snapshotId())
        .dataSequenceNumber(start.sequenceNumber());
    replaced.forEach(rewrite::deleteFile);
    dropped.forEach(rewrite::deleteFile);
    written.forEach(rewrite::addFile);
    String commitId = UUID.randomUUID().toString();
    rewrite.set(COMPACTED_BY, task);
    rewrite.set(TableCommitter.COMMIT_ID, commitId);
    try {
      rewrite.commit();
    } catch (ValidationException | CommitFailedException e) {
      // Rejected: the rewrite conflicts with what another writer committed first. Iceberg retries a rejected
      // commit on the refreshed table, so an earlier attempt of this very rewrite may be what the last one
      // conflicted with: its files may go only when the history shows it is not there.
      Boolean landed = landed(table, commitId);
      if (Boolean.TRUE.equals(landed)) {
        return compacted(table, chosen, replaced, dropped, written, bytesRead);
      }
      if (Boolean.FALSE.equals(landed)) {
        delete(table, written);
      } else {
        keep(table, written);
      }
      LOG.info("Compaction of {} lost a race with another writer ({}); nothing changed, it is retried after a"
          + " later commit", table.name(), e.getClass().getSimpleName());
      return Result.of(Outcome.CONFLICT);
    } catch (RuntimeException e) {
      // The outcome is unknown (a catalog error or time-out after the request may have been sent). A history
      // without the rewrite proves nothing: the catalog may still apply a request it has received (a gateway
      // that timed out in front of it, a database transaction still running). The new files are therefore
      // never deleted here: if the rewrite never lands they are orphans, invisible to readers.
      if (Boolean.TRUE.equals(landed(table, commitId))) {
        return compacted(table, chosen, replaced, dropped, written, bytesRead);
      }
      keep(table, written);
      LOG.warn("Committing the compaction of {} failed with an unknown outcome ({}); the table's rows are"
          + " unchanged either way, the sink tries again after a later commit", table.name(),
          e.getClass().getSimpleName());
      return Result.of(Outcome.FAILED);
    }
    return compacted(table, chosen, replaced, dropped, written, bytesRead);
  }

  private static Result compacted(Table table, List<Group> chosen, List<DataFile> replaced, List<DeleteFile> dropped,
      List<DataFile> written, long bytesRead) {
    LOG.info("Compacted {} partition(s) of {}: {} data and {} delete files replaced by {} data files ({} bytes"
        + " read)", chosen.size(), table.name(), replaced.size(), dropped.size(), written.size(), bytesRead);
    return new Result(Outcome.COMPACTED, chosen.size(), replaced.size(), dropped.size(), written.size(), bytesRead);
  }

  /** Leaves files a commit with an unknown outcome may reference; they are orphans if it never lands. */
  private static void keep(Table table, List<DataFile> files) {
    if (!files.isEmpty()) {
      LOG.info("Keeping the {} file(s) of an unconfirmed compaction of {} (e.g. {}): if the commit never lands"
          + " they are orphans that Iceberg's remove_orphan_files deletes", files.size(), table.name(),
          files.get(0).location());
    }
  }

  /** Whether the snapshot with {@code commitId} is in the table's recent history; null when unreadable. */
  private static Boolean landed(Table table, String commitId) {
    try {
      table.refresh();
      return TableCommitter.findCommit(table, commitId) != null;
    } catch (RuntimeException e) {
      return null;
    }
  }

  /** The rows of one data file with every delete that applies to it removed, in {@code schema}. */
  private static CloseableIterable<Record> read(Table table, FileScanTask t, Schema schema) {
    GenericDeleteFilter deletes = new GenericDeleteFilter(table.io(), t, schema, schema);
    Schema readSchema = deletes.requiredSchema();
    Map<Integer, ?> constants = PartitionUtil.constantsMap(t, IdentityPartitionConverters::convertConstant);
    CloseableIterable<Record> rows = FormatModelRegistry.<Record, Object>readBuilder(t.file().format(),
        Record.class, table.io().newInputFile(t.file())).project(readSchema).idToConstant(constants).build();
    CloseableIterable<Record> live = deletes.filter(rows);
    if (readSchema.columns().size() == schema.columns().size()) {
      return live;
    }
    // position deletes add metadata columns to the read schema; the rewritten rows hold the table's only
    int width = schema.columns().size();
    return CloseableIterable.transform(live, row -> {
      Record out = GenericRecord.create(schema);
      for (int i = 0; i < width; i++) {
        out.set(i, row.getField(schema.columns().get(i).name()));
      }
      return out;
    });
  }

  private static void dropQuietly(Table table, ClusteredDataWriter<Record> writer) {
    try {
      writer.close();
      delete(table, writer.result().dataFiles());
    } catch (IOException | RuntimeException e) {
      // best effort: files no snapshot references are invisible to readers
    }
  }

  private static void delete(Table table, List<DataFile> files) {
    for (DataFile f : files) {
      try {
        table.io().deleteFile(f.location());
      } catch (RuntimeException e) {
        // best effort, as above
      }
    }
  }
}
