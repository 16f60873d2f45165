// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.cdc.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamfirst.connect.common.ChangeEvents;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.junit.jupiter.api.Test;

class FlatChangeEventsTest {

  @Test
  void flatSchemaIsTheRowSchemaPlusThreeFieldsBuiltOncePerRowSchema() {
    FlatChangeEvents flat = new FlatChangeEvents();
    Struct first = flat.flatten((Struct) Envelopes.change("r", null, Envelopes.row(1, "a"), 1, 1).value());
    Struct second = flat.flatten((Struct) Envelopes.change("c", null, Envelopes.row(2, "b"), 2, 2).value());

    assertThat(first.schema()).isSameAs(second.schema());
    assertThat(first.schema().fields()).extracting(f -> f.name())
        .containsExactly("id", "item", "__op", "__source_ts_ms", "__deleted");
    assertThat(first.schema().field("id").schema()).isEqualTo(Schema.INT32_SCHEMA);
    assertThat(first.getString("__op")).isEqualTo("r");
    first.validate();
  }

  @Test
  void aColumnNamedLikeAnAddedFieldIsAClearDataError() {
    Schema row = SchemaBuilder.struct().name("srv.public.odd.Value").field("__op", Schema.STRING_SCHEMA)
        .optional().build();
    Schema envelope = SchemaBuilder.struct().name("srv.public.odd.Envelope").field("before", row)
        .field("after", row).field("source", Envelopes.SOURCE).field("op", Schema.STRING_SCHEMA).build();
    Struct value = new Struct(envelope).put("op", "c").put("after", new Struct(row).put("__op", "x"))
        .put("source", Envelopes.source(1, 1, 1));

    assertThatThrownBy(() -> new FlatChangeEvents().flatten(value)).isInstanceOf(DataException.class)
        .hasMessageContaining("__op").hasMessageContaining("srv.public.odd.Value")
        .hasMessageContaining("envelope output format");
  }

  @Test
  void envelopesAreRecognisedByTheirFields() {
    assertThat(ChangeEvents.isEnvelope(Envelopes.change("c", null, Envelopes.row(1, "a"), 1, 1).value())).isTrue();
    assertThat(ChangeEvents.isEnvelope(Envelopes.row(1, "a"))).isFalse();
    assertThat(ChangeEvents.isEnvelope("text")).isFalse();
    assertThat(ChangeEvents.isEnvelope(null)).isFalse();
  }
}
