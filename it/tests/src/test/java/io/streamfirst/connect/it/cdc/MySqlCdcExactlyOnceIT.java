// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.it.cdc;

import io.streamfirst.connect.it.fixtures.MariaDbFixture;
import io.streamfirst.connect.it.harness.ConnectClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The restart scenario of {@link MySqlCdcRestartIT} on workers with Kafka's exactly-once source
 * support: records and source offsets commit in one Kafka transaction, so a read_committed consumer
 * sees every committed change exactly once, with no duplicate at all.
 */
class MySqlCdcExactlyOnceIT {

  @RegisterExtension
  static final MariaDbFixture MARIADB = new MariaDbFixture();

  @RegisterExtension
  static final ConnectClusterExtension CONNECT = new ConnectClusterExtension(b -> b
      .workers(2)
      .workerProperty("exactly.once.source.support", "enabled"));

  @Test
  void everyCommittedChangeArrivesExactlyOnceThroughRestartsAndTheLossOfAWorker() throws Exception {
    RestartScenario scenario = new RestartScenario(CONNECT.cluster(), new MySqlCdc(MARIADB, CONNECT.cluster()),
        "my-eos")
        .with("exactly.once.support", "required");

    scenario.assertHistoryWithoutDuplicates(scenario.run());
  }
}
