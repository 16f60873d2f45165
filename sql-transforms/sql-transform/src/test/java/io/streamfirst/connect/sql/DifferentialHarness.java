// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.sql;

import io.streamfirst.connect.it.fixtures.PostgresFixture;
import io.streamfirst.connect.sql.DifferentialOutcome.Crash;
import io.streamfirst.connect.sql.DifferentialOutcome.Dropped;
import io.streamfirst.connect.sql.DifferentialOutcome.Error;
import io.streamfirst.connect.sql.DifferentialOutcome.Kept;
import io.streamfirst.connect.sql.DifferentialOutcome.Rejected;
import io.streamfirst.connect.sql.DifferentialRows.Row;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * Evaluates one statement over the rows of {@link DifferentialRows} twice: in a real PostgreSQL 17
 * (a database with the builtin {@code C.UTF-8} locale, time zone UTC) and with {@link SqlTransform}
 * (over Connect structs or schemaless maps), each reduced to a {@link DifferentialOutcome} per row.
 * Shared by {@link PostgresDifferentialIT} and {@link PostgresFuzzIT}.
 */
final class DifferentialHarness implements AutoCloseable {

  /**
   * What SqlTransform may report as a per-record error: the kinds of {@code EvaluationErrors}
   * that stand for a data error PostgreSQL also raises. Anything else thrown by generated code
   * (a NullPointerException, a ClassCastException, ...) is a defect, never a data error.
   */
  private static final Pattern DATA_ERRORS = Pattern.compile(".*: (division by zero|numeric value out of range"
      + " \\(overflow\\)|arithmetic error|invalid input syntax for a number in a CAST or numeric function|invalid"
      + " input for a CAST or function \\((IllegalArgumentException|NumberFormatException|DateTimeException"
      + "|DateTimeParseException|ArithmeticException)\\)|invalid argument for a function) in query \\[.*",
      Pattern.DOTALL);

  private final Connection connection;
  private final DifferentialRows rows;

  private DifferentialHarness(Connection connection, DifferentialRows rows) {
    this.connection = connection;
    this.rows = rows;
  }

  /**
   * Creates database {@code database} in {@code postgres} (builtin {@code C.UTF-8} locale), loads
   * {@code rows} into its table {@code t} and defines the helper that finds the rows a statement
   * fails for.
   */
  static DifferentialHarness create(PostgresFixture postgres, String database, DifferentialRows rows)
      throws SQLException {
    try (Connection admin = postgres.connection(); Statement statement = admin.createStatement()) {
      statement.execute("CREATE DATABASE " + database + " TEMPLATE template0 ENCODING 'UTF8'"
          + " LOCALE_PROVIDER builtin BUILTIN_LOCALE 'C.UTF-8' LOCALE 'C.UTF-8'");
    }
    Connection connection = postgres.connection(database);
    try (Statement statement = connection.createStatement()) {
      statement.execute("SET TimeZone = 'UTC'");
      statement.execute("SET DateStyle = 'ISO'");
      // a statement PostgreSQL cannot finish in time is not compared (cancelled: not a data error)
      statement.execute("SET statement_timeout = '30s'");
      // One round trip finds every row a statement fails for: each row in a sub-transaction of its own.
      statement.execute("CREATE FUNCTION row_errors(statement text) RETURNS TABLE(row_id bigint, state text,"
          + " message text) LANGUAGE plpgsql AS $$ DECLARE r bigint; BEGIN"
          + " FOR r IN SELECT id FROM t ORDER BY id LOOP BEGIN EXECUTE statement USING r;"
          + " EXCEPTION WHEN OTHERS THEN row_id := r; state := SQLSTATE; message := SQLERRM; RETURN NEXT; END;"
          + " END LOOP; END $$");
    }
    rows.load(connection);
    return new DifferentialHarness(connection, rows);
  }

  DifferentialRows rows() {
    return rows;
  }

  Connection connection() {
    return connection;
  }

  @Override
  public void close() throws SQLException {
    connection.close();
  }

  // ---------------------------------------------------------------- PostgreSQL

