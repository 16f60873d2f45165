// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.sink;

import java.util.Arrays;

/**
 * Freshness samples (visible time minus source commit time) of a sliding time window, kept in a
 * fixed-size ring so memory does not grow with throughput: when more samples arrive inside one window
 * than the ring holds, the oldest are overwritten and the statistics describe the newest ones.
 * Thread-safe: tasks record, metric reporters read.
 */
public final class FreshnessWindow {

  private final long windowMs;
  private final long[] visibleAt;
  private final long[] freshness;
  private int next;
  private int size;

  public FreshnessWindow(long windowMs, int capacity) {
    if (windowMs <= 0 || capacity <= 0) {
      throw new IllegalArgumentException("window and capacity must be positive");
    }
    this.windowMs = windowMs;
    this.visibleAt = new long[capacity];
    this.freshness = new long[capacity];
  }

  /** Records one change that became visible at {@code visibleAtMs}; ignored without a source time. */
  public synchronized void record(long sourceTimestampMs, long visibleAtMs) {
    if (sourceTimestampMs < 0) {
      return;
    }
    visibleAt[next] = visibleAtMs;
    freshness[next] = Math.max(0, visibleAtMs - sourceTimestampMs);
    next = (next + 1) % visibleAt.length;
    size = Math.min(size + 1, visibleAt.length);
  }

  /**
   * The {@code quantile} (0..1, nearest rank) of the samples made visible within the window ending at
   * {@code nowMs}, or NaN when there are none.
   */
  public double quantile(double quantile, long nowMs) {
    long[] samples = samples(nowMs);
    if (samples.length == 0) {
      return Double.NaN;
    }
    Arrays.sort(samples);
    int rank = (int) Math.ceil(quantile * samples.length);
    return samples[Math.min(samples.length - 1, Math.max(0, rank - 1))];
  }

  /** The largest sample within the window ending at {@code nowMs}, or NaN when there are none. */
  public double max(long nowMs) {
    long[] samples = samples(nowMs);
    return samples.length == 0 ? Double.NaN : Arrays.stream(samples).max().getAsLong();
  }

  private synchronized long[] samples(long nowMs) {
    long[] inWindow = new long[size];
    int count = 0;
    for (int i = 0; i < size; i++) {
      if (nowMs - visibleAt[i] <= windowMs) {
        inWindow[count++] = freshness[i];
      }
    }
    return Arrays.copyOf(inWindow, count);
  }
}
