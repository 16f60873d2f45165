// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.sql.window;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Date;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Time;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.errors.DataException;

/**
 * A Connect value with its type, in the compact binary form kept in repartition topics and window
 * state: a type tag (with a decimal's scale), a presence byte, the value.
 */
record TypedValue(int tag, int scale, Object value) {

  static final int UNKNOWN = 0;
  static final int INT8 = 1;
  static final int INT16 = 2;
  static final int INT32 = 3;
  static final int INT64 = 4;
  static final int FLOAT32 = 5;
  static final int FLOAT64 = 6;
  static final int BOOLEAN = 7;
  static final int STRING = 8;
  static final int BYTES = 9;
  static final int DECIMAL = 10;
  static final int TIMESTAMP = 11;
  static final int DATE = 12;
  static final int TIME = 13;

  static final TypedValue NULL = new TypedValue(UNKNOWN, 0, null);

  /** A value of a field with {@code schema} (null for a schemaless value). */
  static TypedValue of(Schema schema, Object value) {
    if (schema != null) {
      String logical = schema.name();
      if (Decimal.LOGICAL_NAME.equals(logical)) {
        return new TypedValue(DECIMAL, Integer.parseInt(schema.parameters().get(Decimal.SCALE_FIELD)), value);
      }
      if (Timestamp.LOGICAL_NAME.equals(logical)) {
        return new TypedValue(TIMESTAMP, 0, value);
      }
      if (org.apache.kafka.connect.data.Date.LOGICAL_NAME.equals(logical)) {
        return new TypedValue(DATE, 0, value);
      }
      if (Time.LOGICAL_NAME.equals(logical)) {
        return new TypedValue(TIME, 0, value);
      }
      return switch (schema.type()) {
        case INT8 -> new TypedValue(INT8, 0, value);
        case INT16 -> new TypedValue(INT16, 0, value);
        case INT32 -> new TypedValue(INT32, 0, value);
        case INT64 -> new TypedValue(INT64, 0, value);
        case FLOAT32 -> new TypedValue(FLOAT32, 0, value);
        case FLOAT64 -> new TypedValue(FLOAT64, 0, value);
        case BOOLEAN -> new TypedValue(BOOLEAN, 0, value);
        case STRING -> new TypedValue(STRING, 0, value);
        case BYTES -> new TypedValue(BYTES, 0, value instanceof java.nio.ByteBuffer b ? bytes(b) : value);
        default -> throw new DataException("Windowed SQL groups and aggregates scalar values only, not "
            + schema.type());
      };
    }
    if (value == null) {
      return NULL;
    }
    if (value instanceof Byte) {
      return new TypedValue(INT8, 0, value);
    } else if (value instanceof Short) {
      return new TypedValue(INT16, 0, value);
    } else if (value instanceof Integer) {
      return new TypedValue(INT32, 0, value);
    } else if (value instanceof Long) {
      return new TypedValue(INT64, 0, value);
    } else if (value instanceof Float) {
      return new TypedValue(FLOAT32, 0, value);
    } else if (value instanceof Double) {
      return new TypedValue(FLOAT64, 0, value);
    } else if (value instanceof Boolean) {
      return new TypedValue(BOOLEAN, 0, value);
    } else if (value instanceof String) {
      return new TypedValue(STRING, 0, value);
    } else if (value instanceof byte[]) {
      return new TypedValue(BYTES, 0, value);
    } else if (value instanceof BigDecimal d) {
      return new TypedValue(DECIMAL, d.scale(), value);
    } else if (value instanceof Date) {
      return new TypedValue(TIMESTAMP, 0, value);
    }
    throw new DataException("Windowed SQL groups and aggregates scalar values only, not "
        + value.getClass().getSimpleName());
  }

  private static byte[] bytes(java.nio.ByteBuffer buffer) {
    byte[] out = new byte[buffer.remaining()];
    buffer.duplicate().get(out);
    return out;
  }

  boolean isNumeric() {
    return tag >= INT8 && tag <= FLOAT64 || tag == DECIMAL;
  }

