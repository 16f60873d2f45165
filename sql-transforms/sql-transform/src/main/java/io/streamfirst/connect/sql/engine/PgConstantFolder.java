// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.sql.engine;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.calcite.plan.Strong;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.type.SqlTypeFamily;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * Evaluates the constant parts of a statement when it is planned, as PostgreSQL's planner does
 * (eval_const_expressions), so that they behave the same:
 * <ul>
 *   <li>a constant expression that fails ({@code CAST('x' AS date)}, {@code 1 / 0}) fails the
 *       statement, whatever the rows and the WHERE condition;</li>
 *   <li>a CASE arm whose condition is constant FALSE or NULL is dropped unevaluated, and a constant
 *       TRUE one ends the CASE (so is COALESCE at its first non-NULL constant); AND stops at a constant
 *       FALSE, OR at a constant TRUE;</li>
 *   <li>a strict function or operator of a NULL constant is NULL, its other operands unevaluated;</li>
 *   <li>a WHERE condition that is a conjunction with a constant FALSE or NULL drops every record.</li>
 * </ul>
 * Constants are evaluated with the same generated code as records ({@link ProgramCompiler}), in one
 * class compiled only when the statement has constant expressions other than literals.
 */
final class PgConstantFolder {

  /** The program's expressions after folding. */
  record Folded(List<RexNode> projects, RexNode condition) {
  }

  /** The outcome of evaluating one constant expression: its value, or why it failed. */
  record Outcome(Object value, RuntimeException failure) {
  }

  private final RexBuilder rex;
  private final Map<RexNode, Outcome> outcomes;

  private PgConstantFolder(RexBuilder rex, Map<RexNode, Outcome> outcomes) {
    this.rex = rex;
    this.outcomes = outcomes;
  }

  /**
   * Folds the program's expressions. {@code literalConversions} are the statement's casts of quoted
   * literals, which PostgreSQL converts when it parses the statement, and the constant expressions
   * that a schemaless field that is null made unnecessary ({@link PgRexRewriter#droppedConstants}),
   * which PostgreSQL evaluates when it plans the statement: each must succeed.
   */
  static Folded fold(RexBuilder rex, List<RexNode> projects, RexNode condition, List<RexNode> literalConversions)
      throws InvalidQueryException {
    List<RexNode> constants = new ArrayList<>();
    for (RexNode conversion : literalConversions) {
      collect(conversion, constants);
    }
    for (RexNode project : projects) {
      collect(project, constants);
    }
    if (condition != null) {
      collect(condition, constants);
    }
    Map<RexNode, Outcome> outcomes = new LinkedHashMap<>();
    evaluate(constants, outcomes);
    // PostgreSQL converts a quoted literal to the type it is cast to when it parses the statement
    // (CAST('x' AS date)), so such a failure fails the statement wherever the cast is
    for (Map.Entry<RexNode, Outcome> constant : outcomes.entrySet()) {
      if (constant.getValue().failure() != null
          && (isLiteralConversion(constant.getKey()) || literalConversions.contains(constant.getKey()))) {
        throw failure(constant.getValue().failure());
      }
    }
    PgConstantFolder folder = new PgConstantFolder(rex, outcomes);
    // Folding can make an expression constant (the cast of a COALESCE that folded): as PostgreSQL's
    // planner simplifies bottom-up, it is evaluated too, and folding starts again
    for (int round = 0;; round++) {
      List<RexNode> folded = new ArrayList<>();
      for (RexNode project : projects) {
        folded.add(folder.simplify(project));
      }
      RexNode where = condition == null ? null : folder.condition(condition);
      List<RexNode> more = new ArrayList<>();
      for (RexNode project : folded) {
        collect(project, more);
      }
      if (where != null) {
        collect(where, more);
      }
      more.removeIf(outcomes::containsKey);
      if (more.isEmpty() || round == 3) {
        return new Folded(folded, where);
      }
      evaluate(more, outcomes);
      projects = folded;
      condition = where;
    }
  }

  private static void evaluate(List<RexNode> constants, Map<RexNode, Outcome> outcomes)
      throws InvalidQueryException {
    if (constants.isEmpty()) {
      return;
    }
    List<Outcome> evaluated;
    try {
      evaluated = ProgramCompiler.evaluateConstants(constants);
    } catch (InvalidQueryException e) {
      // Calcite's code for one of them does not compile (an OR of NULL constants): evaluate the others one by
      // one and leave that one to the simplification below, which folds what is NULL whatever its operands
      for (RexNode constant : constants) {
        try {
          outcomes.put(constant, ProgramCompiler.evaluateConstants(List.of(constant)).get(0));
        } catch (InvalidQueryException notCompiled) {
          // not evaluated in advance
        }
      }
      return;
    }
    for (int i = 0; i < constants.size(); i++) {
      outcomes.put(constants.get(i), evaluated.get(i));
    }
  }

