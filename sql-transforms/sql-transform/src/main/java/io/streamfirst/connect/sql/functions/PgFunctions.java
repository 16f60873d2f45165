// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.sql.functions;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.Locale;
import org.apache.calcite.linq4j.function.Strict;

/**
 * Implementations with PostgreSQL 17 semantics for numbers and casts where Calcite's differ: casts
 * that round, float arithmetic that raises instead of returning Infinity or NaN, text output of
 * numbers and booleans, and the math functions. Text functions are in {@link PgTextFunctions}, date
 * and time functions in {@link PgDateTimeFunctions}. Called by generated code (hence public); a NULL
 * argument yields NULL without a call.
 */
@Strict
public final class PgFunctions {

  private PgFunctions() {}

  // ---------------------------------------------------------------- casts to integers

  /** {@code float8::int2}: rounds half to even, as PostgreSQL's rint(). */
  public static short float8ToInt2(double value) {
    return (short) checkRange(Math.rint(value), Short.MIN_VALUE, Short.MAX_VALUE, "smallint");
  }

  public static int float8ToInt4(double value) {
    return (int) checkRange(Math.rint(value), Integer.MIN_VALUE, Integer.MAX_VALUE, "integer");
  }

  public static long float8ToInt8(double value) {
    double rounded = Math.rint(value);
    // 2^63 is the first double above Long.MAX_VALUE; -2^63 is exact.
    if (Double.isNaN(rounded) || rounded >= 0x1p63 || rounded < -0x1p63) {
      throw outOfRange("bigint");
    }
    return (long) rounded;
  }

  /** {@code numeric::int2}: rounds half away from zero. */
  public static short numericToInt2(BigDecimal value) {
    return (short) checkRange(value.setScale(0, RoundingMode.HALF_UP), Short.MIN_VALUE, Short.MAX_VALUE, "smallint");
  }

  public static int numericToInt4(BigDecimal value) {
    return (int) checkRange(value.setScale(0, RoundingMode.HALF_UP), Integer.MIN_VALUE, Integer.MAX_VALUE, "integer");
  }

  public static long numericToInt8(BigDecimal value) {
    return checkRange(value.setScale(0, RoundingMode.HALF_UP), Long.MIN_VALUE, Long.MAX_VALUE, "bigint");
  }

  public static short int8ToInt2(long value) {
    return (short) checkRange(value, Short.MIN_VALUE, Short.MAX_VALUE, "smallint");
  }

  public static int int8ToInt4(long value) {
    return (int) checkRange(value, Integer.MIN_VALUE, Integer.MAX_VALUE, "integer");
  }

  private static long checkRange(double value, long min, long max, String type) {
    if (Double.isNaN(value) || value < min || value > max) {
      throw outOfRange(type);
    }
    return (long) value;
  }

  private static long checkRange(BigDecimal value, long min, long max, String type) {
    if (value.compareTo(BigDecimal.valueOf(min)) < 0 || value.compareTo(BigDecimal.valueOf(max)) > 0) {
      throw outOfRange(type);
    }
    return value.longValueExact();
  }

  private static long checkRange(long value, long min, long max, String type) {
    if (value < min || value > max) {
      throw outOfRange(type);
    }
    return value;
  }

  private static ArithmeticException outOfRange(String type) {
    return new ArithmeticException(type + " out of range (overflow)");
  }

  // ---------------------------------------------------------------- casts to numeric

  /**
   * {@code x::numeric(p,s)}: rounds half away from zero; too many integer digits raise. Values far
   * out of range (text such as {@code 1e99999999}) are decided from their digits and exponent,
   * without building the number at the target scale, which would take memory and time in
   * proportion to the exponent.
   */
  public static BigDecimal toNumeric(BigDecimal value, int precision, int scale) {
    if (value.signum() != 0 && (long) value.precision() - value.scale() > precision - scale) {
      throw new ArithmeticException("numeric field overflow");
    }
    if ((long) value.scale() - scale > value.precision()) {
      return BigDecimal.ZERO.setScale(scale); // below half a unit of the last digit kept
    }
    BigDecimal rounded = value.setScale(scale, RoundingMode.HALF_UP);
    if (rounded.precision() - rounded.scale() > precision - scale && rounded.signum() != 0) {
      throw new ArithmeticException("numeric field overflow");
    }
    return rounded;
  }

