// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.snowflake.sql;

/**
 * A column's type as the sink reasons about it, independent of the SQL dialect: which values it holds
 * and which types it can widen to.
 *
 * @param kind the family and width
 * @param scale digits after the point, for {@link Kind#DECIMAL}; else 0
 */
public record ColumnType(Kind kind, int scale) {

  public enum Kind {
    BOOLEAN, INT8, INT16, INT32, INT64, FLOAT32, FLOAT64, DECIMAL, STRING, BYTES, DATE, TIME, TIMESTAMP, VARIANT;

    boolean integer() {
      return this == INT8 || this == INT16 || this == INT32 || this == INT64;
    }

    boolean floating() {
      return this == FLOAT32 || this == FLOAT64;
    }
  }

  public static ColumnType of(Kind kind) {
    return new ColumnType(kind, 0);
  }

  public static ColumnType decimal(int scale) {
    return new ColumnType(Kind.DECIMAL, scale);
  }

  /** True when every value of {@code other} fits a column of this type unchanged. */
  public boolean holds(ColumnType other) {
    if (equals(other)) {
      return true;
    }
    if (kind.integer() && other.kind.integer() || kind.floating() && other.kind.floating()) {
      return kind.ordinal() >= other.kind.ordinal();
    }
    return false;
  }

  /** True when a column of this type can be altered to {@code wider} in place (a wider integer or float). */
  public boolean widensTo(ColumnType wider) {
    return !equals(wider) && wider.holds(this);
  }
}
