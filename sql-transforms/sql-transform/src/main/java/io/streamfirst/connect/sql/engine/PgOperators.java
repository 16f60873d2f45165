// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.sql.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.Map;
import org.apache.calcite.avatica.util.TimeUnitRange;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexCallBinding;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.SqlBasicCall;
import org.apache.calcite.sql.SqlBasicFunction;
import org.apache.calcite.sql.SqlBinaryOperator;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlCallBinding;
import org.apache.calcite.sql.SqlFunction;
import org.apache.calcite.sql.SqlFunctionCategory;
import org.apache.calcite.sql.SqlIntervalQualifier;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlOperatorBinding;
import org.apache.calcite.sql.fun.SqlExtractFunction;
import org.apache.calcite.sql.fun.SqlFloorFunction;
import org.apache.calcite.sql.fun.SqlMonotonicBinaryOperator;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.type.OperandTypes;
import org.apache.calcite.sql.type.ReturnTypes;
import org.apache.calcite.sql.type.SqlReturnTypeInference;
import org.apache.calcite.sql.type.SqlTypeFamily;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.type.SqlTypeUtil;
import org.apache.calcite.sql.util.SqlBasicVisitor;
import org.apache.calcite.sql.validate.SqlMonotonicity;
import org.apache.calcite.sql2rel.SqlRexConvertlet;
import org.apache.calcite.sql2rel.SqlRexConvertletTable;
import org.apache.calcite.sql2rel.StandardConvertletTable;

/**
 * Functions whose result type PostgreSQL derives differently from the SQL standard, typed as
 * PostgreSQL types them when the statement is validated, so that every expression over them (an
 * arithmetic, a comparison, a CASE) is typed from the right type: {@code EXTRACT} is numeric,
 * {@code FLOOR}/{@code CEIL}/{@code ROUND}/{@code TRUNC} of integers are double precision, and
 * rounding a numeric up can add an integer digit ({@code ROUND(99.99::numeric(4,2)) = 100}).
 * {@link PgRexRewriter} implements them with exactly these types.
 */
final class PgOperators {

  /** Digits of {@code EXTRACT}'s numeric result. */
  static final int EXTRACT_PRECISION = 30;

  /** {@code EXTRACT(unit FROM date or timestamp)}: numeric (other operands as Calcite types them). */
  static final SqlFunction EXTRACT = new SqlExtractFunction("EXTRACT", false) {
    @Override
    public RelDataType inferReturnType(SqlOperatorBinding binding) {
      RelDataType source = binding.getOperandType(1);
      TimeUnitRange unit = extractUnit(binding);
      SqlTypeName type = source.getSqlTypeName();
      if (unit == null || type != SqlTypeName.TIMESTAMP && type != SqlTypeName.DATE) {
        return super.inferReturnType(binding);
      }
      return extractType(unit, source, binding.getTypeFactory());
    }
  };

  /** {@code FLOOR(x)}: double precision for integers and reals, numeric with scale 0 for numerics. */
  static final SqlFunction FLOOR = ((SqlFloorFunction) SqlStdOperatorTable.FLOOR)
      .withReturnTypeInference(binding -> roundType(binding, false, true));

  static final SqlFunction CEIL = ((SqlFloorFunction) SqlStdOperatorTable.CEIL)
      .withReturnTypeInference(binding -> roundType(binding, false, true));

  /** {@code ROUND(x [, digits])}; digits of any integer type, as PostgreSQL casts them to integer. */
  static final SqlFunction ROUND = ((SqlBasicFunction) SqlStdOperatorTable.ROUND)
      .withReturnTypeInference(binding -> roundType(binding, false, false))
      .withOperandTypeChecker(OperandTypes.NUMERIC.or(OperandTypes.NUMERIC_INTEGER));

