// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.sql.engine;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Locale;
import io.streamfirst.connect.sql.functions.PgFunctions;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.sql.SqlBasicTypeNameSpec;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlDataTypeSpec;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNumericLiteral;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * Parse-time rewrites that give literals, LIKE and a few function names their PostgreSQL meaning
 * (Calcite folds casts of literals before {@link PgRexRewriter} sees them).
 */
final class PgLiterals {

  private PgLiterals() {}

  /** {@code 1e3} is a numeric in PostgreSQL (1000), a double in Calcite. */
  static SqlNode exactNumeric(SqlLiteral literal) {
    if (literal instanceof SqlNumericLiteral number && !number.isExact()) {
      BigDecimal value = number.getValueAs(BigDecimal.class);
      int digits = Math.max(value.precision() - value.scale(), 1) + Math.max(value.scale(), 0);
      if (digits < PgTypeSystem.MAX_DECIMAL_PRECISION) {
        // A literal without a fraction would be typed as an integer: keep one digit after the point.
        BigDecimal numeric = value.scale() > 0 ? value : value.setScale(1);
        return SqlLiteral.createExactNumeric(numeric.toPlainString(), literal.getParserPosition());
      }
    }
    return literal;
  }

  /** PostgreSQL's LIKE escapes with a backslash unless told otherwise. */
  static SqlCall withDefaultEscape(SqlCall like) {
    if (like.operandCount() != 2) {
      return like;
    }
    SqlParserPos pos = like.getParserPosition();
    return like.getOperator().createCall(like.getFunctionQuantifier(), pos, like.operand(0), like.operand(1),
        SqlLiteral.createCharString("\\", pos));
  }

  /**
   * Casts of literals that Calcite would fold with its own rules: numbers to integers round half
   * away from zero ({@code 0.5::int = 1}); numbers and booleans to text print as PostgreSQL does;
   * booleans to integer are 1 and 0.
   */
  static SqlCall foldLiteralCast(SqlCall cast) {
    if (!(cast.operand(1) instanceof SqlDataTypeSpec spec)
        || !(spec.getTypeNameSpec() instanceof SqlBasicTypeNameSpec basic)) {
      return cast;
    }
    SqlTypeName target = SqlTypeName.get(basic.getTypeName().getSimple().toUpperCase(Locale.ROOT));
    SqlNode operand = cast.operand(0);
    SqlParserPos pos = operand.getParserPosition();
    SqlNode folded = null;
    if (SqlTypeName.CHAR_TYPES.contains(target) && operand instanceof SqlCall inner && inner.getKind() == SqlKind.CAST
        && inner.operand(0) instanceof SqlNumericLiteral number && inner.operand(1) instanceof SqlDataTypeSpec type) {
      // 2.5::float8::text: the text of the double, not of the folded literal
      String name = type.getTypeName().getSimple().toUpperCase(Locale.ROOT);
      BigDecimal value = number.getValueAs(BigDecimal.class);
      if (name.equals("DOUBLE") || name.equals("REAL")) {
        String text = name.equals("DOUBLE")
            ? PgFunctions.float8Text(value.doubleValue())
            : PgFunctions.float4Text(value.floatValue());
        folded = SqlLiteral.createCharString(text, pos);
      }
    } else if (target == SqlTypeName.DECIMAL && basic.getPrecision() == RelDataType.PRECISION_NOT_SPECIFIED
        && exactValue(operand) != null) {
      // 2.5::numeric and '2.5'::numeric keep their scale (Calcite would fold them to DECIMAL(p, 0))
      BigDecimal value = exactValue(operand);
      SqlNode literal = SqlLiteral.createExactNumeric(value.toPlainString(), pos);
      SqlDataTypeSpec exact = new SqlDataTypeSpec(new SqlBasicTypeNameSpec(SqlTypeName.DECIMAL,
          PgTypeSystem.MAX_DECIMAL_PRECISION, Math.max(value.scale(), 0), spec.getParserPosition()),
          spec.getParserPosition());
      return cast.getOperator().createCall(cast.getFunctionQuantifier(), cast.getParserPosition(),
          value.scale() > 0 ? literal : operand, exact);
    } else if (target == SqlTypeName.DECIMAL && basic.getScale() >= 0 && operand instanceof SqlNumericLiteral number
        && number.isExact() && number.getValueAs(BigDecimal.class).scale() > basic.getScale()) {
      // 1.25::numeric(6,1) is 1.3: round half away from zero (Calcite would fold it half to even)
      BigDecimal value = number.getValueAs(BigDecimal.class).setScale(basic.getScale(), RoundingMode.HALF_UP);
      folded = SqlLiteral.createExactNumeric(value.toPlainString(), pos);
    } else if (operand instanceof SqlNumericLiteral number && number.getValueAs(BigDecimal.class) != null) {
      BigDecimal value = number.getValueAs(BigDecimal.class);
      if (SqlTypeName.INT_TYPES.contains(target) && value.scale() > 0) {
        folded = SqlLiteral.createExactNumeric(value.setScale(0, RoundingMode.HALF_UP).toPlainString(), pos);
      } else if (SqlTypeName.CHAR_TYPES.contains(target) && number.isExact()) {
        folded = SqlLiteral.createCharString(value.toPlainString(), pos);
      }
    } else if (operand instanceof SqlLiteral literal && literal.getValue() instanceof Boolean bool
        && SqlTypeName.CHAR_TYPES.contains(target)) {
      folded = SqlLiteral.createCharString(bool ? "true" : "false", pos);
    } else if (target == SqlTypeName.INTEGER && booleanValue(operand) != null) {
      // true::int is 1 (Calcite's planner reads a cast literal in arithmetic as a number: i * false::int)
      folded = SqlLiteral.createExactNumeric(booleanValue(operand) ? "1" : "0", pos);
    }
    if (folded == null) {
      return cast;
    }
    return cast.getOperator().createCall(cast.getFunctionQuantifier(), cast.getParserPosition(),
        List.of(folded, spec).toArray(new SqlNode[0]));
  }

