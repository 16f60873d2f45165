// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.it.clickhouse;

import static io.streamfirst.connect.it.clickhouse.ClickHouseSinkSupport.awaitCount;
import static io.streamfirst.connect.it.clickhouse.ClickHouseSinkSupport.config;
import static io.streamfirst.connect.it.clickhouse.ClickHouseSinkSupport.envelope;
import static io.streamfirst.connect.it.clickhouse.ClickHouseSinkSupport.field;
import static io.streamfirst.connect.it.clickhouse.ClickHouseSinkSupport.quoted;
import static io.streamfirst.connect.it.clickhouse.ClickHouseSinkSupport.rows;
import static io.streamfirst.connect.it.clickhouse.ClickHouseSinkSupport.struct;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streamfirst.connect.it.clickhouse.ClickHouseSinkSupport.BulkProducer;
import io.streamfirst.connect.it.fixtures.ClickHouseFixture;
import io.streamfirst.connect.it.fixtures.Ports;
import io.streamfirst.connect.it.harness.ConnectCluster;
import io.streamfirst.connect.it.harness.ConnectClusterExtension;
import io.streamfirst.connect.it.harness.ConnectorStatus;
import io.streamfirst.connect.it.harness.ExternalWorker;
import io.streamfirst.connect.it.harness.UniqueNames;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Faults around an insert, injected in the real server and the real Connect cluster, each followed
 * by a check of the table's full contents: every record exactly once.
 *
 * <ul>
 *   <li>before: the server rejects the insert (a DEFAULT expression that throws), the task fails, the
 *       fault is removed and the task restarted; rows inserted before the failure but not yet committed
 *       in Kafka are replayed and skipped;
 *   <li>during: the server writes the rows but answers with an error (a materialized view that throws),
 *       the sink finds its rows in the table and does not insert them again;
 *   <li>a worker leaves mid-stream and the task moves to the other worker;
 *   <li>a worker in a JVM of its own is killed with SIGKILL mid-stream (no task stop, no offset commit),
 *       and its task moves to a surviving worker;
 *   <li>the topic goes idle with fewer rows buffered than a batch: they are inserted after
 *       {@code batch.max.wait.ms}, not when the worker next commits offsets (here after 10 minutes);
 *   <li>the ClickHouse server is killed with SIGKILL while rows are being inserted (append and CDC) and
 *       restarted after tasks were moved or restarted while it was down;
 *   <li>the server stays unreachable longer than {@code clickhouse.unavailable.max.ms}: the task fails
 *       saying so;
 *   <li>inserts land on the server only after the client timed out;
 *   <li>the dead-letter topic rejects writes while bad records arrive, and is made writable again.
 * </ul>
 * Offsets are committed only every 10 minutes here, so every restart replays from the last commit.
 */
class ClickHouseSinkFaultIT {

  @RegisterExtension
  static final ClickHouseFixture CLICKHOUSE = new ClickHouseFixture();

  @RegisterExtension
  static final ConnectClusterExtension CONNECT = new ConnectClusterExtension(b -> b.workers(2)
      .workerProperty("offset.flush.interval.ms", "600000")
      // a killed worker's sink consumer leaves its group after this, not after the default 45 s
      .workerProperty("consumer.session.timeout.ms", "10000")
      .workerProperty("consumer.heartbeat.interval.ms", "1000"));

  static final ObjectNode ROW = struct("Row", field("id", "int64", false), field("note", "string", false));

  private static void produce(ConnectCluster cluster, String topic, int partitions, int from, int to) {
    try (BulkProducer producer = new BulkProducer(cluster)) {
      for (int i = from; i < to; i++) {
        producer.send(topic, i % partitions, null, envelope(ROW, Map.of("id", i, "note", "n" + i)));
      }
    }
  }

