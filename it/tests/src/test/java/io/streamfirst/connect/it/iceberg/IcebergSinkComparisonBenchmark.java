// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.it.iceberg;

import io.streamfirst.connect.it.harness.ConnectCluster;
import io.streamfirst.connect.it.harness.UniqueNames;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.awaitility.Awaitility;

/**
 * Append throughput of the Streamfirst Iceberg sink beside Apache Iceberg's own Kafka Connect sink
 * ({@code org.apache.iceberg:iceberg-kafka-connect} 1.12.0) in one Connect cluster, on the same topic and
 * the same local Hadoop warehouse: time from deploying a connector until its table's snapshots hold every
 * record. Not a test: run it by hand from the repository root after the plugins are packaged, e.g.
 *
 * <pre>
 * mvn -B -o -q -pl it/tests -am test-compile dependency:build-classpath \
 *   -Dmdep.outputFile=/tmp/it-tests.cp -Dmdep.includeScope=test
 * java -Xmx2g -cp it/tests/target/test-classes:$(cat /tmp/it-tests.cp) \
 *   -Dstreamfirst.plugins.dir=$PWD/packaging/target/plugins -Dbench.records=200000 \
 *   io.streamfirst.connect.it.iceberg.IcebergSinkComparisonBenchmark
 * </pre>
 *
 * The Apache sink's plugin directory is its two jars (copied by this module's build into
 * {@code target/comparison-plugins}) plus the same Iceberg, Parquet and Hadoop jars as ours.
 */
public final class IcebergSinkComparisonBenchmark {

  private static final String STREAMFIRST = "io.streamfirst.connect.iceberg.IcebergSinkConnector";
  private static final String APACHE = "org.apache.iceberg.connect.IcebergSinkConnector";

  private IcebergSinkComparisonBenchmark() {}

  public static void main(String[] args) throws Exception {
    int records = Integer.getInteger("bench.records", 200_000);
    int rounds = Integer.getInteger("bench.rounds", 2);
    Path pluginsRoot = Path.of(System.getProperty("streamfirst.plugins.dir", "packaging/target/plugins"));
    Path comparisonRoot = apachePluginRoot(pluginsRoot.resolve("iceberg-sink"));
    List<String> lines = new ArrayList<>();
    try (ConnectCluster cluster = ConnectCluster.builder().workers(1).pluginsDir(pluginsRoot)
        .extraPluginRoot(comparisonRoot).start()) {
      String topic = UniqueNames.of("bench-orders");
      cluster.createTopic(topic, 4);
      produce(cluster, topic, records);
      for (int round = 1; round <= rounds; round++) {
        List<String> order = round % 2 == 1 ? List.of(APACHE, STREAMFIRST) : List.of(STREAMFIRST, APACHE);
        for (String contender : order) {
          double perSecond = run(cluster, topic, contender, records);
          String line = String.format("| %s | %d | %.0f |", contender.equals(APACHE)
              ? "Apache Iceberg sink 1.12.0"
              : "Streamfirst Iceberg sink", round, perSecond);
          System.out.println(line);
          lines.add(line);
        }
      }
    }
    System.out.printf("%nrecords=%d%n| contender | round | records/s |%n|---|---|---|%n", records);
    lines.forEach(System.out::println);
  }

  /** A plugin root with one directory: the Apache sink's jars plus the Iceberg/Hadoop jars our plugin ships. */
  private static Path apachePluginRoot(Path ours) throws IOException {
    Path root = Path.of("it/tests/target/comparison-plugins").toAbsolutePath();
    Path dir = root.resolve("apache-iceberg-sink");
    try (Stream<Path> jars = Files.list(ours)) {
      for (Path jar : jars.filter(p -> !p.getFileName().toString().startsWith("streamfirst-")).toList()) {
        Files.copy(jar, dir.resolve(jar.getFileName()), StandardCopyOption.REPLACE_EXISTING);
      }
    }
    return root;
  }

  private static void produce(ConnectCluster cluster, String topic, int records) {
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
    props.put(ProducerConfig.LINGER_MS_CONFIG, "20");
    props.put(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(256 * 1024));
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props, new ByteArraySerializer(),
        new ByteArraySerializer())) {
      for (long id = 1; id <= records; id++) {
        byte[] value = Changes.plain(id, "customer-" + (id % 5000), (int) (id % 100)).getBytes(StandardCharsets.UTF_8);
        producer.send(new ProducerRecord<>(topic, (int) (id % 4), null, value));
      }
      producer.flush();
    }
  }

  private static double run(ConnectCluster cluster, String topic, String contender, int records) throws Exception {
    Warehouse warehouse = new Warehouse(Warehouse.Kind.HADOOP);
    String connector = UniqueNames.of(contender.equals(APACHE) ? "apache" : "sf");
    String tableName = connector.replace('-', '_');
    Map<String, String> config = new HashMap<>(warehouse.connectorConfig());
    config.put("connector.class", contender);
    config.put("tasks.max", "2");
    config.put("topics", topic);
    config.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
    config.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
    config.put("consumer.override.auto.offset.reset", "earliest");
    if (contender.equals(APACHE)) {
      String control = UniqueNames.of("control");
      cluster.createTopic(control, 1);
      config.put("iceberg.tables", "bench." + tableName);
      config.put("iceberg.tables.auto-create-enabled", "true");
      config.put("iceberg.control.topic", control);
      config.put("iceberg.control.commit.interval-ms", "1000");
      // Its coordinator talks to Kafka with its own clients, configured under iceberg.kafka.*.
      config.put("iceberg.kafka.bootstrap.servers", cluster.bootstrapServers());
    } else {
      config.put("iceberg.table.map", topic + ":bench." + tableName);
      config.put("iceberg.commit.interval.ms", "1000");
    }
    long start = System.nanoTime();
    cluster.deploy(connector, config);
    Awaitility.await(contender + " commits every record").atMost(Duration.ofMinutes(10))
        .pollInterval(Duration.ofMillis(200)).until(() -> committedRecords(warehouse, tableName) >= records);
    double seconds = (System.nanoTime() - start) / 1e9;
    cluster.delete(connector);
    long committed = committedRecords(warehouse, tableName);
    if (committed != records) {
      throw new IllegalStateException(contender + " committed " + committed + " records, expected " + records);
    }
    return records / seconds;
  }

  private static long committedRecords(Warehouse warehouse, String tableName) throws java.io.IOException {
    Table table = warehouse.table("bench", tableName);
    Snapshot snapshot = table == null ? null : table.currentSnapshot();
    return snapshot == null ? 0 : Long.parseLong(snapshot.summary().getOrDefault("total-records", "0"));
  }
}
