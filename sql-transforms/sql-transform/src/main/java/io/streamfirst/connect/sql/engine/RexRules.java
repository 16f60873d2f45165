// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.sql.engine;

import io.streamfirst.connect.sql.functions.PgDateTimeFunctions;
import io.streamfirst.connect.sql.functions.PgFunctions;
import io.streamfirst.connect.sql.functions.PgNumericMath;
import io.streamfirst.connect.sql.functions.PgTextFunctions;
import io.streamfirst.connect.sql.functions.SizeLimits;
import java.lang.reflect.Method;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.schema.impl.ScalarFunctionImpl;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.type.ReturnTypes;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.validate.SqlUserDefinedFunction;

/**
 * What the rewrite rules of {@link PgRexRewriter} share: the builder, {@code max.value.bytes}, calls
 * of PostgreSQL's implementations ({@link PgFunctions}, {@link PgTextFunctions},
 * {@link PgDateTimeFunctions}) and of {@link SizeLimits}, and type tests.
 */
abstract class RexRules {

  /** Operators by name (PostgreSQL implementations, size checks, evaluation-order helpers), made once. */
  static final Map<String, SqlOperator> OPERATORS = new ConcurrentHashMap<>();

  final RexBuilder rex;
  /** {@code max.value.bytes}: the largest text (characters) or binary value (bytes) a function may compute. */
  final RexNode maxValueBytes;

  RexRules(RexBuilder rex, int maxValueBytes) {
    this.rex = rex;
    this.maxValueBytes = literal(maxValueBytes);
  }

  static long minimum(SqlTypeName type) {
    return switch (type) {
      case TINYINT -> Byte.MIN_VALUE;
      case SMALLINT -> Short.MIN_VALUE;
      case INTEGER -> Integer.MIN_VALUE;
      default -> Long.MIN_VALUE;
    };
  }

  static long maximum(SqlTypeName type) {
    return switch (type) {
      case TINYINT -> Byte.MAX_VALUE;
      case SMALLINT -> Short.MAX_VALUE;
      case INTEGER -> Integer.MAX_VALUE;
      default -> Long.MAX_VALUE;
    };
  }

  // ---------------------------------------------------------------- helpers

  RexNode udf(String method, RelDataType type, RexNode... operands) {
    return udf(method, type, List.of(operands));
  }

  RexNode udf(String method, RelDataType type, List<RexNode> operands) {
    SqlOperator operator = OPERATORS.computeIfAbsent(method, name -> operator(pgFunctions(name), "PG_", name));
    return rex.makeCall(type, operator, new ArrayList<>(operands));
  }

  /** The class of PostgreSQL's implementation {@code method}: numbers and casts, text, or date and time. */
  static Class<?> pgFunctions(String method) {
    for (Class<?> owner : List.of(PgTextFunctions.class, PgDateTimeFunctions.class, PgNumericMath.class)) {
      for (Method candidate : owner.getMethods()) {
        if (candidate.getName().equals(method) && candidate.getDeclaringClass() == owner) {
          return owner;
        }
      }
    }
    return PgFunctions.class;
  }

  /** A call of {@link SizeLimits}' {@code method}. */
  RexNode sizeUdf(String method, RelDataType type, RexNode... operands) {
    SqlOperator operator = OPERATORS.computeIfAbsent("SizeLimits." + method,
        name -> operator(SizeLimits.class, "SIZE_", method));
    return rex.makeCall(type, operator, List.of(operands));
  }

  static SqlOperator operator(Class<?> owner, String prefix, String method) {
    for (Method candidate : owner.getMethods()) {
      if (candidate.getName().equals(method)) {
        return new SqlUserDefinedFunction(new SqlIdentifier(prefix + method, SqlParserPos.ZERO), SqlKind.OTHER_FUNCTION,
            ReturnTypes.ARG0, null, null, ScalarFunctionImpl.create(candidate));
      }
    }
    throw new IllegalStateException(owner.getSimpleName() + " has no method " + method);
  }

  RexNode toDouble(RexNode operand) {
    SqlTypeName type = operand.getType().getSqlTypeName();
    return type == SqlTypeName.DOUBLE
        ? operand
        : rex.makeCast(typed(SqlTypeName.DOUBLE, operand.getType().isNullable()), operand);
  }

  RexNode toDecimal(RexNode operand) {
    SqlTypeName type = operand.getType().getSqlTypeName();
    if (type == SqlTypeName.DECIMAL) {
      return operand;
    }
    int precision = type == SqlTypeName.BIGINT ? 19 : type == SqlTypeName.INTEGER ? 10 : 5;
    return rex.makeCast(decimal(precision, 0, operand.getType().isNullable()), operand);
  }

  RexNode literal(int value) {
    return rex.makeExactLiteral(BigDecimal.valueOf(value), typed(SqlTypeName.INTEGER, false));
  }

  static RelDataType typed(SqlTypeName name, boolean nullable) {
    return QueryPlanner.TYPES.createTypeWithNullability(QueryPlanner.TYPES.createSqlType(name), nullable);
  }

  static RelDataType decimal(int precision, int scale, boolean nullable) {
    return QueryPlanner.TYPES.createTypeWithNullability(
        QueryPlanner.TYPES.createSqlType(SqlTypeName.DECIMAL, precision, scale), nullable);
  }

  static boolean isInteger(SqlTypeName type) {
    return type == SqlTypeName.TINYINT || type == SqlTypeName.SMALLINT || type == SqlTypeName.INTEGER
        || type == SqlTypeName.BIGINT;
  }

  static boolean isFloat(SqlTypeName type) {
    return type == SqlTypeName.DOUBLE || type == SqlTypeName.FLOAT;
  }

  static boolean isApproximate(SqlTypeName type) {
    return isFloat(type) || type == SqlTypeName.REAL;
  }

  static boolean isNumeric(SqlTypeName type) {
    return isInteger(type) || isFloat(type) || type == SqlTypeName.REAL || type == SqlTypeName.DECIMAL;
  }

  static int rank(SqlTypeName type) {
    return switch (type) {
      case TINYINT -> 1;
      case SMALLINT -> 2;
      case INTEGER -> 3;
      default -> 4;
    };
  }
}
