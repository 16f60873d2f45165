// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.iceberg.write;

import java.util.Iterator;
import java.util.LinkedHashMap;
import org.apache.iceberg.deletes.PositionDeleteIndex;

/**
 * Per table and task, in upsert delete mode {@code position}: the deleted positions of data files as the
 * delete file this task last committed for each holds them, so that the next commit deleting rows of the
 * file merges them from memory instead of reading that delete file back. An entry names the delete file it
 * describes; it is used only while the lookup's snapshot still gives the data file exactly that delete file
 * (files are immutable and their names unique, so the positions are then exactly the file's). Anything else
 * (another writer's delete file, a compaction, a restart) is a miss: the delete file is read from the table.
 * At most {@link #MAX_POSITIONS} positions are held, least recently used files dropped first.
 */
final class DeletedPositions {

  /** Most positions held (a bitmap: about 1 bit per row of a dense file, 2 bytes per position at worst). */
  static final long MAX_POSITIONS = 16_000_000L;

  private record Entry(String deleteFile, PositionDeleteIndex positions) {
  }

  private final long maxPositions;
  private final LinkedHashMap<String, Entry> byDataFile = new LinkedHashMap<>(16, 0.75f, true);
  private long held;

  DeletedPositions() {
    this(MAX_POSITIONS);
  }

  DeletedPositions(long maxPositions) {
    this.maxPositions = maxPositions;
  }

  /** The positions {@code deleteFile} deletes from {@code dataFile}, or null when not held (do not modify). */
  PositionDeleteIndex get(String dataFile, String deleteFile) {
    Entry e = byDataFile.get(dataFile);
    return e != null && e.deleteFile().equals(deleteFile) ? e.positions() : null;
  }

  /** {@code deleteFile}, now committed, deletes {@code positions} (all of them) from {@code dataFile}. */
  void put(String dataFile, String deleteFile, PositionDeleteIndex positions) {
    remove(dataFile);
    long size = positions.cardinality();
    if (size > maxPositions) {
      return;
    }
    byDataFile.put(dataFile, new Entry(deleteFile, positions));
    held += size;
    for (Iterator<Entry> it = byDataFile.values().iterator(); held > maxPositions && it.hasNext();) {
      held -= it.next().positions().cardinality();
      it.remove();
    }
  }

  /** {@code dataFile} left the table (every row deleted) or its entry is no longer known to be right. */
  void remove(String dataFile) {
    Entry e = byDataFile.remove(dataFile);
    if (e != null) {
      held -= e.positions().cardinality();
    }
  }

  void clear() {
    byDataFile.clear();
    held = 0;
  }
}