  /** {@code TRUNC(x [, digits])}: as ROUND, but it never adds a digit. */
  static final SqlFunction TRUNCATE = ((SqlBasicFunction) SqlStdOperatorTable.TRUNCATE)
      .withReturnTypeInference(binding -> roundType(binding, true, false))
      .withOperandTypeChecker(OperandTypes.NUMERIC.or(OperandTypes.NUMERIC_INTEGER));

  /** {@code SIGN(x)}: double precision for integers and reals (PostgreSQL has sign(numeric) and sign(float8)). */
  static final SqlFunction SIGN = ((SqlBasicFunction) SqlStdOperatorTable.SIGN)
      .withReturnTypeInference(binding -> {
        RelDataType value = binding.getOperandType(0);
        RelDataTypeFactory types = binding.getTypeFactory();
        RelDataType type = value.getSqlTypeName() == SqlTypeName.DECIMAL
            ? types.createSqlType(SqlTypeName.DECIMAL, 1, 0)
            : types.createSqlType(SqlTypeName.DOUBLE);
        return types.createTypeWithNullability(type, value.isNullable());
      });

  /** The math functions PostgreSQL has for numeric as well as for double precision. */
  static final Set<String> NUMERIC_MATH = Set.of("SQRT", "EXP", "LN", "LOG10", "POWER");

  /** Digits after the point of their numeric result, at least: as many as numeric division keeps. */
  static final int NUMERIC_MATH_SCALE = 20;

  /**
   * {@code SQRT}, {@code EXP}, {@code LN}, {@code LOG10} and {@code POWER} of a numeric (with integers,
   * no real or double precision) are numeric, with {@link #NUMERIC_MATH_SCALE} digits after the point
   * or the operands' if more; otherwise double precision as {@code standard} says.
   */
  static RelDataType numericMathType(SqlOperatorBinding binding, SqlReturnTypeInference standard) {
    boolean decimal = false;
    boolean approximate = false;
    boolean nullable = false;
    int scale = NUMERIC_MATH_SCALE;
    for (int i = 0; i < binding.getOperandCount(); i++) {
      RelDataType operand = binding.getOperandType(i);
      nullable |= operand.isNullable();
      if (operand.getSqlTypeName() == SqlTypeName.DECIMAL) {
        decimal = true;
        scale = Math.max(scale, operand.getScale());
      } else if (SqlTypeUtil.isApproximateNumeric(operand)) {
        approximate = true;
      }
    }
    if (!decimal || approximate) {
      return standard.inferReturnType(binding);
    }
    RelDataTypeFactory types = binding.getTypeFactory();
    return types.createTypeWithNullability(types.createSqlType(SqlTypeName.DECIMAL,
        PgTypeSystem.MAX_DECIMAL_PRECISION, Math.min(scale, PgTypeSystem.MAX_DECIMAL_PRECISION)), nullable);
  }

  /** {@code + - * /}: real with any other number is double precision, as in PostgreSQL (Calcite: real). */
  static final SqlBinaryOperator PLUS = arithmetic(SqlStdOperatorTable.PLUS, 40);
  static final SqlBinaryOperator MINUS = arithmetic(SqlStdOperatorTable.MINUS, 40);
  static final SqlBinaryOperator MULTIPLY = arithmetic(SqlStdOperatorTable.MULTIPLY, 60);
  static final SqlBinaryOperator DIVIDE = arithmetic(SqlStdOperatorTable.DIVIDE, 60);

  /** {@code a % b}: typed as {@link #MOD}. */
  static final SqlBinaryOperator PERCENT_REMAINDER = new SqlBinaryOperator("%", SqlKind.MOD, 60, true,
      PgOperators::modType, SqlStdOperatorTable.PERCENT_REMAINDER.getOperandTypeInference(),
      SqlStdOperatorTable.PERCENT_REMAINDER.getOperandTypeChecker());

  /**
   * {@code MOD(a, b)}: of integers the wider operand's type ({@code int8 % int2} is int8; Calcite: the
   * second operand's), of numerics the larger scale and no more integer digits than either operand.
   */
  static final SqlFunction MOD = ((SqlBasicFunction) SqlStdOperatorTable.MOD).withReturnTypeInference(
      PgOperators::modType);

