// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.iceberg.write;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.connect.data.Schema;

/**
 * The row converters of one table, per record schema instance (identity: converters deliver the same
 * instance for the same schema, and deep equality would cost more than the conversion), least recently used
 * first; the null key holds the schemaless converter. Bounded: a converter that hands out a new schema
 * instance per record must not grow it.
 */
public final class RowConverters {

  /** Most converters kept per table (least recently used dropped). */
  public static final int MAX_CONVERTERS = 32;

  private final Map<Identity, RowConverter> converters = new LinkedHashMap<>(16, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<Identity, RowConverter> eldest) {
      return size() > MAX_CONVERTERS;
    }
  };
  /** The last lookup: records of one batch usually share one schema instance. */
  private Schema lastSchema;
  private RowConverter lastConverter;

  /** The converter for rows of this schema instance, or null when none is cached. */
  RowConverter get(Schema schema) {
    if (lastConverter != null && lastSchema == schema) {
      return lastConverter;
    }
    RowConverter converter = converters.get(new Identity(schema));
    if (converter != null) {
      lastSchema = schema;
      lastConverter = converter;
    }
    return converter;
  }

  /** Caches {@code converter} for rows of this schema instance. */
  void put(Schema schema, RowConverter converter) {
    converters.put(new Identity(schema), converter);
    lastSchema = schema;
    lastConverter = converter;
  }

  /** Drops every cached converter (the table's schema changed). */
  void clear() {
    converters.clear();
    lastSchema = null;
    lastConverter = null;
  }

  int size() {
    return converters.size();
  }

  /** Schema instances compared by identity. */
  private record Identity(Schema schema) {
    @Override
    public boolean equals(Object other) {
      return other instanceof Identity that && that.schema == schema;
    }

    @Override
    public int hashCode() {
      return System.identityHashCode(schema);
    }
  }
}
