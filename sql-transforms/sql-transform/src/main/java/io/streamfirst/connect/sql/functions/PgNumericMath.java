// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.sql.functions;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;
import org.apache.calcite.linq4j.function.Strict;

/**
 * {@code sqrt}, {@code exp}, {@code ln}, {@code log10} and {@code power} of {@code numeric}, as
 * PostgreSQL 17 computes them: exact to the number of digits after the point PostgreSQL chooses for
 * the value (at least 16 significant digits, never fewer digits after the point than the argument
 * has), rounded half away from zero, with PostgreSQL's errors. The result is then given the result
 * type's scale {@code scale} (a Connect {@code Decimal} has one scale per field): padded with zeros
 * where PostgreSQL's has fewer digits after the point, rounded where it has more. Called by
 * generated code (hence public); a NULL argument yields NULL without a call.
 */
@Strict
public final class PgNumericMath {

  /** PostgreSQL's NUMERIC_MIN_SIG_DIGITS. */
  private static final int MIN_SIG_DIGITS = 16;
  /** PostgreSQL's NUMERIC_MAX_DISPLAY_SCALE. */
  private static final int MAX_DISPLAY_SCALE = 1000;
  /** The most digits a numeric of this engine has. */
  private static final int MAX_PRECISION = 100;
  private static final BigDecimal LN_10 = new BigDecimal("2.302585092994045684017991454684364207601101488628772976"
      + "033327900967572609677352480235997205089598298341967784042286248633409525465082806756666287369098781689482907"
      + "208325554680843799894826233198528393505308965377732628846163366222287698219886746543667474404243274365155048"
      + "934314");

  private PgNumericMath() {}

  /** {@code sqrt(numeric)}; a negative argument raises. */
  public static BigDecimal sqrtNumeric(BigDecimal value, int scale) {
    if (value.signum() < 0) {
      throw new IllegalArgumentException("cannot take square root of a negative number");
    }
    int weight = value.signum() == 0 ? 0 : weight(value);
    int rscale = resultScale(MIN_SIG_DIGITS - ((weight + 1) * 4 / 2 - 1), value.scale(), 0);
    int target = Math.min(rscale, scale);
    BigDecimal root = value.signum() == 0
        ? BigDecimal.ZERO
        : value.sqrt(new MathContext(Math.max(1, exponent(value) / 2 + 2 + target + 10), RoundingMode.HALF_EVEN));
    return result(root, target, scale);
  }

  /** {@code exp(numeric)}. */
  public static BigDecimal expNumeric(BigDecimal value, int scale) {
    double estimate = value.doubleValue() * 0.434294481903252;
    estimate = Math.max(-2000, Math.min(2000, estimate));
    int rscale = resultScale(MIN_SIG_DIGITS - (int) estimate, value.scale(), 0);
    return result(exp(value, Math.min(rscale, scale)), Math.min(rscale, scale), scale);
  }

  /** {@code ln(numeric)}; zero and negative arguments raise. */
  public static BigDecimal lnNumeric(BigDecimal value, int scale) {
    checkLogarithm(value);
    int rscale = resultScale(MIN_SIG_DIGITS - lnDecimalWeight(value), value.scale(), 0);
    int target = Math.min(rscale, scale);
    return result(ln(value, target + 5), target, scale);
  }

  /** {@code log10(numeric)}, which PostgreSQL computes as {@code log(10, x)}; zero and negative arguments raise. */
  public static BigDecimal log10Numeric(BigDecimal value, int scale) {
    checkLogarithm(value);
    int rscale = resultScale(MIN_SIG_DIGITS - lnDecimalWeight(value), value.scale(), 0);
    int target = Math.min(rscale, scale);
    BigDecimal log = ln(value, target + 10).divide(ln10(target + 10), target + 5, RoundingMode.HALF_EVEN);
    return result(log, target, scale);
  }

