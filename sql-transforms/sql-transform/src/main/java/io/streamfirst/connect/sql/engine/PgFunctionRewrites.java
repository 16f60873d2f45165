// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.sql.engine;

import io.streamfirst.connect.sql.functions.SizeLimits;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.calcite.avatica.util.TimeUnitRange;
import org.apache.calcite.plan.Strong;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.fun.SqlTrimFunction;
import org.apache.calcite.sql.type.SqlTypeFamily;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.type.SqlTypeUtil;

/**
 * Functions whose PostgreSQL 17 semantics differ from Calcite's ({@link PgRexRewriter}): EXTRACT,
 * text functions, math functions, and the size checks of functions whose result can outgrow their
 * arguments ({@code max.value.bytes}, {@link SizeLimits}).
 */
final class PgFunctionRewrites extends RexRules {

  /** The casts of booleans to text the statement wrote, by identity. */
  private final Set<RexNode> explicitBoolTexts = Collections.newSetFromMap(new IdentityHashMap<>());

  private final PgNumericTyping numeric;

  PgFunctionRewrites(RexBuilder rex, int maxValueBytes, PgNumericTyping numeric) {
    super(rex, maxValueBytes);
    this.numeric = numeric;
  }

  // ---------------------------------------------------------------- functions

  RexNode extract(RexCall call) {
    RexNode source = call.getOperands().get(1);
    SqlTypeName type = source.getType().getSqlTypeName();
    if (!(call.getOperands().get(0) instanceof RexLiteral flag)
        || type != SqlTypeName.TIMESTAMP && type != SqlTypeName.DATE) {
      return call;
    }
    TimeUnitRange unit = flag.getValueAs(TimeUnitRange.class);
    if (unit == null) {
      return call;
    }
    RelDataType result = PgOperators.extractType(unit, source.getType(), QueryPlanner.TYPES);
    return udf(type == SqlTypeName.TIMESTAMP ? "extractTimestamp" : "extractDate", result,
        rex.makeLiteral(unit.name()), source);
  }

  /**
   * {@code FLOOR(timestamp TO unit)} is PostgreSQL's {@code date_trunc('unit', timestamp)}, computed by the
   * same function (Calcite's own FLOOR cannot read its unit inside a branch of a CASE of constants).
   */
  RexNode floorTimestamp(RexCall call) {
    List<RexNode> operands = call.getOperands();
    if (operands.size() != 2 || operands.get(0).getType().getSqlTypeName() != SqlTypeName.TIMESTAMP
        || call.getType().getSqlTypeName() != SqlTypeName.TIMESTAMP
        || !(operands.get(1) instanceof RexLiteral flag) || flag.getValueAs(TimeUnitRange.class) == null) {
      return call;
    }
    return udf("dateTrunc", call.getType(),
        rex.makeLiteral(flag.getValueAs(TimeUnitRange.class).name().toLowerCase(Locale.ROOT)), operands.get(0));
  }

