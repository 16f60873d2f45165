// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.it.cdc;

import io.streamfirst.connect.it.harness.ConnectCluster;
import io.streamfirst.connect.it.harness.UniqueNames;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;

/** What the shared CDC scenarios need of one database and its Streamfirst connector. */
interface CdcSource {

  /** A unique table name that both databases accept unquoted (no dashes). */
  static String tableName(String prefix) {
    return UniqueNames.of(prefix).replace('-', '_');
  }

  /** A unique table name that the database accepts unquoted. */
  default String newTableName(String prefix) {
    return tableName(prefix);
  }

  /** A connector config capturing only {@code table}, JSON keys and values without schemas. */
  Map<String, String> config(String table);

  /** The topic the connector named {@code connector} writes {@code table}'s changes to. */
  String topic(String connector, String table);

  /** Statements that create {@code table} with {@code columns} (in parentheses) and full before-images. */
  String[] createTable(String table, String columns);

  /** Statements that create {@code table (id INT PRIMARY KEY, version INT NOT NULL)} with full before-images. */
  default String[] createLedgerTable(String table) {
    return createTable(table, "(id INT PRIMARY KEY, version INT NOT NULL)");
  }

  /** The statement that widens {@code table}'s NOT NULL {@code column} from INT to BIGINT. */
  String widenToBigint(String table, String column);

  /** {@code sf.origin} of the rows of {@code table}. */
  String origin(String table);

  /** Runs each statement in its own transaction. */
  void execute(String... statements) throws SQLException;

  /** A new connection to the captured database. */
  Connection connection() throws SQLException;

  /** Deletes the connector and whatever it left in the database. */
  void deleteConnector(ConnectCluster cluster, String connector) throws SQLException;

  /** Crashes the database server (SIGKILL), keeping its data directory and port. */
  void killDatabase();

  /** Starts the killed database server again on the same data directory and port (crash recovery). */
  void restartDatabase();

  /** {@code host:port} of the database server, as messages name it. */
  String databaseAddress();
}
