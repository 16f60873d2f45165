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

/**
 * The window table function in a statement's FROM clause: its kind, size, slide (HOP), step (CUMULATE)
 * or gap (SESSION, held as size and advance), time column, session key columns and input.
 */
record WindowCall(WindowQuery.Kind kind, long sizeMs, long advanceMs, String timeColumn, List<String> sessionKeys,
    String alias, String table, SqlParserPos position) {

  /** CUMULATE's largest size / step: rows update that many windows, each with that many partial states. */
  static final int MAX_CUMULATE_STEPS = 60;

  private static final String FORMS = "TABLE(TUMBLE(TABLE <name>, DESCRIPTOR(<time column>), INTERVAL <size>)),"
      + " TABLE(HOP(TABLE <name>, DESCRIPTOR(<time column>), INTERVAL <slide>, INTERVAL <size>)),"
      + " TABLE(CUMULATE(TABLE <name>, DESCRIPTOR(<time column>), INTERVAL <step>, INTERVAL <size>)) or"
      + " TABLE(SESSION(TABLE <name> PARTITION BY <key columns>, DESCRIPTOR(<time column>), INTERVAL <gap>))";

  /** Reads {@code FROM TABLE(TUMBLE|HOP|CUMULATE|SESSION(TABLE t, DESCRIPTOR(col), ...))}. */
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
      throw SqlDialect.error(pos, "FROM must be a window over one input: " + FORMS);
    }
    String function = call.getOperator().getName().toUpperCase(Locale.ROOT);
    switch (function) {
      case "TUMBLE" -> kind = WindowQuery.Kind.TUMBLE;
      case "HOP" -> kind = WindowQuery.Kind.HOP;
      case "CUMULATE" -> kind = WindowQuery.Kind.CUMULATE;
      case "SESSION" -> kind = WindowQuery.Kind.SESSION;
      default -> throw SqlDialect.error(call.getParserPosition(), "Unknown window function " + function
          + "; use TUMBLE, HOP, CUMULATE or SESSION");
    }
    List<SqlNode> operands = call.getOperandList();
    List<String> sessionKeys = new ArrayList<>();
    SqlNode input = operands.isEmpty() ? call : operands.get(0);
    if (input.getKind() == SqlKind.SET_SEMANTICS_TABLE) {
      // TABLE t PARTITION BY k1, k2 (the form SESSION takes its keys in)
      SqlCall semantics = (SqlCall) input;
      if (kind != WindowQuery.Kind.SESSION && partitionKeys(semantics).size() > 0) {
        throw SqlDialect.error(semantics.getParserPosition(), "PARTITION BY is only taken by SESSION windows");
      }
      sessionKeys.addAll(keys(partitionKeys(semantics), "PARTITION BY"));
      input = semantics.operand(0);
    }
    int expected = switch (kind) {
      case TUMBLE -> 3;
      case HOP, CUMULATE -> 4;
      case SESSION -> operands.size() == 4 && sessionKeys.isEmpty() ? 4 : 3;
    };
    if (operands.size() != expected) {
      throw SqlDialect.error(call.getParserPosition(), switch (kind) {
        case TUMBLE -> "TUMBLE takes (TABLE <name>, DESCRIPTOR(<time column>), INTERVAL <size>)";
        case HOP -> "HOP takes (TABLE <name>, DESCRIPTOR(<time column>), INTERVAL <slide>, INTERVAL <size>)";
        case CUMULATE -> "CUMULATE takes (TABLE <name>, DESCRIPTOR(<time column>), INTERVAL <step>, INTERVAL <size>)";
        case SESSION -> "SESSION takes (TABLE <name> PARTITION BY <key columns>, DESCRIPTOR(<time column>),"
            + " INTERVAL <gap>) or (TABLE <name>, DESCRIPTOR(<time column>), DESCRIPTOR(<key columns>),"
            + " INTERVAL <gap>)";
      });
    }
    if (input.getKind() != SqlKind.EXPLICIT_TABLE || !(((SqlCall) input).operand(0) instanceof SqlIdentifier name)) {
      throw SqlDialect.error(input.getParserPosition(), "The window's first argument must be TABLE <name>");
    }
    SqlNode descriptor = operands.get(1);
    List<SqlNode> described = described(descriptor);
    if (described.size() != 1 || !(described.get(0) instanceof SqlIdentifier time) || !time.isSimple()) {
      throw SqlDialect.error(descriptor.getParserPosition(), "The window's second argument must be DESCRIPTOR(<time"
          + " column>): a value field holding a timestamp, epoch milliseconds or ISO-8601 text, or _timestamp");
    }
    switch (kind) {
      case TUMBLE -> {
        sizeMs = interval(operands.get(2), "size");
        advanceMs = sizeMs;
      }
      case HOP -> {
        advanceMs = interval(operands.get(2), "slide");
        sizeMs = interval(operands.get(3), "size");
        if (advanceMs > sizeMs) {
          throw SqlDialect.error(operands.get(2).getParserPosition(), "HOP's slide must not be longer than its size");
        }
      }
      case CUMULATE -> {
        advanceMs = interval(operands.get(2), "step");
        sizeMs = interval(operands.get(3), "size");
        if (advanceMs > sizeMs || sizeMs % advanceMs != 0) {
          throw SqlDialect.error(operands.get(3).getParserPosition(), "CUMULATE's size must be a whole multiple of"
              + " its step (e.g. step INTERVAL '10' MINUTE, size INTERVAL '1' HOUR)");
        }
        if (sizeMs / advanceMs > MAX_CUMULATE_STEPS) {
          throw SqlDialect.error(operands.get(3).getParserPosition(), "CUMULATE windows may have at most "
              + MAX_CUMULATE_STEPS + " steps (size / step); each row updates one window per step, each holding a"
              + " partial result per step");
        }
      }
      default -> {
        if (expected == 4) {
          List<SqlNode> keyDescriptor = described(operands.get(2));
          if (keyDescriptor.isEmpty()) {
            throw SqlDialect.error(operands.get(2).getParserPosition(), "SESSION's third argument must be"
                + " DESCRIPTOR(<key columns>) when it has four");
          }
          sessionKeys.addAll(keys(keyDescriptor, "DESCRIPTOR"));
        }
        sizeMs = interval(operands.get(operands.size() - 1), "gap");
        advanceMs = sizeMs;
      }
    }
    return new WindowCall(kind, sizeMs, advanceMs, time.getSimple(), List.copyOf(sessionKeys), alias,
        name.names.get(name.names.size() - 1), call.getParserPosition());
  }

  private static List<SqlNode> partitionKeys(SqlCall semantics) {
    return semantics.operandCount() > 1 && semantics.operand(1) instanceof SqlNodeList list
        ? flatten(list.getList())
        : List.of();
  }

  private static List<String> keys(List<SqlNode> nodes, String where) throws InvalidQueryException {
    List<String> keys = new ArrayList<>();
    for (SqlNode node : nodes) {
      if (!(node instanceof SqlIdentifier id) || !id.isSimple()) {
        throw SqlDialect.error(node.getParserPosition(), "SESSION's " + where + " takes value column names");
      }
      keys.add(id.getSimple());
    }
    return keys;
  }

  private static List<SqlNode> described(SqlNode descriptor) {
    return descriptor instanceof SqlCall d && (d.getKind() == SqlKind.DESCRIPTOR
        || "DESCRIPTOR".equalsIgnoreCase(d.getOperator().getName()))
            ? flatten(d.getOperandList())
            : List.of();
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
