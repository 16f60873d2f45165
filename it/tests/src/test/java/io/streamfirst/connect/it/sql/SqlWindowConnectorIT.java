// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.it.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamfirst.connect.it.harness.ConnectCluster;
import io.streamfirst.connect.it.harness.ConnectClusterExtension;
import io.streamfirst.connect.it.harness.ConsumedRecord;
import io.streamfirst.connect.it.harness.Timeouts;
import io.streamfirst.connect.it.harness.UniqueNames;
import io.streamfirst.connect.it.harness.ValidationResult;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * SqlWindowConnector loaded from the packaged SQL plugin directory into a running worker, its Kafka
 * Streams client on the embedded single-broker cluster with exactly_once_v2, every topic read
 * read_committed: the very first windows of a freshly started application are all there, each window
 * and group is written exactly once across a task restart in the middle of a window, late records
 * reach the late-data topic with an sf.violation header, records in = aggregated + filtered by WHERE
 * + late (+ rows of the window still open), and a bad query is rejected by config/validate on the
 * query field with its line and column.
 */
class SqlWindowConnectorIT {

  private static final String CONNECTOR = "io.streamfirst.connect.sql.window.SqlWindowConnector";
  private static final ObjectMapper JSON = new ObjectMapper();
  /** 2026-12-07T00:00:00Z, a multiple of the 10 s window. */
  static final long T0 = 1_796_601_600_000L;
  private static final String QUERY = """
      SELECT window_start, window_end, customer, COUNT(*) AS orders, SUM(amount) AS revenue
      FROM TABLE(TUMBLE(TABLE orders, DESCRIPTOR(ts), INTERVAL '10' SECOND))
      WHERE status <> 'test'
      GROUP BY window_start, window_end, customer
      EMIT FINAL""";

  @RegisterExtension
  static final ConnectClusterExtension CONNECT = new ConnectClusterExtension(b -> b.workers(1));

  private int nextId;

  private Map<String, String> config(String input, String output, String late, Path stateDir) {
    Map<String, String> config = new HashMap<>();
    config.put("connector.class", CONNECTOR);
    config.put("tasks.max", "1");
    config.put("query", QUERY);
    config.put("input.topics", input);
    config.put("output.topic", output);
    config.put("late.topic", late);
    config.put("window.grace.ms", "2000");
    config.put("streams.bootstrap.servers", CONNECT.cluster().bootstrapServers());
    config.put("streams.state.dir", stateDir.toString());
    config.put("record.key.converter.schemas.enable", "false");
    config.put("record.value.converter.schemas.enable", "false");
    config.put("record.value.converter.decimal.format", "NUMERIC");
    return config;
  }

  private void order(ConnectCluster cluster, String topic, String customer, int amount, String status, long ts) {
    cluster.produce(topic, null, "{\"id\":" + (nextId++) + ",\"customer\":\"" + customer + "\",\"amount\":" + amount
        + ",\"status\":\"" + status + "\",\"ts\":" + ts + "}");
  }

  @Test
  void firstWindowsAfterAFreshStartAndARestartAreWrittenExactlyOnceAndCountsAddUp(@TempDir Path stateDir) {
    ConnectCluster cluster = CONNECT.cluster();
    String input = UniqueNames.of("orders");
    String output = UniqueNames.of("revenue");
    String late = UniqueNames.of("revenue-late");
    String name = UniqueNames.of("revenue-window");
    cluster.createTopic(input, 1);
    cluster.createTopic(output, 1);
    cluster.createTopic(late, 1);
    cluster.deploy(name, config(input, output, late, stateDir));
    cluster.awaitRunning(name, 1);

    // Window [T0, T0+10s): a x3, b x2 and a filtered test order; window [T0+10s, T0+20s): a x2.
    order(cluster, input, "a", 1, "paid", T0 + 1_000);
    order(cluster, input, "b", 10, "paid", T0 + 2_000);
    order(cluster, input, "a", 2, "paid", T0 + 3_000);
    order(cluster, input, "a", 100, "test", T0 + 4_000);
    order(cluster, input, "b", 20, "paid", T0 + 9_000);
    order(cluster, input, "a", 4, "paid", T0 + 8_000); // out of order
    order(cluster, input, "a", 5, "paid", T0 + 11_000);
    order(cluster, input, "a", 6, "paid", T0 + 12_000);
    order(cluster, input, "c", 7, "paid", T0 + 25_000); // stream time 25 s: both windows close (grace 2 s)
    // The very first windows of a fresh exactly-once application, in the read_committed view.
    List<String> first = results(cluster.consume(output, 3));
    assertThat(first).containsExactlyInAnyOrder(row(0, "a", 3, 7), row(0, "b", 2, 30), row(10, "a", 2, 11));

    order(cluster, input, "a", 1000, "paid", T0 + 5_000); // its window closed at stream time 12 s: late
    List<ConsumedRecord> lateRecords = cluster.consume(late, 1);
    assertThat(lateRecords).singleElement().satisfies(record -> {
      assertThat(record.value()).contains("\"amount\":1000");
      assertThat(record.header("sf.violation")).startsWith("late: window [2026-12-07T00:00:00Z,"
          + " 2026-12-07T00:00:10Z) closed at stream time 2026-12-07T00:00:12Z");
    });

    // Window [T0+20s, T0+30s) holds c already; two more rows, then the task restarts in the middle of it.
    order(cluster, input, "a", 8, "paid", T0 + 21_000);
    order(cluster, input, "a", 9, "paid", T0 + 22_000);
    await("rows before the restart are processed").atMost(Timeouts.defaultWait())
        .untilAsserted(() -> assertThat(committedInputOffsets(cluster, name)).isGreaterThanOrEqualTo(12));
    cluster.restartTask(name, 0);
    cluster.awaitRunning(name, 1);
    order(cluster, input, "a", 10, "paid", T0 + 27_000);
    order(cluster, input, "b", 11, "paid", T0 + 28_000);
    order(cluster, input, "d", 12, "paid", T0 + 45_000); // closes [20s, 30s); its own window stays open

    List<String> all = results(cluster.consume(output, 6));
    assertThat(all).containsExactlyInAnyOrder(row(0, "a", 3, 7), row(0, "b", 2, 30), row(10, "a", 2, 11),
        row(20, "a", 3, 27), row(20, "b", 1, 11), row(20, "c", 1, 7));
    assertThat(results(cluster.consumeAll(output))).hasSize(6);
    assertThat(cluster.consumeAll(late)).hasSize(1);

    long in = nextId;
    long aggregated = 3 + 2 + 2 + 3 + 1 + 1;
    long filtered = 1;
    long lateCount = 1;
    long stillOpen = 1;
    assertThat(aggregated + filtered + lateCount + stillOpen).isEqualTo(in);
    cluster.delete(name);
  }