  private static void createTable(String table) {
    CLICKHOUSE.execute("CREATE TABLE " + quoted(table) + " (id Int64, note String, _sf_topic String,"
        + " _sf_partition Int32, _sf_offset Int64) ENGINE = MergeTree ORDER BY (_sf_topic, _sf_partition, _sf_offset)");
  }

  /** Every id from 0 to n-1 exactly once. */
  private static void assertExactlyOnce(String table, int n) {
    JsonNode summary = rows(CLICKHOUSE,
        "SELECT count() AS rows, uniqExact(id) AS ids, min(id) AS lo, max(id) AS hi FROM "
            + quoted(table))
        .get(0);
    assertThat(summary.path("rows").asLong()).as("rows in %s", table).isEqualTo(n);
    assertThat(summary.path("ids").asLong()).as("distinct ids in %s", table).isEqualTo(n);
    assertThat(summary.path("lo").asLong()).isZero();
    assertThat(summary.path("hi").asLong()).isEqualTo(n - 1);
  }

  private static Map<String, String> faultConfig(String topic) {
    Map<String, String> config = config(CLICKHOUSE, topic);
    config.put("batch.max.records", "50");
    config.put("insert.max.retries", "1");
    config.put("insert.retry.backoff.ms", "100");
    return config;
  }

  @Test
  void insertRejectedBeforeItLandsFailsTheTaskAndARestartReplaysWithoutLossOrDuplicates() throws Exception {
    ConnectCluster cluster = CONNECT.cluster();
    String topic = UniqueNames.of("fault-before");
    cluster.createTopic(topic, 1);
    createTable(topic);
    CLICKHOUSE.execute("ALTER TABLE " + quoted(topic) + " ADD COLUMN fault UInt8 DEFAULT throwIf(_sf_offset >= 150)");
    produce(cluster, topic, 1, 0, 300);

    String connector = UniqueNames.of("ch-fault-before");
    cluster.deploy(connector, faultConfig(topic));
    ConnectorStatus failed = cluster.awaitFailed(connector);

    assertThat(failed.failureTraces()).contains("Insert of 50 rows into table " + topic + " failed")
        .contains("restart the task");
    assertExactlyOnce(topic, 150);
    Map<TopicPartition, OffsetAndMetadata> committed = cluster.admin()
        .listConsumerGroupOffsets("connect-" + connector).partitionsToOffsetAndMetadata().get();
    OffsetAndMetadata offset = committed.get(new TopicPartition(topic, 0));
    assertThat(offset == null ? 0 : offset.offset()).as("committed offset: rows 0-149 are in the table but will be"
        + " replayed").isLessThan(150);

    CLICKHOUSE.execute("ALTER TABLE " + quoted(topic) + " DROP COLUMN fault");
    cluster.restartConnectorAndTasks(connector, true);
    cluster.awaitRunning(connector, 1);
    awaitCount(cluster, connector, CLICKHOUSE, topic, quoted(topic), 300);
    assertExactlyOnce(topic, 300);
  }

  @Test
  void insertThatLandsButAnswersWithAnErrorIsNotInsertedAgain() {
    ConnectCluster cluster = CONNECT.cluster();
    String topic = UniqueNames.of("fault-during");
    String view = topic.replace('-', '_') + "_mv";
    cluster.createTopic(topic, 1);
    createTable(topic);
    // The server writes each block into the table, then fails while pushing it to this view.
    CLICKHOUSE.execute("CREATE MATERIALIZED VIEW " + quoted(view) + " ENGINE = MergeTree ORDER BY x AS SELECT"
        + " throwIf(id >= 100 AND id < 200) AS x FROM " + quoted(topic));
    produce(cluster, topic, 1, 0, 300);

    String connector = UniqueNames.of("ch-fault-during");
    cluster.deploy(connector, faultConfig(topic));
    cluster.awaitRunning(connector, 1);
    awaitCount(cluster, connector, CLICKHOUSE, topic, quoted(topic), 300);

    assertExactlyOnce(topic, 300);
    assertThat(cluster.status(connector).isRunning(1)).isTrue();
    CLICKHOUSE.execute("DROP TABLE " + quoted(view));
    produce(cluster, topic, 1, 300, 350);
    awaitCount(cluster, connector, CLICKHOUSE, topic, quoted(topic), 350);
    assertExactlyOnce(topic, 350);
  }

