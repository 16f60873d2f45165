// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.cdc.common;

/**
 * The "how to recover" sentences that the CDC sources of every server kind share. What is particular
 * to one server kind (its privileges, its files) is filled in by that server kind's classifier.
 */
public final class RecoveryAdvice {

  /** Ends the message of a failure that fails the task at once. */
  public static final String NOT_RETRIED = " This is not retried.";

  /** For a database that a check at validation could not reach. */
  public static final String CHECK_ADDRESS = "Check database.hostname, database.port and the network path.";

  private RecoveryAdvice() {}

  /** For a login refused while the task runs; {@code alsoCheck} names what else to check on this server kind. */
  public static String checkCredentials(String alsoCheck) {
    return "Check database.user and database.password (" + alsoCheck + "), then update the connector config.";
  }

  /** For a privilege revoked while the task runs; {@code which} names it, or where the message names it. */
  public static String grantPrivilege(String user, String which) {
    return "Grant the missing privilege to user '" + user + "' (" + which + "), then restart the task.";
  }

  /** For a position to resume from that is gone: how to start over with a new snapshot. */
  public static String startOver(String connector) {
    return "To start over with a new snapshot: stop the connector (PUT /connectors/" + connector + "/stop), delete"
        + " its offsets (DELETE /connectors/" + connector + "/offsets) and resume it; or set"
        + " snapshot.mode=when_needed.";
  }

  /** For a database that stayed unreachable for longer than {@value CdcOptions#DATABASE_UNAVAILABLE_MAX_MS} allows. */
  public static String reachDatabase() {
    return "Check that the database is up and reachable from the Connect workers (database.hostname, database.port,"
        + " network path), then restart the task; raise " + CdcOptions.DATABASE_UNAVAILABLE_MAX_MS
        + " to ride out longer outages.";
  }
}
