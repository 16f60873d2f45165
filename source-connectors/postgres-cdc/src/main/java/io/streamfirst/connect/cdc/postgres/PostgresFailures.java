package io.streamfirst.connect.cdc.postgres;

import io.streamfirst.connect.cdc.common.Diagnosis;
import io.streamfirst.connect.cdc.common.FailureCauses;
import io.streamfirst.connect.cdc.common.FailureClassifier;
import io.streamfirst.connect.cdc.common.FailureKind;
import io.streamfirst.connect.cdc.common.PreflightReport;
import io.streamfirst.connect.cdc.common.RecoveryAdvice;
import io.streamfirst.connect.cdc.common.ServerError;
import io.streamfirst.connect.cdc.postgres.preflight.PostgresPreflight;
import io.streamfirst.connect.cdc.postgres.preflight.PostgresPreflight.Settings;
import java.sql.SQLException;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.connect.errors.ConnectException;

/**
 * The failure classifier of PostgreSQL: what its SQLStates mean for the user, and what to do about them,
 * for the running task ({@link #explain}) and for the preflight's connection ({@link #reportConnectionFailure}).
 */
public final class PostgresFailures extends FailureClassifier {

  public static final PostgresFailures INSTANCE = new PostgresFailures();

  /** invalid_password. */
  static final String INVALID_PASSWORD = "28P01";
  /** Class 28, invalid authorization specification: the role may not log in (pg_hba.conf, no LOGIN, unknown). */
  static final String AUTHORIZATION_CLASS = "28";
  /** insufficient_privilege. */
  static final String INSUFFICIENT_PRIVILEGE = "42501";
  /** invalid_catalog_name: the database does not exist. */
  static final String INVALID_CATALOG_NAME = "3D000";

  /** What a task fails for at once when its delegate cannot start: the slot lost its position. */
  public static final Set<FailureKind> AT_START = EnumSet.of(FailureKind.POSITION_LOST);
  /**
   * What a task fails for at once when its delegate fails while capturing (or a probe fails): Debezium
   * would retry these forever.
   */
  public static final Set<FailureKind> WHILE_CAPTURING = EnumSet.of(FailureKind.BAD_CREDENTIALS,
      FailureKind.LOGIN_REFUSED, FailureKind.MISSING_PRIVILEGE, FailureKind.MISSING_DATABASE);

  private PostgresFailures() {}

  /** Any SQL error (PostgreSQL reports no error numbers, only SQLStates). */
  @Override
  protected ServerError serverError(Throwable cause) {
    return cause instanceof SQLException sql ? ServerError.of(sql) : null;
  }

  @Override
  protected FailureKind kindOf(ServerError error) {
    String state = error.sqlState();
    if (INVALID_PASSWORD.equals(state)) {
      return FailureKind.BAD_CREDENTIALS;
    }
    if (state.startsWith(AUTHORIZATION_CLASS)) {
      return FailureKind.LOGIN_REFUSED;
    }
    if (INSUFFICIENT_PRIVILEGE.equals(state)) {
      return FailureKind.MISSING_PRIVILEGE;
    }
    return INVALID_CATALOG_NAME.equals(state) ? FailureKind.MISSING_DATABASE : FailureKind.OTHER;
  }

  /** Debezium's words that the slot lost the position, in the failure's own message. */
  @Override
  protected boolean reportsLostPosition(Throwable failure, ServerError serverError) {
    return String.valueOf(failure.getMessage()).contains(FailureCauses.POSITION_GONE);
  }

  @Override
  protected RuntimeException permanentFailure(RuntimeException failure, Diagnosis diagnosis,
      Map<String, String> props) {
    if (diagnosis.kind() == FailureKind.POSITION_LOST) {
      String connector = props.getOrDefault("name", "<name>");
      return new ConnectException("Connector " + connector + " cannot resume: replication slot '"
          + props.get("slot.name") + "' in database '" + props.get("database.dbname") + "' no longer holds the"
          + " position the connector stopped at (the slot was dropped or recreated, or its WAL was removed), so"
          + " the changes since then cannot be read and are not skipped silently. "
          + RecoveryAdvice.startOver(connector), failure);
    }
    String fix = switch (diagnosis.kind()) {
      case BAD_CREDENTIALS, LOGIN_REFUSED -> RecoveryAdvice.checkCredentials("and pg_hba.conf");
      case MISSING_PRIVILEGE -> RecoveryAdvice.grantPrivilege(props.get("database.user"), "see the message");
      case MISSING_DATABASE -> "Check database.dbname.";
      default -> throw new IllegalArgumentException("not a permanent failure: " + diagnosis.kind());
    };
    String where = props.get("database.hostname") + ":" + props.getOrDefault("database.port", "5432") + "/"
        + props.get("database.dbname");
    return new ConnectException("Connector " + props.get("name") + " cannot read from PostgreSQL at " + where + ": "
        + PreflightReport.redact(diagnosis.error().message(), props.get("database.password")) + ". " + fix
        + RecoveryAdvice.NOT_RETRIED, failure);
  }

  /** Adds to {@code report} what a failed connection attempt with {@code settings} means: the key to change and how. */
  public void reportConnectionFailure(SQLException e, Settings settings, PreflightReport report) {
    String state = e.getSQLState() == null ? "" : e.getSQLState();
    String detail = PreflightReport.redact(e.getMessage(), settings.password());
    String where = settings.host() + ":" + settings.port();
    switch (connectionKind(e)) {
      case BAD_CREDENTIALS -> report.error(PostgresPreflight.PASSWORD, "Password authentication failed for user '"
          + settings.user() + "' at " + where + ": check database.user and database.password.");
      case LOGIN_REFUSED -> report.error(PostgresPreflight.USER, "PostgreSQL at " + where + " refused user '"
          + settings.user() + "': " + detail
          + " Check that the role exists, may log in, and that pg_hba.conf admits it from the Connect workers.");
      case MISSING_DATABASE -> report.error(PostgresPreflight.DBNAME, "Database '" + settings.database()
          + "' does not exist at " + where + ".");
      case UNREACHABLE -> report.error(PostgresPreflight.HOSTNAME, "Cannot reach PostgreSQL at " + where
          + " from the Connect worker: " + detail + " " + RecoveryAdvice.CHECK_ADDRESS);
      default -> report.error(PostgresPreflight.HOSTNAME, "Cannot connect to PostgreSQL at " + where + " (SQLState "
          + state + "): " + detail);
    }
  }
}
