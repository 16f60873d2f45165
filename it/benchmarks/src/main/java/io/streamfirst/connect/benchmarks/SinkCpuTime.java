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
 * CPU time of a sink benchmark's invocations, reported next to its score: the benchmark thread's (the sink
 * task's thread: decoding, routing, encoding, the lineage and freshness hooks) and the whole JVM's (also
 * the insert threads, the OpenLineage emitter, the freshness SLA checker, GC and JIT). On a machine shared
 * with other builds a fork may get less than a core, which wall-clock scores count against it and CPU
 * time largely does not. Totals per iteration; per invocation = {@code cpuNanos / invocations}.
 */
@State(Scope.Thread)
@AuxCounters(AuxCounters.Type.EVENTS)
public class SinkCpuTime {

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
  private static final com.sun.management.OperatingSystemMXBean OS = (com.sun.management.OperatingSystemMXBean) ManagementFactory
      .getOperatingSystemMXBean();

  /** CPU time of the benchmark thread in measured invocations during the iteration. */
  public long cpuNanos;
  /** CPU time of the whole JVM in measured invocations during the iteration. */
  public long processCpuNanos;
  /** Measured invocations during the iteration. */
  public long invocations;
  /**
   * CPU time of the benchmark thread outside {@link #start}..{@link #stop} but between
   * {@link #lifecycleStart} and {@link #lifecycleStop} (a sink task's start and stop, where measured apart).
   */
  public long lifecycleCpuNanos;

  private long lifecycleStart;

  private long threadStart;
  private long processStart;

  @Setup(Level.Iteration)
  public void reset() {
    cpuNanos = 0;
    processCpuNanos = 0;
    invocations = 0;
    lifecycleCpuNanos = 0;
  }

  /** Starts counting CPU time outside the measured path. */
  public void lifecycleStart() {
    lifecycleStart = THREADS.getCurrentThreadCpuTime();
  }

  /** Stops counting CPU time outside the measured path; returns what this stretch took. */
  public long lifecycleStop() {
    long took = THREADS.getCurrentThreadCpuTime() - lifecycleStart;
    lifecycleCpuNanos += took;
    return took;
  }

  /** Call first in the measured method. */
  public void start() {
    processStart = OS.getProcessCpuTime();
    threadStart = THREADS.getCurrentThreadCpuTime();
  }

  /** Call last in the measured method (in a finally block). */
  public void stop() {
    cpuNanos += THREADS.getCurrentThreadCpuTime() - threadStart;
    processCpuNanos += OS.getProcessCpuTime() - processStart;
    invocations++;
  }
}
