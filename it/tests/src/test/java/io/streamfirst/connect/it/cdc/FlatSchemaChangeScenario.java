// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.it.cdc;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.streamfirst.connect.it.harness.ConnectCluster;
import io.streamfirst.connect.it.harness.ConsumedRecord;
import io.streamfirst.connect.it.harness.UniqueNames;
import java.util.List;
import java.util.Map;

/**
 * Flat rows through schema changes, the same for every database: a snapshot, an insert, {@code ADD
 * COLUMN}, an insert with the new column, {@code INT} widened to {@code BIGINT}, an update that needs
 * the wider type, a delete with its full before-image and the tombstone after it.
 */
final class FlatSchemaChangeScenario {

  private FlatSchemaChangeScenario() {}

  static void run(ConnectCluster cluster, CdcSource cdc, String connectorPrefix) throws Exception {
    String table = cdc.newTableName("items");
    String connector = UniqueNames.of(connectorPrefix);
    String topic = cdc.topic(connector, table);
    cdc.execute(cdc.createTable(table, "(id INT PRIMARY KEY, name VARCHAR(40) NOT NULL, qty INT NOT NULL)"));
    cdc.execute("INSERT INTO " + table + " VALUES (1, 'bolt', 10), (2, 'nut', 20)");
    Map<String, String> config = cdc.config(table);
    config.put("streamfirst.output.format", "flat");

    cluster.deploy(connector, config);
    cluster.awaitRunning(connector, 1);
    CdcTopics.awaitRecords(cluster, topic, records -> records.size() >= 2);
    cdc.execute("INSERT INTO " + table + " VALUES (3, 'washer', 30)",
        "ALTER TABLE " + table + " ADD COLUMN note VARCHAR(100)",
        "INSERT INTO " + table + " VALUES (4, 'screw', 40, 'new column')",
        cdc.widenToBigint(table, "qty"),
        "UPDATE " + table + " SET qty = 5000000000, note = 'wide' WHERE id = 1",
        "DELETE FROM " + table + " WHERE id = 2");
    List<ConsumedRecord> records = CdcTopics.awaitRecords(cluster, topic, r -> r.size() >= 7);

    assertThat(records).hasSize(7);
    assertThat(records).extracting(r -> r.value() == null ? "tombstone" : r.valueJson().path("__op").asText())
        .containsExactly("r", "r", "c", "c", "u", "d", "tombstone");
    JsonNode snapshot = records.get(0).valueJson();
    assertThat(snapshot.path("id").asInt()).isEqualTo(1);
    assertThat(snapshot.path("name").asText()).isEqualTo("bolt");
    assertThat(snapshot.path("__deleted").asText()).isEqualTo("false");
    assertThat(snapshot.path("__source_ts_ms").asLong()).isPositive();
    assertThat(snapshot.has("before") || snapshot.has("after") || snapshot.has("source")).isFalse();
    assertThat(records.get(2).valueJson().has("note")).as("before ADD COLUMN").isFalse();
    assertThat(records.get(3).valueJson().path("note").asText()).isEqualTo("new column");
    assertThat(records.get(4).valueJson().path("qty").asLong()).isEqualTo(5_000_000_000L);
    assertThat(records.get(4).valueJson().path("note").asText()).isEqualTo("wide");
    JsonNode delete = records.get(5).valueJson();
    assertThat(delete.path("__deleted").asText()).isEqualTo("true");
    assertThat(delete.path("id").asInt()).isEqualTo(2);
    assertThat(delete.path("name").asText()).as("full before-image of the deleted row").isEqualTo("nut");
    assertThat(CdcTopics.keyId(records.get(6))).isEqualTo(2);
    assertThat(records).allSatisfy(record -> assertThat(record.header("sf.origin")).isEqualTo(cdc.origin(table)));

    cdc.deleteConnector(cluster, connector);
  }
}
