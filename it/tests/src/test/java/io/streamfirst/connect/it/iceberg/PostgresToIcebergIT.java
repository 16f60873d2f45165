// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.it.iceberg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.streamfirst.connect.it.fixtures.PostgresFixture;
import io.streamfirst.connect.it.harness.ConnectCluster;
import io.streamfirst.connect.it.harness.ConnectClusterExtension;
import io.streamfirst.connect.it.harness.Timeouts;
import io.streamfirst.connect.it.harness.UniqueNames;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.apache.iceberg.data.Record;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * End to end: a random insert/update/delete workload on a real PostgreSQL table, captured by the
 * packaged PostgresCdcSourceConnector (Debezium envelopes with tombstones) and applied by the packaged
 * IcebergSinkConnector in upsert mode; the Iceberg table must equal the database table.
 */
class PostgresToIcebergIT {

  @RegisterExtension
  static final PostgresFixture POSTGRES = new PostgresFixture();

  @RegisterExtension
  static final ConnectClusterExtension CONNECT = new ConnectClusterExtension(b -> b.workers(1)
      .workerProperty("offset.flush.interval.ms", "1000"));

  private static final String JSON = "org.apache.kafka.connect.json.JsonConverter";

  @Test
  void icebergTableEqualsTheDatabaseAfterARandomWorkload() throws Exception {
    ConnectCluster cluster = CONNECT.cluster();
    Warehouse warehouse = new Warehouse(Warehouse.Kind.JDBC_SQLITE);
    String table = UniqueNames.of("accounts").replace('-', '_');
    String source = UniqueNames.of("pg-accounts");
    String sink = UniqueNames.of("lake-accounts");
    String topic = source + ".public." + table;
    Random random = new Random(1125);
    try (Connection db = POSTGRES.connection(); Statement st = db.createStatement()) {
      st.execute("CREATE TABLE " + table + " (id INT PRIMARY KEY, owner TEXT NOT NULL, balance BIGINT NOT NULL,"
          + " note TEXT)");
      try (PreparedStatement insert = db.prepareStatement("INSERT INTO " + table + " VALUES (?, ?, ?, NULL)")) {
        for (int id = 1; id <= 50; id++) { // arrive as snapshot reads
          insert.setInt(1, id);
          insert.setString(2, "owner-" + id);
          insert.setLong(3, id * 100L);
          insert.executeUpdate();
        }
      }
    }

    Map<String, String> sourceConfig = new HashMap<>();
    sourceConfig.put("connector.class", "io.streamfirst.connect.cdc.postgres.PostgresCdcSourceConnector");
    sourceConfig.put("tasks.max", "1");
    sourceConfig.put("database.hostname", POSTGRES.host());
    sourceConfig.put("database.port", Integer.toString(POSTGRES.port()));
    sourceConfig.put("database.user", POSTGRES.user());
    sourceConfig.put("database.password", POSTGRES.password());
    sourceConfig.put("database.dbname", POSTGRES.database());
    sourceConfig.put("table.include.list", "public." + table);
    sourceConfig.put("key.converter", JSON);
    sourceConfig.put("value.converter", JSON);
    sourceConfig.put("topic.creation.default.replication.factor", "1");
    sourceConfig.put("topic.creation.default.partitions", "2");
    cluster.deploy(source, sourceConfig);
    cluster.awaitRunning(source, 1);
    cluster.consume(topic, 50); // the snapshot is in the topic, so the topic exists before the sink subscribes

    Map<String, String> sinkConfig = IcebergSinkIT.sinkConfig(topic, warehouse, "upsert");
    sinkConfig.put("iceberg.table.partition.spec", "bucket[4](id)");
    cluster.deploy(sink, sinkConfig);
    cluster.awaitRunning(sink, 2);

    int nextId = 51;
    try (Connection db = POSTGRES.connection()) {
      db.setAutoCommit(false);
      for (int tx = 0; tx < 300; tx++) {
        try (Statement st = db.createStatement()) {
          for (int c = 1 + random.nextInt(3); c > 0; c--) {
            int roll = random.nextInt(10);
            int id = 1 + random.nextInt(nextId - 1);
            if (roll < 3) {
              st.execute("INSERT INTO " + table + " VALUES (" + nextId + ", 'owner-" + nextId + "', 0, 'new')");
              nextId++;
            } else if (roll < 8) {
              st.execute("UPDATE " + table + " SET balance = balance + " + random.nextInt(500) + ", note = 'tx" + tx
                  + "' WHERE id = " + id);
            } else {
              st.execute("DELETE FROM " + table + " WHERE id = " + id);
            }
          }
        }
        db.commit();
      }
    }
    Map<Integer, String> expected = new TreeMap<>();
    try (Connection db = POSTGRES.connection();
        Statement st = db.createStatement();
        ResultSet rs = st.executeQuery("SELECT id, owner, balance, note FROM " + table)) {
      while (rs.next()) {
        expected.put(rs.getInt(1), rs.getString(2) + "|" + rs.getLong(3) + "|" + rs.getString(4));
      }
    }
    assertThat(expected).hasSizeGreaterThan(40);

    String icebergTable = IcebergSinkIT.table(topic);
    await("the Iceberg table equals the PostgreSQL table").atMost(Timeouts.defaultWait()).untilAsserted(() -> {
      Map<Integer, String> actual = new TreeMap<>();
      List<Integer> ids = new ArrayList<>();
      for (Record r : warehouse.rows("lake", icebergTable)) {
        ids.add((Integer) r.getField("id"));
        actual.put((Integer) r.getField("id"), r.getField("owner") + "|" + r.getField("balance") + "|"
            + r.getField("note"));
      }
      assertThat(ids).as("one row per key").doesNotHaveDuplicates();
      assertThat(actual).isEqualTo(expected);
    });
    cluster.delete(sink);
    cluster.delete(source);
  }
}