  @Test
  void workerLeavingMidStreamMovesTheTaskWithoutLossOrDuplicates() {
    ConnectCluster cluster = CONNECT.cluster();
    String topic = UniqueNames.of("fault-worker");
    cluster.createTopic(topic, 3);
    produce(cluster, topic, 3, 0, 3000);
    String connector = UniqueNames.of("ch-fault-worker");
    Map<String, String> config = faultConfig(topic);
    config.put("batch.max.records", "25");
    cluster.deploy(connector, config);
    cluster.awaitRunning(connector, 1);
    await().atMost(ClickHouseSinkSupport.WAIT).pollInterval(Duration.ofMillis(50)).ignoreExceptions()
        .until(() -> ClickHouseSinkSupport.count(CLICKHOUSE, quoted(topic)) > 0);

    String stopped = cluster.stopWorkerRunningTask(connector, 0);
    try {
      cluster.awaitRunningWithout(connector, 1, stopped);
      produce(cluster, topic, 3, 3000, 4000);
      awaitCount(cluster, connector, CLICKHOUSE, topic, quoted(topic), 4000);
      assertExactlyOnce(topic, 4000);
    } finally {
      cluster.addWorker();
    }
  }

  @Test
  void aPartialBatchOnAnIdleTopicIsInsertedAfterTheBatchWaitNotAtTheNextOffsetCommit() {
    ConnectCluster cluster = CONNECT.cluster();
    String topic = UniqueNames.of("fault-idle");
    cluster.createTopic(topic, 1);
    String connector = UniqueNames.of("ch-fault-idle");
    cluster.deploy(connector, faultConfig(topic)); // batches of 50, 1 s wait; offsets committed every 10 min
    cluster.awaitRunning(connector, 1);
    produce(cluster, topic, 1, 0, 10);
    awaitCount(cluster, connector, CLICKHOUSE, topic, quoted(topic), 10);
    assertExactlyOnce(topic, 10);
  }

  @Test
  void workerKilledMidStreamMovesItsTaskWithoutLossOrDuplicates() throws Exception {
    ConnectCluster cluster = CONNECT.cluster();
    String topic = UniqueNames.of("fault-kill");
    cluster.createTopic(topic, 3);
    produce(cluster, topic, 3, 0, 3000);
    String connector = UniqueNames.of("ch-fault-kill");
    Map<String, String> config = faultConfig(topic);
    config.put("batch.max.records", "25");
    config.put("tasks.max", "3");
    try (ExternalWorker external = cluster.startExternalWorker(
        Path.of("target", "external-workers", UniqueNames.of("worker")).toAbsolutePath())) {
      cluster.deploy(connector, config);
      await("a task of " + connector + " on the external worker " + external.id())
          .atMost(ClickHouseSinkSupport.WAIT).untilAsserted(() -> {
            ConnectorStatus status = cluster.awaitRunning(connector, 3);
            assertThat(List.of(status.task(0).workerId(), status.task(1).workerId(), status.task(2).workerId()))
                .contains(external.id());
          });
      await().atMost(ClickHouseSinkSupport.WAIT).pollInterval(Duration.ofMillis(50)).ignoreExceptions()
          .until(() -> ClickHouseSinkSupport.count(CLICKHOUSE, quoted(topic)) > 0);
      external.kill();

      cluster.awaitRunningWithout(connector, 3, external.id());
      produce(cluster, topic, 3, 3000, 4000);
      awaitCount(cluster, connector, CLICKHOUSE, topic, quoted(topic), 4000);
      assertExactlyOnce(topic, 4000);
    }
  }

