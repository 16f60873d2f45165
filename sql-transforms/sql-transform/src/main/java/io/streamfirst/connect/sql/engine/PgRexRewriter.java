// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.sql.engine;

import static io.streamfirst.connect.sql.engine.RexRules.*;

import io.streamfirst.connect.sql.functions.PgEvaluation;
import java.lang.reflect.Method;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.apache.calcite.plan.Strong;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexShuttle;
import org.apache.calcite.schema.impl.ScalarFunctionImpl;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.type.ReturnTypes;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.type.SqlTypeUtil;
import org.apache.calcite.sql.validate.SqlUserDefinedFunction;

/**
 * Rewrites a validated expression where Calcite's semantics differ from PostgreSQL 17's. This class
 * walks the expression and keeps the rules of NULLs, strictness and evaluation order (what is
 * evaluated, and when, so that errors are raised where PostgreSQL raises them); it hands casts to
 * {@link PgCasts}, numeric typing and coercion (arithmetic, MOD, CASE and COALESCE types, ROUND) to
 * {@link PgNumericTyping}, and functions (text, math, EXTRACT, size checks against
 * {@code max.value.bytes}) to {@link PgFunctionRewrites}.
 */
final class PgRexRewriter extends RexShuttle {

  /** The scale {@code numeric} without a modifier gets for values from floats and text. */
  static final int UNCONSTRAINED_SCALE = 16;

  /** Library functions whose declared type is NOT NULL although they return NULL for NULL input. */
  static final Set<String> STRICT_FUNCTIONS = Set.of("LPAD", "RPAD", "LEFT", "RIGHT", "REPEAT",
      "SPLIT_PART", "STRPOS", "REVERSE", "MD5", "SHA1", "TRANSLATE", "INITCAP", "ASCII", "CHR");

  private final RexBuilder rex;
  private final PgCasts casts;
  private final PgNumericTyping numeric;
  private final PgFunctionRewrites functions;
  private final List<RexNode> droppedConstants = new ArrayList<>();

  PgRexRewriter(RexBuilder rex, int maxValueBytes) {
    this.rex = rex;
    this.casts = new PgCasts(rex, maxValueBytes);
    this.numeric = new PgNumericTyping(rex, maxValueBytes, casts);
    this.functions = new PgFunctionRewrites(rex, maxValueBytes, numeric);
  }

  @Override
  public RexNode visitCall(RexCall original) {
    if (original.getOperator() == PgOperators.EXPLICIT_FLOAT8) {
      RexNode cast = original.getOperands().get(0).accept(this);
      numeric.explicitDoubleCast(cast);
      return cast;
    }
    if (original.getOperator() == PgOperators.EXPLICIT_NUMERIC) {
      RexNode cast = original.getOperands().get(0).accept(this);
      numeric.explicitNumericCast(cast);
      return cast;
    }
    if (original.getOperator() == PgOperators.EXPLICIT_BOOL_TEXT) {
      RexNode cast = original.getOperands().get(0).accept(this);
      functions.explicitBoolText(cast);
      return cast;
    }
    return withNullability(original, rewrite(original));
  }

  /**
   * {@code rewritten}, nullable when it can now be NULL: a rewrite can make an operand nullable that
   * was validated NOT NULL ({@code LPAD(NULL, 3)} is NULL, as {@code LPAD(s, 3)} of a NULL s), and
   * then a strict expression over it (a CASE over it) can be NULL too. Only when every operand of
   * {@code original} was NOT NULL: a cast to NOT NULL of a nullable operand is deliberate (COALESCE).
   */
  static RexNode withNullability(RexCall original, RexNode rewritten) {
    if (!(rewritten instanceof RexCall call) || call.getType().isNullable() || original.getType().isNullable()
        || values(original).stream().anyMatch(operand -> operand.getType().isNullable())) {
      return rewritten;
    }
    boolean nullable;
    if (call.getKind() == SqlKind.CASE || call.getKind() == SqlKind.AND || call.getKind() == SqlKind.OR
        || Strong.policy(call) == Strong.Policy.ANY || isStrictFunction(call)) {
      nullable = values(call).stream().anyMatch(operand -> operand.getType().isNullable());
    } else {
      return rewritten;
    }
    return nullable
        ? call.clone(QueryPlanner.TYPES.createTypeWithNullability(call.getType(), true),
            call.getOperands())
        : rewritten;
  }

