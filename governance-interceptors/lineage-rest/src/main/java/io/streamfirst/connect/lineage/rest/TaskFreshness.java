// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.lineage.rest;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * The freshness of one table as one sink task publishes it (one
 * {@code streamfirst.freshness:type=sink-table,connector=<name>,task=<n>,table=<table>} MBean): what a worker
 * serves at {@code GET /streamfirst/freshness/local} and what {@link ClusterFreshness} merges.
 *
 * @param committedThroughMs epoch ms up to which every source change is visible in the table; -1 unknown
 * @param p50Ms median record freshness; -1 unknown
 * @param p99Ms 99th percentile record freshness; -1 unknown
 * @param slaMs the table's SLA; -1 none
 * @param slaState OK, BREACHED or NONE
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record TaskFreshness(String connector, int task, String table, long committedThroughMs, long p50Ms,
    long p99Ms, long slaMs, String slaState) {

  /** This task's values added to {@code combined} (the table's values over the tasks seen so far). */
  TableFreshness addTo(TableFreshness combined) {
    return combined.plus(committedThroughMs, p50Ms, p99Ms, slaMs, slaState == null ? "NONE" : slaState);
  }
}
