// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.sql.window;

/** The aggregate functions a windowed statement may call. */
public enum AggregateKind {
  /** {@code COUNT(*)}: rows. */
  COUNT_ROWS,
  /** {@code COUNT(x)}, {@code COUNT(DISTINCT x)}: non-NULL (distinct) values. */
  COUNT, SUM, MIN, MAX, AVG,
  /** The non-NULL value of the row with the earliest event time (the first read among equal times). */
  FIRST_VALUE,
  /** The non-NULL value of the row with the latest event time (the last read among equal times). */
  LAST_VALUE
}
