// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.sql.functions;

/**
 * A function would compute a value larger than {@code max.value.bytes} for one record; the
 * engine turns it into a {@code DataException} for that record. The message carries sizes only,
 * never the record's values.
 */
public final class ValueTooLargeException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** The configuration key of the limit. */
  public static final String LIMIT_KEY = "max.value.bytes";

  ValueTooLargeException(String function, long size, int limit) {
    super(function + " would make a value of " + size + " characters or bytes, more than " + LIMIT_KEY + "="
        + limit + " allows");
  }
}
