// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.lineage.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamfirst.connect.lineage.rest.ClusterFreshness.Answer;
import io.streamfirst.connect.lineage.rest.ClusterFreshness.Merged;
import io.streamfirst.connect.lineage.rest.LineageGraph.Freshness;
import io.streamfirst.connect.lineage.rest.LineageGraph.Node;
import io.streamfirst.connect.lineage.rest.LineageGraph.Worker;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The freshness of every sink table of the cluster from what each worker answers: each task's values from the
 * worker its status names, and unknown (never dropped, never the live tasks' values) while a task's worker does
 * not answer.
 */
class ClusterFreshnessTest {

  private static final String A = "worker-a:8083";
  private static final String B = "worker-b:8083";
  private static final String C = "worker-c:8083";
  private final GraphBuilder builder = new GraphBuilder(List.of("broker:9092"), "streamfirst",
      GraphBuilder.ColumnLineage.NONE);

  private static ConnectorSnapshot sink(String name, Map<Integer, String> tasks) {
    return new ConnectorSnapshot(name, "SINK", Map.of("connector.class", ConnectorDatasets.CLICKHOUSE, "topics",
        name + "-in", "clickhouse.host", "ch", "table.name.format", name + "_t"), "RUNNING", null, tasks);
  }

  private static TaskFreshness task(String connector, int task, String table, long through, long p99,
      String state) {
    return new TaskFreshness(connector, task, table, through, 10, p99, 60_000, state);
  }

  @Test
  void eachTableCombinesTheTasksOfEveryWorkerAndATaskCountsOnlyFromTheWorkerItsStatusNames() {
    ClusterFreshness merger = new ClusterFreshness();
    List<ConnectorSnapshot> connectors = List.of(sink("orders", Map.of(0, A, 1, B, 2, C)),
        sink("items", Map.of(0, B)));
    // A still publishes items task 0 (it moved to B a moment ago): its stale value must not count
    Map<String, Answer> answers = Map.of(
        A, Answer.of(List.of(task("orders", 0, "orders_t", 5_000, 100, "OK"), task("items", 0, "items_t", 1, 1,
            "BREACHED"))),
        B, Answer.of(List.of(task("orders", 1, "orders_t", 4_000, 300, "OK"), task("items", 0, "items_t", 8_000,
            50, "OK"))),
        C, Answer.of(List.of(task("orders", 2, "orders_t", 6_000, 200, "OK"))));

    Merged merged = merger.merge(connectors, answers, A);

    assertThat(merged.tables()).isEqualTo(Map.of(
        "orders", Map.of("orders_t", new TableFreshness(4_000, 10, 300, 60_000, "OK", 3)),
        "items", Map.of("items_t", new TableFreshness(8_000, 10, 50, 60_000, "OK", 1))));
    assertThat(merged.unreachable()).isEmpty();
    assertThat(merged.workers()).containsExactly(new Worker(A, Worker.SELF, null), new Worker(B, Worker.OK, null),
        new Worker(C, Worker.OK, null));
  }

  @Test
  void aWorkerThatDoesNotAnswerMakesItsConnectorsTablesUnknownUntilItsTasksMove() throws Exception {
    ClusterFreshness merger = new ClusterFreshness();
    ConnectorSnapshot routed = new ConnectorSnapshot("routed", "SINK", Map.of("connector.class", "com.example.Sink",
        "topics", "routed-in"), "RUNNING", null, Map.of(0, A, 1, C));
    List<ConnectorSnapshot> before = List.of(sink("orders", Map.of(0, A, 1, C)), sink("items", Map.of(0, B)),
        routed);
    Map<String, Answer> all = Map.of(
        A, Answer.of(List.of(task("orders", 0, "orders_t", 5_000, 100, "OK"),
            task("routed", 0, "eu", 5_000, 100, "OK"))),
        B, Answer.of(List.of(task("items", 0, "items_t", 8_000, 50, "OK"))),
        C, Answer.of(List.of(task("orders", 1, "orders_t", 4_000, 300, "BREACHED"),
            task("routed", 1, "us", 7_000, 100, "OK"))));
    merger.merge(before, all, A);

    // C stops: its tasks' statuses still name it
    Map<String, Answer> withoutC = Map.of(A, all.get(A), B, all.get(B), C, Answer.failed("worker " + C
        + " does not answer at http://" + C + "/streamfirst/freshness/local: connection refused or unreachable"));
    Merged merged = merger.merge(before, withoutC, A);

    assertThat(merged.unreachable()).isEqualTo(Map.of("orders", List.of(C), "routed", List.of(C)));
    assertThat(merged.tables().get("routed").keySet()).as("a table only C's task wrote stays in the graph")
        .containsExactly("eu", "us");
    assertThat(merged.workers()).containsExactly(new Worker(A, Worker.SELF, null), new Worker(B, Worker.OK, null),
        new Worker(C, Worker.UNREACHABLE, "worker " + C + " does not answer at http://" + C
            + "/streamfirst/freshness/local: connection refused or unreachable"));
    LineageGraph graph = builder.build(before, List.of(), merged.tables(), merged.unreachable(), merged.workers(),
        10_000);
    Freshness unknown = new Freshness(-1, null, -1, -1, -1, 60_000, Freshness.UNKNOWN, List.of(C));
    assertThat(freshness(graph, "table:clickhouse://ch:8123/default.orders_t")).isEqualTo(unknown);
    assertThat(freshness(graph, "table:connector://routed/eu")).isEqualTo(unknown);
    assertThat(freshness(graph, "table:connector://routed/us")).isEqualTo(new Freshness(-1, null, -1, -1, -1, -1,
        Freshness.UNKNOWN, List.of(C)));
    assertThat(freshness(graph, "table:clickhouse://ch:8123/default.items_t")).isEqualTo(new Freshness(8_000,
        "1970-01-01T00:00:08Z", 2_000, 10, 50, 60_000, "OK"));
    String json = new ObjectMapper().writeValueAsString(graph);
    assertThat(json).contains("\"workers\":[{\"id\":\"" + A + "\",\"state\":\"SELF\"}",
        "{\"id\":\"" + C + "\",\"state\":\"UNREACHABLE\",\"error\":\"worker " + C + " does not answer");

    // C's tasks move to A and B: every table is known again
    List<ConnectorSnapshot> after = List.of(sink("orders", Map.of(0, A, 1, B)), sink("items", Map.of(0, B)),
        new ConnectorSnapshot("routed", "SINK", routed.config(), "RUNNING", null, Map.of(0, A, 1, A)));
    Map<String, Answer> moved = Map.of(
        A, Answer.of(List.of(task("orders", 0, "orders_t", 9_000, 100, "OK"), task("routed", 0, "eu", 9_000, 100,
            "OK"), task("routed", 1, "us", 9_500, 100, "OK"))),
        B, Answer.of(List.of(task("items", 0, "items_t", 8_000, 50, "OK"), task("orders", 1, "orders_t", 9_100, 80,
            "OK"))));
    Merged recovered = merger.merge(after, moved, A);
    assertThat(recovered.unreachable()).isEmpty();
    assertThat(recovered.tables().get("orders")).isEqualTo(Map.of("orders_t", new TableFreshness(9_000, 10, 100,
        60_000, "OK", 2)));
    assertThat(recovered.tables().get("routed")).isEqualTo(Map.of("eu", new TableFreshness(9_000, 10, 100, 60_000,
        "OK", 1), "us", new TableFreshness(9_500, 10, 100, 60_000, "OK", 1)));
    assertThat(recovered.workers()).extracting(Worker::id).containsExactly(A, B);
  }

  @Test
  void aBreachAnotherTaskReportsStaysVisibleWhileTheTableIsUnknown() {
    ClusterFreshness merger = new ClusterFreshness();
    List<ConnectorSnapshot> connectors = List.of(sink("orders", Map.of(0, A, 1, B)));
    Merged merged = merger.merge(connectors, Map.of(A, Answer.of(List.of(task("orders", 0, "orders_t", 1_000, 900,
        "BREACHED"))), B, Answer.failed("worker " + B + " did not answer within 2000 ms")), A);

    LineageGraph graph = builder.build(connectors, List.of(), merged.tables(), merged.unreachable(),
        merged.workers(), 10_000);
    assertThat(freshness(graph, "table:clickhouse://ch:8123/default.orders_t")).isEqualTo(new Freshness(-1, null,
        -1, -1, -1, 60_000, "BREACHED", List.of(B)));
  }

  private static Freshness freshness(LineageGraph graph, String id) {
    return graph.nodes().stream().filter(n -> n.id().equals(id)).map(Node::freshness).findFirst()
        .orElseThrow(() -> new AssertionError("no node " + id + " in " + graph.nodes()));
  }
}
