// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.it.snowflake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.streamfirst.connect.it.cdc.PostgresCdc;
import io.streamfirst.connect.it.fixtures.PostgresFixture;
import io.streamfirst.connect.it.harness.ConnectCluster;
import io.streamfirst.connect.it.harness.ConnectClusterExtension;
import io.streamfirst.connect.it.harness.Timeouts;
import io.streamfirst.connect.it.harness.UniqueNames;
import io.streamfirst.connect.snowflake.fake.FakeSnowflake;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * End to end in CDC mode: a random insert/update/delete workload (with re-inserts of deleted keys) on a
 * real PostgreSQL table, captured by the packaged PostgresCdcSourceConnector, applied by the packaged
 * Snowflake sink (versions from the source's LSNs) through the in-process fake account, one sink task
 * restarted mid-stream: the target table equals the database table, one row per key, and the change table
 * is emptied by the MERGEs.
 */
class SnowflakeCdcIT {

  @RegisterExtension
  static final PostgresFixture POSTGRES = new PostgresFixture();

  @RegisterExtension
  static final ConnectClusterExtension CONNECT = new ConnectClusterExtension(
      b -> b.workers(1).pluginsDir(FakeSnowflakePlugins.create("snowflake-cdc-plugins", "cdc-postgres")));

  private static final String JSON = "org.apache.kafka.connect.json.JsonConverter";

  @Test
  void targetEqualsTheDatabaseAfterARandomWorkloadAndASinkTaskRestart() throws Exception {
    ConnectCluster cluster = CONNECT.cluster();
    String table = UniqueNames.of("accounts").replace('-', '_');
    String source = UniqueNames.of("pg-snow");
    String sink = UniqueNames.of("snow-cdc");
    String topic = source + ".public." + table;
    Path snapshots = Path.of("target", "snowflake-fake", sink).toAbsolutePath();
    Random random = new Random(1515);
    try (Connection db = POSTGRES.connection(); Statement st = db.createStatement()) {
      st.execute("CREATE TABLE " + table + " (id INT PRIMARY KEY, owner TEXT NOT NULL, balance BIGINT NOT NULL,"
          + " note TEXT)");
      try (PreparedStatement insert = db.prepareStatement("INSERT INTO " + table + " VALUES (?, ?, ?, NULL)")) {
        for (int id = 1; id <= 30; id++) { // arrive as snapshot reads
          insert.setInt(1, id);
          insert.setString(2, "owner-" + id);
          insert.setLong(3, id * 100L);
          insert.executeUpdate();
        }
      }
    }
    Map<String, String> sourceConfig = new PostgresCdc(POSTGRES).config(table);
    sourceConfig.put("key.converter.schemas.enable", "true");
    sourceConfig.put("value.converter.schemas.enable", "true");
    sourceConfig.put("topic.creation.default.partitions", "2");
    cluster.deploy(source, sourceConfig);
    cluster.awaitRunning(source, 1);
    cluster.consume(topic, 30); // the snapshot is in the topic, so the topic exists before the sink subscribes

    Map<String, String> sinkConfig = SnowflakeSinkIT.config(topic, snapshots);
    sinkConfig.put("key.converter", JSON);
    sinkConfig.put("value.converter.schemas.enable", "true");
    sinkConfig.put("snowflake.ingest.mode", "cdc");
    sinkConfig.put("cdc.version.source", "source.position");
    sinkConfig.put("snowflake.merge.interval.ms", "300");
    cluster.deploy(sink, sinkConfig);
    cluster.awaitRunning(sink, 2);

    String target = topic.toUpperCase(Locale.ROOT);
    int nextId = 31;
    List<Integer> deleted = new ArrayList<>();
    try (Connection db = POSTGRES.connection()) {
      db.setAutoCommit(false);
      for (int tx = 0; tx < 120; tx++) {
        if (tx == 50) {
          await("changes merged before the restart").atMost(Timeouts.defaultWait())
              .until(() -> !FakeSnowflake.readSnapshot(snapshots, target).isEmpty());
          cluster.restartTask(sink, 0);
        }
        try (Statement st = db.createStatement()) {
          for (int c = 1 + random.nextInt(3); c > 0; c--) {
            int roll = random.nextInt(10);
            int id = 1 + random.nextInt(nextId - 1);
            if (roll < 2) {
              st.execute("INSERT INTO " + table + " VALUES (" + nextId + ", 'owner-" + nextId + "', 0, 'new')");
              nextId++;
            } else if (roll < 3 && !deleted.isEmpty()) {
              int again = deleted.remove(random.nextInt(deleted.size()));
              st.execute("INSERT INTO " + table + " VALUES (" + again + ", 'again-" + tx + "', 1, 'back')"
                  + " ON CONFLICT (id) DO NOTHING");
            } else if (roll < 8) {
              st.execute("UPDATE " + table + " SET balance = balance + " + random.nextInt(500) + ", note = 'tx" + tx
                  + "' WHERE id = " + id);
            } else {
              st.execute("DELETE FROM " + table + " WHERE id = " + id);
              deleted.add(id);
            }
          }
        }
        db.commit();
      }
    }
    Map<Long, String> expected = new TreeMap<>();
    try (Connection db = POSTGRES.connection();
        Statement st = db.createStatement();
        ResultSet rs = st.executeQuery("SELECT id, owner, balance, note FROM " + table)) {
      while (rs.next()) {
        expected.put(rs.getLong(1), rs.getString(2) + "|" + rs.getLong(3) + "|" + rs.getString(4));
      }
    }
    assertThat(expected).hasSizeGreaterThan(20);

    await("the Snowflake table equals the PostgreSQL table").atMost(Timeouts.defaultWait()).untilAsserted(() -> {
      Map<Long, String> actual = new TreeMap<>();
      for (Map<String, Object> row : FakeSnowflake.readSnapshot(snapshots, target)) {
        long id = ((Number) row.get("ID")).longValue();
        assertThat(actual.put(id, row.get("OWNER") + "|" + row.get("BALANCE") + "|" + row.get("NOTE")))
            .as("key %s twice", id).isNull();
      }
      assertThat(actual).isEqualTo(expected);
      assertThat(FakeSnowflake.readSnapshot(snapshots, target + "__CHANGES")).as("change rows left").isEmpty();
    });
    cluster.delete(sink);
    cluster.delete(source);
  }
}