  /** {@code float8::numeric}: PostgreSQL keeps 15 significant digits (DBL_DIG). */
  public static BigDecimal float8ToNumeric(double value, int precision, int scale) {
    if (Double.isNaN(value) || Double.isInfinite(value)) {
      throw new ArithmeticException("cannot convert NaN or Infinity to numeric (overflow)");
    }
    return toNumeric(new BigDecimal(value).round(new MathContext(15, RoundingMode.HALF_EVEN)), precision, scale);
  }

  /** {@code float4::numeric}: 6 significant digits (FLT_DIG). */
  public static BigDecimal float4ToNumeric(float value, int precision, int scale) {
    if (Float.isNaN(value) || Float.isInfinite(value)) {
      throw new ArithmeticException("cannot convert NaN or Infinity to numeric (overflow)");
    }
    return toNumeric(new BigDecimal(value).round(new MathContext(6, RoundingMode.HALF_EVEN)), precision, scale);
  }

  /** {@code text::numeric}: surrounding whitespace allowed, as in PostgreSQL. */
  public static BigDecimal textToNumeric(String value, int precision, int scale) {
    return toNumeric(new BigDecimal(value.strip()), precision, scale);
  }

  /**
   * An integer converted to a numeric next to numerics with digits after the point (a CASE, COALESCE,
   * GREATEST or LEAST of both): PostgreSQL's value has none ({@code CASE ... THEN n ELSE i END} prints 7,
   * not 7.00), whatever scale the common type has.
   */
  public static BigDecimal integerToNumeric(long value) {
    return BigDecimal.valueOf(value);
  }

  /** {@code numeric::float4}: the nearest real; a value beyond its range or too close to zero raises. */
  public static float numericToFloat4(BigDecimal value) {
    float result = value.floatValue();
    if (Float.isInfinite(result) || result == 0 && value.signum() != 0) {
      throw new ArithmeticException("value out of range for type real (overflow)");
    }
    return result;
  }

  /**
   * PostgreSQL's order of double precision values: -1, 0 or 1 as {@code a} is below, equal to or
   * above {@code b}; NaN is equal to NaN and above every other value, -0 is equal to 0.
   */
  public static int float8Cmp(double a, double b) {
    if (Double.isNaN(a)) {
      return Double.isNaN(b) ? 0 : 1;
    }
    if (Double.isNaN(b)) {
      return -1;
    }
    return a > b ? 1 : a < b ? -1 : 0;
  }

  /** {@code sign(float8)}: -1, 0 or 1; a zero's sign is 0, also for -0 (Java's signum keeps -0). */
  public static double signFloat8(double value) {
    // NaN is neither above nor below zero: 0, as PostgreSQL's sign(float8)
    return value == 0 || Double.isNaN(value) ? 0.0 : Math.signum(value);
  }

  /** {@code trunc(float8)}: toward zero; -0, Infinity and NaN stay as they are. */
  public static double truncFloat8(double value) {
    return value < 0 ? Math.ceil(value) : Math.floor(value);
  }

  /** {@code float8::float4}: out of range raises instead of becoming Infinity or 0. */
  public static float float8ToFloat4(double value) {
    float result = (float) value;
    if (Float.isInfinite(result) && !Double.isInfinite(value)) {
      throw new ArithmeticException("value out of range: overflow");
    }
    if (result == 0 && value != 0) {
      throw new ArithmeticException("value out of range: underflow");
    }
    return result;
  }

