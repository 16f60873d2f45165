package io.streamfirst.connect.clickhouse.write;

import io.streamfirst.connect.clickhouse.schema.ChType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Writes Java values (as Connect hands them over: boxed primitives, String, byte[], BigDecimal,
 * java.util.Date, List, Map, Struct) into one ClickHouse column type, as RowBinary or as a
 * JSONEachRow value. Built once per column from the table's actual type, so a record is always
 * encoded for the column it lands in. A value that does not fit throws {@link ValueException}.
 */
public abstract class Codec {

  static final long MS_PER_DAY = 86_400_000L;
  private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

  final ChType type;

  Codec(ChType type) {
    this.type = type;
  }

  public ChType type() {
    return type;
  }

  /** Writes {@code value} (may be null) as RowBinary. */
  public abstract void binary(Object value, Bytes out);

  /** Writes {@code value} (may be null) as a JSON value. */
  public abstract void json(Object value, Bytes out);

  /** Writes the type's default (zero, empty, NULL), for the non-key columns of a delete without a row. */
  public void binaryDefault(Bytes out) {
    binary(zero(), out);
  }

  Object zero() {
    return 0L;
  }

  /** The codec for {@code type}. */
  public static Codec of(ChType type) {
    return switch (type.kind()) {
      case INT8 -> new IntCodec(type, 1, Byte.MIN_VALUE, Byte.MAX_VALUE);
      case INT16 -> new IntCodec(type, 2, Short.MIN_VALUE, Short.MAX_VALUE);
      case INT32 -> new IntCodec(type, 4, Integer.MIN_VALUE, Integer.MAX_VALUE);
      case INT64 -> new IntCodec(type, 8, Long.MIN_VALUE, Long.MAX_VALUE);
      case UINT8, BOOL -> new IntCodec(type, 1, 0, 255);
      case UINT16 -> new IntCodec(type, 2, 0, 65_535);
      case UINT32 -> new IntCodec(type, 4, 0, 4_294_967_295L);
      case UINT64 -> new IntCodec(type, 8, 0, Long.MAX_VALUE);
      case FLOAT32, FLOAT64 -> new FloatCodec(type);
      case STRING, FIXED_STRING -> new StringCodec(type);
      case DECIMAL -> new DecimalCodec(type);
      case DATE, DATE32 -> new DateCodec(type);
      case DATETIME, DATETIME64 -> new DateTimeCodec(type);
      case UUID -> new UuidCodec(type);
      case NULLABLE -> new NullableCodec(type, of(type.inner()));
      case LOW_CARDINALITY -> of(type.inner());
      case ARRAY -> new ArrayCodec(type, of(type.inner()));
      case MAP -> new MapCodec(type, of(type.args().get(0)), of(type.args().get(1)));
      case UNSUPPORTED -> new UnsupportedCodec(type);
    };
  }

  ValueException mismatch(Object value) {
    return new ValueException("a " + value.getClass().getSimpleName() + " value does not fit column type " + type.text());
  }

  ValueException notNullable() {
    return new ValueException("null for a column of type " + type.text() + ", which is not Nullable");
  }

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

  /** Integers (and booleans) of 1, 2, 4 or 8 bytes, range-checked. */
  static final class IntCodec extends Codec {
    private final int width;
    private final long min;
    private final long max;

    IntCodec(ChType type, int width, long min, long max) {
      super(type);
      this.width = width;
      this.min = min;
      this.max = max;
    }

    long value(Object value) {
      long v;
      if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
        v = ((Number) value).longValue();
      } else if (value instanceof Boolean b) {
        v = b ? 1 : 0;
      } else if (value instanceof BigInteger || value instanceof BigDecimal || value instanceof Double
          || value instanceof Float) {
        BigDecimal d = value instanceof BigInteger bi ? new BigDecimal(bi) : new BigDecimal(value.toString());
        try {
          v = d.longValueExact();
        } catch (ArithmeticException e) {
          throw new ValueException("a number that is not an integer in the Int64 range for column type " + type.text());
        }
      } else if (value instanceof java.util.Date d) {
        v = d.getTime();
      } else if (value instanceof String s) {
        try {
          v = Long.parseLong(s.strip());
        } catch (NumberFormatException e) {
          throw new ValueException("text that is not an integer for column type " + type.text());
        }
      } else if (value == null) {
        throw notNullable();
      } else {
        throw mismatch(value);
      }
      if (v < min || v > max) {
        throw new ValueException("a number outside the range of column type " + type.text());
      }
      return v;
    }

    @Override
    public void binary(Object value, Bytes out) {
      long v = value(value);
      switch (width) {
        case 1 -> out.write((int) v);
        case 2 -> out.writeShort((int) v);
        case 4 -> out.writeInt((int) v);
        default -> out.writeLong(v);
      }
    }

