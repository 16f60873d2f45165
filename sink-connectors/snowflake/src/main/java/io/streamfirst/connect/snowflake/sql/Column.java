// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.snowflake.sql;

/** A table column: its exact (unquoted) name, type and whether it accepts NULL. */
public record Column(String name, ColumnType type, boolean nullable) {
}
