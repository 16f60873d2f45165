// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.sql.engine;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeSystem;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.type.SqlTypeUtil;

/**
 * PostgreSQL 17's numeric typing and coercion rules ({@link PgRexRewriter}): the result types of
 * arithmetic, MOD, negation and ROUND/FLOOR/CEIL, checked arithmetic on the operands' final types,
 * real mixed with other numbers computing in double precision, and the common type of CASE and
 * COALESCE values.
 */
final class PgNumericTyping extends RexRules {

  private final PgCasts casts;
  /** The casts to double precision the statement wrote, by identity. */
  private final Set<RexNode> explicitDoubleCasts = Collections.newSetFromMap(new IdentityHashMap<>());
  private final Set<RexNode> explicitNumericCasts = Collections.newSetFromMap(new IdentityHashMap<>());

  PgNumericTyping(RexBuilder rex, int maxValueBytes, PgCasts casts) {
    super(rex, maxValueBytes);
    this.casts = casts;
  }

  // ---------------------------------------------------------------- arithmetic

  /**
   * {@code + - * /} of two numbers as PostgreSQL computes them, typed from the (rewritten) operands:
   * integers in the wider integer type, raising on overflow; numerics exact (division: see {@link
   * PgTypeSystem#deriveDecimalDivideType}); floats raising on overflow and division by zero, real only
   * when both operands are real. Date/time and interval arithmetic stays as validated.
   */
  RexNode arithmetic(RexCall call) {
    RexNode a = call.getOperands().get(0);
    RexNode b = call.getOperands().get(1);
    SqlTypeName x = a.getType().getSqlTypeName();
    SqlTypeName y = b.getType().getSqlTypeName();
    if (!isNumeric(x) || !isNumeric(y)) {
      return datetimeArithmetic(call);
    }
    boolean nullable = a.getType().isNullable() || b.getType().isNullable();
    String verb = switch (call.getKind()) {
      case PLUS, CHECKED_PLUS -> "Plus";
      case MINUS, CHECKED_MINUS -> "Minus";
      case TIMES, CHECKED_TIMES -> "Times";
      default -> "Divide";
    };
    if (isApproximate(x) || isApproximate(y)) {
      if (x == SqlTypeName.REAL && y == SqlTypeName.REAL) {
        return udf("float4" + verb, typed(SqlTypeName.REAL, nullable), a, b);
      }
      return udf("float8" + verb, typed(SqlTypeName.DOUBLE, nullable), toDouble(a), toDouble(b));
    }
    if (x == SqlTypeName.DECIMAL || y == SqlTypeName.DECIMAL) {
      RexNode p = toDecimal(a);
      RexNode q = toDecimal(b);
      RelDataTypeSystem system = QueryPlanner.TYPES.getTypeSystem();
      RelDataType type = switch (verb) {
        case "Plus", "Minus" -> system.deriveDecimalPlusType(QueryPlanner.TYPES, p.getType(), q.getType());
        case "Times" -> system.deriveDecimalMultiplyType(QueryPlanner.TYPES, p.getType(), q.getType());
        default -> system.deriveDecimalDivideType(QueryPlanner.TYPES, p.getType(), q.getType());
      };
      type = QueryPlanner.TYPES.createTypeWithNullability(type, nullable);
      if ("Divide".equals(verb)) {
        return bounded(udf("numericDivide", type, p, q, literal(type.getScale())));
      }
      SqlOperator operator = switch (verb) {
        case "Plus" -> SqlStdOperatorTable.PLUS;
        case "Minus" -> SqlStdOperatorTable.MINUS;
        default -> SqlStdOperatorTable.MULTIPLY;
      };
      return bounded(rex.makeCall(type, operator, List.of(p, q)));
    }
    SqlTypeName wider = rank(x) >= rank(y) ? x : y;
    SqlOperator checked = switch (verb) {
      case "Plus" -> SqlStdOperatorTable.CHECKED_PLUS;
      case "Minus" -> SqlStdOperatorTable.CHECKED_MINUS;
      case "Times" -> SqlStdOperatorTable.CHECKED_MULTIPLY;
      default -> SqlStdOperatorTable.CHECKED_DIVIDE;
    };
    return rex.makeCall(typed(wider, nullable), checked, List.of(widened(a, wider), widened(b, wider)));
  }

