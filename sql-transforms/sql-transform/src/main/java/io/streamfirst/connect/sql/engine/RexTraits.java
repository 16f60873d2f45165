// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.sql.engine;

import static io.streamfirst.connect.sql.engine.RexRules.*;

import java.util.List;
import java.util.Set;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.type.SqlTypeUtil;

/**
 * What {@link PgRexRewriter} asks of an expression before it reorders or drops it: whether evaluating it
 * can raise an error, and which of its parts are expressions of constants PostgreSQL evaluates when it
 * plans the statement.
 */
final class RexTraits {

  /** Kinds of expressions that cannot raise an error when their operands do not. */
  static final Set<SqlKind> CANNOT_FAIL = Set.of(SqlKind.EQUALS, SqlKind.NOT_EQUALS, SqlKind.LESS_THAN,
      SqlKind.LESS_THAN_OR_EQUAL, SqlKind.GREATER_THAN, SqlKind.GREATER_THAN_OR_EQUAL, SqlKind.IS_NULL,
      SqlKind.IS_NOT_NULL, SqlKind.IS_TRUE, SqlKind.IS_NOT_TRUE, SqlKind.IS_FALSE, SqlKind.IS_NOT_FALSE,
      SqlKind.IS_DISTINCT_FROM, SqlKind.IS_NOT_DISTINCT_FROM, SqlKind.NOT, SqlKind.AND, SqlKind.OR, SqlKind.CASE,
      SqlKind.COALESCE, SqlKind.SEARCH);

  /** Whether evaluating {@code node} may raise an error (anything but comparisons and logic over columns and constants). */
  static boolean canFail(RexNode node) {
    if (node instanceof RexLiteral || node instanceof org.apache.calcite.rex.RexInputRef
        || node instanceof org.apache.calcite.rex.RexFieldAccess) {
      return false;
    }
    if (!(node instanceof RexCall call)) {
      return true;
    }
    if (call.getKind() == SqlKind.CAST) {
      SqlTypeName from = call.getOperands().get(0).getType().getSqlTypeName();
      SqlTypeName to = call.getType().getSqlTypeName();
      boolean widening = isInteger(from) && (isApproximate(to) || isInteger(to) && rank(to) >= rank(from))
          || from == to && !SqlTypeUtil.isDecimal(call.getType()) && !SqlTypeUtil.inCharFamily(call.getType());
      return !widening || canFail(call.getOperands().get(0));
    }
    if (!CANNOT_FAIL.contains(call.getKind())) {
      return true;
    }
    return call.getOperands().stream().anyMatch(RexTraits::canFail);
  }

  /** The outermost expressions of constants (not literals) of {@code node}. */
  static void collectConstantCalls(RexNode node, List<RexNode> constants) {
    if (isConstantCall(node)) {
      constants.add(node);
    } else if (node instanceof RexCall call) {
      call.getOperands().forEach(operand -> collectConstantCalls(operand, constants));
    }
  }

  /** Whether {@code node} holds an expression of constants other than a literal (see {@link #isConstantCall}). */
  static boolean containsConstantCall(RexNode node) {
    if (isConstantCall(node)) {
      return true;
    }
    return node instanceof RexCall call && call.getOperands().stream().anyMatch(RexTraits::containsConstantCall);
  }

  /**
   * An expression of constants that is not a literal: PostgreSQL evaluates it when it plans the
   * statement even next to a NULL ({@link PgConstantFolder} does), so it is not dropped here.
   */
  static boolean isConstantCall(RexNode node) {
    return node instanceof RexCall && node.accept(new org.apache.calcite.rex.RexVisitorImpl<Boolean>(true) {
      @Override
      public Boolean visitInputRef(org.apache.calcite.rex.RexInputRef inputRef) {
        return false;
      }

      @Override
      public Boolean visitFieldAccess(org.apache.calcite.rex.RexFieldAccess fieldAccess) {
        return false;
      }

      @Override
      public Boolean visitLiteral(RexLiteral literal) {
        return true;
      }

      @Override
      public Boolean visitCall(RexCall call) {
        for (RexNode operand : call.getOperands()) {
          if (!operand.accept(this)) {
            return false;
          }
        }
        return true;
      }
    });
  }

  private RexTraits() {}
}