  /**
   * {@code text::boolean}: {@code t}/{@code true}/{@code yes}/{@code on}/{@code 1} and their
   * opposites, any case, unique prefixes, surrounding whitespace allowed; anything else raises.
   */
  public static boolean textToBool(String text) {
    String value = text.strip().toLowerCase(Locale.ROOT);
    if (!value.isEmpty()) {
      if ("true".startsWith(value) || "yes".startsWith(value) || value.equals("on") || value.equals("1")) {
        return true;
      }
      if ("false".startsWith(value) || "no".startsWith(value) || value.equals("off") || value.equals("of")
          || value.equals("0")) {
        return false;
      }
    }
    throw new IllegalArgumentException("invalid input syntax for type boolean");
  }

  // ---------------------------------------------------------------- text output

  /** {@code numeric::text}: every digit of the scale, no exponent ({@code 0.00}). */
  public static String numericText(BigDecimal value) {
    return value.toPlainString();
  }

  public static String boolText(boolean value) {
    return value ? "true" : "false";
  }

  /** A boolean as concat() and format() print it: {@code t} or {@code f}. */
  public static String boolOut(boolean value) {
    return value ? "t" : "f";
  }

  /** {@code float8::text}: the shortest exact digits; exponent form below 1e-4 and from 1e15. */
  public static String float8Text(double value) {
    if (Double.isNaN(value) || Double.isInfinite(value) || value == 0) {
      return specialText(value);
    }
    BigDecimal exact = new BigDecimal(value);
    return decimalText(shortest(exact, Math.nextDown(value), Math.nextUp(value), 17), 15);
  }

  /** {@code float4::text}: the shortest exact digits; exponent form below 1e-4 and from 1e6. */
  public static String float4Text(float value) {
    if (Float.isNaN(value) || Float.isInfinite(value) || value == 0) {
      return specialText(value);
    }
    BigDecimal exact = new BigDecimal(value);
    return decimalText(shortest(exact, Math.nextDown(value), Math.nextUp(value), 9), 6);
  }

  /**
   * The fewest significant digits that read back as the value (its neighbours {@code down} and {@code up}),
   * closest to it, as PostgreSQL's
   * shortest-digits output picks them: a decimal strictly between the midpoints to the neighbouring
   * values, never on one ({@code 76245776::float4} prints {@code 7.6245776e+07}, not {@code 7.624578e+07},
   * which reads back as the same value).
   */
  private static BigDecimal shortest(BigDecimal exact, double down, double up, int maxDigits) {
    // beyond the largest value, the interval is as wide as on the other side
    BigDecimal half = BigDecimal.valueOf(2);
    BigDecimal low = Double.isInfinite(down) ? null : exact.add(new BigDecimal(down)).divide(half);
    BigDecimal high = Double.isInfinite(up) ? null : exact.add(new BigDecimal(up)).divide(half);
    low = low != null ? low : exact.subtract(high.subtract(exact));
    high = high != null ? high : exact.add(exact.subtract(low));
    for (int digits = 1; digits < maxDigits; digits++) {
      BigDecimal best = null;
      for (RoundingMode mode : new RoundingMode[]{RoundingMode.HALF_EVEN, RoundingMode.FLOOR, RoundingMode.CEILING}) {
        BigDecimal candidate = exact.round(new MathContext(digits, mode));
        boolean inside = candidate.compareTo(low) > 0 && candidate.compareTo(high) < 0;
        if (inside && (best == null
            || candidate.subtract(exact).abs().compareTo(best.subtract(exact).abs()) < 0)) {
          best = candidate;
        }
      }
      if (best != null) {
        return best;
      }
    }
    return exact.round(new MathContext(maxDigits, RoundingMode.HALF_EVEN));
  }

  private static String specialText(double value) {
    if (Double.isNaN(value)) {
      return "NaN";
    }
    if (Double.isInfinite(value)) {
      return value > 0 ? "Infinity" : "-Infinity";
    }
    return 1 / value < 0 ? "-0" : "0";
  }

