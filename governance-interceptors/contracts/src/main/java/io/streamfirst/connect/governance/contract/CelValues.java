// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.governance.contract;

import com.google.protobuf.ByteString;
import dev.cel.common.values.NullValue;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Struct;

/**
 * Connect values as CEL sees them: structs and maps become CEL maps keyed by field name (an optional field that
 * is null is present with CEL's {@code null}), every integer type {@code int}, float types {@code double},
 * {@code Decimal} a {@code double}, {@code Date}/{@code Time}/{@code Timestamp} their epoch milliseconds as
 * {@code int}, bytes {@code bytes}.
 */
final class CelValues {

  private CelValues() {}

  static Object of(Object value) {
    if (value == null) {
      return NullValue.NULL_VALUE;
    }
    if (value instanceof Struct struct) {
      Map<String, Object> map = new HashMap<>();
      for (Field field : struct.schema().fields()) {
        map.put(field.name(), of(struct.get(field)));
      }
      return map;
    }
    if (value instanceof Map<?, ?> in) {
      Map<Object, Object> map = new HashMap<>();
      in.forEach((k, v) -> map.put(k instanceof Number || k instanceof Boolean ? of(k) : String.valueOf(k), of(v)));
      return map;
    }
    if (value instanceof List<?> in) {
      List<Object> list = new ArrayList<>(in.size());
      in.forEach(v -> list.add(of(v)));
      return list;
    }
    if (value instanceof Byte || value instanceof Short || value instanceof Integer || value instanceof Long) {
      return ((Number) value).longValue();
    }
    if (value instanceof Float || value instanceof Double || value instanceof BigDecimal) {
      return ((Number) value).doubleValue();
    }
    if (value instanceof byte[] bytes) {
      return ByteString.copyFrom(bytes);
    }
    if (value instanceof ByteBuffer buffer) {
      return ByteString.copyFrom(buffer.duplicate());
    }
    if (value instanceof Date date) {
      return date.getTime();
    }
    return value;
  }
}
