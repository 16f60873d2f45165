// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.iceberg.write;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DeleteFile;
import org.apache.iceberg.FileContent;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.data.BaseDeleteLoader;
import org.apache.iceberg.deletes.BaseDVFileWriter;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.io.DeleteWriteResult;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.GenericFileWriterFactory;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.deletes.DeleteGranularity;
import org.apache.iceberg.deletes.PositionDelete;
import org.apache.iceberg.io.FanoutPositionOnlyDeleteWriter;
import org.apache.iceberg.io.OutputFileFactory;
import org.apache.iceberg.util.ContentFileUtil;

/**
 * The position-delete side of one upsert commit in delete mode {@code position}: the rows it deletes (each
 * touched key's earlier rows, found in the snapshot it looked them up in), the rows it writes (for the key
 * index once the commit is confirmed) and the keys it deletes. When a data file it deletes from was replaced
 * after the lookup, {@link #redo} looks those keys up again and writes new delete files.
 */
public final class PositionDeletes {

  private final Table table;
  private final KeyLookup lookup;
  private final GenericFileWriterFactory writers;
  private final OutputFileFactory files;
  private final long targetFileSize;
  private final Map<List<Object>, List<RowLocation>> doomed;
  private final Map<List<Object>, RowLocation> written;
  private final Set<List<Object>> deletedKeys;
  /** Deletion vectors (format version 3) instead of position-delete files: written by this factory. */
  private final OutputFileFactory vectors;
  /** The delete files merged into this commit's (deletion vectors, file-scoped position deletes): the commit removes them. */
  private List<DeleteFile> replacedDeletes = List.of();
  private Long lookupSnapshotId;

  PositionDeletes(Table table, KeyLookup lookup, GenericFileWriterFactory writers, OutputFileFactory files,
      long targetFileSize, Long lookupSnapshotId, Map<List<Object>, List<RowLocation>> doomed,
      Map<List<Object>, RowLocation> written, Set<List<Object>> deletedKeys, OutputFileFactory vectors) {
    this.vectors = vectors;
    this.table = table;
    this.lookup = lookup;
    this.writers = writers;
    this.files = files;
    this.targetFileSize = targetFileSize;
    this.lookupSnapshotId = lookupSnapshotId;
    this.doomed = doomed;
    this.written = written;
    this.deletedKeys = deletedKeys;
  }

  /** The snapshot the deleted rows were found in (validate the commit from it); null for an empty table. */
  public Long lookupSnapshotId() {
    return lookupSnapshotId;
  }

  /** The data files the position deletes point into: they must still exist when the commit lands. */
  public Set<String> referencedDataFiles() {
    Set<String> out = new HashSet<>();
    doomed.values().forEach(rows -> rows.forEach(r -> out.add(r.path())));
    return out;
  }

  /** The rows written, by key (in the commit's new data files). */
  public Map<List<Object>, RowLocation> written() {
    return written;
  }

  /** The keys whose last change in the commit is a delete. */
  public Set<List<Object>> deletedKeys() {
    return deletedKeys;
  }

  /** The delete files this commit's replace (they are merged into the new ones). */
  public List<DeleteFile> replacedDeletes() {
    return replacedDeletes;
  }

