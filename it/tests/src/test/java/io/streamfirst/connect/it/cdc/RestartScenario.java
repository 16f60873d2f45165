// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.it.cdc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.streamfirst.connect.it.cdc.ChangeWorkload.Change;
import io.streamfirst.connect.it.harness.ConnectCluster;
import io.streamfirst.connect.it.harness.ConnectorStatus;
import io.streamfirst.connect.it.harness.ConsumedRecord;
import io.streamfirst.connect.it.harness.UniqueNames;
import io.streamfirst.connect.it.harness.Timeouts;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Captures a table while the test commits a logged workload and, between batches, restarts the
 * connector and its task and stops the worker running the task (a new one joins), or crashes the
 * database server, or keeps it down while the task starts. Afterwards the topic must hold the
 * database's change history: every committed change, in commit order per row.
 */
final class RestartScenario {

  /** One change as the topic carries it. */
  record TopicChange(String position, int id, String op, int version) {
  }

  final String table;
  final String connector;
  final String topic;
  final ChangeWorkload workload;
  private final ConnectCluster cluster;
  private final CdcSource cdc;
  private final Map<String, String> config;

  RestartScenario(ConnectCluster cluster, CdcSource cdc, String connectorPrefix) {
    this.cluster = cluster;
    this.cdc = cdc;
    this.table = cdc.newTableName("ledger");
    this.connector = UniqueNames.of(connectorPrefix);
    this.topic = cdc.topic(connector, table);
    this.config = cdc.config(table);
    this.workload = new ChangeWorkload(table, () -> {
      try {
        return cdc.connection();
      } catch (SQLException e) {
        throw new IllegalStateException("No connection to the database", e);
      }
    });
  }

  /** Extra connector config, e.g. exactly-once settings. */
  RestartScenario with(String key, String value) {
    config.put(key, value);
    return this;
  }

  /** Runs the whole scenario and returns every record of the topic afterwards. */
  List<ConsumedRecord> run() throws SQLException {
    cdc.execute(cdc.createLedgerTable(table));
    workload.seed(20);
    cluster.deploy(connector, config);
    cluster.awaitRunning(connector, 1);
    awaitSnapshotOfTheSeededRows();

    workload.run(60);
    // Restart while the batch above is still being read and produced.
    cluster.restartConnectorAndTasks(connector, false);
    workload.run(60);
    cluster.awaitRunning(connector, 1);
    workload.run(60);
    awaitChanges(changes -> changes.size() >= 20 + 60);
    cluster.restartTask(connector, 0);
    workload.run(60);
    String stopped = cluster.stopWorkerRunningTask(connector, 0);
    workload.run(60);
    cluster.awaitRunningWithout(connector, 1, stopped);
    cluster.addWorker();
    workload.run(60);

    Set<Change> expected = new HashSet<>(workload.committed());
    awaitChanges(changes -> changes.stream().map(c -> new Change(c.id(), c.op(), c.version()))
        .collect(java.util.stream.Collectors.toSet()).containsAll(expected));
    return CdcTopics.readAll(cluster, topic);
  }

  /**
   * Runs the workload while the database server crashes twice (SIGKILL, then a restart on the same data
   * directory and port): once while the connector is still reading and producing a batch, once while it
   * is idle. Nobody touches the connector: its task must notice, retry and go on by itself. Returns
   * every record of the topic once every committed change has arrived, the task being RUNNING.
   */
  List<ConsumedRecord> runThroughDatabaseCrashes() throws SQLException {
    cdc.execute(cdc.createLedgerTable(table));
    workload.seed(20);
    cluster.deploy(connector, config);
    cluster.awaitRunning(connector, 1);
    awaitSnapshotOfTheSeededRows();

    workload.run(60);
    // Crash while the batch above is still being read and produced.
    cdc.killDatabase();
    cdc.restartDatabase();
    workload.run(60);
    awaitChangesWhileHealthy(changes -> changes.size() >= 20 + 120);
    // Crash while the connector is idle, then commit more while it reconnects.
    cdc.killDatabase();
    cdc.restartDatabase();
    workload.run(60);

    Set<Change> expected = new HashSet<>(workload.committed());
    awaitChangesWhileHealthy(changes -> changes.stream().map(c -> new Change(c.id(), c.op(), c.version()))
        .collect(java.util.stream.Collectors.toSet()).containsAll(expected));
    cluster.awaitRunning(connector, 1);
    List<ConsumedRecord> records = CdcTopics.readAll(cluster, topic);
    cdc.deleteConnector(cluster, connector);
    return records;
  }

