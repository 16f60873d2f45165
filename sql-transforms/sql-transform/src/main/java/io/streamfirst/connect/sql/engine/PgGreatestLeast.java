// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.sql.engine;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexShuttle;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.type.SqlTypeUtil;
import org.apache.calcite.sql2rel.SqlRexContext;
import org.apache.calcite.sql2rel.SqlRexConvertlet;

/**
 * {@code GREATEST} and {@code LEAST} as PostgreSQL evaluates them: every value is converted to
 * their common type before they compare (a numeric out of {@code real}'s range next to a real
 * raises, whichever value wins), and of equal values the first is kept ({@code LEAST(0::float8,
 * -0::float8)} is {@code 0}). Calcite's expansion into a {@code CASE} compares the values as
 * validated and keeps the last of equal values; this adjusts that {@code CASE}.
 */
final class PgGreatestLeast implements SqlRexConvertlet {

  private final SqlRexConvertlet standard;

  PgGreatestLeast(SqlRexConvertlet standard) {
    this.standard = standard;
  }

  @Override
  public RexNode convertCall(SqlRexContext context, SqlCall call) {
    RexNode converted = standard.convertCall(context, call);
    if (!(converted instanceof RexCall expansion) || expansion.getKind() != SqlKind.CASE) {
      return converted;
    }
    RexBuilder rex = context.getRexBuilder();
    List<RexNode> operands = expansion.getOperands();
    Map<RexNode, RexNode> asReal = realValues(rex, operands);
    List<RexNode> adjusted = new ArrayList<>(operands.size());
    for (int i = 0; i < operands.size(); i++) {
      RexNode operand = replace(operands.get(i), asReal);
      adjusted.add(i % 2 == 0 && i < operands.size() - 1 ? firstOfEqual(rex, operand) : operand);
    }
    return rex.makeCall(expansion.getType(), expansion.getOperator(), adjusted);
  }

  /**
   * The values (the {@code THEN}s) converted to real where PostgreSQL's common type of them is real:
   * a real among integers and numerics only. Calcite widens them all to double precision.
   */
  private static Map<RexNode, RexNode> realValues(RexBuilder rex, List<RexNode> operands) {
    List<RexNode> values = new ArrayList<>();
    for (int i = 1; i < operands.size(); i += 2) {
      values.add(operands.get(i));
    }
    boolean real = false;
    for (RexNode value : values) {
      SqlTypeName type = widened(value).getType().getSqlTypeName();
      if (type == SqlTypeName.REAL) {
        real = true;
      } else if (type != SqlTypeName.DECIMAL && !SqlTypeUtil.isIntType(widened(value).getType())) {
        return Map.of();
      }
    }
    Map<RexNode, RexNode> replacements = new IdentityHashMap<>();
    if (!real) {
      return replacements;
    }
    for (RexNode value : values) {
      RexNode inner = widened(value);
      if (inner != value && inner.getType().getSqlTypeName() == SqlTypeName.DECIMAL) {
        RexNode toReal = rex.makeAbstractCast(
            QueryPlanner.TYPES.createTypeWithNullability(QueryPlanner.TYPES.createSqlType(SqlTypeName.REAL),
                inner.getType().isNullable()),
            inner, false);
        replacements.put(value, rex.makeAbstractCast(value.getType(), toReal, false));
      }
    }
    return replacements;
  }

  /** The operand of the cast to double precision Calcite added, else the value. */
  private static RexNode widened(RexNode value) {
    return value.getKind() == SqlKind.CAST && value.getType().getSqlTypeName() == SqlTypeName.DOUBLE
        ? ((RexCall) value).getOperands().get(0)
        : value;
  }

  private static RexNode replace(RexNode node, Map<RexNode, RexNode> replacements) {
    if (replacements.isEmpty()) {
      return node;
    }
    return node.accept(new RexShuttle() {
      @Override
      public RexNode visitCall(RexCall call) {
        RexNode replacement = replacements.get(call);
        return replacement != null ? replacement : super.visitCall(call);
      }
    });
  }

  /**
   * A {@code WHEN} of the expansion, {@code v IS NOT NULL AND (w IS NULL OR v > w) AND ...} for the
   * values w after v, with {@code >=} ({@code <=} for LEAST): the first of equal values wins.
   */
  private static RexNode firstOfEqual(RexBuilder rex, RexNode condition) {
    if (condition.getKind() == SqlKind.AND || condition.getKind() == SqlKind.OR) {
      List<RexNode> operands = new ArrayList<>();
      for (RexNode operand : ((RexCall) condition).getOperands()) {
        operands.add(firstOfEqual(rex, operand));
      }
      return rex.makeCall(condition.getType(), ((RexCall) condition).getOperator(), operands);
    }
    if (condition.getKind() == SqlKind.GREATER_THAN) {
      return rex.makeCall(condition.getType(), SqlStdOperatorTable.GREATER_THAN_OR_EQUAL,
          ((RexCall) condition).getOperands());
    }
    if (condition.getKind() == SqlKind.LESS_THAN) {
      return rex.makeCall(condition.getType(), SqlStdOperatorTable.LESS_THAN_OR_EQUAL,
          ((RexCall) condition).getOperands());
    }
    return condition;
  }
}