  /**
   * Numeric and boolean literals concatenated with {@code ||} print as PostgreSQL prints them
   * ({@code 0.0 || '!'} is {@code 0.0!}); Calcite would fold its own text ({@code .0!}).
   */
  static SqlCall concatLiterals(SqlCall concat) {
    List<SqlNode> operands = new java.util.ArrayList<>(concat.getOperandList());
    boolean changed = false;
    for (int i = 0; i < operands.size(); i++) {
      SqlNode operand = operands.get(i);
      SqlParserPos pos = operand.getParserPosition();
      if (operand instanceof SqlNumericLiteral number && number.isExact()) {
        operands.set(i, SqlLiteral.createCharString(number.getValueAs(BigDecimal.class).toPlainString(), pos));
        changed = true;
      } else if (operand instanceof SqlLiteral literal && literal.getValue() instanceof Boolean bool) {
        operands.set(i, SqlLiteral.createCharString(bool ? "true" : "false", pos));
        changed = true;
      }
    }
    return changed
        ? concat.getOperator().createCall(concat.getFunctionQuantifier(), concat.getParserPosition(),
            operands.toArray(new SqlNode[0]))
        : concat;
  }

  /**
   * The value of a boolean literal, or of a text literal cast to boolean that PostgreSQL reads as one
   * ({@code 't'::boolean}); else null.
   */
  private static Boolean booleanValue(SqlNode node) {
    if (node instanceof SqlLiteral literal && literal.getValue() instanceof Boolean bool) {
      return bool;
    }
    if (node instanceof SqlCall cast && cast.getKind() == SqlKind.CAST
        && cast.operand(1) instanceof SqlDataTypeSpec type
        && type.getTypeName().getSimple().equalsIgnoreCase("BOOLEAN") && cast.operand(0) instanceof SqlLiteral literal
        && SqlTypeName.CHAR_TYPES.contains(literal.getTypeName())) {
      try {
        return PgFunctions.textToBool(literal.getValueAs(String.class));
      } catch (IllegalArgumentException e) {
        return null; // raises when the statement is planned, as PostgreSQL rejects it
      }
    }
    return null;
  }

  /** The value of an exact numeric literal, or of a text literal that holds a number; else null. */
  private static BigDecimal exactValue(SqlNode node) {
    if (node instanceof SqlNumericLiteral number) {
      return number.isExact() ? number.getValueAs(BigDecimal.class) : null;
    }
    if (node instanceof SqlLiteral literal && SqlTypeName.CHAR_TYPES.contains(literal.getTypeName())) {
      try {
        return new BigDecimal(literal.getValueAs(String.class).strip());
      } catch (NumberFormatException e) {
        return null;
      }
    }
    return null;
  }

  /** PostgreSQL function names that Calcite spells differently. */
  static String functionName(String upper) {
    return "TRUNC".equals(upper) ? "TRUNCATE" : upper;
  }
}