  /** The optional Connect schema of this type (an unknown type, only NULLs seen, reads as optional text). */
  Schema schema() {
    return switch (tag) {
      case INT8 -> Schema.OPTIONAL_INT8_SCHEMA;
      case INT16 -> Schema.OPTIONAL_INT16_SCHEMA;
      case INT32 -> Schema.OPTIONAL_INT32_SCHEMA;
      case INT64 -> Schema.OPTIONAL_INT64_SCHEMA;
      case FLOAT32 -> Schema.OPTIONAL_FLOAT32_SCHEMA;
      case FLOAT64 -> Schema.OPTIONAL_FLOAT64_SCHEMA;
      case BOOLEAN -> Schema.OPTIONAL_BOOLEAN_SCHEMA;
      case BYTES -> Schema.OPTIONAL_BYTES_SCHEMA;
      case DECIMAL -> Decimal.builder(scale).optional().build();
      case TIMESTAMP -> Timestamp.builder().optional().build();
      case DATE -> org.apache.kafka.connect.data.Date.builder().optional().build();
      case TIME -> Time.builder().optional().build();
      default -> Schema.OPTIONAL_STRING_SCHEMA;
    };
  }

  /** A schema description for cache keys. */
  String signature() {
    return tag + "/" + scale;
  }

  void write(DataOutputStream out) throws IOException {
    out.writeByte(tag);
    if (tag == DECIMAL) {
      out.writeInt(scale);
    }
    out.writeBoolean(value != null);
    if (value == null) {
      return;
    }
    switch (tag) {
      case INT8 -> out.writeByte((Byte) value);
      case INT16 -> out.writeShort((Short) value);
      case INT32 -> out.writeInt((Integer) value);
      case INT64 -> out.writeLong((Long) value);
      case FLOAT32 -> out.writeFloat((Float) value);
      case FLOAT64 -> out.writeDouble((Double) value);
      case BOOLEAN -> out.writeBoolean((Boolean) value);
      case STRING -> writeBytes(out, ((String) value).getBytes(java.nio.charset.StandardCharsets.UTF_8));
      case BYTES -> writeBytes(out, (byte[]) value);
      case DECIMAL -> {
        BigDecimal d = (BigDecimal) value;
        out.writeInt(d.scale());
        writeBytes(out, d.unscaledValue().toByteArray());
      }
      case TIMESTAMP, DATE, TIME -> out.writeLong(((Date) value).getTime());
      default -> throw new IllegalStateException("no value of an unknown type");
    }
  }

  static TypedValue read(DataInputStream in) throws IOException {
    int tag = in.readByte();
    int scale = tag == DECIMAL ? in.readInt() : 0;
    if (!in.readBoolean()) {
      return new TypedValue(tag, scale, null);
    }
    Object value = switch (tag) {
      case INT8 -> in.readByte();
      case INT16 -> in.readShort();
      case INT32 -> in.readInt();
      case INT64 -> in.readLong();
      case FLOAT32 -> in.readFloat();
      case FLOAT64 -> in.readDouble();
      case BOOLEAN -> in.readBoolean();
      case STRING -> new String(readBytes(in), java.nio.charset.StandardCharsets.UTF_8);
      case BYTES -> readBytes(in);
      case DECIMAL -> {
        int s = in.readInt();
        yield new BigDecimal(new BigInteger(readBytes(in)), s);
      }
      case TIMESTAMP, DATE, TIME -> new Date(in.readLong());
      default -> throw new IOException("unknown value type " + tag);
    };
    return new TypedValue(tag, scale, value);
  }

  static void writeBytes(DataOutputStream out, byte[] bytes) throws IOException {
    out.writeInt(bytes.length);
    out.write(bytes);
  }

  static byte[] readBytes(DataInputStream in) throws IOException {
    byte[] bytes = new byte[in.readInt()];
    in.readFully(bytes);
    return bytes;
  }

  /** A text that two values share exactly when PostgreSQL calls them equal (1.0 = 1.00, -0.0 = 0.0). */
  String distinctKey() {
    if (value instanceof BigDecimal d) {
      return d.signum() == 0 ? "0" : d.stripTrailingZeros().toPlainString();
    }
    if (value instanceof Double || value instanceof Float) {
      double v = ((Number) value).doubleValue();
      return v == 0.0 ? "0.0" : Double.toString(v);
    }
    if (value instanceof byte[] b) {
      return java.util.HexFormat.of().formatHex(b);
    }
    if (value instanceof Date d) {
      return Long.toString(d.getTime());
    }
    return String.valueOf(value);
  }
}
