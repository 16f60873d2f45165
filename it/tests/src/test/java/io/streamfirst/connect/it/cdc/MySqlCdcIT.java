// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.it.cdc;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.streamfirst.connect.it.fixtures.MariaDbFixture;
import io.streamfirst.connect.it.harness.ConnectCluster;
import io.streamfirst.connect.it.harness.ConnectClusterExtension;
import io.streamfirst.connect.it.harness.ConsumedRecord;
import io.streamfirst.connect.it.harness.UniqueNames;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The MySQL/MariaDB CDC source end to end: the packaged plugin in real Connect workers against a real
 * MariaDB 11.4 with a row-based binlog. Snapshot then streaming, every operation, transactions, schema
 * changes, both output formats, lineage headers on every record, backfill while writing.
 */
class MySqlCdcIT {

  @RegisterExtension
  static final MariaDbFixture MARIADB = new MariaDbFixture();

  @RegisterExtension
  static final ConnectClusterExtension CONNECT = new ConnectClusterExtension(b -> b.workers(1));

  private MySqlCdc cdc() {
    return new MySqlCdc(MARIADB, CONNECT.cluster());
  }

  @Test
  void snapshotThenInsertsUpdatesDeletesAndTransactionsAsEnvelopesWithLineage() throws Exception {
    ConnectCluster cluster = CONNECT.cluster();
    MySqlCdc cdc = cdc();
    String table = CdcSource.tableName("orders");
    String connector = UniqueNames.of("my-envelope");
    String topic = cdc.topic(connector, table);
    cdc.execute("CREATE TABLE " + table + " (id INT PRIMARY KEY, item VARCHAR(40) NOT NULL, qty INT)",
        "INSERT INTO " + table + " VALUES (1, 'apple', 1), (2, 'pear', 2), (3, 'plum', 3)");

    cluster.deploy(connector, cdc.config(table));
    cluster.awaitRunning(connector, 1);
    CdcTopics.awaitRecords(cluster, topic, records -> records.size() >= 3);

    cdc.execute("INSERT INTO " + table + " VALUES (4, 'fig', 4)",
        "UPDATE " + table + " SET qty = 20 WHERE id = 2",
        "DELETE FROM " + table + " WHERE id = 3");
    String gtid = cdc.inTransaction("INSERT INTO " + table + " VALUES (5, 'kiwi', 5)",
        "INSERT INTO " + table + " VALUES (6, 'lime', 6)",
        "UPDATE " + table + " SET item = 'green apple' WHERE id = 1");
    List<ConsumedRecord> records = CdcTopics.awaitRecords(cluster, topic, r -> r.size() >= 10);

    assertThat(records).hasSize(10);
    assertThat(records).extracting(r -> r.value() == null ? "tombstone" : r.valueJson().path("op").asText())
        .containsExactly("r", "r", "r", "c", "u", "d", "tombstone", "c", "c", "u");
    assertThat(records).extracting(CdcTopics::keyId).containsExactly(1, 2, 3, 4, 2, 3, 3, 5, 6, 1);
    JsonNode update = records.get(4).valueJson();
    assertThat(update.path("before").path("qty").asInt()).isEqualTo(2);
    assertThat(update.path("after").path("qty").asInt()).isEqualTo(20);
    assertThat(records.get(5).valueJson().path("before").path("item").asText()).isEqualTo("plum");
    assertThat(records.get(9).valueJson().path("source").path("connector").asText()).isEqualTo("mariadb");

    assertThat(records).allSatisfy(record -> {
      assertThat(record.header("sf.origin")).as("sf.origin of %s", record).isEqualTo(cdc.origin(table));
      assertThat(record.header("sf.path")).as("sf.path of %s", record).isEqualTo(connector);
      assertThat(record.header("sf.source.pos")).as("sf.source.pos of %s", record)
          .matches("mariadb-bin\\.\\d{6}:\\d+:\\d+:\\d+");
      assertThat(record.header("sf.source.ts")).as("sf.source.ts of %s", record).matches("[0-9]{13}");
      assertThat(record.headers().keySet()).as("Debezium's context headers, replaced by the lineage headers")
          .noneMatch(name -> name.startsWith("__debezium.context."));
    });
    assertThat(records.subList(0, 3)).as("snapshot reads belong to no transaction")
        .allSatisfy(record -> assertThat(record.header("sf.tx")).isNull());
    assertThat(records.subList(3, 10))
        .allSatisfy(record -> assertThat(record.header("sf.tx")).matches("\\d+-\\d+-\\d+"));
    assertThat(records.subList(7, 10)).extracting(r -> r.header("sf.tx")).containsOnly(gtid);
    assertThat(records.get(6).header("sf.source.pos")).isEqualTo(records.get(5).header("sf.source.pos"));
    List<String> positions = records.subList(7, 10).stream().map(r -> r.header("sf.source.pos")).toList();
    assertThat(positions).as("three changes of one transaction").doesNotHaveDuplicates()
        .extracting(MySqlCdcIT::transactionStart).containsOnly(transactionStart(positions.get(0)));
    JsonNode lastSource = records.get(9).valueJson().path("source");
    assertThat(records.get(9).header("sf.source.pos")).startsWith(lastSource.path("file").asText() + ":");
    assertThat(records.get(9).header("sf.source.ts")).isEqualTo(lastSource.path("ts_ms").asText());

    cdc.deleteConnector(cluster, connector);
  }

