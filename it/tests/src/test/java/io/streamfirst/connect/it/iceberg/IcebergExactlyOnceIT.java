// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.it.iceberg;

import static io.streamfirst.connect.it.iceberg.IcebergSinkIT.byId;
import static io.streamfirst.connect.it.iceberg.IcebergSinkIT.sinkConfig;
import static io.streamfirst.connect.it.iceberg.IcebergSinkIT.table;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.streamfirst.connect.it.fixtures.PostgresFixture;
import io.streamfirst.connect.it.harness.ConnectCluster;
import io.streamfirst.connect.it.harness.ConnectClusterExtension;
import io.streamfirst.connect.it.harness.ConnectorStatus;
import io.streamfirst.connect.it.harness.TestRecord;
import io.streamfirst.connect.it.harness.Timeouts;
import io.streamfirst.connect.it.harness.UniqueNames;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Crashes at each phase of the commit cycle, worker loss and rebalances while writing: afterwards the
 * table holds every record exactly once. Appends are used because they are not idempotent: a replayed
 * record would show up as a duplicate row.
 */
class IcebergExactlyOnceIT {

  /** CrashPoints' switch: a JVM system property, so only a test JVM can arm the fault injection. */
  private static final String CRASH_DIR_PROPERTY = "streamfirst.iceberg.test.crash.dir";
  private static Path crashDir;

  @RegisterExtension
  static final PostgresFixture POSTGRES = new PostgresFixture();

  @RegisterExtension
  static final ConnectClusterExtension CONNECT = new ConnectClusterExtension(b -> b.workers(2)
      .workerProperty("offset.flush.interval.ms", "1000"));

  @BeforeAll
  static void armableCrashes() throws Exception {
    crashDir = Files.createDirectories(Path.of("target", "iceberg-it", UniqueNames.of("crash")).toAbsolutePath());
    System.setProperty(CRASH_DIR_PROPERTY, crashDir.toString());
  }

  @AfterAll
  static void disarm() {
    System.clearProperty(CRASH_DIR_PROPERTY);
  }

  private static void produceRange(ConnectCluster cluster, String topic, int from, int to, Map<Long, String> expected) {
    produceRange(cluster, topic, 3, from, to, expected);
  }

  /** Rows {@code from..to} (inclusive) as plain records spread over {@code partitions}, noted in {@code expected}. */
  static void produceRange(ConnectCluster cluster, String topic, int partitions, int from, int to,
      Map<Long, String> expected) {
    for (long id = from; id <= to; id++) {
      cluster.produce(TestRecord.to(topic).partition((int) (id % partitions)).key(Changes.key(id))
          .value(Changes.plain(id, "v" + id, (int) id)));
      expected.put(id, "v" + id + "/" + id);
    }
  }

  private static void produceUpsert(ConnectCluster cluster, String topic, long id, String name, int round,
      Map<Long, String> expected) {
    cluster.produce(TestRecord.to(topic).partition((int) (id % 3)).key(Changes.key(id))
        .value(Changes.plain(id, name, round)));
    expected.put(id, name + "/" + round);
  }

  private static void awaitTable(Warehouse warehouse, String topic, Map<Long, String> expected) {
    await("table " + table(topic) + " holds every record once").atMost(Timeouts.defaultWait())
        .untilAsserted(() -> assertThat(byId(warehouse.rows("lake", table(topic)))).isEqualTo(expected));
  }

  @ParameterizedTest(name = "crash at {0}, {1} catalog, {2} mode")
  @CsvSource({
      "BEFORE_WRITE, HADOOP, append",
      "AFTER_WRITE, HADOOP, append",
      "AFTER_COMMIT, HADOOP, append",
      "AFTER_COMMIT, JDBC_SQLITE, append",
      "AFTER_WRITE, JDBC_SQLITE, upsert-equality",
      "AFTER_COMMIT, JDBC_SQLITE, upsert-equality",
      "COMPACTION_AFTER_WRITE, HADOOP, append",
      "COMPACTION_AFTER_WRITE, JDBC_SQLITE, upsert-equality",
      "AFTER_WRITE, JDBC_POSTGRES, append",
      "COMPACTION_AFTER_WRITE, JDBC_POSTGRES, upsert-equality",
      "AFTER_COMMIT, REST, append",
      "COMPACTION_AFTER_WRITE, REST, upsert-equality",
      "AFTER_WRITE, JDBC_SQLITE, upsert-position",
      "AFTER_COMMIT, JDBC_SQLITE, upsert-position",
      "COMPACTION_AFTER_WRITE, JDBC_POSTGRES, upsert-position",
      "COMPACTION_AFTER_WRITE, REST, upsert-position",
      "AFTER_WRITE, JDBC_POSTGRES, upsert-position-v3"})
  void crashAtEachCommitPhaseLeavesEveryChangeExactlyOnce(String phase, Warehouse.Kind kind, String mode)
      throws Exception {
    ConnectCluster cluster = CONNECT.cluster();
    Warehouse warehouse = new Warehouse(kind, POSTGRES);
    String topic = UniqueNames.of("crash");
    String connector = UniqueNames.of("lake-crash");
    cluster.createTopic(topic, 3);
    Map<String, String> config = sinkConfig(topic, warehouse, mode);
    config.put("tasks.max", "1");
    if (phase.startsWith("COMPACTION")) { // compact after every commit, so the crash comes with the next one
      config.put("iceberg.compaction.small.files.threshold", "2");
      config.put("iceberg.compaction.delete.files.threshold", "1");
    }
    cluster.deploy(connector, config);
    cluster.awaitRunning(connector, 1);

    Map<Long, String> expected = new TreeMap<>();
    produceRange(cluster, topic, 1, 200, expected);
    awaitTable(warehouse, topic, expected);

    Path armed = Files.createFile(crashDir.resolve(connector + "." + phase));
    produceRange(cluster, topic, 201, 400, expected);
    await("task dies at " + phase).atMost(Timeouts.defaultWait()).untilAsserted(() -> {
      ConnectorStatus status = cluster.status(connector);
      assertThat(status.task(0).state()).isEqualTo(ConnectorStatus.FAILED);
      assertThat(status.task(0).trace()).contains("Injected crash at " + phase);
    });
    assertThat(armed).doesNotExist();

    cluster.restartTask(connector, 0);
    cluster.awaitRunning(connector, 1);
    produceRange(cluster, topic, 401, 500, expected);
    awaitTable(warehouse, topic, expected);
  }

