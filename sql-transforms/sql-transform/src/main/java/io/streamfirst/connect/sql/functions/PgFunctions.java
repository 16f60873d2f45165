package io.streamfirst.connect.sql.functions;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.time.temporal.IsoFields;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.apache.calcite.linq4j.function.Strict;

/**
 * Implementations with PostgreSQL 17 semantics for the operators where Calcite's differ: casts
 * that round, float arithmetic that raises instead of returning Infinity or NaN, text output of
 * numbers and timestamps, EXTRACT, date_trunc, locale-independent case mapping and regexp_replace.
 * Called by generated code; a NULL argument yields NULL without a call. Timestamps are UTC
 * milliseconds, dates days since 1970-01-01, as inside the engine.
 */
@Strict
public final class PgFunctions {

  private static final long MILLIS_PER_DAY = 86_400_000L;
  private static final int REGEX_CACHE_SIZE = 256;
  private static final Map<String, Pattern> REGEX_CACHE = new ConcurrentHashMap<>();

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

  private static final Pattern DATE_TIME = Pattern.compile(
      "(\\d{4,})-(\\d{1,2})-(\\d{1,2})(?:[ T]+(\\d{1,2}):(\\d{2})(?::(\\d{2})(?:\\.(\\d*))?)?)?"
          + "\\s*(?:Z|UTC|[+-]\\d{1,2}(?::?\\d{2})?)?( BC)?");

  /**
   * {@code text::timestamp}: PostgreSQL's ISO 8601 input, {@code 2024-03-10 02:30:00.5} or
   * {@code 2024-03-10T02:30}, seconds optional, a zone suffix ignored (as for a timestamp without
   * time zone), surrounding whitespace allowed; an impossible date raises.
   */
  public static long textToTimestamp(String text) {
    Matcher m = DATE_TIME.matcher(text.strip());
    if (!m.matches()) {
      throw new IllegalArgumentException("invalid input syntax for type timestamp");
    }
    long day = date(m).toEpochDay() * MILLIS_PER_DAY;
    if (m.group(4) == null) {
      return day;
    }
    int hour = Integer.parseInt(m.group(4));
    int minute = Integer.parseInt(m.group(5));
    int second = m.group(6) == null ? 0 : Integer.parseInt(m.group(6));
    String fraction = m.group(7) == null ? "" : m.group(7);
    long millis = fraction.isEmpty() ? 0 : new BigDecimal("0." + fraction).movePointRight(3)
        .setScale(0, RoundingMode.HALF_EVEN).longValueExact();
    if (hour > 24 || minute > 59 || second > 60 || hour == 24 && (minute > 0 || second > 0 || millis > 0)) {
      throw new IllegalArgumentException("date/time field value out of range");
    }
    return day + ((hour * 60L + minute) * 60L + second) * 1000L + millis;
  }

  /** {@code text::date}: as {@link #textToTimestamp}; a time of day is ignored. */
  public static int textToDate(String text) {
    Matcher m = DATE_TIME.matcher(text.strip());
    if (!m.matches()) {
      throw new IllegalArgumentException("invalid input syntax for type date");
    }
    return (int) date(m).toEpochDay();
  }