  @Test
  void flatRowsFollowAddedColumnsAndWidenedTypes() throws Exception {
    FlatSchemaChangeScenario.run(CONNECT.cluster(), cdc(), "my-flat");
  }

  @Test
  void backfillResnapshotsATableWhileStreamingGoesOn() throws Exception {
    ConnectCluster cluster = CONNECT.cluster();
    MySqlCdc cdc = cdc();
    String table = CdcSource.tableName("stock");
    String signals = CdcSource.tableName("signals");
    String connector = UniqueNames.of("my-backfill");
    String topic = cdc.topic(connector, table);
    StringBuilder seed = new StringBuilder("INSERT INTO " + table + " VALUES ");
    for (int id = 1; id <= 30; id++) {
      seed.append(id == 1 ? "" : ", ").append('(').append(id).append(", ").append(id * 10).append(')');
    }
    cdc.execute("CREATE TABLE " + table + " (id INT PRIMARY KEY, qty INT NOT NULL)", seed.toString(),
        "CREATE TABLE " + signals + " (id VARCHAR(42) PRIMARY KEY, type VARCHAR(32) NOT NULL, data VARCHAR(2048))");
    Map<String, String> config = new HashMap<>(cdc.config(table));
    String database = MariaDbFixture.DATABASE;
    config.put("table.include.list", database + "." + table + "," + database + "." + signals);
    config.put("signal.data.collection", database + "." + signals);
    config.put("snapshot.mode", "no_data");
    config.put("streamfirst.output.format", "flat");
    cluster.deploy(connector, config);
    cluster.awaitRunning(connector, 1);
    // The task runs before its schema-only snapshot has fixed the binlog position to stream from; the
    // snapshot's schema change records show that it has.
    CdcTopics.awaitRecords(cluster, connector, records -> !records.isEmpty());
    cdc.execute("INSERT INTO " + table + " VALUES (31, 310)");
    CdcTopics.awaitRecords(cluster, topic, records -> !records.isEmpty());

    cdc.execute("INSERT INTO " + signals + " VALUES ('backfill-1', 'execute-snapshot',"
        + " '{\"data-collections\": [\"" + database + "." + table + "\"], \"type\": \"incremental\"}')");
    cdc.execute("UPDATE " + table + " SET qty = qty + 1 WHERE id IN (3, 17, 31)",
        "DELETE FROM " + table + " WHERE id = 5",
        "INSERT INTO " + table + " VALUES (32, 320)");
    Map<Integer, Integer> expected = new TreeMap<>();
    for (int id = 1; id <= 32; id++) {
      if (id != 5) {
        expected.put(id, id * 10 + (id == 3 || id == 17 || id == 31 ? 1 : 0));
      }
    }
    List<ConsumedRecord> records = CdcTopics.awaitRecords(cluster, topic,
        r -> CdcTopics.latestFlatValues(r, "qty").equals(expected)
            && r.stream().filter(CdcTopics::isFlatRead).count() >= 29);

    assertThat(records.stream().filter(CdcTopics::isFlatRead).map(CdcTopics::keyId).distinct())
        .as("rows backfilled as reads").hasSizeGreaterThanOrEqualTo(29).doesNotContain(5);
    assertThat(records.get(0).valueJson().path("__op").asText()).as("streamed before the backfill").isEqualTo("c");
    assertThat(records).filteredOn(CdcTopics::isFlatRead).allSatisfy(record -> {
      assertThat(record.header("sf.origin")).isEqualTo(cdc.origin(table));
      assertThat(record.header("sf.path")).isEqualTo(connector);
    });

    cdc.deleteConnector(cluster, connector);
  }

