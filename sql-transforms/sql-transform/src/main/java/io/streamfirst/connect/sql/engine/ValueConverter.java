// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.sql.engine;

/**
 * Converts one value between Connect's representation and the SQL engine's, never given null.
 * Public because generated classes, which live in another class loader, call it.
 */
@FunctionalInterface
public interface ValueConverter {

  ValueConverter IDENTITY = value -> value;

  Object convert(Object value);

  /** Applies the conversion, passing null through. */
  default Object apply(Object value) {
    return value == null ? null : convert(value);
  }
}