  @Test
  void clickHouseKilledDuringAppendInsertsWhileAWorkerIsReplacedEveryIdLandsOnceAfterItIsBack() {
    ConnectCluster cluster = CONNECT.cluster();
    String topic = UniqueNames.of("fault-server-append");
    cluster.createTopic(topic, 2);
    produce(cluster, topic, 2, 0, 3000);
    String connector = UniqueNames.of("ch-fault-server-append");
    Map<String, String> config = faultConfig(topic);
    config.put("batch.max.records", "25");
    config.put("tasks.max", "2");
    cluster.deploy(connector, config);
    cluster.awaitRunning(connector, 2);
    await().atMost(ClickHouseSinkSupport.WAIT).pollInterval(Duration.ofMillis(50)).ignoreExceptions()
        .until(() -> ClickHouseSinkSupport.count(CLICKHOUSE, quoted(topic)) > 0);

    CLICKHOUSE.kill();
    String stopped;
    try {
      produce(cluster, topic, 2, 3000, 3500); // records keep arriving during the outage
      // the worker is replaced while the server is down: its task starts on the other worker meanwhile
      stopped = cluster.stopWorkerRunningTask(connector, 0);
      cluster.awaitRunningWithout(connector, 2, stopped);
    } finally {
      CLICKHOUSE.restart();
    }
    try {
      produce(cluster, topic, 2, 3500, 4000);
      awaitCount(cluster, connector, CLICKHOUSE, topic, quoted(topic), 4000);
      assertExactlyOnce(topic, 4000);
      assertThat(cluster.status(connector).isRunning(2)).isTrue();
    } finally {
      cluster.addWorker();
    }
  }

  @Test
  void clickHouseKilledDuringCdcInsertsWhileTheTaskRestartsTheCurrentStateIsExact() {
    ConnectCluster cluster = CONNECT.cluster();
    String topic = UniqueNames.of("fault-server-cdc");
    cluster.createTopic(topic, 2);
    Map<Long, Map<String, Object>> expected = new TreeMap<>();
    List<ClickHouseCdcIT.Change> changes = ClickHouseCdcIT.workload(900, 60, 11, expected);
    long[] lastOffsets = {-1, -1};
    ClickHouseCdcIT.produceEnvelopes(cluster, topic, changes.subList(0, 300), lastOffsets);
    String connector = UniqueNames.of("ch-fault-server-cdc");
    Map<String, String> config = ClickHouseSinkSupport.withJsonKeys(faultConfig(topic));
    config.put("write.mode", "cdc");
    config.put("batch.max.records", "20");
    cluster.deploy(connector, config);
    cluster.awaitRunning(connector, 1);
    await().atMost(ClickHouseSinkSupport.WAIT).pollInterval(Duration.ofMillis(50)).ignoreExceptions()
        .until(() -> ClickHouseSinkSupport.count(CLICKHOUSE, quoted(topic)) > 0);

    CLICKHOUSE.kill();
    try {
      ClickHouseCdcIT.produceEnvelopes(cluster, topic, changes.subList(300, 600), lastOffsets);
      // a task that starts while the server is down
      cluster.restartConnectorAndTasks(connector, false);
      cluster.awaitRunning(connector, 1);
    } finally {
      CLICKHOUSE.restart();
    }
    ClickHouseCdcIT.produceEnvelopes(cluster, topic, changes.subList(600, 900), lastOffsets);
    ClickHouseSinkSupport.awaitOffsets(cluster, connector, CLICKHOUSE, topic, lastOffsets);

    List<String> want = new ArrayList<>();
    expected.values().forEach(row -> want.add(ClickHouseCdcIT.render(row)));
    assertThat(ClickHouseCdcIT.currentStateWithFinal(CLICKHOUSE, topic)).containsExactlyElementsOf(want);
    assertThat(ClickHouseCdcIT.currentStateWithArgMax(CLICKHOUSE, topic)).containsExactlyElementsOf(want);
    // every change is a row once (a replayed change would be a second row with the same offset)
    JsonNode rows = rows(CLICKHOUSE, "SELECT count() AS n, uniqExact(_sf_partition, _sf_offset) AS u FROM "
        + quoted(topic)).get(0);
    assertThat(rows.path("n").asLong()).as("rows vs distinct offsets").isEqualTo(rows.path("u").asLong());
    assertThat(cluster.status(connector).isRunning(1)).isTrue();
  }

