package io.streamfirst.connect.it.cdc;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.streamfirst.connect.it.cdc.ChangeWorkload.Change;
import io.streamfirst.connect.it.harness.ConnectCluster;
import io.streamfirst.connect.it.harness.ConsumedRecord;
import io.streamfirst.connect.it.harness.UniqueNames;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Captures a table while the test commits a logged workload and, between batches, restarts the
 * connector and its task and stops the worker running the task (a new one joins). Afterwards the
 * topic must hold the database's change history: every committed change, in commit order per row.
 */
final class RestartScenario {

  /** One change as the topic carries it. */
  record TopicChange(String position, int id, String op, int version) {}

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
    awaitChanges(changes -> changes.size() >= 20);

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
        + " differ: " + onTopic.stream().filter(c -> !java.util.Objects.equals(streamed.get(c.id()), expected.get(c.id())))
            .toList()).isEqualTo(expected);
  }

  private void assertEveryDeleteHasATombstone(List<ConsumedRecord> records) {
    Set<String> tombstoned = new HashSet<>();
    records.stream().filter(r -> r.value() == null).forEach(r -> tombstoned.add(r.header("sf.source.pos") + "/" + CdcTopics.keyId(r)));
    changes(records).stream().filter(c -> c.op().equals("d"))
        .forEach(c -> assertThat(tombstoned).as("tombstone after delete of %d", c.id()).contains(c.position() + "/" + c.id()));
  }

  private void awaitChanges(Predicate<List<TopicChange>> done) {
    CdcTopics.awaitRecords(cluster, topic, records -> done.test(changes(records)));
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
