// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.sink;

/**
 * What {@link TableFreshness} knows of one table's changes from one topic-partition: the newest offset
 * received and made visible, the committed-through time of the partition, and the offsets where the
 * pending changes' source time grows.
 */
final class PartitionFreshness {

  long receivedOffset = -1;
  long visibleOffset = -1;
  long throughMs = -1;
  /**
   * The pending changes grouped by source time, oldest first: per group the last offset with that time
   * and the time (a transaction's changes share its commit time), so a commit up to an offset knows
   * which source times it made wholly visible.
   */
  private long[] marks = new long[0];
  private int head;
  private int size;

  boolean pending() {
    return receivedOffset > visibleOffset;
  }

  /** A pending change at {@code offset} with source time {@code sourceTimeMs} (at least 0). */
  void mark(long offset, long sourceTimeMs) {
    if (size > 0) {
      int last = 2 * ((head + size - 1) % (marks.length / 2));
      if (marks[last + 1] >= sourceTimeMs) {
        // the same time (or an older one, out of order): that time is visible only once this change is
        marks[last] = Math.max(marks[last], offset);
        return;
      }
    }
    if (2 * size == marks.length) {
      long[] grown = new long[Math.max(8, marks.length * 2)];
      for (int i = 0; i < size; i++) {
        int from = 2 * ((head + i) % (marks.length / 2));
        grown[2 * i] = marks[from];
        grown[2 * i + 1] = marks[from + 1];
      }
      marks = grown;
      head = 0;
    }
    int at = 2 * ((head + size) % (marks.length / 2));
    marks[at] = offset;
    marks[at + 1] = sourceTimeMs;
    size++;
  }

  /**
   * The changes up to {@code offset} became visible: moves committed-through to the newest source time
   * all of whose changes are visible, or to just before the oldest time that still has a change pending.
   */
  void visibleUpTo(long offset) {
    visibleOffset = Math.max(visibleOffset, offset);
    while (size > 0 && marks[2 * head] <= offset) {
      throughMs = Math.max(throughMs, marks[2 * head + 1]);
      head = (head + 1) % (marks.length / 2);
      size--;
    }
    if (size == 0) {
      marks = new long[0];
      head = 0;
    } else {
      throughMs = Math.max(throughMs, marks[2 * head + 1] - 1);
    }
  }
}
