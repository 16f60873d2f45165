// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamfirst.connect.lineage.DatasetId;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A sink task's run: topics in, tables out, identity column lineage only without transforms. */
class SinkLineageTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Schema ROW = SchemaBuilder.struct().name("shop.orders.Value").optional()
      .field("id", Schema.INT64_SCHEMA).field("status", Schema.OPTIONAL_STRING_SCHEMA).build();
  private static final Schema SOURCE = SchemaBuilder.struct().name("source").optional()
      .field("ts_ms", Schema.INT64_SCHEMA).build();
  private static final Schema ENVELOPE = SchemaBuilder.struct().name("shop.orders.Envelope")
      .field("before", ROW).field("after", ROW).field("source", SOURCE).field("op", Schema.STRING_SCHEMA)
      .field("ts_ms", Schema.OPTIONAL_INT64_SCHEMA).build();

  @TempDir
  Path dir;

  private List<JsonNode> run(Map<String, String> extra, SinkRecord... records) throws Exception {
    Path file = dir.resolve("events.jsonl");
    Map<String, String> props = new java.util.HashMap<>(Map.of("name", "orders-sink", "openlineage.enabled", "true",
        "openlineage.transport", "file", "openlineage.file.path", file.toString(),
        "openlineage.dataset.kafka.bootstrap.servers", "broker:9092"));
    props.putAll(extra);
    SinkLineage lineage = SinkLineage.start(props, Clock.systemUTC());
    ChangeDecoder decoder = new ChangeDecoder();
    for (SinkRecord record : records) {
      lineage.written(decoder.decode(record), "orders", t -> DatasetId.clickhouse("ch", 8123, "analytics", t));
    }
    // complete() waits a bounded time for what is queued: the first event (the sender thread and the transport
    // warmed up) is awaited here, so a slow machine cannot turn that bound into missing events
    await("the first event in " + file).atMost(Duration.ofSeconds(60))
        .until(() -> Files.exists(file) && !Files.readAllLines(file).isEmpty());
    lineage.complete();
    return Files.readAllLines(file).stream().map(line -> {
      try {
        return JSON.readTree(line);
      } catch (Exception e) {
        throw new AssertionError(e);
      }
    }).toList();
  }

  private static List<String> names(JsonNode fields) {
    List<String> names = new java.util.ArrayList<>();
    fields.forEach(field -> names.add(field.get("name").asText()));
    return names;
  }

  private static SinkRecord change(long id, String status) {
    Struct after = new Struct(ROW).put("id", id).put("status", status);
    return new SinkRecord("shop.orders", 0, null, null, ENVELOPE,
        new Struct(ENVELOPE).put("after", after).put("op", "c")
            .put("source", new Struct(SOURCE).put("ts_ms", 1_700_000_000_000L)),
        id);
  }

  @Test
  void withoutTransformsEachTableColumnCopiesTheTopicFieldOfTheSameName() throws Exception {
    List<JsonNode> events = run(Map.of(), change(1, "new"), change(2, "paid"));

    assertThat(events).extracting(e -> e.get("eventType").asText()).containsExactly("START", "RUNNING", "COMPLETE");
    JsonNode last = events.get(2);
    assertThat(last.at("/job/facets/jobType/jobType").asText()).isEqualTo("SINK");
    assertThat(last.at("/inputs/0/namespace").asText()).isEqualTo("kafka://broker:9092");
    assertThat(last.at("/inputs/0/name").asText()).isEqualTo("shop.orders");
    assertThat(last.at("/outputs/0/namespace").asText()).isEqualTo("clickhouse://ch:8123");
    assertThat(last.at("/outputs/0/name").asText()).isEqualTo("analytics.orders");
    assertThat(names(last.at("/outputs/0/facets/schema/fields"))).containsExactly("id", "status");
    JsonNode fields = last.at("/outputs/0/facets/columnLineage/fields");
    assertThat(fields.at("/id/inputFields/0/field").asText()).isEqualTo("after.id");
    assertThat(fields.at("/status/inputFields/0/field").asText()).isEqualTo("after.status");
    assertThat(fields.at("/status/inputFields/0/name").asText()).isEqualTo("shop.orders");
    assertThat(fields.at("/status/inputFields/0/transformations/0/subtype").asText()).isEqualTo("IDENTITY");
  }

  @Test
  void withTransformsTheTableHasItsSchemaButNoColumnLineage() throws Exception {
    List<JsonNode> events = run(Map.of("transforms", "route", "transforms.route.type", "x.Y"), change(1, "new"));

    JsonNode last = events.get(events.size() - 1);
    assertThat(names(last.at("/outputs/0/facets/schema/fields"))).containsExactly("id", "status");
    assertThat(last.at("/outputs/0/facets").has("columnLineage")).isFalse();
    assertThat(last.at("/inputs/0/facets").has("schema")).isFalse();
  }

  @Test
  void repeatedRecordsEmitNothingMoreAndANewSchemaOneRunningEvent() throws Exception {
    Schema row2 = SchemaBuilder.struct().name("shop.orders.Value").field("id", Schema.INT64_SCHEMA)
        .field("status", Schema.STRING_SCHEMA).field("note", Schema.OPTIONAL_STRING_SCHEMA).build();
    Schema envelope2 = SchemaBuilder.struct().name("shop.orders.Envelope")
        .field("before", row2).field("after", row2).field("source", SOURCE).field("op", Schema.STRING_SCHEMA)
        .build();
    SinkRecord[] records = new SinkRecord[6];
    for (int i = 0; i < 3; i++) {
      records[i] = change(i, "new");
      records[3 + i] = new SinkRecord("shop.orders", 0, null, null, envelope2, new Struct(envelope2)
          .put("after", new Struct(row2).put("id", 3L + i).put("status", "paid").put("note", "n")).put("op", "u")
          .put("source", new Struct(SOURCE).put("ts_ms", 1_700_000_000_000L)), 3 + i);
    }
    List<JsonNode> events = run(Map.of(), records);

    assertThat(events).extracting(e -> e.get("eventType").asText())
        .containsExactly("START", "RUNNING", "RUNNING", "COMPLETE");
    assertThat(names(events.get(1).at("/outputs/0/facets/schema/fields"))).containsExactly("id", "status");
    assertThat(names(events.get(2).at("/outputs/0/facets/schema/fields"))).containsExactly("id", "status", "note");
  }

  @Test
  void disabledEmitsNothingAndCostsNothing() {
    SinkLineage lineage = SinkLineage.start(Map.of("name", "x"), Clock.systemUTC());
    assertThat(lineage).isSameAs(SinkLineage.DISABLED);
    lineage.written(new ChangeDecoder().decode(change(1, "a")), "t", t -> {
      throw new AssertionError("named although disabled");
    });
    lineage.complete();
  }
}
