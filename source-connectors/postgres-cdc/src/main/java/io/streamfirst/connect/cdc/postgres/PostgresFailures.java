// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.cdc.postgres;

import io.streamfirst.connect.cdc.common.ConnectionKeys;
import io.streamfirst.connect.cdc.common.Diagnosis;
import io.streamfirst.connect.cdc.common.FailureCauses;
import io.streamfirst.connect.cdc.common.FailureClassifier;
import io.streamfirst.connect.cdc.common.FailureKind;
import io.streamfirst.connect.cdc.common.PreflightReport;
import io.streamfirst.connect.cdc.common.RecoveryAdvice;
import io.streamfirst.connect.cdc.common.ServerError;
import java.sql.SQLException;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.connect.errors.ConnectException;

/**
 * The failure classifier of PostgreSQL: what its SQLStates mean for the user, and what to do about them,
 * for the running task ({@link #explain}) and for the preflight's connection ({@link #connectionKind}).
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
      case MISSING_PRIVILEGE -> RecoveryAdvice.grantPrivilege(props.get(ConnectionKeys.USER), "see the message");
      case MISSING_DATABASE -> "Check database.dbname.";
      default -> throw new IllegalArgumentException("not a permanent failure: " + diagnosis.kind());
    };
    String where = props.get(ConnectionKeys.HOSTNAME) + ":" + props.getOrDefault(ConnectionKeys.PORT, "5432") + "/"
        + props.get("database.dbname");
    return new ConnectException("Connector " + props.get("name") + " cannot read from PostgreSQL at " + where + ": "
        + PreflightReport.redact(diagnosis.error().message(), props.get(ConnectionKeys.PASSWORD)) + ". " + fix
        + RecoveryAdvice.NOT_RETRIED, failure);
  }
}
