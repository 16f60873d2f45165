// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.it.lineage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streamfirst.connect.it.clickhouse.ClickHouseSinkSupport;
import io.streamfirst.connect.it.fixtures.ClickHouseFixture;
import io.streamfirst.connect.it.harness.ConnectCluster;
import io.streamfirst.connect.it.harness.ConnectClusterExtension;
import io.streamfirst.connect.it.harness.UniqueNames;
import io.streamfirst.connect.lineage.EventSchemas;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.management.ObjectName;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The lineage REST extension from its packaged plugin directory on a running cluster: a Streamfirst pipeline
 * (records with schemas → SqlTransform → ClickHouse sink) and Kafka's FileStreamSink reading the same topic
 * through {@code topics.regex}. {@code GET /streamfirst/lineage} is exactly the expected graph (with the
 * SqlTransform's column lineage and the table's freshness from the sink-table MBeans); the FileStreamSink's
 * OpenLineage events (START, FAIL for a broken one, COMPLETE on delete) are written by the file transport and
 * validate against the OpenLineage schemas; headless Chromium loads {@code /streamfirst/} and the test reads
 * node labels and freshness values from its DOM and keeps a screenshot.
 */
class LineageRestIT {

  private static final Path OUT = Path.of("target", "lineage-rest-it").toAbsolutePath();
  private static final Path EVENTS = OUT.resolve("events-" + UniqueNames.of("run") + ".jsonl");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final List<ObjectName> MBEANS = new ArrayList<>();
  private static final HeadlessChromium CHROMIUM = new HeadlessChromium(OUT);

  @RegisterExtension
  static final ClickHouseFixture CLICKHOUSE = new ClickHouseFixture();

  @RegisterExtension
  static final ConnectClusterExtension CONNECT = new ConnectClusterExtension(b -> b.workers(1)
      .workerProperty("rest.extension.classes", "io.streamfirst.connect.lineage.rest.LineageRestExtension")
      .workerProperty("streamfirst.lineage.watch.interval.ms", "500")
      .workerProperty("streamfirst.openlineage.enabled", "true")
      .workerProperty("streamfirst.openlineage.transport", "file")
      .workerProperty("streamfirst.openlineage.file.path", EVENTS.toString())
      .workerProperty("streamfirst.openlineage.namespace", "it-lineage"));

  /** The freshness contract's MBean, as a sink task publishes it per table. */
  public interface SinkTableMBean {
    long getCommittedThroughMs();

    long getFreshnessP50Ms();

    long getFreshnessP99Ms();

    long getSlaMs();

    String getSlaState();
  }

  /** Fixed values standing in for a sink task's. */
  public record SinkTable(long getCommittedThroughMs, long getFreshnessP50Ms, long getFreshnessP99Ms,
      long getSlaMs, String getSlaState) implements SinkTableMBean {
  }

  @AfterAll
  static void unregister() throws Exception {
    for (ObjectName name : MBEANS) {
      ManagementFactory.getPlatformMBeanServer().unregisterMBean(name);
    }
  }

  private static void publishFreshness(String connector, int task, String table, SinkTable values) throws Exception {
    ObjectName name = new ObjectName("streamfirst.freshness:type=sink-table,connector=" + connector + ",task="
        + task + ",table=" + table);
    ManagementFactory.getPlatformMBeanServer().registerMBean(new javax.management.StandardMBean(values,
        SinkTableMBean.class), name);
    MBEANS.add(name);
  }

  private static String record(long id, String status, long amount) {
    ObjectNode schema = JSON.createObjectNode().put("type", "struct").put("optional", false).put("name", "order");
    schema.putArray("fields").add(field("id", "int64")).add(field("status", "string")).add(field("amount", "int64"));
    ObjectNode root = JSON.createObjectNode();
    root.set("schema", schema);
    root.putObject("payload").put("id", id).put("status", status).put("amount", amount);
    return root.toString();
  }

