// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamfirst.connect.common.ChangeShape;
import io.streamfirst.connect.common.LineageHeaders;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

class ChangeDecoderTest {

  static final Schema ROW = SchemaBuilder.struct().name("shop.orders.Value")
      .field("id", Schema.INT32_SCHEMA)
      .field("email", Schema.OPTIONAL_STRING_SCHEMA)
      .build();
  static final Schema SOURCE = SchemaBuilder.struct().name("source")
      .field("ts_ms", Schema.INT64_SCHEMA)
      .field("lsn", Schema.OPTIONAL_INT64_SCHEMA)
      .build();
  static final Schema ENVELOPE = SchemaBuilder.struct().name("shop.orders.Envelope")
      .field("before", SchemaBuilder.struct().name("shop.orders.Value").optional()
          .field("id", Schema.INT32_SCHEMA).field("email", Schema.OPTIONAL_STRING_SCHEMA).build())
      .field("after", SchemaBuilder.struct().name("shop.orders.Value").optional()
          .field("id", Schema.INT32_SCHEMA).field("email", Schema.OPTIONAL_STRING_SCHEMA).build())
      .field("source", SOURCE)
      .field("op", Schema.STRING_SCHEMA)
      .field("ts_ms", Schema.OPTIONAL_INT64_SCHEMA)
      .build();
  static final Schema FLAT = SchemaBuilder.struct().name("shop.orders.Value")
      .field("id", Schema.INT32_SCHEMA)
      .field("email", Schema.OPTIONAL_STRING_SCHEMA)
      .field("__op", Schema.STRING_SCHEMA)
      .field("__source_ts_ms", Schema.OPTIONAL_INT64_SCHEMA)
      .field("__deleted", Schema.STRING_SCHEMA)
      .build();

  final ChangeDecoder decoder = new ChangeDecoder();

  @Test
  void envelopeCreateUpdateAndReadAreUpsertsOfTheAfterRow() {
    for (String op : List.of("c", "u", "r")) {
      Struct envelope = envelope(op, row(ENVELOPE, "before", 1, "old@x"), row(ENVELOPE, "after", 1, "new@x"), 1700L);
      ChangeView view = decoder.decode(record(envelope, 7L));
      assertThat(view.kind()).isEqualTo(ChangeKind.UPSERT);
      assertThat(view.shape()).isEqualTo(ChangeShape.ENVELOPE);
      assertThat(view.op()).isEqualTo(op.charAt(0));
      assertThat(((Struct) view.row()).getString("email")).isEqualTo("new@x");
      assertThat(view.rowSchema()).isSameAs(ENVELOPE.field("after").schema());
      assertThat(view.sourceTimestampMs()).isEqualTo(1700L);
    }
  }

  @Test
  void aSnapshotReadKeepsItsSourceTimeButIsNoFreshnessSampleWhileChangesAre() {
    ChangeView read = decoder.decode(record(envelope("r", null, row(ENVELOPE, "after", 1, "a@x"), 1700L), 1L));
    ChangeView flatRead = decoder.decode(record(flat(2, "b@x", "r", "false", 1750L), 2L));
    assertThat(read.sourceTimestampMs()).isEqualTo(1700L);
    assertThat(flatRead.sourceTimestampMs()).isEqualTo(1750L);
    // when the snapshot read the row, not when the source committed it: no freshness sample
    assertThat(read.sampleTimestampMs()).isEqualTo(-1L);
    assertThat(flatRead.sampleTimestampMs()).isEqualTo(-1L);
    for (String op : List.of("c", "u", "d")) {
      Struct envelope = op.equals("d")
          ? envelope(op, row(ENVELOPE, "before", 1, "a@x"), null, 1800L)
          : envelope(op, null, row(ENVELOPE, "after", 1, "a@x"), 1800L);
      assertThat(decoder.decode(record(envelope, 3L)).sampleTimestampMs()).as(op).isEqualTo(1800L);
    }
    assertThat(decoder.decode(record(flat(3, "c@x", "u", "false", 1900L), 4L)).sampleTimestampMs())
        .isEqualTo(1900L);
  }

  @Test
  void envelopeDeleteCarriesTheBeforeImageAndTheRowSchema() {
    ChangeView view = decoder.decode(record(envelope("d", row(ENVELOPE, "before", 4, "gone@x"), null, 1800L), 8L));
    assertThat(view.kind()).isEqualTo(ChangeKind.DELETE);
    assertThat(view.op()).isEqualTo('d');
    assertThat(((Struct) view.row()).getInt32("id")).isEqualTo(4);
    assertThat(view.rowSchema()).isSameAs(ENVELOPE.field("after").schema());
  }

  @Test
  void anUpdateWithoutAnAfterRowIsAMalformedEventNamedByItsCoordinates() {
    assertThatThrownBy(() -> decoder.decode(record(envelope("u", null, null, 1L), 42L)))
        .isInstanceOf(DataException.class)
        .hasMessageContaining("orders-3@42")
        .hasMessageContaining("'after'");
  }

  @Test
  void truncateAndUnknownOperationsAreRejectedWithAReason() {
    assertThatThrownBy(() -> decoder.decode(record(envelope("t", null, null, 1L), 5L)))
        .isInstanceOf(DataException.class).hasMessageContaining("truncate").hasMessageContaining("orders-3@5");
    assertThatThrownBy(() -> decoder.decode(record(envelope("x", null, null, 1L), 6L)))
        .isInstanceOf(DataException.class).hasMessageContaining("not one of c, u, d, r");
  }