  /** The committed offset of the connector's Streams application on the input topic. */
  private static long committedInputOffsets(ConnectCluster cluster, String name) throws Exception {
    return cluster.admin().listConsumerGroupOffsets("streamfirst-window-" + name).partitionsToOffsetAndMetadata()
        .get().entrySet().stream().filter(e -> !e.getKey().topic().contains("by-group"))
        .filter(e -> !e.getKey().topic().contains("-repartition"))
        .mapToLong(e -> e.getValue().offset()).sum();
  }

  /** A statement that only fails on real records (SUM of text) fails the task with the cause. */
  @Test
  void taskFailsWithTheCauseWhenItsStreamsClientFails(@TempDir Path stateDir) {
    ConnectCluster cluster = CONNECT.cluster();
    String input = UniqueNames.of("orders");
    String name = UniqueNames.of("failing-window");
    cluster.createTopic(input, 1);
    Map<String, String> config = config(input, UniqueNames.of("out"), UniqueNames.of("late"), stateDir);
    config.put("query", "SELECT window_start, SUM(status) AS s FROM TABLE(TUMBLE(TABLE orders, DESCRIPTOR(ts),"
        + " INTERVAL '10' SECOND)) GROUP BY window_start");
    cluster.deploy(name, config);
    cluster.awaitRunning(name, 1);
    order(cluster, input, "a", 1, "paid", T0);
    String traces = cluster.awaitFailed(name).failureTraces();
    assertThat(traces).contains("Kafka Streams client failed").contains("SUM needs a numeric argument");
    cluster.delete(name);
  }

  @Test
  void badQueryIsRejectedAtConfigValidateOnTheQueryField(@TempDir Path stateDir) {
    Map<String, String> config = config("orders", "out", "late", stateDir);
    config.put("query", "SELECT window_start, amount, COUNT(*)\nFROM TABLE(TUMBLE(TABLE orders, DESCRIPTOR(ts),"
        + " INTERVAL '10' SECOND))\nGROUP BY window_start");
    ValidationResult result = CONNECT.cluster().validate(CONNECTOR, config);
    assertThat(result.errorsFor("query")).singleElement().asString()
        .contains("column \"amount\" must appear in the GROUP BY clause or be used in an aggregate function")
        .contains("line 1, column 22");
    assertThat(result.errorCount()).isEqualTo(1);
  }

  /** The expected output record (key -> value JSON) of a 10-second window starting {@code startSeconds} after T0. */
  static String row(long startSeconds, String customer, long orders, long revenue) {
    long start = T0 + startSeconds * 1_000L;
    return "{\"customer\":\"" + customer + "\",\"window_start\":" + start + "} -> {\"window_start\":" + start
        + ",\"window_end\":" + (start + 10_000) + ",\"customer\":\"" + customer + "\",\"orders\":" + orders
        + ",\"revenue\":" + revenue + "}";
  }

  /** Output records as key -> value JSON, comparable with {@link #row}. */
  static List<String> results(List<ConsumedRecord> records) {
    List<String> rows = new ArrayList<>();
    for (ConsumedRecord record : records) {
      try {
        JsonNode key = JSON.readTree(record.key());
        JsonNode value = JSON.readTree(record.value());
        rows.add(key + " -> " + value);
      } catch (Exception e) {
        throw new AssertionError("not JSON: " + record, e);
      }
    }
    return rows;
  }
}