  private static RelDataType modType(SqlOperatorBinding binding) {
    RelDataType a = binding.getOperandType(0);
    RelDataType b = binding.getOperandType(1);
    RelDataTypeFactory types = binding.getTypeFactory();
    boolean nullable = a.isNullable() || b.isNullable();
    SqlTypeName x = a.getSqlTypeName();
    SqlTypeName y = b.getSqlTypeName();
    RelDataType type;
    if (SqlTypeName.INT_TYPES.contains(x) && SqlTypeName.INT_TYPES.contains(y)) {
      type = integerDigits(x) >= integerDigits(y) ? a : b;
    } else if ((x == SqlTypeName.DECIMAL || SqlTypeName.INT_TYPES.contains(x))
        && (y == SqlTypeName.DECIMAL || SqlTypeName.INT_TYPES.contains(y))) {
      int scale = Math.max(a.getScale(), b.getScale());
      int digits = Math.min(x == SqlTypeName.DECIMAL ? a.getPrecision() - a.getScale() : integerDigits(x),
          y == SqlTypeName.DECIMAL ? b.getPrecision() - b.getScale() : integerDigits(y));
      int precision = Math.min(PgTypeSystem.MAX_DECIMAL_PRECISION, Math.max(1, digits) + scale);
      type = types.createSqlType(SqlTypeName.DECIMAL, precision, Math.min(scale, precision));
    } else {
      return SqlStdOperatorTable.MOD.inferReturnType(binding);
    }
    return types.createTypeWithNullability(type, nullable);
  }

  /** The arithmetic operators validated as {@link #PLUS} and co., converted and implemented as the standard ones. */
  static final Map<SqlOperator, SqlOperator> STANDARD_ARITHMETIC = Map.of(PLUS, SqlStdOperatorTable.PLUS,
      MINUS, SqlStdOperatorTable.MINUS, MULTIPLY, SqlStdOperatorTable.MULTIPLY, DIVIDE, SqlStdOperatorTable.DIVIDE,
      PERCENT_REMAINDER, SqlStdOperatorTable.PERCENT_REMAINDER);

  private static SqlBinaryOperator arithmetic(SqlBinaryOperator standard, int precedence) {
    return new SqlMonotonicBinaryOperator(standard.getName(), standard.getKind(), precedence, true, binding -> {
      RelDataType a = binding.getOperandType(0);
      RelDataType b = binding.getOperandType(1);
      boolean real = a.getSqlTypeName() == SqlTypeName.REAL && SqlTypeUtil.isNumeric(b) && !isReal(b)
          || b.getSqlTypeName() == SqlTypeName.REAL && SqlTypeUtil.isNumeric(a) && !isReal(a);
      RelDataType type = standard.inferReturnType(binding);
      return real
          ? binding.getTypeFactory().createTypeWithNullability(
              binding.getTypeFactory().createSqlType(SqlTypeName.DOUBLE), type.isNullable())
          : type;
    }, standard.getOperandTypeInference(), standard.getOperandTypeChecker()) {
      /**
       * None: a transform computes one record at a time and sorts nothing, and Calcite's monotonicity reads a
       * cast of a quoted literal as the number it would be ({@code i4 * CAST('x' AS boolean)::int} failed to
       * plan instead of raising the cast's error like any failing constant expression).
       */
      @Override
      public SqlMonotonicity getMonotonicity(SqlOperatorBinding call) {
        return SqlMonotonicity.NOT_MONOTONIC;
      }
    };
  }

  private static boolean isReal(RelDataType type) {
    return type.getSqlTypeName() == SqlTypeName.REAL;
  }