  /** The operands whose NULL makes the result NULL: all, or a CASE's results. */
  private static List<RexNode> values(RexCall call) {
    if (call.getKind() != SqlKind.CASE) {
      return call.getOperands();
    }
    List<RexNode> values = new ArrayList<>();
    List<RexNode> operands = call.getOperands();
    for (int i = 1; i < operands.size(); i += 2) {
      values.add(operands.get(i));
    }
    values.add(operands.get(operands.size() - 1));
    return values;
  }

  private RexNode rewrite(RexCall original) {
    RexNode visited = super.visitCall(original);
    if (!(visited instanceof RexCall call)) {
      return visited;
    }
    if (call.getType().getSqlTypeName() == SqlTypeName.NULL) {
      // an expression of untyped NULLs only (CASE WHEN b THEN f END of a schemaless field f that is null) is NULL:
      // an untyped NULL constant, which the rules below keep out of generated code
      return rex.makeNullLiteral(call.getType());
    }
    List<RexNode> operands = call.getOperands();
    if (isRealNullAsDouble(call)) {
      // NULL::real that the validator widened: kept, so that a CASE or COALESCE over it is real (commonType)
      return call;
    }
    boolean strict = Strong.policy(call) == Strong.Policy.ANY || isStrictFunction(call);
    if (strict && operands.stream().anyMatch(RexLiteral::isNullLiteral)
        && (operands.stream().noneMatch(RexTraits::containsConstantCall)
            || operands.stream().anyMatch(PgRexRewriter::isUntypedNull))) {
      // NULL in, NULL out, as PostgreSQL folds a strict function of a NULL constant (LPAD(NULL, 6) is NULL);
      // also keeps untyped NULLs (schemaless fields that are null) out of generated code. Arithmetic
      // is typed from its operands (NULL::real + 1 is double precision).
      if (operands.stream().anyMatch(PgRexRewriter::isUntypedNull)) {
        // PostgreSQL reads such a field as a column, not a NULL constant: it evaluates the constant expressions of
        // the other operands when it plans the statement, and one that fails fails it (MOD(f, 32767::int2 + 1::int2))
        operands.forEach(operand -> RexTraits.collectConstantCalls(operand, droppedConstants));
      }
      RelDataType type = call.getType();
      if (operands.size() == 2 && operands.stream().noneMatch(PgRexRewriter::isUntypedNull)) {
        type = ARITHMETIC.contains(call.getKind())
            ? numeric.arithmetic(call).getType()
            : call.getKind() == SqlKind.MOD ? numeric.mod(call).getType() : type;
      } else if (operands.size() == 1 && !isUntypedNull(operands.get(0)) && (call.getKind() == SqlKind.MINUS_PREFIX
          || call.getKind() == SqlKind.CHECKED_MINUS_PREFIX || "ABS".equals(call.getOperator().getName()))) {
        type = operands.get(0).getType();
      }
      return rex.makeNullLiteral(QueryPlanner.TYPES.createTypeWithNullability(type, true));
    }
    SqlOperator standard = PgOperators.STANDARD.get(call.getOperator());
    if (standard != null) {
      // the code generator knows the standard operator; the type stays PostgreSQL's, as validated
      call = (RexCall) rex.makeCall(call.getType(), standard, operands);
    }
    // Arithmetic and casts derive their types from their (rewritten) operands
    switch (call.getKind()) {
      case CAST:
        return casts.cast(call, operands.get(0), call.getType());
      case PLUS, MINUS, TIMES, DIVIDE, CHECKED_PLUS, CHECKED_MINUS, CHECKED_TIMES, CHECKED_DIVIDE:
        return operands.size() == 2 ? numeric.arithmetic(call) : call;
      case MINUS_PREFIX, CHECKED_MINUS_PREFIX:
        return numeric.negate(call);
      case MOD:
        return numeric.mod(call);
      default:
        break;
    }
    call = withValidatedOperandTypes(original, call);
    operands = call.getOperands();
    switch (call.getKind()) {
      case CASE, COALESCE:
        return numeric.commonType(call);
      case EQUALS, NOT_EQUALS, LESS_THAN, LESS_THAN_OR_EQUAL, GREATER_THAN, GREATER_THAN_OR_EQUAL:
        return floatComparison(numeric.realComparison(exactOperands(original, call)));
      case EXTRACT:
        return functions.extract(call);
      case FLOOR, CEIL:
        if (operands.size() == 1) {
          return numeric.floatResult(call);
        }
        return call.getKind() == SqlKind.FLOOR ? functions.floorTimestamp(call) : call;
      default:
        return functions.function(call);
    }
  }

