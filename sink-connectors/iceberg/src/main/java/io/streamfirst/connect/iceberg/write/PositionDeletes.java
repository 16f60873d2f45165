// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.iceberg.write;

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
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DeleteFile;
import org.apache.iceberg.FileContent;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.deletes.Deletes;
import org.apache.iceberg.encryption.EncryptedOutputFile;
import org.apache.iceberg.data.BaseDeleteLoader;
import org.apache.iceberg.deletes.BaseDVFileWriter;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.deletes.PositionDeleteIndex;
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
  private final OutputFileFactory files;
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
  /** Per data file the commit writes a delete file for: the positions that file holds (new and merged). */
  private Map<String, PositionDeleteIndex> merged = Map.of();
  /** The delete files written by the last {@link #writeDeleteFiles}. */
  private List<DeleteFile> writtenDeletes = List.of();
  private MergeStats lastMerge = new MergeStats(0, 0);
  /** The positions of delete files this task committed (read instead of the files). */
  private final DeletedPositions remembered;
  private BaseDeleteLoader loader;

  /**
   * Format version 2: most file-scoped position-delete files the sink leaves per data file (a reader opens
   * each). Deletion vectors (format version 3) are one per data file by the format.
   */
  public static final int MAX_DELETE_FILES_PER_DATA_FILE = 3;

  /** What one commit merged: data files that had earlier deletes, and of those, whose deletes were read back. */
  public record MergeStats(int merged, int readBack) {
  }

  PositionDeletes(Table table, KeyLookup lookup, OutputFileFactory files, Long lookupSnapshotId,
      Map<List<Object>, List<RowLocation>> doomed,
      Map<List<Object>, RowLocation> written, Set<List<Object>> deletedKeys, OutputFileFactory vectors,
      DeletedPositions remembered) {
    this.remembered = remembered;
    this.vectors = vectors;
    this.table = table;
    this.lookup = lookup;
    this.files = files;
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
   * references only it, or on format version 3 a deletion vector). A deletion vector holds the file's earlier
   * positions too (its current position deletes; the commit removes those that reference only this data file) and
   * this commit's. On format
   * version 2 the new file holds this commit's positions merged with the smallest of the file's earlier
   * file-scoped delete files ({@link #mergeOnVersion2}), so a data file has at most
   * {@link #MAX_DELETE_FILES_PER_DATA_FILE} of them and each position is rewritten a few times only. A data
   * file left without a live row gets no delete file: the commit removes it, with its earlier deletes. The
   * earlier positions come from memory when this task wrote the delete file ({@link DeletedPositions}), else
   * from the table.
   */
  List<DeleteFile> writeDeleteFiles() {
    replacedDeletes = List.of();
    removedDataFiles = List.of();
    merged = new HashMap<>();
    writtenDeletes = List.of();
    lastMerge = new MergeStats(0, 0);
    if (doomed.isEmpty()) {
      return List.of();
    }
    Map<String, List<RowLocation>> byFile = new HashMap<>();
    doomed.values().forEach(rows -> rows.forEach(r -> byFile.computeIfAbsent(r.path(), p -> new ArrayList<>()).add(r)));
    Map<String, FileScanTask> current = currentFiles(byFile.keySet());
    List<DeleteFile> replaced = new ArrayList<>();
    List<DataFile> emptied = new ArrayList<>();
    int merges = 0;
    int reads = 0;
    for (Map.Entry<String, List<RowLocation>> e : byFile.entrySet()) {
      String path = e.getKey();
      FileScanTask t = current.get(path); // null: not in the lookup's snapshot (an empty table), nothing to merge
      // deletion vectors replace whatever position deletes the file had; version 2 merges file-scoped ones
      List<DeleteFile> before = t == null
          ? List.of()
          : t.deletes().stream()
              .filter(d -> d.content() == FileContent.POSITION_DELETES)
              .filter(d -> vectors != null || ContentFileUtil.isFileScoped(d)).toList();
      PositionDeleteIndex positions = Deletes.toPositionIndex(CloseableIterable.empty());
      for (RowLocation row : e.getValue()) {
        positions.delete(row.pos());
      }
      List<DeleteFile> merging = vectors != null ? before : mergeOnVersion2(before, positions.cardinality());
      List<DeleteFile> kept = before.stream().filter(d -> !merging.contains(d)).toList();
      if (!merging.isEmpty()) {
        merges++;
        if (mergeEarlier(path, merging, positions)) {
          reads++;
        }
      }
      if (t != null && leavesNoLiveRow(t, path, positions, kept)) {
        emptied.add(t.file());
        before.stream().filter(ContentFileUtil::isFileScoped).forEach(replaced::add);
      } else {
        // a partition-scoped file (another engine's, from before an upgrade to version 3) also deletes rows of
        // other data files: its positions in this one are in the vector now, and the file stays
        merging.stream().filter(ContentFileUtil::isFileScoped).forEach(replaced::add);
        merged.put(path, positions);
      }
    }
    lastMerge = new MergeStats(merges, reads);
    List<DeleteFile> out = vectors != null ? writeDeletionVectors(byFile) : writePositionDeleteFiles(byFile);
    replacedDeletes = replaced;
    removedDataFiles = emptied;
    writtenDeletes = out;
    return new ArrayList<>(out);
  }

  /**
   * Format version 2: which of a data file's earlier file-scoped delete files the commit merges into its
   * new one, given the commit's {@code fresh} positions in it. Size-tiered: the smallest earlier files, as
   * long as each holds no more positions than the new file would so far (so a position is rewritten about
   * once per doubling of the file's deletes, not by every commit), and more of the smallest when the data file
   * would otherwise have more than {@link #MAX_DELETE_FILES_PER_DATA_FILE}.
   */
  static List<DeleteFile> mergeOnVersion2(List<DeleteFile> before, long fresh) {
    List<DeleteFile> bySize = new ArrayList<>(before);
    bySize.sort(Comparator.comparingLong(DeleteFile::recordCount));
    long positions = fresh;
    int taken = 0;
    while (taken < bySize.size() && (bySize.get(taken).recordCount() <= positions
        || bySize.size() - taken + 1 > MAX_DELETE_FILES_PER_DATA_FILE)) {
      positions += bySize.get(taken).recordCount();
      taken++;
    }
    return bySize.subList(0, taken);
  }

  /** Adds the positions of {@code deleteFiles} for {@code dataFile} to {@code into}; true when some were read back. */
  private boolean mergeEarlier(String dataFile, List<DeleteFile> deleteFiles, PositionDeleteIndex into) {
    List<DeleteFile> unknown = new ArrayList<>();
    for (DeleteFile d : deleteFiles) {
      PositionDeleteIndex held = remembered.get(dataFile, d.location());
      if (held == null) {
        unknown.add(d);
      } else {
        into.merge(held);
      }
    }
    if (!unknown.isEmpty()) {
      if (loader == null) {
        loader = new BaseDeleteLoader(d -> table.io().newInputFile(d));
      }
      into.merge(loader.loadPositionDeletes(unknown, dataFile));
    }
    return !unknown.isEmpty();
  }

  /** Whether {@code positions} and the data file's {@code kept} delete files together delete every row of it. */
  private boolean leavesNoLiveRow(FileScanTask t, String dataFile, PositionDeleteIndex positions,
      List<DeleteFile> kept) {
    long rows = t.file().recordCount();
    long atMost = positions.cardinality() + kept.stream().mapToLong(DeleteFile::recordCount).sum();
    if (atMost < rows) {
      return false;
    }
    if (kept.isEmpty()) {
      return positions.cardinality() >= rows;
    }
    PositionDeleteIndex all = Deletes.toPositionIndex(CloseableIterable.empty());
    all.merge(positions);
    mergeEarlier(dataFile, kept, all);
    return all.cardinality() >= rows;
  }

  /** What the last {@link #writeDeleteFiles} merged: data files with earlier deletes, and how many were read back. */
  public MergeStats lastMerge() {
    return lastMerge;
  }

  /** The commit landed: its delete files now hold the positions written, for the next commit to merge. */
  void remember(DeletedPositions into) {
    for (DataFile f : removedDataFiles) {
      into.remove(f.location());
    }
    for (DeleteFile d : replacedDeletes) {
      into.removeDeleteFile(d.location());
    }
    for (DeleteFile d : writtenDeletes) {
      String dataFile = d.referencedDataFile() == null ? null : d.referencedDataFile().toString();
      PositionDeleteIndex positions = dataFile == null ? null : merged.get(dataFile);
      if (positions != null) {
        into.put(dataFile, d.location(), positions);
      }
    }
  }

  /** Data files by {@link #merged} order: one Parquet position-delete file each, positions in ascending order. */
  private List<DeleteFile> writePositionDeleteFiles(Map<String, List<RowLocation>> byFile) {
    List<DeleteFile> out = new ArrayList<>();
    try {
      for (Map.Entry<String, PositionDeleteIndex> e : merged.entrySet()) {
        RowLocation any = byFile.get(e.getKey()).get(0);
        PartitionSpec spec = table.specs().get(any.specId());
        EncryptedOutputFile file = spec.isUnpartitioned()
            ? files.newOutputFile()
            : files.newOutputFile(spec, any.partition());
        out.add(PositionDeleteFileWriter.write(table, file, e.getKey(), e.getValue(), spec, any.partition()));
      }
    } catch (IOException | RuntimeException e) {
      out.forEach(d -> deleteQuietly(d.location()));
      if (e instanceof IOException io) {
        throw new UncheckedIOException("Writing position deletes of table " + table.name() + " failed", io);
      }
      throw (RuntimeException) e;
    }
    return out;
  }

  private List<DeleteFile> writeDeletionVectors(Map<String, List<RowLocation>> byFile) {
    BaseDVFileWriter writer = new BaseDVFileWriter(vectors, path -> null); // merged holds the earlier positions
    try {
      try {
        for (Map.Entry<String, PositionDeleteIndex> e : merged.entrySet()) {
          RowLocation any = byFile.get(e.getKey()).get(0);
          writer.delete(e.getKey(), e.getValue(), table.specs().get(any.specId()), any.partition());
        }
      } finally {
        writer.close();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Writing deletion vectors of table " + table.name() + " failed", e);
    }
    return writer.result().deleteFiles();
  }

  private void deleteQuietly(String location) {
    try {
      table.io().deleteFile(location);
    } catch (RuntimeException e) {
      // best effort: a file no snapshot references is invisible to readers
    }
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
