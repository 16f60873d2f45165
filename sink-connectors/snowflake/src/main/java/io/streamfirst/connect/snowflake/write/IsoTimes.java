// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.snowflake.write;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;

/**
 * Epoch milliseconds as the ISO-8601 text of {@link LocalDate#toString()}, {@link java.time.LocalTime#toString()}
 * and {@link java.time.LocalDateTime#toString()} in UTC, character for character (seconds left out when they and
 * the milliseconds are zero, milliseconds when zero), written straight into the string's bytes instead of through
 * the intermediate objects and builders of {@code java.time}; years outside 0 to 9999 take {@code java.time}'s way.
 */
final class IsoTimes {

  private static final long DAY_MS = 86_400_000L;

  private IsoTimes() {}

  /** The UTC date of {@code epochMs}, as {@link LocalDate#toString()} writes it. */
  static String date(long epochMs) {
    LocalDate date = LocalDate.ofEpochDay(Math.floorDiv(epochMs, DAY_MS));
    int year = date.getYear();
    if (year < 0 || year > 9999) {
      return date.toString();
    }
    byte[] out = new byte[10];
    writeDate(out, year, date.getMonthValue(), date.getDayOfMonth());
    return new String(out, StandardCharsets.ISO_8859_1);
  }

  /** The UTC time of day of {@code epochMs}, as {@link java.time.LocalTime#toString()} writes it. */
  static String time(long epochMs) {
    int msOfDay = (int) Math.floorMod(epochMs, DAY_MS);
    byte[] out = new byte[timeLength(msOfDay)];
    writeTime(out, 0, msOfDay);
    return new String(out, StandardCharsets.ISO_8859_1);
  }

  /** The UTC date and time of {@code epochMs}, as {@link java.time.LocalDateTime#toString()} writes it. */
  static String dateTime(long epochMs) {
    LocalDate date = LocalDate.ofEpochDay(Math.floorDiv(epochMs, DAY_MS));
    int msOfDay = (int) Math.floorMod(epochMs, DAY_MS);
    int year = date.getYear();
    if (year < 0 || year > 9999) {
      return date + "T" + time(epochMs);
    }
    byte[] out = new byte[11 + timeLength(msOfDay)];
    writeDate(out, year, date.getMonthValue(), date.getDayOfMonth());
    out[10] = 'T';
    writeTime(out, 11, msOfDay);
    return new String(out, StandardCharsets.ISO_8859_1);
  }

  private static int timeLength(int msOfDay) {
    int secondsAndMillis = msOfDay % 60_000;
    return secondsAndMillis == 0 ? 5 : secondsAndMillis % 1000 == 0 ? 8 : 12;
  }

  private static void writeDate(byte[] out, int year, int month, int day) {
    out[0] = digit(year / 1000);
    out[1] = digit(year / 100 % 10);
    out[2] = digit(year / 10 % 10);
    out[3] = digit(year % 10);
    out[4] = '-';
    two(out, 5, month);
    out[7] = '-';
    two(out, 8, day);
  }

  private static void writeTime(byte[] out, int at, int msOfDay) {
    int seconds = msOfDay / 1000;
    two(out, at, seconds / 3600);
    out[at + 2] = ':';
    two(out, at + 3, seconds / 60 % 60);
    if (out.length - at > 5) {
      out[at + 5] = ':';
      two(out, at + 6, seconds % 60);
      if (out.length - at > 8) {
        int millis = msOfDay % 1000;
        out[at + 8] = '.';
        out[at + 9] = digit(millis / 100);
        out[at + 10] = digit(millis / 10 % 10);
        out[at + 11] = digit(millis % 10);
      }
    }
  }

  private static void two(byte[] out, int at, int value) {
    out[at] = digit(value / 10);
    out[at + 1] = digit(value % 10);
  }

  private static byte digit(int value) {
    return (byte) ('0' + value);
  }
}
