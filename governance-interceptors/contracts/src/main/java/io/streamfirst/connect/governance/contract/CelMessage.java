// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.governance.contract;

import java.util.AbstractMap;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Struct;

/**
 * A struct or a map with string keys as the CEL map {@code message} without copying it: a field is converted to
 * its CEL value ({@link CelValues}) when the expression reads it, so a rule reading two fields of a wide record
 * converts two fields. Iterating it (CEL's {@code size}, {@code all}, {@code exists}) converts every field once.
 */
final class CelMessage extends AbstractMap<Object, Object> {

  private final Struct struct;
  private final Map<?, ?> map;
  private Map<?, ?> copy;

  private CelMessage(Struct struct, Map<?, ?> map) {
    this.struct = struct;
    this.map = map;
  }

  /** A view of a struct or a string-keyed map; anything else is converted as {@link CelValues#of} does. */
  static Object of(Object value) {
    if (value instanceof Struct struct) {
      return new CelMessage(struct, null);
    }
    if (value instanceof Map<?, ?> in && (in.isEmpty() || in.keySet().iterator().next() instanceof String)) {
      return new CelMessage(null, in);
    }
    return CelValues.of(value);
  }

  @Override
  public boolean containsKey(Object key) {
    if (struct != null) {
      return key instanceof String name && struct.schema().field(name) != null;
    }
    return map.containsKey(key);
  }

  @Override
  public Object get(Object key) {
    if (struct != null) {
      Field field = key instanceof String name ? struct.schema().field(name) : null;
      return field == null ? null : CelMessage.of(struct.get(field));
    }
    Object value = map.get(key);
    return value == null && !map.containsKey(key) ? null : CelMessage.of(value);
  }

  @Override
  public int size() {
    return struct != null ? struct.schema().fields().size() : map.size();
  }

  @Override
  @SuppressWarnings({"unchecked", "rawtypes"})
  public Set<Entry<Object, Object>> entrySet() {
    if (copy == null) {
      copy = (Map<?, ?>) CelValues.of(struct != null ? struct : map);
    }
    return (Set) copy.entrySet();
  }
}
