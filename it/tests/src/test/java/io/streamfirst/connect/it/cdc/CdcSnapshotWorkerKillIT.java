// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.it.cdc;

import io.streamfirst.connect.it.fixtures.MariaDbFixture;
import io.streamfirst.connect.it.fixtures.PostgresFixture;
import io.streamfirst.connect.it.harness.ConnectClusterExtension;
import io.streamfirst.connect.it.harness.UniqueNames;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A Connect worker killed with SIGKILL while its CDC task takes the initial snapshot
 * ({@link SnapshotWorkerKillScenario}), for each source: the task resumes on the surviving worker and
 * takes the snapshot again; every row is read, none with a wrong version, and every later change
 * arrives (exactly the history after dropping repeats of a source position).
 */
class CdcSnapshotWorkerKillIT {

  @RegisterExtension
  static final PostgresFixture POSTGRES = new PostgresFixture();

  @RegisterExtension
  static final MariaDbFixture MARIADB = new MariaDbFixture();

  @RegisterExtension
  static final ConnectClusterExtension CONNECT = new ConnectClusterExtension(b -> b.workers(1));

  @Test
  void postgresSnapshotInterruptedByAKilledWorkerStartsOverAndLosesNothing() throws Exception {
    new SnapshotWorkerKillScenario(CONNECT.cluster(), new PostgresCdc(POSTGRES), "pg-snapkill")
        .runAndAssert(externalWorkerDir());
  }

  @Test
  void mariaDbSnapshotInterruptedByAKilledWorkerStartsOverAndLosesNothing() throws Exception {
    new SnapshotWorkerKillScenario(CONNECT.cluster(), new MySqlCdc(MARIADB, CONNECT.cluster()), "my-snapkill")
        .runAndAssert(externalWorkerDir());
  }

  private static Path externalWorkerDir() {
    return Path.of("target", "external-workers", UniqueNames.of("worker")).toAbsolutePath();
  }
}