  /** Adds every constant expression of {@code node} (not literals) to {@code constants}, operands first. */
  private static boolean collect(RexNode node, List<RexNode> constants) {
    if (node instanceof RexLiteral) {
      return true;
    }
    if (!(node instanceof RexCall call)) {
      return false;
    }
    boolean constant = call.getOperator().isDeterministic() && !call.getOperator().isDynamicFunction()
        && !isStable(call);
    for (RexNode operand : call.getOperands()) {
      constant &= collect(operand, constants);
    }
    if (constant && evaluable(call) && !constants.contains(call)) {
      constants.add(call);
    }
    return constant;
  }

  /**
   * Functions PostgreSQL marks stable, not immutable, so that its planner does not evaluate them:
   * concat and concat_ws, and dates and timestamps to text and back (they depend on the session's
   * DateStyle), except a quoted literal, which it converts when it parses the statement.
   */
  private static boolean isStable(RexCall call) {
    String name = call.getOperator().getName();
    if (name.equals("CONCAT") || name.equals("CONCAT_WS") || name.equals("PG_concat") || name.equals("PG_concatWs")) {
      return true; // concat() and concat_ws() are stable: they print their arguments with the session's settings
    }
    if (call.getOperands().size() != 1 || isLiteralConversion(call)) {
      return false;
    }
    RelDataType from = call.getOperands().get(0).getType();
    RelDataType to = call.getType();
    return SqlTypeFamily.CHARACTER.contains(to) && SqlTypeFamily.DATETIME.contains(from)
        || SqlTypeFamily.DATETIME.contains(to) && SqlTypeFamily.CHARACTER.contains(from);
  }

  /** A cast of a quoted literal (rewritten or not): {@code CAST('x' AS date)}, {@code 'x'::numeric(5,2)}. */
  private static boolean isLiteralConversion(RexNode node) {
    if (!(node instanceof RexCall call) || call.getOperands().isEmpty()
        || !(call.getOperands().get(0) instanceof RexLiteral literal)
        || !SqlTypeFamily.CHARACTER.contains(literal.getType())
        || call.getOperands().stream().anyMatch(operand -> !(operand instanceof RexLiteral))) {
      return false;
    }
    return call.getKind() == SqlKind.CAST || call.getOperator().getName().startsWith("PG_text");
  }

  private static InvalidQueryException failure(RuntimeException failure) {
    return new InvalidQueryException("a constant expression fails: " + EvaluationErrors.describe(failure), failure);
  }

  /** Scalar results only (rows, arrays, maps and intervals stay as they are). */
  private static boolean evaluable(RexCall call) {
    RelDataType type = call.getType();
    return !type.isStruct() && type.getComponentType() == null && type.getSqlTypeName() != SqlTypeName.MAP
        && !SqlTypeFamily.INTERVAL_DAY_TIME.contains(type) && !SqlTypeFamily.INTERVAL_YEAR_MONTH.contains(type)
        && type.getSqlTypeName() != SqlTypeName.ANY && type.getSqlTypeName() != SqlTypeName.SYMBOL;
  }

  /**
   * The WHERE condition: PostgreSQL evaluates a conjunct that is a constant FALSE or NULL once,
   * before any row, and then returns none; and it evaluates the other conjuncts cheapest first (by
   * the number of operators and functions they call; in the order written when they cost the same),
   * so that {@code WHERE 10 / x > 1 AND x <> 0} drops the rows where x is 0 rather than failing.
   */
  private RexNode condition(RexNode condition) throws InvalidQueryException {
    RexNode folded = simplifyQual(condition);
    if (isFalseOrNull(folded)) {
      return rex.makeLiteral(false);
    }
    if (folded.getKind() != SqlKind.AND) {
      return folded;
    }
    List<RexNode> conjuncts = new ArrayList<>(((RexCall) folded).getOperands());
    if (conjuncts.stream().anyMatch(PgConstantFolder::isFalseOrNull)) {
      return rex.makeLiteral(false);
    }
    conjuncts.sort(java.util.Comparator.comparingInt(PgConstantFolder::cost));
    return conjuncts.equals(((RexCall) folded).getOperands())
        ? folded
        : ((RexCall) folded).clone(folded.getType(), conjuncts);
  }

  private static final java.util.Set<SqlKind> FREE = java.util.EnumSet.of(SqlKind.AND, SqlKind.OR, SqlKind.NOT,
      SqlKind.CASE, SqlKind.IS_NULL, SqlKind.IS_NOT_NULL, SqlKind.IS_TRUE, SqlKind.IS_NOT_TRUE, SqlKind.IS_FALSE,
      SqlKind.IS_NOT_FALSE, SqlKind.IS_UNKNOWN);

