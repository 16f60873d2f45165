// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.sql.engine;

import java.lang.reflect.Method;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import org.apache.calcite.linq4j.tree.BinaryExpression;
import org.apache.calcite.linq4j.tree.ConstantExpression;
import org.apache.calcite.linq4j.tree.Expression;
import org.apache.calcite.linq4j.tree.ExpressionType;
import org.apache.calcite.linq4j.tree.Expressions;
import org.apache.calcite.linq4j.tree.MethodCallExpression;
import org.apache.calcite.linq4j.tree.Primitive;
import org.apache.calcite.linq4j.tree.Shuttle;
import org.apache.calcite.linq4j.tree.TernaryExpression;
import org.apache.calcite.runtime.SqlFunctions;

/**
 * The checked DECIMAL cast of generated programs (every DECIMAL arithmetic result passes through
 * one), made cheaper: Calcite's {@code Primitive.decimalDecimalCast} strips trailing zeros and
 * rescales on each call, and its translator evaluates it twice per nullable result column.
 * {@link #cast} gives the same value and the same error in one rescale; {@link #SHUTTLE} rewrites
 * generated code to call it once. Public because generated classes live in another class loader.
 */
public final class CheckedDecimalCasts {

  private static final Method CALCITE_CAST = method(Primitive.class, "decimalDecimalCast", BigDecimal.class,
      int.class, int.class, RoundingMode.class);
  private static final Method CAST = method(CheckedDecimalCasts.class, "cast", BigDecimal.class, int.class,
      int.class, RoundingMode.class);
  private static final Method TO_BIG_DECIMAL = method(SqlFunctions.class, "toBigDecimal", Object.class);

  /** Rewrites calls of Calcite's checked cast to {@link #cast}, and drops the re-evaluation around them. */
  static final Shuttle SHUTTLE = new Shuttle() {
    @Override
    public Expression visit(MethodCallExpression call, Expression target, List<Expression> arguments) {
      if (CALCITE_CAST.equals(call.method)) {
        return Expressions.call(CAST, arguments);
      }
      return super.visit(call, target, arguments);
    }

    @Override
    public Expression visit(TernaryExpression ternary, Expression test, Expression ifTrue, Expression ifFalse) {
      // "c == null ? null : SqlFunctions.toBigDecimal(c)" is just c when c is our cast, which returns a BigDecimal
      if (ternary.getNodeType() == ExpressionType.Conditional && isNull(ifTrue)
          && test instanceof BinaryExpression equal && equal.getNodeType() == ExpressionType.Equal
          && isNull(equal.expression1) && equal.expression0 instanceof MethodCallExpression cast
          && CAST.equals(cast.method) && ifFalse instanceof MethodCallExpression convert
          && TO_BIG_DECIMAL.equals(convert.method) && convert.expressions.equals(List.of(cast))) {
        return cast;
      }
      return super.visit(ternary, test, ifTrue, ifFalse);
    }
  };

  private CheckedDecimalCasts() {}

  /**
   * {@code value} rounded to {@code scale} digits after the point, failing when it then needs more
   * than {@code precision} digits; the same result and message as Calcite's checked cast.
   */
  public static BigDecimal cast(BigDecimal value, int precision, int scale, RoundingMode rounding) {
    if (value == null) {
      return null;
    }
    BigDecimal scaled = value.setScale(scale, rounding);
    if (scaled.precision() > precision) {
      throw new ArithmeticException("Value" + value + " cannot be represented as a DECIMAL(" + precision + ","
          + scale + ")");
    }
    return scale < 0 ? new BigDecimal(scaled.toPlainString()) : scaled;
  }

  private static boolean isNull(Expression expression) {
    return expression instanceof ConstantExpression constant && constant.value == null;
  }

  private static Method method(Class<?> owner, String name, Class<?>... parameters) {
    try {
      return owner.getMethod(name, parameters);
    } catch (NoSuchMethodException e) {
      throw new IllegalStateException("Calcite runtime method " + owner.getSimpleName() + "." + name + " not found", e);
    }
  }
}
