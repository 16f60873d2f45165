// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.sink;

/** What a sink must do with one record. */
public enum ChangeKind {
  /** A plain record: add it as a new row. */
  APPEND,
  /** A change that leaves the row in the state {@link ChangeView#row()}: insert or replace by key. */
  UPSERT,
  /** The row with this key no longer exists. */
  DELETE
}