  /** date +/- interval is a timestamp (typed so when validated): the date is cast to a timestamp first. */
  RexNode datetimeArithmetic(RexCall call) {
    if (call.getType().getSqlTypeName() != SqlTypeName.TIMESTAMP
        || call.getOperands().stream().noneMatch(operand -> operand.getType().getSqlTypeName() == SqlTypeName.DATE)) {
      return call;
    }
    List<RexNode> operands = new ArrayList<>();
    for (RexNode operand : call.getOperands()) {
      operands.add(operand.getType().getSqlTypeName() != SqlTypeName.DATE
          ? operand
          : rex.makeCast(QueryPlanner.TYPES.createTypeWithNullability(QueryPlanner.TYPES.createSqlType(
              SqlTypeName.TIMESTAMP, PgTypeFactory.TIMESTAMP_PRECISION), operand.getType().isNullable()), operand));
    }
    return call.clone(call.getType(), operands);
  }

  /**
   * A numeric result whose type has the most digits a numeric may have can exceed them: checked
   * there (numeric value out of range). Below that, the type has room for every result and nothing
   * is checked per record.
   */
  RexNode bounded(RexNode exact) {
    RelDataType type = exact.getType();
    if (type.getPrecision() < PgTypeSystem.MAX_DECIMAL_PRECISION) {
      return exact;
    }
    return udf("toNumeric", type, exact, literal(type.getPrecision()), literal(type.getScale()));
  }

  /** Unary minus: integers raise on overflow ({@code -(-2147483648)}); numerics and floats cannot overflow. */
  RexNode negate(RexCall call) {
    RexNode a = call.getOperands().get(0);
    SqlOperator operator = isInteger(a.getType().getSqlTypeName())
        ? SqlStdOperatorTable.CHECKED_UNARY_MINUS
        : SqlStdOperatorTable.UNARY_MINUS;
    return rex.makeCall(a.getType(), operator, List.of(a));
  }

  /** An integer operand as the wider integer type of its expression. */
  private RexNode widened(RexNode operand, SqlTypeName wider) {
    return operand.getType().getSqlTypeName() == wider
        ? operand
        : rex.makeCast(typed(wider, operand.getType().isNullable()), operand);
  }

  /**
   * MOD of two integers has the wider operand's type ({@code int8 % int4} is int8); of numerics,
   * the larger scale and no more integer digits than either operand. Division by zero raises.
   */
  RexNode mod(RexCall call) {
    RexNode a = call.getOperands().get(0);
    RexNode b = call.getOperands().get(1);
    SqlTypeName x = a.getType().getSqlTypeName();
    SqlTypeName y = b.getType().getSqlTypeName();
    boolean nullable = a.getType().isNullable() || b.getType().isNullable();
    if (isInteger(x) && isInteger(y)) {
      SqlTypeName wider = rank(x) >= rank(y) ? x : y;
      return rex.makeCall(typed(wider, nullable), call.getOperator(), List.of(widened(a, wider), widened(b, wider)));
    }
    if ((x == SqlTypeName.DECIMAL || isInteger(x)) && (y == SqlTypeName.DECIMAL || isInteger(y))) {
      RexNode p = toDecimal(a);
      RexNode q = toDecimal(b);
      int scale = Math.max(p.getType().getScale(), q.getType().getScale());
      int integerDigits = Math.min(p.getType().getPrecision() - p.getType().getScale(),
          q.getType().getPrecision() - q.getType().getScale());
      int precision = Math.min(PgTypeSystem.MAX_DECIMAL_PRECISION, Math.max(1, integerDigits) + scale);
      // at the type's scale: a remainder that is a whole number keeps the digits after the point (-1 % -2.5 is -1.0)
      return udf("numericMod", decimal(precision, Math.min(scale, precision), nullable), p, q,
          literal(Math.min(scale, precision)));
    }
    return call;
  }