  /**
   * Restarts the task while the database server is down (killed), so that the task starts during the
   * outage; holds the server down for {@code heldDown} while the task must stay RUNNING (retrying), then
   * starts the server again and commits more changes. Returns every record of the topic once every
   * committed change has arrived, the task being RUNNING.
   */
  List<ConsumedRecord> runWithTaskStartedDuringAnOutage(Duration heldDown) throws SQLException {
    cdc.execute(cdc.createLedgerTable(table));
    workload.seed(20);
    cluster.deploy(connector, config);
    cluster.awaitRunning(connector, 1);
    awaitSnapshotOfTheSeededRows();
    workload.run(30);
    awaitChanges(changes -> changes.size() >= 20 + 30);

    cdc.killDatabase();
    try {
      cluster.restartTask(connector, 0);
      await("task " + connector + "-0 RUNNING (retrying) while the database is down")
          .during(heldDown).atMost(heldDown.plus(Timeouts.defaultWait()))
          .until(() -> cluster.status(connector), status -> {
            if (status.hasFailure()) {
              throw new AssertionError("Connector " + connector + " failed while the database was down:\n"
                  + status.failureTraces());
            }
            return status.isRunning(1);
          });
    } finally {
      cdc.restartDatabase();
    }
    workload.run(30);

    Set<Change> expected = new HashSet<>(workload.committed());
    awaitChangesWhileHealthy(changes -> changes.stream().map(c -> new Change(c.id(), c.op(), c.version()))
        .collect(java.util.stream.Collectors.toSet()).containsAll(expected));
    cluster.awaitRunning(connector, 1);
    List<ConsumedRecord> records = CdcTopics.readAll(cluster, topic);
    cdc.deleteConnector(cluster, connector);
    return records;
  }

  /** A task that FAILED: its trace, and how long after the database went down the failure was seen. */
  record Failure(String trace, Duration after) {
  }

  /**
   * With {@code streamfirst.database.unavailable.max.ms} set to {@code windowMs}: kills the database server
   * under the running task (and, when {@code restartTask}, restarts the task, which then starts during
   * the outage) and keeps it down until the task FAILED; then starts the server again.
   */
  Failure failureAfterAnOutageLongerThan(long windowMs, boolean restartTask) throws SQLException {
    config.put("streamfirst.database.unavailable.max.ms", Long.toString(windowMs));
    cdc.execute(cdc.createLedgerTable(table));
    workload.seed(5);
    cluster.deploy(connector, config);
    cluster.awaitRunning(connector, 1);
    awaitSnapshotOfTheSeededRows();

    long began = System.nanoTime();
    cdc.killDatabase();
    try {
      if (restartTask) {
        cluster.restartTask(connector, 0);
      }
      ConnectorStatus failed = cluster.awaitFailed(connector);
      Duration after = Duration.ofNanos(System.nanoTime() - began);
      assertThat(failed.state()).as("the connector itself (not its task)").isEqualTo(ConnectorStatus.RUNNING);
      return new Failure(failed.task(0).trace(), after);
    } finally {
      cdc.restartDatabase();
      cdc.deleteConnector(cluster, connector);
    }
  }

  /** Asserts that the topic, after dropping repeats of the same source position, is exactly the history. */
  void assertHistoryAfterDeduplication(List<ConsumedRecord> records) {
    List<TopicChange> deduplicated = new ArrayList<>(new LinkedHashMap<String, TopicChange>() {
      {
        changes(records).forEach(change -> putIfAbsent(change.position() + "/" + change.id() + "/" + change.op(),
            change));
      }
    }.values());
    assertSnapshotThenHistory(deduplicated, changes(records));
    assertEveryDeleteHasATombstone(records);
  }

