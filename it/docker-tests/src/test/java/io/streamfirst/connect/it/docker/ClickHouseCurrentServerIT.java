// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.it.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streamfirst.connect.it.harness.ConnectCluster;
import io.streamfirst.connect.it.harness.ConnectorStatus;
import io.streamfirst.connect.it.harness.TestRecord;
import io.streamfirst.connect.it.harness.UniqueNames;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;

/**
 * The packaged ClickHouse sink against the ClickHouse image docker-compose.yml pins (a current server), on the paths
 * the build machines' 18.16 cannot take: DateTime64 and Bool columns, CDC tables as ReplacingMergeTree(version,
 * is_deleted), and inserts carrying insert_deduplication_token. Runs with -Pdocker only.
 */
class ClickHouseCurrentServerIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String DATABASE = "analytics";
  private static final String USER = "connect";
  private static final String PASSWORD = "connect";
  private static final Duration WAIT = Duration.ofSeconds(90);

  private static GenericContainer<?> clickhouse;
  private static ConnectCluster cluster;
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @BeforeAll
  static void start() throws Exception {
    clickhouse = new GenericContainer<>(DockerImageName.parse(ComposeFile.load().image("clickhouse")))
        .withEnv("CLICKHOUSE_DB", DATABASE).withEnv("CLICKHOUSE_USER", USER).withEnv("CLICKHOUSE_PASSWORD", PASSWORD)
        .withEnv("CLICKHOUSE_DEFAULT_ACCESS_MANAGEMENT", "1").withExposedPorts(8123)
        .waitingFor(Wait.forHttp("/ping").forPort(8123).withStartupTimeout(Duration.ofMinutes(2)));
    clickhouse.start();
    cluster = ConnectCluster.builder().workers(1).start();
  }

  @AfterAll
  static void stop() {
    if (cluster != null) {
      cluster.close();
    }
    if (clickhouse != null) {
      clickhouse.stop();
    }
  }

  @Test
  void timestampsBecomeDateTime64WithMillisecondsAndBooleansBool() throws Exception {
    String topic = UniqueNames.of("events");
    cluster.createTopic(topic, 1);
    long[] times = {1_765_000_000_123L, 1_765_000_000_456L, 1_765_000_001_789L};
    for (int i = 0; i < times.length; i++) {
      ObjectNode value = JSON.createObjectNode();
      value.set("schema", JSON.readTree("""
          {"type": "struct", "name": "Event", "optional": false, "fields": [
            {"field": "id", "type": "int64", "optional": false},
            {"field": "happened_at", "type": "int64", "optional": false,
             "name": "org.apache.kafka.connect.data.Timestamp", "version": 1},
            {"field": "active", "type": "boolean", "optional": false}]}"""));
      value.set("payload", JSON.createObjectNode().put("id", i).put("happened_at", times[i]).put("active", i % 2 == 0));
      cluster.produce(TestRecord.to(topic).key(Integer.toString(i)).json(JSON.writeValueAsString(value)));
    }
    String connector = UniqueNames.of("ch-types");
    cluster.deploy(connector, config(topic, "append"));
    cluster.awaitRunning(connector, 1);
    awaitRows(connector, "SELECT count() FROM " + quoted(topic), "3");

    assertThat(query("SELECT type FROM system.columns WHERE database = currentDatabase() AND table = "
        + literal(topic) + " AND name = 'happened_at'")).isEqualTo("DateTime64(3, 'UTC')");
    assertThat(query("SELECT type FROM system.columns WHERE database = currentDatabase() AND table = "
        + literal(topic) + " AND name = 'active'")).isEqualTo("Bool");
    assertThat(query("SELECT toUnixTimestamp64Milli(happened_at) FROM " + quoted(topic) + " ORDER BY id").lines())
        .containsExactly(Long.toString(times[0]), Long.toString(times[1]), Long.toString(times[2]));
    assertThat(query("SELECT active FROM " + quoted(topic) + " ORDER BY id").lines())
        .containsExactly("true", "false", "true");
  }

  @Test
  void cdcTablesAreReplacingMergeTreeWithIsDeletedAndFinalEqualsTheChanges() throws Exception {
    String topic = UniqueNames.of("customers");
    cluster.createTopic(topic, 1);
    change(topic, 1, "ada", "c");
    change(topic, 2, "grace", "c");
    change(topic, 3, "edsger", "c");
    change(topic, 2, "grace hopper", "u");
    change(topic, 3, "edsger", "d");
    cluster.produce(TestRecord.to(topic).key(key(3)).value((byte[]) null));
    String connector = UniqueNames.of("ch-cdc");
    Map<String, String> config = config(topic, "cdc");
    config.put("key.converter", "org.apache.kafka.connect.json.JsonConverter");
    config.put("key.converter.schemas.enable", "true");
    cluster.deploy(connector, config);
    cluster.awaitRunning(connector, 1);

    awaitRows(connector, "SELECT groupArray(concat(toString(id), ':', name)) FROM (SELECT id, name FROM "
        + quoted(topic) + " FINAL ORDER BY id)", "['1:ada','2:grace hopper']");
    assertThat(query("SELECT engine_full FROM system.tables WHERE database = currentDatabase() AND name = "
        + literal(topic))).contains("ReplacingMergeTree(_sf_version, _sf_deleted)")
        .contains("non_replicated_deduplication_window = 1000");
    // The delete is a row with _sf_deleted = 1 until a merge removes it; FINAL hides it already.
    assertThat(query("SELECT count() FROM " + quoted(topic) + " FINAL WHERE id = 3")).isEqualTo("0");
  }

  @Test
  void insertsCarryADeduplicationTokenAndARestartedTaskAddsNoRowTwice() throws Exception {
    String topic = UniqueNames.of("orders");
    cluster.createTopic(topic, 2);
    String connector = UniqueNames.of("ch-dedup");
    cluster.deploy(connector, config(topic, "append"));
    cluster.awaitRunning(connector, 1);
    produceOrders(topic, 0, 300);
    awaitRows(connector, "SELECT count() FROM " + quoted(topic), "300");

    cluster.restartConnectorAndTasks(connector, false);
    cluster.awaitRunning(connector, 1);
    produceOrders(topic, 300, 300);
    awaitRows(connector, "SELECT count() FROM " + quoted(topic), "600");
    assertThat(query("SELECT uniqExact(_sf_partition, _sf_offset) FROM " + quoted(topic))).isEqualTo("600");

    query("SYSTEM FLUSH LOGS");
    assertThat(Long.parseLong(query("SELECT count() FROM system.query_log WHERE type = 'QueryFinish'"
        + " AND query_kind = 'Insert' AND has(tables, " + literal(DATABASE + "." + topic) + ")"
        + " AND Settings['insert_deduplication_token'] != ''"))).as("inserts with a deduplication token")
        .isPositive();
  }

  private static void produceOrders(String topic, int from, int count) throws Exception {
    for (int i = from; i < from + count; i++) {
      ObjectNode value = JSON.createObjectNode();
      value.set("schema", JSON.readTree("""
          {"type": "struct", "name": "Order", "optional": false, "fields": [
            {"field": "id", "type": "int64", "optional": false},
            {"field": "total", "type": "double", "optional": false}]}"""));
      value.set("payload", JSON.createObjectNode().put("id", i).put("total", i * 1.5));
      cluster.produce(TestRecord.to(topic).key(Integer.toString(i)).partition(i % 2)
          .json(JSON.writeValueAsString(value)));
    }
  }

  /** A flattened change of the customers table (the CDC sources' flat format). */
  private static void change(String topic, int id, String name, String op) throws Exception {
    ObjectNode value = JSON.createObjectNode();
    value.set("schema", JSON.readTree("""
        {"type": "struct", "name": "Customer", "optional": false, "fields": [
          {"field": "id", "type": "int32", "optional": false},
          {"field": "name", "type": "string", "optional": false},
          {"field": "__op", "type": "string", "optional": false},
          {"field": "__source_ts_ms", "type": "int64", "optional": true},
          {"field": "__deleted", "type": "string", "optional": false}]}"""));
    value.set("payload", JSON.createObjectNode().put("id", id).put("name", name).put("__op", op)
        .put("__source_ts_ms", System.currentTimeMillis()).put("__deleted", Boolean.toString("d".equals(op))));
    cluster.produce(TestRecord.to(topic).key(key(id)).json(JSON.writeValueAsString(value)));
  }

  private static String key(int id) {
    return "{\"schema\": {\"type\": \"struct\", \"optional\": false, \"fields\": [{\"field\": \"id\", \"type\": \"int32\","
        + " \"optional\": false}]}, \"payload\": {\"id\": " + id + "}}";
  }

  private static Map<String, String> config(String topic, String mode) {
    Map<String, String> config = new HashMap<>();
    config.put("connector.class", "io.streamfirst.connect.clickhouse.ClickHouseSinkConnector");
    config.put("tasks.max", "1");
    config.put("topics", topic);
    config.put("clickhouse.host", clickhouse.getHost());
    config.put("clickhouse.port", Integer.toString(clickhouse.getMappedPort(8123)));
    config.put("clickhouse.database", DATABASE);
    config.put("clickhouse.user", USER);
    config.put("clickhouse.password", PASSWORD);
    config.put("write.mode", mode);
    config.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
    config.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
    config.put("value.converter.schemas.enable", "true");
    config.put("batch.max.wait.ms", "200");
    config.put("consumer.override.auto.offset.reset", "earliest");
    return config;
  }

  /** Waits until the query answers {@code expected}; fails at once, with the trace, when the connector fails. */
  private static void awaitRows(String connector, String select, String expected) {
    await().atMost(WAIT).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
      ConnectorStatus status = cluster.status(connector);
      assertThat(status.hasFailure()).as("connector %s failed:%n%s", connector, status.failureTraces()).isFalse();
      String answer;
      try {
        answer = query(select);
      } catch (IllegalStateException notYet) { // the table is created with the first batch
        answer = notYet.getMessage();
      }
      assertThat(answer).as(select).isEqualTo(expected);
    });
  }

  /** The server's answer (TSV, trimmed) to one statement over HTTP. */
  static String query(String sql) throws Exception {
    HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://" + clickhouse.getHost() + ":"
        + clickhouse.getMappedPort(8123) + "/?database=" + URLEncoder.encode(DATABASE, StandardCharsets.UTF_8)))
        .header("Authorization", "Basic " + Base64.getEncoder().encodeToString((USER + ":" + PASSWORD)
            .getBytes(StandardCharsets.UTF_8)))
        .POST(HttpRequest.BodyPublishers.ofString(sql)).timeout(Duration.ofSeconds(30)).build(),
        HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IllegalStateException("ClickHouse answered " + response.statusCode() + ": " + response.body().lines()
          .findFirst().orElse(""));
    }
    return response.body().strip();
  }

  private static String quoted(String name) {
    return "`" + name.replace("\\", "\\\\").replace("`", "\\`") + "`";
  }

  private static String literal(String text) {
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'";
  }
}
