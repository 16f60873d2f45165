// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.cdc.common;

/**
 * What a failure of a CDC source means for its user. Each server kind has one classifier that maps its
 * error codes to these kinds ({@code PostgresFailures}, {@code MySqlFailures}); what is unreachable is
 * decided for every server kind by {@link FailureCauses#unreachableCause}.
 */
public enum FailureKind {
  /** The database cannot be reached right now (down, restarting, network): transient, retried. */
  UNREACHABLE,
  /** The login was refused for the password (or the user name) given. */
  BAD_CREDENTIALS,
  /** The account may not log in from here: host or role not admitted, no access to the database. */
  LOGIN_REFUSED,
  /** A privilege the connector needs is missing. */
  MISSING_PRIVILEGE,
  /** The configured database does not exist. */
  MISSING_DATABASE,
  /** The position the connector resumes from is gone: replication slot dropped, binlog purged. */
  POSITION_LOST,
  /** Anything else: thrown as it is. */
  OTHER;

  /** Whether the login itself failed ({@link #BAD_CREDENTIALS} or {@link #LOGIN_REFUSED}). */
  public boolean login() {
    return this == BAD_CREDENTIALS || this == LOGIN_REFUSED;
  }
}
