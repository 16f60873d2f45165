// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.it.cdc;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.streamfirst.connect.it.fixtures.PostgresFixture;
import io.streamfirst.connect.it.harness.ConnectCluster;
import io.streamfirst.connect.it.harness.ConnectClusterExtension;
import io.streamfirst.connect.it.harness.ConsumedRecord;
import io.streamfirst.connect.it.harness.UniqueNames;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The PostgreSQL CDC source end to end: the packaged plugin in real Connect workers against a real
 * PostgreSQL 17 with logical decoding. Snapshot then streaming, every operation, transactions,
 * schema changes, both output formats, lineage headers on every record.
 */
class PostgresCdcIT {

  @RegisterExtension
  static final PostgresFixture POSTGRES = new PostgresFixture();

  @RegisterExtension
  static final ConnectClusterExtension CONNECT = new ConnectClusterExtension(b -> b.workers(1));

  private final PostgresCdc cdc = new PostgresCdc(POSTGRES);

  @Test
  void snapshotThenInsertsUpdatesDeletesAndTransactionsAsEnvelopesWithLineage() throws Exception {
    ConnectCluster cluster = CONNECT.cluster();
    String table = CdcSource.tableName("orders");
    String connector = UniqueNames.of("pg-envelope");
    String topic = connector + ".public." + table;
    cdc.execute("CREATE TABLE " + table + " (id INT PRIMARY KEY, item TEXT NOT NULL, qty INT)",
        "ALTER TABLE " + table + " REPLICA IDENTITY FULL",
        "INSERT INTO " + table + " VALUES (1, 'apple', 1), (2, 'pear', 2), (3, 'plum', 3)");

    cluster.deploy(connector, cdc.config(table));
    cluster.awaitRunning(connector, 1);
    CdcTopics.awaitRecords(cluster, topic, records -> records.size() >= 3);

    cdc.execute("INSERT INTO " + table + " VALUES (4, 'fig', 4)",
        "UPDATE " + table + " SET qty = 20 WHERE id = 2",
        "DELETE FROM " + table + " WHERE id = 3");
    long tx = cdc.inTransaction("INSERT INTO " + table + " VALUES (5, 'kiwi', 5)",
        "INSERT INTO " + table + " VALUES (6, 'lime', 6)",
        "UPDATE " + table + " SET item = 'green apple' WHERE id = 1");
    List<ConsumedRecord> records = CdcTopics.awaitRecords(cluster, topic, r -> r.size() >= 10);

    assertThat(records).hasSize(10);
    assertThat(records).extracting(r -> r.value() == null ? "tombstone" : r.valueJson().path("op").asText())
        .containsExactly("r", "r", "r", "c", "u", "d", "tombstone", "c", "c", "u");
    assertThat(records).extracting(r -> CdcTopics.keyId(r))
        .containsExactly(1, 2, 3, 4, 2, 3, 3, 5, 6, 1);
    JsonNode update = records.get(4).valueJson();
    assertThat(update.path("before").path("qty").asInt()).isEqualTo(2);
    assertThat(update.path("after").path("qty").asInt()).isEqualTo(20);
    assertThat(records.get(5).valueJson().path("before").path("item").asText()).isEqualTo("plum");

    String origin = cdc.origin(table);
    assertThat(records).allSatisfy(record -> {
      assertThat(record.header("sf.origin")).as("sf.origin of %s", record).isEqualTo(origin);
      assertThat(record.header("sf.path")).as("sf.path of %s", record).isEqualTo(connector);
      assertThat(record.header("sf.source.pos")).as("sf.source.pos of %s", record).matches("[0-9A-F]+/[0-9A-F]+");
      assertThat(record.header("sf.source.ts")).as("sf.source.ts of %s", record).matches("[0-9]{13}");
      assertThat(record.header("sf.tx")).as("sf.tx of %s", record).matches("[0-9]+");
      assertThat(record.headers().keySet()).as("Debezium's context headers, replaced by the lineage headers")
          .noneMatch(name -> name.startsWith("__debezium.context."));
    });
    assertThat(records.subList(7, 10)).extracting(r -> r.header("sf.tx")).containsOnly(Long.toString(tx));
    assertThat(records.get(6).header("sf.source.pos")).isEqualTo(records.get(5).header("sf.source.pos"));
    JsonNode lastSource = records.get(9).valueJson().path("source");
    assertThat(records.get(9).header("sf.source.ts")).isEqualTo(lastSource.path("ts_ms").asText());

    cdc.deleteConnector(cluster, connector);
  }

  @Test
  void flatRowsFollowAddedColumnsAndWidenedTypes() throws Exception {
    FlatSchemaChangeScenario.run(CONNECT.cluster(), cdc, "pg-flat");
  }

