// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.sql.engine;

import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.type.SqlTypeFamily;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * Casts as PostgreSQL 17 computes them ({@link PgRexRewriter}): to integers rounding, to numeric
 * rounding half away from zero and raising on overflow, from text as PostgreSQL reads it, and to
 * text as PostgreSQL prints numbers, booleans and timestamps.
 */
final class PgCasts extends RexRules {

  PgCasts(RexBuilder rex, int maxValueBytes) {
    super(rex, maxValueBytes);
  }

  // ---------------------------------------------------------------- casts

  RexNode cast(RexCall call, RexNode operand, RelDataType target) {
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
        return udf("int8ToInt" + width, typed(to, nullable),
            rex.makeCast(typed(SqlTypeName.BIGINT, nullable), operand));
      }
      if (to != SqlTypeName.TINYINT && SqlTypeFamily.CHARACTER.contains(operand.getType())) {
        // PostgreSQL's integer input (Calcite's reads some timestamps' text as epoch milliseconds)
        return udf("textToInt" + width, typed(to, nullable), operand);
      }
      return call;
    }
    if (to == SqlTypeName.DECIMAL) {
      return numericCast(call, operand, target, nullable);
    }
    if (to == SqlTypeName.REAL && isFloat(from)) {
      return udf("float8ToFloat4", typed(to, nullable), operand);
    }
    if (to == SqlTypeName.REAL && from == SqlTypeName.DECIMAL) {
      // a numeric beyond real's range raises, also one too close to zero (PostgreSQL: out of range); every numeric
      // of at most 100 digits is within double precision's
      return udf("numericToFloat4", typed(to, nullable), operand);
    }
    if ((to == SqlTypeName.REAL || isFloat(to)) && SqlTypeFamily.CHARACTER.contains(operand.getType())) {
      // PostgreSQL's float input: no Java suffixes ('7f'), out of range raises
      return udf(to == SqlTypeName.REAL ? "textToFloat4" : "textToFloat8", typed(to, nullable), operand);
    }
    if (to == SqlTypeName.BOOLEAN && SqlTypeFamily.CHARACTER.contains(operand.getType())) {
      return udf("textToBool", typed(to, nullable), operand);
    }
    if ((to == SqlTypeName.TIMESTAMP || to == SqlTypeName.DATE)
        && SqlTypeFamily.CHARACTER.contains(operand.getType())) {
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
              target.getCharset(), target.getCollation()),
          nullable);
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
      scale = PgRexRewriter.UNCONSTRAINED_SCALE;
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
}
