// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.clickhouse.write;

import io.streamfirst.connect.clickhouse.schema.ChType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;

/** Codecs of the number family: integers (and booleans), floats and decimals. */
final class NumberCodecs {

  private NumberCodecs() {}

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
        throw new ValueException(
            "a decimal with more than " + type.precision() + " digits for column type " + type.text());
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
}
