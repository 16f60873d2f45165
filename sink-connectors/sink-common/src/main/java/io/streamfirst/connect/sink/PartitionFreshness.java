// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.sink;

/**
 * What {@link TableFreshness} knows of one table's changes from one topic-partition: the newest offset
 * received and made visible, the committed-through time of the partition, and the offsets where the
 * pending changes' source time grows.
 *
 * <p>The pending groups live in a ring whose capacity is a power of two and is kept when the groups
 * become visible, so a partition that keeps about as many changes pending from commit to commit
 * allocates nothing after its first commit; {@link #largerRing} hands the ring to the partition state that
 * takes this one's place after a rebalance.
 */
final class PartitionFreshness {

  private static final long[] NONE = new long[0];
  private static final int FIRST_GROUPS = 64;

  long receivedOffset = -1;
  long visibleOffset = -1;
  long throughMs = -1;
  /**
   * The pending changes grouped by source time, oldest first: per group the last offset with that time
   * and the time (a transaction's changes share its commit time), so a commit up to an offset knows
   * which source times it made wholly visible. Group {@code i} of the ring is at {@code 2 * i}.
   */
  private long[] marks;
  /** Groups the ring holds minus one (the ring's capacity is a power of two); -1 while it has none. */
  private int mask;
  private int head;
  private int size;

  PartitionFreshness() {
    this(NONE);
  }

  /** Starts with {@code ring} (from {@link #largerRing}; null: none yet) as the ring of pending groups. */
  PartitionFreshness(long[] ring) {
    marks = ring == null ? NONE : ring;
    mask = marks.length / 2 - 1;
  }

  boolean pending() {
    return receivedOffset > visibleOffset;
  }

  /** How many groups of pending changes are kept (for tests). */
  int pendingGroups() {
    return size;
  }

  /**
   * The larger of {@code spare} (may be null) and the ring of {@code dropped} (a partition state no longer
   * used; may be null), for a partition state that takes a dropped one's place: its capacity is kept.
   */
  static long[] largerRing(long[] spare, PartitionFreshness dropped) {
    if (dropped == null || (spare != null && spare.length >= dropped.marks.length)) {
      return spare;
    }
    long[] ring = dropped.marks;
    dropped.marks = NONE;
    dropped.mask = -1;
    dropped.size = 0;
    return ring;
  }

  /** A pending change at {@code offset} with source time {@code sourceTimeMs} (at least 0). */
  void mark(long offset, long sourceTimeMs) {
    if (size > 0) {
      int last = 2 * ((head + size - 1) & mask);
      if (marks[last + 1] >= sourceTimeMs) {
        // the same time (or an older one, out of order): that time is visible only once this change is
        if (offset > marks[last]) {
          marks[last] = offset;
        }
        return;
      }
    }
    if (size == mask + 1) {
      grow();
    }
    int at = 2 * ((head + size) & mask);
    marks[at] = offset;
    marks[at + 1] = sourceTimeMs;
    size++;
  }

  private void grow() {
    int groups = Math.max(FIRST_GROUPS, 2 * (mask + 1));
    long[] grown = new long[2 * groups];
    for (int i = 0; i < size; i++) {
      int from = 2 * ((head + i) & mask);
      grown[2 * i] = marks[from];
      grown[2 * i + 1] = marks[from + 1];
    }
    marks = grown;
    mask = groups - 1;
    head = 0;
  }

  /**
   * The changes up to {@code offset} became visible: moves committed-through to the newest source time
   * all of whose changes are visible, or to just before the oldest time that still has a change pending.
   */
  void visibleUpTo(long offset) {
    visibleOffset = Math.max(visibleOffset, offset);
    while (size > 0 && marks[2 * head] <= offset) {
      throughMs = Math.max(throughMs, marks[2 * head + 1]);
      head = (head + 1) & mask;
      size--;
    }
    if (size == 0) {
      head = 0; // the ring's capacity is kept for the next commit's changes
    } else {
      throughMs = Math.max(throughMs, marks[2 * head + 1] - 1);
    }
  }
}
