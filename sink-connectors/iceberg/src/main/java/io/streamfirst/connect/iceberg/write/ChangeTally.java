// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.iceberg.write;

import java.util.Arrays;

/**
 * What a table's pending changes add up to until they are completed into a commit: their source commit
 * times (for the freshness metrics and {@code sf.source.ts}) and how many upserts and deletes they are.
 * Holds no buffer while the table is idle.
 */
final class ChangeTally {

  private static final long[] NO_TIMESTAMPS = new long[0];

  private long[] sourceTimestamps = NO_TIMESTAMPS;
  private int timestampCount;
  private long newestSourceTs = -1;
  private int upserts;
  private int deletes;

  /**
   * Notes one change taken into the writer: {@code sourceTs} its source time for {@code sf.source.ts},
   * {@code sampleTs} the time its freshness is sampled with (negative when unknown or not sampled, as for a
   * snapshot read).
   */
  void track(long sourceTs, long sampleTs, boolean delete) {
    newestSourceTs = Math.max(newestSourceTs, sourceTs);
    if (sampleTs >= 0) {
      if (timestampCount == sourceTimestamps.length) {
        sourceTimestamps = Arrays.copyOf(sourceTimestamps, Math.max(64, timestampCount * 2));
      }
      sourceTimestamps[timestampCount++] = sampleTs;
    }
    if (delete) {
      deletes++;
    } else {
      upserts++;
    }
  }

  /** The freshness sample times of the changes taken since the last reset (unknown and unsampled ones left out). */
  long[] sourceTimestamps() {
    return Arrays.copyOf(sourceTimestamps, timestampCount);
  }

  long newestSourceTs() {
    return newestSourceTs;
  }

  int upserts() {
    return upserts;
  }

  int deletes() {
    return deletes;
  }

  /** Bytes of the buffer of source times. */
  long bufferBytes() {
    return sourceTimestamps.length * 8L;
  }

  /** Forgets every change (after a commit or an abort); an idle table holds no buffer. */
  void reset() {
    timestampCount = 0;
    sourceTimestamps = NO_TIMESTAMPS;
    newestSourceTs = -1;
    upserts = 0;
    deletes = 0;
  }
}
