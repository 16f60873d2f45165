// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;

class KeyColumnsTest {

  static final Schema KEY = SchemaBuilder.struct().field("tenant", Schema.STRING_SCHEMA)
      .field("id", Schema.INT64_SCHEMA).build();
  static final Schema ROW = SchemaBuilder.struct().field("tenant", Schema.STRING_SCHEMA)
      .field("id", Schema.INT64_SCHEMA).field("sku", Schema.OPTIONAL_STRING_SCHEMA).build();

  final ChangeDecoder decoder = new ChangeDecoder();
  final KeyColumns fromKey = KeyColumns.of(List.of(), "sink.id.columns");

  @Test
  void structKeysGiveTheirFieldsInSchemaOrder() {
    ChangeView view = decoder
        .decode(record(KEY, new Struct(KEY).put("tenant", "t1").put("id", 9L), row("t1", 9L, "s")));
    assertThat(fromKey.names(view)).containsExactly("tenant", "id");
    assertThat(fromKey.values(view)).containsExactly("t1", 9L);
  }

  @Test
  void mapKeysGiveTheirFieldsByNameAndPrimitiveKeysOneColumn() {
    ChangeView map = decoder.decode(record(null, Map.of("id", 2, "tenant", "t"), null));
    assertThat(fromKey.names(map)).containsExactly("id", "tenant");
    assertThat(fromKey.values(map)).containsExactly(2, "t");
    ChangeView primitive = decoder.decode(record(Schema.STRING_SCHEMA, "order-7", null));
    assertThat(fromKey.names(primitive)).containsExactly(KeyColumns.KEY);
    assertThat(fromKey.values(primitive)).containsExactly("order-7");
  }

  @Test
  void identifierColumnsAreReadFromTheRowOrFromTheKeyOfATombstone() {
    KeyColumns configured = KeyColumns.of(List.of("id", "tenant"), "sink.id.columns");
    ChangeView upsert = decoder.decode(record(null, null, row("t2", 3L, "s")));
    assertThat(configured.values(upsert)).containsExactly(3L, "t2");
    ChangeView tombstone = decoder.decode(record(KEY, new Struct(KEY).put("tenant", "t2").put("id", 3L), null));
    assertThat(configured.values(tombstone)).containsExactly(3L, "t2");
  }

  @Test
  void missingKeysNameTheRecordAndTheConfigButNoValues() {
    ChangeView unkeyed = decoder.decode(record(null, null, row("secret-tenant", 3L, "s")));
    assertThatThrownBy(() -> fromKey.values(unkeyed)).isInstanceOf(DataException.class)
        .hasMessageContaining("orders-0@11").hasMessageContaining("sink.id.columns")
        .hasMessageNotContaining("secret-tenant");
    KeyColumns configured = KeyColumns.of(List.of("sku"), "sink.id.columns");
    ChangeView nullSku = decoder.decode(record(null, null, row("secret-tenant", 3L, null)));
    assertThatThrownBy(() -> configured.values(nullSku)).isInstanceOf(DataException.class)
        .hasMessageContaining("'sku'").hasMessageNotContaining("secret-tenant");
  }

  static Struct row(String tenant, long id, String sku) {
    return new Struct(ROW).put("tenant", tenant).put("id", id).put("sku", sku);
  }

  static SinkRecord record(Schema keySchema, Object key, Struct value) {
    return new SinkRecord("orders", 0, keySchema, key, value == null ? null : value.schema(), value, 11L, 5L,
        TimestampType.CREATE_TIME, new ConnectHeaders());
  }
}
