package io.streamfirst.connect.sql.engine;

import java.util.Map;
import org.apache.calcite.avatica.util.TimeUnitRange;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rex.RexCallBinding;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.sql.SqlBasicFunction;
import org.apache.calcite.sql.SqlCallBinding;
import org.apache.calcite.sql.SqlFunction;
import org.apache.calcite.sql.SqlIntervalQualifier;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlOperatorBinding;
import org.apache.calcite.sql.fun.SqlExtractFunction;
import org.apache.calcite.sql.fun.SqlFloorFunction;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.type.SqlTypeUtil;

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

  /** {@code ROUND(x [, digits])}. */
  static final SqlFunction ROUND = ((SqlBasicFunction) SqlStdOperatorTable.ROUND)
      .withReturnTypeInference(binding -> roundType(binding, false, false));

  /** {@code TRUNC(x [, digits])}: as ROUND, but it never adds a digit. */
  static final SqlFunction TRUNCATE = ((SqlBasicFunction) SqlStdOperatorTable.TRUNCATE)
      .withReturnTypeInference(binding -> roundType(binding, true, false));

  /** The standard operator each of these is implemented as (by {@link PgRexRewriter} or the code generator). */
  static final Map<SqlOperator, SqlOperator> STANDARD = Map.of(EXTRACT, SqlStdOperatorTable.EXTRACT,
      FLOOR, SqlStdOperatorTable.FLOOR, CEIL, SqlStdOperatorTable.CEIL, ROUND, SqlStdOperatorTable.ROUND,
      TRUNCATE, SqlStdOperatorTable.TRUNCATE);

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
      int scale = !hasDigits ? 0 : digits == null ? valueScale
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
