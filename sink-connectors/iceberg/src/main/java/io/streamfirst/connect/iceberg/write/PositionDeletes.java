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
import org.apache.iceberg.deletes.PositionDeleteIndex;
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
  /** The data files every row of which is deleted: the commit removes them. */
  private List<DataFile> removedDataFiles = List.of();
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

  /** The data files this commit leaves without a live row: it removes them. */
  public List<DataFile> removedDataFiles() {
    return removedDataFiles;
  }

  /**
   * Writes the delete files for {@link #doomed()}: one per data file referenced (a position-delete file that
   * references only it, or on format version 3 a deletion vector), holding the file's earlier positions (its
   * current file-scoped deletes, which the commit then removes) and this commit's. A data file left without a
   * live row gets no delete file: the commit removes it, with its earlier deletes.
   */
  List<DeleteFile> writeDeleteFiles() {
    replacedDeletes = List.of();
    removedDataFiles = List.of();
    if (doomed.isEmpty()) {
      return List.of();
    }
    Map<String, List<RowLocation>> byFile = new HashMap<>();
    doomed.values().forEach(rows -> rows.forEach(r -> byFile.computeIfAbsent(r.path(), p -> new ArrayList<>()).add(r)));
    Map<String, FileScanTask> current = currentFiles(byFile.keySet());
    BaseDeleteLoader loader = new BaseDeleteLoader(d -> table.io().newInputFile(d));
    Map<String, PositionDeleteIndex> previous = new HashMap<>();
    List<DeleteFile> replaced = new ArrayList<>();
    List<DataFile> emptied = new ArrayList<>();
    for (Map.Entry<String, List<RowLocation>> e : byFile.entrySet()) {
      FileScanTask t = current.get(e.getKey());
      if (t == null) {
        continue; // not in the lookup's snapshot (an empty table): nothing to merge
      }
      // deletion vectors replace whatever position deletes the file had; version 2 merges file-scoped ones
      List<DeleteFile> before = t.deletes().stream().filter(d -> d.content() == FileContent.POSITION_DELETES)
          .filter(d -> vectors != null || ContentFileUtil.isFileScoped(d)).toList();
      PositionDeleteIndex earlier = before.isEmpty() ? null : loader.loadPositionDeletes(before, e.getKey());
      long deleted = earlier == null ? 0 : earlier.cardinality();
      for (RowLocation row : e.getValue()) {
        if (earlier == null || !earlier.isDeleted(row.pos())) {
          deleted++;
        }
      }
      if (deleted >= t.file().recordCount()) {
        emptied.add(t.file());
        before.stream().filter(ContentFileUtil::isFileScoped).forEach(replaced::add);
      } else if (earlier != null) {
        previous.put(e.getKey(), earlier);
      }
    }
    Set<String> removed = new HashSet<>();
    emptied.forEach(f -> removed.add(f.location()));
    DeleteWriteResult result = vectors != null
        ? writeDeletionVectors(byFile, removed, previous)
        : writePositionDeleteFiles(byFile, removed, previous);
    replaced.addAll(result.rewrittenDeleteFiles());
    replacedDeletes = replaced;
    removedDataFiles = emptied;
    return new ArrayList<>(result.deleteFiles());
  }

  private DeleteWriteResult writePositionDeleteFiles(Map<String, List<RowLocation>> byFile, Set<String> removed,
      Map<String, PositionDeleteIndex> previous) {
    FanoutPositionOnlyDeleteWriter<Record> writer = new FanoutPositionOnlyDeleteWriter<>(writers, files, table.io(),
        targetFileSize, DeleteGranularity.FILE, path -> previous.get(path.toString()));
    PositionDelete<Record> delete = PositionDelete.create();
    try {
      try {
        for (Map.Entry<String, List<RowLocation>> e : byFile.entrySet()) {
          if (removed.contains(e.getKey())) {
            continue;
          }
          for (RowLocation row : e.getValue()) {
            writer.write(delete.set(row.path(), row.pos()), table.specs().get(row.specId()), row.partition());
          }
        }
      } finally {
        writer.close();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Writing position deletes of table " + table.name() + " failed", e);
    }
    return writer.result();
  }

  private DeleteWriteResult writeDeletionVectors(Map<String, List<RowLocation>> byFile, Set<String> removed,
      Map<String, PositionDeleteIndex> previous) {
    BaseDVFileWriter writer = new BaseDVFileWriter(vectors, previous::get);
    try {
      try {
        for (Map.Entry<String, List<RowLocation>> e : byFile.entrySet()) {
          if (removed.contains(e.getKey())) {
            continue;
          }
          for (RowLocation row : e.getValue()) {
            writer.delete(row.path(), row.pos(), table.specs().get(row.specId()), row.partition());
          }
        }
      } finally {
        writer.close();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Writing deletion vectors of table " + table.name() + " failed", e);
    }
    return writer.result();
  }

  /** The data files {@code paths} as planned in the lookup's snapshot, with the deletes that apply to them. */
  private Map<String, FileScanTask> currentFiles(Set<String> paths) {
    Map<String, FileScanTask> out = new HashMap<>();
    if (lookupSnapshotId == null) {
      return out;
    }
    try (CloseableIterable<FileScanTask> tasks = table.newScan().useSnapshot(lookupSnapshotId).planFiles()) {
      for (FileScanTask t : tasks) {
        if (paths.contains(t.file().location())) {
          out.put(t.file().location(), t);
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