  @Test
  void backfillResnapshotsATableWhileStreamingGoesOn() throws Exception {
    ConnectCluster cluster = CONNECT.cluster();
    String table = CdcSource.tableName("stock");
    String signals = CdcSource.tableName("signals");
    String connector = UniqueNames.of("pg-backfill");
    String topic = connector + ".public." + table;
    cdc.execute("CREATE TABLE " + table + " (id INT PRIMARY KEY, qty INT NOT NULL)",
        "ALTER TABLE " + table + " REPLICA IDENTITY FULL",
        "INSERT INTO " + table + " SELECT g, g * 10 FROM generate_series(1, 30) g",
        "CREATE TABLE " + signals + " (id VARCHAR(42) PRIMARY KEY, type VARCHAR(32) NOT NULL, data VARCHAR(2048))");
    Map<String, String> config = new java.util.HashMap<>(cdc.config(table));
    config.put("table.include.list", "public." + table + ",public." + signals);
    config.put("signal.data.collection", "public." + signals);
    config.put("snapshot.mode", "no_data");
    config.put("streamfirst.output.format", "flat");
    cluster.deploy(connector, config);
    cluster.awaitRunning(connector, 1);
    cdc.execute("INSERT INTO " + table + " VALUES (31, 310)");
    CdcTopics.awaitRecords(cluster, topic, records -> !records.isEmpty());

    cdc.execute("INSERT INTO " + signals + " VALUES ('backfill-1', 'execute-snapshot',"
        + " '{\"data-collections\": [\"public." + table + "\"], \"type\": \"incremental\"}')");
    cdc.execute("UPDATE " + table + " SET qty = qty + 1 WHERE id IN (3, 17, 31)",
        "DELETE FROM " + table + " WHERE id = 5",
        "INSERT INTO " + table + " VALUES (32, 320)");
    Map<Integer, Integer> expected = new java.util.TreeMap<>();
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
      assertThat(record.header("sf.origin")).endsWith("/public." + table);
      assertThat(record.header("sf.path")).isEqualTo(connector);
    });

    cdc.deleteConnector(cluster, connector);
  }

  @Test
  void heartbeatsMoveTheSlotPastWalOfUncapturedTablesWithoutAMessageTopic() throws Exception {
    ConnectCluster cluster = CONNECT.cluster();
    String idle = CdcSource.tableName("idle");
    String busy = CdcSource.tableName("busy");
    String connector = UniqueNames.of("pg-heartbeat");
    String slot = "sf_" + connector.replace('-', '_');
    cdc.execute("CREATE TABLE " + idle + " (id INT PRIMARY KEY)", "ALTER TABLE " + idle + " REPLICA IDENTITY FULL",
        "CREATE TABLE " + busy + " (id INT PRIMARY KEY, payload TEXT)");
    Map<String, String> config = new java.util.HashMap<>(cdc.config(idle));
    config.put("heartbeat.interval.ms", "500");
    cluster.deploy(connector, config);
    cluster.awaitRunning(connector, 1);

    cdc.execute("INSERT INTO " + busy + " SELECT g, repeat('x', 500) FROM generate_series(1, 5000) g");
    String walAfterWrites = cdc.queryString("SELECT pg_current_wal_lsn()::text");

    org.awaitility.Awaitility.await("slot " + slot + " confirmed past " + walAfterWrites)
        .atMost(io.streamfirst.connect.it.harness.Timeouts.scaled(java.time.Duration.ofSeconds(60)))
        .pollInterval(java.time.Duration.ofMillis(500))
        .until(() -> "t".equals(cdc.queryString("SELECT confirmed_flush_lsn >= '" + walAfterWrites
            + "'::pg_lsn FROM pg_replication_slots WHERE slot_name = '" + slot + "'")));
    assertThat(cluster.admin().listTopics().names().get()).doesNotContain(connector + ".message");
    assertThat(CdcTopics.readAll(cluster, "__debezium-heartbeat." + connector)).isNotEmpty()
        .allSatisfy(record -> assertThat(record.header("sf.source.pos")).matches("[0-9A-F]+/[0-9A-F]+"));

    cdc.deleteConnector(cluster, connector);
  }

  @Test
  void aDroppedSlotFailsTheTaskSayingWhatToDoInsteadOfSkippingChanges() throws Exception {
    ConnectCluster cluster = CONNECT.cluster();
    String table = CdcSource.tableName("payments");
    String connector = UniqueNames.of("pg-slot-lost");
    String slot = "sf_" + connector.replace('-', '_');
    String topic = connector + ".public." + table;
    cdc.execute("CREATE TABLE " + table + " (id INT PRIMARY KEY)", "ALTER TABLE " + table + " REPLICA IDENTITY FULL",
        "INSERT INTO " + table + " VALUES (1)");
    cluster.deploy(connector, cdc.config(table));
    cluster.awaitRunning(connector, 1);
    cdc.execute("INSERT INTO " + table + " VALUES (2)");
    CdcTopics.awaitRecords(cluster, topic, records -> records.size() >= 2);

    cluster.embedded().stopConnector(connector);
    org.awaitility.Awaitility.await("slot " + slot + " released").atMost(java.time.Duration.ofSeconds(60))
        .until(() -> "f"
            .equals(cdc.queryString("SELECT active FROM pg_replication_slots WHERE slot_name = '" + slot + "'")));
    cdc.execute("SELECT pg_drop_replication_slot('" + slot + "')", "INSERT INTO " + table + " VALUES (3)");
    cluster.resume(connector);

    String traces = String.join("\n", cluster.awaitFailed(connector).failureTraces());
    assertThat(traces).contains("replication slot '" + slot + "'").contains("cannot resume")
        .contains("DELETE /connectors/" + connector + "/offsets").contains("snapshot.mode=when_needed");
    assertThat(CdcTopics.readAll(cluster, topic)).as("nothing read past the lost changes").hasSize(2);

    cluster.delete(connector);
    cdc.execute("DROP PUBLICATION IF EXISTS " + slot);
  }
}
