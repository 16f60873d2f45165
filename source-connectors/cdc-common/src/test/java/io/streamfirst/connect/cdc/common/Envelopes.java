// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.cdc.common;

import io.streamfirst.connect.common.ChangeEvents;
import java.util.Map;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;

/** Change-event envelopes shaped like the ones the CDC sources receive, for tests. */
final class Envelopes {

  static final Schema ROW = SchemaBuilder.struct().name("srv.public.orders.Value")
      .field("id", Schema.INT32_SCHEMA).field("item", Schema.OPTIONAL_STRING_SCHEMA).optional().build();
  static final Schema KEY = SchemaBuilder.struct().name("srv.public.orders.Key")
      .field("id", Schema.INT32_SCHEMA).build();
  static final Schema SOURCE = SchemaBuilder.struct().name("io.debezium.connector.postgresql.Source")
      .field("db", Schema.STRING_SCHEMA).field("schema", Schema.STRING_SCHEMA).field("table", Schema.STRING_SCHEMA)
      .field("ts_ms", Schema.INT64_SCHEMA).field("txId", Schema.OPTIONAL_INT64_SCHEMA)
      .field("lsn", Schema.OPTIONAL_INT64_SCHEMA).build();
  static final Schema ENVELOPE = SchemaBuilder.struct().name("srv.public.orders.Envelope")
      .field("before", ROW).field("after", ROW).field("source", SOURCE)
      .field("op", Schema.STRING_SCHEMA).field("ts_ms", Schema.OPTIONAL_INT64_SCHEMA).build();
  static final String TOPIC = "srv.public.orders";

  private Envelopes() {}

  static Struct row(int id, String item) {
    return new Struct(ROW).put("id", id).put("item", item);
  }

  static Struct key(int id) {
    return new Struct(KEY).put("id", id);
  }

  static Struct source(long tsMs, long txId, long lsn) {
    return new Struct(SOURCE).put("db", "shop").put("schema", "public").put("table", "orders")
        .put("ts_ms", tsMs).put("txId", txId).put("lsn", lsn);
  }

  static SourceRecord change(String op, Struct before, Struct after, int id, long lsn) {
    Struct value = new Struct(ENVELOPE).put("op", op).put("before", before).put("after", after)
        .put("source", source(1_700_000_000_000L + lsn, 700 + lsn, lsn)).put("ts_ms", 1_700_000_000_500L);
    return new SourceRecord(Map.of("server", "srv"), Map.of("lsn", lsn), TOPIC, null, KEY, key(id),
        ENVELOPE, value);
  }

  static SourceRecord tombstone(int id, long lsn) {
    return new SourceRecord(Map.of("server", "srv"), Map.of("lsn", lsn), TOPIC, null, KEY, key(id), null, null);
  }

  /** A reader that renders what it is given plainly, so tests see which inputs it got. */
  static final SourceInfoReader READER = (source, offset) -> new ChangeLineage(
      source == null ? "db://srv" : "db://srv/" + source.getString("schema") + "." + source.getString("table"),
      ChangeEvents.longField(source, "ts_ms"),
      source == null ? String.valueOf(offset.get("lsn")) : "lsn:" + source.getInt64("lsn"),
      ChangeEvents.stringField(source, "txId"));
}