  /**
   * Every other expression is typed from its operands' types as validated. When a rewrite changed
   * an operand's numeric type (a CASE over reals is real, an integer MOD has the wider operand's
   * type), the operand is cast back to that type here, so that generated code always sees the types
   * the expression was validated with.
   */
  private RexCall withValidatedOperandTypes(RexCall original, RexCall call) {
    if (KEEPS_ANY_OPERAND_TYPE.contains(call.getKind()) || "ABS".equals(call.getOperator().getName())) {
      return call;
    }
    List<RexNode> operands = call.getOperands();
    List<RexNode> typed = null;
    for (int i = 0; i < operands.size(); i++) {
      RelDataType validated = original.getOperands().get(i).getType();
      RexNode operand = operands.get(i);
      if (isNumeric(validated.getSqlTypeName()) && isNumeric(operand.getType().getSqlTypeName())
          && !SqlTypeUtil.equalSansNullability(QueryPlanner.TYPES, validated, operand.getType())
          && !keepsDigits(call, validated, operand.getType())) {
        if (typed == null) {
          typed = new ArrayList<>(operands);
        }
        RelDataType type = QueryPlanner.TYPES.createTypeWithNullability(validated, operand.getType().isNullable());
        RexNode back = rex.makeCast(type, operand, true, false);
        typed.set(i,
            back instanceof RexCall cast && cast.getKind() == SqlKind.CAST ? casts.cast(cast, operand, type) : back);
      }
    }
    return typed == null ? call : call.clone(call.getType(), typed);
  }

  /**
   * A comparison of double precision or real values orders them as PostgreSQL does: NaN is equal to
   * NaN and above every other value ({@code 0 * 'Infinity'::float8 >= r} is true), where Java's
   * comparison of NaN is false. Compared through {@code float8Cmp}, which gives -1, 0 or 1.
   */
  private RexNode floatComparison(RexNode comparison) {
    if (comparison instanceof RexCall call && COMPARISONS.contains(call.getKind()) && call.getOperands().size() == 2
        && call.getOperands().stream().allMatch(operand -> SqlTypeUtil.isApproximateNumeric(operand.getType()))) {
      RexNode a = call.getOperands().get(0);
      RexNode b = call.getOperands().get(1);
      boolean nullable = a.getType().isNullable() || b.getType().isNullable();
      RexNode compared = casts.udf("float8Cmp", RexRules.typed(SqlTypeName.INTEGER, nullable), casts.toDouble(a),
          casts.toDouble(b));
      return rex.makeCall(call.getType(), call.getOperator(),
          List.of(compared, rex.makeZeroLiteral(compared.getType())));
    }
    return comparison;
  }

  /** {@code CAST(NULL::real AS double precision)}, as the validator widens a NULL::real next to a numeric. */
  static boolean isRealNullAsDouble(RexNode node) {
    return node instanceof RexCall cast && cast.getKind() == SqlKind.CAST
        && cast.getType().getSqlTypeName() == SqlTypeName.DOUBLE && RexLiteral.isNullLiteral(cast.getOperands().get(0))
        && cast.getOperands().get(0).getType().getSqlTypeName() == SqlTypeName.REAL;
  }

