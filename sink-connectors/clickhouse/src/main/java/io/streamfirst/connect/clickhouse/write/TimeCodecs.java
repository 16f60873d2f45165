// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.clickhouse.write;

import io.streamfirst.connect.clickhouse.schema.ChType;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** Codecs of the date and time family: Date, Date32, DateTime and DateTime64(p). */
final class TimeCodecs {

  static final long MS_PER_DAY = 86_400_000L;
  private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

  private TimeCodecs() {}

  /** Milliseconds since the epoch of a date, a number, an instant or ISO-8601 text. */
  static long epochMillis(Object value, Codec codec) {
    if (value instanceof java.util.Date d) {
      return d.getTime();
    }
    if (value instanceof Number n && !(value instanceof Double) && !(value instanceof Float)) {
      return n.longValue();
    }
    if (value instanceof Instant i) {
      return i.toEpochMilli();
    }
    if (value instanceof String s) {
      try {
        return Instant.parse(s).toEpochMilli();
      } catch (DateTimeParseException notIso) {
        try {
          return LocalDateTime.parse(s.replace(' ', 'T')).toInstant(ZoneOffset.UTC).toEpochMilli();
        } catch (DateTimeParseException e) {
          throw new ValueException("text that is not an ISO-8601 timestamp for column type " + codec.type.text());
        }
      }
    }
    if (value == null) {
      throw codec.notNullable();
    }
    throw codec.mismatch(value);
  }

  /** Date (UInt16 days since 1970) and Date32 (Int32 days). */
  static final class DateCodec extends Codec {
    DateCodec(ChType type) {
      super(type);
    }

    long days(Object value) {
      long days;
      if (value instanceof java.util.Date d) {
        days = Math.floorDiv(d.getTime(), MS_PER_DAY);
      } else if (value instanceof Integer || value instanceof Long || value instanceof Short) {
        days = ((Number) value).longValue();
      } else if (value instanceof LocalDate ld) {
        days = ld.toEpochDay();
      } else if (value instanceof String s) {
        try {
          days = LocalDate.parse(s.strip()).toEpochDay();
        } catch (DateTimeParseException e) {
          throw new ValueException("text that is not an ISO-8601 date for column type " + type.text());
        }
      } else if (value == null) {
        throw notNullable();
      } else {
        throw mismatch(value);
      }
      boolean date32 = type.kind() == ChType.Kind.DATE32;
      if (date32 ? days < -25_567 || days > 120_529 : days < 0 || days > 65_535) {
        throw new ValueException("a date outside the range of column type " + type.text()
            + (date32 ? "" : " (1970-01-01 to 2149-06-06)"));
      }
      return days;
    }

    @Override
    public void binary(Object value, Bytes out) {
      long days = days(value);
      if (type.kind() == ChType.Kind.DATE32) {
        out.writeInt((int) days);
      } else {
        out.writeShort((int) days);
      }
    }

    @Override
    public void json(Object value, Bytes out) {
      out.write('"');
      out.writeAscii(LocalDate.ofEpochDay(days(value)).toString());
      out.write('"');
    }
  }

  /** DateTime (UInt32 seconds; milliseconds are cut) and DateTime64(p) (Int64 ticks of 10^-p s). */
  static final class DateTimeCodec extends Codec {
    DateTimeCodec(ChType type) {
      super(type);
    }

    long ticks(Object value) {
      long ms = epochMillis(value, this);
      if (type.kind() == ChType.Kind.DATETIME) {
        long seconds = Math.floorDiv(ms, 1000L);
        if (seconds < 0 || seconds > 4_294_967_295L) {
          throw new ValueException("a timestamp outside the range of column type " + type.text()
              + " (1970 to 2106)");
        }
        return seconds;
      }
      int p = type.precision();
      return p >= 3 ? Math.multiplyExact(ms, pow10(p - 3)) : Math.floorDiv(ms, pow10(3 - p));
    }

    @Override
    public void binary(Object value, Bytes out) {
      long t = ticks(value);
      if (type.kind() == ChType.Kind.DATETIME) {
        out.writeInt((int) t);
      } else {
        out.writeLong(t);
      }
    }

    @Override
    public void json(Object value, Bytes out) {
      long ms = epochMillis(value, this);
      long t = ticks(value);
      LocalDateTime time = LocalDateTime.ofEpochSecond(Math.floorDiv(ms, 1000L), 0, ZoneOffset.UTC);
      out.write('"');
      out.writeAscii(DATE_TIME.format(time));
      if (type.kind() == ChType.Kind.DATETIME64 && type.precision() > 0) {
        long fraction = Math.floorMod(t, pow10(type.precision()));
        String digits = Long.toString(fraction);
        out.write('.');
        for (int i = digits.length(); i < type.precision(); i++) {
          out.write('0');
        }
        out.writeAscii(digits);
      }
      out.write('"');
    }

    private static long pow10(int n) {
      long v = 1;
      for (int i = 0; i < n; i++) {
        v *= 10;
      }
      return v;
    }
  }
}
