// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.it.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamfirst.connect.it.harness.ConnectCluster;
import io.streamfirst.connect.it.harness.ConnectClusterExtension;
import io.streamfirst.connect.it.harness.ConnectorStatus;
import io.streamfirst.connect.it.harness.ConsumedRecord;
import io.streamfirst.connect.it.harness.ExternalWorker;
import io.streamfirst.connect.it.harness.Timeouts;
import io.streamfirst.connect.it.harness.UniqueNames;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.GroupState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * SqlWindowConnector scaled out and failed over, loaded from the packaged SQL plugin directory, with
 * exactly_once_v2 and every topic read read_committed: three tasks over a six-partition input write
 * every window and group exactly once, with counts adding up in the output and in the tasks' plugin
 * metrics; a worker running one of two tasks dies by SIGKILL in the middle of a window and the other
 * task is restarted, and every window (the first ones after the kill and the restart included) is
 * written exactly once, none lost.
 *
 * <p>The grace (60 s of event time) is longer than the spread of event times of the rows produced
 * before a "closer" row per group moves stream time far ahead, and the closers are produced only once
 * every row before them has passed the stream-time gate (rows of different input partitions reach a
 * repartition partition in any order), so which rows are late does not depend on how the tasks
 * interleave the input partitions: only the rows produced after a closer, older than it by more than
 * the grace, are late.
 */
class SqlWindowScaleOutIT {

  private static final String CONNECTOR = "io.streamfirst.connect.sql.window.SqlWindowConnector";
  private static final ObjectMapper JSON = new ObjectMapper();
  /** 2026-12-07T00:00:00Z. */
  private static final long T0 = SqlWindowConnectorIT.T0;
  private static final long WINDOW = 10_000;
  private static final String QUERY = """
      SELECT window_start, window_end, customer, COUNT(*) AS orders, SUM(amount) AS revenue
      FROM TABLE(TUMBLE(TABLE orders, DESCRIPTOR(ts), INTERVAL '10' SECOND))
      WHERE status <> 'test'
      GROUP BY window_start, window_end, customer
      EMIT FINAL""";

  @RegisterExtension
  static final ConnectClusterExtension CONNECT = new ConnectClusterExtension(b -> b.workers(1));

  /** The rows produced: customer -> window start offset (s) -> [orders, revenue]; and the rest, counted. */
  private final Map<String, Map<Long, long[]>> windows = new TreeMap<>();
  private int produced;
  private int filtered;
  private int late;

  private Map<String, String> config(String input, String output, String lateTopic, int tasks, Path stateDir) {
    Map<String, String> config = new HashMap<>();
    config.put("connector.class", CONNECTOR);
    config.put("tasks.max", Integer.toString(tasks));
    config.put("query", QUERY);
    config.put("input.topics", input);
    config.put("output.topic", output);
    config.put("late.topic", lateTopic);
    config.put("window.grace.ms", "60000");
    config.put("streams.bootstrap.servers", CONNECT.cluster().bootstrapServers());
    config.put("streams.state.dir", stateDir.toString());
    // a killed task's Streams client leaves the application's group after 10 s, not after the default 45 s
    config.put("streams.override.session.timeout.ms", "10000");
    config.put("streams.override.heartbeat.interval.ms", "1000");
    config.put("record.key.converter.schemas.enable", "false");
    config.put("record.value.converter.schemas.enable", "false");
    config.put("record.value.converter.decimal.format", "NUMERIC");
    return config;
  }

  /**
   * Produces one order keyed by customer (a JSON string, as the key converter reads it), so a customer's
   * rows keep their order in one input partition.
   */
  private void order(ConnectCluster cluster, String topic, String customer, int amount, String status, long offsetMs,
      boolean isLate) {
    cluster.produce(topic, "\"" + customer + "\"",
        "{\"customer\":\"" + customer + "\",\"amount\":" + amount + ",\"status\":\""
            + status + "\",\"ts\":" + (T0 + offsetMs) + "}");
    produced++;
    if (isLate) {
      late++;
    } else if (status.equals("test")) {
      filtered++;
    } else {
      long[] window = windows.computeIfAbsent(customer, c -> new TreeMap<>())
          .computeIfAbsent(Math.floorDiv(offsetMs, WINDOW) * WINDOW / 1000, w -> new long[2]);
      window[0]++;
      window[1] += amount;
    }
  }