  /** real compared with another number compares in double precision, as PostgreSQL's float48 operators. */
  RexNode realComparison(RexCall call) {
    RexNode a = call.getOperands().get(0);
    RexNode b = call.getOperands().get(1);
    SqlTypeName x = a.getType().getSqlTypeName();
    SqlTypeName y = b.getType().getSqlTypeName();
    if ((x == SqlTypeName.REAL) != (y == SqlTypeName.REAL) && isNumeric(x) && isNumeric(y)) {
      return rex.makeCall(call.getOperator(), toDouble(a), toDouble(b));
    }
    return call;
  }

  /**
   * CASE (and COALESCE) over numbers has PostgreSQL's common type of its values, the highest of
   * integers (by width) < numeric < real < double precision, where Calcite picks double precision
   * for real with others and keeps types a rewrite changed stale. Next to a real, a cast of a
   * numeric literal to double precision is most often one the validator added: there it counts as
   * numeric (so GREATEST of a double precision constant the validator folded into such a cast and a
   * real gives real: documented). A double precision literal ({@code 1e300::float8}) is double
   * precision. Values are cast to it.
   */
  RexNode commonType(RexCall call) {
    List<RexNode> operands = call.getOperands();
    List<Integer> values = new ArrayList<>();
    for (int i = 0; i < operands.size(); i++) {
      if (call.getKind() == SqlKind.COALESCE || i % 2 == 1 || i == operands.size() - 1) {
        values.add(i);
      }
    }
    int highest = 0;
    int integerDigits = 0;
    int scale = 0;
    boolean real = false;
    for (int i : values) {
      RexNode value = beforeDoubleCast(operands.get(i));
      // a real literal is a real constant (0.1::real) or a numeric one Calcite converted to the real it found
      // among the values; a NULL of type real is NULL::real
      real |= value.getType().getSqlTypeName() == SqlTypeName.REAL;
    }
    for (int i : values) {
      // without a real, Calcite's double precision is PostgreSQL's: casts to it count
      RexNode value = beforeCoercion(real ? beforeDoubleCast(operands.get(i)) : operands.get(i), call.getType());
      SqlTypeName type = value.getType().getSqlTypeName();
      if (type == SqlTypeName.NULL) {
        continue;
      }
      if (!isNumeric(type)) {
        return call;
      }
      int rank;
      if (isInteger(type)) {
        rank = rank(type);
        integerDigits = Math.max(integerDigits, PgOperators.integerDigits(type));
      } else if (type == SqlTypeName.DECIMAL) {
        rank = 5;
        integerDigits = Math.max(integerDigits, value.getType().getPrecision() - value.getType().getScale());
        scale = Math.max(scale, value.getType().getScale());
      } else if (isFloat(type) && real && RexLiteral.isNullLiteral(value)) {
        // a NULL the validator typed double precision next to a real (GREATEST's ELSE): no type of its own
        rank = 5;
      } else {
        rank = type == SqlTypeName.REAL ? 6 : 7;
      }
      highest = Math.max(highest, rank);
    }
    if (highest == 0) {
      return call;
    }
    RelDataType common = switch (highest) {
      case 7 -> typed(SqlTypeName.DOUBLE, false);
      case 6 -> typed(SqlTypeName.REAL, false);
      case 5 -> {
        int precision = Math.min(PgTypeSystem.MAX_DECIMAL_PRECISION, Math.max(1, integerDigits + scale));
        yield decimal(precision, Math.min(scale, precision), false);
      }
      default -> typed(highest == 4
          ? SqlTypeName.BIGINT
          : highest == 3
              ? SqlTypeName.INTEGER
              : highest == 2 ? SqlTypeName.SMALLINT : SqlTypeName.TINYINT,
          false);
    };
    boolean changed = !SqlTypeUtil.equalSansNullability(QueryPlanner.TYPES, common, call.getType());
    List<RexNode> rewritten = new ArrayList<>(operands);
    for (int i : values) {
      RexNode value = beforeCoercion(highest == 7 || !real ? operands.get(i) : beforeDoubleCast(operands.get(i)),
          call.getType());
      RelDataType target = QueryPlanner.TYPES.createTypeWithNullability(common, value.getType().isNullable());
      RexNode converted = highest == 5 ? integerBeforeNumericCast(value) : null;
      if (converted != null) {
        // an integer keeps no digits after the point (CASE WHEN b THEN n ELSE i2 END of 0 is 0, not 0.00)
        rewritten.set(i, udf("integerToNumeric", QueryPlanner.TYPES.createTypeWithNullability(common,
            converted.getType().isNullable()), converted));
        changed = true;
        continue;
      }
      if (SqlTypeUtil.equalSansNullability(QueryPlanner.TYPES, target, value.getType())) {
        rewritten.set(i, value);
        changed |= value != operands.get(i);
        continue;
      }
      changed = true;
      boolean integer = isInteger(value.getType().getSqlTypeName());
      RexNode exactLiteral = value instanceof RexLiteral literal && literal.getValueAs(BigDecimal.class) != null
          && highest == 5 && !integer ? exactLiteral(literal.getValueAs(BigDecimal.class), target) : null;
      if (highest == 5 && integer && !RexLiteral.isNullLiteral(value)) {
        // an integer keeps no digits after the point (CASE WHEN b THEN n ELSE i2 END of 0 is 0, not 0.00)
        rewritten.set(i, udf("integerToNumeric", target, value));
      } else if (exactLiteral != null) {
        rewritten.set(i, exactLiteral);
      } else if (RexLiteral.isNullLiteral(value)) {
        rewritten.set(i, rex.makeNullLiteral(target));
      } else {
        RexNode cast = rex.makeCast(target, value, true, false);
        rewritten.set(i, cast instanceof RexCall castCall && castCall.getKind() == SqlKind.CAST
            ? casts.cast(castCall, value, target)
            : cast);
      }
    }
    if (!changed) {
      return call;
    }
    return rex.makeCall(QueryPlanner.TYPES.createTypeWithNullability(common, call.getType().isNullable()),
        call.getOperator(), rewritten);
  }