  /**
   * A comparison of numerics compares their exact values: a cast to a numeric of 100 digits with fewer
   * digits after the point than its operand has is one the validator added to compare with the other
   * side's type (Calcite's common type keeps 100 integer digits), and is left out
   * ({@code 2.5 * COALESCE(NULL::numeric, n) > 249999999.97} would round the literal to 250000000.0).
   */
  private RexCall exactOperands(RexCall original, RexCall call) {
    List<RexNode> operands = null;
    for (int i = 0; i < call.getOperands().size(); i++) {
      if (original.getOperands().get(i) instanceof RexCall cast && cast.getKind() == SqlKind.CAST
          && cast.getType().getSqlTypeName() == SqlTypeName.DECIMAL
          && cast.getType().getPrecision() == PgTypeSystem.MAX_DECIMAL_PRECISION
          && cast.getOperands().get(0).getType().getSqlTypeName() == SqlTypeName.DECIMAL
          && cast.getOperands().get(0).getType().getScale() > cast.getType().getScale()) {
        operands = operands == null ? new ArrayList<>(call.getOperands()) : operands;
        operands.set(i, cast.getOperands().get(0).accept(this));
      }
    }
    return operands == null ? call : call.clone(call.getType(), operands);
  }

  /**
   * Whether a numeric operand keeps the digits after the point a rewrite gave it where the validated
   * type has fewer: comparisons, FLOOR, CEIL and SIGN read the value, and casting it back would round
   * it ({@code FLOOR(2.5 * COALESCE(NULL::numeric, n))} of 99999999.99 is 249999999, not 250000000).
   */
  private static boolean keepsDigits(RexCall call, RelDataType validated, RelDataType operand) {
    return validated.getSqlTypeName() == SqlTypeName.DECIMAL && operand.getSqlTypeName() == SqlTypeName.DECIMAL
        && operand.getScale() > validated.getScale()
        && (COMPARISONS.contains(call.getKind()) || call.getKind() == SqlKind.FLOOR || call.getKind() == SqlKind.CEIL
            || DIGITS_FROM_OPERAND.contains(call.getOperator().getName()));
  }

  /** Functions whose numeric result takes its digits from the rewritten operand ({@code TRUNC(MOD(i, n), d)}). */
  private static final Set<String> DIGITS_FROM_OPERAND = Set.of("SIGN", "ROUND", "TRUNCATE");

  private static final Set<SqlKind> COMPARISONS = EnumSet.of(SqlKind.EQUALS, SqlKind.NOT_EQUALS, SqlKind.LESS_THAN,
      SqlKind.LESS_THAN_OR_EQUAL, SqlKind.GREATER_THAN, SqlKind.GREATER_THAN_OR_EQUAL, SqlKind.IS_DISTINCT_FROM,
      SqlKind.IS_NOT_DISTINCT_FROM);

  /**
   * Expressions whose result does not depend on their operands' types, or whose type the rewrite
   * derives from the rewritten operands (CASE and COALESCE: {@link #commonType}).
   */
  private static final Set<SqlKind> KEEPS_ANY_OPERAND_TYPE = Set.of(SqlKind.IS_NULL, SqlKind.IS_NOT_NULL,
      SqlKind.CASE, SqlKind.COALESCE);

  private static final Set<SqlKind> ARITHMETIC = Set.of(SqlKind.PLUS, SqlKind.MINUS, SqlKind.TIMES,
      SqlKind.DIVIDE, SqlKind.CHECKED_PLUS, SqlKind.CHECKED_MINUS, SqlKind.CHECKED_TIMES, SqlKind.CHECKED_DIVIDE);

  /**
   * The evaluation order PostgreSQL's executor follows, where generated code would differ (applied
   * after constants are folded):
   * <ul>
   *   <li>AND and OR evaluate an operand that can fail (a division, a cast, a function) only when
   *       the operands before it leave the result open: {@code WHERE x <> 0 AND 10 / x > 1} drops
   *       the rows where x is 0 instead of failing;</li>
   *   <li>IS [NOT] NULL computes an operand that can fail, rather than only testing its inputs:
   *       {@code (1 / x) IS NULL} raises division by zero for x = 0.</li>
   * </ul>
   * Expressions that cannot fail (comparisons of columns and constants) are left as they are, so
   * ordinary statements compile to the same code.
   */
  RexNode evaluationOrder(RexNode node) {
    return evaluationOrder(node, false);
  }

