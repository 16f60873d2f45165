// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.iceberg.write;

import io.streamfirst.connect.iceberg.commit.CommitSummary;
import io.streamfirst.connect.iceberg.commit.TableCommitter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DataOperations;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.StructLike;
import org.apache.iceberg.Table;

/**
 * Per table and task, in upsert delete mode {@code position}: where the current row of each key this task
 * wrote is (see DESIGN.md, "Upsert with position deletes"). Entries come from the rows of this task's own
 * confirmed commits; a key it does not hold is looked up in the table ({@link KeyLookup}).
 *
 * <p>The index is valid as of the snapshot it last caught up with. {@link #catchUp} walks the snapshots
 * committed since: a rewrite ({@code replace}) drops the entries of the data files it removed; a commit of
 * another task of this connector changes none of this task's keys; anything else (an external writer, a
 * history that no longer leads back) drops the whole index. At most {@code maxKeys} entries are kept, the
 * least recently touched evicted first (for a key of one integer column, which lives in primitive arrays,
 * in batches of a sixteenth of the bound); an evicted key is looked up again when it next changes.
 */
public final class KeyIndex {

  /** Longest walk through the history before the index gives up and starts empty. */
  private static final int MAX_WALK = 1_000;
  private static final int POS_BITS = 40;
  private static final long POS_MASK = (1L << POS_BITS) - 1;

  private record FileRef(String path, int specId, StructLike partition) {
  }

  private final String connector;
  private final String task;
  private final int maxKeys;
  /** The entries of keys that are not one integer value, least recently touched first. */
  private final LinkedHashMap<List<Object>, Long> entries;
  /** The entries while every key is one integer value ({@code int} or {@code long} key column), else null. */
  private LongKeySlots integerKeys;
  private final Map<String, Integer> fileIds = new HashMap<>();
  private final List<FileRef> files = new ArrayList<>();
  /** Entries per file id. */
  private int[] refs = new int[16];
  /** The file of the last {@link #fileId} call: the rows of one commit come in runs of one file. */
  private String lastPath;
  private int lastId = -1;
  private final Deque<Integer> freeIds = new ArrayDeque<>();
  /** The snapshot the entries are valid for; null when none yet. */
  private Long seen;