  /**
   * {@code power(numeric, numeric)}: zero to a negative power and a negative number to a power that is
   * not a whole number raise; a result beyond the numeric range raises.
   */
  public static BigDecimal powerNumeric(BigDecimal base, BigDecimal exponent, int scale) {
    if (base.signum() == 0 && exponent.signum() < 0) {
      throw new ArithmeticException("zero raised to a negative power is undefined");
    }
    boolean integral = exponent.signum() == 0 || exponent.stripTrailingZeros().scale() <= 0;
    if (base.signum() < 0 && !integral) {
      throw new ArithmeticException("a negative number raised to a non-integer power yields a complex result");
    }
    if (integral && exponent.compareTo(BigDecimal.valueOf(Integer.MIN_VALUE)) >= 0
        && exponent.compareTo(BigDecimal.valueOf(Integer.MAX_VALUE)) <= 0) {
      return powerInteger(base, exponent.intValueExact(), exponent.scale(), scale);
    }
    if (base.signum() == 0) {
      return result(BigDecimal.ZERO, MIN_SIG_DIGITS, scale);
    }
    boolean negative = base.signum() < 0
        && exponent.toBigInteger().testBit(0); // integral here: the sign follows the exponent's parity
    BigDecimal magnitude = base.abs();
    int localScale = Math.max(8 - lnDecimalWeight(magnitude), 0);
    double estimate = ln(magnitude, localScale).multiply(exponent).setScale(localScale, RoundingMode.HALF_UP)
        .doubleValue();
    if (Math.abs(estimate) > 2000 * 3.01) {
      if (estimate > 0) {
        throw new ArithmeticException("value overflows numeric format");
      }
      return result(BigDecimal.ZERO, MAX_DISPLAY_SCALE, scale);
    }
    int rscale = resultScale(MIN_SIG_DIGITS - (int) (estimate * 0.434294481903252), base.scale(), exponent.scale());
    int target = Math.min(rscale, scale);
    checkMagnitude(estimate * 0.434294481903252, scale);
    int digits = Math.max(0, (int) Math.ceil(estimate * 0.434294481903252)) + target + 10;
    BigDecimal power = exp(ln(magnitude, digits + 5).multiply(exponent), target);
    return result(negative ? power.negate() : power, target, scale);
  }

  /** PostgreSQL's power_var_int: a power with a whole exponent, computed exactly and rounded once. */
  private static BigDecimal powerInteger(BigDecimal base, int exponent, int exponentScale, int scale) {
    double estimate;
    if (base.signum() == 0) {
      estimate = 0;
    } else {
      // base ~= f * 10^p from its first four base-10000 digits
      int weight = weight(base);
      BigDecimal leading = base.abs().movePointLeft(4 * weight).movePointRight(12);
      long f = leading.setScale(0, RoundingMode.DOWN).longValueExact();
      int p = 4 * weight - 12;
      estimate = exponent * (Math.log10((double) f) + p);
    }
    if (estimate + 1 < -MAX_DISPLAY_SCALE) {
      return result(BigDecimal.ZERO, MAX_DISPLAY_SCALE, scale);
    }
    checkMagnitude(estimate, scale);
    int rscale = resultScale(MIN_SIG_DIGITS - (int) estimate, base.scale(), exponentScale);
    int target = Math.min(rscale, scale);
    if (exponent == 0) {
      return result(BigDecimal.ONE, target, scale);
    }
    if (base.signum() == 0 || base.abs().compareTo(BigDecimal.ONE) == 0) {
      // 0, 1 or -1 to any power (BigDecimal.pow takes exponents up to 999,999,999 only)
      return result(base.signum() < 0 && exponent % 2 != 0 ? BigDecimal.ONE.negate() : base.abs(), target, scale);
    }
    if (Math.abs((long) exponent) > 999_999_999) {
      // |base| this close to 1 (the estimate found no overflow): through the logarithm
      BigDecimal power = exp(ln(base.abs(), target + 20).multiply(BigDecimal.valueOf(exponent)), target);
      return result(base.signum() < 0 && exponent % 2 != 0 ? power.negate() : power, target, scale);
    }
    if (estimate + 2 < -target) {
      return result(BigDecimal.ZERO, target, scale); // below half a unit of the last digit kept
    }
    // BigDecimal.pow needs at least as many digits as the exponent has; the power (or, for a negative
    // exponent, its reciprocal) needs as many significant digits as the result has: its integer digits
    // (the estimate, also where the reciprocal is below 1: POWER(0.5, -85)) and the digits kept after the point
    int exponentDigits = String.valueOf(Math.abs((long) exponent)).length() + 2;
    int significant = (int) Math.ceil(Math.abs(estimate)) + target;
    BigDecimal power;
    if (exponent > 0) {
      int digits = Math.max(exponentDigits, significant + 10);
      power = base.pow(exponent, new MathContext(digits, RoundingMode.HALF_EVEN));
    } else {
      int digits = Math.max(exponentDigits, significant + 20);
      BigDecimal denominator = base.pow(-exponent, new MathContext(digits, RoundingMode.HALF_EVEN));
      power = BigDecimal.ONE.divide(denominator, target + 10, RoundingMode.HALF_EVEN);
    }
    return result(power, target, scale);
  }