  private static ObjectNode field(String name, String type) {
    return JSON.createObjectNode().put("field", name).put("type", type).put("optional", false);
  }

  private static String get(ConnectCluster cluster, String resource) throws Exception {
    HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
        URI.create(cluster.embedded().endpointForResource(resource))).timeout(Duration.ofSeconds(10)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as("GET %s: %s", resource, response.body()).isEqualTo(200);
    return response.body();
  }

  private static String kafkaNamespace(ConnectCluster cluster) {
    String first = cluster.bootstrapServers().split(",")[0].trim();
    return "kafka://" + (first.contains("://") ? first.substring(first.indexOf("://") + 3) : first).toLowerCase();
  }

  private static List<JsonNode> events() throws IOException {
    List<JsonNode> events = new ArrayList<>();
    if (Files.exists(EVENTS)) {
      for (String line : Files.readAllLines(EVENTS)) {
        if (!line.isBlank()) {
          events.add(JSON.readTree(line));
        }
      }
    }
    return events;
  }

  private static List<String> types(List<JsonNode> events, String job) {
    return events.stream().filter(e -> e.at("/job/name").asText().equals(job))
        .map(e -> e.path("eventType").asText()).filter(t -> !t.equals("RUNNING")).toList();
  }

  /** The kafkaConnect facet's JSON schema, from the extension's jar in the packaged plugin directory. */
  private static String facetSchema() throws IOException {
    Path dir = CONNECT.cluster().pluginDirectories().roots().get(0).resolve("lineage-rest");
    try (Stream<Path> jars = Files.list(dir)) {
      Path jar = jars.filter(p -> p.getFileName().toString().startsWith("streamfirst-lineage-rest-")).findFirst()
          .orElseThrow(() -> new AssertionError("no streamfirst-lineage-rest jar in " + dir));
      try (JarFile file = new JarFile(jar.toFile());
          InputStream in = file.getInputStream(file.getEntry(
              "io/streamfirst/connect/lineage/rest/KafkaConnectJobFacet.json"))) {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
    }
  }

  @Test
  void theGraphEventsAndPageOfAStreamfirstPipelineAndAThirdPartySink() throws Exception {
    ConnectCluster cluster = CONNECT.cluster();
    String topic = UniqueNames.of("orders");
    cluster.createTopic(topic);
    cluster.produce(topic, "1", record(1, "new", 5));
    cluster.produce(topic, "2", record(2, "free", 0));
    cluster.produce(topic, "3", record(3, "paid", 12));

    String ch = UniqueNames.of("ch");
    Map<String, String> sink = ClickHouseSinkSupport.config(CLICKHOUSE, topic);
    // the test publishes the table's freshness beans itself, with values the graph must combine exactly; the
    // sink's own per-table beans (ClickHouseFreshnessIT checks those) would carry measured values
    sink.put("freshness.enabled", "false");
    sink.put("transforms", "clean");
    sink.put("transforms.clean.type", "io.streamfirst.connect.sql.SqlTransform");
    sink.put("transforms.clean.query",
        "SELECT id AS order_id, UPPER(status) AS status, amount * 100 AS amount_cents FROM orders WHERE amount > 0");
    // two tasks (one idle: the topic has one partition), so that the graph combines the values of two tasks
    // whose statuses name this worker
    sink.put("tasks.max", "2");
    cluster.deploy(ch, sink);
    cluster.awaitRunning(ch, 2);

    String archive = UniqueNames.of("archive");
    Path archiveFile = OUT.resolve(archive + ".txt");
    Files.createDirectories(OUT);
    Map<String, String> file = new HashMap<>();
    file.put("connector.class", "org.apache.kafka.connect.file.FileStreamSinkConnector");
    file.put("tasks.max", "1");
    file.put("topics.regex", Pattern.quote(topic));
    file.put("file", archiveFile.toString());
    file.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
    file.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
    file.put("consumer.override.auto.offset.reset", "earliest");
    file.put("transforms", "tag");
    file.put("transforms.tag.type", "org.apache.kafka.connect.transforms.InsertField$Value");
    file.put("transforms.tag.static.field", "origin");
    file.put("transforms.tag.static.value", "lineage-it");
    cluster.deploy(archive, file);

    String table = topic; // the ClickHouse sink's default table.name.format is the topic
    long through = Instant.parse("2026-01-02T03:04:05Z").toEpochMilli();
    publishFreshness(ch, 0, table, new SinkTable(through + 2_000, 40, 900, 60_000, "OK"));
    publishFreshness(ch, 1, table, new SinkTable(through, 60, 1_500, 60_000, "BREACHED"));

    await().atMost(WAIT).ignoreExceptions().untilAsserted(() -> assertThat(Long.parseLong(CLICKHOUSE.query(
        "SELECT count() FROM `" + table + "`"))).isEqualTo(2));
    await().atMost(WAIT).untilAsserted(() -> assertThat(Files.exists(archiveFile)
        ? Files.readAllLines(archiveFile)
        : List.of()).hasSize(3));

    // the graph, exactly
    String kafka = kafkaNamespace(cluster);
    String topicId = "topic:" + kafka + "/" + topic;
    String fileId = "table:file/" + archiveFile;
    String tableId = "table:clickhouse://127.0.0.1:" + CLICKHOUSE.httpPort() + "/" + CLICKHOUSE.database() + "."
        + table;
    JsonNode graph = await().atMost(WAIT).until(() -> JSON.readTree(get(cluster, "streamfirst/lineage")),
        g -> g.path("nodes").size() == 7 && g.toString().contains("\"amount_cents\""));
    Map<String, String> nodes = new LinkedHashMap<>();
    graph.path("nodes").forEach(n -> nodes.put(n.path("id").asText(), n.path("kind").asText()));
    assertThat(nodes).containsExactlyInAnyOrderEntriesOf(Map.of("connector:" + archive, "sink", topicId, "topic",
        fileId, "table", "transform:" + archive + "/tag", "transform", "connector:" + ch, "sink",
        "transform:" + ch + "/clean", "transform", tableId, "table"));
    List<String> edges = new ArrayList<>();
    graph.path("edges").forEach(e -> edges.add(e.path("from").asText() + " -> " + e.path("to").asText()));
    assertThat(edges).containsExactlyInAnyOrder(
        topicId + " -> transform:" + archive + "/tag",
        "transform:" + archive + "/tag -> connector:" + archive,
        "connector:" + archive + " -> " + fileId,
        topicId + " -> transform:" + ch + "/clean",
        "transform:" + ch + "/clean -> connector:" + ch,
        "connector:" + ch + " -> " + tableId);
    JsonNode clean = node(graph, "transform:" + ch + "/clean");
    List<String> columns = new ArrayList<>();
    clean.path("columns").forEach(c -> c.path("sources").forEach(s -> columns.add(c.path("name").asText() + " <- "
        + s.path("dataset").asText() + "." + s.path("field").asText() + " " + s.path("kind").asText())));
    assertThat(columns).containsExactly("order_id <- " + topic + ".id IDENTITY",
        "status <- " + topic + ".status TRANSFORMATION", "amount_cents <- " + topic + ".amount TRANSFORMATION");
    assertThat(clean.path("filter").toString()).isEqualTo("[\"amount\"]");
    JsonNode freshness = node(graph, tableId).path("freshness");
    assertThat(freshness.path("committedThroughMs").asLong()).isEqualTo(through);
    assertThat(freshness.path("committedThrough").asText()).isEqualTo("2026-01-02T03:04:05Z");
    assertThat(freshness.path("p99Ms").asLong()).isEqualTo(1_500);
    assertThat(freshness.path("slaState").asText()).isEqualTo("BREACHED");
    assertThat(node(graph, "connector:" + archive).path("className").asText())
        .isEqualTo("org.apache.kafka.connect.file.FileStreamSinkConnector");
    assertThat(graph.toString()).doesNotContain(CLICKHOUSE.password()).doesNotContain("lineage-it")
        .doesNotContain("SELECT");

    // the page in a real browser
    String url = cluster.embedded().endpointForResource("streamfirst/");
    String dom = CHROMIUM.dumpDom(url);
    assertThat(dom).contains(">" + archive + "<", ">" + ch + "<", ">" + topic + "<", ">clean<", ">tag<");
    Matcher row = Pattern.compile("<tr data-table=\"" + Pattern.quote(CLICKHOUSE.database() + "." + table)
        + "\"[^>]*>(.*?)</tr>").matcher(dom);
    assertThat(row.find()).as("freshness row of %s in%n%s", table, dom).isTrue();
    assertThat(row.group(1)).contains(">2026-01-02T03:04:05Z<", ">1.5 s<", ">BREACHED<", ">60 s<");
    Path screenshot = CHROMIUM.screenshot(url, OUT.resolve("lineage-page.png"));
    assertThat(Files.size(screenshot)).isPositive();

    // OpenLineage events of the third-party sink: START now, FAIL for a broken one, COMPLETE on delete
    String broken = UniqueNames.of("broken");
    Map<String, String> brokenConfig = new HashMap<>(file);
    brokenConfig.put("file", OUT.resolve("no-such-dir").resolve("x.txt").toString());
    brokenConfig.put("connection.password", "pw-" + broken);
    cluster.deploy(broken, brokenConfig);
    cluster.awaitFailed(broken);
    cluster.delete(archive);
    await().atMost(WAIT).untilAsserted(() -> {
      List<JsonNode> events = events();
      assertThat(types(events, archive)).containsExactly("START", "COMPLETE");
      assertThat(types(events, broken)).containsExactly("START", "FAIL");
    });
    List<JsonNode> events = events();
    assertThat(events).noneMatch(e -> e.at("/job/name").asText().equals(ch)); // Streamfirst's sink reports itself
    EventSchemas schemas = new EventSchemas(List.of(facetSchema()));
    for (JsonNode event : events) {
      assertThat(schemas.problems(event.toString())).as(event.toString()).isEmpty();
      assertThat(event.at("/job/namespace").asText()).isEqualTo("it-lineage");
    }
    JsonNode complete = events.stream().filter(e -> e.at("/job/name").asText().equals(archive)
        && e.path("eventType").asText().equals("COMPLETE")).findFirst().orElseThrow();
    assertThat(complete.at("/inputs/0/namespace").asText() + " " + complete.at("/inputs/0/name").asText())
        .isEqualTo(kafka + " " + topic);
    assertThat(complete.at("/outputs/0/namespace").asText() + " " + complete.at("/outputs/0/name").asText())
        .isEqualTo("file " + archiveFile);
    JsonNode start = events.stream().filter(e -> e.at("/job/name").asText().equals(archive)).findFirst().orElseThrow();
    assertThat(start.path("eventType").asText()).isEqualTo("START");
    assertThat(start.at("/job/facets/kafkaConnect/connectorClass").asText())
        .isEqualTo("org.apache.kafka.connect.file.FileStreamSinkConnector");
    assertThat(start.at("/job/facets/kafkaConnect/transforms").toString())
        .isEqualTo("[{\"alias\":\"tag\",\"type\":\"org.apache.kafka.connect.transforms.InsertField$Value\"}]");
    JsonNode fail = events.stream().filter(e -> e.path("eventType").asText().equals("FAIL")).findFirst()
        .orElseThrow();
    assertThat(fail.at("/run/facets/errorMessage/message").asText()).contains("no-such-dir")
        .doesNotContain("\tat ");
    assertThat(events.toString()).doesNotContain("pw-" + broken);
    cluster.delete(broken);
  }

  private static JsonNode node(JsonNode graph, String id) {
    for (JsonNode node : graph.path("nodes")) {
      if (node.path("id").asText().equals(id)) {
        return node;
      }
    }
    throw new AssertionError("no node " + id + " in " + graph);
  }
}
