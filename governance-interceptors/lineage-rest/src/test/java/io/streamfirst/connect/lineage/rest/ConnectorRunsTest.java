// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.lineage.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamfirst.connect.lineage.EventSchemas;
import io.streamfirst.connect.lineage.LineageRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * OpenLineage runs of connectors that do not report their own: START, FAIL with the error's messages and no
 * secret, a new run after a restart, COMPLETE when deleted; none for Streamfirst's reporting connectors or
 * connectors another worker hosts. Every event validates against the OpenLineage schemas and the
 * kafkaConnect facet's own.
 */
class ConnectorRunsTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final EventSchemas SCHEMAS = new EventSchemas(List.of(KafkaConnectJobFacet.SCHEMA_RESOURCE));

  @TempDir
  Path dir;

  private List<JsonNode> events(Path file) throws IOException {
    List<JsonNode> events = new ArrayList<>();
    if (Files.exists(file)) {
      for (String line : Files.readAllLines(file)) {
        if (!line.isBlank()) {
          assertThat(SCHEMAS.problems(line)).as(line).isEmpty();
          events.add(JSON.readTree(line));
        }
      }
    }
    return events;
  }

  private static ConnectorSnapshot sink(String state, String trace) {
    Map<String, String> config = new LinkedHashMap<>();
    config.put("connector.class", ConnectorDatasets.FILE_SINK);
    config.put("topics.regex", "orders.*");
    config.put("file", "/data/orders.txt");
    config.put("transforms", "mask");
    config.put("transforms.mask.type", "org.apache.kafka.connect.transforms.MaskField$Value");
    config.put("db.password", "s3cret-pass");
    return new ConnectorSnapshot("archive", "SINK", config, state, trace);
  }

  @Test
  void aThirdPartyConnectorRunsFailsRestartsAndCompletes() throws Exception {
    Path file = dir.resolve("events.jsonl");
    Map<String, String> props = new LineageRestConfig(Map.of("streamfirst.openlineage.enabled", "true",
        "streamfirst.openlineage.transport", "file", "streamfirst.openlineage.file.path", file.toString(),
        "streamfirst.openlineage.namespace", "ops")).lineageProps("broker1:9092");
    Set<String> hosted = new HashSet<>(Set.of("archive", "ch", "lines"));
    GraphBuilder graph = new GraphBuilder(List.of("broker1:9092"), "ops", GraphBuilder.ColumnLineage.NONE);
    ConnectorSnapshot source = GraphBuilderTest.connector("lines", "SOURCE", "connector.class",
        ConnectorDatasets.FILE_SOURCE, "file", "/data/in.txt", "topic", "orders-in");
    ConnectorSnapshot streamfirst = GraphBuilderTest.connector("ch", "SINK", "connector.class",
        ConnectorDatasets.CLICKHOUSE, "topics", "orders-in", "clickhouse.host", "ch");
    ConnectorSnapshot elsewhere = GraphBuilderTest.connector("remote", "SINK", "connector.class",
        ConnectorDatasets.FILE_SINK, "topics", "orders-in", "file", "/x");
    try (ConnectorRuns runs = new ConnectorRuns(props, Clock.systemUTC(), hosted::contains, LineageRun::start)) {
      runs.update(List.of(sink("RUNNING", null), source, streamfirst, elsewhere), graph, List.of());
      runs.update(List.of(sink("FAILED", "org.apache.kafka.connect.errors.ConnectException: cannot write /data: "
          + "login with s3cret-pass refused\n\tat a.b.C.d(C.java:1)\nCaused by: java.io.IOException: disk full\n"
          + "\tat x.Y.z(Y.java:2)\n"), source, streamfirst, elsewhere), graph, List.of());
      runs.update(List.of(sink("FAILED", "same"), source, streamfirst, elsewhere), graph, List.of());
      runs.update(List.of(sink("RUNNING", null), source, streamfirst, elsewhere), graph, List.of());
      runs.update(List.of(source, streamfirst, elsewhere), graph, List.of());
    }

    List<JsonNode> events = events(file);
    List<String> archive = events.stream().filter(e -> e.at("/job/name").asText().equals("archive"))
        .map(e -> e.get("eventType").asText()).filter(t -> !t.equals("RUNNING")).toList();
    assertThat(archive).containsExactly("START", "FAIL", "START", "COMPLETE");
    assertThat(events).allSatisfy(e -> assertThat(e.at("/job/name").asText()).isIn("archive", "lines"));
    assertThat(events).allSatisfy(e -> assertThat(e.at("/job/namespace").asText()).isEqualTo("ops"));

    JsonNode fail = events.stream().filter(e -> e.get("eventType").asText().equals("FAIL")).findFirst().orElseThrow();
    assertThat(fail.at("/run/facets/errorMessage/message").asText()).isEqualTo(
        "org.apache.kafka.connect.errors.ConnectException: cannot write /data: login with [hidden] refused;"
            + " caused by java.io.IOException: disk full");
    assertThat(events.toString()).doesNotContain("s3cret-pass");
    List<String> runIds = events.stream().filter(e -> e.at("/job/name").asText().equals("archive"))
        .map(e -> e.at("/run/runId").asText()).distinct().toList();
    assertThat(runIds).hasSize(2);

    JsonNode start = events.stream().filter(e -> e.at("/job/name").asText().equals("archive")).findFirst()
        .orElseThrow();
    assertThat(start.at("/job/facets/kafkaConnect/connectorClass").asText()).isEqualTo(ConnectorDatasets.FILE_SINK);
    assertThat(start.at("/job/facets/kafkaConnect/transforms").toString())
        .isEqualTo("[{\"alias\":\"mask\",\"type\":\"org.apache.kafka.connect.transforms.MaskField$Value\"}]");
    assertThat(start.at("/job/facets/jobType/jobType").asText()).isEqualTo("SINK");
    JsonNode complete = events.get(events.size() - 1).at("/job/name").asText().equals("archive")
        ? events.get(events.size() - 1)
        : events.stream().filter(e -> e.get("eventType").asText().equals("COMPLETE")
            && e.at("/job/name").asText().equals("archive")).findFirst().orElseThrow();
    assertThat(complete.at("/inputs/0/namespace").asText() + " " + complete.at("/inputs/0/name").asText())
        .isEqualTo("kafka://broker1:9092 orders-in");
    assertThat(complete.at("/outputs/0/namespace").asText() + " " + complete.at("/outputs/0/name").asText())
        .isEqualTo("file /data/orders.txt");
    List<String> lines = events.stream().filter(e -> e.at("/job/name").asText().equals("lines"))
        .map(e -> e.get("eventType").asText()).filter(t -> !t.equals("RUNNING")).toList();
    assertThat(lines).containsExactly("START", "COMPLETE"); // COMPLETE: the worker stopped (close)
  }
}
