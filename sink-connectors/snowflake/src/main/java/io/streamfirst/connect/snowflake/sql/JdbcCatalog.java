// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.snowflake.sql;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.RetriableException;

/**
 * {@link TableCatalog} over one JDBC connection, opened on first use and reopened after a failure.
 * Statements carry only quoted identifiers and type names, never values.
 */
public final class JdbcCatalog implements TableCatalog {

  /** Opens a connection. */
  public interface Connector {
    Connection connect() throws SQLException;
  }

  private final Connector connector;
  private final Dialect dialect;
  private final String where;
  private Connection connection;

  public JdbcCatalog(Connector connector, Dialect dialect, String where) {
    this.connector = connector;
    this.dialect = dialect;
    this.where = where;
  }

  @Override
  public List<Column> describe(TableRef table) {
    try (Statement statement = connection().createStatement();
        ResultSet rows = statement.executeQuery(dialect.describe(table))) {
      ResultSetMetaData meta = rows.getMetaData();
      List<Column> columns = new ArrayList<>(meta.getColumnCount());
      for (int i = 1; i <= meta.getColumnCount(); i++) {
        columns.add(new Column(meta.getColumnName(i),
            dialect.typeOf(meta.getColumnTypeName(i), meta.getPrecision(i), meta.getScale(i)),
            meta.isNullable(i) != ResultSetMetaData.columnNoNulls));
      }
      return columns;
    } catch (SQLException e) {
      if (dialect.missingTable(e.getSQLState())) {
        return null;
      }
      throw failed("Reading the columns of table " + table, e);
    }
  }

  @Override
  public void create(TableRef table, List<Column> columns) {
    execute(dialect.createTable(table, columns), "Creating table " + table);
  }

  @Override
  public void addColumn(TableRef table, Column column) {
    execute(dialect.addColumn(table, column), "Adding column " + column.name() + " to table " + table);
  }

  @Override
  public void widenColumn(TableRef table, String column, ColumnType from, ColumnType to) {
    String sql = dialect.widenColumn(table, column, from, to);
    if (sql != null) {
      execute(sql, "Widening column " + column + " of table " + table);
    }
  }

  @Override
  public void dropNotNull(TableRef table, String column) {
    execute(dialect.dropNotNull(table, column), "Making column " + column + " of table " + table + " nullable");
  }

  private void execute(String sql, String what) {
    try (Statement statement = connection().createStatement()) {
      statement.execute(sql);
    } catch (SQLException e) {
      throw failed(what, e);
    }
    // JDBC drivers may cache column metadata per connection (the PostgreSQL driver caches nullability):
    // the next describe after a change reads through a new connection
    close();
  }

  private Connection connection() throws SQLException {
    if (connection == null || connection.isClosed()) {
      connection = connector.connect();
      connection.setAutoCommit(true);
    }
    return connection;
  }

  private RuntimeException failed(String what, SQLException e) {
    close();
    String message = what + " at " + where + " failed (SQLState " + e.getSQLState() + ", code " + e.getErrorCode()
        + "): " + e.getMessage();
    String state = e.getSQLState();
    if (state != null && (state.startsWith("08") || state.startsWith("57"))) {
      return new RetriableException(message, e);
    }
    return new ConnectException(message + ". Check that the role may create and alter tables in the schema", e);
  }

  @Override
  public void close() {
    if (connection != null) {
      try {
        connection.close();
      } catch (SQLException e) {
        // the connection is gone either way
      }
      connection = null;
    }
  }
}
