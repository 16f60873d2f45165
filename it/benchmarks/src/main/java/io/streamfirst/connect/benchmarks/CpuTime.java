// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The benchmark thread's CPU time, reported next to wall-clock throughput: on a machine shared with
 * other builds a fork may get less than a full core, which wall-clock ops/s counts against it and
 * CPU time largely does not. Reported per iteration as totals; CPU ns per batch = {@code cpuNanos / batches}.
 */
@State(Scope.Thread)
@AuxCounters(AuxCounters.Type.EVENTS)
public class CpuTime {

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  /** CPU time the benchmark thread spent in measured batches during the iteration. */
  public long cpuNanos;
  /** Batches measured during the iteration. */
  public long batches;

  @Setup(Level.Iteration)
  public void reset() {
    cpuNanos = 0;
    batches = 0;
  }

  static long now() {
    return THREADS.getCurrentThreadCpuTime();
  }

  void add(long startNanos) {
    cpuNanos += now() - startNanos;
    batches++;
  }
}
