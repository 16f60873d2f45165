// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.it.cdc;

import com.fasterxml.jackson.databind.JsonNode;
import io.streamfirst.connect.it.fixtures.PostgresFixture;
import io.streamfirst.connect.it.harness.ConnectCluster;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.awaitility.Awaitility;

/**
 * Throughput, commit-to-Kafka latency, CPU time and allocation of the Streamfirst PostgreSQL CDC source
 * against plain Debezium {@code PostgresConnector} (loaded from the same plugin directory) in the same
 * cluster, same database and same options ({@link CdcBenchmark}); latency is the Kafka append time
 * minus {@code source.ts_ms}. Not a test: run it by hand (see the module README), e.g.
 *
 * <pre>
 * mvn -B -o -q -pl it/tests test-compile exec:java -Dexec.classpathScope=test \
 *   -Dexec.mainClass=io.streamfirst.connect.it.cdc.PostgresCdcBenchmark \
 *   -Dstreamfirst.plugins.dir=$PWD/packaging/target/plugins -Dbench.rows=1000000 -Dbench.updates=200000
 * </pre>
 */
public final class PostgresCdcBenchmark implements CdcBenchmark.Database {

  private static final String DEBEZIUM = "io.debezium.connector.postgresql.PostgresConnector";

  private final PostgresCdc cdc;

  private PostgresCdcBenchmark(PostgresCdc cdc) {
    this.cdc = cdc;
  }

  public static void main(String[] args) throws Exception {
    try (PostgresFixture postgres = new PostgresFixture()) {
      postgres.start();
      try (ConnectCluster cluster = ConnectCluster.builder().workers(1).start()) {
        CdcBenchmark.runAll(cluster, new PostgresCdcBenchmark(new PostgresCdc(postgres)), "bench");
      }
    }
  }

  @Override
  public String debeziumClass() {
    return DEBEZIUM;
  }

  @Override
  public String streamfirstClass() {
    return PostgresCdc.CONNECTOR_CLASS;
  }

  @Override
  public void createAndSeed(String table, int rows) throws Exception {
    cdc.execute("CREATE TABLE " + table + " (id INT PRIMARY KEY, v INT NOT NULL, pad TEXT NOT NULL)",
        "INSERT INTO " + table + " SELECT g, 0, repeat('p', 100) FROM generate_series(1, " + rows + ") g",
        "VACUUM ANALYZE " + table);
  }

  @Override
  public Map<String, String> config(String table, String connector, String contender) {
    Map<String, String> config = new HashMap<>(cdc.config(table));
    config.put("connector.class", contender);
    // The Streamfirst defaults, given explicitly to plain Debezium so both do the same work.
    config.put("plugin.name", "pgoutput");
    config.put("publication.autocreate.mode", "filtered");
    config.put("topic.prefix", connector);
    config.put("slot.name", slot(connector));
    config.put("publication.name", slot(connector));
    config.put("heartbeat.interval.ms", "10000");
    return config;
  }

  @Override
  public String topic(String connector, String table) {
    return cdc.topic(connector, table);
  }

  /** The stopped connector's replication slot must be inactive before the catch-up updates are written. */
  @Override
  public void awaitReleased(String connector) {
    String slot = slot(connector);
    Awaitility.await("slot " + slot + " released").atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(100))
        .until(() -> !"t"
            .equals(cdc.queryString("SELECT active FROM pg_replication_slots WHERE slot_name = '" + slot + "'")));
  }

  @Override
  public void execute(String... sql) throws Exception {
    cdc.execute(sql);
  }

  @Override
  public String liveUpdate(String table, int id) {
    return "UPDATE " + table + " SET v = v + 1 WHERE id = " + id;
  }

  @Override
  public long commitTimeMs(JsonNode value) {
    return value.path("source").path("ts_ms").asLong();
  }

  @Override
  public void cleanUp(ConnectCluster cluster, String connector, String table) throws Exception {
    cdc.deleteConnector(cluster, connector);
    cdc.execute("DROP TABLE " + table);
  }

  private static String slot(String connector) {
    return "sf_" + connector.replace('-', '_');
  }
}
