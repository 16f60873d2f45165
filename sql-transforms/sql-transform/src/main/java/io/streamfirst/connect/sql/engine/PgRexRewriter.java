package io.streamfirst.connect.sql.engine;

import io.streamfirst.connect.sql.functions.PgFunctions;
import java.lang.reflect.Method;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
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
 * and timestamps.
 */
final class PgRexRewriter extends RexShuttle {

  /** The scale {@code numeric} without a modifier gets for values from floats and text. */
  static final int UNCONSTRAINED_SCALE = 16;

  /** Library functions whose declared type is NOT NULL although they return NULL for NULL input. */
  private static final Set<String> STRICT_FUNCTIONS = Set.of("LPAD", "RPAD", "LEFT", "RIGHT", "REPEAT",
      "SPLIT_PART", "STRPOS", "REVERSE", "MD5", "SHA1", "TRANSLATE", "INITCAP", "ASCII", "CHR");

  private static final Map<String, SqlOperator> OPERATORS = new ConcurrentHashMap<>();

  private final RexBuilder rex;

  PgRexRewriter(RexBuilder rex) {
    this.rex = rex;
  }

  @Override
  public RexNode visitCall(RexCall original) {
    RexNode visited = super.visitCall(original);
    if (!(visited instanceof RexCall call)) {
      return visited;
    }
    List<RexNode> operands = call.getOperands();
    if (Strong.policy(call) == Strong.Policy.ANY && operands.stream().anyMatch(RexLiteral::isNullLiteral)
        || isStrictFunction(call) && operands.stream().anyMatch(PgRexRewriter::isUntypedNull)) {
      // NULL in, NULL out; also keeps untyped NULLs (schemaless fields that are null) out of generated code
      return rex.makeNullLiteral(call.getType());
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
        return realCommonType(call);
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
    if (KEEPS_ANY_OPERAND_TYPE.contains(call.getKind())) {
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

  /** Expressions whose result does not depend on their operands' types. */
  private static final Set<SqlKind> KEEPS_ANY_OPERAND_TYPE = Set.of(SqlKind.IS_NULL, SqlKind.IS_NOT_NULL);

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
      return call;
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
   * CASE and COALESCE over numbers resolve to the last type the others cast to implicitly: real
   * wins over integers and numeric, as in PostgreSQL, where Calcite picks double precision.
   */
  private RexNode realCommonType(RexCall call) {
    RelDataType type = call.getType();
    if (type.getSqlTypeName() != SqlTypeName.DOUBLE) {
      return call;
    }
    List<RexNode> operands = call.getOperands();
    List<Integer> values = new ArrayList<>();
    for (int i = 0; i < operands.size(); i++) {
      boolean value = call.getKind() == SqlKind.COALESCE || i % 2 == 1 || i == operands.size() - 1;
      if (value) {
        values.add(i);
      }
    }
    boolean real = false;
    for (int i : values) {
      RexNode value = beforeDoubleCast(operands.get(i));
      SqlTypeName operand = value.getType().getSqlTypeName();
      // A double literal here is most often a numeric literal the validator converted: it does not decide.
      boolean decides = !(value instanceof RexLiteral);
      if (decides && isFloat(operand) || !isNumeric(operand) && operand != SqlTypeName.NULL) {
        return call;
      }
      real |= operand == SqlTypeName.REAL;
    }
    if (!real) {
      return call;
    }
    RelDataType result = typed(SqlTypeName.REAL, type.isNullable());
    List<RexNode> rewritten = new ArrayList<>(operands);
    for (int i : values) {
      RexNode operand = beforeDoubleCast(operands.get(i));
      rewritten.set(i, rex.makeCast(typed(SqlTypeName.REAL, operand.getType().isNullable()), operand, true, false));
    }
    return rex.makeCall(result, call.getOperator(), rewritten);
  }

  private static boolean isUntypedNull(RexNode node) {
    return RexLiteral.isNullLiteral(node) && node.getType().getSqlTypeName() == SqlTypeName.NULL;
  }

  /** Functions whose result is NULL when an argument is: all but those that skip or test NULLs. */
  private static boolean isStrictFunction(RexCall call) {
    return !NULL_TOLERANT.contains(call.getKind()) && !NULL_TOLERANT_FUNCTIONS.contains(call.getOperator().getName());
  }

  private static final Set<SqlKind> NULL_TOLERANT = Set.of(SqlKind.CASE, SqlKind.COALESCE, SqlKind.NULLIF,
      SqlKind.IS_NULL, SqlKind.IS_NOT_NULL, SqlKind.IS_TRUE, SqlKind.IS_NOT_TRUE, SqlKind.IS_FALSE,
      SqlKind.IS_NOT_FALSE, SqlKind.IS_UNKNOWN, SqlKind.IS_DISTINCT_FROM,
      SqlKind.IS_NOT_DISTINCT_FROM, SqlKind.AND, SqlKind.OR, SqlKind.GREATEST, SqlKind.LEAST, SqlKind.ROW,
      SqlKind.ARRAY_VALUE_CONSTRUCTOR, SqlKind.MAP_VALUE_CONSTRUCTOR, SqlKind.CAST, SqlKind.SEARCH);
  private static final Set<String> NULL_TOLERANT_FUNCTIONS = Set.of("CONCAT", "CONCAT_WS", "GREATEST", "LEAST",
      "COALESCE", "NVL", "IFNULL");

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
      case "LOWER":
        return udf("lower", type, operands.get(0));
      case "REGEXP_REPLACE":
        if (operands.size() == 3) {
          return udf("regexpReplaceFirst", type, operands);
        }
        if (operands.size() == 4 && SqlTypeFamily.CHARACTER.contains(operands.get(3).getType())) {
          return udf("regexpReplace", type, operands);
        }
        return call;
      case "CONCAT", "CONCAT_WS":
        return concat(call);
      case "DATE_TRUNC":
        return call.getOperator() == Functions.DATE_TRUNC ? udf("dateTrunc", type, operands) : call;
      case "ABS": {
        SqlTypeName from = operands.get(0).getType().getSqlTypeName();
        return switch (from) {
          case SMALLINT -> udf("abs2", type, operands);
          case INTEGER -> udf("abs4", type, operands);
          case BIGINT -> udf("abs8", type, operands);
          default -> call;
        };
      }
      case "SQRT":
        return udf("sqrt", typed(SqlTypeName.DOUBLE, type.isNullable()), toDouble(operands.get(0)));
      case "POWER":
        return udf("power", typed(SqlTypeName.DOUBLE, type.isNullable()), toDouble(operands.get(0)),
            toDouble(operands.get(1)));
      case "ROUND":
        return round(call);
      case "TRUNCATE":
        if (operands.size() == 2 && isInteger(operands.get(0).getType().getSqlTypeName())) {
          // trunc(integer, n) is trunc(numeric, n)
          return rex.makeCall(type, call.getOperator(), List.of(toDecimal(operands.get(0)), operands.get(1)));
        }
        return operands.size() == 1 ? floatResult(call) : call;
      default:
        if (STRICT_FUNCTIONS.contains(name) && !type.isNullable()
            && operands.stream().anyMatch(operand -> operand.getType().isNullable())) {
          return rex.makeCall(QueryPlanner.TYPES.createTypeWithNullability(type, true), call.getOperator(), operands);
        }
        return call;
    }
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
    SqlOperator operator = OPERATORS.computeIfAbsent(method, PgRexRewriter::operator);
    return rex.makeCall(type, operator, new ArrayList<>(operands));
  }

  private static SqlOperator operator(String method) {
    for (Method candidate : PgFunctions.class.getMethods()) {
      if (candidate.getName().equals(method)) {
        return new SqlUserDefinedFunction(new SqlIdentifier("PG_" + method, SqlParserPos.ZERO), SqlKind.OTHER_FUNCTION,
            ReturnTypes.ARG0, null, null, ScalarFunctionImpl.create(candidate));
      }
    }
    throw new IllegalStateException("PgFunctions has no method " + method);
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