  /**
   * Puts the standard arithmetic operators back into a validated statement (the nodes keep their
   * validated types), so that it converts and compiles as usual. Not yet {@code *} and {@code /}: the
   * conversion asks the select items for their monotonicity, which Calcite's {@code *} and {@code /} compute
   * from the value of a constant operand, reading the quoted text of a cast as a number (an AssertionError for
   * {@code i4 * CAST('x' AS boolean)::int}); {@link #CONVERTLETS} restores them when it converts them.
   */
  static void restoreStandardArithmetic(SqlNode validated) {
    validated.accept(new SqlBasicVisitor<Void>() {
      @Override
      public Void visit(SqlCall call) {
        SqlOperator standard = STANDARD_ARITHMETIC.get(call.getOperator());
        if (standard != null && call instanceof SqlBasicCall basic && call.getKind() != SqlKind.TIMES
            && call.getKind() != SqlKind.DIVIDE) {
          basic.setOperator(standard);
        }
        return super.visit(call);
      }
    });
  }

  /**
   * Calcite's conversion to expressions, except that arithmetic keeps the type it was validated
   * with (real with another number is double precision; Calcite's conversion would derive real).
   */
  static final SqlRexConvertletTable CONVERTLETS = call -> {
    SqlOperator pg = call.getOperator();
    SqlOperator restored = STANDARD_ARITHMETIC.get(pg);
    if (restored != null && restored != pg && call instanceof SqlBasicCall basic) {
      // (Map.get finds the standard % by equality) converted as the standard operator, then PostgreSQL's again for the monotonicity (restoreStandardArithmetic)
      basic.setOperator(restored);
      SqlRexConvertlet convertlet = PgOperators.CONVERTLETS.get(basic);
      basic.setOperator(pg);
      return (context, arithmetic) -> {
        ((SqlBasicCall) arithmetic).setOperator(restored);
        try {
          return convertlet.convertCall(context, arithmetic);
        } finally {
          ((SqlBasicCall) arithmetic).setOperator(pg);
        }
      };
    }
    SqlRexConvertlet standard = StandardConvertletTable.INSTANCE.get(call);
    if (standard != null && (call.getKind() == SqlKind.GREATEST_PG || call.getKind() == SqlKind.LEAST_PG)) {
      return new PgGreatestLeast(standard);
    }
    if (call.getOperator().getName().equals("SQRT")) {
      // not POWER(x, 0.5), which has another type for numerics
      return (context, sqrt) -> context.getRexBuilder().makeCall(context.getValidator().getValidatedNodeType(sqrt),
          sqrt.getOperator(), List.of(context.convertExpression(sqrt.operand(0))));
    }
    if (standard != null && call.getKind() == SqlKind.CAST && !SqlParserPos.ZERO.equals(call.getParserPosition())) {
      return (context, cast) -> explicitCast(standard.convertCall(context, cast), context.getRexBuilder(),
          !cast.getParserPosition().equals(cast.operand(0).getParserPosition()));
    }
    if (standard == null || !STANDARD_ARITHMETIC.containsValue(call.getOperator())) {
      return standard;
    }
    return (context, arithmetic) -> {
      RexNode converted = standard.convertCall(context, arithmetic);
      RelDataType validated = context.getValidator().getValidatedNodeTypeIfKnown(arithmetic);
      if (validated != null && converted instanceof RexCall result && SqlTypeUtil.isNumeric(validated)
          && !validated.equals(result.getType())) {
        return context.getRexBuilder().makeCall(validated, result.getOperator(), result.getOperands());
      }
      return converted;
    };
  };

  /**
   * Marks a cast to double precision of a number that the statement writes ({@code r::float8},
   * {@code CAST(i AS double precision)}), unlike the casts the validator adds to CASE and COALESCE
   * values (which have no position): such a value is double precision there ({@code COALESCE(r,
   * i::float8)} is double precision, {@code COALESCE(r, i)} real). {@link PgRexRewriter} removes the
   * mark and tells {@link PgNumericTyping#commonType} which cast it was.
   */
  static final SqlFunction EXPLICIT_FLOAT8 = new SqlFunction("PG_EXPLICIT_FLOAT8", SqlKind.OTHER_FUNCTION,
      ReturnTypes.ARG0, null, OperandTypes.ANY, SqlFunctionCategory.SYSTEM);

