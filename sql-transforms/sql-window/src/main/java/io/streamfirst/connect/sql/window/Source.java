// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.sql.window;

import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.parser.SqlParserPos;

/**
 * The statement's text and the character ranges its clauses occupy, so that a clause is handed to
 * the single-record engine exactly as the user wrote it.
 */
final class Source {

  final String text;
  private final List<Integer> lineStarts = new ArrayList<>();

  Source(String text) {
    this.text = text;
    lineStarts.add(0);
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) == '\n') {
        lineStarts.add(i + 1);
      }
    }
  }

  String slice(SqlNode node) {
    int[] span = span(node);
    return text.substring(span[0], span[1]);
  }

  /**
   * The [start, end) character range of {@code node}: the union of its own position and its
   * operands', widened to balance parentheses (a parenthesised operand's position excludes them).
   */
  int[] span(SqlNode node) {
    int[] span = {Integer.MAX_VALUE, Integer.MIN_VALUE};
    cover(node, span);
    while (true) {
      int balance = balance(span[0], span[1]);
      if (balance > 0) {
        int close = nextCode(span[1], ')');
        if (close < 0) {
          break;
        }
        span[1] = close + 1;
      } else if (balance < 0) {
        int open = text.lastIndexOf('(', span[0] - 1);
        if (open < 0) {
          break;
        }
        span[0] = open;
      } else {
        break;
      }
    }
    return span;
  }

  private void cover(SqlNode node, int[] span) {
    if (node == null) {
      return;
    }
    SqlParserPos pos = node.getParserPosition();
    if (pos != null && pos != SqlParserPos.ZERO && pos.getLineNum() > 0) {
      span[0] = Math.min(span[0], offset(pos.getLineNum(), pos.getColumnNum()));
      span[1] = Math.max(span[1], offset(pos.getEndLineNum(), pos.getEndColumnNum()) + 1);
    }
    if (node instanceof SqlCall call) {
      for (SqlNode operand : call.getOperandList()) {
        cover(operand, span);
      }
    } else if (node instanceof SqlNodeList list) {
      for (SqlNode operand : list) {
        cover(operand, span);
      }
    }
  }

  private int offset(int line, int column) {
    return Math.min(text.length(), lineStarts.get(line - 1) + column - 1);
  }

  /** Open minus close parentheses in [from, to), outside quoted text. */
  private int balance(int from, int to) {
    int balance = 0;
    char quote = 0;
    for (int i = from; i < to; i++) {
      char c = text.charAt(i);
      if (quote != 0) {
        if (c == quote) {
          quote = 0;
        }
      } else if (c == '\'' || c == '"') {
        quote = c;
      } else if (c == '(') {
        balance++;
      } else if (c == ')') {
        balance--;
      }
    }
    return balance;
  }

  /** The next {@code c} at or after {@code from}, outside quoted text. */
  private int nextCode(int from, char c) {
    char quote = 0;
    for (int i = from; i < text.length(); i++) {
      char x = text.charAt(i);
      if (quote != 0) {
        if (x == quote) {
          quote = 0;
        }
      } else if (x == '\'' || x == '"') {
        quote = x;
      } else if (x == c) {
        return i;
      }
    }
    return -1;
  }
}