  RexNode function(RexCall call) {
    String name = call.getOperator().getName();
    List<RexNode> operands = call.getOperands();
    RelDataType type = call.getType();
    switch (name) {
      case "TRIM":
        return trim(call);
      case "UPPER":
        return udf("upper", type, operands.get(0));
      case "INITCAP":
        return udf("initcap", type, operands.get(0));
      case "LOWER":
        return udf("lower", type, operands.get(0));
      case "REGEXP_REPLACE":
        if (operands.size() == 3) {
          return udf("regexpReplaceFirst", type, withLimit(operands));
        }
        if (operands.size() == 4 && SqlTypeFamily.CHARACTER.contains(operands.get(3).getType())) {
          return udf("regexpReplace", type, withLimit(operands));
        }
        return limitedResult(call, name);
      case "CONCAT", "CONCAT_WS":
        return limitedResult(concat(call), name);
      case "||", "OVERLAY":
        return limitedResult(call, name);
      case "REPEAT":
        if (!SqlTypeFamily.CHARACTER.contains(operands.get(0).getType())) {
          return limitedResult(strictNullability(call), name);
        }
        return limitedCount(strictNullability(call), 1, "repeatCount", operands.get(0));
      case "LPAD", "RPAD": {
        if (!SqlTypeFamily.CHARACTER.contains(operands.get(0).getType())) {
          return limitedCount(strictNullability(call), 1, "padLength");
        }
        // PostgreSQL's padding (a negative length is empty text), its length checked against max.value.bytes first
        RelDataType length = typed(SqlTypeName.INTEGER, operands.get(1).getType().isNullable());
        return udf(name.toLowerCase(Locale.ROOT), QueryPlanner.TYPES.createTypeWithNullability(type,
            operands.stream().anyMatch(operand -> operand.getType().isNullable())), operands.get(0),
            sizeUdf("padLength", length, rex.makeCast(length, operands.get(1)), maxValueBytes),
            operands.size() > 2 ? operands.get(2) : rex.makeLiteral(" "));
      }
      case "REPLACE":
        if (operands.size() == 3 && SqlTypeFamily.CHARACTER.contains(operands.get(0).getType())) {
          RexNode source = sizeUdf("replaceSource", operands.get(0).getType(), operands.get(0), operands.get(1),
              operands.get(2), maxValueBytes);
          return rex.makeCall(type, call.getOperator(), List.of(source, operands.get(1), operands.get(2)));
        }
        return limitedResult(call, name);
      case "JSON_PRETTY":
        return jsonPretty(call);
      case "DATE_TRUNC":
        return call.getOperator() == Functions.DATE_TRUNC ? udf("dateTrunc", type, operands) : call;
      case "ABS": {
        // the operand's type, as rewritten (abs(real + 1) is double precision)
        RelDataType operand = operands.get(0).getType();
        return switch (operand.getSqlTypeName()) {
          case SMALLINT -> udf("abs2", operand, operands);
          case INTEGER -> udf("abs4", operand, operands);
          case BIGINT -> udf("abs8", operand, operands);
          default -> SqlTypeUtil.equalSansNullability(QueryPlanner.TYPES, operand, type)
              ? call
              : rex.makeCall(operand, call.getOperator(), operands);
        };
      }
      case "SQRT", "EXP", "LN", "LOG10":
        if (type.getSqlTypeName() == SqlTypeName.DECIMAL) {
          // of a numeric: numeric, as PostgreSQL computes it (PgNumericMath)
          return udf(name.toLowerCase(Locale.ROOT) + "Numeric", type, toDecimal(operands.get(0)),
              literal(type.getScale()));
        }
        return udf(name.toLowerCase(Locale.ROOT), typed(SqlTypeName.DOUBLE, type.isNullable()),
            toDouble(operands.get(0)));
      case "LEFT", "RIGHT":
        return udf(name.toLowerCase(Locale.ROOT), QueryPlanner.TYPES.createTypeWithNullability(type,
            operands.stream().anyMatch(operand -> operand.getType().isNullable())), operands.get(0),
            rex.makeCast(typed(SqlTypeName.INTEGER, operands.get(1).getType().isNullable()), operands.get(1)));
      case "SIGN":
        // sign(float8) of -0 is 0 (Java's signum keeps -0)
        return operands.get(0).getType().getSqlTypeName() == SqlTypeName.DECIMAL
            ? call
            : udf("signFloat8", type, toDouble(operands.get(0)));
      case "POWER":
        if (type.getSqlTypeName() == SqlTypeName.DECIMAL) {
          return udf("powerNumeric", type, toDecimal(operands.get(0)), toDecimal(operands.get(1)),
              literal(type.getScale()));
        }
        return udf("power", typed(SqlTypeName.DOUBLE, type.isNullable()), toDouble(operands.get(0)),
            toDouble(operands.get(1)));
      case "ROUND":
        return numeric.round(call);
      case "TRUNCATE":
        if (operands.size() == 2 && (isInteger(operands.get(0).getType().getSqlTypeName())
            || operands.get(0).getType().getSqlTypeName() == SqlTypeName.DECIMAL)) {
          // trunc(integer, n) is trunc(numeric, n)
          RexNode exact = toDecimal(operands.get(0));
          RexNode digits = operands.get(1);
          Integer constant = digits instanceof RexLiteral literal ? literal.getValueAs(Integer.class) : null;
          RelDataType truncated = PgOperators.roundType(exact.getType(), true, constant, true, type.isNullable(),
              QueryPlanner.TYPES);
          return udf("truncNumeric", truncated, exact,
              rex.makeCast(typed(SqlTypeName.INTEGER, digits.getType().isNullable()), digits),
              literal(truncated.getScale()));
        }
        return operands.size() == 1 ? numeric.floatResult(call) : call;
      default:
        return strictNullability(call);
    }
  }

  /** A library function that returns NULL for a NULL argument, typed nullable when an argument is. */
  RexCall strictNullability(RexCall call) {
    RelDataType type = call.getType();
    List<RexNode> operands = call.getOperands();
    if (PgRexRewriter.STRICT_FUNCTIONS.contains(call.getOperator().getName()) && !type.isNullable()
        && operands.stream().anyMatch(operand -> operand.getType().isNullable())) {
      return (RexCall) rex.makeCall(QueryPlanner.TYPES.createTypeWithNullability(type, true), call.getOperator(),
          operands);
    }
    return call;
  }

  // ---------------------------------------------------------------- sizes (max.value.bytes)