  /*
   * Tasks on several workers share one table here, so the catalog is not SQLite: the workers of this
   * harness live in one JVM, each with its own copy of the plugin and so of SQLite's native library,
   * whose file locks then do not keep the copies' writers apart (see Warehouse). Separate worker JVMs,
   * as in production, do not have this problem; the single-worker crash cases above cover SQLite.
   */
  @ParameterizedTest(name = "{0} catalog, {1}")
  @CsvSource({"JDBC_POSTGRES, upsert-equality", "JDBC_POSTGRES, upsert-position", "REST, upsert-equality",
      "REST, upsert-position", "JDBC_POSTGRES, upsert-position-v3"})
  void tasksCompactingOneUpsertTableConcurrentlyKeepEveryChangeAndFewDeleteFiles(Warehouse.Kind kind, String mode)
      throws Exception {
    ConnectCluster cluster = CONNECT.cluster();
    Warehouse warehouse = new Warehouse(kind, POSTGRES);
    String topic = UniqueNames.of("compact");
    String connector = UniqueNames.of("lake-compact");
    cluster.createTopic(topic, 3);
    Map<String, String> config = sinkConfig(topic, warehouse, mode);
    config.put("tasks.max", "3");
    config.put("iceberg.compaction.delete.files.threshold", "3");
    cluster.deploy(connector, config);
    cluster.awaitRunning(connector, 3);

    // Every round updates all keys through all three tasks and inserts 12 keys that are never changed again;
    // each round lands in its own commits. The new keys keep every round's data files alive (a file whose rows
    // are all deleted is removed instead of compacted), so in every mode the next round leaves most of a file's
    // rows deleted: compaction must run whatever the commit timing.
    Map<Long, String> expected = new TreeMap<>();
    for (int round = 0; round < 12; round++) {
      for (long id = 1; id <= 150; id++) {
        produceUpsert(cluster, topic, id, "r" + round + "-" + id, round, expected);
      }
      for (long id = 1000 + round * 12L; id < 1012 + round * 12L; id++) {
        produceUpsert(cluster, topic, id, "new-" + id, round, expected);
      }
      awaitTable(warehouse, topic, expected);
    }
    // Without compaction a data file of the first round would be covered by a delete file of every later
    // commit (more than 30). A compaction leaves at most 2 (threshold 3 - 1); commits the other tasks make while
    // it runs, or after a compaction of theirs lost the race to it, add a few more: never near 33.
    // Position mode (one deletion vector per data file on version 3; on version 2 a commit merges the smaller
    // earlier position-delete files of a data file into its own, keeping at most three): a file with half of its
    // rows deleted is compacted, which the next round's updates bring about for every round's files. A compacted
    // file holds every task's keys, so tasks committing at once can each add a delete file to it.
    boolean vectors = mode.endsWith("v3");
    boolean position = mode.contains("position");
    assertThat(warehouse.maxDeleteFilesPerDataFile("lake", table(topic))).isLessThanOrEqualTo(vectors ? 1 : 6);
    assertThat(warehouse.snapshots("lake", table(topic)))
        .filteredOn(s -> s.summary().getOrDefault("sf.compacted.by", "").startsWith(connector))
        .as("compaction snapshots").hasSizeGreaterThanOrEqualTo(position ? 1 : 3);
    assertThat(IcebergSinkIT.taskMetric(connector, "compactions-total")).as("compactions-total metric")
        .isGreaterThanOrEqualTo(position ? 1 : 3);
    IcebergSinkIT.assertDeleteFilesFit(warehouse, table(topic), mode, true);
    ConnectorStatus status = cluster.status(connector);
    for (int task = 0; task < 3; task++) {
      assertThat(status.task(task).state()).as("task %d", task).isEqualTo(ConnectorStatus.RUNNING);
    }
  }

  @Test
  void workersJoinAndLeaveWhileWritingAndNothingIsLostOrDuplicated() throws Exception {
    ConnectCluster cluster = CONNECT.cluster();
    Warehouse warehouse = new Warehouse(Warehouse.Kind.JDBC_POSTGRES, POSTGRES);
    String topic = UniqueNames.of("rebalance");
    String connector = UniqueNames.of("lake-rebalance");
    cluster.createTopic(topic, 6);
    Map<String, String> config = sinkConfig(topic, warehouse, "append");
    config.put("tasks.max", "3");
    cluster.deploy(connector, config);
    cluster.awaitRunning(connector, 3);

    Map<Long, String> expected = new TreeMap<>();
    produceRange(cluster, topic, 1, 600, expected);
    cluster.addWorker(); // three workers: tasks move
    produceRange(cluster, topic, 601, 1200, expected);
    cluster.awaitRunning(connector, 3);
    String stopped = cluster.stopWorkerRunningTask(connector, 0); // back to two: the lost worker's tasks move
    produceRange(cluster, topic, 1201, 1800, expected);
    cluster.awaitRunningWithout(connector, 3, stopped);
    produceRange(cluster, topic, 1801, 2000, expected);
    awaitTable(warehouse, topic, expected);
  }
}
