// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.iceberg.write;

import java.util.Iterator;
import java.util.LinkedHashMap;
import org.apache.iceberg.deletes.PositionDeleteIndex;

/**
 * Per table and task, in upsert delete mode {@code position}: the deleted positions of the delete files this
 * task committed, by delete file, so that a later commit merging a delete file into its own reads it from
 * memory instead of from storage. An entry names the data file its positions belong to; it is used only for
 * that data file, and only while the lookup's snapshot still lists the delete file (files are immutable and
 * their names unique, so the positions are then exactly the file's). Anything else (another writer's delete
 * file, a compaction, a restart) is a miss: the delete file is read from the table. At most
 * {@link #MAX_POSITIONS} positions are held, least recently used delete files dropped first.
 */
final class DeletedPositions {

  /** Most positions held (a bitmap: about 1 bit per row of a dense file, 2 bytes per position at worst). */
  static final long MAX_POSITIONS = 16_000_000L;

  private record Entry(String dataFile, PositionDeleteIndex positions) {
  }

  private final long maxPositions;
  private final LinkedHashMap<String, Entry> byDeleteFile = new LinkedHashMap<>(16, 0.75f, true);
  private long held;

  DeletedPositions() {
    this(MAX_POSITIONS);
  }

  DeletedPositions(long maxPositions) {
    this.maxPositions = maxPositions;
  }

  /** The positions {@code deleteFile} deletes from {@code dataFile}, or null when not held (do not modify). */
  PositionDeleteIndex get(String dataFile, String deleteFile) {
    Entry e = byDeleteFile.get(deleteFile);
    return e != null && e.dataFile().equals(dataFile) ? e.positions() : null;
  }

  /** {@code deleteFile}, now committed, deletes {@code positions} (all of them) from {@code dataFile}. */
  void put(String dataFile, String deleteFile, PositionDeleteIndex positions) {
    removeDeleteFile(deleteFile);
    long size = positions.cardinality();
    if (size > maxPositions) {
      return;
    }
    byDeleteFile.put(deleteFile, new Entry(dataFile, positions));
    held += size;
    for (Iterator<Entry> it = byDeleteFile.values().iterator(); held > maxPositions && it.hasNext();) {
      held -= it.next().positions().cardinality();
      it.remove();
    }
  }

  /** {@code deleteFile} left the table (merged into a newer one, or removed with its data file). */
  void removeDeleteFile(String deleteFile) {
    Entry e = byDeleteFile.remove(deleteFile);
    if (e != null) {
      held -= e.positions().cardinality();
    }
  }

  /** {@code dataFile} left the table (every row deleted): its delete files' positions are dropped. */
  void remove(String dataFile) {
    for (Iterator<Entry> it = byDeleteFile.values().iterator(); it.hasNext();) {
      Entry e = it.next();
      if (e.dataFile().equals(dataFile)) {
        held -= e.positions().cardinality();
        it.remove();
      }
    }
  }

  void clear() {
    byDeleteFile.clear();
    held = 0;
  }
}
