// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.sql.engine;

import io.streamfirst.connect.sql.functions.ValueTooLargeException;

/**
 * Describes a failure inside generated code without echoing record values (exception messages
 * of parsers and casts often quote the offending input, which may be personal data).
 */
final class EvaluationErrors {

  /** Why a record failed whose evaluation overflowed the thread's stack. */
  static final String STACK_OVERFLOW = "the evaluation needed more stack than the worker thread has (a regular"
      + " expression backtracking over a long value, or a function recursing over it); only this record failed";

  /** Why a statement could not be parsed, planned or compiled on the thread's stack. */
  static final String TOO_DEEP = "the statement is nested too deeply for this thread's stack; nest fewer"
      + " parentheses and function calls";

  private EvaluationErrors() {}

  static String describe(RuntimeException e) {
    if (e instanceof ValueTooLargeException) {
      return e.getMessage() + "; raise " + ValueTooLargeException.LIMIT_KEY + " if values that large are expected";
    }
    if (e instanceof ArithmeticException) {
      String message = e.getMessage() == null ? "" : e.getMessage();
      if (message.contains("by zero")) {
        return "division by zero";
      }
      if (message.contains("overflow")) {
        return "numeric value out of range (overflow)";
      }
      return "arithmetic error";
    }
    if (e instanceof NumberFormatException) {
      return "invalid input syntax for a number in a CAST or numeric function";
    }
    if (e instanceof java.time.DateTimeException || e instanceof IllegalArgumentException) {
      return "invalid input for a CAST or function (" + e.getClass().getSimpleName() + ")";
    }
    if (e instanceof org.apache.calcite.runtime.CalciteException) {
      // Calcite's runtime functions report invalid arguments so (e.g. a negative SUBSTRING length)
      return "invalid argument for a function";
    }
    if (e instanceof ClassCastException) {
      return "a field has a different type than in earlier records (" + e.getClass().getSimpleName() + ")";
    }
    return e.getClass().getSimpleName();
  }
}