  /** Asserts that the topic holds every change exactly once, with no duplicate at all. */
  void assertHistoryWithoutDuplicates(List<ConsumedRecord> records) {
    List<TopicChange> changes = changes(records);
    assertSnapshotThenHistory(changes, changes);
    long tombstones = records.stream().filter(r -> r.value() == null).count();
    long deletes = workload.committed().stream().filter(c -> c.op().equals("d")).count();
    assertThat(tombstones).as("one tombstone per delete").isEqualTo(deletes);
  }

  private void assertSnapshotThenHistory(List<TopicChange> changes, List<TopicChange> onTopic) {
    Map<Integer, Integer> snapshot = new LinkedHashMap<>();
    Map<Integer, List<Change>> streamed = new LinkedHashMap<>();
    for (TopicChange change : changes) {
      if (change.op().equals("r")) {
        assertThat(snapshot.put(change.id(), change.version())).as("snapshot read of row %d repeated", change.id())
            .isNull();
      } else {
        streamed.computeIfAbsent(change.id(), k -> new ArrayList<>())
            .add(new Change(change.id(), change.op(), change.version()));
      }
    }
    assertThat(snapshot).as("snapshot reads").isEqualTo(workload.seeded());
    Map<Integer, List<Change>> expected = workload.committedById();
    assertThat(streamed).as(() -> "streamed changes per row, in commit order; on the topic for the rows that"
        + " differ: "
        + onTopic.stream().filter(c -> !java.util.Objects.equals(streamed.get(c.id()), expected.get(c.id())))
            .toList())
        .isEqualTo(expected);
  }

  private void assertEveryDeleteHasATombstone(List<ConsumedRecord> records) {
    Set<String> tombstoned = new HashSet<>();
    records.stream().filter(r -> r.value() == null)
        .forEach(r -> tombstoned.add(r.header("sf.source.pos") + "/" + CdcTopics.keyId(r)));
    changes(records).stream().filter(c -> c.op().equals("d"))
        .forEach(c -> assertThat(tombstoned).as("tombstone after delete of %d", c.id())
            .contains(c.position() + "/" + c.id()));
  }

  /**
   * Waits until the snapshot reads of every seeded row are on the topic; the workload commits nothing
   * before. A task is RUNNING before its snapshot is read, and Connect may stop it again right after the
   * deploy (the rebalance that follows a new connector), before the snapshot is complete. The task that
   * takes over reads a new snapshot at a later point in time: changes committed in between arrive in
   * its reads as the rows' state then, not as change events, so the history would lack them.
   */
  private void awaitSnapshotOfTheSeededRows() {
    Set<Integer> seeded = workload.seeded().keySet();
    awaitChanges(changes -> changes.stream().filter(change -> change.op().equals("r")).map(TopicChange::id)
        .collect(java.util.stream.Collectors.toSet()).containsAll(seeded));
  }

  private void awaitChanges(Predicate<List<TopicChange>> done) {
    CdcTopics.awaitRecords(cluster, topic, records -> done.test(changes(records)));
  }

  /** As {@link #awaitChanges}, failing at once when the connector or its task FAILED. */
  private void awaitChangesWhileHealthy(Predicate<List<TopicChange>> done) {
    CdcTopics.awaitRecords(cluster, topic, records -> {
      ConnectorStatus status = cluster.status(connector);
      if (status.hasFailure()) {
        throw new AssertionError("Connector " + connector + " failed:\n" + status.failureTraces());
      }
      return done.test(changes(records));
    });
  }

  static List<TopicChange> changes(List<ConsumedRecord> records) {
    List<TopicChange> out = new ArrayList<>();
    for (ConsumedRecord record : records) {
      if (record.value() == null) {
        continue;
      }
      JsonNode value = record.valueJson();
      String op = value.path("op").asText();
      JsonNode row = op.equals("d") ? value.path("before") : value.path("after");
      out.add(new TopicChange(record.header("sf.source.pos"), row.path("id").asInt(), op,
          row.path("version").asInt()));
    }
    return out;
  }
}