  RexNode exactLiteral(BigDecimal value, RelDataType type) {
    try {
      return rex.makeLiteral(value, type, true);
    } catch (RuntimeException e) {
      return null;
    }
  }

  /**
   * The operand of a cast to {@code type} the validator added to a CASE value where Calcite's common
   * type of numerics dropped digits after the point (it keeps 100 integer digits, so next to an
   * unconstrained {@code numeric} it has scale 0; PostgreSQL keeps every value's digits), else the node.
   * Only such casts: a cast the statement wrote to a type with fewer than 100 digits
   * ({@code CASE WHEN b THEN n::numeric(3,1) ELSE 1.0 END}) rounds as written.
   */
  static RexNode beforeCoercion(RexNode node, RelDataType type) {
    if (node instanceof RexCall call && type.getSqlTypeName() == SqlTypeName.DECIMAL
        && type.getPrecision() == PgTypeSystem.MAX_DECIMAL_PRECISION
        && SqlTypeUtil.equalSansNullability(QueryPlanner.TYPES, node.getType(), type)) {
      // a cast the rewrite already made into a PostgreSQL conversion: its first operand is the value
      RexNode inner = call.getKind() == SqlKind.CAST || call.getOperator().getName().equals("PG_toNumeric")
          ? call.getOperands().get(0)
          : null;
      SqlTypeName from = inner == null ? null : inner.getType().getSqlTypeName();
      if (from == SqlTypeName.DECIMAL && inner.getType().getScale() > type.getScale()) {
        return inner;
      }
    }
    return node;
  }

  /**
   * The integer that a conversion to numeric the statement did not write (the validator's, to the type of
   * a CASE, COALESCE, GREATEST or LEAST) converts, else null.
   */
  private RexNode integerBeforeNumericCast(RexNode value) {
    RexNode current = value;
    while (current instanceof RexCall call && !explicitNumericCasts.contains(current)
        && current.getType().getSqlTypeName() == SqlTypeName.DECIMAL
        && (call.getKind() == SqlKind.CAST || call.getOperator().getName().equals("PG_toNumeric"))) {
      RexNode inner = call.getOperands().get(0);
      if (isInteger(inner.getType().getSqlTypeName())) {
        return inner;
      }
      if (inner.getType().getSqlTypeName() != SqlTypeName.DECIMAL || inner.getType().getScale() != 0) {
        return null;
      }
      current = inner;
    }
    return null;
  }

