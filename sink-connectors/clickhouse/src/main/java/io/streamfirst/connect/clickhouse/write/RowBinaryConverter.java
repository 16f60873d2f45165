// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.clickhouse.write;

import io.streamfirst.connect.clickhouse.schema.ChType;
import io.streamfirst.connect.clickhouse.schema.ChType.Kind;
import java.util.List;

/**
 * Rewrites RowBinary rows encoded for one list of column types into another, for the changes the
 * sink itself makes to columns: a wider signed integer (Int8 → Int16 → Int32 → Int64), Float32 →
 * Float64, and {@code Nullable} added; {@code LowCardinality} wrappers (same RowBinary) are ignored.
 * Columns whose type did not change are copied byte for byte. Used when another writer changed the
 * table while this one still held rows encoded for the old types.
 */
final class RowBinaryConverter {

  private final ChType[] from;
  private final ChType[] to;

  private RowBinaryConverter(ChType[] from, ChType[] to) {
    this.from = from;
    this.to = to;
  }

  /**
   * A converter from {@code from} to {@code to} (same length, column by column), or null when some
   * column cannot be converted (another type family, Nullable removed, narrower, a type the sink never
   * writes).
   */
  static RowBinaryConverter of(List<ChType> from, List<ChType> to) {
    if (from.size() != to.size()) {
      return null;
    }
    for (int i = 0; i < from.size(); i++) {
      if (to.get(i) == null || !convertible(from.get(i), to.get(i))) {
        return null;
      }
    }
    return new RowBinaryConverter(from.toArray(ChType[]::new), to.toArray(ChType[]::new));
  }

  /** Whether a RowBinary value of {@code from} can be rewritten as one of {@code to}. */
  static boolean convertible(ChType from, ChType to) {
    ChType f = unwrapLowCardinality(from);
    ChType t = unwrapLowCardinality(to);
    if (f.text().equals(t.text())) {
      return skippable(f);
    }
    if (t.kind() == Kind.NULLABLE) {
      return convertible(f.kind() == Kind.NULLABLE ? f.inner() : f, t.inner());
    }
    if (f.kind() == Kind.NULLABLE) {
      return false;
    }
    int fw = signedWidth(f.kind());
    int tw = signedWidth(t.kind());
    if (fw > 0 && tw > 0) {
      return tw >= fw;
    }
    return f.kind() == Kind.FLOAT32 && t.kind() == Kind.FLOAT64;
  }

  /**
   * Rewrites {@code rows} rows of {@code data[0, length)}.
   *
   * @throws IllegalStateException when the bytes are not {@code rows} rows of the source types
   */
  Bytes convert(byte[] data, int length, int rows) {
    Bytes out = new Bytes(length + length / 4 + 64);
    Reader in = new Reader(data, length);
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < from.length; c++) {
        convert(unwrapLowCardinality(from[c]), unwrapLowCardinality(to[c]), in, out);
      }
    }
    if (in.pos != length) {
      throw new IllegalStateException("RowBinary rows end at byte " + in.pos + " of " + length);
    }
    return out;
  }

  private static void convert(ChType f, ChType t, Reader in, Bytes out) {
    if (f.text().equals(t.text())) {
      int start = in.pos;
      skip(f, in);
      out.write(in.data, start, in.pos - start);
      return;
    }
    if (t.kind() == Kind.NULLABLE) {
      if (f.kind() == Kind.NULLABLE) {
        int isNull = in.read();
        out.write(isNull);
        if (isNull == 0) {
          convert(unwrapLowCardinality(f.inner()), unwrapLowCardinality(t.inner()), in, out);
        }
      } else {
        out.write(0);
        convert(f, unwrapLowCardinality(t.inner()), in, out);
      }
      return;
    }
    if (f.kind() == Kind.FLOAT32) {
      out.writeLong(Double.doubleToRawLongBits(Float.intBitsToFloat((int) in.little(4))));
      return;
    }
    long value = in.little(signedWidth(f.kind()));
    int shift = 64 - 8 * signedWidth(f.kind());
    value = (value << shift) >> shift; // sign-extend
    switch (signedWidth(t.kind())) {
      case 2 -> out.writeShort((int) value);
      case 4 -> out.writeInt((int) value);
      default -> out.writeLong(value);
    }
  }

  private static ChType unwrapLowCardinality(ChType type) {
    return type.kind() == Kind.LOW_CARDINALITY ? unwrapLowCardinality(type.inner()) : type;
  }

  private static int signedWidth(Kind kind) {
    return switch (kind) {
      case INT8 -> 1;
      case INT16 -> 2;
      case INT32 -> 4;
      case INT64 -> 8;
      default -> 0;
    };
  }

  /** Whether {@link #skip} knows the type's RowBinary length. */
  private static boolean skippable(ChType type) {
    return switch (type.kind()) {
      case UNSUPPORTED -> false;
      case NULLABLE, LOW_CARDINALITY, ARRAY -> skippable(type.inner());
      case MAP -> skippable(type.args().get(0)) && skippable(type.args().get(1));
      default -> true;
    };
  }

  /** Moves past one value of {@code type}. */
  private static void skip(ChType type, Reader in) {
    switch (type.kind()) {
      case INT8, UINT8, BOOL -> in.pos += 1;
      case INT16, UINT16, DATE -> in.pos += 2;
      case INT32, UINT32, FLOAT32, DATE32, DATETIME -> in.pos += 4;
      case INT64, UINT64, FLOAT64, DATETIME64 -> in.pos += 8;
      case UUID -> in.pos += 16;
      case FIXED_STRING -> in.pos += type.precision();
      case DECIMAL -> {
        int p = type.precision();
        in.pos += p <= 9 ? 4 : p <= 18 ? 8 : p <= 38 ? 16 : 32;
      }
      case STRING -> {
        long n = in.varint();
        in.pos += (int) n;
      }
      case NULLABLE -> {
        if (in.read() == 0) {
          skip(type.inner(), in);
        }
      }
      case LOW_CARDINALITY -> skip(type.inner(), in);
      case ARRAY -> {
        long n = in.varint();
        for (long i = 0; i < n; i++) {
          skip(type.inner(), in);
        }
      }
      case MAP -> {
        long n = in.varint();
        for (long i = 0; i < n; i++) {
          skip(type.args().get(0), in);
          skip(type.args().get(1), in);
        }
      }
      case UNSUPPORTED -> throw new IllegalStateException("no RowBinary length for " + type.text());
    }
    if (in.pos > in.length) {
      throw new IllegalStateException("RowBinary value of " + type.text() + " runs past the end of the rows");
    }
  }

  /** A position in encoded rows. */
  private static final class Reader {
    final byte[] data;
    final int length;
    int pos;

    Reader(byte[] data, int length) {
      this.data = data;
      this.length = length;
    }

    int read() {
      if (pos >= length) {
        throw new IllegalStateException("RowBinary rows end in the middle of a value");
      }
      return data[pos++] & 0xFF;
    }

    long little(int width) {
      long v = 0;
      for (int i = 0; i < width; i++) {
        v |= (long) read() << (8 * i);
      }
      return v;
    }

    long varint() {
      long v = 0;
      for (int shift = 0; shift < 64; shift += 7) {
        int b = read();
        v |= (long) (b & 0x7F) << shift;
        if ((b & 0x80) == 0) {
          return v;
        }
      }
      throw new IllegalStateException("RowBinary length longer than 10 bytes");
    }
  }
}
