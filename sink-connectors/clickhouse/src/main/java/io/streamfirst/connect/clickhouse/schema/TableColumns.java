// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.clickhouse.schema;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The columns of an existing table as the server reports them, in table order.
 *
 * @param writable columns an INSERT may name (plain and DEFAULT columns), with their types
 * @param computed MATERIALIZED and ALIAS columns, which an INSERT must not name
 */
public record TableColumns(Map<String, ChType> writable, Map<String, ChType> computed) {

  public static final TableColumns NONE = new TableColumns(Map.of(), Map.of());

  public TableColumns {
    writable = Collections.unmodifiableMap(new LinkedHashMap<>(writable));
    computed = Collections.unmodifiableMap(new LinkedHashMap<>(computed));
  }

  public boolean exists() {
    return !writable.isEmpty() || !computed.isEmpty();
  }

  public boolean has(String column) {
    return writable.containsKey(column) || computed.containsKey(column);
  }

  public ChType type(String column) {
    return writable.get(column);
  }
}