  /** The result every window that closes before {@code closedBeforeMs} (end + grace) must have, as read. */
  private List<String> expected(long closedBeforeMs) {
    List<String> rows = new ArrayList<>();
    windows.forEach((customer, byWindow) -> byWindow.forEach((start, counts) -> {
      if (start * 1000 + WINDOW + 60_000 < closedBeforeMs) {
        rows.add(row(start, customer, counts[0], counts[1]));
      }
    }));
    return rows;
  }

  /** Rows in windows that are still open at the end (not written yet). */
  private long openRows(long closedBeforeMs) {
    return windows.values().stream().flatMap(m -> m.entrySet().stream())
        .filter(e -> e.getKey() * 1000 + WINDOW + 60_000 >= closedBeforeMs).mapToLong(e -> e.getValue()[0]).sum();
  }

  @Test
  void threeTasksOverSixPartitionsWriteEveryWindowAndGroupExactlyOnceAndCountsAddUp(@TempDir Path stateDir)
      throws Exception {
    ConnectCluster cluster = CONNECT.cluster();
    String input = UniqueNames.of("orders-6");
    String output = UniqueNames.of("per-customer");
    String lateTopic = UniqueNames.of("per-customer-late");
    String name = UniqueNames.of("scaled-window");
    cluster.createTopic(input, 6);
    cluster.createTopic(output, 3);
    cluster.createTopic(lateTopic, 1);
    cluster.deploy(name, config(input, output, lateTopic, 3, stateDir));
    cluster.awaitRunning(name, 3);
    // all three Streams clients in the application's group before any row, so no row is processed twice by
    // clients that later hand its partition over (the tasks' counters would count it twice)
    await("three Streams clients in a stable group").atMost(Timeouts.defaultWait()).untilAsserted(() -> {
      ConsumerGroupDescription group = cluster.admin().describeConsumerGroups(List.of(applicationId(name)))
          .describedGroups().get(applicationId(name)).get();
      assertThat(group.groupState()).isEqualTo(GroupState.STABLE);
      assertThat(group.members()).hasSize(3);
    });

    // 12 customers, five windows each, rows out of order within the grace, one in nine filtered by WHERE
    int n = 0;
    for (int window = 0; window < 5; window++) {
      for (int i = 0; i < 12; i++) {
        String customer = "c" + i;
        for (int k = 0; k < 3; k++) {
          n++;
          long offsetMs = window * WINDOW + ((k * 7_000L + i * 1_000L) % WINDOW) - (k == 2 ? 9_000 : 0);
          order(cluster, input, customer, n % 50, n % 9 == 0 ? "test" : "paid", Math.max(0, offsetMs), false);
        }
      }
    }
    awaitProcessed(cluster, name);
    long closer = 200_000;
    for (int i = 0; i < 12; i++) {
      order(cluster, input, "c" + i, 1, "paid", closer, false); // every partition's stream time to 200 s
    }
    List<String> first = expected(closer);
    assertThat(first).hasSize(60);
    assertThat(results(cluster.consume(output, first.size()))).containsExactlyInAnyOrderElementsOf(first);

    for (int i = 0; i < 12; i += 3) {
      order(cluster, input, "c" + i, 1000, "paid", 5_000, true); // its window closed at 70 s: late
    }
    assertThat(cluster.consume(lateTopic, late)).hasSize(late)
        .allSatisfy(r -> assertThat(r.value()).contains("\"amount\":1000"));
    assertThat(results(cluster.consumeAll(output))).containsExactlyInAnyOrderElementsOf(first);

    long aggregatedInClosedWindows = first.stream().mapToLong(SqlWindowScaleOutIT::orders).sum();
    assertThat(aggregatedInClosedWindows + openRows(closer) + filtered + late).isEqualTo(produced);
    // the tasks' own counts, from their plugin metrics in the worker's JMX
    await("the tasks' metrics count every record").atMost(Timeouts.defaultWait()).untilAsserted(() -> {
      Map<String, Double> metrics = taskMetrics(name);
      assertThat(metrics).containsEntry("records-in-total", (double) produced)
          .containsEntry("records-filtered-total", (double) filtered)
          .containsEntry("records-late-total", (double) late)
          .containsEntry("records-aggregated-total", (double) (produced - filtered - late))
          .containsEntry("records-out-total", (double) first.size())
          .containsEntry("tasks", 3.0);
      assertThat(metrics.get("open-windows")).isPositive();
      assertThat(metrics.get("stream-time-lag-ms")).isPositive();
    });
    cluster.delete(name);
  }

