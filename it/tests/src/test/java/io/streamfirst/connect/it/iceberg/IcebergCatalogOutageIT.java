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
import io.streamfirst.connect.it.harness.Timeouts;
import io.streamfirst.connect.it.harness.UniqueNames;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.iceberg.Snapshot;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The Iceberg catalog breaks while the sink streams: its PostgreSQL database is SIGKILLed, or the REST
 * catalog server dies, during a table commit (before and after applying it) and during a compaction, and
 * comes back; a task starts while the catalog is down; the catalog stays down past the limit. Appends,
 * so a record applied twice would be a second row: every table is compared in full with what was produced.
 */
class IcebergCatalogOutageIT {

  /** CrashPoints' switch (a JVM system property: only a test JVM can arm the fault injection). */
  private static final String CRASH_DIR_PROPERTY = "streamfirst.iceberg.test.crash.dir";
  private static Path crashDir;

  @RegisterExtension
  static final PostgresFixture POSTGRES = new PostgresFixture();

  @RegisterExtension
  static final ConnectClusterExtension CONNECT = new ConnectClusterExtension(b -> b.workers(1)
      .workerProperty("offset.flush.interval.ms", "1000"));

  @BeforeAll
  static void holdableCommits() throws Exception {
    crashDir = Files.createDirectories(Path.of("target", "iceberg-it", UniqueNames.of("hold")).toAbsolutePath());
    System.setProperty(CRASH_DIR_PROPERTY, crashDir.toString());
  }

  @AfterAll
  static void release() {
    System.clearProperty(CRASH_DIR_PROPERTY);
  }

  private static Map<String, String> config(String topic, Warehouse warehouse) {
    Map<String, String> config = sinkConfig(topic, warehouse, "append");
    config.put("tasks.max", "1");
    config.put("iceberg.compaction.small.files.threshold", "2"); // a compaction after every commit
    return config;
  }

  private static void awaitTable(Warehouse warehouse, String topic, Map<Long, String> expected) {
    await("table " + table(topic) + " holds every record once").atMost(Timeouts.defaultWait())
        .untilAsserted(() -> assertThat(byId(warehouse.rows("lake", table(topic)))).isEqualTo(expected));
  }

  /**
   * Holds the connector's task at {@code phase}, runs {@code fault} there, lets the task go on, and returns
   * once {@code recover} has brought the catalog back.
   */
  private static void breakAt(String connector, String phase, Runnable fault) throws Exception {
    Path hold = Files.createFile(crashDir.resolve(connector + "." + phase + ".hold"));
    Path held = crashDir.resolve(connector + "." + phase + ".held");
    await("task held at " + phase).atMost(Timeouts.defaultWait()).until(() -> Files.exists(held));
    fault.run();
    Files.delete(hold);
    await("task released from " + phase).atMost(Timeouts.defaultWait()).until(() -> !Files.exists(held));
  }

  /**
   * Waits until the connector's task has handed a batch back to Connect as retriable (the catalog stayed
   * unreachable past one commit's retries): the outage then spans several put() calls.
   */
  private static void awaitRetriable(LogCapture logs, String connector) {
    await("task of " + connector + " reports the outage as retriable").atMost(Timeouts.defaultWait())
        .until(() -> logs.events().stream().anyMatch(e -> e.contains("RetriableException from SinkTask")
            && e.contains(connector + "-0")));
  }

  @Test
  void postgresCatalogKilledDuringCommitsAndCompactionLosesAndDuplicatesNothing() throws Exception {
    ConnectCluster cluster = CONNECT.cluster();
    Warehouse warehouse = new Warehouse(Warehouse.Kind.JDBC_POSTGRES, POSTGRES);
    String topic = UniqueNames.of("pgkill");
    String connector = UniqueNames.of("lake-pgkill");
    cluster.createTopic(topic, 2);
    cluster.deploy(connector, config(topic, warehouse));
    cluster.awaitRunning(connector, 1);
    Map<Long, String> expected = new TreeMap<>();
    IcebergExactlyOnceIT.produceRange(cluster, topic, 2, 1, 100, expected);
    awaitTable(warehouse, topic, expected);

    int next = 101;
    // the catalog dies: after it applied a commit the task has not seen succeed; when a commit is about to
    // be sent (and stays down until the task has given the batch back to Connect to retry); when a
    // compaction is about to commit
    try (LogCapture logs = LogCapture.start(Map.of())) {
      for (String phase : List.of("COMMIT_DONE", "COMMIT_REQUEST", "COMPACTION_AFTER_WRITE")) {
        IcebergExactlyOnceIT.produceRange(cluster, topic, 2, next, next + 149, expected);
        next += 150;
        breakAt(connector, phase, POSTGRES::kill);
        IcebergExactlyOnceIT.produceRange(cluster, topic, 2, next, next + 49, expected); // while it is down
        next += 50;
        if (phase.equals("COMMIT_REQUEST")) {
          awaitRetriable(logs, connector);
        }
        POSTGRES.restart();
        awaitTable(warehouse, topic, expected);
        assertThat(cluster.status(connector).task(0).state()).as("after a kill at " + phase)
            .isEqualTo(ConnectorStatus.RUNNING);
      }
    }
    List<Snapshot> snapshots = warehouse.snapshots("lake", table(topic));
    assertThat(snapshots).filteredOn(s -> s.summary().containsKey("sf.compacted.by")).as("compactions").isNotEmpty();
  }

