// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.sql.engine;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.sql.SqlBasicTypeNameSpec;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlDataTypeSpec;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.type.SqlTypeUtil;
import org.apache.calcite.sql.util.SqlBasicVisitor;
import org.apache.calcite.sql.validate.SqlValidator;

/**
 * Gives each cast to {@code numeric} without a modifier the scale its value gets, so that every
 * expression over it is validated with that type: a numeric keeps its scale, an integer has none,
 * double precision, real and text get {@link PgRexRewriter#UNCONSTRAINED_SCALE} digits. (Typed
 * {@code numeric(100, 0)} instead, {@code n::numeric = 2.5} would compare rounded values.) The
 * scale depends on the operand's validated type, so the statement is validated once more with the
 * scales spelled out, until they no longer change.
 */
final class UnconstrainedNumerics {

  private UnconstrainedNumerics() {}

  /**
   * The scale each cast to numeric without a modifier in {@code validated} gets, by the cast's
   * position in the statement text; {@code known} are positions typed so in an earlier round.
   */
  static Map<SqlParserPos, Integer> scales(SqlNode validated, SqlValidator validator, Set<SqlParserPos> known) {
    Map<SqlParserPos, Integer> scales = new LinkedHashMap<>();
    validated.accept(new SqlBasicVisitor<Void>() {
      @Override
      public Void visit(SqlCall call) {
        if (call.getKind() == SqlKind.CAST && call.operandCount() >= 2
            && call.operand(1) instanceof SqlDataTypeSpec spec && (unconstrained(spec)
                || known.contains(call.getParserPosition()))) {
          RelDataType operand = validator.getValidatedNodeTypeIfKnown(call.operand(0));
          scales.put(call.getParserPosition(), scale(operand));
        }
        return super.visit(call);
      }
    });
    return scales;
  }

  /** Spells out the scales in a fresh (not yet validated) statement. */
  static void apply(SqlSelect select, Map<SqlParserPos, Integer> scales) {
    select.accept(new SqlBasicVisitor<Void>() {
      @Override
      public Void visit(SqlCall call) {
        Integer scale = call.getKind() == SqlKind.CAST ? scales.get(call.getParserPosition()) : null;
        if (scale != null && call.operand(1) instanceof SqlDataTypeSpec spec) {
          SqlParserPos pos = spec.getParserPosition();
          call.setOperand(1, new SqlDataTypeSpec(new SqlBasicTypeNameSpec(SqlTypeName.DECIMAL,
              PgTypeSystem.MAX_DECIMAL_PRECISION, scale, pos), pos));
        }
        return super.visit(call);
      }
    });
  }

  private static boolean unconstrained(SqlDataTypeSpec spec) {
    return spec.getTypeNameSpec() instanceof SqlBasicTypeNameSpec basic
        && basic.getTypeName().getSimple().equalsIgnoreCase(SqlTypeName.DECIMAL.name())
        && basic.getPrecision() == RelDataType.PRECISION_NOT_SPECIFIED;
  }

  private static int scale(RelDataType operand) {
    if (operand == null) {
      return 0;
    }
    if (operand.getSqlTypeName() == SqlTypeName.DECIMAL) {
      return operand.getScale();
    }
    return SqlTypeUtil.isApproximateNumeric(operand) || SqlTypeUtil.inCharFamily(operand)
        ? PgRexRewriter.UNCONSTRAINED_SCALE
        : 0;
  }
}
