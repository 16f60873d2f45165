package io.streamfirst.connect.it.cdc;

import io.streamfirst.connect.it.fixtures.PostgresFixture;
import io.streamfirst.connect.it.harness.ConnectClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Restarts of the connector and its task and the loss of the worker running it, while changes are
 * committed: afterwards the topic holds every committed change at least once and, after dropping
 * repeats of a source position, exactly the database's change history.
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
}
