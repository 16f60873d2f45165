// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.junit.jupiter.api.Test;

/** The one detector of a value's change shape, and the operation letters, as docs/CONVENTIONS.md states them. */
class ChangeEventsTest {

  private static final Schema ROW = SchemaBuilder.struct().name("shop.orders.Value")
      .field("id", Schema.INT32_SCHEMA).optional().build();
  private static final Schema SOURCE = SchemaBuilder.struct().name("source")
      .field("ts_ms", Schema.INT64_SCHEMA).build();

  @Test
  void fieldNamesAreTheOnesOnTheWire() {
    assertThat(List.of(ChangeEvents.BEFORE, ChangeEvents.AFTER, ChangeEvents.OP, ChangeEvents.SOURCE,
        ChangeEvents.TS_MS)).containsExactly("before", "after", "op", "source", "ts_ms");
    assertThat(List.of(ChangeEvents.FLAT_OP, ChangeEvents.FLAT_SOURCE_TS_MS, ChangeEvents.FLAT_DELETED))
        .containsExactly("__op", "__source_ts_ms", "__deleted");
    assertThat(ChangeEvents.isFlatMetadata("__anything")).isTrue();
    assertThat(ChangeEvents.isFlatMetadata("_sf_offset")).isFalse();
  }

  @Test
  void structShapesAreReadOffTheSchema() {
    Schema envelope = SchemaBuilder.struct().field("before", ROW).field("after", ROW).field("source", SOURCE)
        .field("op", Schema.STRING_SCHEMA).build();
    Schema deleteOnly = SchemaBuilder.struct().field("before", ROW).field("source", SOURCE)
        .field("op", Schema.STRING_SCHEMA).build();
    Schema noSource = SchemaBuilder.struct().field("after", ROW).field("op", Schema.STRING_SCHEMA).build();
    Schema flatOp = SchemaBuilder.struct().field("id", Schema.INT32_SCHEMA).field("__op", Schema.STRING_SCHEMA)
        .build();
    Schema flatDeleted = SchemaBuilder.struct().field("id", Schema.INT32_SCHEMA)
        .field("__deleted", Schema.STRING_SCHEMA).build();

    assertThat(ChangeEvents.shapeOf(envelope)).isEqualTo(ChangeShape.ENVELOPE);
    assertThat(ChangeEvents.shapeOf(deleteOnly)).isEqualTo(ChangeShape.ENVELOPE);
    assertThat(ChangeEvents.shapeOf(noSource)).as("no source block: not an envelope").isEqualTo(ChangeShape.PLAIN);
    assertThat(ChangeEvents.shapeOf(flatOp)).isEqualTo(ChangeShape.FLAT);
    assertThat(ChangeEvents.shapeOf(flatDeleted)).isEqualTo(ChangeShape.FLAT);
    assertThat(ChangeEvents.shapeOf(ROW)).isEqualTo(ChangeShape.PLAIN);
    assertThat(ChangeEvents.shapeOf(Schema.STRING_SCHEMA)).isEqualTo(ChangeShape.PLAIN);
    assertThat(ChangeEvents.shapeOf((Object) new Struct(flatOp).put("id", 1).put("__op", "c")))
        .isEqualTo(ChangeShape.FLAT);
  }

  @Test
  void mapShapesAreReadOffTheEntries() {
    Map<String, Object> envelope = new HashMap<>(Map.of("op", "c", "after", Map.of("id", 1), "source", Map.of()));
    envelope.put("before", null);
    Map<String, Object> numericOp = Map.of("op", 1, "after", Map.of("id", 1), "source", Map.of());

    assertThat(ChangeEvents.shapeOf(envelope)).isEqualTo(ChangeShape.ENVELOPE);
    assertThat(ChangeEvents.shapeOf(numericOp)).as("op must be a string").isEqualTo(ChangeShape.PLAIN);
    assertThat(ChangeEvents.shapeOf(Map.of("id", 1, "__deleted", "true"))).isEqualTo(ChangeShape.FLAT);
    assertThat(ChangeEvents.shapeOf(Map.of("id", 1, "__op", "u"))).isEqualTo(ChangeShape.FLAT);
    assertThat(ChangeEvents.shapeOf(Map.of("id", 1))).isEqualTo(ChangeShape.PLAIN);
    assertThat(ChangeEvents.shapeOf((Object) null)).isEqualTo(ChangeShape.TOMBSTONE);
    assertThat(ChangeEvents.shapeOf("text")).isEqualTo(ChangeShape.PLAIN);
    assertThat(ChangeEvents.isEnvelope(envelope)).isTrue();
  }

  @Test
  void operationsHaveOneLetterEachAndOnlyCudrChangeARow() {
    assertThat(ChangeOp.values()).extracting(ChangeOp::letter).containsExactly('c', 'u', 'd', 'r', 't', 'm');
    assertThat(ChangeOp.rowChangeLetters()).isEqualTo("c, u, d, r");
    assertThat(ChangeOp.TRUNCATE.changesRow()).isFalse();
    assertThat(ChangeOp.MESSAGE.changesRow()).isFalse();
    for (ChangeOp op : ChangeOp.values()) {
      assertThat(ChangeOp.of(op.code())).isSameAs(op);
    }
    assertThat(ChangeOp.of("x")).isNull();
    assertThat(ChangeOp.of("cu")).isNull();
    assertThat(ChangeOp.of("")).isNull();
    assertThat(ChangeOp.of(null)).isNull();
  }
}