  @Test
  void restCatalogCrashingDuringCommitsAndCompactionLosesAndDuplicatesNothing() throws Exception {
    ConnectCluster cluster = CONNECT.cluster();
    try (RestCatalogServer server = new RestCatalogServer("outage-" + Long.toHexString(System.nanoTime()));
        LogCapture logs = LogCapture.start(Map.of())) {
      Warehouse warehouse = new Warehouse(server);
      String topic = UniqueNames.of("restcrash");
      String connector = UniqueNames.of("lake-restcrash");
      cluster.createTopic(topic, 2);
      cluster.deploy(connector, config(topic, warehouse));
      cluster.awaitRunning(connector, 1);
      Map<Long, String> expected = new TreeMap<>();
      IcebergExactlyOnceIT.produceRange(cluster, topic, 2, 1, 100, expected);
      awaitTable(warehouse, topic, expected);

      int next = 101;
      // data commits ("append") and compactions ("replace"), the server dying after or before applying;
      // once it stays down until the task has handed the batch back to Connect to retry
      for (String operation : List.of("append", "replace")) {
        for (boolean applied : List.of(true, false)) {
          server.crashOnNextUpdate(request -> RestCatalogServer.addsSnapshot(request, operation), applied);
          IcebergExactlyOnceIT.produceRange(cluster, topic, 2, next, next + 149, expected);
          next += 150;
          await("REST catalog crashed on a " + operation + (applied ? " it applied" : ""))
              .atMost(Timeouts.defaultWait()).until(server::crashed);
          IcebergExactlyOnceIT.produceRange(cluster, topic, 2, next, next + 49, expected);
          next += 50;
          if (operation.equals("append") && !applied) {
            awaitRetriable(logs, connector);
          }
          server.restart();
          awaitTable(warehouse, topic, expected);
          assertThat(cluster.status(connector).task(0).state()).isEqualTo(ConnectorStatus.RUNNING);
        }
      }
      cluster.delete(connector);
    }
  }

  @Test
  void aTaskStartingWhileThePostgresCatalogIsDownWaitsForItWithinTheLimitAndFailsPastIt() throws Exception {
    ConnectCluster cluster = CONNECT.cluster();
    Warehouse warehouse = new Warehouse(Warehouse.Kind.JDBC_POSTGRES, POSTGRES);
    String topic = UniqueNames.of("pgdown");
    String connector = UniqueNames.of("lake-pgdown");
    String impatient = UniqueNames.of("lake-pgdown-short");
    cluster.createTopic(topic, 2);
    Map<String, String> config = config(topic, warehouse);
    config.put("iceberg.validate.catalog.enabled", "false"); // submitted while the catalog is down
    // the password in the URL (trust authentication ignores it) instead of iceberg.catalog.jdbc.password
    config.remove("iceberg.catalog.jdbc.password");
    config.put("iceberg.catalog.uri", config.get("iceberg.catalog.uri") + "?password=never-shown-" + topic);
    Map<String, String> short_ = new java.util.HashMap<>(config);
    short_.put("iceberg.catalog.unavailable.max.ms", "3000");
    short_.put("iceberg.table.name.template", "lake.${topic}_short");

    Map<Long, String> expected = new TreeMap<>();
    POSTGRES.kill();
    try {
      cluster.deploy(connector, config);
      cluster.deploy(impatient, short_);
      IcebergExactlyOnceIT.produceRange(cluster, topic, 2, 1, 200, expected);
      // past its limit the impatient connector's task fails, saying what was unreachable and for how long
      ConnectorStatus failed = cluster.awaitFailed(impatient);
      assertThat(failed.task(0).state()).isEqualTo(ConnectorStatus.FAILED);
      assertThat(failed.task(0).trace()).contains("unreachable for").contains("iceberg.catalog.unavailable.max.ms=3000")
          .contains("jdbc catalog at " + warehouse.connectorConfig().get("iceberg.catalog.uri") + "?password=****")
          .doesNotContain("never-shown-");
      // within its limit the other one keeps running
      assertThat(cluster.status(connector).task(0).state()).isEqualTo(ConnectorStatus.RUNNING);
    } finally {
      POSTGRES.restart();
    }
    IcebergExactlyOnceIT.produceRange(cluster, topic, 2, 201, 300, expected);
    awaitTable(warehouse, topic, expected);
    assertThat(cluster.status(connector).task(0).state()).isEqualTo(ConnectorStatus.RUNNING);
    // the failed one, restarted once the catalog is back, writes everything once too
    cluster.restartTask(impatient, 0);
    cluster.awaitRunning(impatient, 1);
    await("table " + table(topic) + "_short holds every record once").atMost(Timeouts.defaultWait())
        .untilAsserted(() -> assertThat(byId(warehouse.rows("lake", table(topic) + "_short"))).isEqualTo(expected));
    cluster.delete(impatient);
    cluster.delete(connector);
  }
}