  @Test
  void aWorkerKilledMidWindowAndATaskRestartedLoseAndRepeatNoWindow(@TempDir Path stateDir) throws Exception {
    ConnectCluster cluster = CONNECT.cluster();
    String input = UniqueNames.of("orders-2");
    String output = UniqueNames.of("per-customer");
    String lateTopic = UniqueNames.of("per-customer-late");
    String name = UniqueNames.of("killed-window");
    cluster.createTopic(input, 2);
    cluster.createTopic(output, 1);
    cluster.createTopic(lateTopic, 1);
    try (ExternalWorker external = cluster.startExternalWorker(
        Path.of("target", "external-workers", UniqueNames.of("worker")).toAbsolutePath())) {
      cluster.deploy(name, config(input, output, lateTopic, 2, stateDir));
      await("a task of " + name + " on the external worker " + external.id()).atMost(Timeouts.defaultWait())
          .untilAsserted(() -> {
            ConnectorStatus status = cluster.awaitRunning(name, 2);
            assertThat(status.task(0).workerId() + " " + status.task(1).workerId()).contains(external.id());
          });

      // The first windows of a fresh application: [0 s, 10 s) and [10 s, 20 s) of six customers.
      for (int i = 0; i < 6; i++) {
        order(cluster, input, "c" + i, i + 1, "paid", 1_000 + i, false);
        order(cluster, input, "c" + i, 10, "paid", 12_000 + i, false);
        order(cluster, input, "c" + i, 100, "paid", 9_000 + i, false);
      }
      awaitProcessed(cluster, name);
      for (int i = 0; i < 6; i++) {
        order(cluster, input, "c" + i, 1, "paid", 100_000, false); // closes them; opens [100 s, 110 s)
      }
      List<String> first = expected(100_000);
      assertThat(first).hasSize(12);
      assertThat(results(cluster.consume(output, first.size()))).containsExactlyInAnyOrderElementsOf(first);

      // Window [100 s, 110 s) is open: rows before the kill, while the killed task's partitions move, and
      // after a restart of a task.
      for (int i = 0; i < 6; i++) {
        order(cluster, input, "c" + i, 2, "paid", 101_000 + i, false);
      }
      await("rows before the kill are processed").atMost(Timeouts.defaultWait())
          .untilAsserted(() -> assertThat(committedInputOffsets(cluster, name)).isEqualTo(produced));
      external.kill();
      for (int i = 0; i < 6; i++) {
        order(cluster, input, "c" + i, 3, "paid", 103_000 + i, false);
      }
      cluster.awaitRunningWithout(name, 2, external.id());
      cluster.restartTask(name, 0);
      cluster.awaitRunning(name, 2);
      for (int i = 0; i < 6; i++) {
        order(cluster, input, "c" + i, 4, "paid", 105_000 + i, false);
      }
      awaitProcessed(cluster, name);
      long closer = 200_000;
      for (int i = 0; i < 6; i++) {
        order(cluster, input, "c" + i, 1, "paid", closer, false); // closes [100 s, 110 s)
      }
      List<String> all = expected(closer);
      assertThat(all).hasSize(18);
      assertThat(results(cluster.consume(output, all.size()))).containsExactlyInAnyOrderElementsOf(all);
      assertThat(results(cluster.consumeAll(output))).containsExactlyInAnyOrderElementsOf(all);
      assertThat(cluster.consumeAll(lateTopic)).isEmpty();
      assertThat(all.stream().mapToLong(SqlWindowScaleOutIT::orders).sum() + openRows(closer)).isEqualTo(produced);
    }
    cluster.delete(name);
  }

