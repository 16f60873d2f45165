// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.sql.functions;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.time.temporal.IsoFields;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.calcite.linq4j.function.Strict;

/**
 * Date and time with PostgreSQL 17 semantics: text input and output of timestamps and dates,
 * EXTRACT and date_trunc. Called by generated code (hence public); a NULL argument yields NULL
 * without a call. Timestamps are UTC milliseconds, dates days since 1970-01-01, as inside the engine.
 */
@Strict
public final class PgDateTimeFunctions {

  private static final long MILLIS_PER_DAY = 86_400_000L;

  private PgDateTimeFunctions() {}

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
    long millis = fraction.isEmpty()
        ? 0
        : new BigDecimal("0." + fraction).movePointRight(3)
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
        throw new IllegalArgumentException(
            "unit \"" + unit.toLowerCase(Locale.ROOT) + "\" not supported for type date");
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
}
