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
import io.streamfirst.connect.it.harness.ConnectorStatus;
import io.streamfirst.connect.it.harness.ExternalWorker;
import io.streamfirst.connect.it.harness.TestRecord;
import io.streamfirst.connect.it.harness.UniqueNames;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The lineage REST extension on a cluster of three workers: two embedded ones and one in a JVM of its own (so its
 * sink tasks' freshness MBeans are only in that JVM), each loading the packaged lineage-rest plugin. Three
 * ClickHouse sinks (one with three tasks over three partitions) spread their tasks over the three workers. Every
 * worker's {@code GET /streamfirst/lineage} shows every table's freshness, the same on each: per table the minimum
 * committed-through time over the tasks, wherever they run. After the separate worker is killed, the other two
 * still answer and show the tables of every connector with a task on it as unknown, naming it (in the JSON and on
 * the page in headless Chromium), the other tables as before; once its tasks have moved, every table is known
 * again.
 */
class LineageRestClusterIT {

  private static final Path OUT = Path.of("target", "lineage-rest-cluster-it").toAbsolutePath();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration WAIT = Duration.ofSeconds(90);
  private static final HeadlessChromium CHROMIUM = new HeadlessChromium(OUT);
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final long SLA_MS = 600_000;

  @RegisterExtension
  static final ClickHouseFixture CLICKHOUSE = new ClickHouseFixture();

  @RegisterExtension
  static final ConnectClusterExtension CONNECT = new ConnectClusterExtension(b -> b.workers(2)
      .workerProperty("rest.extension.classes", "io.streamfirst.connect.lineage.rest.LineageRestExtension")
      .workerProperty("streamfirst.lineage.watch.interval.ms", "500")
      .workerProperty("streamfirst.lineage.schema.sampling.enabled", "false")
      // a killed worker's tasks move once its session expires (10 s) and this delay has passed: the time in which
      // its tables must show as unknown
      .workerProperty("scheduled.rebalance.max.delay.ms", "15000"));

  private static JsonNode get(String url) throws Exception {
    HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url))
        .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as("GET %s: %s", url, response.body()).isEqualTo(200);
    return JSON.readTree(response.body());
  }

  private static String record(long id, String name) {
    ObjectNode schema = JSON.createObjectNode().put("type", "struct").put("optional", false).put("name", "row");
    schema.putArray("fields").add(JSON.createObjectNode().put("field", "id").put("type", "int64")
        .put("optional", false)).add(JSON.createObjectNode().put("field", "name").put("type", "string")
            .put("optional", false));
    ObjectNode root = JSON.createObjectNode();
    root.set("schema", schema);
    root.putObject("payload").put("id", id).put("name", name);
    return root.toString();
  }

  /** One record into every partition of every topic. */
  private static void produceRound(ConnectCluster cluster, Map<String, Integer> partitions, int round) {
    partitions.forEach((topic, count) -> {
      for (int p = 0; p < count; p++) {
        long id = round * 10L + p;
        cluster.produce(TestRecord.to(topic).partition(p).key(Long.toString(id)).value(record(id, "r" + round)));
      }
    });
  }

  /** Per connector, per task: the worker its status names. */
  private static Map<String, Map<Integer, String>> assignment(ConnectCluster cluster, List<String> connectors) {
    Map<String, Map<Integer, String>> out = new TreeMap<>();
    for (String connector : connectors) {
      Map<Integer, String> tasks = new TreeMap<>();
      for (ConnectorStatus.TaskStatus task : cluster.status(connector).tasks()) {
        tasks.put(task.id(), task.workerId());
      }
      out.put(connector, tasks);
    }
    return out;
  }

  private static JsonNode node(JsonNode graph, String id) {
    for (JsonNode node : graph.path("nodes")) {
      if (node.path("id").asText().equals(id)) {
        return node;
      }
    }
    throw new AssertionError("no node " + id + " in " + graph);
  }

  /** The graph's workers as {@code id state}. */
  private static List<String> workers(JsonNode graph) {
    List<String> out = new ArrayList<>();
    graph.path("workers").forEach(w -> out.add(w.path("id").asText() + " " + w.path("state").asText()));
    return out;
  }

  @Test
  void everyWorkerShowsEveryTablesFreshnessAndAKilledWorkersTablesAreUnknownUntilItsTasksMove() throws Exception {
    ConnectCluster cluster = CONNECT.cluster();
    Files.createDirectories(OUT);
    List<String> embedded = cluster.workerIds();
    try (ExternalWorker external = cluster.startExternalWorker(OUT.resolve(UniqueNames.of("worker")))) {
      String gone = external.id();
      Map<String, Integer> partitions = new LinkedHashMap<>();
      Map<String, String> tableOf = new LinkedHashMap<>(); // connector -> table node id
      Map<String, String> topicOf = new LinkedHashMap<>(); // connector -> topic
      List<String> connectors = new ArrayList<>();
      for (String kind : List.of("wide", "one", "two")) {
        String topic = UniqueNames.of("fresh-" + kind);
        int count = kind.equals("wide") ? 3 : 1;
        cluster.createTopic(topic, count);
        partitions.put(topic, count);
        Map<String, String> config = ClickHouseSinkSupport.config(CLICKHOUSE, topic);
        config.put("tasks.max", Integer.toString(count));
        config.put("freshness.sla.tables", "*:" + SLA_MS);
        String connector = UniqueNames.of("ch-" + kind);
        cluster.deploy(connector, config);
        cluster.awaitRunning(connector, count);
        connectors.add(connector);
        topicOf.put(connector, topic);
        tableOf.put(connector, "table:clickhouse://127.0.0.1:" + CLICKHOUSE.httpPort() + "/" + CLICKHOUSE.database()
            + "." + topic);
      }
      // Connect spreads the five tasks over the three workers (the separate one may join a moment later)
      await("tasks on each of the three workers").atMost(WAIT).pollInterval(Duration.ofMillis(500))
          .untilAsserted(() -> {
            Set<String> running = new TreeSet<>();
            for (String connector : connectors) {
              ConnectorStatus status = cluster.status(connector);
              assertThat(status.isRunning(partitions.get(topicOf.get(connector)))).as(status.summary()).isTrue();
              status.tasks().forEach(t -> running.add(t.workerId()));
            }
            assertThat(running).containsExactlyInAnyOrder(embedded.get(0), embedded.get(1), gone);
          });
      Map<String, Map<Integer, String>> before = assignment(cluster, connectors);
      produceRound(cluster, partitions, 1);
      for (Map.Entry<String, Integer> topic : partitions.entrySet()) {
        await().atMost(WAIT).ignoreExceptions().untilAsserted(() -> assertThat(Long.parseLong(CLICKHOUSE.query(
            "SELECT count() FROM `" + topic.getKey() + "`"))).isEqualTo(topic.getValue().longValue()));
      }
      assertThat(assignment(cluster, connectors)).as("tasks stayed where they were").isEqualTo(before);

      // every worker shows every table, with the minimum committed-through over the tasks wherever they run
      List<String> all = new ArrayList<>(embedded);
      all.add(gone);
      Map<String, Long> through = new TreeMap<>();
      await().atMost(WAIT).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
        Map<String, Long> expected = new TreeMap<>();
        List<String> externalOnly = new ArrayList<>();
        for (String worker : all) {
          JsonNode local = get("http://" + worker + "/streamfirst/freshness/local");
          for (JsonNode task : local.path("tasks")) {
            String connector = task.path("connector").asText();
            if (worker.equals(before.getOrDefault(connector, Map.of()).get(task.path("task").asInt()))) {
              expected.merge(connector, task.path("committedThroughMs").asLong(), Math::min);
              if (worker.equals(gone)) {
                externalOnly.add(connector + "/" + task.path("task").asInt());
              }
            }
          }
        }
        assertThat(expected.keySet()).as("tasks publishing freshness").containsExactlyElementsOf(before.keySet());
        assertThat(expected.values()).allMatch(v -> v > 0);
        JsonNode embeddedLocal = get("http://" + embedded.get(0) + "/streamfirst/freshness/local");
        for (String task : externalOnly) {
          assertThat(embeddedLocal.toString()).as("the separate worker's task %s is not in this JVM", task)
              .doesNotContain("\"connector\":\"" + task.substring(0, task.indexOf('/')) + "\",\"task\":"
                  + task.substring(task.indexOf('/') + 1) + ",");
        }
        for (String worker : all) {
          JsonNode graph = get("http://" + worker + "/streamfirst/lineage");
          for (String connector : connectors) {
            JsonNode freshness = node(graph, tableOf.get(connector)).path("freshness");
            assertThat(freshness.path("committedThroughMs").asLong()).as("%s on %s", connector, worker)
                .isEqualTo(expected.get(connector));
            assertThat(freshness.path("slaState").asText()).as("%s on %s", connector, worker).isEqualTo("OK");
            assertThat(freshness.has("unreachableWorkers")).isFalse();
          }
          List<String> states = new ArrayList<>();
          all.stream().sorted().forEach(w -> states.add(w + (w.equals(worker) ? " SELF" : " OK")));
          assertThat(workers(graph)).as("workers seen by %s", worker).containsExactlyElementsOf(states);
        }
        through.putAll(expected);
      });
      String page = "http://" + embedded.get(0) + "/streamfirst/";
      String dom = CHROMIUM.dumpDom(page);
      for (String connector : connectors) {
        String table = tableOf.get(connector).substring(tableOf.get(connector).lastIndexOf('/') + 1);
        assertThat(row(dom, table)).contains(">" + java.time.Instant.ofEpochMilli(through.get(connector)) + "<",
            ">OK<");
      }

      // the separate worker dies: the others mark the tables of its tasks' connectors unknown, naming it
      Set<String> affected = new TreeSet<>();
      before.forEach((connector, tasks) -> {
        if (tasks.containsValue(gone)) {
          affected.add(connector);
        }
      });
      external.kill();
      String error = "worker " + gone + " does not answer at http://" + gone
          + "/streamfirst/freshness/local: connection refused or unreachable";
      await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
        for (String worker : embedded) {
          JsonNode graph = get("http://" + worker + "/streamfirst/lineage");
          for (String connector : connectors) {
            JsonNode freshness = node(graph, tableOf.get(connector)).path("freshness");
            if (affected.contains(connector)) {
              boolean othersPublish = before.get(connector).values().stream().anyMatch(w -> !w.equals(gone));
              assertThat(freshness.toString()).as("%s on %s", connector, worker).isEqualTo(
                  "{\"committedThroughMs\":-1,\"ageMs\":-1,\"p50Ms\":-1,\"p99Ms\":-1,\"slaMs\":"
                      + (othersPublish ? SLA_MS : -1) + ",\"slaState\":\"UNKNOWN\",\"unreachableWorkers\":[\""
                      + gone + "\"]}");
            } else {
              assertThat(freshness.path("committedThroughMs").asLong()).isEqualTo(through.get(connector));
              assertThat(freshness.path("slaState").asText()).isEqualTo("OK");
            }
          }
          Map<String, String> states = new TreeMap<>();
          graph.path("workers").forEach(w -> states.put(w.path("id").asText(), w.path("state").asText() + " "
              + w.path("error").asText("")));
          Map<String, String> expectedStates = new TreeMap<>();
          embedded.forEach(w -> expectedStates.put(w, (w.equals(worker) ? "SELF" : "OK") + " "));
          expectedStates.put(gone, "UNREACHABLE " + error);
          assertThat(states).as("workers seen by %s", worker).isEqualTo(expectedStates);
        }
      });
      assertThat(affected).as("a connector with a task on the killed worker").isNotEmpty();
      assertThat(assignment(cluster, connectors)).as("the killed worker's tasks have not moved yet")
          .isEqualTo(before);
      dom = CHROMIUM.dumpDom(page);
      for (String connector : connectors) {
        String table = tableOf.get(connector).substring(tableOf.get(connector).lastIndexOf('/') + 1);
        assertThat(row(dom, table)).as("row of %s", table).contains(affected.contains(connector)
            ? ">unknown (worker " + gone + " does not answer)<"
            : ">" + java.time.Instant.ofEpochMilli(through.get(connector)) + "<");
      }
      assertThat(dom).contains("Not answering: " + error + ".");
      assertThat(Files.size(CHROMIUM.screenshot(page, OUT.resolve("lineage-page-worker-gone.png")))).isPositive();

      // its tasks move to the other workers: every table is known again
      for (String connector : affected) {
        cluster.awaitRunningWithout(connector, partitions.get(topicOf.get(connector)), gone);
      }
      produceRound(cluster, partitions, 2);
      await().atMost(WAIT).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
        for (String worker : embedded) {
          JsonNode graph = get("http://" + worker + "/streamfirst/lineage");
          for (String connector : connectors) {
            JsonNode freshness = node(graph, tableOf.get(connector)).path("freshness");
            assertThat(freshness.path("committedThroughMs").asLong()).as("%s on %s", connector, worker)
                .isGreaterThan(through.get(connector));
            assertThat(freshness.path("slaState").asText()).isEqualTo("OK");
            assertThat(freshness.has("unreachableWorkers")).isFalse();
          }
          assertThat(workers(graph)).as("workers seen by %s", worker).containsExactlyElementsOf(
              embedded.stream().sorted().map(w -> w + (w.equals(worker) ? " SELF" : " OK")).toList());
        }
      });
    }
  }

  /** The freshness row of {@code table} ({@code db.table}) in the page's DOM. */
  private static String row(String dom, String table) {
    Matcher row = Pattern.compile("<tr data-table=\"" + Pattern.quote(table) + "\"[^>]*>(.*?)</tr>").matcher(dom);
    assertThat(row.find()).as("freshness row of %s in%n%s", table, dom).isTrue();
    return row.group(1);
  }
}
