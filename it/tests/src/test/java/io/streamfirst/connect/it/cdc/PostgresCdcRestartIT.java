// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.it.cdc;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamfirst.connect.it.fixtures.PostgresFixture;
import io.streamfirst.connect.it.harness.ConnectClusterExtension;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Restarts of the connector and its task, the loss of the worker running it, and crashes of the
 * PostgreSQL server (postmaster SIGKILLed, restarted on the same data directory and port), while
 * changes are committed: afterwards the topic holds every committed change at least once and, after
 * dropping repeats of a source position, exactly the database's change history. A task that starts
 * while the server is down keeps retrying and captures everything once it is back; one that cannot
 * reach the server for longer than {@code streamfirst.database.unavailable.max.ms} fails with a message
 * naming the server.
 */
class PostgresCdcRestartIT {

  @RegisterExtension
  static final PostgresFixture POSTGRES = new PostgresFixture();

  @RegisterExtension
  static final ConnectClusterExtension CONNECT = new ConnectClusterExtension(b -> b.workers(2));

  @Test
  void everyCommittedChangeSurvivesRestartsAndTheLossOfAWorker() throws Exception {
    RestartScenario scenario = new RestartScenario(CONNECT.cluster(), new PostgresCdc(POSTGRES), "pg-restart");

    scenario.assertHistoryAfterDeduplication(scenario.run());
  }

  @Test
  void everyCommittedChangeSurvivesDatabaseCrashesWithoutAnyRestartByHand() throws Exception {
    RestartScenario scenario = new RestartScenario(CONNECT.cluster(), new PostgresCdc(POSTGRES), "pg-crash");

    scenario.assertHistoryAfterDeduplication(scenario.runThroughDatabaseCrashes());
  }

  @Test
  void aTaskStartedWhileTheDatabaseIsDownRetriesAndCapturesEverythingOnceItIsBack() throws Exception {
    RestartScenario scenario = new RestartScenario(CONNECT.cluster(), new PostgresCdc(POSTGRES), "pg-down");

    scenario.assertHistoryAfterDeduplication(scenario.runWithTaskStartedDuringAnOutage(Duration.ofSeconds(6)));
  }

  @Test
  void aTaskStartedDuringAnOutageFailsNamingTheDatabaseOnceItStaysUnreachableLongerThanAllowed() throws Exception {
    assertFailsAfterTheWindow(new PostgresCdc(POSTGRES), "pg-gone-start", true);
  }

  @Test
  void aRunningTaskFailsNamingTheDatabaseOnceItStaysUnreachableLongerThanAllowed() throws Exception {
    assertFailsAfterTheWindow(new PostgresCdc(POSTGRES), "pg-gone-run", false);
  }

  private static void assertFailsAfterTheWindow(CdcSource cdc, String prefix, boolean restartTask) throws Exception {
    RestartScenario scenario = new RestartScenario(CONNECT.cluster(), cdc, prefix);

    RestartScenario.Failure failure = scenario.failureAfterAnOutageLongerThan(4_000, restartTask);

    assertThat(failure.after()).as("failed only after the allowed time").isGreaterThanOrEqualTo(Duration.ofSeconds(4));
    assertThat(failure.trace())
        .contains("Connector " + scenario.connector + " cannot reach the database at " + cdc.databaseAddress())
        .containsPattern("unreachable for \\d+ s")
        .contains("streamfirst.database.unavailable.max.ms=4000");
  }
}
