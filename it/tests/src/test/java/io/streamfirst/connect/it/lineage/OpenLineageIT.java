// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.it.lineage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.streamfirst.connect.it.clickhouse.ClickHouseSinkSupport;
import io.streamfirst.connect.it.fixtures.ClickHouseFixture;
import io.streamfirst.connect.it.cdc.PostgresCdc;
import io.streamfirst.connect.it.fixtures.PostgresFixture;
import io.streamfirst.connect.it.harness.ConnectCluster;
import io.streamfirst.connect.it.harness.ConnectClusterExtension;
import io.streamfirst.connect.it.harness.ConnectorStatus;
import io.streamfirst.connect.it.harness.ConsumedRecord;
import io.streamfirst.connect.it.harness.UniqueNames;
import io.streamfirst.connect.lineage.EventSchemas;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * OpenLineage events of a PostgreSQL CDC source with a SqlTransform feeding the ClickHouse sink, from
 * the packaged plugin directories: the source emits through the HTTP transport (a tiny HTTP server
 * stands in for Marquez), the sink through the Kafka transport. Every event validates against the
 * OpenLineage JSON schemas; datasets are named per OpenLineage's conventions; the SqlTransform's column
 * lineage is exactly what its statement says; a task that fails emits FAIL without the password.
 */
class OpenLineageIT {

  @RegisterExtension
  static final PostgresFixture POSTGRES = new PostgresFixture();

  @RegisterExtension
  static final ClickHouseFixture CLICKHOUSE = new ClickHouseFixture();

  @RegisterExtension
  static final ConnectClusterExtension CONNECT = new ConnectClusterExtension(b -> b.workers(1));

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final EventSchemas SCHEMAS = new EventSchemas();
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final List<String> HTTP_EVENTS = new CopyOnWriteArrayList<>();
  private static HttpServer server;

