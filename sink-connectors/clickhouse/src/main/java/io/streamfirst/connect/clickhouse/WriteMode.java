// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.clickhouse;

/** How records land: appended rows, or changes applied per key. */
public enum WriteMode {
  /** Every record is a new row (MergeTree). */
  APPEND,
  /** Upserts and deletes per key collapse through a version column (ReplacingMergeTree). */
  CDC
}