  private static String decimalText(BigDecimal value, int exponentFrom) {
    BigDecimal stripped = value.stripTrailingZeros();
    String digits = stripped.unscaledValue().abs().toString();
    int exponent = digits.length() - 1 - stripped.scale();
    String sign = stripped.signum() < 0 ? "-" : "";
    if (exponent >= -4 && exponent < exponentFrom) {
      return sign + stripped.abs().toPlainString();
    }
    String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
    int magnitude = Math.abs(exponent);
    return sign + mantissa + "e" + (exponent < 0 ? "-" : "+") + (magnitude < 10 ? "0" : "") + magnitude;
  }

  // ---------------------------------------------------------------- float arithmetic

  public static double float8Plus(double a, double b) {
    return checkFloat8(a + b, Double.isInfinite(a) || Double.isInfinite(b), true);
  }

  public static double float8Minus(double a, double b) {
    return checkFloat8(a - b, Double.isInfinite(a) || Double.isInfinite(b), true);
  }

  public static double float8Times(double a, double b) {
    return checkFloat8(a * b, Double.isInfinite(a) || Double.isInfinite(b), a == 0 || b == 0);
  }

  /** Division by zero raises, as in PostgreSQL (Java would return Infinity or NaN). */
  public static double float8Divide(double a, double b) {
    if (b == 0 && !Double.isNaN(a)) {
      throw new ArithmeticException("division by zero");
    }
    return checkFloat8(a / b, Double.isInfinite(a), a == 0 || Double.isInfinite(b));
  }

  public static float float4Plus(float a, float b) {
    return checkFloat4(a + b, Float.isInfinite(a) || Float.isInfinite(b), true);
  }

  public static float float4Minus(float a, float b) {
    return checkFloat4(a - b, Float.isInfinite(a) || Float.isInfinite(b), true);
  }

  public static float float4Times(float a, float b) {
    return checkFloat4(a * b, Float.isInfinite(a) || Float.isInfinite(b), a == 0 || b == 0);
  }

  public static float float4Divide(float a, float b) {
    if (b == 0 && !Float.isNaN(a)) {
      throw new ArithmeticException("division by zero");
    }
    return checkFloat4(a / b, Float.isInfinite(a), a == 0 || Float.isInfinite(b));
  }

  /** PostgreSQL's float_overflow_error and float_underflow_error. */
  private static double checkFloat8(double result, boolean infiniteInput, boolean zeroAllowed) {
    if (Double.isInfinite(result) && !infiniteInput) {
      throw new ArithmeticException("value out of range: overflow");
    }
    if (result == 0 && !zeroAllowed) {
      throw new ArithmeticException("value out of range: underflow");
    }
    return result;
  }

  private static float checkFloat4(float result, boolean infiniteInput, boolean zeroAllowed) {
    if (Float.isInfinite(result) && !infiniteInput) {
      throw new ArithmeticException("value out of range: overflow");
    }
    if (result == 0 && !zeroAllowed) {
      throw new ArithmeticException("value out of range: underflow");
    }
    return result;
  }

  /** {@code numeric / numeric} at the result type's scale, rounded half away from zero. */
  public static BigDecimal numericDivide(BigDecimal a, BigDecimal b, int scale) {
    if (b.signum() == 0) {
      throw new ArithmeticException("division by zero");
    }
    return a.divide(b, scale, RoundingMode.HALF_UP);
  }

  /** {@code mod(numeric, numeric)}: the remainder with the sign of {@code a}, at the result type's scale. */
  public static BigDecimal numericMod(BigDecimal a, BigDecimal b, int scale) {
    if (b.signum() == 0) {
      throw new ArithmeticException("division by zero");
    }
    return a.remainder(b).setScale(scale, RoundingMode.HALF_UP);
  }

  // ---------------------------------------------------------------- math functions

  /** {@code round(float8)}: half to even, as rint(). */
  public static double roundFloat8(double value) {
    return Math.rint(value);
  }

