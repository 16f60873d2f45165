// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.sql.window;

import io.streamfirst.connect.sql.engine.InvalidQueryException;
import io.streamfirst.connect.sql.engine.SqlDialect;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlIntervalLiteral;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.parser.SqlParserUtil;

/** The window table function in a statement's FROM clause: its kind, size, slide, time column and input. */
record WindowCall(WindowQuery.Kind kind, long sizeMs, long advanceMs, String timeColumn, String alias, String table) {

  /** Reads {@code FROM TABLE(TUMBLE|HOP(TABLE t, DESCRIPTOR(col), INTERVAL ...))}. */
  static WindowCall of(SqlSelect select) throws InvalidQueryException {
    String alias = null;
    WindowQuery.Kind kind;
    long sizeMs;
    long advanceMs;
    SqlNode from = select.getFrom();
    SqlParserPos pos = from == null ? select.getParserPosition() : from.getParserPosition();
    if (from instanceof SqlCall as && as.getKind() == SqlKind.AS) {
      alias = ((SqlIdentifier) as.operand(1)).getSimple();
      from = as.operand(0);
    }
    if (!(from instanceof SqlCall table) || table.getKind() != SqlKind.COLLECTION_TABLE
        || !(table.operand(0) instanceof SqlCall call)) {
      throw SqlDialect.error(pos, "FROM must be a window over one input: TABLE(TUMBLE(TABLE <name>,"
          + " DESCRIPTOR(<time column>), INTERVAL '1' MINUTE)) or TABLE(HOP(TABLE <name>, DESCRIPTOR(<time column>),"
          + " INTERVAL <slide>, INTERVAL <size>))");
    }
    String function = call.getOperator().getName().toUpperCase(Locale.ROOT);
    switch (function) {
      case "TUMBLE" -> kind = WindowQuery.Kind.TUMBLE;
      case "HOP" -> kind = WindowQuery.Kind.HOP;
      case "SESSION", "CUMULATE" -> throw SqlDialect.error(call.getParserPosition(), function
          + " windows are not supported yet; use TUMBLE or HOP");
      default -> throw SqlDialect.error(call.getParserPosition(), "Unknown window function " + function
          + "; use TUMBLE or HOP");
    }
    List<SqlNode> operands = call.getOperandList();
    int expected = kind == WindowQuery.Kind.TUMBLE ? 3 : 4;
    if (operands.size() != expected) {
      throw SqlDialect.error(call.getParserPosition(), kind == WindowQuery.Kind.TUMBLE
          ? "TUMBLE takes (TABLE <name>, DESCRIPTOR(<time column>), INTERVAL <size>)"
          : "HOP takes (TABLE <name>, DESCRIPTOR(<time column>), INTERVAL <slide>, INTERVAL <size>)");
    }
    SqlNode input = operands.get(0);
    if (input.getKind() == SqlKind.SET_SEMANTICS_TABLE) {
      input = ((SqlCall) input).operand(0);
    }
    if (input.getKind() != SqlKind.EXPLICIT_TABLE || !(((SqlCall) input).operand(0) instanceof SqlIdentifier name)) {
      throw SqlDialect.error(input.getParserPosition(), "The window's first argument must be TABLE <name>");
    }
    SqlNode descriptor = operands.get(1);
    List<SqlNode> described = descriptor instanceof SqlCall d && (d.getKind() == SqlKind.DESCRIPTOR
        || "DESCRIPTOR".equalsIgnoreCase(d.getOperator().getName()))
            ? flatten(((SqlCall) descriptor).getOperandList())
            : List.of();
    if (described.size() != 1 || !(described.get(0) instanceof SqlIdentifier time) || !time.isSimple()) {
      throw SqlDialect.error(descriptor.getParserPosition(), "The window's second argument must be DESCRIPTOR(<time"
          + " column>): a value field holding a timestamp, epoch milliseconds or ISO-8601 text, or _timestamp");
    }
    if (kind == WindowQuery.Kind.TUMBLE) {
      sizeMs = interval(operands.get(2), "size");
      advanceMs = sizeMs;
    } else {
      advanceMs = interval(operands.get(2), "slide");
      sizeMs = interval(operands.get(3), "size");
      if (advanceMs > sizeMs) {
        throw SqlDialect.error(operands.get(2).getParserPosition(), "HOP's slide must not be longer than its size");
      }
    }
    return new WindowCall(kind, sizeMs, advanceMs, time.getSimple(), alias, name.names.get(name.names.size() - 1));
  }

  private static List<SqlNode> flatten(List<SqlNode> nodes) {
    List<SqlNode> flat = new ArrayList<>();
    for (SqlNode node : nodes) {
      if (node instanceof SqlNodeList list) {
        flat.addAll(flatten(list.getList()));
      } else {
        flat.add(node);
      }
    }
    return flat;
  }

  private static long interval(SqlNode node, String what) throws InvalidQueryException {
    if (node instanceof SqlIntervalLiteral literal) {
      SqlIntervalLiteral.IntervalValue value = literal.getValueAs(SqlIntervalLiteral.IntervalValue.class);
      if (value.getIntervalQualifier().isYearMonth()) {
        throw SqlDialect.error(node.getParserPosition(), "The window " + what + " must be a day-time interval"
            + " (SECOND, MINUTE, HOUR, DAY); months and years have no fixed length");
      }
      long ms = SqlParserUtil.intervalToMillis(value);
      if (ms > 0) {
        return ms;
      }
    }
    throw SqlDialect.error(node.getParserPosition(), "The window " + what + " must be a positive interval literal,"
        + " e.g. INTERVAL '1' MINUTE");
  }

}
