// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.sql.engine;

import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.type.SqlTypeUtil;

/**
 * The expression builder of every plan. Calcite folds a cast of a literal with one rounding mode
 * for every source type; PostgreSQL rounds a double precision or real half to even when it casts
 * it to an integer, keeps 15 (real: 6) significant digits when it casts it to numeric, and raises
 * when a double precision does not fit a real. Those casts are left to {@link PgRexRewriter}
 * (constants are evaluated when the statement is planned: {@link PgConstantFolder}).
 */
final class PgRexBuilder extends RexBuilder {

  PgRexBuilder() {
    super(QueryPlanner.TYPES);
  }

  @Override
  public RexNode makeCast(SqlParserPos pos, RelDataType type, RexNode exp, boolean matchNullability, boolean safe,
      RexLiteral format) {
    if (exp instanceof RexLiteral literal && !literal.isNull() && SqlTypeUtil.isApproximateNumeric(literal.getType())
        && (SqlTypeUtil.isExactNumeric(type) || type.getSqlTypeName() == SqlTypeName.REAL)) {
      return makeAbstractCast(pos, type, exp, safe, format);
    }
    if (exp instanceof RexLiteral literal && literal.isNull() && literal.getType().getSqlTypeName() == SqlTypeName.REAL
        && type.getSqlTypeName() == SqlTypeName.DOUBLE) {
      // NULL::real widened to double precision next to a numeric: kept as a cast, so that PgNumericTyping.commonType
      // sees the real (CASE WHEN b THEN n ELSE NULL::real END is real, as in PostgreSQL)
      return makeAbstractCast(pos, type, exp, safe, format);
    }
    return super.makeCast(pos, type, exp, matchNullability, safe, format);
  }
}
