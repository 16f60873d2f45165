// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.it.cdc;

import io.streamfirst.connect.it.fixtures.MariaDbFixture;
import io.streamfirst.connect.it.harness.ConnectCluster;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;

/** Test helpers for the MySQL/MariaDB CDC source: connector configs and SQL against the MariaDB fixture. */
final class MySqlCdc implements CdcSource {

  static final String CONNECTOR_CLASS = "io.streamfirst.connect.cdc.mysql.MySqlCdcSourceConnector";

  private final MariaDbFixture mariaDb;
  private final ConnectCluster cluster;

  MySqlCdc(MariaDbFixture mariaDb, ConnectCluster cluster) {
    this.mariaDb = mariaDb;
    this.cluster = cluster;
  }

  /** Connector config capturing {@code streamfirst.<table>} as the fixture's user, JSON without schemas. */
  @Override
  public Map<String, String> config(String table) {
    Map<String, String> config = new HashMap<>();
    config.put("connector.class", CONNECTOR_CLASS);
    config.put("tasks.max", "1");
    config.put("database.hostname", mariaDb.host());
    config.put("database.port", Integer.toString(mariaDb.port()));
    config.put("database.user", mariaDb.user());
    config.put("database.password", mariaDb.password());
    config.put("database.include.list", mariaDb.database());
    config.put("table.include.list", mariaDb.database() + "." + table);
    config.put("schema.history.internal.kafka.bootstrap.servers", cluster.bootstrapServers());
    config.put("key.converter", PostgresCdc.JSON);
    config.put("key.converter.schemas.enable", "false");
    config.put("value.converter", PostgresCdc.JSON);
    config.put("value.converter.schemas.enable", "false");
    config.put("topic.creation.default.replication.factor", "1");
    config.put("topic.creation.default.partitions", "1");
    return config;
  }

  @Override
  public String topic(String connector, String table) {
    return connector + "." + mariaDb.database() + "." + table;
  }

  @Override
  public String origin(String table) {
    return "mysql://" + mariaDb.host() + ":" + mariaDb.port() + "/" + mariaDb.database() + "." + table;
  }

  @Override
  public String[] createTable(String table, String columns) {
    return new String[]{"CREATE TABLE " + table + " " + columns};
  }

  @Override
  public String widenToBigint(String table, String column) {
    return "ALTER TABLE " + table + " MODIFY COLUMN " + column + " BIGINT NOT NULL";
  }

  @Override
  public void execute(String... statements) throws SQLException {
    try (Connection connection = mariaDb.connection(); Statement statement = connection.createStatement()) {
      for (String sql : statements) {
        statement.execute(sql);
      }
    }
  }

  /** Runs statements in one transaction; returns its GTID as MariaDB reports it. */
  String inTransaction(String... statements) throws SQLException {
    try (Connection connection = mariaDb.connection()) {
      connection.setAutoCommit(false);
      try (Statement statement = connection.createStatement()) {
        for (String sql : statements) {
          statement.execute(sql);
        }
        connection.commit();
        try (ResultSet rs = statement.executeQuery("SELECT @@last_gtid")) {
          rs.next();
          return rs.getString(1);
        }
      }
    }
  }

  String queryString(String sql) throws SQLException {
    try (Connection connection = mariaDb.connection();
        Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery(sql)) {
      return rs.next() ? rs.getString(1) : null;
    }
  }

  @Override
  public Connection connection() throws SQLException {
    return mariaDb.connection();
  }

  @Override
  public void killDatabase() {
    mariaDb.kill();
  }

  @Override
  public void restartDatabase() {
    mariaDb.restart();
  }

  @Override
  public String databaseAddress() {
    return mariaDb.host() + ":" + mariaDb.port();
  }

  /** Nothing is left in the server: a binlog client holds no server-side state once it disconnects. */
  @Override
  public void deleteConnector(ConnectCluster cluster, String connector) {
    cluster.delete(connector);
  }
}