  /**
   * A WHERE condition's ANDs and ORs: as PostgreSQL canonicalizes a qualification, a constant NULL
   * there means FALSE (the row is not returned either way), so {@code NULL OR x} is {@code x}; NOT
   * over OR is an AND of NOTs ({@code x NOT IN (1, NULL)} is never true).
   */
  private RexNode simplifyQual(RexNode node) throws InvalidQueryException {
    if (node.getKind() == SqlKind.NOT && ((RexCall) node).getOperands().get(0).getKind() == SqlKind.OR) {
      List<RexNode> negated = new ArrayList<>();
      for (RexNode operand : ((RexCall) ((RexCall) node).getOperands().get(0)).getOperands()) {
        negated.add(rex.makeCall(SqlStdOperatorTable.NOT, operand));
      }
      return simplifyQual(rex.makeCall(node.getType(), SqlStdOperatorTable.AND, negated));
    }
    if (node.getKind() != SqlKind.AND && node.getKind() != SqlKind.OR) {
      RexNode folded = simplify(node);
      return RexLiteral.isNullLiteral(folded) ? rex.makeLiteral(false) : folded;
    }
    RexCall call = (RexCall) node;
    boolean and = call.getKind() == SqlKind.AND;
    List<RexNode> operands = new ArrayList<>();
    for (RexNode operand : call.getOperands()) {
      RexNode folded = simplifyQual(operand);
      if (and ? isFalse(folded) : isTrue(folded)) {
        return rex.makeLiteral(!and);
      }
      if (folded.getKind() == call.getKind()) {
        operands.addAll(((RexCall) folded).getOperands());
      } else if (!(and ? isTrue(folded) : isFalse(folded))) {
        operands.add(folded);
      }
    }
    if (operands.isEmpty()) {
      return rex.makeLiteral(and);
    }
    return operands.size() == 1
        ? operands.get(0)
        : operands.equals(call.getOperands())
            ? call
            : PgRexRewriter.withNullability(call, call.clone(call.getType(), operands));
  }

  /**
   * PostgreSQL's estimate of the cost of evaluating an expression: one per operator, function or
   * conversion, two for a conversion through text (an output and an input function: {@code s::boolean},
   * {@code i::text}); AND, OR, NOT, CASE and the IS tests are free.
   */
  private static int cost(RexNode node) {
    if (!(node instanceof RexCall call)) {
      return 0;
    }
    int cost = FREE.contains(call.getKind()) || sameFamilyCast(call) ? 0 : viaText(call) ? 2 : 1;
    for (RexNode operand : call.getOperands()) {
      cost += cost(operand);
    }
    return cost;
  }

  /**
   * A cast between integer types, or between real and double precision: PostgreSQL has operators
   * for each pair ({@code i2 < 0} is int2 &lt; int4), Calcite casts the narrower operand.
   */
  private static boolean sameFamilyCast(RexCall call) {
    if (call.getKind() != SqlKind.CAST) {
      return false;
    }
    SqlTypeName from = call.getOperands().get(0).getType().getSqlTypeName();
    SqlTypeName to = call.getType().getSqlTypeName();
    return SqlTypeName.INT_TYPES.contains(from) && SqlTypeName.INT_TYPES.contains(to)
        || SqlTypeName.APPROX_TYPES.contains(from) && SqlTypeName.APPROX_TYPES.contains(to);
  }

  /**
   * A conversion PostgreSQL makes through text (CoerceViaIO): from text to another type, or to text
   * from a type without a cast function (all but boolean).
   */
  private static boolean viaText(RexCall call) {
    if (call.getOperands().isEmpty()) {
      return false;
    }
    String name = call.getOperator().getName();
    boolean conversion = call.getKind() == SqlKind.CAST || name.startsWith("PG_textTo") || name.equals("PG_numericText")
        || name.equals("PG_float8Text") || name.equals("PG_float4Text") || name.equals("PG_timestampText");
    RelDataType from = call.getOperands().get(0).getType();
    return conversion && SqlTypeFamily.CHARACTER.contains(from) != SqlTypeFamily.CHARACTER.contains(call.getType())
        && from.getSqlTypeName() != SqlTypeName.BOOLEAN;
  }

  /**
   * A TRUE literal. Not {@link RexNode#isAlwaysTrue()}, which also calls {@code x IS NOT NULL} of a
   * NOT NULL x TRUE without evaluating x, as PostgreSQL does (and raises when x does).
   */
  private static boolean isTrue(RexNode node) {
    return node instanceof RexLiteral literal && Boolean.TRUE.equals(literal.getValueAs(Boolean.class));
  }

