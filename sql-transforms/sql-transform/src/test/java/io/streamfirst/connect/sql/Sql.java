// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.sink.SinkRecord;

/** Fluent test helper: {@code Sql.query("SELECT ...").apply(value)}. */
final class Sql {

  private final SqlTransform<SinkRecord> transform = new SqlTransform<>();

  private Sql(Map<String, Object> props) {
    transform.configure(props);
  }

  static Sql query(String query) {
    Map<String, Object> props = new HashMap<>();
    props.put("query", query);
    return new Sql(props);
  }

  static Sql query(String query, Map<String, Object> extra) {
    Map<String, Object> props = new HashMap<>(extra);
    props.put("query", query);
    return new Sql(props);
  }

  static SinkRecord record(Schema keySchema, Object key, Schema valueSchema, Object value) {
    return new SinkRecord("orders", 3, keySchema, key, valueSchema, value, 42L, 1_700_000_000_000L,
        org.apache.kafka.common.record.TimestampType.CREATE_TIME, new ConnectHeaders());
  }

  SinkRecord apply(SinkRecord record) {
    return transform.apply(record);
  }

  /** Applies to a struct value and returns the resulting struct (null when filtered). */
  Struct apply(Struct value) {
    SinkRecord out = transform.apply(record(null, null, value.schema(), value));
    if (out == null) {
      return null;
    }
    assertThat(out.valueSchema()).isNotNull();
    return (Struct) out.value();
  }

  /** Applies to a schemaless map value and returns the resulting map (null when filtered). */
  @SuppressWarnings("unchecked")
  Map<String, Object> apply(Map<String, Object> value) {
    SinkRecord out = transform.apply(record(null, null, null, value));
    return out == null ? null : (Map<String, Object>) out.value();
  }
}