  /**
   * As {@link #evaluationOrder(RexNode)}; for a WHERE condition ({@code condition}), the conjuncts
   * are evaluated in turn while they are TRUE: PostgreSQL stops at the first that is FALSE or NULL.
   */
  RexNode evaluationOrder(RexNode node, boolean condition) {
    if (condition && node.getKind() == SqlKind.AND) {
      List<RexNode> conjuncts = ((RexCall) node).getOperands();
      RexNode result = evaluationOrder(conjuncts.get(conjuncts.size() - 1), false);
      for (int i = conjuncts.size() - 2; i >= 0; i--) {
        RexNode first = evaluationOrder(conjuncts.get(i), false);
        result = RexTraits.canFail(result)
            ? rex.makeCall(node.getType(), SqlStdOperatorTable.CASE,
                List.of(rex.makeCall(SqlStdOperatorTable.IS_NOT_TRUE, first), rex.makeLiteral(false), result))
            : rex.makeCall(node.getType(), SqlStdOperatorTable.AND, List.of(first, result));
      }
      return result;
    }
    return node.accept(new RexShuttle() {
      @Override
      public RexNode visitCall(RexCall original) {
        RexNode visited = super.visitCall(original);
        if (!(visited instanceof RexCall call)) {
          return visited;
        }
        switch (call.getKind()) {
          case AND, OR:
            return shortCircuit(call);
          case EQUALS, NOT_EQUALS, LESS_THAN, LESS_THAN_OR_EQUAL, GREATER_THAN, GREATER_THAN_OR_EQUAL:
            return selfComparison(call);
          case IS_NULL, IS_NOT_NULL: {
            RexNode operand = call.getOperands().get(0);
            if (!RexTraits.canFail(operand)) {
              return call;
            }
            return rex.makeCall(call.getType(), OPERATORS.computeIfAbsent(call.getKind() == SqlKind.IS_NULL
                ? "isNull"
                : "isNotNull", PgRexRewriter::evaluationOperator), List.of(operand));
          }
          default:
            return call;
        }
      }
    });
  }

  /**
   * {@code x = x} (any comparison of an operand with itself) of an {@code x} that can fail: the code
   * generator's optimizer decides it without computing {@code x} (NULL when x is, else true or false),
   * where PostgreSQL computes x and raises its error ({@code -i2 <> -i2} for the smallest smallint).
   * Computed first: {@code CASE WHEN x IS NOT NULL THEN x = x END}, with x's error.
   */
  private RexNode selfComparison(RexCall call) {
    RexNode operand = call.getOperands().get(0);
    if (call.getOperands().size() != 2 || !operand.equals(call.getOperands().get(1)) || !RexTraits.canFail(operand)) {
      return call;
    }
    RexNode computed = rex.makeCall(QueryPlanner.TYPES.createSqlType(SqlTypeName.BOOLEAN),
        OPERATORS.computeIfAbsent("isNotNull", PgRexRewriter::evaluationOperator), List.of(operand));
    RexNode otherwise = call.getType().isNullable() ? rex.makeNullLiteral(call.getType()) : rex.makeLiteral(false);
    return rex.makeCall(call.getType(), SqlStdOperatorTable.CASE, List.of(computed, call, otherwise));
  }

  private static SqlOperator evaluationOperator(String method) {
    for (Method candidate : PgEvaluation.class.getMethods()) {
      if (candidate.getName().equals(method)) {
        return new SqlUserDefinedFunction(new SqlIdentifier("PG_" + method, SqlParserPos.ZERO), SqlKind.OTHER_FUNCTION,
            ReturnTypes.BOOLEAN, null, null, ScalarFunctionImpl.create(candidate));
      }
    }
    throw new IllegalStateException("PgEvaluation has no method " + method);
  }