  /**
   * PostgreSQL's outcome of {@code sql} (a {@code SELECT ... FROM t [WHERE ...]}) per row id: the
   * whole table in one query; when it raises a data error, the rows it fails for are found in one
   * more round trip and the others evaluated together.
   */
  Map<Long, DifferentialOutcome> postgres(String sql) throws SQLException {
    Map<Long, DifferentialOutcome> outcomes = new LinkedHashMap<>();
    for (Row row : rows.rows()) {
      outcomes.put(row.id(), new Dropped());
    }
    try {
      outcomes.putAll(run(withRowId(sql, "t") + " ORDER BY \"__row\""));
      return outcomes;
    } catch (SQLException e) {
      if (!isDataError(e)) {
        rows.rows().forEach(row -> outcomes.put(row.id(), new Rejected(e.getMessage())));
        return outcomes;
      }
    }
    String single = withRowId(sql, "(SELECT * FROM t WHERE id = $1 OFFSET 0) AS t");
    StringBuilder failing = new StringBuilder();
    try (var find = connection.prepareStatement("SELECT row_id, state, message FROM row_errors(?)")) {
      find.setString(1, single);
      try (ResultSet rs = find.executeQuery()) {
        while (rs.next()) {
          long id = rs.getLong(1);
          String state = rs.getString(2);
          String message = "ERROR: " + rs.getString(3);
          outcomes.put(id, isDataError(state) ? new Error(message) : new Rejected(message));
          failing.append(failing.length() == 0 ? "" : ",").append(id);
        }
      }
    }
    String others = failing.length() == 0
        ? "t"
        : "(SELECT * FROM t WHERE id <> ALL ('{" + failing + "}'::bigint[]) OFFSET 0) AS t";
    try {
      outcomes.putAll(run(withRowId(sql, others) + " ORDER BY \"__row\""));
    } catch (SQLException e) {
      if (!isDataError(e)) {
        throw e;
      }
      // A constant expression that fails fails the statement whatever the rows are
      outcomes.replaceAll((id, outcome) -> outcome instanceof Dropped ? new Error(e.getMessage()) : outcome);
    }
    return outcomes;
  }

  /** Appends the row id as a last column and substitutes the FROM item. */
  private static String withRowId(String sql, String from) {
    int at = sql.endsWith(" FROM t") ? sql.length() - " FROM t".length() : sql.lastIndexOf(" FROM t WHERE ");
    return sql.substring(0, at) + ", id AS \"__row\" FROM " + from + sql.substring(at + " FROM t".length());
  }

  private Map<Long, DifferentialOutcome> run(String sql) throws SQLException {
    Map<Long, DifferentialOutcome> kept = new LinkedHashMap<>();
    try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
      int count = rs.getMetaData().getColumnCount() - 1;
      while (rs.next()) {
        long id = rs.getLong(count + 1);
        kept.put(id, DifferentialOutcome.postgresRow(rs, count));
      }
    }
    return kept;
  }

  /** SQLSTATE class 22 (data exception: division by zero, out of range, invalid input) or 54 (too large). */
  static boolean isDataError(SQLException e) {
    return isDataError(e.getSQLState());
  }

  private static boolean isDataError(String state) {
    return state != null && (state.startsWith("22") || state.startsWith("54"));
  }

  // ---------------------------------------------------------------- SqlTransform

  /**
   * A SqlTransform configured with {@code sql}, or the {@link Rejected} outcome (ConfigException) or
   * {@link Crash} (anything else) that configuring it ends with.
   */
  static Object configure(String sql) {
    SqlTransform<SinkRecord> transform = new SqlTransform<>();
    try {
      transform.configure(Map.of("query", sql, "lineage.enabled", "false"));
      return transform;
    } catch (ConfigException e) {
      // A statement whose constant expression fails is rejected, as PostgreSQL rejects it: for every row an error
      return e.getMessage() != null && e.getMessage().contains("a constant expression fails")
          ? new Error("configuration: " + e.getMessage())
          : new Rejected("configuration: " + e.getMessage());
    } catch (RuntimeException | LinkageError | AssertionError e) {
      return new Crash("configure failed: " + describe(e));
    }
  }

  /**
   * What {@code transform} does with {@code row}: kept (the result columns), dropped, a data error
   * (a DataException of a kind PostgreSQL also raises), rejected at planning (the statement does not
   * fit the record's types), or a crash (anything else: generated code that does not compile or
   * throws an unexpected exception).
   */
  static DifferentialOutcome sqlTransform(SqlTransform<SinkRecord> transform, Row row, boolean schemaless,
      DifferentialOutcome expected) {
    SinkRecord in = schemaless
        ? new SinkRecord("t", 0, null, null, null, row.map(), row.id())
        : new SinkRecord("t", 0, null, null, DifferentialRows.SCHEMA, row.struct(), row.id());
    SinkRecord out;
    try {
      out = transform.apply(in);
    } catch (DataException e) {
      String message = String.valueOf(e.getMessage());
      if (message.contains("could not be compiled")) {
        return new Crash(message);
      }
      if (message.startsWith("SQL evaluation failed") || message.contains("a constant expression fails")) {
        // A failing constant expression rejects every record, as PostgreSQL fails the statement: a runtime error.
        return DATA_ERRORS.matcher(message).matches() || message.contains("a constant expression fails")
            ? new Error(message)
            : new Crash(message);
      }
      return new Rejected(message);
    } catch (RuntimeException | LinkageError | AssertionError e) {
      return new Crash("SqlTransform failed: " + describe(e));
    }
    if (out == null) {
      return new Dropped();
    }
    if (schemaless) {
      @SuppressWarnings("unchecked")
      Map<String, Object> map = (Map<String, Object>) out.value();
      return DifferentialOutcome.mapRow(map, expected instanceof Kept kept ? kept : null);
    }
    return DifferentialOutcome.structRow((Struct) out.value());
  }

  private static String describe(Throwable e) {
    return e + (e.getCause() == null ? "" : " caused by " + e.getCause());
  }
}