  /**
   * @param connector and {@code task} recognise this task's own commits in the history
   *     ({@code sf.connector}, {@code sf.task})
   */
  public KeyIndex(String connector, String task, int maxKeys) {
    this.connector = connector;
    this.task = task;
    this.maxKeys = maxKeys;
    this.entries = new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<List<Object>, Long> eldest) {
        if (size() > KeyIndex.this.maxKeys) {
          release(fileOf(eldest.getValue()));
          return true;
        }
        return false;
      }
    };
  }

  public int size() {
    return integerKeys != null ? integerKeys.size() : entries.size();
  }

  private boolean isEmpty() {
    return size() == 0;
  }

  /** Where {@code key}'s row is, or null when this index does not know. */
  public RowLocation get(List<Object> key) {
    long packed;
    if (integerKeys != null) {
      packed = isInteger(key) ? integerKeys.get(((Number) key.get(0)).longValue()) : LongKeySlots.ABSENT;
    } else {
      Long boxed = entries.get(key);
      packed = boxed == null ? LongKeySlots.ABSENT : boxed;
    }
    if (packed == LongKeySlots.ABSENT) {
      return null;
    }
    FileRef file = files.get(fileOf(packed));
    return new RowLocation(file.path(), file.specId(), file.partition(), packed & POS_MASK);
  }

  /** Forgets everything (an assignment changed, a commit was dropped, the history cannot be followed). */
  public void clear() {
    entries.clear();
    integerKeys = null;
    fileIds.clear();
    files.clear();
    Arrays.fill(refs, 0);
    freeIds.clear();
    lastPath = null;
    lastId = -1;
    seen = null;
  }

  /**
   * Catches up with the table's current snapshot (the caller refreshed the table): drops entries the
   * snapshots committed since the last catch-up may have made wrong. When {@code confirmed} is given, its
   * changes are applied at the place of the snapshot with its commit id, before the snapshots after it.
   */
  public void catchUp(Table table, String commitId, PositionDeletes confirmed) {
    Snapshot current = table.currentSnapshot();
    if (current == null) {
      clear();
      return;
    }
    if (confirmed == null && (isEmpty() || (seen != null && seen == current.snapshotId()))) {
      seen = isEmpty() ? null : current.snapshotId();
      return;
    }
    List<Snapshot> since = new ArrayList<>();
    boolean reached = false;
    boolean foundOwn = false;
    for (Snapshot s = current; s != null
        && since.size() < MAX_WALK; s = s.parentId() == null ? null : table.snapshot(s.parentId())) {
      if (seen != null && s.snapshotId() == seen) {
        reached = true;
        break;
      }
      since.add(s);
      if (commitId != null && commitId.equals(s.summary().get(TableCommitter.COMMIT_ID))) {
        foundOwn = true;
        if (seen == null) {
          reached = true; // an empty index only needs what follows its first commit
          break;
        }
      }
    }
    if (!reached && !(isEmpty() && confirmed == null)) {
      clear();
    }
    Collections.reverse(since);
    for (Snapshot s : since) {
      if (foundOwn && commitId.equals(s.summary().get(TableCommitter.COMMIT_ID))) {
        apply(confirmed);
      } else {
        follow(table, s);
      }
    }
    if (confirmed != null && !foundOwn) {
      // the commit is not in the history walked: its rows are found by a lookup when they change again
      forget(confirmed);
    }
    seen = current.snapshotId();
  }

  private void follow(Table table, Snapshot s) {
    Map<String, String> summary = s.summary();
    if (connector.equals(summary.get(CommitSummary.CONNECTOR))) {
      // this task's own commits are applied when confirmed; another task's change none of its keys
      return;
    }
    if (isEmpty()) {
      return;
    }
    if (DataOperations.REPLACE.equals(s.operation())) {
      Set<Integer> gone = new HashSet<>();
      for (DataFile f : s.removedDataFiles(table.io())) {
        Integer id = fileIds.get(f.location());
        if (id != null) {
          gone.add(id);
        }
      }
      if (!gone.isEmpty() && integerKeys != null) {
        integerKeys.removeIf(packed -> gone.contains(fileOf(packed)), packed -> release(fileOf(packed)));
      } else if (!gone.isEmpty()) {
        for (Iterator<Long> it = entries.values().iterator(); it.hasNext();) {
          int id = fileOf(it.next());
          if (gone.contains(id)) {
            release(id);
            it.remove();
          }
        }
      }
      return;
    }
    clear(); // a writer other than this connector: its changes are not known here
  }

  private void apply(PositionDeletes confirmed) {
    for (List<Object> key : confirmed.deletedKeys()) {
      remove(key);
    }
    if (maxKeys == 0) {
      return;
    }
    // put replaces a written key's earlier entry (and releases its file): no separate removal first
    confirmed.written().forEach(this::put);
  }

  private void forget(PositionDeletes confirmed) {
    for (List<Object> key : confirmed.deletedKeys()) {
      remove(key);
    }
    for (List<Object> key : confirmed.written().keySet()) {
      remove(key);
    }
  }

  void put(List<Object> key, RowLocation location) {
    if (maxKeys == 0) {
      return;
    }
    if (integerKeys == null && entries.isEmpty() && isInteger(key)) {
      integerKeys = new LongKeySlots();
    } else if (integerKeys != null && !isInteger(key)) {
      clear(); // not one integer value after all (cannot happen for one key column of a fixed type)
    }
    int id = fileId(location);
    long packed = ((long) id << POS_BITS) | location.pos();
    if (integerKeys != null) {
      long previous = integerKeys.put(((Number) key.get(0)).longValue(), packed);
      if (previous != LongKeySlots.ABSENT) {
        release(fileOf(previous));
      }
      if (integerKeys.size() > maxKeys) {
        // least recently touched first, in batches of a sixteenth of the bound (one sort of the touch stamps)
        integerKeys.evictEldest(Math.max(integerKeys.size() - maxKeys, Math.max(1, maxKeys / 16)),
            evicted -> release(fileOf(evicted)));
      }
      return;
    }
    Long previous = entries.put(key, packed);
    if (previous != null) {
      release(fileOf(previous));
    }
  }

  void remove(List<Object> key) {
    if (integerKeys != null) {
      long previous = isInteger(key) ? integerKeys.remove(((Number) key.get(0)).longValue()) : LongKeySlots.ABSENT;
      if (previous != LongKeySlots.ABSENT) {
        release(fileOf(previous));
      }
      return;
    }
    Long previous = entries.remove(key);
    if (previous != null) {
      release(fileOf(previous));
    }
  }

  /** A key of one {@code int} or {@code long} value: held in primitive arrays. */
  private static boolean isInteger(List<Object> key) {
    return key.size() == 1 && (key.get(0) instanceof Long || key.get(0) instanceof Integer);
  }

  private static int fileOf(long packed) {
    return (int) (packed >>> POS_BITS);
  }

  private int fileId(RowLocation location) {
    String path = location.path();
    int id;
    if (path == lastPath && lastId >= 0 && files.get(lastId) != null) {
      id = lastId;
    } else {
      Integer known = fileIds.get(path);
      if (known == null) {
        FileRef ref = new FileRef(path, location.specId(), location.partition());
        if (freeIds.isEmpty()) {
          known = files.size();
          files.add(ref);
          if (known >= refs.length) {
            refs = Arrays.copyOf(refs, refs.length * 2);
          }
        } else {
          known = freeIds.pop();
          files.set(known, ref);
        }
        fileIds.put(path, known);
      }
      id = known;
      lastPath = path;
      lastId = id;
    }
    refs[id]++;
    return id;
  }

  private void release(int id) {
    if (--refs[id] == 0) {
      fileIds.remove(files.get(id).path());
      files.set(id, null);
      freeIds.push(id);
      if (id == lastId) {
        lastPath = null;
        lastId = -1;
      }
    }
  }
}
