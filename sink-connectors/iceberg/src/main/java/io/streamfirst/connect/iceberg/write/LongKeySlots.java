// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.iceberg.write;

import java.util.Arrays;
import java.util.function.LongConsumer;
import java.util.function.LongPredicate;

/**
 * The key index's entries when a table's key is one integer column ({@code int} or {@code long}): key →
 * packed location in three primitive arrays (open addressing, linear probing), with a touch counter per entry
 * for least-recently-touched eviction. No object per entry: a million keys cost about 48 MB (the arrays at
 * half to three quarters full) and give the garbage collector nothing to trace, where a map of boxed keys
 * costs about 140 bytes and three objects per key.
 */
final class LongKeySlots {

  /** Marks a free slot; packed locations are never negative. */
  static final long ABSENT = -1;
  private static final int MIN_CAPACITY = 16;

  private long[] keys;
  private long[] values;
  private long[] touched;
  private int mask;
  private int size;
  private long clock;

  LongKeySlots() {
    allocate(MIN_CAPACITY);
  }

  int size() {
    return size;
  }

  void clear() {
    allocate(MIN_CAPACITY);
    size = 0;
  }

  /** The packed location of {@code key}, or {@link #ABSENT}; marks the entry touched. */
  long get(long key) {
    int at = find(key);
    if (at < 0) {
      return ABSENT;
    }
    touched[at] = ++clock;
    return values[at];
  }

  /** Sets {@code key}'s location; returns the one it replaced, or {@link #ABSENT}. */
  long put(long key, long value) {
    int at = find(key);
    if (at >= 0) {
      long previous = values[at];
      values[at] = value;
      touched[at] = ++clock;
      return previous;
    }
    if ((size + 1) * 4L > keys.length * 3L) {
      grow();
      at = find(key);
    }
    at = -1 - at;
    keys[at] = key;
    values[at] = value;
    touched[at] = ++clock;
    size++;
    return ABSENT;
  }

  /** Removes {@code key}; returns its location, or {@link #ABSENT}. */
  long remove(long key) {
    int at = find(key);
    if (at < 0) {
      return ABSENT;
    }
    long previous = values[at];
    deleteAt(at);
    return previous;
  }

  /** Removes every entry whose location {@code doomed} accepts, handing each location to {@code removed}. */
  void removeIf(LongPredicate doomed, LongConsumer removed) {
    long[] gone = new long[16];
    int n = 0;
    for (int i = 0; i < values.length; i++) {
      if (values[i] != ABSENT && doomed.test(values[i])) {
        if (n == gone.length) {
          gone = Arrays.copyOf(gone, n * 2);
        }
        gone[n++] = keys[i];
      }
    }
    for (int i = 0; i < n; i++) {
      removed.accept(remove(gone[i]));
    }
  }

  /**
   * Removes the {@code count} least recently touched entries (all when fewer), handing each location to
   * {@code removed}.
   */
  void evictEldest(int count, LongConsumer removed) {
    if (count <= 0) {
      return;
    }
    if (count >= size) {
      removeIf(v -> true, removed);
      return;
    }
    long[] stamps = new long[size];
    int n = 0;
    for (int i = 0; i < values.length; i++) {
      if (values[i] != ABSENT) {
        stamps[n++] = touched[i];
      }
    }
    Arrays.sort(stamps);
    long newestEvicted = stamps[count - 1]; // touch stamps are unique: exactly count entries are at or below
    long[] gone = new long[count];
    int g = 0;
    for (int i = 0; i < values.length && g < count; i++) {
      if (values[i] != ABSENT && touched[i] <= newestEvicted) {
        gone[g++] = keys[i];
      }
    }
    for (int i = 0; i < g; i++) {
      removed.accept(remove(gone[i]));
    }
  }

  /** The slot holding {@code key}, or {@code -1 - (the free slot where it would go)}. */
  private int find(long key) {
    int at = home(key);
    while (values[at] != ABSENT) {
      if (keys[at] == key) {
        return at;
      }
      at = (at + 1) & mask;
    }
    return -1 - at;
  }

  private int home(long key) {
    long h = key * 0x9E3779B97F4A7C15L;
    return (int) (h ^ (h >>> 32)) & mask;
  }

  /** Frees slot {@code at}, moving later entries of its probe run back so that every entry stays findable. */
  private void deleteAt(int at) {
    int gap = at;
    int next = at;
    while (true) {
      next = (next + 1) & mask;
      if (values[next] == ABSENT) {
        break;
      }
      int home = home(keys[next]);
      // the entry may move into the gap unless its home lies cyclically in (gap, next]
      boolean stays = gap <= next ? (home > gap && home <= next) : (home > gap || home <= next);
      if (!stays) {
        keys[gap] = keys[next];
        values[gap] = values[next];
        touched[gap] = touched[next];
        gap = next;
      }
    }
    values[gap] = ABSENT;
    size--;
  }

  private void grow() {
    long[] oldKeys = keys;
    long[] oldValues = values;
    long[] oldTouched = touched;
    allocate(keys.length * 2);
    for (int i = 0; i < oldValues.length; i++) {
      if (oldValues[i] != ABSENT) {
        int at = -1 - find(oldKeys[i]);
        keys[at] = oldKeys[i];
        values[at] = oldValues[i];
        touched[at] = oldTouched[i];
      }
    }
  }

  private void allocate(int capacity) {
    keys = new long[capacity];
    values = new long[capacity];
    touched = new long[capacity];
    Arrays.fill(values, ABSENT);
    mask = capacity - 1;
  }
}