  private static java.time.LocalDate date(Matcher m) {
    int year = Integer.parseInt(m.group(1));
    if (m.group(8) != null) {
      year = 1 - year;
    }
    try {
      return java.time.LocalDate.of(year, Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
    } catch (java.time.DateTimeException e) {
      throw new IllegalArgumentException("date/time field value out of range");
    }
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
      for (RoundingMode mode : new RoundingMode[] {RoundingMode.HALF_EVEN, RoundingMode.FLOOR, RoundingMode.CEILING}) {
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

  /** {@code timestamp::text}: {@code 2024-02-29 23:59:59.999}, fraction without trailing zeros. */
  public static String timestampText(long millis) {
    LocalDateTime time = toDateTime(millis);
    StringBuilder out = new StringBuilder(26);
    int year = time.getYear();
    appendPadded(out, year > 0 ? year : 1 - year, 4).append('-');
    appendPadded(out, time.getMonthValue(), 2).append('-');
    appendPadded(out, time.getDayOfMonth(), 2).append(' ');
    appendPadded(out, time.getHour(), 2).append(':');
    appendPadded(out, time.getMinute(), 2).append(':');
    appendPadded(out, time.getSecond(), 2);
    int fraction = (int) Math.floorMod(millis, 1000L);
    if (fraction != 0) {
      StringBuilder digits = appendPadded(new StringBuilder(), fraction, 3);
      while (digits.charAt(digits.length() - 1) == '0') {
        digits.setLength(digits.length() - 1);
      }
      out.append('.').append(digits);
    }
    return year > 0 ? out.toString() : out.append(" BC").toString();
  }

  private static StringBuilder appendPadded(StringBuilder out, int value, int width) {
    String digits = Integer.toString(value);
    for (int i = digits.length(); i < width; i++) {
      out.append('0');
    }
    return out.append(digits);
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

  // ---------------------------------------------------------------- date and time

  /**
   * {@code EXTRACT(unit FROM timestamp)} as PostgreSQL 14+ computes it: a numeric, with
   * fractional seconds for SECOND, MILLISECOND and EPOCH; DOW counts from Sunday = 0.
   */
  public static BigDecimal extractTimestamp(String unit, long millis) {
    LocalDateTime time = toDateTime(millis);
    long secondMillis = time.getSecond() * 1000L + Math.floorMod(millis, 1000L);
    switch (unit) {
      case "SECOND":
        return BigDecimal.valueOf(secondMillis, 3).setScale(6);
      case "MILLISECOND":
        return BigDecimal.valueOf(secondMillis, 0).setScale(3);
      case "MICROSECOND":
        return BigDecimal.valueOf(secondMillis * 1000L);
      case "EPOCH":
        return BigDecimal.valueOf(millis, 3).setScale(6);
      case "HOUR":
        return BigDecimal.valueOf(time.getHour());
      case "MINUTE":
        return BigDecimal.valueOf(time.getMinute());
      default:
        return BigDecimal.valueOf(datePart(unit, time));
    }
  }

  /** {@code EXTRACT(unit FROM date)}; time-of-day units raise, as in PostgreSQL. */
  public static BigDecimal extractDate(String unit, int days) {
    switch (unit) {
      case "EPOCH":
        return BigDecimal.valueOf(days * 86_400L);
      case "SECOND", "MILLISECOND", "MICROSECOND", "HOUR", "MINUTE":
        throw new IllegalArgumentException("unit \"" + unit.toLowerCase(Locale.ROOT) + "\" not supported for type date");
      default:
        return BigDecimal.valueOf(datePart(unit, toDateTime(days * MILLIS_PER_DAY)));
    }
  }

  private static long datePart(String unit, LocalDateTime time) {
    int year = time.getYear();
    switch (unit) {
      case "YEAR":
        return year > 0 ? year : year - 1;
      case "MONTH":
        return time.getMonthValue();
      case "DAY":
        return time.getDayOfMonth();
      case "DOW":
        return time.getDayOfWeek().getValue() % 7;
      case "ISODOW":
        return time.getDayOfWeek().getValue();
      case "DOY":
        return time.getDayOfYear();
      case "WEEK":
        return time.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR);
      case "ISOYEAR":
        long isoYear = time.get(IsoFields.WEEK_BASED_YEAR);
        return isoYear > 0 ? isoYear : isoYear - 1;
      case "QUARTER":
        return (time.getMonthValue() - 1) / 3 + 1;
      case "DECADE":
        return year > 0 ? year / 10 : -((8 - (year - 1)) / 10);
      case "CENTURY":
        return year > 0 ? (year + 99) / 100 : -((99 - (year - 1)) / 100);
      case "MILLENNIUM":
        return year > 0 ? (year + 999) / 1000 : -((999 - (year - 1)) / 1000);
      default:
        throw new IllegalArgumentException("unit \"" + unit.toLowerCase(Locale.ROOT) + "\" not supported");
    }
  }

  /**
   * {@code date_trunc('unit', timestamp)}: units microseconds to millennium; weeks start on
   * Monday. An unknown unit raises, as in PostgreSQL.
   */
  public static long dateTrunc(String unit, long millis) {
    LocalDateTime time = toDateTime(millis);
    LocalDateTime truncated;
    switch (unit.toLowerCase(Locale.ROOT)) {
      case "microseconds", "microsecond", "milliseconds", "millisecond":
        return millis;
      case "second", "seconds":
        truncated = time.truncatedTo(ChronoUnit.SECONDS);
        break;
      case "minute", "minutes":
        truncated = time.truncatedTo(ChronoUnit.MINUTES);
        break;
      case "hour", "hours":
        truncated = time.truncatedTo(ChronoUnit.HOURS);
        break;
      case "day", "days":
        truncated = time.truncatedTo(ChronoUnit.DAYS);
        break;
      case "week", "weeks":
        truncated = time.truncatedTo(ChronoUnit.DAYS).minusDays(time.getDayOfWeek().getValue() - 1);
        break;
      case "month", "months":
        truncated = time.truncatedTo(ChronoUnit.DAYS).withDayOfMonth(1);
        break;
      case "quarter":
        truncated = time.truncatedTo(ChronoUnit.DAYS).withDayOfMonth(1)
            .withMonth((time.getMonthValue() - 1) / 3 * 3 + 1);
        break;
      case "year", "years":
        truncated = time.truncatedTo(ChronoUnit.DAYS).withDayOfYear(1);
        break;
      case "decade", "decades":
        truncated = firstDayOfYear(time, Math.floorDiv(time.getYear(), 10) * 10);
        break;
      case "century", "centuries":
        truncated = firstDayOfYear(time, centuryStart(time.getYear(), 100));
        break;
      case "millennium", "millennia":
        truncated = firstDayOfYear(time, centuryStart(time.getYear(), 1000));
        break;
      default:
        throw new IllegalArgumentException("unit \"" + unit + "\" not recognized for type timestamp");
    }
    return truncated.toInstant(ZoneOffset.UTC).toEpochMilli();
  }

  private static int centuryStart(int year, int span) {
    return year > 0 ? (year - 1) / span * span + 1 : -((span - 1 - (year - 1)) / span) * span + 1;
  }

  private static LocalDateTime firstDayOfYear(LocalDateTime time, int year) {
    return time.truncatedTo(ChronoUnit.DAYS).withDayOfYear(1).withYear(year);
  }

  private static LocalDateTime toDateTime(long millis) {
    return LocalDateTime.ofEpochSecond(Math.floorDiv(millis, 1000L), (int) Math.floorMod(millis, 1000L) * 1_000_000,
        ZoneOffset.UTC);
  }

  // ---------------------------------------------------------------- text

  /**
   * {@code trim([LEADING | TRAILING | BOTH] 'c' FROM text)} with a single trim character (plain
   * {@code TRIM(text)} trims spaces): what the general form returns, comparing each character with
   * {@code c} instead of searching the trim set for it.
   */
  public static String trimChar(String text, String character, boolean leading, boolean trailing) {
    char c = character.charAt(0);
    int start = 0;
    int end = text.length();
    while (trailing && end > 0 && text.charAt(end - 1) == c) {
      end--;
    }
    while (leading && start < end && text.charAt(start) == c) {
      start++;
    }
    return text.substring(start, end);
  }

  /**
   * {@code upper(text)} with Unicode's simple case mapping, code point by code point, as
   * PostgreSQL 17's builtin C.UTF-8 collation does: never depends on the JVM's locale, and
   * keeps the length ({@code upper('ß') = 'ß'}).
   */
  public static String upper(String text) {
    // Java's full mapping differs from the simple one only where it expands a code point into
    // several (ß -> SS), so a result of the same length is the simple mapping (for every code point:
    // PgSemanticsTest); one pass for any text
    String mapped = text.toUpperCase(Locale.ROOT);
    return mapped.length() == text.length() ? mapped : mapCodePoints(text, true);
  }

  /**
   * {@code initcap(text)}: each letter that follows a letter or digit in lower case, every other
   * in upper case, with Unicode's simple case mapping (as PostgreSQL's builtin C.UTF-8 collation).
   */
  public static String initcap(String text) {
    StringBuilder out = new StringBuilder(text.length());
    boolean inWord = false;
    for (int i = 0; i < text.length(); ) {
      int c = text.codePointAt(i);
      out.appendCodePoint(inWord ? Character.toLowerCase(c) : Character.toUpperCase(c));
      inWord = Character.isLetterOrDigit(c);
      i += Character.charCount(c);
    }
    return out.toString();
  }

  /** {@code lower(text)} with Unicode's simple case mapping ({@code lower('İ') = 'i'}). */
  public static String lower(String text) {
    return mapCodePoints(text, false);
  }

  /**
   * Maps each code point with Unicode's simple case mapping. Runs per record, so it avoids streams:
   * ASCII text (where Java's full mapping is the simple one) goes through String's own case mapping.
   */
  private static String mapCodePoints(String text, boolean upper) {
    int length = text.length();
    for (int i = 0; i < length; i++) {
      if (text.charAt(i) >= 0x80) {
        StringBuilder out = new StringBuilder(length);
        for (int j = 0; j < length; ) {
          int c = text.codePointAt(j);
          out.appendCodePoint(upper ? Character.toUpperCase(c) : Character.toLowerCase(c));
          j += Character.charCount(c);
        }
        return out.toString();
      }
    }
    return upper ? text.toUpperCase(Locale.ROOT) : text.toLowerCase(Locale.ROOT);
  }

  /** {@code left(text, n)}: the first n characters; a negative n leaves out the last -n. */
  public static String left(String text, int n) {
    int length = text.codePointCount(0, text.length());
    int count = n >= 0 ? Math.min(n, length) : Math.max(0, length + n);
    return text.substring(0, text.offsetByCodePoints(0, count));
  }

  /** {@code right(text, n)}: the last n characters; a negative n leaves out the first -n. */
  public static String right(String text, int n) {
    int length = text.codePointCount(0, text.length());
    // as PostgreSQL: -n of the smallest integer stays negative, and leaves nothing out
    int count = n >= 0 ? Math.min(n, length) : n == Integer.MIN_VALUE ? length : Math.max(0, length + n);
    return text.substring(text.offsetByCodePoints(0, length - count));
  }

  /**
   * {@code lpad(text, length, fill)}: pads on the left with {@code fill} repeated, or truncates to
   * {@code length} characters; a length of 0 or less gives '', an empty fill no padding.
   */
  public static String lpad(String text, int length, String fill) {
    return pad(text, length, fill, true);
  }

  /** {@code rpad(text, length, fill)}: as lpad, padding on the right. */
  public static String rpad(String text, int length, String fill) {
    return pad(text, length, fill, false);
  }

  private static String pad(String text, int length, String fill, boolean left) {
    if (length <= 0) {
      return "";
    }
    int characters = text.codePointCount(0, text.length());
    if (characters >= length || fill.isEmpty()) {
      return characters > length ? text.substring(0, text.offsetByCodePoints(0, length)) : text;
    }
    StringBuilder padding = new StringBuilder();
    int missing = length - characters;
    for (int i = 0, f = 0; i < missing; i++) {
      int c = fill.codePointAt(f);
      padding.appendCodePoint(c);
      f += Character.charCount(c);
      if (f >= fill.length()) {
        f = 0;
      }
    }
    return left ? padding.append(text).toString() : text + padding;
  }

  /** {@code btrim(text)}: trims spaces from both ends. */
  public static String btrim(String text) {
    return btrim(text, " ");
  }

  /** {@code btrim(text, characters)}: trims any of the characters from both ends. */
  public static String btrim(String text, String characters) {
    int start = 0;
    int end = text.length();
    while (start < end && characters.indexOf(text.codePointAt(start)) >= 0) {
      start += Character.charCount(text.codePointAt(start));
    }
    while (end > start && characters.indexOf(text.codePointBefore(end)) >= 0) {
      end -= Character.charCount(text.codePointBefore(end));
    }
    return text.substring(start, end);
  }

  /** {@code reverse(text)}: the characters (code points) in reverse order. */
  public static String reverse(String text) {
    StringBuilder out = new StringBuilder(text.length());
    for (int i = text.length(); i > 0; ) {
      int c = text.codePointBefore(i);
      out.appendCodePoint(c);
      i -= Character.charCount(c);
    }
    return out.toString();
  }

  /** {@code regexp_replace(source, pattern, replacement)}: the first match only. */
  public static String regexpReplaceFirst(String source, String pattern, String replacement, int limit) {
    return regexpReplace(source, pattern, replacement, "", limit);
  }

  /**
   * {@code regexp_replace(source, pattern, replacement, flags)}: flag {@code g} replaces every
   * match, {@code i} ignores case, {@code c} respects it, {@code s}/{@code n}/{@code x} as in
   * PostgreSQL. In the replacement, {@code \1}..{@code \9} insert groups (empty when absent),
   * {@code \&} the whole match and {@code \\} a backslash. The result never grows beyond {@code limit}
   * characters ({@code max.value.bytes}): each piece is checked before it is appended.
   */
  public static String regexpReplace(String source, String pattern, String replacement, String flags, int limit) {
    boolean global = false;
    int options = 0;
    for (int i = 0; i < flags.length(); i++) {
      switch (flags.charAt(i)) {
        case 'g' -> global = true;
        case 'i' -> options |= Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE;
        case 'c' -> options &= ~(Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
        case 'n', 'm' -> options |= Pattern.MULTILINE;
        case 's' -> options |= Pattern.DOTALL;
        case 'x' -> options |= Pattern.COMMENTS;
        default -> throw new IllegalArgumentException("invalid regular expression option: \"" + flags.charAt(i) + "\"");
      }
    }
    if ((options & Pattern.MULTILINE) == 0) {
      options |= Pattern.DOTALL;
    }
    // \w, \d, \s and [[:classes:]] of any script, as PostgreSQL's with a UTF-8 database
    options |= Pattern.UNICODE_CHARACTER_CLASS;
    Matcher matcher = compile(pattern, options).matcher(source);
    StringBuilder out = new StringBuilder(source.length());
    int last = 0;
    while (matcher.find()) {
      append(out, source, last, matcher.start(), limit);
      appendReplacement(out, source, matcher, replacement, limit);
      last = matcher.end();
      if (!global) {
        break;
      }
    }
    return append(out, source, last, source.length(), limit).toString();
  }

  private static void appendReplacement(StringBuilder out, String source, Matcher matcher, String replacement,
      int limit) {
    for (int i = 0; i < replacement.length(); i++) {
      char c = replacement.charAt(i);
      if (c != '\\' || i + 1 == replacement.length()) {
        append(out, c, limit);
        continue;
      }
      char next = replacement.charAt(++i);
      if (next >= '1' && next <= '9') {
        int group = next - '0';
        if (group <= matcher.groupCount() && matcher.start(group) >= 0) {
          append(out, source, matcher.start(group), matcher.end(group), limit);
        }
      } else if (next == '&') {
        append(out, source, matcher.start(), matcher.end(), limit);
      } else if (next == '\\') {
        append(out, '\\', limit);
      } else {
        append(out, '\\', limit);
        append(out, next, limit);
      }
    }
  }

  /** Appends {@code text[from, to)} to {@code out} once the result is known to stay within {@code limit}. */
  private static StringBuilder append(StringBuilder out, String text, int from, int to, int limit) {
    SizeLimits.check("REGEXP_REPLACE", (long) out.length() + (to - from), limit);
    return out.append(text, from, to);
  }

  private static void append(StringBuilder out, char c, int limit) {
    SizeLimits.check("REGEXP_REPLACE", out.length() + 1L, limit);
    out.append(c);
  }

  private static Pattern compile(String pattern, int options) {
    String key = options + ":" + pattern;
    Pattern compiled = REGEX_CACHE.get(key);
    if (compiled == null) {
      try {
        compiled = Pattern.compile(pattern, options);
      } catch (PatternSyntaxException e) {
        throw new IllegalArgumentException("invalid regular expression: " + e.getDescription());
      }
      if (REGEX_CACHE.size() >= REGEX_CACHE_SIZE) {
        REGEX_CACHE.clear();
      }
      REGEX_CACHE.put(key, compiled);
    }
    return compiled;
  }
}
