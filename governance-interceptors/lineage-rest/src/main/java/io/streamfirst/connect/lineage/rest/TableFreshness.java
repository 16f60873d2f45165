// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.lineage.rest;

/**
 * The freshness of one sink table over all tasks of its connector, as the sinks publish it in JMX
 * ({@code streamfirst.freshness:type=sink-table,...}).
 *
 * @param committedThroughMs the minimum over tasks of the newest source commit time up to which every change is
 *     visible in the table (epoch ms); -1 when a task does not know it
 * @param p50Ms the largest per-task median record freshness; -1 unknown
 * @param p99Ms the largest per-task 99th percentile record freshness; -1 unknown
 * @param slaMs the SLA (the largest over tasks); -1 when none
 * @param slaState BREACHED when a task says so, else OK when a task has an SLA, else NONE
 * @param tasks how many tasks publish this table
 */
public record TableFreshness(long committedThroughMs, long p50Ms, long p99Ms, long slaMs, String slaState, int tasks) {

  /** Combines the values of one more task. */
  TableFreshness plus(long committedThrough, long p50, long p99, long sla, String state) {
    long through = committedThroughMs < 0 || committedThrough < 0 ? -1 : Math.min(committedThroughMs, committedThrough);
    String combined = "BREACHED".equals(slaState) || "BREACHED".equals(state)
        ? "BREACHED"
        : "OK".equals(slaState) || "OK".equals(state) ? "OK" : "NONE";
    return new TableFreshness(tasks == 0 ? committedThrough : through, Math.max(p50Ms, p50), Math.max(p99Ms, p99),
        Math.max(slaMs, sla), combined, tasks + 1);
  }

  static final TableFreshness NONE = new TableFreshness(-1, -1, -1, -1, "NONE", 0);
}