  /**
   * {@code converted} with the mark of an explicit cast if it is one of the casts marked; {@code written}:
   * the cast spans more than its operand, as the statement's {@code b::text} does; the validator's
   * implicit casts have their operand's position.
   */
  private static RexNode explicitCast(RexNode converted, RexBuilder rex, boolean written) {
    if (converted instanceof RexCall cast && cast.getKind() == SqlKind.CAST
        && cast.getType().getSqlTypeName() == SqlTypeName.DOUBLE
        && SqlTypeUtil.isNumeric(cast.getOperands().get(0).getType())
        && cast.getOperands().get(0).getType().getSqlTypeName() != SqlTypeName.DOUBLE) {
      return rex.makeCall(cast.getType(), EXPLICIT_FLOAT8, List.of(cast));
    }
    if (written && converted instanceof RexCall cast && cast.getKind() == SqlKind.CAST
        && cast.getType().getSqlTypeName() == SqlTypeName.DECIMAL
        && SqlTypeUtil.isIntType(cast.getOperands().get(0).getType())) {
      return rex.makeCall(cast.getType(), EXPLICIT_NUMERIC, List.of(cast));
    }
    if (written && converted instanceof RexCall cast && cast.getKind() == SqlKind.CAST
        && SqlTypeUtil.inCharFamily(cast.getType())
        && cast.getOperands().get(0).getType().getSqlTypeName() == SqlTypeName.BOOLEAN) {
      return rex.makeCall(cast.getType(), EXPLICIT_BOOL_TEXT, List.of(cast));
    }
    return converted;
  }

  /**
   * Marks a cast of a boolean to text that the statement writes ({@code b::text}): {@code true} or
   * {@code false}, also as an argument of CONCAT, which prints the booleans it converts itself as
   * {@code t} or {@code f}. {@link PgRexRewriter} removes the mark and tells {@link PgFunctionRewrites}.
   */
  static final SqlFunction EXPLICIT_BOOL_TEXT = new SqlFunction("PG_EXPLICIT_BOOL_TEXT", SqlKind.OTHER_FUNCTION,
      ReturnTypes.ARG0, null, OperandTypes.ANY, SqlFunctionCategory.SYSTEM);

  /**
   * Marks a cast of an integer to numeric that the statement writes ({@code i::numeric(5,2)}): in a CASE,
   * COALESCE, GREATEST or LEAST it keeps the digits after the point it gives, where the validator's
   * conversion of an integer value to their numeric type gives none. {@link PgRexRewriter} removes the
   * mark and tells {@link PgNumericTyping}.
   */
  static final SqlFunction EXPLICIT_NUMERIC = new SqlFunction("PG_EXPLICIT_NUMERIC", SqlKind.OTHER_FUNCTION,
      ReturnTypes.ARG0, null, OperandTypes.ANY, SqlFunctionCategory.SYSTEM);

  /** The casts of quoted literals in a validated statement ({@code CAST('x' AS date)}, {@code 'x'::numeric}). */
  static List<SqlCall> literalCasts(SqlNode validated) {
    List<SqlCall> casts = new ArrayList<>();
    validated.accept(new SqlBasicVisitor<Void>() {
      @Override
      public Void visit(SqlCall call) {
        if (call.getKind() == SqlKind.CAST && call.operand(0) instanceof SqlLiteral literal
            && literal.getTypeName().getFamily() == SqlTypeFamily.CHARACTER) {
          casts.add(call);
        }
        return super.visit(call);
      }
    });
    return casts;
  }

  /** The standard operator each of these is implemented as (by {@link PgRexRewriter} or the code generator). */
  static final Map<SqlOperator, SqlOperator> STANDARD = Map.of(EXTRACT, SqlStdOperatorTable.EXTRACT,
      FLOOR, SqlStdOperatorTable.FLOOR, CEIL, SqlStdOperatorTable.CEIL, ROUND, SqlStdOperatorTable.ROUND,
      TRUNCATE, SqlStdOperatorTable.TRUNCATE, SIGN, SqlStdOperatorTable.SIGN, MOD, SqlStdOperatorTable.MOD);