  /** Records that {@code cast} is a cast of an integer to numeric the statement wrote ({@code i::numeric(5,2)}). */
  void explicitNumericCast(RexNode cast) {
    explicitNumericCasts.add(cast);
  }

  /** Records that {@code cast} is a cast to double precision the statement wrote ({@code r::float8}). */
  void explicitDoubleCast(RexNode cast) {
    explicitDoubleCasts.add(cast);
  }

  /**
   * The operand of the casts to double precision that the validator added (COALESCE adds two, one NOT
   * NULL), else the node itself; a cast the statement wrote stays.
   */
  RexNode beforeDoubleCast(RexNode node) {
    RexNode current = node;
    while (current.getKind() == SqlKind.CAST && current.getType().getSqlTypeName() == SqlTypeName.DOUBLE
        && !explicitDoubleCasts.contains(current)) {
      RexNode inner = ((RexCall) current).getOperands().get(0);
      if (!isNumeric(inner.getType().getSqlTypeName())) {
        break;
      }
      current = inner;
    }
    return current;
  }

  /** FLOOR, CEIL and ROUND of integers and reals compute in double precision, as in PostgreSQL. */
  RexNode floatResult(RexCall call) {
    RexNode operand = call.getOperands().get(0);
    SqlTypeName from = operand.getType().getSqlTypeName();
    if ("TRUNCATE".equals(call.getOperator().getName()) && (isInteger(from) || isApproximate(from))) {
      // toward zero, -0 and Infinity kept, as PostgreSQL's trunc(float8)
      return udf("truncFloat8", typed(SqlTypeName.DOUBLE, operand.getType().isNullable()), toDouble(operand));
    }
    if (isInteger(from) || from == SqlTypeName.REAL) {
      return rex.makeCall(typed(SqlTypeName.DOUBLE, operand.getType().isNullable()), call.getOperator(),
          List.of(toDouble(operand)));
    }
    if (from == SqlTypeName.DECIMAL) {
      // the digits of the operand as rewritten
      return rex.makeCall(PgOperators.roundType(operand.getType(), false, null,
          "TRUNCATE".equals(call.getOperator().getName()),
          call.getType().isNullable(), QueryPlanner.TYPES), call.getOperator(), call.getOperands());
    }
    return call;
  }

  /**
   * ROUND of a float rounds half to even (rint); ROUND of a numeric half away from zero, to the
   * digits asked for; ROUND of an integer is a float, ROUND(integer, n) a numeric, as in PostgreSQL.
   * The result has {@link PgOperators#roundType}'s type, as validated.
   */
  RexNode round(RexCall call) {
    List<RexNode> operands = call.getOperands();
    RexNode value = operands.get(0);
    SqlTypeName from = value.getType().getSqlTypeName();
    boolean nullable = call.getType().isNullable();
    if (operands.size() == 1) {
      if (isApproximate(from) || isInteger(from)) {
        return udf("roundFloat8", typed(SqlTypeName.DOUBLE, nullable), toDouble(value));
      }
      if (from == SqlTypeName.DECIMAL) {
        RelDataType type = PgOperators.roundType(value.getType(), false, null, false, nullable, QueryPlanner.TYPES);
        return udf("roundNumeric", type, value, literal(0), literal(0));
      }
      return call;
    }
    if (from != SqlTypeName.DECIMAL && !isInteger(from)) {
      return call;
    }
    RexNode exact = toDecimal(value);
    RexNode digits = operands.get(1);
    Integer constant = digits instanceof RexLiteral literal ? literal.getValueAs(Integer.class) : null;
    RelDataType type = PgOperators.roundType(exact.getType(), true, constant, false, nullable, QueryPlanner.TYPES);
    return udf("roundNumeric", type, exact,
        rex.makeCast(typed(SqlTypeName.INTEGER, digits.getType().isNullable()), digits), literal(type.getScale()));
  }
}
