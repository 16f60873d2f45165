// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.sink;

/**
 * The freshness of one table written by one sink task, in JMX as
 * {@code streamfirst.freshness:type=sink-table,connector=<name>,task=<n>,table=<table>}.
 */
public interface SinkTableFreshnessMBean {

  /** Committed-through source time in epoch milliseconds; -1 while unknown. */
  long getCommittedThroughMs();

  /** Median time from source commit to visibility of the table's rows over the last minute; -1 without rows. */
  long getFreshnessP50Ms();

  /** 99th percentile of the same; -1 without rows. */
  long getFreshnessP99Ms();

  /** The table's SLA in milliseconds; -1 without one. */
  long getSlaMs();

  /** {@code OK}, {@code BREACHED} or {@code NONE} (no SLA). */
  String getSlaState();
}
