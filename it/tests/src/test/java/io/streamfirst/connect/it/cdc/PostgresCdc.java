// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.it.cdc;

import static org.awaitility.Awaitility.await;

import io.streamfirst.connect.it.fixtures.PostgresFixture;
import io.streamfirst.connect.it.harness.ConnectCluster;
import io.streamfirst.connect.it.harness.Timeouts;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;

/** Test helpers for the PostgreSQL CDC source: connector configs, SQL, topic reading, slot cleanup. */
public final class PostgresCdc implements CdcSource {

  static final String CONNECTOR_CLASS = "io.streamfirst.connect.cdc.postgres.PostgresCdcSourceConnector";
  static final String JSON = "org.apache.kafka.connect.json.JsonConverter";

  private final PostgresFixture postgres;

  public PostgresCdc(PostgresFixture postgres) {
    this.postgres = postgres;
  }

  @Override
  public String topic(String connector, String table) {
    return connector + ".public." + table;
  }

  @Override
  public String[] createTable(String table, String columns) {
    return new String[]{"CREATE TABLE " + table + " " + columns, "ALTER TABLE " + table + " REPLICA IDENTITY FULL"};
  }

  @Override
  public String widenToBigint(String table, String column) {
    return "ALTER TABLE " + table + " ALTER COLUMN " + column + " TYPE BIGINT";
  }

  @Override
  public String origin(String table) {
    return "postgres://" + postgres.host() + ":" + postgres.port() + "/" + postgres.database() + "/public." + table;
  }

  @Override
  public Connection connection() throws SQLException {
    return postgres.connection();
  }

  /** Connector config capturing {@code public.<table>} as the superuser, JSON without schemas. */
  @Override
  public Map<String, String> config(String table) {
    Map<String, String> config = new HashMap<>();
    config.put("connector.class", CONNECTOR_CLASS);
    config.put("tasks.max", "1");
    config.put("database.hostname", postgres.host());
    config.put("database.port", Integer.toString(postgres.port()));
    config.put("database.user", postgres.user());
    config.put("database.password", postgres.password());
    config.put("database.dbname", postgres.database());
    config.put("table.include.list", "public." + table);
    config.put("key.converter", JSON);
    config.put("key.converter.schemas.enable", "false");
    config.put("value.converter", JSON);
    config.put("value.converter.schemas.enable", "false");
    config.put("topic.creation.default.replication.factor", "1");
    config.put("topic.creation.default.partitions", "1");
    return config;
  }

  /** Runs statements in one transaction; returns the transaction id. */
  long inTransaction(String... statements) throws SQLException {
    try (Connection connection = postgres.connection()) {
      connection.setAutoCommit(false);
      long txId;
      try (Statement statement = connection.createStatement()) {
        for (String sql : statements) {
          statement.execute(sql);
        }
        try (ResultSet rs = statement.executeQuery("SELECT txid_current()")) {
          rs.next();
          txId = rs.getLong(1);
        }
      }
      connection.commit();
      return txId;
    }
  }

  /** Runs each statement in its own transaction (auto-commit). */
  @Override
  public void execute(String... statements) throws SQLException {
    try (Connection connection = postgres.connection(); Statement statement = connection.createStatement()) {
      for (String sql : statements) {
        statement.execute(sql);
      }
    }
  }

  String queryString(String sql) throws SQLException {
    try (Connection connection = postgres.connection();
        Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery(sql)) {
      return rs.next() ? rs.getString(1) : null;
    }
  }

  @Override
  public void killDatabase() {
    postgres.kill();
  }

  @Override
  public void restartDatabase() {
    postgres.restart();
  }

  @Override
  public String databaseAddress() {
    return postgres.host() + ":" + postgres.port();
  }

  /** Deletes the connector, then drops its replication slot and publication once the slot is released. */
  @Override
  public void deleteConnector(ConnectCluster cluster, String connector) throws SQLException {
    cluster.delete(connector);
    String slot = "sf_" + connector.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
    await("slot " + slot + " released").atMost(Timeouts.defaultWait()).until(
        () -> !"t".equals(queryString("SELECT active FROM pg_replication_slots WHERE slot_name = '" + slot + "'")));
    execute("SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name = '" + slot + "'",
        "DROP PUBLICATION IF EXISTS " + slot);
  }
}