  /** Writes the position-delete files for {@link #doomed()}: one per data file referenced, sorted by position. */
  List<DeleteFile> writeDeleteFiles() {
    replacedDeletes = List.of();
    if (doomed.isEmpty()) {
      return List.of();
    }
    if (vectors != null) {
      return writeDeletionVectors();
    }
    // one file-scoped position-delete file per data file: its earlier file-scoped deletes are merged into it
    // and the commit removes them, so a reader opens at most one delete file of this sink per data file
    Map<String, List<DeleteFile>> previous = currentDeletes(true);
    BaseDeleteLoader loader = new BaseDeleteLoader(d -> table.io().newInputFile(d));
    FanoutPositionOnlyDeleteWriter<Record> writer = new FanoutPositionOnlyDeleteWriter<>(writers, files, table.io(),
        targetFileSize, DeleteGranularity.FILE, path -> {
          List<DeleteFile> before = previous.get(path.toString());
          return before == null || before.isEmpty() ? null : loader.loadPositionDeletes(before, path);
        });
    PositionDelete<Record> delete = PositionDelete.create();
    try {
      try {
        for (List<RowLocation> rows : doomed.values()) {
          for (RowLocation row : rows) {
            writer.write(delete.set(row.path(), row.pos()), table.specs().get(row.specId()), row.partition());
          }
        }
      } finally {
        writer.close();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Writing position deletes of table " + table.name() + " failed", e);
    }
    DeleteWriteResult result = writer.result();
    replacedDeletes = new ArrayList<>(result.rewrittenDeleteFiles());
    return new ArrayList<>(result.deleteFiles());
  }

  /**
   * Format version 3: one deletion vector per data file, holding the positions deleted before (its current
   * vector, which the commit then replaces) and the ones of this commit.
   */
  private List<DeleteFile> writeDeletionVectors() {
    Map<String, List<DeleteFile>> previous = currentDeletes(false);
    BaseDeleteLoader loader = new BaseDeleteLoader(d -> table.io().newInputFile(d));
    BaseDVFileWriter writer = new BaseDVFileWriter(vectors, path -> {
      List<DeleteFile> before = previous.get(path);
      return before == null || before.isEmpty() ? null : loader.loadPositionDeletes(before, path);
    });
    try {
      try {
        for (List<RowLocation> rows : doomed.values()) {
          for (RowLocation row : rows) {
            writer.delete(row.path(), row.pos(), table.specs().get(row.specId()), row.partition());
          }
        }
      } finally {
        writer.close();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Writing deletion vectors of table " + table.name() + " failed", e);
    }
    DeleteWriteResult result = writer.result();
    replacedDeletes = new ArrayList<>(result.rewrittenDeleteFiles());
    return new ArrayList<>(result.deleteFiles());
  }

  /**
   * The position deletes (deletion vectors, or with {@code fileScopedOnly} the position-delete files that
   * reference only that data file) that apply in the lookup's snapshot to the data files referenced.
   */
  private Map<String, List<DeleteFile>> currentDeletes(boolean fileScopedOnly) {
    Map<String, List<DeleteFile>> out = new HashMap<>();
    if (lookupSnapshotId == null) {
      return out;
    }
    Set<String> referenced = referencedDataFiles();
    try (CloseableIterable<FileScanTask> tasks = table.newScan().useSnapshot(lookupSnapshotId).planFiles()) {
      for (FileScanTask t : tasks) {
        if (referenced.contains(t.file().location())) {
          out.put(t.file().location(), t.deletes().stream()
              .filter(d -> d.content() == FileContent.POSITION_DELETES)
              .filter(d -> !fileScopedOnly || ContentFileUtil.isFileScoped(d)).toList());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Planning the files of " + table.name() + " failed", e);
    }
    return out;
  }

  /**
   * After the commit's validation failed: follows the table from the lookup's snapshot to its current one
   * (the caller refreshed it), looks up again the keys whose rows were in data files removed meanwhile (all
   * keys when the history does not lead back to the lookup), and returns the commit's files with new
   * delete files, or {@code current} when no key was affected. The lookup's snapshot moves to the current one.
   */
  public TableWriter.Files redo(TableWriter.Files current) {
    Snapshot now = table.currentSnapshot();
    Set<String> removed = removedSince(now);
    Map<List<Object>, List<RowLocation>> again = new LinkedHashMap<>();
    for (Map.Entry<List<Object>, List<RowLocation>> e : doomed.entrySet()) {
      if (removed == null || e.getValue().stream().anyMatch(r -> removed.contains(r.path()))) {
        again.put(e.getKey(), e.getValue());
      }
    }
    lookupSnapshotId = now == null ? null : now.snapshotId();
    // the delete files are rewritten in any case: they merge the data files' current deletes, which may have
    // changed meanwhile (another deletion vector added, an earlier delete file dropped with its data file)
    Map<List<Object>, List<RowLocation>> found = lookup.find(now, again.keySet());
    for (List<Object> key : again.keySet()) {
      List<RowLocation> rows = found.get(key);
      if (rows == null) {
        doomed.remove(key);
      } else {
        doomed.put(key, rows);
      }
    }
    return new TableWriter.Files(current.dataFiles(), writeDeleteFiles(), this);
  }

  /** Data files removed by the snapshots after the lookup's, up to {@code now}; null when the history does not lead back. */
  private Set<String> removedSince(Snapshot now) {
    Set<String> removed = new HashSet<>();
    if (lookupSnapshotId == null) {
      return now == null ? removed : null;
    }
    int walked = 0;
    for (Snapshot s = now; s != null; s = s.parentId() == null ? null : table.snapshot(s.parentId())) {
      if (s.snapshotId() == lookupSnapshotId) {
        return removed;
      }
      if (++walked > 1_000) {
        return null;
      }
      for (DataFile f : s.removedDataFiles(table.io())) {
        removed.add(f.location());
      }
    }
    return null;
  }
}
