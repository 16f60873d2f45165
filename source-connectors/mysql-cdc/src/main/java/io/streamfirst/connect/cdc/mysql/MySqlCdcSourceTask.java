package io.streamfirst.connect.cdc.mysql;

import io.debezium.connector.mariadb.MariaDbConnectorTask;
import io.debezium.connector.mysql.MySqlConnectorTask;
import io.streamfirst.connect.cdc.common.DelegatingChangeTask;
import io.streamfirst.connect.cdc.common.PreflightReport;
import io.streamfirst.connect.cdc.common.SourceInfoReader;
import io.streamfirst.connect.cdc.mysql.preflight.MySqlPreflight;
import io.streamfirst.connect.cdc.mysql.preflight.ServerConnections;
import io.streamfirst.connect.common.PluginVersion;
import com.github.shyiko.mysql.binlog.network.ServerException;
import io.debezium.connector.common.BaseSourceTask;
import io.debezium.connector.common.DebeziumTaskState;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.RetriableException;
import org.apache.kafka.connect.source.SourceTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs Debezium's MySQL or MariaDB task (by {@value MySqlCdcConfig#SERVER_FLAVOR}, detected from the
 * server when {@code auto}) and adds lineage headers (and the flat format) to what it emits.
 */
public final class MySqlCdcSourceTask extends DelegatingChangeTask {

  private static final Logger LOG = LoggerFactory.getLogger(MySqlCdcSourceTask.class);

  /** Access denied (1045), to a database (1044), host not admitted (1130): the login itself. */
  private static final Set<Integer> LOGIN_ERRORS = Set.of(1044, 1045, 1130);
  /** Missing privilege: global (1227), on a table (1142) or column (1143), REPLICATION SLAVE missing (1227/1045 on dump). */
  private static final Set<Integer> PRIVILEGE_ERRORS = Set.of(1142, 1143, 1227);
  /** The binlog position the connector resumes from is gone (ER_MASTER_FATAL_ERROR_READING_BINLOG). */
  private static final int BINLOG_GONE = 1236;

  @Override
  protected SourceTask newDelegate(Map<String, String> props) {
    ServerFlavor flavor = MySqlCdcConfig.flavor(props);
    ServerConnections.Target target = MySqlCdcSourceConnector.target(props);
    try {
      if (flavor == ServerFlavor.AUTO) {
        flavor = MySqlPreflight.detect(target);
      }
      checkStoredPositionIsAvailable(target, props);
    } catch (SQLException e) {
      String message = "Connector " + props.get("name") + " cannot start: "
          + ServerConnections.classify(e, target).message();
      if (isDatabaseUnreachable(e)) {
        // Retried until streamfirst.database.unavailable.max.ms has passed.
        throw new RetriableException(message, e);
      }
      throw new ConnectException(message);
    }
    LOG.info("Connector {} reads a {} server with Debezium's {} connector", props.get("name"),
        flavor.configName(), flavor == ServerFlavor.MARIADB ? "MariaDB" : "MySQL");
    return flavor == ServerFlavor.MARIADB ? new MariaDbConnectorTask() : new MySqlConnectorTask();
  }

  /**
   * Fails when the binlog file of the stored position is gone. Debezium checks this itself for MySQL,
   * but MariaDB resumes by GTID and, without {@code gtid_strict_mode}, silently continues after purged
   * binlogs, skipping the changes they held.
   */
  private void checkStoredPositionIsAvailable(ServerConnections.Target target, Map<String, String> props)
      throws SQLException {
    String prefix = props.get(MySqlCdcConfig.TOPIC_PREFIX);
    if (prefix == null || context == null || "when_needed".equalsIgnoreCase(props.get(MySqlCdcConfig.SNAPSHOT_MODE))) {
      return;
    }
    Map<String, Object> offset = context.offsetStorageReader().offset(Map.of("server", prefix));
    Object file = offset == null ? null : offset.get(MySqlSourceInfoReader.FILE);
    if (file == null || offset.containsKey(MySqlSourceInfoReader.SNAPSHOT)) {
      return; // nothing stored yet, or a snapshot that starts over anyway
    }
    if (!MySqlPreflight.hasBinlog(target, file.toString())) {
      throw new ConnectException(new ServerException("The stored position lies in binlog file " + file
          + ", which the server no longer has", BINLOG_GONE, "HY000"));
    }
  }

  @Override
  protected SourceInfoReader sourceInfoReader(Map<String, String> props) {
    return new MySqlSourceInfoReader(props.getOrDefault(ServerConnections.HOSTNAME, "localhost"),
        MySqlCdcSourceConnector.target(props).port());
  }

