package io.streamfirst.connect.sql.engine;

import io.streamfirst.connect.sql.functions.PgEvaluation;
import io.streamfirst.connect.sql.functions.PgFunctions;
import io.streamfirst.connect.sql.functions.SizeLimits;
import java.lang.reflect.Method;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.calcite.avatica.util.TimeUnitRange;
import org.apache.calcite.plan.Strong;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rel.type.RelDataTypeSystem;
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
import org.apache.calcite.sql.fun.SqlTrimFunction;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.type.ReturnTypes;
import org.apache.calcite.sql.type.SqlTypeFamily;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.type.SqlTypeUtil;
import org.apache.calcite.sql.validate.SqlUserDefinedFunction;

/**
 * Rewrites a validated expression where Calcite's semantics differ from PostgreSQL 17's: casts
 * to integers round, float arithmetic raises on overflow and division by zero, real mixed with
 * other numbers computes in double precision, EXTRACT returns numeric, and the functions in
 * {@link PgFunctions} replace Calcite's ROUND, ABS, SQRT, POWER, UPPER, LOWER, REGEXP_REPLACE,
 * DATE_TRUNC, TRIM of one character (faster, same result) and text output of numbers, booleans
 * and timestamps. Functions whose result can be larger than their arguments get a size check
 * against {@code max.value.bytes} ({@link SizeLimits}); no other expression pays for one.
 */
final class PgRexRewriter extends RexShuttle {

  /** The scale {@code numeric} without a modifier gets for values from floats and text. */
  static final int UNCONSTRAINED_SCALE = 16;

  /** Library functions whose declared type is NOT NULL although they return NULL for NULL input. */
  private static final Set<String> STRICT_FUNCTIONS = Set.of("LPAD", "RPAD", "LEFT", "RIGHT", "REPEAT",
      "SPLIT_PART", "STRPOS", "REVERSE", "MD5", "SHA1", "TRANSLATE", "INITCAP", "ASCII", "CHR");

  private static final Map<String, SqlOperator> OPERATORS = new ConcurrentHashMap<>();

  private final RexBuilder rex;
  /** {@code max.value.bytes}: the largest text (characters) or binary value (bytes) a function may compute. */
  private final RexNode maxValueBytes;

  PgRexRewriter(RexBuilder rex, int maxValueBytes) {
    this.rex = rex;
    this.maxValueBytes = literal(maxValueBytes);
  }

  @Override
  public RexNode visitCall(RexCall original) {
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
    return nullable ? call.clone(QueryPlanner.TYPES.createTypeWithNullability(call.getType(), true),
        call.getOperands()) : rewritten;
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
    List<RexNode> operands = call.getOperands();
    boolean strict = Strong.policy(call) == Strong.Policy.ANY || isStrictFunction(call);
    if (strict && operands.stream().anyMatch(RexLiteral::isNullLiteral)
        && (operands.stream().noneMatch(PgRexRewriter::containsConstantCall)
            || operands.stream().anyMatch(PgRexRewriter::isUntypedNull))) {
      // NULL in, NULL out, as PostgreSQL folds a strict function of a NULL constant (LPAD(NULL, 6) is NULL);
      // also keeps untyped NULLs (schemaless fields that are null) out of generated code. Arithmetic
      // is typed from its operands (NULL::real + 1 is double precision).
      RelDataType type = call.getType();
      if (operands.size() == 2 && operands.stream().noneMatch(PgRexRewriter::isUntypedNull)) {
        type = ARITHMETIC.contains(call.getKind()) ? arithmetic(call).getType()
            : call.getKind() == SqlKind.MOD ? mod(call).getType() : type;
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
        return cast(call, operands.get(0), call.getType());
      case PLUS, MINUS, TIMES, DIVIDE, CHECKED_PLUS, CHECKED_MINUS, CHECKED_TIMES, CHECKED_DIVIDE:
        return operands.size() == 2 ? arithmetic(call) : call;
      case MINUS_PREFIX, CHECKED_MINUS_PREFIX:
        return negate(call);
      case MOD:
        return mod(call);
      default:
        break;
    }
    call = withValidatedOperandTypes(original, call);
    operands = call.getOperands();
    switch (call.getKind()) {
      case CASE, COALESCE:
        return commonType(call);
      case EQUALS, NOT_EQUALS, LESS_THAN, LESS_THAN_OR_EQUAL, GREATER_THAN, GREATER_THAN_OR_EQUAL:
        return realComparison(call);
      case EXTRACT:
        return extract(call);
      case FLOOR, CEIL:
        return operands.size() == 1 ? floatResult(call) : call;
      default:
        return function(call);
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
          && !SqlTypeUtil.equalSansNullability(QueryPlanner.TYPES, validated, operand.getType())) {
        if (typed == null) {
          typed = new ArrayList<>(operands);
        }
        RelDataType type = QueryPlanner.TYPES.createTypeWithNullability(validated, operand.getType().isNullable());
        RexNode back = rex.makeCast(type, operand, true, false);
        typed.set(i, back instanceof RexCall cast && cast.getKind() == SqlKind.CAST ? cast(cast, operand, type) : back);
      }
    }
    return typed == null ? call : call.clone(call.getType(), typed);
  }

