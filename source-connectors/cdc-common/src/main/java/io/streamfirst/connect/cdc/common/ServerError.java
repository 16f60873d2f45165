// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.cdc.common;

import java.sql.SQLException;

/**
 * An error the database server reported, as found among a failure's causes.
 *
 * @param code the server's error number (0 when it has none, as with PostgreSQL)
 * @param sqlState the SQLState ("" when there is none)
 * @param message the server's message as the driver gave it, possibly null (it may quote what the user
 *     typed: redact secrets before showing it)
 */
public record ServerError(int code, String sqlState, String message) {

  public ServerError {
    sqlState = sqlState == null ? "" : sqlState;
  }

  /** The error a JDBC exception carries. */
  public static ServerError of(SQLException e) {
    return new ServerError(e.getErrorCode(), e.getSQLState(), e.getMessage());
  }
}