  @Override
  protected String databaseAddress(Map<String, String> props) {
    return MySqlCdcSourceConnector.target(props).where();
  }

  /** Debezium's task retries some start failures itself: it is capturing only once its state is RUNNING. */
  @Override
  protected boolean delegateRunning(SourceTask delegate) {
    return !(delegate instanceof BaseSourceTask<?, ?> debezium)
        || debezium.getTaskState() == DebeziumTaskState.RUNNING;
  }

  /**
   * One short connection to the server, as the connector's user. The binlog reader reconnects in the
   * background after losing its connection, without failing; this notices a server that stays away.
   */
  @Override
  protected void probeDatabase(Map<String, String> props) throws SQLException {
    try (Connection connection = ServerConnections.open(MySqlCdcSourceConnector.target(props))) {
      connection.isValid(10);
    }
  }

  @Override
  protected RuntimeException explainStartFailure(RuntimeException failure, Map<String, String> props) {
    RuntimeException explained = explain(failure, props);
    return explained != null ? explained : failure;
  }

  /**
   * Debezium retries every SQL and I/O failure, so a changed password or a revoked privilege would keep
   * the task RUNNING in an endless retry loop. Login and privilege errors, and a binlog position that
   * the server no longer has, fail the task instead, saying what to change; network errors stay
   * retriable (Debezium reconnects after {@code retriable.restart.connector.wait.ms}).
   */
  @Override
  protected RuntimeException explainPollFailure(RuntimeException failure, Map<String, String> props) {
    RuntimeException explained = explain(failure, props);
    return explained != null ? explained : failure;
  }

  private static RuntimeException explain(RuntimeException failure, Map<String, String> props) {
    ServerError error = serverError(failure);
    if (error == null && mentions(failure, "no longer available on the server")) {
      // Debezium's own check at start: the stored position lies in binlogs the server no longer has.
      error = new ServerError(BINLOG_GONE, "", String.valueOf(failure.getMessage()));
    }
    if (error == null) {
      return null;
    }
    String connector = props.getOrDefault("name", "<name>");
    String user = props.get(ServerConnections.USER);
    String where = props.get(ServerConnections.HOSTNAME) + ":" + props.getOrDefault(ServerConnections.PORT, "3306");
    String detail = PreflightReport.redact(error.message(), props.get(ServerConnections.PASSWORD));
    String fix;
    if (LOGIN_ERRORS.contains(error.code()) || error.sqlState().startsWith("28")) {
      fix = "Check database.user and database.password (and that user '" + user + "' may connect from the Connect"
          + " workers' host), then update the connector config.";
    } else if (PRIVILEGE_ERRORS.contains(error.code())) {
      fix = "Grant the missing privilege to user '" + user + "' (REPLICATION SLAVE, REPLICATION CLIENT or, on"
          + " MariaDB, BINLOG MONITOR, and SELECT on the captured tables), then restart the task.";
    } else if (error.code() == BINLOG_GONE) {
      fix = "The server no longer has the binlog position the connector stopped at (binlog files were purged"
          + " or the server was replaced), so the changes since then cannot be read and are not skipped"
          + " silently. To start over with a new snapshot: stop the connector (PUT /connectors/" + connector
          + "/stop), delete its offsets (DELETE /connectors/" + connector + "/offsets) and resume it; or set"
          + " snapshot.mode=when_needed. Keep binlogs longer (binlog_expire_logs_seconds) to avoid this.";
    } else {
      return null;
    }
    return new ConnectException("Connector " + connector + " cannot read from the database at " + where + ": "
        + detail + " " + fix + " This is not retried.", failure);
  }

  private static boolean mentions(Throwable failure, String text) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t.getMessage() != null && t.getMessage().contains(text)) {
        return true;
      }
    }
    return false;
  }

  /** A server error code, state and message found in a failure's causes. */
  private record ServerError(int code, String sqlState, String message) {}

  private static ServerError serverError(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof SQLException sql && sql.getErrorCode() != 0) {
        return new ServerError(sql.getErrorCode(), sql.getSQLState() == null ? "" : sql.getSQLState(),
            String.valueOf(sql.getMessage()));
      }
      if (t instanceof ServerException server) {
        return new ServerError(server.getErrorCode(), server.getSqlState() == null ? "" : server.getSqlState(),
            String.valueOf(server.getMessage()));
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return null;
  }

  @Override
  public String version() {
    return PluginVersion.of(MySqlCdcSourceTask.class);
  }
}