  /**
   * Expressions whose result does not depend on their operands' types, or whose type the rewrite
   * derives from the rewritten operands (CASE and COALESCE: {@link #commonType}).
   */
  private static final Set<SqlKind> KEEPS_ANY_OPERAND_TYPE = Set.of(SqlKind.IS_NULL, SqlKind.IS_NOT_NULL,
      SqlKind.CASE, SqlKind.COALESCE);

  private static final Set<SqlKind> ARITHMETIC = Set.of(SqlKind.PLUS, SqlKind.MINUS, SqlKind.TIMES,
      SqlKind.DIVIDE, SqlKind.CHECKED_PLUS, SqlKind.CHECKED_MINUS, SqlKind.CHECKED_TIMES, SqlKind.CHECKED_DIVIDE);

  // ---------------------------------------------------------------- casts

  private RexNode cast(RexCall call, RexNode operand, RelDataType target) {
    SqlTypeName from = operand.getType().getSqlTypeName();
    SqlTypeName to = target.getSqlTypeName();
    boolean nullable = target.isNullable() || operand.getType().isNullable();
    if (isInteger(to)) {
      String width = to == SqlTypeName.BIGINT ? "8" : to == SqlTypeName.INTEGER ? "4" : "2";
      if (isFloat(from) || from == SqlTypeName.REAL) {
        return udf("float8ToInt" + width, typed(to, nullable), toDouble(operand));
      }
      if (from == SqlTypeName.DECIMAL) {
        return udf("numericToInt" + width, typed(to, nullable), operand);
      }
      if (isInteger(from) && rank(from) > rank(to) && to != SqlTypeName.TINYINT) {
        return udf("int8ToInt" + width, typed(to, nullable), rex.makeCast(typed(SqlTypeName.BIGINT, nullable), operand));
      }
      return call;
    }
    if (to == SqlTypeName.DECIMAL) {
      return numericCast(call, operand, target, nullable);
    }
    if (to == SqlTypeName.REAL && isFloat(from)) {
      return udf("float8ToFloat4", typed(to, nullable), operand);
    }
    if (to == SqlTypeName.BOOLEAN && SqlTypeFamily.CHARACTER.contains(operand.getType())) {
      return udf("textToBool", typed(to, nullable), operand);
    }
    if ((to == SqlTypeName.TIMESTAMP || to == SqlTypeName.DATE) && SqlTypeFamily.CHARACTER.contains(operand.getType())) {
      // PostgreSQL's ISO 8601 input: 'T' or ' ' between date and time, optional seconds and zone
      return udf(to == SqlTypeName.DATE ? "textToDate" : "textToTimestamp",
          QueryPlanner.TYPES.createTypeWithNullability(target, nullable), operand);
    }
    if (SqlTypeFamily.CHARACTER.contains(target)) {
      String method = switch (from) {
        case DECIMAL -> "numericText";
        case BOOLEAN -> "boolText";
        case DOUBLE, FLOAT -> "float8Text";
        case REAL -> "float4Text";
        case TIMESTAMP -> "timestampText";
        default -> null;
      };
      if (method == null) {
        return call;
      }
      RelDataType text = QueryPlanner.TYPES.createTypeWithNullability(
          QueryPlanner.TYPES.createTypeWithCharsetAndCollation(QueryPlanner.TYPES.createSqlType(SqlTypeName.VARCHAR),
              target.getCharset(), target.getCollation()), nullable);
      RexNode formatted = udf(method, text, operand);
      return target.getPrecision() == RelDataType.PRECISION_NOT_SPECIFIED ? formatted : rex.makeCast(target, formatted);
    }
    return call;
  }