  /**
   * {@code round(numeric, digits)}: half away from zero, kept at the result type's scale. Digits
   * beyond the value's digits round it to 0 (any negative number of digits works, as in PostgreSQL).
   */
  public static BigDecimal roundNumeric(BigDecimal value, int digits, int scale) {
    int integerDigits = value.precision() - value.scale();
    int bounded = Math.max(digits, -integerDigits - 1);
    return value.setScale(Math.min(bounded, Math.max(scale, value.scale())), RoundingMode.HALF_UP)
        .setScale(scale, RoundingMode.HALF_UP);
  }

  /** {@code trunc(numeric, digits)}: toward zero, kept at the result type's scale. */
  public static BigDecimal truncNumeric(BigDecimal value, int digits, int scale) {
    int integerDigits = value.precision() - value.scale();
    int bounded = Math.max(digits, -integerDigits - 1);
    return value.setScale(Math.min(bounded, Math.max(scale, value.scale())), RoundingMode.DOWN)
        .setScale(scale, RoundingMode.DOWN);
  }

  /** {@code exp(float8)}: overflow and underflow raise, as in PostgreSQL. */
  public static double exp(double value) {
    if (Double.isNaN(value) || Double.isInfinite(value)) {
      return value > 0 || Double.isNaN(value) ? value : 0;
    }
    return checkFloat8(Math.exp(value), false, false);
  }

  /** {@code ln(float8)}: the logarithm of zero or of a negative number raises. */
  public static double ln(double value) {
    checkLogarithm(value);
    return Math.log(value);
  }

  /** {@code log10(float8)}: the logarithm of zero or of a negative number raises. */
  public static double log10(double value) {
    checkLogarithm(value);
    return Math.log10(value);
  }

  private static void checkLogarithm(double value) {
    if (value == 0) {
      throw new ArithmeticException("cannot take logarithm of zero");
    }
    if (value < 0) {
      throw new IllegalArgumentException("cannot take logarithm of a negative number");
    }
  }

  public static short abs2(short value) {
    if (value == Short.MIN_VALUE) {
      throw outOfRange("smallint");
    }
    return (short) Math.abs(value);
  }

  public static int abs4(int value) {
    if (value == Integer.MIN_VALUE) {
      throw outOfRange("integer");
    }
    return Math.abs(value);
  }

  public static long abs8(long value) {
    if (value == Long.MIN_VALUE) {
      throw outOfRange("bigint");
    }
    return Math.abs(value);
  }

  public static double sqrt(double value) {
    if (value < 0) {
      throw new IllegalArgumentException("cannot take square root of a negative number");
    }
    return Math.sqrt(value);
  }

  /**
   * {@code power(float8, float8)} as PostgreSQL computes it: its errors instead of NaN and Infinity,
   * and the C library's results where Java's differ ({@code 1 ^ x = 1} and {@code x ^ 0 = 1} for any x,
   * NaN too; {@code (-1) ^ ±Infinity = 1}).
   */
  public static double power(double base, double exponent) {
    if (Double.isNaN(base) || Double.isNaN(exponent)) {
      return base == 1 || exponent == 0 ? 1.0 : Double.NaN;
    }
    if (base == 0 && exponent < 0) {
      throw new ArithmeticException("zero raised to a negative power is undefined (division by zero)");
    }
    if (base < 0 && Math.floor(exponent) != exponent && !Double.isInfinite(exponent)) {
      throw new IllegalArgumentException("a negative number raised to a non-integer power yields a complex result");
    }
    if (Double.isInfinite(exponent) && Math.abs(base) == 1) {
      return 1.0;
    }
    double result = Math.pow(base, exponent);
    if (Double.isInfinite(result) && !Double.isInfinite(base) && !Double.isInfinite(exponent)) {
      throw new ArithmeticException("value out of range: overflow");
    }
    if (result == 0 && base != 0 && Double.isFinite(base) && !Double.isInfinite(exponent)) {
      throw new ArithmeticException("value out of range: underflow");
    }
    return result;
  }
}
