// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.sql.engine;

import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Struct;

/**
 * The shape of the most recent flat schemaless value (a map whose values are neither maps, lists nor structs) and
 * of its schemaless key: its field names in iteration order and the class of each value. A record of the same
 * shape reuses the compiled query without building the shape's signature or locking the plan cache. A value of
 * another order, another class or with nested values misses, and the engine takes the signature path.
 */
final class RecentSchemalessShape {

  private final Object[] names;
  private final Class<?>[] classes;
  private final Class<?> keyClass;
  final CompiledQuery compiled;

  private RecentSchemalessShape(Object[] names, Class<?>[] classes, Class<?> keyClass, CompiledQuery compiled) {
    this.names = names;
    this.classes = classes;
    this.keyClass = keyClass;
    this.compiled = compiled;
  }

  /** The shape of a flat map value and a flat key, or null when either nests (those take the signature path). */
  static RecentSchemalessShape of(Map<?, ?> value, Object key, CompiledQuery compiled) {
    if (nests(key)) {
      return null;
    }
    Object[] names = new Object[value.size()];
    Class<?>[] classes = new Class<?>[names.length];
    int i = 0;
    for (Map.Entry<?, ?> entry : value.entrySet()) {
      if (i == names.length || nests(entry.getValue())) {
        return null;
      }
      names[i] = entry.getKey();
      classes[i] = entry.getValue() == null ? null : entry.getValue().getClass();
      i++;
    }
    return i == names.length ? new RecentSchemalessShape(names, classes, classOf(key), compiled) : null;
  }

  /** Whether the value and key have exactly this shape. */
  boolean matches(Map<?, ?> value, Object key) {
    if (value.size() != names.length || classOf(key) != keyClass || nests(key)) {
      return false;
    }
    int i = 0;
    for (Map.Entry<?, ?> entry : value.entrySet()) {
      Object v = entry.getValue();
      if (i == names.length || (v == null ? null : v.getClass()) != classes[i] || !names[i].equals(entry.getKey())) {
        return false;
      }
      i++;
    }
    return i == names.length;
  }

  private static boolean nests(Object value) {
    return value instanceof Map || value instanceof List || value instanceof Struct;
  }

  private static Class<?> classOf(Object value) {
    return value == null ? null : value.getClass();
  }
}
