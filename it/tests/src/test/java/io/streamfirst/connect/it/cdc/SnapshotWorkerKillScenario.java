// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.it.cdc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamfirst.connect.it.cdc.ChangeWorkload.Change;
import io.streamfirst.connect.it.cdc.RestartScenario.TopicChange;
import io.streamfirst.connect.it.harness.ConnectCluster;
import io.streamfirst.connect.it.harness.ConnectorStatus;
import io.streamfirst.connect.it.harness.ConsumedRecord;
import io.streamfirst.connect.it.harness.ExternalWorker;
import io.streamfirst.connect.it.harness.Timeouts;
import io.streamfirst.connect.it.harness.UniqueNames;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * A worker in a JVM of its own runs a CDC task through its initial snapshot and dies by SIGKILL in the
 * middle of it: no task stop, no offset flush. The task resumes on another worker, where the snapshot
 * starts over; then the test commits changes. Afterwards the topic must hold a snapshot read of every
 * row (reads from before the kill stay, so a row may be read twice, never with another version) and,
 * after dropping repeats of the same source position, exactly the history of the later changes.
 *
 * <p>Two connectors on two tables are deployed so that one task surely lands on the external worker
 * (the assignment balances tasks over workers); the one there is the connector under test.
 */
final class SnapshotWorkerKillScenario {

  /** Rows seeded per table: a snapshot of a few seconds here, long enough to be killed in. */
  static final int ROWS = 40_000;

  private final ConnectCluster cluster;
  private final CdcSource cdc;
  private final String prefix;

  SnapshotWorkerKillScenario(ConnectCluster cluster, CdcSource cdc, String prefix) {
    this.cluster = cluster;
    this.cdc = cdc;
    this.prefix = prefix;
  }

  /** One connector capturing one table. */
  private final class Capture {
    final String table = cdc.newTableName("snap");
    final String connector = UniqueNames.of(prefix);
    final String topic = cdc.topic(connector, table);
    final ChangeWorkload workload = new ChangeWorkload(table, () -> {
      try {
        return cdc.connection();
      } catch (SQLException e) {
        throw new IllegalStateException("No connection to the database", e);
      }
    });

    void deploy() throws SQLException {
      cdc.execute(cdc.createLedgerTable(table));
      workload.seedInBulk(ROWS);
      Map<String, String> config = cdc.config(table);
      // The snapshot starts a little after the task: time enough to see where the task runs.
      config.put("snapshot.delay.ms", "3000");
      cluster.deploy(connector, config);
    }
  }

  /** Runs the scenario; asserts what holds for the connector whose task was killed. */
  void runAndAssert(Path externalWorkerDir) throws Exception {
    Capture first = new Capture();
    Capture second = new Capture();
    try (ExternalWorker external = cluster.startExternalWorker(externalWorkerDir)) {
      first.deploy();
      second.deploy();
      Capture killed = await("a task on the external worker " + external.id()).atMost(Timeouts.defaultWait())
          .until(() -> onWorker(external.id(), first, second), c -> c != null);
      Capture other = killed == first ? second : first;

      await("snapshot of " + killed.table + " under way").atMost(Timeouts.defaultWait())
          .pollInterval(Duration.ofMillis(50)).until(() -> endOffset(killed.topic) > 0);
      external.kill();
      assertThat(endOffset(killed.topic)).as("snapshot reads in Kafka when the worker died: the kill hit the snapshot")
          .isLessThan(ROWS);

      cluster.awaitRunningWithout(killed.connector, 1, external.id());
      // The snapshot starts over on the new worker; changes are committed once it is complete, so that
      // they come after its reads.
      await("snapshot of " + killed.table + " complete").atMost(Timeouts.scaled(Duration.ofSeconds(90)))
          .pollInterval(Duration.ofMillis(500)).until(() -> {
            failFastOn(killed.connector);
            return "last".equals(lastRecordSnapshotMarker(killed.topic));
          });
      killed.workload.run(40);

      Set<Change> expected = new HashSet<>(killed.workload.committed());
      List<ConsumedRecord> records = await("every change of " + killed.table)
          .atMost(Timeouts.scaled(Duration.ofSeconds(90))).pollInterval(Duration.ofSeconds(1))
          .until(() -> {
            failFastOn(killed.connector);
            return CdcTopics.readAll(cluster, killed.topic);
          }, r -> RestartScenario.changes(r).stream().map(c -> new Change(c.id(), c.op(), c.version()))
              .collect(Collectors.toSet()).containsAll(expected));
      assertSnapshotAndLaterHistory(killed, records);
      cdc.deleteConnector(cluster, other.connector);
      cdc.deleteConnector(cluster, killed.connector);
    }
  }

