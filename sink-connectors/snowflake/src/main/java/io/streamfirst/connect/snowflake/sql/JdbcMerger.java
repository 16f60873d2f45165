// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.snowflake.sql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.RetriableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link ChangeMerger} over one JDBC connection (opened on first use, dropped after a failure): the MERGE,
 * the MERGE of the deleted-keys table, the removal of expired deleted keys and the removal of the applied
 * change rows run in one transaction. Topic names and offsets are bound as
 * parameters; the statement text holds only quoted identifiers.
 */
public final class JdbcMerger implements ChangeMerger {

  private static final Logger LOG = LoggerFactory.getLogger(JdbcMerger.class);

  private final JdbcCatalog.Connector connector;
  private final Dialect dialect;
  private final String where;
  private Connection connection;

  public JdbcMerger(JdbcCatalog.Connector connector, Dialect dialect, String where) {
    this.connector = connector;
    this.dialect = dialect;
    this.where = where;
  }

  @Override
  public long merge(MergeSpec spec, List<ChangeBound> bounds) {
    try {
      Connection c = connection();
      try {
        long applied;
        try (PreparedStatement merge = c.prepareStatement(dialect.mergeChanges(spec, bounds.size()))) {
          bind(merge, bounds);
          applied = merge.executeUpdate();
        }
        try (PreparedStatement deleted = c.prepareStatement(dialect.mergeDeleted(spec, bounds.size()))) {
          int i = bind(deleted, bounds);
          deleted.setLong(++i, spec.nowMs());
          deleted.setLong(++i, spec.nowMs());
          deleted.executeUpdate();
        }
        if (spec.deletedBeforeMs() != MergeSpec.KEEP_DELETED) {
          try (PreparedStatement expire = c.prepareStatement(dialect.expireDeleted(spec.deleted()))) {
            expire.setLong(1, spec.deletedBeforeMs());
            expire.executeUpdate();
          }
        }
        try (PreparedStatement delete = c.prepareStatement(dialect.deleteChanges(spec.changes(), bounds.size()))) {
          bind(delete, bounds);
          delete.executeUpdate();
        }
        c.commit();
        return applied;
      } catch (SQLException e) {
        rollbackQuietly(c);
        throw e;
      }
    } catch (SQLException e) {
      throw failed("Applying the changes of " + spec.changes() + " to table " + spec.target(), e);
    }
  }

  @Override
  public List<String> keyColumns(TableRef changes, List<ChangeBound> bounds) {
    try {
      Connection c = connection();
      try (PreparedStatement select = c.prepareStatement(dialect.keyColumnsOf(changes, bounds.size()))) {
        bind(select, bounds);
        try (ResultSet rows = select.executeQuery()) {
          List<String> keys = rows.next() ? ChangeColumns.decodeKeys(rows.getString(1)) : null;
          c.commit();
          return keys;
        }
      } catch (SQLException e) {
        rollbackQuietly(c);
        throw e;
      }
    } catch (SQLException e) {
      throw failed("Reading the key columns of " + changes, e);
    }
  }

  /** Binds the bounds' parameters; returns the number bound. */
  private static int bind(PreparedStatement statement, List<ChangeBound> bounds) throws SQLException {
    int i = 0;
    for (ChangeBound bound : bounds) {
      statement.setString(++i, bound.topic());
      statement.setInt(++i, bound.partition());
      statement.setLong(++i, bound.offset());
    }
    return i;
  }

  private Connection connection() throws SQLException {
    if (connection == null || connection.isClosed()) {
      connection = connector.connect();
      connection.setAutoCommit(false);
    }
    return connection;
  }

  private static void rollbackQuietly(Connection c) {
    try {
      c.rollback();
    } catch (SQLException e) {
      LOG.debug("Rolling back after a failed MERGE failed too: {}", e.toString());
    }
  }

  private RuntimeException failed(String what, SQLException e) {
    close();
    String message = what + " at " + where + " failed (SQLState " + e.getSQLState() + ", code " + e.getErrorCode()
        + "): " + e.getMessage();
    String state = e.getSQLState();
    if (state == null || state.startsWith("08") || state.startsWith("57") || state.startsWith("40")) {
      return new RetriableException(message + "; the MERGE runs again (running it twice changes nothing)", e);
    }
    return new ConnectException(message + ". Check that the role may select, insert, update and delete in both"
        + " tables and that snowflake.warehouse names a warehouse it may use", e);
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
