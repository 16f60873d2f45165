// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.it.cdc;

import com.fasterxml.jackson.databind.JsonNode;
import io.streamfirst.connect.it.fixtures.MariaDbFixture;
import io.streamfirst.connect.it.harness.ConnectCluster;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.HashMap;
import java.util.Map;

/**
 * Throughput and commit-to-Kafka latency of the Streamfirst MySQL/MariaDB CDC source against plain
 * Debezium {@code MariaDbConnector} (loaded from the same plugin directory) in the same cluster, same
 * MariaDB and same options ({@link CdcBenchmark}). MariaDB's binlog times have whole seconds, so the
 * live updates write their own commit time (client clock, milliseconds, taken just before the commit)
 * into the row, and latency is the Kafka append time minus that. Not a test: run it by hand (see the
 * module README).
 */
public final class MySqlCdcBenchmark implements CdcBenchmark.Database {

  private static final String DEBEZIUM = "io.debezium.connector.mariadb.MariaDbConnector";

  private final MySqlCdc cdc;

  private MySqlCdcBenchmark(MySqlCdc cdc) {
    this.cdc = cdc;
  }

  public static void main(String[] args) throws Exception {
    try (MariaDbFixture mariaDb = new MariaDbFixture()) {
      mariaDb.start();
      try (ConnectCluster cluster = ConnectCluster.builder().workers(1).start()) {
        CdcBenchmark.runAll(cluster, new MySqlCdcBenchmark(new MySqlCdc(mariaDb, cluster)), "bench");
      }
    }
  }

  @Override
  public String debeziumClass() {
    return DEBEZIUM;
  }

  @Override
  public String streamfirstClass() {
    return MySqlCdc.CONNECTOR_CLASS;
  }

  @Override
  public void createAndSeed(String table, int rows) throws Exception {
    cdc.execute("CREATE TABLE " + table + " (id INT PRIMARY KEY, v INT NOT NULL, pad VARCHAR(100) NOT NULL,"
        + " committed_ms BIGINT NOT NULL DEFAULT 0)");
    try (Connection connection = cdc.connection();
        PreparedStatement insert = connection
            .prepareStatement("INSERT INTO " + table + " (id, v, pad) VALUES (?, 0, ?)")) {
      connection.setAutoCommit(false);
      String pad = "p".repeat(100);
      for (int id = 1; id <= rows; id++) {
        insert.setInt(1, id);
        insert.setString(2, pad);
        insert.addBatch();
        if (id % 5000 == 0 || id == rows) {
          insert.executeBatch();
          connection.commit();
        }
      }
    }
  }

  @Override
  public Map<String, String> config(String table, String connector, String contender) {
    Map<String, String> config = new HashMap<>(cdc.config(table));
    config.put("connector.class", contender);
    // The Streamfirst defaults, given explicitly to plain Debezium so both do the same work.
    config.put("topic.prefix", connector);
    config.put("database.server.id", Long.toString(100_000_000L + Math.floorMod(connector.hashCode(), 1_000_000_000)));
    config.put("schema.history.internal.kafka.topic", "__streamfirst-schema-history." + connector);
    config.put("heartbeat.interval.ms", "10000");
    config.put("snapshot.mode", "initial");
    return config;
  }

  @Override
  public String topic(String connector, String table) {
    return cdc.topic(connector, table);
  }

  /** A binlog client holds nothing on the server once its connector stops. */
  @Override
  public void awaitReleased(String connector) {}

  @Override
  public void execute(String... sql) throws Exception {
    cdc.execute(sql);
  }

  @Override
  public String liveUpdate(String table, int id) {
    return "UPDATE " + table + " SET v = v + 1, committed_ms = " + System.currentTimeMillis() + " WHERE id = " + id;
  }

  @Override
  public long commitTimeMs(JsonNode value) {
    long committed = value.path("after").path("committed_ms").asLong();
    // Catch-up updates carry no time of their own: fall back to the binlog's (whole seconds).
    return committed > 0 ? committed : value.path("source").path("ts_ms").asLong();
  }

  @Override
  public void cleanUp(ConnectCluster cluster, String connector, String table) throws Exception {
    cdc.deleteConnector(cluster, connector);
    cdc.execute("DROP TABLE " + table);
  }
}