  /** The capture whose task runs on {@code workerId}, or null while there is none. */
  private Capture onWorker(String workerId, Capture... captures) {
    for (Capture capture : captures) {
      ConnectorStatus status;
      try {
        status = cluster.status(capture.connector);
      } catch (RuntimeException notYetThere) {
        continue;
      }
      if (status.isRunning(1) && workerId.equals(status.task(0).workerId())) {
        return capture;
      }
    }
    return null;
  }

  /** {@code source.snapshot} of the last record of {@code topic} (single partition), or null. */
  private String lastRecordSnapshotMarker(String topic) throws Exception {
    long end = endOffset(topic);
    if (end == 0) {
      return null;
    }
    TopicPartition partition = new TopicPartition(topic, 0);
    Map<String, Object> props = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers(),
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
        new ByteArrayDeserializer())) {
      consumer.assign(List.of(partition));
      consumer.seek(partition, end - 1);
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (System.nanoTime() < deadline) {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
          if (record.offset() == end - 1) {
            return record.value() == null
                ? null
                : JSON.readTree(record.value()).path("source").path("snapshot").asText();
          }
        }
      }
    }
    return null;
  }

  private void failFastOn(String connector) {
    ConnectorStatus status = cluster.status(connector);
    if (status.hasFailure()) {
      throw new AssertionError("Connector " + connector + " failed:\n" + status.failureTraces());
    }
  }

  private long endOffset(String topic) throws InterruptedException, ExecutionException {
    if (!cluster.admin().listTopics().names().get().contains(topic)) {
      return 0;
    }
    TopicPartition partition = new TopicPartition(topic, 0);
    return cluster.admin().listOffsets(Map.of(partition, OffsetSpec.latest())).all().get().get(partition).offset();
  }

  /**
   * The snapshot reads in topic order: first those of the interrupted snapshot (each row at most once,
   * fewer than all), then the repeated snapshot (every row exactly once); every read has the seeded
   * version. The later changes, after dropping repeats of a source position, are exactly the history.
   */
  private static void assertSnapshotAndLaterHistory(Capture capture, List<ConsumedRecord> records) {
    List<TopicChange> changes = RestartScenario.changes(records);
    List<TopicChange> reads = changes.stream().filter(c -> c.op().equals("r")).toList();
    assertThat(reads).as("snapshot reads: the seeded version only").allMatch(c -> c.version() == 0);
    assertThat(reads.size()).as("snapshot reads: the interrupted ones and the whole table again")
        .isBetween(ROWS + 1, 2 * ROWS - 1);
    List<Integer> interrupted = reads.subList(0, reads.size() - ROWS).stream().map(TopicChange::id).toList();
    List<Integer> repeated = reads.subList(reads.size() - ROWS, reads.size()).stream().map(TopicChange::id).toList();
    assertThat(new TreeSet<>(repeated)).as("the repeated snapshot reads every row once, nothing else")
        .hasSize(ROWS).isEqualTo(new TreeSet<>(capture.workload.seeded().keySet()));
    assertThat(new HashSet<>(interrupted)).as("the interrupted snapshot read no row twice").hasSize(interrupted.size());
    assertThat(changes.subList(0, reads.size())).as("snapshot reads come before every later change")
        .allMatch(c -> c.op().equals("r"));

    Map<String, TopicChange> deduplicated = new LinkedHashMap<>();
    changes.subList(reads.size(), changes.size())
        .forEach(c -> deduplicated.putIfAbsent(c.position() + "/" + c.id() + "/" + c.op(), c));
    Map<Integer, List<Change>> history = new LinkedHashMap<>();
    deduplicated.values().forEach(c -> history.computeIfAbsent(c.id(), k -> new ArrayList<>())
        .add(new Change(c.id(), c.op(), c.version())));
    assertThat(history).as("later changes per row, in commit order, after dropping repeats of a position")
        .isEqualTo(capture.workload.committedById());
  }

  private static final ObjectMapper JSON = new ObjectMapper();
}