  @BeforeAll
  static void startLineageServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/api/v1/lineage", exchange -> {
      try (InputStream body = exchange.getRequestBody()) {
        HTTP_EVENTS.add(new String(body.readAllBytes(), StandardCharsets.UTF_8));
      }
      exchange.getResponseHeaders().add("Connection", "close"); // no stale pooled connections
      exchange.sendResponseHeaders(201, -1);
      exchange.close();
    });
    server.start();
  }

  @AfterAll
  static void stopLineageServer() {
    server.stop(0);
  }

  private static String lineageUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  private static String kafkaNamespace(ConnectCluster cluster) {
    String first = cluster.bootstrapServers().split(",")[0].trim();
    return "kafka://" + (first.contains("://") ? first.substring(first.indexOf("://") + 3) : first).toLowerCase();
  }

  private static Map<String, String> sourceConfig(String table, ConnectCluster cluster) {
    Map<String, String> config = new PostgresCdc(POSTGRES).config(table);
    config.put("streamfirst.output.format", "flat");
    config.put("value.converter.schemas.enable", "true");
    config.put("transforms", "clean");
    config.put("transforms.clean.type", "io.streamfirst.connect.sql.SqlTransform");
    // the statement is for the table's changes only, not for the connector's heartbeats
    config.put("transforms.clean.predicate", "orders");
    config.put("predicates", "orders");
    config.put("predicates.orders.type", "org.apache.kafka.connect.transforms.predicates.TopicNameMatches");
    config.put("predicates.orders.pattern", ".*\\.public\\." + table);
    config.put("transforms.clean.query",
        "SELECT id AS order_id, UPPER(status) AS status, amount * 100 AS amount_cents FROM orders WHERE amount > 0");
    config.put("openlineage.enabled", "true");
    config.put("openlineage.transport", "http");
    config.put("openlineage.http.url", lineageUrl());
    config.put("openlineage.dataset.kafka.bootstrap.servers", cluster.bootstrapServers());
    config.put("openlineage.running.interval.ms", "1000");
    return config;
  }

  private static Map<String, String> sinkConfig(String topic, String eventsTopic, ConnectCluster cluster) {
    Map<String, String> config = ClickHouseSinkSupport.config(CLICKHOUSE, topic);
    config.put("openlineage.enabled", "true");
    config.put("openlineage.transport", "kafka");
    config.put("openlineage.kafka.topic", eventsTopic);
    config.put("openlineage.dataset.kafka.bootstrap.servers", cluster.bootstrapServers());
    config.put("openlineage.running.interval.ms", "1000");
    return config;
  }

  private static void sql(String... statements) throws Exception {
    try (Connection connection = POSTGRES.connection(); Statement statement = connection.createStatement()) {
      for (String sql : statements) {
        statement.execute(sql);
      }
    }
  }

  private static JsonNode json(String text) {
    try {
      return JSON.readTree(text);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  /** The events of one job, in the order they arrived. */
  private static List<JsonNode> eventsOf(List<String> events, String job) {
    return events.stream().map(OpenLineageIT::json).filter(e -> job.equals(e.at("/job/name").asText())).toList();
  }

  private static List<String> types(List<JsonNode> events) {
    return events.stream().map(e -> e.get("eventType").asText()).toList();
  }

  /** Column lineage as "output <- namespace/name#field:TYPE/SUBTYPE". */
  private static Map<String, List<String>> columnLineage(JsonNode dataset) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    dataset.at("/facets/columnLineage/fields").fields().forEachRemaining(field -> out.put(field.getKey(),
        StreamSupport.stream(field.getValue().get("inputFields").spliterator(), false)
            .map(in -> in.get("namespace").asText() + "/" + in.get("name").asText() + "#" + in.get("field").asText()
                + ":" + in.at("/transformations/0/type").asText() + "/" + in.at("/transformations/0/subtype").asText())
            .toList()));
    return out;
  }

  private static List<String> kafkaEvents(ConnectCluster cluster, String topic) {
    List<String> events = new ArrayList<>();
    for (ConsumedRecord record : cluster.consumeAll(topic)) {
      events.add(record.value());
    }
    return events;
  }

  @Test
  void cdcThroughSqlTransformIntoClickHouseEmitsRunsWithDatasetsAndColumnLineage() throws Exception {
    ConnectCluster cluster = CONNECT.cluster();
    String source = UniqueNames.of("ol-pg");
    String sink = UniqueNames.of("ol-ch");
    String table = source.replace('-', '_') + "_orders";
    String topic = source + ".public." + table;
    String eventsTopic = UniqueNames.of("ol-events");
    cluster.createTopic(eventsTopic, 1);
    sql("CREATE TABLE " + table + " (id BIGINT PRIMARY KEY, status TEXT, amount INT)",
        "ALTER TABLE " + table + " REPLICA IDENTITY FULL");
    sql("INSERT INTO " + table + " VALUES (1, 'new', 5), (2, 'paid', 7), (3, 'free', 0), (4, 'paid', 12)");

    cluster.deploy(source, sourceConfig(table, cluster));
    cluster.awaitRunning(source, 1);
    cluster.deploy(sink, sinkConfig(topic, eventsTopic, cluster));
    cluster.awaitRunning(sink, 1);

    // records in = rows written + filtered: 4 changes, the one with amount 0 filtered by the statement
    await().atMost(WAIT).pollInterval(Duration.ofMillis(250)).ignoreExceptions().untilAsserted(() -> assertThat(
        CLICKHOUSE.queryJsonEachRow("SELECT order_id, status, amount_cents FROM `" + topic + "` ORDER BY order_id"))
        .containsExactly("{\"order_id\":\"1\",\"status\":\"NEW\",\"amount_cents\":500}",
            "{\"order_id\":\"2\",\"status\":\"PAID\",\"amount_cents\":700}",
            "{\"order_id\":\"4\",\"status\":\"PAID\",\"amount_cents\":1200}"));
    // a periodic RUNNING from each after the datasets are known
    await().atMost(WAIT).until(() -> types(eventsOf(HTTP_EVENTS, source)).stream()
        .filter("RUNNING"::equals).count() >= 2);
    await().atMost(WAIT).pollInterval(Duration.ofMillis(500))
        .until(() -> types(eventsOf(kafkaEvents(cluster, eventsTopic), sink)).stream()
            .filter("RUNNING"::equals).count() >= 2);

    cluster.delete(source);
    cluster.delete(sink);
    await().atMost(WAIT).until(() -> types(eventsOf(HTTP_EVENTS, source)).contains("COMPLETE"));
    await().atMost(WAIT).pollInterval(Duration.ofMillis(500))
        .until(() -> types(eventsOf(kafkaEvents(cluster, eventsTopic), sink)).contains("COMPLETE"));

    List<JsonNode> sourceEvents = eventsOf(HTTP_EVENTS, source);
    List<JsonNode> sinkEvents = eventsOf(kafkaEvents(cluster, eventsTopic), sink);
    for (JsonNode event : concat(sourceEvents, sinkEvents)) {
      assertThat(SCHEMAS.problems(event.toString())).as(event.toString()).isEmpty();
    }
    assertThat(types(sourceEvents).get(0)).isEqualTo("START");
    assertThat(types(sourceEvents).get(sourceEvents.size() - 1)).isEqualTo("COMPLETE");
    assertThat(types(sinkEvents).get(0)).isEqualTo("START");
    assertThat(types(sinkEvents).get(sinkEvents.size() - 1)).isEqualTo("COMPLETE");
    assertThat(sourceEvents.stream().map(e -> e.at("/run/runId").asText()).distinct()).hasSize(1);
    assertThat(sinkEvents.stream().map(e -> e.at("/run/runId").asText()).distinct()).hasSize(1);
    assertThat(sourceEvents.get(0).at("/job/facets/jobType/jobType").asText()).isEqualTo("SOURCE");
    assertThat(sinkEvents.get(0).at("/job/facets/jobType/jobType").asText()).isEqualTo("SINK");
    assertThat(sinkEvents.get(0).at("/job/facets/jobType/processingType").asText()).isEqualTo("STREAMING");
    assertThat(sinkEvents.get(0).at("/job/facets/jobType/integration").asText()).isEqualTo("KAFKA_CONNECT");

    String kafka = kafkaNamespace(cluster);
    String pg = "postgres://" + POSTGRES.host() + ":" + POSTGRES.port();
    String pgTable = POSTGRES.database() + ".public." + table;
    JsonNode last = sourceEvents.get(sourceEvents.size() - 1);
    assertThat(last.at("/inputs/0/namespace").asText()).isEqualTo(pg);
    assertThat(last.at("/inputs/0/name").asText()).isEqualTo(pgTable);
    assertThat(last.at("/inputs/0/facets/schema/fields").findValuesAsText("name"))
        .containsExactly("id", "status", "amount");
    assertThat(last.get("outputs")).hasSize(1);
    JsonNode topicDataset = last.at("/outputs/0");
    assertThat(topicDataset.get("namespace").asText()).isEqualTo(kafka);
    assertThat(topicDataset.get("name").asText()).isEqualTo(topic);
    String in = pg + "/" + pgTable + "#";
    assertThat(columnLineage(topicDataset)).containsExactly(
        Map.entry("order_id", List.of(in + "id:DIRECT/IDENTITY")),
        Map.entry("status", List.of(in + "status:DIRECT/TRANSFORMATION")),
        Map.entry("amount_cents", List.of(in + "amount:DIRECT/TRANSFORMATION")));
    assertThat(topicDataset.at("/facets/columnLineage/dataset").findValuesAsText("field")).containsExactly("amount");

    JsonNode sinkLast = sinkEvents.get(sinkEvents.size() - 1);
    assertThat(sinkLast.at("/inputs/0/namespace").asText()).isEqualTo(kafka);
    assertThat(sinkLast.at("/inputs/0/name").asText()).isEqualTo(topic);
    JsonNode tableDataset = sinkLast.at("/outputs/0");
    String ch = "clickhouse://127.0.0.1:" + CLICKHOUSE.httpPort();
    assertThat(tableDataset.get("namespace").asText()).isEqualTo(ch);
    assertThat(tableDataset.get("name").asText()).isEqualTo(CLICKHOUSE.database() + "." + topic);
    String fromTopic = kafka + "/" + topic + "#";
    assertThat(columnLineage(tableDataset)).containsExactly(
        Map.entry("order_id", List.of(fromTopic + "order_id:DIRECT/IDENTITY")),
        Map.entry("status", List.of(fromTopic + "status:DIRECT/IDENTITY")),
        Map.entry("amount_cents", List.of(fromTopic + "amount_cents:DIRECT/IDENTITY")));
  }

  @Test
  void aTaskThatFailsEmitsFailWithTheErrorButNotThePassword() throws Exception {
    ConnectCluster cluster = CONNECT.cluster();
    String source = UniqueNames.of("ol-pg-fail");
    String table = source.replace('-', '_') + "_t";
    Map<String, String> config = sourceConfig(table, cluster);
    String password = "s3cret-" + source; // accepted, not checked, by the fixture's trust authentication
    config.put("database.password", password);
    config.put("database.dbname", "no_such_db");
    config.put("streamfirst.preflight.enabled", "false");
    cluster.deploy(source, config);
    ConnectorStatus failed = cluster.awaitFailed(source);
    assertThat(failed.failureTraces()).contains("no_such_db");

    await().atMost(WAIT).until(() -> types(eventsOf(HTTP_EVENTS, source)).contains("FAIL"));
    List<JsonNode> events = eventsOf(HTTP_EVENTS, source);
    assertThat(types(events)).containsExactly("START", "FAIL");
    JsonNode fail = events.get(1);
    assertThat(SCHEMAS.problems(fail.toString())).isEmpty();
    assertThat(fail.at("/run/facets/errorMessage/message").asText()).contains("no_such_db")
        .contains("does not exist");
    assertThat(fail.at("/run/facets/errorMessage/programmingLanguage").asText()).isEqualTo("JAVA");
    assertThat(fail.toString()).doesNotContain(password);
    cluster.delete(source);
  }

  private static List<JsonNode> concat(List<JsonNode> a, List<JsonNode> b) {
    List<JsonNode> out = new ArrayList<>(a);
    out.addAll(b);
    return out;
  }
}