  /**
   * Waits until the connector's Streams application has read every record produced to its input and
   * every committed record of its repartition topic (its committed offset there is at most the last
   * transaction marker short of the last stable offset), so rows produced next cannot overtake them.
   */
  private void awaitProcessed(ConnectCluster cluster, String name) {
    await("the rows produced so far are through the stream-time gate").atMost(Timeouts.defaultWait())
        .untilAsserted(() -> {
          Map<TopicPartition, OffsetAndMetadata> committed = cluster.admin()
              .listConsumerGroupOffsets(applicationId(name)).partitionsToOffsetAndMetadata().get();
          assertThat(committed.entrySet().stream().filter(e -> !e.getKey().topic().startsWith(applicationId(name)))
              .mapToLong(e -> e.getValue().offset()).sum()).isEqualTo(produced);
          String repartition = applicationId(name) + "-by-group-repartition";
          Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
          for (var partition : cluster.admin().describeTopics(List.of(repartition)).allTopicNames().get()
              .get(repartition).partitions()) {
            latest.put(new TopicPartition(repartition, partition.partition()), OffsetSpec.latest());
          }
          var stable = cluster.admin().listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED))
              .all().get();
          for (var end : stable.entrySet()) {
            OffsetAndMetadata read = committed.get(end.getKey());
            long position = read == null ? 0 : read.offset();
            assertThat(position).as("read position of %s", end.getKey())
                .isGreaterThanOrEqualTo(end.getValue().offset() - 1);
          }
        });
  }

  private static String applicationId(String connector) {
    return "streamfirst-window-" + connector;
  }

  /** The committed offsets of the connector's Streams application on its input topic, summed. */
  private static long committedInputOffsets(ConnectCluster cluster, String name) throws Exception {
    return cluster.admin().listConsumerGroupOffsets(applicationId(name)).partitionsToOffsetAndMetadata().get()
        .entrySet().stream().filter(e -> !e.getKey().topic().startsWith(applicationId(name)))
        .mapToLong(e -> e.getValue().offset()).sum();
  }

  /** The connector's plugin metrics summed over its tasks (and "tasks": how many reported them). */
  private static Map<String, Double> taskMetrics(String connector) throws Exception {
    MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    Map<String, Double> sums = new TreeMap<>();
    for (ObjectName mbean : server.queryNames(new ObjectName("kafka.connect:connector=" + connector + ",*"), null)) {
      boolean reports = false;
      for (MBeanAttributeInfo attribute : server.getMBeanInfo(mbean).getAttributes()) {
        if (attribute.getName().equals("records-in-total")) {
          reports = true;
        }
      }
      if (!reports) {
        continue;
      }
      sums.merge("tasks", 1.0, Double::sum);
      for (MBeanAttributeInfo attribute : server.getMBeanInfo(mbean).getAttributes()) {
        if (server.getAttribute(mbean, attribute.getName()) instanceof Number value) {
          sums.merge(attribute.getName(), value.doubleValue(), Double::sum);
        }
      }
    }
    return sums;
  }

  private static long orders(String row) {
    try {
      return JSON.readTree(row.substring(row.indexOf(" -> ") + 4)).get("orders").asLong();
    } catch (Exception e) {
      throw new AssertionError(row, e);
    }
  }

  private static String row(long startSeconds, String customer, long orders, long revenue) {
    return SqlWindowConnectorIT.row(startSeconds, customer, orders, revenue);
  }

  private static List<String> results(List<ConsumedRecord> records) {
    return SqlWindowConnectorIT.results(records);
  }
}
