// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.cdc.mysql;

import com.github.shyiko.mysql.binlog.network.ServerException;
import io.streamfirst.connect.cdc.common.ConnectionKeys;
import io.streamfirst.connect.cdc.common.Diagnosis;
import io.streamfirst.connect.cdc.common.FailureCauses;
import io.streamfirst.connect.cdc.common.FailureClassifier;
import io.streamfirst.connect.cdc.common.FailureKind;
import io.streamfirst.connect.cdc.common.PreflightReport;
import io.streamfirst.connect.cdc.common.RecoveryAdvice;
import io.streamfirst.connect.cdc.common.ServerError;
import java.net.SocketTimeoutException;
import java.sql.SQLException;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.connect.errors.ConnectException;

/**
 * The failure classifier of MySQL and MariaDB: what their error codes mean for the user, and what to do
 * about them, for the running task ({@link #explain}) and for a connection of the preflight
 * ({@link #connectionKind}). Server errors come from the JDBC drivers and from the binlog client.
 */
public final class MySqlFailures extends FailureClassifier {

  public static final MySqlFailures INSTANCE = new MySqlFailures();

  /** Access denied (1045): wrong password or user. */
  static final int ACCESS_DENIED = 1045;
  /** Not admitted: no access to a database (1044), host not allowed to connect (1130). */
  private static final Set<Integer> NOT_ADMITTED = Set.of(1044, 1130);
  /** Missing privilege: global (1227, e.g. REPLICATION SLAVE for the binlog), on a table (1142), on a column (1143). */
  private static final Set<Integer> PRIVILEGE_ERRORS = Set.of(1142, 1143, 1227);
  /** On a statement: the user may not read the table (1142, 1143) or its database (1044). */
  private static final Set<Integer> TABLE_DENIED = Set.of(1044, 1142, 1143);
  /** The binlog position the connector resumes from is gone (ER_MASTER_FATAL_ERROR_READING_BINLOG). */
  public static final int BINLOG_GONE = 1236;

  /** What the running task fails for at once, at start and while capturing. */
  public static final Set<FailureKind> PERMANENT = EnumSet.of(FailureKind.BAD_CREDENTIALS, FailureKind.LOGIN_REFUSED,
      FailureKind.MISSING_PRIVILEGE, FailureKind.POSITION_LOST);

  private MySqlFailures() {}

  /** An SQL error with a server error number, or an error the binlog client received from the server. */
  @Override
  protected ServerError serverError(Throwable cause) {
    if (cause instanceof SQLException sql && sql.getErrorCode() != 0) {
      return ServerError.of(sql);
    }
    if (cause instanceof ServerException server) {
      return new ServerError(server.getErrorCode(), server.getSqlState(), server.getMessage());
    }
    return null;
  }

  @Override
  protected FailureKind kindOf(ServerError error) {
    int code = error.code();
    if (code == ACCESS_DENIED || error.sqlState().startsWith("28")) {
      return FailureKind.BAD_CREDENTIALS;
    }
    if (NOT_ADMITTED.contains(code)) {
      return FailureKind.LOGIN_REFUSED;
    }
    if (PRIVILEGE_ERRORS.contains(code)) {
      return FailureKind.MISSING_PRIVILEGE;
    }
    return code == BINLOG_GONE ? FailureKind.POSITION_LOST : FailureKind.OTHER;
  }

  /** Debezium's words anywhere in the causes, when the failure carries no server error at all. */
  @Override
  protected boolean reportsLostPosition(Throwable failure, ServerError serverError) {
    return serverError == null && super.reportsLostPosition(failure, null);
  }

  /** Besides refused connections and unknown hosts: a connection attempt that timed out. */
  @Override
  protected boolean connectionNotMade(SQLException failure) {
    return super.connectionNotMade(failure) || FailureCauses.causedBy(failure, SocketTimeoutException.class);
  }

  /**
   * Debezium retries every SQL and I/O failure, so a changed password or a revoked privilege would keep
   * the task RUNNING in an endless retry loop. Login and privilege errors, and a binlog position that the
   * server no longer has, fail the task instead, saying what to change; anything else is {@code failure}.
   */
  public RuntimeException explain(RuntimeException failure, Map<String, String> props) {
    return explain(failure, props, PERMANENT);
  }

  @Override
  protected RuntimeException permanentFailure(RuntimeException failure, Diagnosis diagnosis,
      Map<String, String> props) {
    String connector = props.getOrDefault("name", "<name>");
    String user = props.get(ConnectionKeys.USER);
    String where = props.get(ConnectionKeys.HOSTNAME) + ":" + props.getOrDefault(ConnectionKeys.PORT, "3306");
    String message = diagnosis.error() != null ? diagnosis.error().message() : failure.getMessage();
    String detail = PreflightReport.redact(String.valueOf(message), props.get(ConnectionKeys.PASSWORD));
    String fix = switch (diagnosis.kind()) {
      case BAD_CREDENTIALS, LOGIN_REFUSED -> RecoveryAdvice.checkCredentials("and that user '" + user
          + "' may connect from the Connect workers' host");
      case MISSING_PRIVILEGE -> RecoveryAdvice.grantPrivilege(user, "REPLICATION SLAVE, REPLICATION CLIENT or, on"
          + " MariaDB, BINLOG MONITOR, and SELECT on the captured tables");
      case POSITION_LOST -> "The server no longer has the binlog position the connector stopped at (binlog files"
          + " were purged or the server was replaced), so the changes since then cannot be read and are not skipped"
          + " silently. " + RecoveryAdvice.startOver(connector) + " Keep binlogs longer (binlog_expire_logs_seconds)"
          + " to avoid this.";
      default -> throw new IllegalArgumentException("not a permanent failure: " + diagnosis.kind());
    };
    return new ConnectException("Connector " + connector + " cannot read from the database at " + where + ": "
        + detail + " " + fix + RecoveryAdvice.NOT_RETRIED, failure);
  }

  /** Whether a statement on a table failed because the user may not read the table or its database. */
  public boolean deniesTable(SQLException e) {
    return TABLE_DENIED.contains(e.getErrorCode());
  }
}
