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
    add(sourceTimestampMs, visibleAtMs);
  }

  private void add(long sourceTimestampMs, long visibleAtMs) {
    if (sourceTimestampMs < 0) {
      return;
    }
    visibleAt[next] = visibleAtMs;
    freshness[next] = Math.max(0, visibleAtMs - sourceTimestampMs);
    next = (next + 1) % visibleAt.length;
    size = Math.min(size + 1, visibleAt.length);
  }

  /**
   * Records the changes of one commit that became visible at {@code visibleAtMs}, {@code sourceTimestampsMs[0]}
   * to {@code [count - 1]} in the order they were written (unknown source times, below 0, are ignored). Only
   * the newest samples the ring can hold are taken, under one lock: the same window as recording each
   * change in turn, whose older samples the newer ones would overwrite.
   */
  public synchronized void record(long[] sourceTimestampsMs, int count, long visibleAtMs) {
    int from = count;
    for (int known = 0; from > 0 && known < visibleAt.length; from--) {
      if (sourceTimestampsMs[from - 1] >= 0) {
        known++;
      }
    }
    for (int i = from; i < count; i++) {
      add(sourceTimestampsMs[i], visibleAtMs);
    }
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
