package io.streamfirst.connect.it.cdc;

import io.streamfirst.connect.it.fixtures.MariaDbFixture;
import io.streamfirst.connect.it.harness.ConnectClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Restarts of the connector and its task and the loss of the worker running it (the task moves to
 * the other worker in the rebalance), while changes are committed to MariaDB: afterwards the topic
 * holds every committed change at least once and, after dropping repeats of a binlog position,
 * exactly the database's change history.
 */
class MySqlCdcRestartIT {

  @RegisterExtension
  static final MariaDbFixture MARIADB = new MariaDbFixture();

  @RegisterExtension
  static final ConnectClusterExtension CONNECT = new ConnectClusterExtension(b -> b.workers(2));

  @Test
  void everyCommittedChangeSurvivesRestartsAndTheLossOfAWorker() throws Exception {
    RestartScenario scenario = new RestartScenario(CONNECT.cluster(), new MySqlCdc(MARIADB, CONNECT.cluster()),
        "my-restart");

    scenario.assertHistoryAfterDeduplication(scenario.run());
  }
}
