// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.common;

import java.util.function.LongSupplier;

/**
 * How long a backend (a database, a catalog, a server) has been unreachable, the one rule every plugin
 * applies to it: an outage starts with the first attempt that fails because the backend cannot be
 * reached, goes on while attempts keep failing, ends with the first one that succeeds, and is over the
 * limit once it has lasted {@code maxMs} or longer. Until then a task retries and loses nothing; after
 * that it fails and says so. What counts as unreachable, how to retry and what to say stay with each
 * plugin. Thread-safe: a task's thread and its I/O threads may report to the same outage.
 */
public final class Outage {

  private final LongSupplier nowMs;
  private final long maxMs;
  private long since = -1;
  private int failures;

  /**
   * @param nowMs the time source, in epoch milliseconds
   * @param maxMs how long the backend may stay unreachable; 0 puts the first failure over the limit
   */
  public Outage(LongSupplier nowMs, long maxMs) {
    this.nowMs = nowMs;
    this.maxMs = Math.max(0, maxMs);
  }

  /**
   * Records a failed attempt, seen now.
   *
   * @return whether the outage has now lasted {@code maxMs} or longer
   */
  public synchronized boolean failed() {
    return failed(Long.MAX_VALUE);
  }

  /**
   * Records a failed attempt whose first failure may lie before now (an attempt that took long, or a
   * failure noticed late): the outage started at {@code firstFailureMs} at the latest.
   *
   * @return whether the outage has now lasted {@code maxMs} or longer
   */
  public synchronized boolean failed(long firstFailureMs) {
    long now = nowMs.getAsLong();
    long start = Math.min(now, firstFailureMs);
    if (since < 0 || start < since) {
      since = start;
    }
    failures++;
    return now - since >= maxMs;
  }

  /** The backend answered: the outage, if there was one, is over. */
  public synchronized void over() {
    since = -1;
    failures = 0;
  }

  /** Whether an outage is going on (the last attempt failed). */
  public synchronized boolean ongoing() {
    return since >= 0;
  }

  /** When the outage started, in epoch milliseconds; -1 when there is none. */
  public synchronized long sinceMs() {
    return since;
  }

  /** How long the outage has lasted so far; 0 when there is none. */
  public synchronized long downMs() {
    return since < 0 ? 0 : nowMs.getAsLong() - since;
  }

  /** Failed attempts in the current outage. */
  public synchronized int failures() {
    return failures;
  }

  /** How long the backend may stay unreachable. */
  public long maxMs() {
    return maxMs;
  }

  /**
   * The pause before the next attempt: {@code firstMs} after the first failure, doubling with each
   * further one up to {@code capMs}.
   */
  public synchronized long backoffMs(long firstMs, long capMs) {
    return Math.min(capMs, firstMs << Math.min(Math.max(failures - 1, 0), 20));
  }
}
