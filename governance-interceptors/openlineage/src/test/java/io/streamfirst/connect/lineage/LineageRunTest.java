// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.lineage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamfirst.connect.common.ManualClock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.errors.ConnectException;
import org.junit.jupiter.api.Test;

/** Run events: lifecycle, datasets and facets, errors without secrets, schema validity, never blocking. */
class LineageRunTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final EventSchemas SCHEMAS = new EventSchemas();
  private static final String RUN_ID = "3f1c3a6e-8a43-4a4b-9a57-6d1f0d3b2a10";
  private static final Schema ROW = SchemaBuilder.struct().name("shop.public.orders.Value")
      .field("id", Schema.INT64_SCHEMA).field("status", Schema.OPTIONAL_STRING_SCHEMA)
      .field("amount", Schema.OPTIONAL_INT32_SCHEMA).field("__op", Schema.OPTIONAL_STRING_SCHEMA).build();
  private static final Schema KEY = SchemaBuilder.struct().name("shop.public.orders.Key")
      .field("id", Schema.INT64_SCHEMA).build();
  private static final DatasetId TABLE = DatasetId.postgres("pg", 5432, "shop", "public", "orders");
  private static final DatasetId TOPIC = DatasetId.kafka(List.of("broker:9092"), "shop.public.orders");

  private final ManualClock clock = new ManualClock(1_700_000_000_000L);

  private static Map<String, String> props(String... more) {
    Map<String, String> props = new HashMap<>(Map.of("name", "orders-cdc", "openlineage.enabled", "true",
        LineageConfig.KAFKA_CLUSTER, "broker:9092", LineageConfig.RUNNING_INTERVAL_MS, "5000",
        LineageRun.RUN_ID, RUN_ID, LineageConfig.QUEUE_CAPACITY, "5"));
    for (int i = 0; i < more.length; i += 2) {
      props.put(more[i], more[i + 1]);
    }
    return props;
  }

  private LineageRun start(Map<String, String> props, CapturingTransport transport) {
    return LineageRun.start(props, LineageRun.JobType.SOURCE, clock,
        (config, owner, c, running) -> new LineageEmitter(owner, transport, config.queueCapacity(), c,
            config.runningIntervalMs(), running));
  }

  private static JsonNode json(String event) {
    try {
      return JSON.readTree(event);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static List<String> types(CapturingTransport transport) {
    return transport.events.stream().map(e -> json(e).get("eventType").asText()).toList();
  }

  @Test
  void aRunIsStartRunningOnNewDatasetsPeriodicRunningThenComplete() {
    CapturingTransport transport = new CapturingTransport(false);
    LineageRun run = start(props(), transport);
    await().until(() -> transport.events.size() == 1);
    run.input(TABLE, ROW);
    run.input(TABLE, ROW); // known: no new event
    run.output(TOPIC, ROW);
    await().until(() -> transport.events.size() == 3);
    clock.advance(5_000);
    await().until(() -> transport.events.size() == 4);
    run.complete();
    run.complete();

    assertThat(types(transport)).containsExactly("START", "RUNNING", "RUNNING", "RUNNING", "COMPLETE");
    for (String event : transport.events) {
      assertThat(SCHEMAS.problems(event)).as(event).isEmpty();
      JsonNode node = json(event);
      assertThat(node.at("/run/runId").asText()).isEqualTo(RUN_ID);
      assertThat(node.at("/job/namespace").asText()).isEqualTo("streamfirst");
      assertThat(node.at("/job/name").asText()).isEqualTo("orders-cdc");
      assertThat(node.at("/job/facets/jobType/processingType").asText()).isEqualTo("STREAMING");
      assertThat(node.at("/job/facets/jobType/integration").asText()).isEqualTo("KAFKA_CONNECT");
      assertThat(node.at("/job/facets/jobType/jobType").asText()).isEqualTo("SOURCE");
    }
    JsonNode last = json(transport.events.get(4));
    assertThat(last.at("/inputs/0/namespace").asText()).isEqualTo("postgres://pg:5432");
    assertThat(last.at("/inputs/0/name").asText()).isEqualTo("shop.public.orders");
    assertThat(last.at("/inputs/0/facets/schema/fields").findValuesAsText("name"))
        .containsExactly("id", "status", "amount", "__op");
    assertThat(last.at("/inputs/0/facets/schema/fields").findValuesAsText("type"))
        .containsExactly("INT64", "STRING", "INT32", "STRING");
    assertThat(last.at("/outputs/0/namespace").asText()).isEqualTo("kafka://broker:9092");
    assertThat(last.at("/outputs/0/name").asText()).isEqualTo("shop.public.orders");
    assertThat(json(transport.events.get(0)).get("inputs")).isEmpty();
    assertThat(run.metrics().getEmitted()).isEqualTo(5);
    assertThat(run.metrics().getDropped()).isZero();
  }

  @Test
  void runningEventsCarryTheCustomRunFacetsAsTheyAreWhenSent() {
    CapturingTransport transport = new CapturingTransport(false);
    LineageRun run = start(props(), transport);
    java.util.concurrent.atomic.AtomicLong through = new java.util.concurrent.atomic.AtomicLong(1_700_000_000_000L);
    run.runningFacet("streamfirst_freshness", java.net.URI.create(
        "https://streamfirst.io/connect/openlineage/facets/1-0-0/StreamfirstFreshnessRunFacet.json"
            + "#/$defs/StreamfirstFreshnessRunFacet"),
        () -> Map.of("tables", List.of(Map.of("table", "orders",
            "committedThroughMs", through.get(), "slaMs", 5000L, "slaState", "OK"))));
    await().until(() -> transport.events.size() == 1);
    clock.advance(5_000);
    await().until(() -> transport.events.size() == 2);
    through.set(1_700_000_004_000L);
    clock.advance(5_000);
    await().until(() -> transport.events.size() == 3);
    run.complete();

    assertThat(types(transport)).containsExactly("START", "RUNNING", "RUNNING", "COMPLETE");
    for (String event : transport.events) {
      assertThat(SCHEMAS.problems(event)).as(event).isEmpty();
    }
    assertThat(json(transport.events.get(0)).at("/run/facets/streamfirst_freshness").isMissingNode()).isTrue();
    assertThat(json(transport.events.get(3)).at("/run/facets/streamfirst_freshness").isMissingNode()).isTrue();
    JsonNode first = json(transport.events.get(1)).at("/run/facets/streamfirst_freshness");
    assertThat(first.at("/_producer").asText()).isEqualTo(LineageRun.PRODUCER.toString());
    assertThat(first.at("/tables/0/table").asText()).isEqualTo("orders");
    assertThat(first.at("/tables/0/committedThroughMs").asLong()).isEqualTo(1_700_000_000_000L);
    assertThat(first.at("/tables/0/slaMs").asLong()).isEqualTo(5000L);
    assertThat(first.at("/tables/0/slaState").asText()).isEqualTo("OK");
    assertThat(json(transport.events.get(2)).at("/run/facets/streamfirst_freshness/tables/0/committedThroughMs")
        .asLong()).isEqualTo(1_700_000_004_000L);
  }

  @Test
  void failCarriesTheErrorMessagesWithSecretsMaskedAndEndsTheRun() {
    CapturingTransport transport = new CapturingTransport(false);
    LineageRun run = start(props("database.password", "hunter22secret"), transport);
    run.fail(new ConnectException("Connector orders-cdc could not log in",
        new IllegalStateException("password authentication failed: hunter22secret")));
    run.complete();

    assertThat(types(transport)).containsExactly("START", "FAIL");
    String fail = transport.events.get(1);
    assertThat(SCHEMAS.problems(fail)).isEmpty();
    assertThat(fail).doesNotContain("hunter22secret");
    assertThat(json(fail).at("/run/facets/errorMessage/message").asText()).isEqualTo(
        "org.apache.kafka.connect.errors.ConnectException: Connector orders-cdc could not log in; caused by"
            + " java.lang.IllegalStateException: password authentication failed: [hidden]");
    assertThat(json(fail).at("/run/facets/errorMessage/programmingLanguage").asText()).isEqualTo("JAVA");
  }

  @Test
  void theSqlTransformOfTheConnectorGivesTheOutputsColumnLineage() {
    Map<String, String> props = props("transforms", "clean",
        "transforms.clean.type", "io.streamfirst.connect.sql.SqlTransform",
        "transforms.clean.query", "SELECT id AS order_id, UPPER(status) AS status, amount * 100 AS cents,"
            + " CASE WHEN amount > 100 THEN 'big' ELSE 'small' END AS size, _key AS k FROM t WHERE amount > 0 AND __op <> 'd'");
    SqlTransformLineage sql = SqlTransformLineage.of(props, getClass().getClassLoader());
    assertThat(sql).isNotNull();
    // the flat change row: __ fields are Streamfirst's change metadata, _key.id is the table's id column
    ColumnMapping mapping = sql.mapping(TABLE, ROW, KEY,
        field -> field.startsWith("__")
            ? null
            : field.startsWith("_key.")
                ? field.substring(5)
                : field.equals("_key") ? null : field);
    CapturingTransport transport = new CapturingTransport(false);
    LineageRun run = start(props, transport);
    run.input(TABLE, ROW);
    run.output(TOPIC, mapping);
    run.complete();

    String last = transport.events.get(transport.events.size() - 1);
    assertThat(SCHEMAS.problems(last)).isEmpty();
    JsonNode facet = json(last).at("/outputs/0/facets/columnLineage");
    Map<String, List<String>> lineage = new java.util.LinkedHashMap<>();
    facet.get("fields").fields().forEachRemaining(field -> lineage.put(field.getKey(),
        java.util.stream.StreamSupport.stream(field.getValue().get("inputFields").spliterator(), false)
            .map(in -> in.get("namespace").asText() + "/" + in.get("name").asText() + "#" + in.get("field").asText()
                + ":" + in.at("/transformations/0/type").asText() + "/" + in.at("/transformations/0/subtype").asText())
            .toList()));
    String table = "postgres://pg:5432/shop.public.orders#";
    assertThat(lineage).containsExactly(
        Map.entry("order_id", List.of(table + "id:DIRECT/IDENTITY")),
        Map.entry("status", List.of(table + "status:DIRECT/TRANSFORMATION")),
        Map.entry("cents", List.of(table + "amount:DIRECT/TRANSFORMATION")),
        Map.entry("size", List.of(table + "amount:INDIRECT/CONDITIONAL")),
        Map.entry("k", List.of()));
    // the filter reads amount and __op; __op is not a table column
    assertThat(facet.get("dataset").findValuesAsText("field")).containsExactly("amount");
    assertThat(facet.at("/dataset/0/transformations/0/type").asText()).isEqualTo("INDIRECT");
    assertThat(facet.at("/dataset/0/transformations/0/subtype").asText()).isEqualTo("FILTER");
    assertThat(json(last).at("/outputs/0/facets/schema/fields").findValuesAsText("name"))
        .containsExactly("order_id", "status", "cents", "size", "k");
  }

  @Test
  void aStalledTransportNeverBlocksTheTaskAndDropsAreCounted() {
    CapturingTransport transport = new CapturingTransport(true);
    LineageRun run = start(props(), transport);
    // the sender has taken START and hangs in the transport
    await().until(() -> run.metrics().getQueued() == 0);
    long started = System.nanoTime();
    for (int i = 0; i < 100; i++) {
      run.output(DatasetId.kafka(List.of("broker:9092"), "topic-" + i), ROW);
    }
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
    assertThat(run.metrics().getQueued()).isEqualTo(5);
    assertThat(run.metrics().getDropped()).isEqualTo(95);
    transport.release.countDown();
    await().until(() -> run.metrics().getEmitted() == 6);
    run.complete();
    assertThat(types(transport)).containsExactly("START", "RUNNING", "RUNNING", "RUNNING", "RUNNING", "RUNNING",
        "COMPLETE");
  }

  @Test
  void disabledDoesNothing() {
    LineageRun run = LineageRun.start(Map.of("name", "x"), LineageRun.JobType.SINK, clock);
    assertThat(run).isSameAs(LineageRun.DISABLED);
    run.input(TABLE, ROW);
    run.fail(new ConnectException("x"));
    run.complete();
    assertThat(run.metrics()).isNull();
    assertThat(LineageRun.withRunId(Map.of("name", "x"), "id")).doesNotContainKey(LineageRun.RUN_ID);
    assertThat(LineageRun.withRunId(Map.of("openlineage.enabled", "true"), "id")).containsEntry(LineageRun.RUN_ID,
        "id");
  }
}
