// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.sink;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;

/**
 * The primary key of a change: the configured identifier columns read from the row, or else the
 * record key's fields. A key that is a single primitive value becomes one column named {@value #KEY}.
 */
public final class KeyColumns {

  /** Column name of a primitive (non-struct, non-map) record key. */
  public static final String KEY = "key";

  private final List<String> identifierColumns;
  private final String configKey;

  private KeyColumns(List<String> identifierColumns, String configKey) {
    this.identifierColumns = List.copyOf(identifierColumns);
    this.configKey = configKey;
  }

  /**
   * @param identifierColumns the columns named by the connector's config; empty to use the record key
   * @param configKey the name of that config, for error messages
   */
  public static KeyColumns of(List<String> identifierColumns, String configKey) {
    return new KeyColumns(identifierColumns, configKey);
  }

  /** True when the key comes from configured columns rather than from the record key. */
  public boolean fromIdentifierColumns() {
    return !identifierColumns.isEmpty();
  }

  /** The key column names of {@code change}, in key order. */
  public List<String> names(ChangeView change) {
    if (fromIdentifierColumns()) {
      return identifierColumns;
    }
    Object key = requireKey(change);
    if (key instanceof Struct struct) {
      List<String> names = new ArrayList<>(struct.schema().fields().size());
      for (Field field : struct.schema().fields()) {
        names.add(field.name());
      }
      return names;
    }
    if (key instanceof Map<?, ?> map) {
      return new ArrayList<>(stringKeys(change, map).keySet());
    }
    return List.of(KEY);
  }

  /** The key column values of {@code change}, in the order of {@link #names(ChangeView)}; never null. */
  public List<Object> values(ChangeView change) {
    List<String> names = names(change);
    List<Object> values = new ArrayList<>(names.size());
    if (fromIdentifierColumns()) {
      Object source = change.row() != null ? change.row() : requireKey(change);
      for (String name : names) {
        values.add(require(change, name, read(source, name)));
      }
      return values;
    }
    Object key = change.key();
    if (key instanceof Struct || key instanceof Map<?, ?>) {
      for (String name : names) {
        values.add(require(change, name, read(key, name)));
      }
      return values;
    }
    values.add(key);
    return values;
  }

  private Object requireKey(ChangeView change) {
    if (change.key() == null) {
      throw new DataException("Record at " + change.coordinates() + " has no key, so the row it changes"
          + " cannot be identified; produce keyed records or name the key columns in " + configKey);
    }
    return change.key();
  }

  private Object require(ChangeView change, String column, Object value) {
    if (value == null) {
      String where = fromIdentifierColumns() ? " (from " + configKey + ")" : " (from the record key)";
      throw new DataException("Record at " + change.coordinates() + " has no value for key column '"
          + column + "'" + where + "; every key column must be present and not null");
    }
    return value;
  }

  private static Object read(Object container, String name) {
    if (container instanceof Struct struct) {
      return struct.schema().field(name) == null ? null : struct.get(name);
    }
    if (container instanceof Map<?, ?> map) {
      return map.get(name);
    }
    return null;
  }

  private static Map<String, Object> stringKeys(ChangeView change, Map<?, ?> map) {
    Map<String, Object> keys = new TreeMap<>();
    for (Map.Entry<?, ?> entry : map.entrySet()) {
      if (!(entry.getKey() instanceof String name)) {
        throw new DataException("Record at " + change.coordinates() + " has a map key whose field names"
            + " are not strings; use a struct or JSON object key");
      }
      keys.put(name, entry.getValue());
    }
    return keys;
  }
}
