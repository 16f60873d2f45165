// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.it.iceberg;

import static io.streamfirst.connect.it.iceberg.IcebergSinkIT.byId;
import static io.streamfirst.connect.it.iceberg.IcebergSinkIT.sinkConfig;
import static io.streamfirst.connect.it.iceberg.IcebergSinkIT.table;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.streamfirst.connect.it.fixtures.PostgresFixture;
import io.streamfirst.connect.it.harness.ConnectCluster;
import io.streamfirst.connect.it.harness.ConnectClusterExtension;
import io.streamfirst.connect.it.harness.ConnectorStatus;
import io.streamfirst.connect.it.harness.ExternalWorker;
import io.streamfirst.connect.it.harness.Timeouts;
import io.streamfirst.connect.it.harness.UniqueNames;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A worker running one of the sink's tasks dies by SIGKILL while records stream in and its task
 * commits and compacts every second: no stop, no offset flush, no leave-group. Its task moves to the
 * surviving worker, which resumes from the table's offsets; the table then holds every record exactly
 * once (append mode, where a replayed record would be a second row).
 */
class IcebergWorkerKillIT {

  @RegisterExtension
  static final PostgresFixture POSTGRES = new PostgresFixture();

  @RegisterExtension
  static final ConnectClusterExtension CONNECT = new ConnectClusterExtension(b -> b.workers(1)
      .workerProperty("offset.flush.interval.ms", "1000")
      // a killed worker's sink consumer leaves its group after this, not after the default 45 s
      .workerProperty("consumer.session.timeout.ms", "10000")
      .workerProperty("consumer.heartbeat.interval.ms", "1000"));

  private static void produceRange(ConnectCluster cluster, String topic, int from, int to, Map<Long, String> expected) {
    IcebergExactlyOnceIT.produceRange(cluster, topic, 4, from, to, expected);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"append", "upsert-position"})
  void aWorkerKilledMidStreamLosesAndDuplicatesNothing(String mode) throws Exception {
    ConnectCluster cluster = CONNECT.cluster();
    Warehouse warehouse = new Warehouse(Warehouse.Kind.JDBC_POSTGRES, POSTGRES);
    String topic = UniqueNames.of("killed");
    String connector = UniqueNames.of("lake-killed");
    cluster.createTopic(topic, 4);
    try (ExternalWorker external = cluster.startExternalWorker(
        Path.of("target", "external-workers", UniqueNames.of("worker")).toAbsolutePath())) {
      Map<String, String> config = sinkConfig(topic, warehouse, mode);
      config.put("tasks.max", "2");
      config.put("iceberg.compaction.small.files.threshold", "3"); // compactions run too when the kill lands
      cluster.deploy(connector, config);
      await("a task of " + connector + " on the external worker " + external.id())
          .atMost(Timeouts.defaultWait()).untilAsserted(() -> {
            ConnectorStatus status = cluster.awaitRunning(connector, 2);
            assertThat(status.task(0).workerId() + " " + status.task(1).workerId()).contains(external.id());
          });

      Map<Long, String> expected = new TreeMap<>();
      produceRange(cluster, topic, 1, 2000, expected);
      await("first batch in the table").atMost(Timeouts.defaultWait())
          .untilAsserted(() -> assertThat(warehouse.rows("lake", table(topic))).hasSize(2000));

      produceRange(cluster, topic, 2001, 8000, expected);
      await("second batch streaming in").atMost(Timeouts.defaultWait())
          .until(() -> warehouse.rows("lake", table(topic)).size() > 2000);
      external.kill();

      cluster.awaitRunningWithout(connector, 2, external.id());
      produceRange(cluster, topic, 8001, 9000, expected);
      await("table holds every record once").atMost(Timeouts.defaultWait())
          .untilAsserted(() -> assertThat(byId(warehouse.rows("lake", table(topic)))).isEqualTo(expected));
    }
  }
}