  private static boolean isFalse(RexNode node) {
    return node instanceof RexLiteral literal && Boolean.FALSE.equals(literal.getValueAs(Boolean.class));
  }

  private static boolean isFalseOrNull(RexNode node) {
    return isFalse(node) || RexLiteral.isNullLiteral(node);
  }

  /** PostgreSQL's simplification of {@code node}, evaluating the constants it reaches. */
  private RexNode simplify(RexNode node) throws InvalidQueryException {
    if (!(node instanceof RexCall call)) {
      return node;
    }
    switch (call.getKind()) {
      case CASE:
        return simplifyCase(call);
      case AND, OR:
        return simplifyLogic(call);
      default:
        break;
    }
    List<RexNode> operands = new ArrayList<>();
    boolean nullOperand = false;
    for (RexNode operand : call.getOperands()) {
      RexNode folded = simplify(operand);
      nullOperand |= RexLiteral.isNullLiteral(folded);
      operands.add(folded);
    }
    if (nullOperand && (Strong.policy(call) == Strong.Policy.ANY || PgRexRewriter.isStrictFunction(call))) {
      return rex.makeNullLiteral(call.getType());
    }
    Outcome outcome = outcomes.get(call);
    if (outcome != null) {
      if (outcome.failure() != null) {
        throw failure(outcome.failure());
      }
      RexNode literal = literal(outcome.value(), call.getType());
      if (literal != null) {
        return literal;
      }
    }
    return operands.equals(call.getOperands())
        ? call
        : PgRexRewriter.withNullability(call, call.clone(call.getType(), operands));
  }

  /** CASE: arms with a constant FALSE or NULL condition are dropped unevaluated; a constant TRUE one ends it. */
  private RexNode simplifyCase(RexCall call) throws InvalidQueryException {
    List<RexNode> operands = call.getOperands();
    List<RexNode> arms = new ArrayList<>();
    RexNode result = null;
    for (int i = 0; i + 1 < operands.size(); i += 2) {
      RexNode when = simplify(operands.get(i));
      if (isFalseOrNull(when)) {
        continue;
      }
      RexNode then = simplify(operands.get(i + 1));
      if (isTrue(when)) {
        result = then;
        break;
      }
      arms.add(when);
      arms.add(then);
    }
    if (result == null) {
      result = simplify(operands.get(operands.size() - 1));
    }
    if (arms.isEmpty()) {
      return result.getType().isNullable() && !call.getType().isNullable()
          ? rex.ensureType(QueryPlanner.TYPES.createTypeWithNullability(call.getType(), true), result, true)
          : rex.ensureType(call.getType(), result, true);
    }
    arms.add(result);
    return arms.equals(operands) ? call : PgRexRewriter.withNullability(call, call.clone(call.getType(), arms));
  }

  /** AND stops at a constant FALSE, OR at a constant TRUE; constant TRUE (FALSE) operands are dropped. */
  private RexNode simplifyLogic(RexCall call) throws InvalidQueryException {
    boolean and = call.getKind() == SqlKind.AND;
    List<RexNode> operands = new ArrayList<>();
    boolean hasNull = false;
    for (RexNode operand : call.getOperands()) {
      RexNode folded = simplify(operand);
      if (and ? isFalse(folded) : isTrue(folded)) {
        return rex.makeLiteral(!and);
      }
      if (RexLiteral.isNullLiteral(folded)) {
        hasNull = true;
      } else if (!(and ? isTrue(folded) : isFalse(folded))) {
        operands.add(folded);
      }
    }
    if (hasNull) {
      operands.add(rex.makeNullLiteral(call.getType()));
    }
    if (operands.isEmpty()) {
      return rex.makeLiteral(and);
    }
    if (operands.size() == 1) {
      RexNode only = operands.get(0);
      return rex.ensureType(QueryPlanner.TYPES.createTypeWithNullability(call.getType(),
          call.getType().isNullable() || only.getType().isNullable()), only, true);
    }
    return operands.equals(call.getOperands())
        ? call
        : PgRexRewriter.withNullability(call, call.clone(call.getType(), operands));
  }

  /** The value as a literal of {@code type}, or null when it has none (NaN, infinities). */
  private RexNode literal(Object value, RelDataType type) {
    if (value == null) {
      return rex.makeNullLiteral(type);
    }
    if (value instanceof Double d && !Double.isFinite(d) || value instanceof Float f && !Float.isFinite(f)) {
      return null;
    }
    try {
      RexNode literal = rex.makeLiteral(value, type, true);
      return literal.getType().equals(type) ? literal : rex.ensureType(type, literal, true);
    } catch (RuntimeException e) {
      return null;
    }
  }
}
