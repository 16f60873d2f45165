// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.sql.functions;

/**
 * Functions called with their argument's value whatever it is, NULL included (unlike
 * {@link PgFunctions}, whose functions are strict): generated code computes the argument in full
 * first, so that an expression that fails raises its error as in PostgreSQL even where only its
 * nullness matters ({@code (1 / i) IS NULL} with {@code i = 0} raises division by zero).
 */
public final class PgEvaluation {

  private PgEvaluation() {}

  /** {@code value IS NULL}, with the value computed. */
  public static boolean isNull(Object value) {
    return value == null;
  }

  /** {@code value IS NOT NULL}, with the value computed. */
  public static boolean isNotNull(Object value) {
    return value != null;
  }
}