    @Override
    public void json(Object value, Bytes out) {
      long v = value(value);
      if (type.kind() == ChType.Kind.BOOL) {
        out.writeAscii(v != 0 ? "true" : "false");
      } else {
        out.writeAscii(Long.toString(v));
      }
    }
  }

  /** Float32 and Float64. */
  static final class FloatCodec extends Codec {
    FloatCodec(ChType type) {
      super(type);
    }

    double value(Object value) {
      if (value instanceof Number n) {
        return n.doubleValue();
      }
      if (value instanceof Boolean b) {
        return b ? 1 : 0;
      }
      if (value instanceof String s) {
        try {
          return Double.parseDouble(s.strip());
        } catch (NumberFormatException e) {
          throw new ValueException("text that is not a number for column type " + type.text());
        }
      }
      if (value == null) {
        throw notNullable();
      }
      throw mismatch(value);
    }

    @Override
    public void binary(Object value, Bytes out) {
      double v = value(value);
      if (type.kind() == ChType.Kind.FLOAT32) {
        out.writeInt(Float.floatToRawIntBits((float) v));
      } else {
        out.writeLong(Double.doubleToRawLongBits(v));
      }
    }

    @Override
    public void json(Object value, Bytes out) {
      double v = value(value);
      if (Double.isNaN(v) || Double.isInfinite(v)) {
        out.writeAscii(Double.isNaN(v) ? "\"nan\"" : v > 0 ? "\"inf\"" : "\"-inf\"");
      } else {
        out.writeAscii(type.kind() == ChType.Kind.FLOAT32 ? Float.toString((float) v) : Double.toString(v));
      }
    }
  }

  /** String (any value: text as is, bytes raw, structures as JSON) and FixedString(N). */
  static final class StringCodec extends Codec {
    StringCodec(ChType type) {
      super(type);
    }

    byte[] value(Object value) {
      if (value instanceof String s) {
        return s.getBytes(StandardCharsets.UTF_8);
      }
      if (value instanceof byte[] b) {
        return b;
      }
      if (value instanceof ByteBuffer bb) {
        byte[] b = new byte[bb.remaining()];
        bb.duplicate().get(b);
        return b;
      }
      if (value == null) {
        throw notNullable();
      }
      return JsonText.of(value).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    Object zero() {
      return new byte[0];
    }

    @Override
    public void binary(Object value, Bytes out) {
      if (value instanceof String s && type.kind() == ChType.Kind.STRING) {
        out.writeString(s);
        return;
      }
      byte[] b = value(value);
      if (type.kind() == ChType.Kind.FIXED_STRING) {
        if (b.length > type.precision()) {
          throw new ValueException("a value longer than " + type.precision() + " bytes for column type " + type.text());
        }
        out.write(b);
        for (int i = b.length; i < type.precision(); i++) {
          out.write(0);
        }
      } else {
        out.writeVarint(b.length);
        out.write(b);
      }
    }

    @Override
    public void json(Object value, Bytes out) {
      String text = value instanceof String s ? s : new String(value(value), StandardCharsets.UTF_8);
      out.writeJsonString(text);
    }
  }

  /** Decimal(P, S): rescaled without rounding (a value with more decimals than S is rejected). */
  static final class DecimalCodec extends Codec {
    private final int width;
    private final BigInteger limit;

    DecimalCodec(ChType type) {
      super(type);
      int p = type.precision();
      width = p <= 9 ? 4 : p <= 18 ? 8 : p <= 38 ? 16 : 32;
      limit = BigInteger.TEN.pow(p);
    }

    BigDecimal value(Object value) {
      BigDecimal d;
      if (value instanceof BigDecimal bd) {
        d = bd;
      } else if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
        d = BigDecimal.valueOf(((Number) value).longValue());
      } else if (value instanceof Number || value instanceof String) {
        try {
          d = new BigDecimal(value.toString().strip());
        } catch (NumberFormatException e) {
          throw new ValueException("a value that is not a decimal number for column type " + type.text());
        }
      } else if (value == null) {
        throw notNullable();
      } else {
        throw mismatch(value);
      }
      BigDecimal scaled;
      try {
        scaled = d.setScale(type.scale(), RoundingMode.UNNECESSARY);
      } catch (ArithmeticException e) {
        throw new ValueException("a decimal with more than " + type.scale() + " fractional digits for column type "
            + type.text());
      }
      if (scaled.unscaledValue().abs().compareTo(limit) >= 0) {
        throw new ValueException("a decimal with more than " + type.precision() + " digits for column type " + type.text());
      }
      return scaled;
    }

    @Override
    public void binary(Object value, Bytes out) {
      BigInteger unscaled = value(value).unscaledValue();
      if (width == 4) {
        out.writeInt(unscaled.intValue());
      } else if (width == 8) {
        out.writeLong(unscaled.longValue());
      } else {
        byte[] big = unscaled.toByteArray(); // big-endian two's complement
        byte pad = (byte) (unscaled.signum() < 0 ? 0xff : 0);
        for (int i = 0; i < width; i++) {
          int from = big.length - 1 - i;
          out.write(from >= 0 ? big[from] : pad);
        }
      }
    }

    @Override
    public void json(Object value, Bytes out) {
      out.writeAscii(value(value).toPlainString());
    }
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

  /** UUID from java.util.UUID or its text form. */
  static final class UuidCodec extends Codec {
    UuidCodec(ChType type) {
      super(type);
    }

    UUID value(Object value) {
      if (value instanceof UUID u) {
        return u;
      }
      if (value instanceof String s) {
        try {
          return UUID.fromString(s.strip());
        } catch (IllegalArgumentException e) {
          throw new ValueException("text that is not a UUID for column type " + type.text());
        }
      }
      if (value == null) {
        throw notNullable();
      }
      throw mismatch(value);
    }

    @Override
    Object zero() {
      return new UUID(0, 0);
    }

    @Override
    public void binary(Object value, Bytes out) {
      UUID u = value(value);
      out.writeLong(u.getMostSignificantBits());
      out.writeLong(u.getLeastSignificantBits());
    }

    @Override
    public void json(Object value, Bytes out) {
      out.writeJsonString(value(value).toString());
    }
  }

  /** Nullable(T): a null flag byte, then the value. */
  static final class NullableCodec extends Codec {
    private final Codec inner;

    NullableCodec(ChType type, Codec inner) {
      super(type);
      this.inner = inner;
    }

    @Override
    public void binary(Object value, Bytes out) {
      if (value == null) {
        out.write(1);
      } else {
        out.write(0);
        inner.binary(value, out);
      }
    }

    @Override
    public void json(Object value, Bytes out) {
      if (value == null) {
        out.writeAscii("null");
      } else {
        inner.json(value, out);
      }
    }

    @Override
    public void binaryDefault(Bytes out) {
      out.write(1);
    }
  }

  /** Array(T) from a List (null: empty). */
  static final class ArrayCodec extends Codec {
    private final Codec element;

    ArrayCodec(ChType type, Codec element) {
      super(type);
      this.element = element;
    }

    private List<?> value(Object value) {
      if (value == null) {
        return List.of();
      }
      if (value instanceof List<?> list) {
        return list;
      }
      throw mismatch(value);
    }

    @Override
    Object zero() {
      return List.of();
    }

    @Override
    public void binary(Object value, Bytes out) {
      List<?> list = value(value);
      out.writeVarint(list.size());
      for (Object item : list) {
        element.binary(item, out);
      }
    }

    @Override
    public void json(Object value, Bytes out) {
      out.write('[');
      boolean first = true;
      for (Object item : value(value)) {
        if (!first) {
          out.write(',');
        }
        first = false;
        element.json(item, out);
      }
      out.write(']');
    }
  }

  /** Map(K, V) from a Map (null: empty). */
  static final class MapCodec extends Codec {
    private final Codec keys;
    private final Codec values;

    MapCodec(ChType type, Codec keys, Codec values) {
      super(type);
      this.keys = keys;
      this.values = values;
    }

    private Map<?, ?> value(Object value) {
      if (value == null) {
        return Map.of();
      }
      if (value instanceof Map<?, ?> map) {
        return map;
      }
      throw mismatch(value);
    }

    @Override
    Object zero() {
      return Map.of();
    }

    @Override
    public void binary(Object value, Bytes out) {
      Map<?, ?> map = value(value);
      out.writeVarint(map.size());
      for (Map.Entry<?, ?> e : map.entrySet()) {
        keys.binary(e.getKey(), out);
        values.binary(e.getValue(), out);
      }
    }

    @Override
    public void json(Object value, Bytes out) {
      out.write('{');
      boolean first = true;
      for (Map.Entry<?, ?> e : value(value).entrySet()) {
        if (!first) {
          out.write(',');
        }
        first = false;
        out.writeJsonString(String.valueOf(e.getKey()));
        out.write(':');
        values.json(e.getValue(), out);
      }
      out.write('}');
    }
  }

  /** A column type the sink cannot write (Enum, Tuple, ...): records must leave it to its default. */
  static final class UnsupportedCodec extends Codec {
    UnsupportedCodec(ChType type) {
      super(type);
    }

    private ValueException unsupported() {
      return new ValueException("the sink cannot write column type " + type.text()
          + "; leave the field out of the records or change the column type");
    }

    @Override
    public void binary(Object value, Bytes out) {
      throw unsupported();
    }

    @Override
    public void json(Object value, Bytes out) {
      throw unsupported();
    }

    @Override
    public void binaryDefault(Bytes out) {
      throw unsupported();
    }
  }
}
