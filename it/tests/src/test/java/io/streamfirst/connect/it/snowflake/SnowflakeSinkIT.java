// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.it.snowflake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.streamfirst.connect.it.harness.ConnectCluster;
import io.streamfirst.connect.it.harness.ConnectClusterExtension;
import io.streamfirst.connect.it.harness.TestRecord;
import io.streamfirst.connect.it.harness.Timeouts;
import io.streamfirst.connect.it.harness.UniqueNames;
import io.streamfirst.connect.snowflake.fake.FakeSnowflake;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The packaged Snowflake sink plugin in the embedded Connect cluster, writing through the in-process
 * Snowflake fake (commits land asynchronously, 200 ms after the append at the earliest): a task restarted
 * while rows are in flight, then the connector's other task restarted too, and the table still holds every
 * record exactly once. The fake is added to a copy of the packaged plugin directory, so it is loaded with
 * the plugin's own classes.
 */
class SnowflakeSinkIT {

  @RegisterExtension
  static final ConnectClusterExtension CONNECT = new ConnectClusterExtension(
      b -> b.workers(1).pluginsDir(FakeSnowflakePlugins.create("snowflake-plugins-with-fake")));

  static Map<String, String> config(String topic, Path snapshots) {
    Map<String, String> config = new HashMap<>();
    config.put("connector.class", "io.streamfirst.connect.snowflake.SnowflakeSinkConnector");
    config.put("tasks.max", "2");
    config.put("topics", topic);
    config.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
    config.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
    config.put("value.converter.schemas.enable", "false");
    config.put("snowflake.account.url", "https://acme-it.snowflakecomputing.com");
    config.put("snowflake.user", "CONNECT");
    config.put("snowflake.private.key", PRIVATE_KEY);
    config.put("snowflake.database", "DB");
    config.put("snowflake.schema", "PUBLIC");
    config.put("snowflake.commit.check.interval.ms", "100");
    config.put("snowflake.service.factory.class", FakeSnowflake.FACTORY);
    config.put(FakeSnowflake.INSTANCE_KEY, UniqueNames.of("account"));
    config.put(FakeSnowflake.DIR_KEY, snapshots.toString());
    config.put(FakeSnowflake.COMMIT_INTERVAL_KEY, "200");
    return config;
  }

  static final String PRIVATE_KEY = privateKey();

  private static String privateKey() {
    try {
      var generator = java.security.KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048);
      return java.util.Base64.getEncoder().encodeToString(generator.generateKeyPair().getPrivate().getEncoded());
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void produce(ConnectCluster cluster, String topic, int from, int to, Map<Long, String> expected) {
    for (long id = from; id <= to; id++) {
      cluster.produce(TestRecord.to(topic).partition((int) (id % 4)).key("k" + id)
          .jsonOf(Map.of("id", id, "name", "n" + id)));
      expected.put(id, "n" + id);
    }
  }

  /** id → name of the table's rows, failing on a duplicate. */
  static Map<Long, String> byId(List<Map<String, Object>> rows) {
    Map<Long, String> out = new TreeMap<>();
    for (Map<String, Object> row : rows) {
      long id = ((Number) row.get("ID")).longValue();
      assertThat(out.put(id, (String) row.get("NAME"))).as("ID %s written twice", id).isNull();
    }
    return out;
  }

  @Test
  void tasksRestartedWhileRowsAreInFlightLoseAndDoubleNothing() throws Exception {
    ConnectCluster cluster = CONNECT.cluster();
    String topic = UniqueNames.of("snow-orders");
    String connector = UniqueNames.of("snow");
    Path snapshots = Path.of("target", "snowflake-fake", connector).toAbsolutePath();
    cluster.createTopic(topic, 4);
    cluster.deploy(connector, config(topic, snapshots));
    cluster.awaitRunning(connector, 2);
    String table = topic.toUpperCase(java.util.Locale.ROOT);

    Map<Long, String> expected = new TreeMap<>();
    produce(cluster, topic, 1, 1500, expected);
    await("rows streaming in").atMost(Timeouts.defaultWait())
        .until(() -> FakeSnowflake.readSnapshot(snapshots, table).size() > 200);
    cluster.restartTask(connector, 0);
    produce(cluster, topic, 1501, 3000, expected);
    cluster.restartTask(connector, 1);
    cluster.awaitRunning(connector, 2);
    produce(cluster, topic, 3001, 3500, expected);

    await("table holds every record once").atMost(Timeouts.defaultWait())
        .untilAsserted(() -> assertThat(byId(FakeSnowflake.readSnapshot(snapshots, table))).isEqualTo(expected));
  }
}
