// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.sql.engine;

import java.math.RoundingMode;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rel.type.RelDataTypeSystemImpl;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * Type rules closer to PostgreSQL's than Calcite's defaults: wide numerics, and CASE/COALESCE
 * over string literals of different lengths yield text rather than blank-padded CHAR.
 */
final class PgTypeSystem extends RelDataTypeSystemImpl {

  static final PgTypeSystem INSTANCE = new PgTypeSystem();
  /** Precision used for Connect decimals that do not declare one. */
  static final int MAX_DECIMAL_PRECISION = 100;

  private PgTypeSystem() {}

  @Override
  public int getMaxPrecision(SqlTypeName typeName) {
    return typeName == SqlTypeName.DECIMAL ? MAX_DECIMAL_PRECISION : super.getMaxPrecision(typeName);
  }

  /**
   * {@code timestamp} and {@code time} without a precision keep milliseconds, as Connect's
   * Timestamp and Time do (PostgreSQL: microseconds): {@code '23:59:59.5'::timestamp} keeps its fraction.
   */
  @Override
  public int getDefaultPrecision(SqlTypeName typeName) {
    return typeName == SqlTypeName.TIMESTAMP || typeName == SqlTypeName.TIME ? 3 : super.getDefaultPrecision(typeName);
  }

  @Override
  public int getMaxScale(SqlTypeName typeName) {
    return typeName == SqlTypeName.DECIMAL ? MAX_DECIMAL_PRECISION : super.getMaxScale(typeName);
  }

  /**
   * How Calcite sets a numeric scale wherever it does (folding a cast of a literal, a cast in
   * generated code): half away from zero, as PostgreSQL rounds numerics. Calcite's default
   * truncates. Decided when the statement is compiled; nothing per record.
   */
  @Override
  public RoundingMode roundingMode() {
    return RoundingMode.HALF_UP;
  }

  @Override
  public boolean shouldConvertRaggedUnionTypesToVarying() {
    return true;
  }

  /** Digits after the point of a numeric division; PostgreSQL keeps at least 16 significant digits. */
  static final int DIVISION_SCALE = 20;

  /**
   * numeric / numeric keeps {@link #DIVISION_SCALE} digits after the point (or the operands' scale
   * if larger): PostgreSQL's scale depends on the values, a Connect Decimal has one per schema.
   */
  @Override
  public RelDataType deriveDecimalDivideType(RelDataTypeFactory types, RelDataType dividend, RelDataType divisor) {
    RelDataType standard = super.deriveDecimalDivideType(types, dividend, divisor);
    if (standard == null) {
      return null;
    }
    int dividendScale = scale(dividend);
    int divisorScale = scale(divisor);
    int integerDigits = precision(dividend) - dividendScale + divisorScale;
    int scale = Math.max(DIVISION_SCALE, Math.max(dividendScale, divisorScale));
    int precision = Math.min(MAX_DECIMAL_PRECISION, integerDigits + scale);
    RelDataType type = types.createSqlType(SqlTypeName.DECIMAL, precision, Math.min(scale, precision));
    return types.createTypeWithNullability(type, standard.isNullable());
  }

  private static int scale(RelDataType type) {
    return type.getSqlTypeName() == SqlTypeName.DECIMAL ? type.getScale() : 0;
  }

  private static int precision(RelDataType type) {
    return switch (type.getSqlTypeName()) {
      case DECIMAL -> type.getPrecision();
      case BIGINT -> 19;
      case INTEGER -> 10;
      case SMALLINT -> 5;
      default -> 3;
    };
  }
}