  @Test
  void aServerUnreachableLongerThanTheLimitFailsTheTaskNamingItInTheStatus() {
    ConnectCluster cluster = CONNECT.cluster();
    String topic = UniqueNames.of("fault-unreachable");
    cluster.createTopic(topic, 1);
    produce(cluster, topic, 1, 0, 10);
    int closedPort = Ports.freePort();
    Map<String, String> config = faultConfig(topic);
    config.put("clickhouse.port", Integer.toString(closedPort));
    config.put("clickhouse.validate.connection.enabled", "false");
    config.put("clickhouse.unavailable.max.ms", "3000");
    String connector = UniqueNames.of("ch-fault-unreachable");
    cluster.deploy(connector, config);

    ConnectorStatus failed = cluster.awaitFailed(connector);

    assertThat(failed.failureTraces())
        .contains("ClickHouse at http://127.0.0.1:" + closedPort + " has been unreachable or failing for")
        .contains("longer than clickhouse.unavailable.max.ms (3000 ms)")
        .contains("ConnectException")
        .doesNotContain(CLICKHOUSE.password());
  }

  @Test
  void insertsThatLandAfterTheClientTimedOutAreNotSentAgain() {
    ConnectCluster cluster = CONNECT.cluster();
    String topic = UniqueNames.of("fault-late");
    cluster.createTopic(topic, 2);
    createTable(topic);
    // 50 ms per row before the block is written: a batch of 40 rows lands 2 s after it was sent, and the
    // client gives up after 1 s
    CLICKHOUSE.execute("ALTER TABLE " + quoted(topic) + " ADD COLUMN slow UInt8 DEFAULT sleepEachRow(0.05)");
    produce(cluster, topic, 2, 0, 200);
    Map<String, String> config = faultConfig(topic);
    config.put("clickhouse.timeout.ms", "1000");
    config.put("insert.max.retries", "3");
    config.put("batch.max.records", "40");
    String connector = UniqueNames.of("ch-fault-late");
    cluster.deploy(connector, config);
    cluster.awaitRunning(connector, 1);

    await().atMost(ClickHouseSinkSupport.WAIT).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
      assertThat(cluster.status(connector).hasFailure()).as("connector failed:%n%s",
          cluster.status(connector).failureTraces()).isFalse();
      assertThat(ClickHouseSinkSupport.count(CLICKHOUSE, quoted(topic) + " WHERE _sf_partition = 0"))
          .as("rows of partition 0").isGreaterThanOrEqualTo(100);
      assertThat(ClickHouseSinkSupport.count(CLICKHOUSE, quoted(topic) + " WHERE _sf_partition = 1"))
          .as("rows of partition 1").isGreaterThanOrEqualTo(100);
    });
    // every insert attempt has ended on the server: nothing can land any more
    await().atMost(ClickHouseSinkSupport.WAIT).pollInterval(Duration.ofMillis(250)).until(() -> "0".equals(
        CLICKHOUSE.query("SELECT count() FROM system.processes WHERE query LIKE 'INSERT INTO%'"
            + " AND query LIKE " + ClickHouseSinkSupport.literal("%" + topic + "%"))));
    assertExactlyOnce(topic, 200);
    assertThat(cluster.status(connector).isRunning(1)).isTrue();
  }

  /** Connect's {@code deadletterqueue-produce-failures} of the connector's tasks in this JVM (JMX). */
  private static long deadLetterWriteFailures(String connector) throws Exception {
    javax.management.MBeanServer server = java.lang.management.ManagementFactory.getPlatformMBeanServer();
    long failures = 0;
    for (javax.management.ObjectName name : server.queryNames(new javax.management.ObjectName(
        "kafka.connect:type=task-error-metrics,connector=" + connector + ",*"), null)) {
      failures += ((Number) server.getAttribute(name, "deadletterqueue-produce-failures")).longValue();
    }
    return failures;
  }

  @Test
  void badRecordsWhileTheDeadLetterTopicRejectsWritesEndInItOnceItIsWritable() {
    ConnectCluster cluster = CONNECT.cluster();
    String topic = UniqueNames.of("fault-dlq");
    String dlq = topic + "-dlq";
    cluster.createTopic(topic, 2);
    // the broker rejects every write to the dead-letter topic (RecordTooLarge) until the limit is removed
    cluster.createTopic(dlq, 1, Map.of("max.message.bytes", "16"));
    createTable(topic);
    List<Integer> bad = new ArrayList<>();
    try (BulkProducer producer = new BulkProducer(cluster)) {
      for (int i = 0; i < 300; i++) {
        boolean poison = i % 7 == 3;
        if (poison) {
          bad.add(i);
        }
        producer.send(topic, i % 2, null, poison
            ? "{\"id\":\"bad-" + i + "\",\"note\":\"x\"}"
            : "{\"id\":" + i + ",\"note\":\"n" + i + "\"}");
      }
    }
    int good = 300 - bad.size();
    Map<String, String> config = ClickHouseSinkSupport.withDlq(faultConfig(topic), dlq);
    config.put("value.converter.schemas.enable", "false");
    String connector = UniqueNames.of("ch-fault-dlq");
    cluster.deploy(connector, config);
    // until the task stops, or every good row is in and a dead-letter write has failed (Connect's metric)
    await().atMost(ClickHouseSinkSupport.WAIT).pollInterval(Duration.ofMillis(250)).ignoreExceptions()
        .until(() -> cluster.status(connector).hasFailure()
            || ClickHouseSinkSupport.count(CLICKHOUSE, quoted(topic)) == good
                && deadLetterWriteFailures(connector) > 0);
    ConnectorStatus whileUnavailable = cluster.status(connector);

    cluster.admin().incrementalAlterConfigs(Map.of(new ConfigResource(ConfigResource.Type.TOPIC, dlq),
        List.of(new AlterConfigOp(new ConfigEntry("max.message.bytes", ""), AlterConfigOp.OpType.DELETE))))
        .all().toCompletionStage().toCompletableFuture().join();
    cluster.restartConnectorAndTasks(connector, false);
    awaitCount(cluster, connector, CLICKHOUSE, topic, quoted(topic), good);

    List<io.streamfirst.connect.it.harness.ConsumedRecord> dead = cluster.consume(dlq, bad.size(),
        ClickHouseSinkSupport.WAIT);
    List<String> deadIds = dead.stream().map(r -> r.value().replaceAll(".*\"bad-(\\d+)\".*", "$1")).sorted()
        .toList();
    assertThat(deadIds).as("bad records in the dead-letter topic, each once")
        .containsExactlyElementsOf(bad.stream().map(String::valueOf).sorted().toList());
    JsonNode table = rows(CLICKHOUSE, "SELECT count() AS n, uniqExact(id) AS u, countIf(id % 7 = 3) AS b FROM "
        + quoted(topic)).get(0);
    assertThat(table.path("n").asLong()).as("rows").isEqualTo(good);
    assertThat(table.path("u").asLong()).as("distinct ids").isEqualTo(good);
    assertThat(table.path("b").asLong()).as("rows of bad records").isZero();
    assertThat(table.path("n").asLong() + dead.size()).as("rows + dead letters = records produced").isEqualTo(300);
    // while the dead-letter topic rejected writes, the task stopped rather than writing past the bad records
    assertThat(whileUnavailable.failureTraces()).contains("to the dead-letter queue failed")
        .contains(topic + "-");
  }
}
