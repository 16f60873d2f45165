// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.snowflake.sql;

import java.util.List;

/**
 * What one MERGE applies: the change rows of {@code changes} to {@code target}, matching rows by the
 * {@code keys} columns and setting the {@code columns} (the key columns among them), all as stored.
 */
public record MergeSpec(TableRef target, TableRef changes, List<String> keys, List<String> columns) {

  public MergeSpec {
    keys = List.copyOf(keys);
    columns = List.copyOf(columns);
  }
}