  /**
   * {@code call} with its count operand {@code index} (REPEAT's count, LPAD's and RPAD's length)
   * passed through {@link SizeLimits}' {@code method}, which checks the result's size before the
   * function allocates it; {@code prefix} are the guard's arguments before the count.
   */
  private RexNode limitedCount(RexCall call, int index, String method, RexNode... prefix) {
    List<RexNode> operands = new ArrayList<>(call.getOperands());
    RexNode count = operands.get(index);
    SqlTypeName countType = count.getType().getSqlTypeName();
    if (countType != SqlTypeName.INTEGER && countType != SqlTypeName.SMALLINT && countType != SqlTypeName.TINYINT) {
      return limitedResult(call, call.getOperator().getName());
    }
    RelDataType integer = typed(SqlTypeName.INTEGER, count.getType().isNullable());
    List<RexNode> arguments = new ArrayList<>(List.of(prefix));
    arguments.add(countType == SqlTypeName.INTEGER ? count : rex.makeCast(integer, count));
    arguments.add(maxValueBytes);
    operands.set(index, sizeUdf(method, integer, arguments.toArray(new RexNode[0])));
    return rex.makeCall(call.getType(), call.getOperator(), operands);
  }

  /**
   * {@code node}, a text or binary result of {@code function} that is at most the sum of its
   * arguments (concatenation), checked against the limit once computed.
   */
  private RexNode limitedResult(RexNode node, String function) {
    if (node instanceof RexCall call && !call.getType().isNullable()
        && (Strong.policy(call) == Strong.Policy.ANY || PgRexRewriter.isStrictFunction(call))
        && call.getOperands().stream().anyMatch(operand -> operand.getType().isNullable())) {
      // a strict function of an operand a rewrite made nullable (RPAD(u, 7) || x): NULL when it is
      node = call.clone(QueryPlanner.TYPES.createTypeWithNullability(call.getType(), true), call.getOperands());
    }
    RelDataType type = node.getType();
    RexNode name = rex.makeLiteral(function);
    if (SqlTypeFamily.CHARACTER.contains(type)) {
      return sizeUdf("text", type, node, name, maxValueBytes);
    }
    if (SqlTypeFamily.BINARY.contains(type)) {
      return sizeUdf("bytes", type, node, name, maxValueBytes);
    }
    return node;
  }

  /** JSON_PRETTY of text, printed into a buffer bounded by the limit (indentation grows with nesting). */
  private RexNode jsonPretty(RexCall call) {
    RexNode operand = call.getOperands().get(0);
    if (operand.getKind() == SqlKind.JSON_VALUE_EXPRESSION) {
      operand = ((RexCall) operand).getOperands().get(0);
    }
    if (!SqlTypeFamily.CHARACTER.contains(operand.getType())) {
      return limitedResult(call, "JSON_PRETTY");
    }
    return sizeUdf("jsonPretty", call.getType(), operand, maxValueBytes);
  }

  private List<RexNode> withLimit(List<RexNode> operands) {
    List<RexNode> out = new ArrayList<>(operands);
    out.add(maxValueBytes);
    return out;
  }

  /** TRIM of a single character (plain TRIM trims spaces) compares characters instead of searching a set. */
  private RexNode trim(RexCall call) {
    List<RexNode> operands = call.getOperands();
    if (operands.size() == 3 && operands.get(0) instanceof RexLiteral flagLiteral
        && operands.get(1) instanceof RexLiteral charactersLiteral) {
      SqlTrimFunction.Flag flag = flagLiteral.getValueAs(SqlTrimFunction.Flag.class);
      String characters = charactersLiteral.getValueAs(String.class);
      if (flag != null && characters != null && characters.length() == 1) {
        return udf("trimChar", call.getType(), operands.get(2), operands.get(1),
            rex.makeLiteral(flag.getLeft() == 1), rex.makeLiteral(flag.getRight() == 1));
      }
    }
    return call;
  }

  /** Records that {@code cast} is a cast of a boolean to text that the statement wrote ({@code b::text}). */
  void explicitBoolText(RexNode cast) {
    explicitBoolTexts.add(cast);
  }

  /**
   * CONCAT prints the booleans it converts with their output function ({@code t}/{@code f}); a cast
   * to text the statement wrote ({@code CONCAT(b::text)}) is text before CONCAT sees it: {@code true}.
   */
  private RexNode concat(RexCall call) {
    List<RexNode> operands = new ArrayList<>(call.getOperands());
    boolean changed = false;
    for (int i = 0; i < operands.size(); i++) {
      if (operands.get(i) instanceof RexCall inner && inner.getOperator() == OPERATORS.get("boolText")
          && !explicitBoolTexts.contains(inner)) {
        operands.set(i, udf("boolOut", inner.getType(), inner.getOperands()));
        changed = true;
      }
    }
    return changed ? rex.makeCall(call.getType(), call.getOperator(), operands) : call;
  }
}