  private RexNode shortCircuit(RexCall call) {
    List<RexNode> operands = call.getOperands();
    boolean and = call.getKind() == SqlKind.AND;
    RexNode result = operands.get(operands.size() - 1);
    for (int i = operands.size() - 2; i >= 0; i--) {
      RexNode first = operands.get(i);
      RexNode both = rex.makeCall(call.getType(), call.getOperator(), List.of(first, result));
      if (RexTraits.canFail(result)) {
        // a AND b: CASE WHEN a IS FALSE THEN FALSE ELSE a AND b END (b is evaluated in the ELSE branch only)
        RexNode decided = rex.makeCall(and ? SqlStdOperatorTable.IS_FALSE : SqlStdOperatorTable.IS_TRUE, first);
        both = rex.makeCall(call.getType(), SqlStdOperatorTable.CASE, List.of(decided,
            rex.makeLiteral(!and), both));
      }
      result = both;
    }
    return result;
  }

  /**
   * The expressions of constants that operands NULL because of a schemaless field that is null made
   * unnecessary: PostgreSQL evaluates them when it plans the statement, so each must succeed.
   */
  List<RexNode> droppedConstants() {
    return droppedConstants;
  }

  /**
   * An integer literal outside its type's range (Calcite folds {@code -(-2147483647 - 1)} into one):
   * evaluated as the checked conversion PostgreSQL's arithmetic would raise with.
   */
  @Override
  public RexNode visitLiteral(RexLiteral literal) {
    SqlTypeName type = literal.getType().getSqlTypeName();
    BigDecimal value = isInteger(type) && !literal.isNull() ? literal.getValueAs(BigDecimal.class) : null;
    if (value != null && (value.compareTo(BigDecimal.valueOf(minimum(type))) < 0
        || value.compareTo(BigDecimal.valueOf(maximum(type))) > 0)) {
      String width = type == SqlTypeName.BIGINT ? "8" : type == SqlTypeName.INTEGER ? "4" : "2";
      return casts.udf("numericToInt" + width, literal.getType(),
          rex.makeExactLiteral(value, decimal(Math.max(1, value.precision()), 0, false)));
    }
    return literal;
  }

  private static boolean isUntypedNull(RexNode node) {
    return RexLiteral.isNullLiteral(node) && node.getType().getSqlTypeName() == SqlTypeName.NULL;
  }

  /** Functions whose result is NULL when an argument is: all but those that skip or test NULLs. */
  static boolean isStrictFunction(RexCall call) {
    return !NULL_TOLERANT.contains(call.getKind()) && !NULL_TOLERANT_FUNCTIONS.contains(call.getOperator().getName());
  }

  private static final Set<SqlKind> NULL_TOLERANT = Set.of(SqlKind.CASE, SqlKind.COALESCE, SqlKind.NULLIF,
      SqlKind.IS_NULL, SqlKind.IS_NOT_NULL, SqlKind.IS_TRUE, SqlKind.IS_NOT_TRUE, SqlKind.IS_FALSE,
      SqlKind.IS_NOT_FALSE, SqlKind.IS_UNKNOWN, SqlKind.IS_DISTINCT_FROM,
      SqlKind.IS_NOT_DISTINCT_FROM, SqlKind.AND, SqlKind.OR, SqlKind.GREATEST, SqlKind.LEAST, SqlKind.ROW,
      SqlKind.ARRAY_VALUE_CONSTRUCTOR, SqlKind.MAP_VALUE_CONSTRUCTOR, SqlKind.CAST, SqlKind.SEARCH);

  private static final Set<String> NULL_TOLERANT_FUNCTIONS = Set.of("CONCAT", "CONCAT_WS", "GREATEST", "LEAST",
      "COALESCE", "NVL", "IFNULL");

  /** The WHERE condition, rewritten (a constant one is left to the program compiler, which drops or keeps all). */
  RexNode condition(RexNode condition) {
    return condition.accept(this);
  }

  /** Applies the rewrite to a list of expressions. */
  List<RexNode> rewrite(List<RexNode> nodes) {
    List<RexNode> out = new ArrayList<>(nodes.size());
    for (RexNode node : nodes) {
      out.add(node.accept(this));
    }
    return out;
  }

  /** The row type with the rewritten expressions' types and the original names. */
  static RelDataType rowType(RelDataType original, List<RexNode> projects) {
    RelDataTypeFactory.Builder row = QueryPlanner.TYPES.builder();
    for (int i = 0; i < projects.size(); i++) {
      row.add(original.getFieldList().get(i).getName(), projects.get(i).getType());
    }
    return row.build();
  }
}
