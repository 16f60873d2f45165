// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.clickhouse.write;

import io.streamfirst.connect.clickhouse.schema.ChType;

/**
 * Writes Java values (as Connect hands them over: boxed primitives, String, byte[], BigDecimal,
 * java.util.Date, List, Map, Struct) into one ClickHouse column type, as RowBinary or as a
 * JSONEachRow value. Built once per column from the table's actual type, so a record is always
 * encoded for the column it lands in. A value that does not fit throws {@link ValueException}. The
 * codecs of each type family are in {@link NumberCodecs}, {@link TextCodecs}, {@link TimeCodecs} and
 * {@link CompositeCodecs}.
 */
public abstract class Codec {

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
      case INT8 -> new NumberCodecs.IntCodec(type, 1, Byte.MIN_VALUE, Byte.MAX_VALUE);
      case INT16 -> new NumberCodecs.IntCodec(type, 2, Short.MIN_VALUE, Short.MAX_VALUE);
      case INT32 -> new NumberCodecs.IntCodec(type, 4, Integer.MIN_VALUE, Integer.MAX_VALUE);
      case INT64 -> new NumberCodecs.IntCodec(type, 8, Long.MIN_VALUE, Long.MAX_VALUE);
      case UINT8, BOOL -> new NumberCodecs.IntCodec(type, 1, 0, 255);
      case UINT16 -> new NumberCodecs.IntCodec(type, 2, 0, 65_535);
      case UINT32 -> new NumberCodecs.IntCodec(type, 4, 0, 4_294_967_295L);
      case UINT64 -> new NumberCodecs.IntCodec(type, 8, 0, Long.MAX_VALUE);
      case FLOAT32, FLOAT64 -> new NumberCodecs.FloatCodec(type);
      case STRING, FIXED_STRING -> new TextCodecs.StringCodec(type);
      case DECIMAL -> new NumberCodecs.DecimalCodec(type);
      case DATE, DATE32 -> new TimeCodecs.DateCodec(type);
      case DATETIME, DATETIME64 -> new TimeCodecs.DateTimeCodec(type);
      case UUID -> new TextCodecs.UuidCodec(type);
      case NULLABLE -> new CompositeCodecs.NullableCodec(type, of(type.inner()));
      case LOW_CARDINALITY -> of(type.inner());
      case ARRAY -> new CompositeCodecs.ArrayCodec(type, of(type.inner()));
      case MAP -> new CompositeCodecs.MapCodec(type, of(type.args().get(0)), of(type.args().get(1)));
      case UNSUPPORTED -> new UnsupportedCodec(type);
    };
  }

  ValueException mismatch(Object value) {
    return new ValueException(
        "a " + value.getClass().getSimpleName() + " value does not fit column type " + type.text());
  }

  ValueException notNullable() {
    return new ValueException("null for a column of type " + type.text() + ", which is not Nullable");
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
