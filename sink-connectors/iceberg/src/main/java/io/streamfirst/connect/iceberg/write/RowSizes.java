// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.iceberg.write;

import java.nio.ByteBuffer;
import java.util.Collection;
import java.util.Map;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Struct;

/** A cheap estimate of how much memory a row takes while it is buffered. */
public final class RowSizes {

  private RowSizes() {}

  /** Estimated bytes of {@code value} (Struct, Map, List or a primitive). */
  public static long estimate(Object value) {
    if (value == null) {
      return 8;
    }
    if (value instanceof Struct struct) {
      long size = 16;
      for (Field f : struct.schema().fields()) {
        size += estimate(struct.get(f));
      }
      return size;
    }
    if (value instanceof String s) {
      return 40L + s.length();
    }
    if (value instanceof byte[] bytes) {
      return 16L + bytes.length;
    }
    if (value instanceof ByteBuffer buffer) {
      return 48L + buffer.remaining();
    }
    if (value instanceof Map<?, ?> map) {
      long size = 48;
      for (Map.Entry<?, ?> e : map.entrySet()) {
        size += 32 + estimate(e.getKey()) + estimate(e.getValue());
      }
      return size;
    }
    if (value instanceof Collection<?> list) {
      long size = 24;
      for (Object e : list) {
        size += 8 + estimate(e);
      }
      return size;
    }
    return 16;
  }
}