  private PgOperators() {}

  /** EXTRACT's numeric type: fractional seconds for SECOND, MILLISECOND and EPOCH of a timestamp. */
  static RelDataType extractType(TimeUnitRange unit, RelDataType source, RelDataTypeFactory types) {
    int scale = switch (unit) {
      case SECOND -> 6;
      case MILLISECOND -> 3;
      case EPOCH -> source.getSqlTypeName() == SqlTypeName.TIMESTAMP ? 6 : 0;
      default -> 0;
    };
    return types.createTypeWithNullability(types.createSqlType(SqlTypeName.DECIMAL, EXTRACT_PRECISION, scale),
        source.isNullable());
  }

  private static TimeUnitRange extractUnit(SqlOperatorBinding binding) {
    if (binding instanceof SqlCallBinding call && call.operand(0) instanceof SqlIntervalQualifier qualifier) {
      return qualifier.timeFrameName == null ? qualifier.timeUnitRange : null;
    }
    if (binding instanceof RexCallBinding call && call.operands().get(0) instanceof RexLiteral flag) {
      return flag.getValueAs(TimeUnitRange.class);
    }
    return null;
  }

  private static RelDataType roundType(SqlOperatorBinding binding, boolean truncate, boolean floor) {
    RelDataType value = binding.getOperandType(0);
    boolean nullable = value.isNullable();
    Integer digits = null;
    boolean hasDigits = !floor && binding.getOperandCount() > 1;
    if (hasDigits) {
      nullable |= binding.getOperandType(1).isNullable();
      digits = binding.isOperandLiteral(1, false) ? binding.getOperandLiteralValue(1, Integer.class) : null;
    }
    return roundType(value, hasDigits, digits, truncate, nullable, binding.getTypeFactory());
  }

  /**
   * The type PostgreSQL gives {@code round}, {@code trunc}, {@code floor} and {@code ceil} (when
   * {@code hasDigits} is false) of a value of type {@code value}: double precision for integers
   * (without digits) and floats; for numerics the scale of the digits asked for ({@code digits},
   * null when not a constant: then the value's scale), and room for the digit that rounding up adds.
   */
  static RelDataType roundType(RelDataType value, boolean hasDigits, Integer digits, boolean truncate,
      boolean nullable, RelDataTypeFactory types) {
    SqlTypeName name = value.getSqlTypeName();
    RelDataType type;
    if (SqlTypeUtil.isApproximateNumeric(value) || SqlTypeUtil.isIntType(value) && !hasDigits) {
      type = types.createSqlType(SqlTypeName.DOUBLE);
    } else if (name == SqlTypeName.DECIMAL || SqlTypeUtil.isIntType(value)) {
      int precision = name == SqlTypeName.DECIMAL ? value.getPrecision() : integerDigits(name);
      int valueScale = name == SqlTypeName.DECIMAL ? value.getScale() : 0;
      int scale = !hasDigits
          ? 0
          : digits == null
              ? valueScale
              : Math.max(0, Math.min(digits, PgTypeSystem.MAX_DECIMAL_PRECISION));
      int integerDigits = Math.max(1, precision - valueScale + (truncate ? 0 : 1));
      int total = Math.min(PgTypeSystem.MAX_DECIMAL_PRECISION, integerDigits + scale);
      type = types.createSqlType(SqlTypeName.DECIMAL, total, Math.min(scale, total));
    } else {
      return types.createTypeWithNullability(value, nullable);
    }
    return types.createTypeWithNullability(type, nullable);
  }

  /** How many digits an integer type holds. */
  static int integerDigits(SqlTypeName type) {
    return switch (type) {
      case TINYINT -> 3;
      case SMALLINT -> 5;
      case INTEGER -> 10;
      default -> 19;
    };
  }
}