  /**
   * Casts to numeric round half away from zero and raise on overflow. Without a modifier
   * ({@code ::numeric}), numerics keep their scale and floats and text get
   * {@link #UNCONSTRAINED_SCALE}; PostgreSQL's scale there depends on the value.
   */
  private RexNode numericCast(RexCall call, RexNode operand, RelDataType target, boolean nullable) {
    SqlTypeName from = operand.getType().getSqlTypeName();
    int precision = target.getPrecision();
    int scale = target.getScale();
    boolean unconstrained = precision == PgTypeSystem.MAX_DECIMAL_PRECISION && scale == 0;
    if (from == SqlTypeName.DECIMAL) {
      RelDataType source = operand.getType();
      int targetScale = unconstrained ? source.getScale() : scale;
      if (targetScale == source.getScale() && precision - targetScale >= source.getPrecision() - source.getScale()) {
        // room for every value: the same number, typed as the target (nothing runs per record)
        return rex.makeReinterpretCast(decimal(precision, targetScale, nullable), operand, rex.makeLiteral(false));
      }
    }
    if (unconstrained) {
      if (from == SqlTypeName.DECIMAL) {
        return rex.makeCast(decimal(precision, operand.getType().getScale(), nullable), operand);
      }
      if (isInteger(from)) {
        return call;
      }
      scale = UNCONSTRAINED_SCALE;
    }
    RelDataType type = decimal(precision, scale, nullable);
    RexNode p = literal(precision);
    RexNode s = literal(scale);
    if (from == SqlTypeName.DECIMAL || isInteger(from)) {
      RexNode exact = isInteger(from) ? rex.makeCast(decimal(19, 0, nullable), operand) : operand;
      return udf("toNumeric", type, exact, p, s);
    }
    return switch (from) {
      case DOUBLE, FLOAT -> udf("float8ToNumeric", type, operand, p, s);
      case REAL -> udf("float4ToNumeric", type, operand, p, s);
      case CHAR, VARCHAR -> udf("textToNumeric", type, operand, p, s);
      default -> call;
    };
  }

  // ---------------------------------------------------------------- arithmetic

