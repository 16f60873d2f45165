// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.snowflake.sql;

import java.util.List;

/**
 * What one MERGE applies: the change rows of {@code changes} to {@code target}, matching rows by the
 * {@code keys} columns and setting the {@code columns} (the key columns among them), all as stored. The
 * versions of deleted keys are kept in {@link #deleted()}: rows written there are stamped {@code nowMs},
 * and rows stamped before {@code deletedBeforeMs} are removed ({@link #KEEP_DELETED}: none).
 */
public record MergeSpec(TableRef target, TableRef changes, List<String> keys, List<String> columns, long nowMs,
    long deletedBeforeMs) {

  /** {@link #deletedBeforeMs()} that keeps every deleted key's version. */
  public static final long KEEP_DELETED = Long.MIN_VALUE;

  public MergeSpec {
    keys = List.copyOf(keys);
    columns = List.copyOf(columns);
  }

  /** The deleted-keys table of the target. */
  public TableRef deleted() {
    return ChangeColumns.deletedOf(target);
  }
}
