// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.sql.engine;

import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.parser.SqlParseException;
import org.apache.calcite.sql.parser.SqlParser;
import org.apache.calcite.sql.parser.SqlParserPos;

/**
 * The SQL dialect of {@link SqlEngine} for statements that are more than one record (the windowed
 * aggregation connector): the same parser, PostgreSQL {@code ::} casts and error positions. Such a
 * statement is parsed here, taken apart, and its single-record pieces (conditions, expressions) are
 * given back to {@link QueryDefinition} as text, so they are typed and compiled like any SqlTransform
 * statement.
 */
public final class SqlDialect {

  /** A parsed statement and the text its positions refer to (casts written {@code x::t} spelled out). */
  public record Parsed(SqlNode node, String text) {
  }

  private SqlDialect() {}

  /** Parses one query of the dialect, without the single-record checks SqlTransform applies. */
  public static Parsed parseQuery(String sql) throws InvalidQueryException {
    String text = InfixCasts.rewrite(sql);
    try {
      return new Parsed(SqlParser.create(text, Statements.PARSER).parseQuery(), text);
    } catch (SqlParseException e) {
      throw InvalidQueryException.from(e);
    } catch (StackOverflowError e) {
      throw new InvalidQueryException("Syntax error: " + EvaluationErrors.TOO_DEEP);
    }
  }

  /** An error about the clause at {@code pos}, with its line and column. */
  public static InvalidQueryException error(SqlParserPos pos, String message) {
    return InvalidQueryException.at(pos, message);
  }
}