  @Test
  void flatRecordsLoseTheirMetadataFieldsAndReadTheDeletedFlag() {
    Struct update = flat(1, "a@x", "u", "false", 1900L);
    ChangeView upsert = decoder.decode(record(update, 1L));
    assertThat(upsert.kind()).isEqualTo(ChangeKind.UPSERT);
    assertThat(upsert.shape()).isEqualTo(ChangeShape.FLAT);
    assertThat(upsert.rowSchema().fields()).extracting(Field::name).containsExactly("id", "email");
    assertThat(((Struct) upsert.row()).getString("email")).isEqualTo("a@x");
    assertThat(upsert.sourceTimestampMs()).isEqualTo(1900L);

    ChangeView delete = decoder.decode(record(flat(1, "a@x", "d", "true", 2000L), 2L));
    assertThat(delete.kind()).isEqualTo(ChangeKind.DELETE);
    assertThat(delete.rowSchema()).as("one row schema per input schema").isSameAs(upsert.rowSchema());
  }

  @Test
  void aDeletedFlagAloneIsEnough() {
    Schema schema = SchemaBuilder.struct().field("id", Schema.INT32_SCHEMA)
        .field("__deleted", Schema.STRING_SCHEMA).build();
    ChangeView view = decoder.decode(record(new Struct(schema).put("id", 3).put("__deleted", "true"), 1L));
    assertThat(view.kind()).isEqualTo(ChangeKind.DELETE);
    assertThat(view.op()).isEqualTo('d');
    Struct bad = new Struct(schema).put("id", 3).put("__deleted", "maybe");
    assertThatThrownBy(() -> decoder.decode(record(bad, 9L)))
        .hasMessageContaining("orders-3@9").hasMessageContaining("__deleted").hasMessageNotContaining("maybe");
  }

  @Test
  void schemalessEnvelopeAndFlatRecordsAreUnderstood() {
    Map<String, Object> after = new LinkedHashMap<>(Map.of("id", 5, "email", "m@x"));
    Map<String, Object> envelope = new LinkedHashMap<>();
    envelope.put("before", null);
    envelope.put("after", after);
    envelope.put("source", Map.of("ts_ms", 2100L));
    envelope.put("op", "c");
    ChangeView view = decoder.decode(schemaless(envelope, 1L));
    assertThat(view.kind()).isEqualTo(ChangeKind.UPSERT);
    assertThat(view.shape()).isEqualTo(ChangeShape.ENVELOPE);
    assertThat(view.row()).isEqualTo(after);
    assertThat(view.rowSchema()).isNull();
    assertThat(view.sourceTimestampMs()).isEqualTo(2100L);

    Map<String, Object> flat = new LinkedHashMap<>(after);
    flat.put("__op", "d");
    flat.put("__deleted", "true");
    ChangeView delete = decoder.decode(schemaless(flat, 2L));
    assertThat(delete.kind()).isEqualTo(ChangeKind.DELETE);
    assertThat(delete.shape()).isEqualTo(ChangeShape.FLAT);
    assertThat(delete.row()).isEqualTo(after);
  }

  @Test
  void plainRecordsAreAppendsAndTombstonesAreDeletes() {
    Struct plain = new Struct(ROW).put("id", 1).put("email", "p@x");
    ChangeView append = decoder.decode(record(plain, 3L));
    assertThat(append.kind()).isEqualTo(ChangeKind.APPEND);
    assertThat(append.shape()).isEqualTo(ChangeShape.PLAIN);
    assertThat(append.row()).isSameAs(plain);
    assertThat(append.op()).isEqualTo((char) 0);
    assertThat(append.sourceTimestampMs()).as("record timestamp").isEqualTo(1_000L);

    ChangeView tombstone = decoder.decode(record(null, 4L));
    assertThat(tombstone.kind()).isEqualTo(ChangeKind.DELETE);
    assertThat(tombstone.shape()).isEqualTo(ChangeShape.TOMBSTONE);
    assertThat(tombstone.row()).isNull();
  }

  @Test
  void lineageHeadersGiveTheSourceTimeAndPosition() {
    SinkRecord record = record(envelope("c", null, row(ENVELOPE, "after", 1, null), 1700L), 1L);
    record.headers().addString(LineageHeaders.SOURCE_TS, "1650");
    record.headers().addString(LineageHeaders.SOURCE_POS, "0/16B3748");
    ChangeView view = decoder.decode(record);
    assertThat(view.sourceTimestampMs()).isEqualTo(1650L);
    assertThat(view.sourcePosition()).isEqualTo("0/16B3748");
  }

  static Struct row(Schema envelope, String field, int id, String email) {
    return new Struct(envelope.field(field).schema()).put("id", id).put("email", email);
  }

  static Struct envelope(String op, Struct before, Struct after, long sourceTs) {
    return new Struct(ENVELOPE).put("before", before).put("after", after)
        .put("source", new Struct(SOURCE).put("ts_ms", sourceTs)).put("op", op);
  }

  static Struct flat(int id, String email, String op, String deleted, long sourceTs) {
    return new Struct(FLAT).put("id", id).put("email", email).put("__op", op).put("__source_ts_ms", sourceTs)
        .put("__deleted", deleted);
  }

  static SinkRecord record(Struct value, long offset) {
    Struct key = new Struct(SchemaBuilder.struct().field("id", Schema.INT32_SCHEMA).build()).put("id", 1);
    return new SinkRecord("orders", 3, key.schema(), key, value == null ? null : value.schema(), value, offset,
        1_000L, TimestampType.CREATE_TIME, new ConnectHeaders());
  }

  static SinkRecord schemaless(Map<String, Object> value, long offset) {
    return new SinkRecord("orders", 3, null, Map.of("id", 5), null, value, offset, 1_000L,
        TimestampType.CREATE_TIME, new ConnectHeaders());
  }
}
