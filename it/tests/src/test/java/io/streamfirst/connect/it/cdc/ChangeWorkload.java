// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.it.cdc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;

/**
 * Writes a reproducible mix of inserts, updates and deletes (one to three per transaction) into a
 * table {@code (id INT PRIMARY KEY, version INT NOT NULL)} and keeps the log of what was committed:
 * the change history that the topic must reproduce.
 */
final class ChangeWorkload {

  /** One committed row change; {@code version} is the row's version after it (before it, for deletes). */
  record Change(int id, String op, int version) {
  }

  private final String table;
  private final Supplier<Connection> connections;
  private final Random random = new Random(20261125L);
  private final Map<Integer, Integer> live = new LinkedHashMap<>();
  private final List<Change> committed = new ArrayList<>();
  private Map<Integer, Integer> seeded = Map.of();
  private int nextId = 1;

  ChangeWorkload(String table, Supplier<Connection> connections) {
    this.table = table;
    this.connections = connections;
  }

  /** Inserts {@code rows} rows before the connector starts (they arrive as snapshot reads). */
  void seed(int rows) throws SQLException {
    try (Connection connection = connections.get();
        PreparedStatement insert = connection.prepareStatement("INSERT INTO " + table + " VALUES (?, 0)")) {
      for (int i = 0; i < rows; i++) {
        int id = nextId++;
        insert.setInt(1, id);
        insert.executeUpdate();
        live.put(id, 0);
      }
    }
    seeded = Map.copyOf(live);
  }

  /**
   * As {@link #seed}, for large tables: {@code rows} rows in one transaction, a thousand per INSERT
   * statement.
   */
  void seedInBulk(int rows) throws SQLException {
    try (Connection connection = connections.get(); Statement statement = connection.createStatement()) {
      connection.setAutoCommit(false);
      int left = rows;
      while (left > 0) {
        int now = Math.min(left, 1000);
        StringBuilder insert = new StringBuilder("INSERT INTO ").append(table).append(" VALUES ");
        for (int i = 0; i < now; i++) {
          int id = nextId++;
          insert.append(i == 0 ? "" : ", ").append('(').append(id).append(", 0)");
          live.put(id, 0);
        }
        statement.executeUpdate(insert.toString());
        left -= now;
      }
      connection.commit();
    }
    seeded = Map.copyOf(live);
  }

  /** The ids and versions seeded before capture started. */
  Map<Integer, Integer> seeded() {
    return seeded;
  }

  /** Commits {@code transactions} transactions of one to three changes each and logs them. */
  void run(int transactions) throws SQLException {
    try (Connection connection = connections.get()) {
      connection.setAutoCommit(false);
      for (int t = 0; t < transactions; t++) {
        List<Change> pending = new ArrayList<>();
        Map<Integer, Integer> after = new LinkedHashMap<>(live);
        int changes = 1 + random.nextInt(3);
        for (int c = 0; c < changes; c++) {
          pending.add(nextChange(connection, after));
        }
        connection.commit();
        live.clear();
        live.putAll(after);
        committed.addAll(pending);
      }
    }
  }

  private Change nextChange(Connection connection, Map<Integer, Integer> rows) throws SQLException {
    int roll = random.nextInt(10);
    if (rows.isEmpty() || roll < 3) {
      int id = nextId++;
      execute(connection, "INSERT INTO " + table + " VALUES (?, 0)", id);
      rows.put(id, 0);
      return new Change(id, "c", 0);
    }
    List<Integer> ids = new ArrayList<>(rows.keySet());
    int id = ids.get(random.nextInt(ids.size()));
    if (roll < 8) {
      int version = rows.get(id) + 1;
      execute(connection, "UPDATE " + table + " SET version = version + 1 WHERE id = ?", id);
      rows.put(id, version);
      return new Change(id, "u", version);
    }
    execute(connection, "DELETE FROM " + table + " WHERE id = ?", id);
    return new Change(id, "d", rows.remove(id));
  }

  private static void execute(Connection connection, String sql, int id) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setInt(1, id);
      statement.executeUpdate();
    }
  }

  /** Every change committed so far, in commit order. */
  List<Change> committed() {
    return List.copyOf(committed);
  }

  /** The committed changes grouped by row id, each in commit order. */
  Map<Integer, List<Change>> committedById() {
    Map<Integer, List<Change>> byId = new LinkedHashMap<>();
    committed.forEach(change -> byId.computeIfAbsent(change.id(), k -> new ArrayList<>()).add(change));
    return byId;
  }
}