  /**
   * {@code + - * /} of two numbers as PostgreSQL computes them, typed from the (rewritten) operands:
   * integers in the wider integer type, raising on overflow; numerics exact (division: see {@link
   * PgTypeSystem#deriveDecimalDivideType}); floats raising on overflow and division by zero, real only
   * when both operands are real. Date/time and interval arithmetic stays as validated.
   */
  private RexNode arithmetic(RexCall call) {
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
  private RexNode datetimeArithmetic(RexCall call) {
    if (call.getType().getSqlTypeName() != SqlTypeName.TIMESTAMP
        || call.getOperands().stream().noneMatch(operand -> operand.getType().getSqlTypeName() == SqlTypeName.DATE)) {
      return call;
    }
    List<RexNode> operands = new ArrayList<>();
    for (RexNode operand : call.getOperands()) {
      operands.add(operand.getType().getSqlTypeName() != SqlTypeName.DATE ? operand
          : rex.makeCast(QueryPlanner.TYPES.createTypeWithNullability(QueryPlanner.TYPES.createSqlType(
              SqlTypeName.TIMESTAMP, PgTypeFactory.TIMESTAMP_PRECISION), operand.getType().isNullable()), operand));
    }
    return call.clone(call.getType(), operands);
  }

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
        result = canFail(result)
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
          case IS_NULL, IS_NOT_NULL: {
            RexNode operand = call.getOperands().get(0);
            if (!canFail(operand)) {
              return call;
            }
            return rex.makeCall(call.getType(), OPERATORS.computeIfAbsent(call.getKind() == SqlKind.IS_NULL
                ? "isNull" : "isNotNull", PgRexRewriter::evaluationOperator), List.of(operand));
          }
          default:
            return call;
        }
      }
    });
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
      if (canFail(result)) {
        // a AND b: CASE WHEN a IS FALSE THEN FALSE ELSE a AND b END (b is evaluated in the ELSE branch only)
        RexNode decided = rex.makeCall(and ? SqlStdOperatorTable.IS_FALSE : SqlStdOperatorTable.IS_TRUE, first);
        both = rex.makeCall(call.getType(), SqlStdOperatorTable.CASE, List.of(decided,
            rex.makeLiteral(!and), both));
      }
      result = both;
    }
    return result;
  }

  /** Kinds of expressions that cannot raise an error when their operands do not. */
  private static final Set<SqlKind> CANNOT_FAIL = Set.of(SqlKind.EQUALS, SqlKind.NOT_EQUALS, SqlKind.LESS_THAN,
      SqlKind.LESS_THAN_OR_EQUAL, SqlKind.GREATER_THAN, SqlKind.GREATER_THAN_OR_EQUAL, SqlKind.IS_NULL,
      SqlKind.IS_NOT_NULL, SqlKind.IS_TRUE, SqlKind.IS_NOT_TRUE, SqlKind.IS_FALSE, SqlKind.IS_NOT_FALSE,
      SqlKind.IS_DISTINCT_FROM, SqlKind.IS_NOT_DISTINCT_FROM, SqlKind.NOT, SqlKind.AND, SqlKind.OR, SqlKind.CASE,
      SqlKind.COALESCE, SqlKind.SEARCH);

  /** Whether evaluating {@code node} may raise an error (anything but comparisons and logic over columns and constants). */
  private static boolean canFail(RexNode node) {
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
    return call.getOperands().stream().anyMatch(PgRexRewriter::canFail);
  }

  /**
   * A numeric result whose type has the most digits a numeric may have can exceed them: checked
   * there (numeric value out of range). Below that, the type has room for every result and nothing
   * is checked per record.
   */
  private RexNode bounded(RexNode exact) {
    RelDataType type = exact.getType();
    if (type.getPrecision() < PgTypeSystem.MAX_DECIMAL_PRECISION) {
      return exact;
    }
    return udf("toNumeric", type, exact, literal(type.getPrecision()), literal(type.getScale()));
  }

  /** Unary minus: integers raise on overflow ({@code -(-2147483648)}); numerics and floats cannot overflow. */
  private RexNode negate(RexCall call) {
    RexNode a = call.getOperands().get(0);
    SqlOperator operator = isInteger(a.getType().getSqlTypeName()) ? SqlStdOperatorTable.CHECKED_UNARY_MINUS
        : SqlStdOperatorTable.UNARY_MINUS;
    return rex.makeCall(a.getType(), operator, List.of(a));
  }

  /** An integer operand as the wider integer type of its expression. */
  private RexNode widened(RexNode operand, SqlTypeName wider) {
    return operand.getType().getSqlTypeName() == wider ? operand
        : rex.makeCast(typed(wider, operand.getType().isNullable()), operand);
  }

  /**
   * MOD of two integers has the wider operand's type ({@code int8 % int4} is int8); of numerics,
   * the larger scale and no more integer digits than either operand. Division by zero raises.
   */
  private RexNode mod(RexCall call) {
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
      return rex.makeCall(decimal(precision, Math.min(scale, precision), nullable), call.getOperator(), List.of(p, q));
    }
    return call;
  }

  /** real compared with another number compares in double precision, as PostgreSQL's float48 operators. */
  private RexNode realComparison(RexCall call) {
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
   * for real with others and keeps types a rewrite changed stale. Next to a real, a double literal
   * here is most often a numeric literal the validator converted: there it counts as numeric (so a
   * double precision constant with a real gives real: documented). Values are cast to it.
   */
  private RexNode commonType(RexCall call) {
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
      real |= value.getType().getSqlTypeName() == SqlTypeName.REAL && !(value instanceof RexLiteral);
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
      } else if (isFloat(type) && real && value instanceof RexLiteral literal) {
        rank = 5;
        BigDecimal number = literal.getValueAs(BigDecimal.class);
        if (number != null) {
          integerDigits = Math.max(integerDigits, number.precision() - number.scale());
          scale = Math.max(scale, Math.max(number.scale(), 0));
        }
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
      default -> typed(highest == 4 ? SqlTypeName.BIGINT : highest == 3 ? SqlTypeName.INTEGER
          : highest == 2 ? SqlTypeName.SMALLINT : SqlTypeName.TINYINT, false);
    };
    boolean changed = !SqlTypeUtil.equalSansNullability(QueryPlanner.TYPES, common, call.getType());
    List<RexNode> rewritten = new ArrayList<>(operands);
    for (int i : values) {
      RexNode value = beforeCoercion(highest == 7 || !real ? operands.get(i) : beforeDoubleCast(operands.get(i)),
          call.getType());
      RelDataType target = QueryPlanner.TYPES.createTypeWithNullability(common, value.getType().isNullable());
      if (SqlTypeUtil.equalSansNullability(QueryPlanner.TYPES, target, value.getType())) {
        rewritten.set(i, value);
        changed |= value != operands.get(i);
        continue;
      }
      changed = true;
      RexNode exactLiteral = value instanceof RexLiteral literal && literal.getValueAs(BigDecimal.class) != null
          && highest == 5 ? exactLiteral(literal.getValueAs(BigDecimal.class), target) : null;
      if (exactLiteral != null) {
        rewritten.set(i, exactLiteral);
      } else if (RexLiteral.isNullLiteral(value)) {
        rewritten.set(i, rex.makeNullLiteral(target));
      } else {
        RexNode cast = rex.makeCast(target, value, true, false);
        rewritten.set(i, cast instanceof RexCall castCall && castCall.getKind() == SqlKind.CAST
            ? cast(castCall, value, target) : cast);
      }
    }
    if (!changed) {
      return call;
    }
    return rex.makeCall(QueryPlanner.TYPES.createTypeWithNullability(common, call.getType().isNullable()),
        call.getOperator(), rewritten);
  }

  /** Whether {@code node} holds an expression of constants other than a literal (see {@link #isConstantCall}). */
  private static boolean containsConstantCall(RexNode node) {
    if (isConstantCall(node)) {
      return true;
    }
    return node instanceof RexCall call && call.getOperands().stream().anyMatch(PgRexRewriter::containsConstantCall);
  }

  /**
   * An expression of constants that is not a literal: PostgreSQL evaluates it when it plans the
   * statement even next to a NULL ({@link PgConstantFolder} does), so it is not dropped here.
   */
  private static boolean isConstantCall(RexNode node) {
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
      return udf("numericToInt" + width, literal.getType(),
          rex.makeExactLiteral(value, decimal(Math.max(1, value.precision()), 0, false)));
    }
    return literal;
  }

  private static long minimum(SqlTypeName type) {
    return switch (type) {
      case TINYINT -> Byte.MIN_VALUE;
      case SMALLINT -> Short.MIN_VALUE;
      case INTEGER -> Integer.MIN_VALUE;
      default -> Long.MIN_VALUE;
    };
  }

  private static long maximum(SqlTypeName type) {
    return switch (type) {
      case TINYINT -> Byte.MAX_VALUE;
      case SMALLINT -> Short.MAX_VALUE;
      case INTEGER -> Integer.MAX_VALUE;
      default -> Long.MAX_VALUE;
    };
  }

  private RexNode exactLiteral(BigDecimal value, RelDataType type) {
    try {
      return rex.makeLiteral(value, type, true);
    } catch (RuntimeException e) {
      return null;
    }
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

  /**
   * The operand of a cast to {@code type} the validator added to a CASE value where Calcite's common
   * type of numerics dropped digits after the point (it keeps 100 integer digits, so next to an
   * unconstrained {@code numeric} it has scale 0; PostgreSQL keeps every value's digits), else the node.
   * Only such casts: a cast the statement wrote to a type with fewer than 100 digits
   * ({@code CASE WHEN b THEN n::numeric(3,1) ELSE 1.0 END}) rounds as written.
   */
  private static RexNode beforeCoercion(RexNode node, RelDataType type) {
    if (node instanceof RexCall call && type.getSqlTypeName() == SqlTypeName.DECIMAL
        && type.getPrecision() == PgTypeSystem.MAX_DECIMAL_PRECISION
        && SqlTypeUtil.equalSansNullability(QueryPlanner.TYPES, node.getType(), type)) {
      // a cast the rewrite already made into a PostgreSQL conversion: its first operand is the value
      RexNode inner = call.getKind() == SqlKind.CAST || call.getOperator().getName().equals("PG_toNumeric")
          ? call.getOperands().get(0) : null;
      SqlTypeName from = inner == null ? null : inner.getType().getSqlTypeName();
      if (from != null
          && (isInteger(from) || from == SqlTypeName.DECIMAL && inner.getType().getScale() > type.getScale())) {
        return inner;
      }
    }
    return node;
  }

  /** The operand of a cast to double precision that the validator added, else the node itself. */
  private static RexNode beforeDoubleCast(RexNode node) {
    if (node.getKind() == SqlKind.CAST && node.getType().getSqlTypeName() == SqlTypeName.DOUBLE) {
      RexNode inner = ((RexCall) node).getOperands().get(0);
      if (isNumeric(inner.getType().getSqlTypeName())) {
        return inner;
      }
    }
    return node;
  }

  /** The WHERE condition, rewritten (a constant one is left to the program compiler, which drops or keeps all). */
  RexNode condition(RexNode condition) {
    return condition.accept(this);
  }

  /** FLOOR, CEIL and ROUND of integers and reals compute in double precision, as in PostgreSQL. */
  private RexNode floatResult(RexCall call) {
    RexNode operand = call.getOperands().get(0);
    SqlTypeName from = operand.getType().getSqlTypeName();
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

  // ---------------------------------------------------------------- functions

  private RexNode extract(RexCall call) {
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

  private RexNode function(RexCall call) {
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
          default -> SqlTypeUtil.equalSansNullability(QueryPlanner.TYPES, operand, type) ? call
              : rex.makeCall(operand, call.getOperator(), operands);
        };
      }
      case "SQRT":
        return udf("sqrt", typed(SqlTypeName.DOUBLE, type.isNullable()), toDouble(operands.get(0)));
      case "EXP", "LN", "LOG10":
        return udf(name.toLowerCase(Locale.ROOT), typed(SqlTypeName.DOUBLE, type.isNullable()),
            toDouble(operands.get(0)));
      case "LEFT", "RIGHT":
        return udf(name.toLowerCase(Locale.ROOT), QueryPlanner.TYPES.createTypeWithNullability(type,
            operands.stream().anyMatch(operand -> operand.getType().isNullable())), operands.get(0),
            rex.makeCast(typed(SqlTypeName.INTEGER, operands.get(1).getType().isNullable()), operands.get(1)));
      case "SIGN":
        return isInteger(operands.get(0).getType().getSqlTypeName())
            || operands.get(0).getType().getSqlTypeName() == SqlTypeName.REAL
            ? rex.makeCall(type, call.getOperator(), List.of(toDouble(operands.get(0)))) : call;
      case "POWER":
        return udf("power", typed(SqlTypeName.DOUBLE, type.isNullable()), toDouble(operands.get(0)),
            toDouble(operands.get(1)));
      case "ROUND":
        return round(call);
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
        return operands.size() == 1 ? floatResult(call) : call;
      default:
        return strictNullability(call);
    }
  }

  /** A library function that returns NULL for a NULL argument, typed nullable when an argument is. */
  private RexCall strictNullability(RexCall call) {
    RelDataType type = call.getType();
    List<RexNode> operands = call.getOperands();
    if (STRICT_FUNCTIONS.contains(call.getOperator().getName()) && !type.isNullable()
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

  /** CONCAT prints booleans with their output function ({@code t}/{@code f}), unlike a cast to text. */
  private RexNode concat(RexCall call) {
    List<RexNode> operands = new ArrayList<>(call.getOperands());
    boolean changed = false;
    for (int i = 0; i < operands.size(); i++) {
      if (operands.get(i) instanceof RexCall inner && inner.getOperator() == OPERATORS.get("boolText")) {
        operands.set(i, udf("boolOut", inner.getType(), inner.getOperands()));
        changed = true;
      }
    }
    return changed ? rex.makeCall(call.getType(), call.getOperator(), operands) : call;
  }

  /**
   * ROUND of a float rounds half to even (rint); ROUND of a numeric half away from zero, to the
   * digits asked for; ROUND of an integer is a float, ROUND(integer, n) a numeric, as in PostgreSQL.
   * The result has {@link PgOperators#roundType}'s type, as validated.
   */
  private RexNode round(RexCall call) {
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

  // ---------------------------------------------------------------- helpers

  private RexNode udf(String method, RelDataType type, RexNode... operands) {
    return udf(method, type, List.of(operands));
  }

  private RexNode udf(String method, RelDataType type, List<RexNode> operands) {
    SqlOperator operator = OPERATORS.computeIfAbsent(method, name -> operator(PgFunctions.class, "PG_", name));
    return rex.makeCall(type, operator, new ArrayList<>(operands));
  }

  /** A call of {@link SizeLimits}' {@code method}. */
  private RexNode sizeUdf(String method, RelDataType type, RexNode... operands) {
    SqlOperator operator = OPERATORS.computeIfAbsent("SizeLimits." + method,
        name -> operator(SizeLimits.class, "SIZE_", method));
    return rex.makeCall(type, operator, List.of(operands));
  }

  private static SqlOperator operator(Class<?> owner, String prefix, String method) {
    for (Method candidate : owner.getMethods()) {
      if (candidate.getName().equals(method)) {
        return new SqlUserDefinedFunction(new SqlIdentifier(prefix + method, SqlParserPos.ZERO), SqlKind.OTHER_FUNCTION,
            ReturnTypes.ARG0, null, null, ScalarFunctionImpl.create(candidate));
      }
    }
    throw new IllegalStateException(owner.getSimpleName() + " has no method " + method);
  }

  private RexNode toDouble(RexNode operand) {
    SqlTypeName type = operand.getType().getSqlTypeName();
    return type == SqlTypeName.DOUBLE ? operand
        : rex.makeCast(typed(SqlTypeName.DOUBLE, operand.getType().isNullable()), operand);
  }

  private RexNode toDecimal(RexNode operand) {
    SqlTypeName type = operand.getType().getSqlTypeName();
    if (type == SqlTypeName.DECIMAL) {
      return operand;
    }
    int precision = type == SqlTypeName.BIGINT ? 19 : type == SqlTypeName.INTEGER ? 10 : 5;
    return rex.makeCast(decimal(precision, 0, operand.getType().isNullable()), operand);
  }

  private RexNode literal(int value) {
    return rex.makeExactLiteral(BigDecimal.valueOf(value), typed(SqlTypeName.INTEGER, false));
  }

  private static RelDataType typed(SqlTypeName name, boolean nullable) {
    return QueryPlanner.TYPES.createTypeWithNullability(QueryPlanner.TYPES.createSqlType(name), nullable);
  }

  private static RelDataType decimal(int precision, int scale, boolean nullable) {
    return QueryPlanner.TYPES.createTypeWithNullability(
        QueryPlanner.TYPES.createSqlType(SqlTypeName.DECIMAL, precision, scale), nullable);
  }

  private static boolean isInteger(SqlTypeName type) {
    return type == SqlTypeName.TINYINT || type == SqlTypeName.SMALLINT || type == SqlTypeName.INTEGER
        || type == SqlTypeName.BIGINT;
  }

  private static boolean isFloat(SqlTypeName type) {
    return type == SqlTypeName.DOUBLE || type == SqlTypeName.FLOAT;
  }

  private static boolean isApproximate(SqlTypeName type) {
    return isFloat(type) || type == SqlTypeName.REAL;
  }

  private static boolean isNumeric(SqlTypeName type) {
    return isInteger(type) || isFloat(type) || type == SqlTypeName.REAL || type == SqlTypeName.DECIMAL;
  }

  private static int rank(SqlTypeName type) {
    return switch (type) {
      case TINYINT -> 1;
      case SMALLINT -> 2;
      case INTEGER -> 3;
      default -> 4;
    };
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
