// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.common;

/**
 * Which change shape of the project's conventions ({@code docs/CONVENTIONS.md}) a record value has, as
 * {@link ChangeEvents#shapeOf(Object)} detects it.
 */
public enum ChangeShape {
  /** A change-event envelope: {@code before}, {@code after}, {@code op}, {@code source}, {@code ts_ms}. */
  ENVELOPE,
  /** The row's fields plus {@code __op} and/or {@code __deleted}. */
  FLAT,
  /** A value that is neither: an append. */
  PLAIN,
  /** A null value: the delete of the record's key. */
  TOMBSTONE
}
