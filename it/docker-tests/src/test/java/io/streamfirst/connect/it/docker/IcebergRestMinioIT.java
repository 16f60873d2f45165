// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.it.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streamfirst.connect.it.harness.ConnectCluster;
import io.streamfirst.connect.it.harness.ConnectorStatus;
import io.streamfirst.connect.it.harness.TestRecord;
import io.streamfirst.connect.it.harness.UniqueNames;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.rest.RESTCatalog;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.Container;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;

/**
 * The packaged Iceberg sink in upsert mode through the Iceberg REST catalog image docker-compose.yml pins, with the
 * table data in MinIO (S3FileIO, path-style): the images, the catalog's environment and the sink's S3 settings are
 * those of the compose stack, only the addresses are the containers' mapped ports. The table, read back through the
 * same catalog with Iceberg's generic reader, must equal the changes applied. Runs with -Pdocker only.
 */
class IcebergRestMinioIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration WAIT = Duration.ofSeconds(120);

  private static Network network;
  private static GenericContainer<?> minio;
  private static GenericContainer<?> catalog;
  private static ConnectCluster cluster;
  private static Map<String, String> s3Settings;

  @BeforeAll
  static void start() throws Exception {
    ComposeFile compose = ComposeFile.load();
    network = Network.newNetwork();
    Map<String, String> minioEnv = environment(compose, "minio");
    minio = new GenericContainer<>(DockerImageName.parse(compose.image("minio"))).withNetwork(network)
        .withNetworkAliases("minio").withEnv(minioEnv).withCommand("server", "/data").withExposedPorts(9000)
        .waitingFor(Wait.forHttp("/minio/health/ready").forPort(9000).withStartupTimeout(Duration.ofMinutes(2)));
    minio.start();
    // What the stack's minio-init does.
    Container.ExecResult bucket = minio.execInContainer("sh", "-c", "mc alias set local http://localhost:9000 "
        + minioEnv.get("MINIO_ROOT_USER") + " " + minioEnv.get("MINIO_ROOT_PASSWORD") + " && mc mb local/warehouse");
    assertThat(bucket.getExitCode()).as("mc mb: %s", bucket.getStderr()).isZero();

    catalog = new GenericContainer<>(DockerImageName.parse(compose.image("iceberg-rest"))).withNetwork(network)
        .withNetworkAliases("iceberg-rest").withEnv(environment(compose, "iceberg-rest")).withExposedPorts(8181)
        .waitingFor(Wait.forHttp("/v1/config").forPort(8181).withStartupTimeout(Duration.ofMinutes(2)));
    catalog.start();

    // The compose body's catalog settings, pointed at the mapped ports.
    Map<String, String> body = ComposeFileTest.read(ComposeFile.DIR.resolve("connectors/shop-iceberg.json"));
    s3Settings = new HashMap<>();
    body.forEach((key, value) -> {
      if (key.startsWith("iceberg.catalog.")) {
        s3Settings.put(key, value);
      }
    });
    s3Settings.put("iceberg.catalog.uri", "http://" + catalog.getHost() + ":" + catalog.getMappedPort(8181));
    s3Settings.put("iceberg.catalog.s3.endpoint", "http://" + minio.getHost() + ":" + minio.getMappedPort(9000));

    cluster = ConnectCluster.builder().workers(1).start();
  }

  @AfterAll
  static void stop() {
    if (cluster != null) {
      cluster.close();
    }
    for (GenericContainer<?> container : new GenericContainer<?>[]{catalog, minio}) {
      if (container != null) {
        container.stop();
      }
    }
    if (network != null) {
      network.close();
    }
  }

  @Test
  void upsertsInsertsUpdatesAndDeletesIntoATableOnMinioThroughTheRestCatalog() throws Exception {
    String topic = UniqueNames.of("orders");
    String table = topic.replace('-', '_');
    cluster.createTopic(topic, 1);
    Map<Integer, String> expected = new TreeMap<>();
    for (int id = 1; id <= 20; id++) {
      change(topic, id, "new", "c");
      expected.put(id, "new");
    }
    for (int id = 2; id <= 20; id += 3) {
      change(topic, id, "paid", "u");
      expected.put(id, "paid");
    }
    for (int id = 5; id <= 20; id += 5) {
      change(topic, id, expected.get(id), "d");
      cluster.produce(TestRecord.to(topic).key(key(id)).value((byte[]) null));
      expected.remove(id);
    }

    String connector = UniqueNames.of("iceberg-minio");
    Map<String, String> config = new HashMap<>(s3Settings);
    config.put("connector.class", "io.streamfirst.connect.iceberg.IcebergSinkConnector");
    config.put("tasks.max", "1");
    config.put("topics", topic);
    config.put("iceberg.mode", "upsert");
    config.put("iceberg.table.map", topic + ":shop." + table);
    config.put("iceberg.commit.interval.ms", "1000");
    config.put("key.converter", "org.apache.kafka.connect.json.JsonConverter");
    config.put("key.converter.schemas.enable", "true");
    config.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
    config.put("value.converter.schemas.enable", "true");
    config.put("consumer.override.auto.offset.reset", "earliest");
    cluster.deploy(connector, config);
    cluster.awaitRunning(connector, 1);

    try (RESTCatalog reader = new RESTCatalog()) {
      Map<String, String> properties = new HashMap<>();
      s3Settings.forEach((key, value) -> properties.put(key.substring("iceberg.catalog.".length()), value));
      properties.remove("type");
      reader.initialize("check", properties);
      TableIdentifier identifier = TableIdentifier.of(Namespace.of("shop"), table);
      await().atMost(WAIT).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
        ConnectorStatus status = cluster.status(connector);
        assertThat(status.hasFailure()).as("connector %s failed:%n%s", connector, status.failureTraces()).isFalse();
        assertThat(reader.tableExists(identifier)).as("table %s exists", identifier).isTrue();
        assertThat(rows(reader.loadTable(identifier))).isEqualTo(expected);
      });
      assertThat(reader.loadTable(identifier).location()).startsWith("s3://warehouse/");
    }
  }

  private static Map<Integer, String> rows(Table table) throws Exception {
    Map<Integer, String> rows = new TreeMap<>();
    try (CloseableIterable<Record> records = IcebergGenerics.read(table).build()) {
      for (Record record : records) {
        rows.put((Integer) record.getField("id"), (String) record.getField("status"));
      }
    }
    return rows;
  }

  /** A flattened change of an orders table (the CDC sources' flat format). */
  private static void change(String topic, int id, String status, String op) throws Exception {
    ObjectNode value = JSON.createObjectNode();
    value.set("schema", JSON.readTree("""
        {"type": "struct", "name": "Order", "optional": false, "fields": [
          {"field": "id", "type": "int32", "optional": false},
          {"field": "status", "type": "string", "optional": false},
          {"field": "__op", "type": "string", "optional": false},
          {"field": "__source_ts_ms", "type": "int64", "optional": true},
          {"field": "__deleted", "type": "string", "optional": false}]}"""));
    value.set("payload", JSON.createObjectNode().put("id", id).put("status", status).put("__op", op)
        .put("__source_ts_ms", System.currentTimeMillis()).put("__deleted", Boolean.toString("d".equals(op))));
    cluster.produce(TestRecord.to(topic).key(key(id)).json(JSON.writeValueAsString(value)));
  }

  private static String key(int id) {
    return "{\"schema\": {\"type\": \"struct\", \"optional\": false, \"fields\": [{\"field\": \"id\", \"type\": \"int32\","
        + " \"optional\": false}]}, \"payload\": {\"id\": " + id + "}}";
  }

  /** A service's environment in docker-compose.yml. */
  private static Map<String, String> environment(ComposeFile compose, String service) {
    Map<String, String> env = new HashMap<>();
    compose.service(service).path("environment").properties()
        .forEach(entry -> env.put(entry.getKey(), ComposeFile.resolve(entry.getValue().asText())));
    return env;
  }
}