  @Test
  void aDroppedBinlogConnectionIsRestoredWithinSecondsWithoutLossOrRepeats() throws Exception {
    ConnectCluster cluster = CONNECT.cluster();
    MySqlCdc cdc = cdc();
    String table = CdcSource.tableName("visits");
    String connector = UniqueNames.of("my-dropped");
    String topic = captureSnapshotAndOneChange(cdc, table, connector);

    // The server ends the connector's binlog dump connection, as a network fault or a restart would.
    String dump = cdc.queryString("SELECT ID FROM information_schema.PROCESSLIST WHERE COMMAND LIKE 'Binlog Dump%'"
        + " AND USER = '" + MariaDbFixture.USER + "' ORDER BY ID DESC LIMIT 1");
    assertThat(dump).as("binlog dump connection of %s", connector).isNotNull();
    cdc.execute("KILL CONNECTION " + dump, "INSERT INTO " + table + " VALUES (3)",
        "INSERT INTO " + table + " VALUES (4)");
    List<ConsumedRecord> records = CdcTopics.awaitRecords(cluster, topic, r -> r.size() >= 4);

    assertThat(records).extracting(CdcTopics::keyId).as("every change once, in order").containsExactly(1, 2, 3, 4);
    assertThat(cluster.status(connector).hasFailure()).as("task failed after a dropped connection").isFalse();
    cluster.awaitRunning(connector, 1);
    cdc.deleteConnector(cluster, connector);
  }

  @Test
  void purgedBinlogsFailTheTaskSayingWhatToDoInsteadOfSkippingChanges() throws Exception {
    ConnectCluster cluster = CONNECT.cluster();
    MySqlCdc cdc = cdc();
    String table = CdcSource.tableName("payments");
    String connector = UniqueNames.of("my-purged");
    String topic = captureSnapshotAndOneChange(cdc, table, connector);

    cluster.embedded().stopConnector(connector);
    cluster.awaitState(connector, "STOPPED");
    cdc.execute("FLUSH BINARY LOGS", "INSERT INTO " + table + " VALUES (3)", "FLUSH BINARY LOGS");
    cdc.execute("PURGE BINARY LOGS TO '" + currentBinlog(cdc) + "'");
    cluster.resume(connector);

    String traces = String.join("\n", cluster.awaitFailed(connector).failureTraces());
    assertThat(traces).contains("Connector " + connector).contains("binlog position")
        .contains("DELETE /connectors/" + connector + "/offsets").contains("snapshot.mode=when_needed");
    assertThat(CdcTopics.readAll(cluster, topic)).as("nothing read past the lost changes").hasSize(2);
    cluster.delete(connector);
  }

  @Test
  void anUnreachableServerFailsTheTaskAfterTheAllowedTimeWithWhatToCheck() throws Exception {
    ConnectCluster cluster = CONNECT.cluster();
    int closedPort;
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    String connector = UniqueNames.of("my-unreachable");
    Map<String, String> config = new HashMap<>(cdc().config(CdcSource.tableName("any")));
    config.put("database.port", Integer.toString(closedPort));
    config.put("streamfirst.preflight.enabled", "false");
    config.put("streamfirst.database.unavailable.max.ms", "2000");

    cluster.deploy(connector, config);
    String traces = String.join("\n", cluster.awaitFailed(connector).failureTraces());

    assertThat(traces).contains("Connector " + connector + " cannot reach the database at 127.0.0.1:" + closedPort
        + ": unreachable for ")
        .contains("streamfirst.database.unavailable.max.ms=2000").contains("Connection refused")
        .contains("(database.hostname, database.port, network path)");
    cluster.delete(connector);
  }

  /** Captures a new table {@code (id)}: row 1 snapshotted, row 2 streamed; returns the topic once both are in it. */
  private static String captureSnapshotAndOneChange(MySqlCdc cdc, String table, String connector) throws Exception {
    ConnectCluster cluster = CONNECT.cluster();
    String topic = cdc.topic(connector, table);
    cdc.execute("CREATE TABLE " + table + " (id INT PRIMARY KEY)", "INSERT INTO " + table + " VALUES (1)");
    cluster.deploy(connector, cdc.config(table));
    cluster.awaitRunning(connector, 1);
    cdc.execute("INSERT INTO " + table + " VALUES (2)");
    CdcTopics.awaitRecords(cluster, topic, records -> records.size() >= 2);
    return topic;
  }

  private static String currentBinlog(MySqlCdc cdc) throws java.sql.SQLException {
    try (java.sql.Connection connection = cdc.connection();
        java.sql.Statement statement = connection.createStatement();
        java.sql.ResultSet rs = statement.executeQuery("SHOW MASTER STATUS")) {
      rs.next();
      return rs.getString("File");
    }
  }

  /** {@code file:pos} of a {@code file:pos:event:row} position: where the change's transaction starts. */
  private static String transactionStart(String position) {
    return position.substring(0, position.indexOf(':', position.indexOf(':') + 1));
  }
}