  // ---------------------------------------------------------------- helpers

  private static int resultScale(int fromWeight, int argumentScale, int otherScale) {
    int rscale = Math.max(fromWeight, Math.max(argumentScale, otherScale));
    return Math.min(Math.max(rscale, 0), MAX_DISPLAY_SCALE);
  }

  /** Rounded half away from zero to PostgreSQL's digits, then at the result type's scale. */
  private static BigDecimal result(BigDecimal value, int digits, int scale) {
    BigDecimal rounded = value.setScale(digits, RoundingMode.HALF_UP).setScale(scale, RoundingMode.HALF_UP);
    if (rounded.signum() != 0 && rounded.precision() - rounded.scale() > MAX_PRECISION - scale) {
      throw new ArithmeticException("numeric value out of range: overflow");
    }
    return rounded;
  }

  /** A result whose decimal weight is {@code weight} has more integer digits than the result type allows. */
  private static void checkMagnitude(double weight, int scale) {
    if (weight > MAX_PRECISION - scale + 1) {
      throw new ArithmeticException("numeric value out of range: overflow");
    }
  }

  /** The decimal exponent of the leading digit: 2 for 123.4, -2 for 0.012. */
  private static int exponent(BigDecimal value) {
    return value.precision() - value.scale() - 1;
  }

  /** PostgreSQL's weight: the exponent of the leading base-10000 digit. */
  private static int weight(BigDecimal value) {
    return Math.floorDiv(exponent(value), 4);
  }

  private static void checkLogarithm(BigDecimal value) {
    if (value.signum() == 0) {
      throw new ArithmeticException("cannot take logarithm of zero");
    }
    if (value.signum() < 0) {
      throw new ArithmeticException("cannot take logarithm of a negative number");
    }
  }

  /** PostgreSQL's estimate_ln_dweight: the decimal weight of ln(value), as PostgreSQL estimates it. */
  private static int lnDecimalWeight(BigDecimal value) {
    if (value.signum() <= 0) {
      return 0;
    }
    if (value.compareTo(new BigDecimal("0.9")) >= 0 && value.compareTo(new BigDecimal("1.1")) <= 0) {
      BigDecimal x = value.subtract(BigDecimal.ONE);
      return x.signum() == 0 ? 0 : exponent(x.abs());
    }
    int weight = weight(value);
    BigDecimal groups = value.movePointLeft(4 * weight); // in [1, 10000)
    long digits = groups.setScale(0, RoundingMode.DOWN).longValueExact();
    int decimalWeight = 4 * weight;
    BigDecimal rest = groups.subtract(BigDecimal.valueOf(digits));
    if (rest.signum() != 0) {
      digits = digits * 10000 + rest.movePointRight(4).setScale(0, RoundingMode.DOWN).longValueExact();
      decimalWeight -= 4;
    }
    double ln = Math.log((double) digits) + decimalWeight * 2.302585092994046;
    return (int) Math.log10(Math.abs(ln));
  }

