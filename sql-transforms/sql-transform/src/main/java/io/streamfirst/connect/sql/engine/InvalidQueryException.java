// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.sql.engine;

import org.apache.calcite.runtime.CalciteContextException;
import org.apache.calcite.sql.parser.SqlParseException;
import org.apache.calcite.sql.parser.SqlParserPos;

/**
 * A query that cannot be parsed, is not a supported single-record statement, or does not
 * validate against a record's shape. The message carries the line and column of the problem.
 */
public final class InvalidQueryException extends Exception {

  private static final long serialVersionUID = 1L;

  InvalidQueryException(String message) {
    super(message);
  }

  InvalidQueryException(String message, Throwable cause) {
    super(message, cause);
  }

  static InvalidQueryException at(SqlParserPos pos, String message) {
    return new InvalidQueryException(message + location(pos));
  }

  static InvalidQueryException from(SqlParseException e) {
    for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
      if (cause instanceof StackOverflowError) {
        return new InvalidQueryException("Syntax error: " + EvaluationErrors.TOO_DEEP, e);
      }
    }
    String first = firstLine(e.getMessage());
    return new InvalidQueryException("Syntax error: " + first, e);
  }

  static InvalidQueryException from(CalciteContextException e) {
    String reason = e.getCause() == null ? e.getMessage() : e.getCause().getMessage();
    return new InvalidQueryException(firstLine(reason)
        + " (line " + e.getPosLine() + ", column " + e.getPosColumn() + ")", e);
  }

  static String location(SqlParserPos pos) {
    return pos == null || pos == SqlParserPos.ZERO
        ? ""
        : " (line " + pos.getLineNum() + ", column " + pos.getColumnNum() + ")";
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "unknown error";
    }
    int newline = message.indexOf('\n');
    return (newline < 0 ? message : message.substring(0, newline)).trim();
  }
}
