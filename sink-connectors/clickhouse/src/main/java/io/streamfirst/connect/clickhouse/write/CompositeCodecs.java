// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.clickhouse.write;

import io.streamfirst.connect.clickhouse.schema.ChType;
import java.util.List;
import java.util.Map;

/** Codecs of types built from other types: Nullable(T), Array(T) and Map(K, V). */
final class CompositeCodecs {

  private CompositeCodecs() {}

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
}