  private static BigDecimal ln10(int digits) {
    if (digits + 5 <= LN_10.scale()) {
      return LN_10.setScale(digits + 5, RoundingMode.HALF_EVEN);
    }
    return lnReduced(BigDecimal.TEN, digits + 5);
  }

  /** ln(value) with {@code digits} correct digits after the point, for value > 0. */
  static BigDecimal ln(BigDecimal value, int digits) {
    int exponent = exponent(value);
    BigDecimal mantissa = value.movePointLeft(exponent); // in [1, 10)
    int work = digits + 10;
    BigDecimal result = lnReduced(mantissa, work);
    if (exponent != 0) {
      result = result
          .add(ln10(work + String.valueOf(Math.abs(exponent)).length()).multiply(BigDecimal.valueOf(exponent)));
    }
    return result.setScale(digits, RoundingMode.HALF_EVEN);
  }

  /** ln(m) for m in [1, 10]: halves the logarithm by square roots, then the series of atanh. */
  private static BigDecimal lnReduced(BigDecimal m, int digits) {
    int work = digits + 10;
    MathContext context = new MathContext(work + 5, RoundingMode.HALF_EVEN);
    int halvings = 0;
    BigDecimal x = m;
    BigDecimal near = new BigDecimal("1.01");
    while (x.compareTo(near) > 0) {
      x = x.sqrt(context);
      halvings++;
    }
    // ln(x) = 2 atanh((x - 1) / (x + 1))
    BigDecimal z = x.subtract(BigDecimal.ONE).divide(x.add(BigDecimal.ONE), context);
    BigDecimal z2 = z.multiply(z, context);
    BigDecimal term = z;
    BigDecimal sum = z;
    BigDecimal threshold = BigDecimal.ONE.movePointLeft(work + 2);
    for (int k = 3; term.abs().compareTo(threshold) > 0; k += 2) {
      term = term.multiply(z2, context);
      sum = sum.add(term.divide(BigDecimal.valueOf(k), context), context);
    }
    return sum.multiply(BigDecimal.valueOf(2).multiply(new BigDecimal(BigInteger.ONE.shiftLeft(halvings))), context)
        .setScale(work, RoundingMode.HALF_EVEN);
  }

  /** e^value with {@code digits} correct digits after the point. */
  static BigDecimal exp(BigDecimal value, int digits) {
    double estimate = value.doubleValue() * 0.434294481903252;
    if (estimate > MAX_PRECISION + 2) {
      throw new ArithmeticException("numeric value out of range: overflow");
    }
    if (estimate < -(digits + 2)) {
      return BigDecimal.ZERO.setScale(digits);
    }
    int work = digits + Math.max(0, (int) Math.ceil(estimate)) + 20;
    MathContext context = new MathContext(work, RoundingMode.HALF_EVEN);
    // e^x = (e^(x / 2^k))^(2^k), with x / 2^k below 2^-10 for the series
    int k = 0;
    BigDecimal x = value;
    BigDecimal small = new BigDecimal("0.0009765625");
    while (x.abs().compareTo(small) > 0) {
      x = x.divide(BigDecimal.valueOf(2), context);
      k++;
    }
    int workK = work + k;
    MathContext inner = new MathContext(workK, RoundingMode.HALF_EVEN);
    BigDecimal sum = BigDecimal.ONE;
    BigDecimal term = BigDecimal.ONE;
    BigDecimal threshold = BigDecimal.ONE.movePointLeft(workK + 2);
    for (int n = 1; term.abs().compareTo(threshold) > 0; n++) {
      term = term.multiply(x, inner).divide(BigDecimal.valueOf(n), inner);
      sum = sum.add(term, inner);
    }
    for (int i = 0; i < k; i++) {
      sum = sum.multiply(sum, inner);
    }
    return sum;
  }
}
