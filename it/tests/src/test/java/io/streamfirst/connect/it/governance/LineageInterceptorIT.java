// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.it.governance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.streamfirst.connect.it.cdc.PostgresCdc;
import io.streamfirst.connect.it.fixtures.PostgresFixture;
import io.streamfirst.connect.it.harness.ConnectCluster;
import io.streamfirst.connect.it.harness.ConnectClusterExtension;
import io.streamfirst.connect.it.harness.ConsumedRecord;
import io.streamfirst.connect.it.harness.TestRecord;
import io.streamfirst.connect.it.harness.Timeouts;
import io.streamfirst.connect.it.harness.UniqueNames;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The lineage interceptors on real Connect workers: the worker's {@code producer.interceptor.classes} and
 * {@code consumer.interceptor.classes} name them, and they load from the shaded worker jar
 * (streamfirst-governance-worker) on the worker's class path. The embedded workers share this JVM's
 * class path, on which the worker jar is the only copy of the interceptors (it/tests depends on the
 * packaging module's shaded artifact, not on the interceptor module), so the workers can only load them
 * from that jar; {@link #theInterceptorsLoadFromTheShadedWorkerJar()} checks it.
 */
class LineageInterceptorIT {

  private static final String CLUSTER_NAME = "it-lineage";
  private static final String STRING = "org.apache.kafka.connect.storage.StringConverter";
  private static final String TRACEPARENT = "00-[0-9a-f]{32}-[0-9a-f]{16}-01";

  @RegisterExtension
  static final PostgresFixture POSTGRES = new PostgresFixture();

  @RegisterExtension
  static final ConnectClusterExtension CONNECT = new ConnectClusterExtension(b -> b.workers(1)
      .workerProperty("producer.interceptor.classes", "io.streamfirst.connect.governance.LineageProducerInterceptor")
      .workerProperty("consumer.interceptor.classes", "io.streamfirst.connect.governance.LineageConsumerInterceptor")
      .workerProperty("producer.streamfirst.lineage.cluster.name", CLUSTER_NAME));

  @Test
  void theInterceptorsLoadFromTheShadedWorkerJar() throws Exception {
    Path producer = codeSource("io.streamfirst.connect.governance.LineageProducerInterceptor");
    Path consumer = codeSource("io.streamfirst.connect.governance.LineageConsumerInterceptor");
    Path common = codeSource("io.streamfirst.connect.governance.shaded.common.LineageHeaders");

    assertThat(producer.getFileName().toString()).matches("streamfirst-governance-worker-.+\\.jar");
    assertThat(consumer).isEqualTo(producer);
    assertThat(common).as("streamfirst-common, relocated inside the worker jar").isEqualTo(producer);
    assertThatThrownBy(() -> Class.forName("io.streamfirst.connect.governance.AddLineage"))
        .as("AddLineage is a plugin: plugin directory only").isInstanceOf(ClassNotFoundException.class);
  }

  @Test
  void aThirdPartySourcesRecordsCarryLineageAndASinkConsumptionIsRecorded(@TempDir Path dir) throws Exception {
    ConnectCluster cluster = CONNECT.cluster();
    String topic = UniqueNames.of("file-lines");
    String source = UniqueNames.of("file-source");
    String sink = UniqueNames.of("file-sink");
    Path in = dir.resolve("in.txt");
    Path out = dir.resolve("out.txt");
    List<String> lines = IntStream.rangeClosed(1, 20).mapToObj(i -> "line-" + i).toList();
    Files.write(in, lines, StandardCharsets.UTF_8);
    cluster.createTopic(topic, 2);

    cluster.deploy(source, Map.of("connector.class", "org.apache.kafka.connect.file.FileStreamSourceConnector",
        "tasks.max", "1", "topic", topic, "file", in.toString(), "key.converter", STRING, "value.converter", STRING));
    cluster.deploy(sink, Map.of("connector.class", "org.apache.kafka.connect.file.FileStreamSinkConnector",
        "tasks.max", "1", "topics", topic, "file", out.toString(), "key.converter", STRING, "value.converter",
        STRING));
    cluster.awaitRunning(source, 1);
    cluster.awaitRunning(sink, 1);

    List<ConsumedRecord> records = cluster.consume(topic, lines.size(), Timeouts.defaultWait());
    assertThat(records).extracting(ConsumedRecord::value).as("every line once, nothing else")
        .containsExactlyInAnyOrderElementsOf(lines);
    assertThat(records).allSatisfy(record -> {
      assertThat(record.headerValues("sf.origin")).containsExactly("kafka://" + CLUSTER_NAME + "/" + topic);
      assertThat(record.headerValues("sf.path")).containsExactly(source);
      assertThat(record.headerValues("sf.trace")).singleElement().asString().matches(TRACEPARENT);
    });
    assertThat(records.stream().map(r -> r.header("sf.trace")).collect(Collectors.toSet()))
        .as("one trace per record").hasSize(lines.size());
    await("the file sink to write every line").atMost(Timeouts.defaultWait())
        .untilAsserted(() -> assertThat(Files.readAllLines(out, StandardCharsets.UTF_8))
            .containsExactlyInAnyOrderElementsOf(lines));

    assertThat(connectorTotal(source, "RecordsStampedTotal")).isEqualTo(lines.size());
    assertThat(connectorTotal(source, "ErrorsTotal")).isZero();
    long expectedBytes = records.stream().mapToLong(r -> r.valueBytes().length).sum();
    await("the consumer interceptor to count what the sink consumed").atMost(Timeouts.defaultWait())
        .untilAsserted(() -> {
          List<ObjectName> partitions = consumed(sink, topic);
          assertThat(sum(partitions, "RecordsConsumedTotal")).isEqualTo(lines.size());
          assertThat(sum(partitions, "BytesConsumedTotal")).isEqualTo(expectedBytes);
          assertThat(sum(partitions, "RecordsWithoutOriginTotal")).isZero();
          assertThat(distinct(partitions, "Origins")).containsExactly("kafka://" + CLUSTER_NAME + "/" + topic);
          assertThat(distinct(partitions, "Paths")).containsExactly(source);
        });
    assertThat(sum(consumed(source, topic), "RecordsConsumedTotal")).as("a source consumes nothing").isZero();

    cluster.delete(source);
    cluster.delete(sink);
  }

  @Test
  void addLineageAndTheWorkerInterceptorEachAddTheirHop(@TempDir Path dir) throws Exception {
    ConnectCluster cluster = CONNECT.cluster();
    String topic = UniqueNames.of("smt-lines");
    String source = UniqueNames.of("smt-source");
    Path in = dir.resolve("in.txt");
    List<String> lines = List.of("a", "b", "c");
    Files.write(in, lines, StandardCharsets.UTF_8);
    cluster.createTopic(topic, 1);

    Map<String, String> config = new HashMap<>(Map.of("connector.class",
        "org.apache.kafka.connect.file.FileStreamSourceConnector", "tasks.max", "1", "topic", topic, "file",
        in.toString(), "key.converter", STRING, "value.converter", STRING));
    config.put("transforms", "lineage");
    config.put("transforms.lineage.type", "io.streamfirst.connect.governance.AddLineage");
    config.put("transforms.lineage.hop", "files-upstream");
    config.put("transforms.lineage.cluster.name", "smt-cluster");
    cluster.deploy(source, config);
    cluster.awaitRunning(source, 1);

    List<ConsumedRecord> records = cluster.consume(topic, lines.size(), Timeouts.defaultWait());
    assertThat(records).extracting(ConsumedRecord::value).containsExactlyElementsOf(lines);
    assertThat(records).allSatisfy(record -> {
      assertThat(record.headerValues("sf.origin")).as("set by AddLineage, kept by the interceptor")
          .containsExactly("kafka://smt-cluster/" + topic);
      assertThat(record.headerValues("sf.path")).as("the transform's hop, then the connector's")
          .containsExactly("files-upstream," + source);
      assertThat(record.headerValues("sf.trace")).singleElement().asString().matches(TRACEPARENT);
    });
    cluster.delete(source);
  }

  @Test
  void deadLetterRecordsPassTheInterceptorUnchangedAndCountsAddUp() throws Exception {
    ConnectCluster cluster = CONNECT.cluster();
    String topic = UniqueNames.of("dlq-in");
    String dlq = UniqueNames.of("dlq");
    String sink = UniqueNames.of("dlq-sink");
    Path out = Files.createTempFile("lineage-dlq", ".txt");
    cluster.createTopic(topic, 1);
    cluster.produce(TestRecord.to(topic).key("1").value("{\"id\":1}").header("sf.path", "upstream"));
    cluster.produce(TestRecord.to(topic).key("2").value("not json").header("sf.path", "upstream"));
    cluster.produce(TestRecord.to(topic).key("3").value("{\"id\":3}").header("sf.path", "upstream"));

    Map<String, String> config = new HashMap<>();
    config.put("connector.class", "org.apache.kafka.connect.file.FileStreamSinkConnector");
    config.put("tasks.max", "1");
    config.put("topics", topic);
    config.put("file", out.toString());
    config.put("key.converter", STRING);
    config.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
    config.put("value.converter.schemas.enable", "false");
    config.put("errors.tolerance", "all");
    config.put("errors.deadletterqueue.topic.name", dlq);
    config.put("errors.deadletterqueue.topic.replication.factor", "1");
    cluster.deploy(sink, config);
    cluster.awaitRunning(sink, 1);

    List<ConsumedRecord> dead = cluster.consume(dlq, 1, Timeouts.defaultWait());
    assertThat(dead).singleElement().satisfies(record -> {
      assertThat(record.key()).isEqualTo("2");
      assertThat(record.headers()).as("exactly the headers it failed with").isEqualTo(Map.of("sf.path", "upstream"));
    });
    await("the sink to write the two good records").atMost(Timeouts.defaultWait())
        .untilAsserted(() -> assertThat(Files.readAllLines(out, StandardCharsets.UTF_8)).hasSize(2));
    await("the interceptors to count").atMost(Timeouts.defaultWait()).untilAsserted(() -> {
      assertThat(sum(consumed(sink, topic), "RecordsConsumedTotal")).as("records in").isEqualTo(3);
      assertThat(connectorTotal(sink, "RecordsSkippedTotal")).as("dead-letter records left alone").isEqualTo(1);
    });
    assertThat(Files.readAllLines(out, StandardCharsets.UTF_8).size() + dead.size()).as("written + DLQ = in")
        .isEqualTo(3);
    assertThat(cluster.consumeAll(dlq)).hasSize(1);
    assertThat(distinct(consumed(sink, topic), "Paths")).containsExactly("upstream");
    cluster.delete(sink);
    Files.deleteIfExists(out);
  }

  @Test
  void aCdcSourcesLineageIsKeptAndATraceAdded() throws Exception {
    ConnectCluster cluster = CONNECT.cluster();
    String table = "lineage_" + UniqueNames.of("t").replaceAll("[^A-Za-z0-9]", "_").toLowerCase();
    String connector = UniqueNames.of("pg-lineage");
    String topic = connector + ".public." + table;
    try (Connection connection = POSTGRES.connection(); Statement statement = connection.createStatement()) {
      statement.execute("CREATE TABLE " + table + " (id INT PRIMARY KEY, item TEXT NOT NULL)");
      statement.execute("INSERT INTO " + table + " VALUES (1, 'apple'), (2, 'pear'), (3, 'plum')");
    }
    Map<String, String> config = new PostgresCdc(POSTGRES).config(table);

    cluster.deploy(connector, config);
    cluster.awaitRunning(connector, 1);
    List<ConsumedRecord> records = cluster.consume(topic, 3, Timeouts.defaultWait());

    String origin = "postgres://" + POSTGRES.host() + ":" + POSTGRES.port() + "/" + POSTGRES.database() + "/public."
        + table;
    assertThat(records).hasSize(3);
    assertThat(records).extracting(r -> r.valueJson().path("after").path("item").asText())
        .containsExactlyInAnyOrder("apple", "pear", "plum");
    assertThat(records).allSatisfy(record -> {
      assertThat(record.headerValues("sf.origin")).as("the CDC source's origin, kept").containsExactly(origin);
      assertThat(record.headerValues("sf.path")).as("the CDC source's hop, not repeated").containsExactly(connector);
      assertThat(record.headerValues("sf.trace")).as("added by the interceptor").singleElement().asString()
          .matches(TRACEPARENT);
      assertThat(record.header("sf.source.pos")).as("the CDC source's position, kept").isNotBlank();
      assertThat(record.header("sf.source.ts")).as("the CDC source's commit time, kept").matches("[0-9]{13}");
    });
    // Counts add up: every record the connector produced (its table's and its heartbeats', to the topics
    // named after it) was stamped once, and carries the connector's one hop and a trace.
    await("every record of " + connector + " stamped once").atMost(Timeouts.defaultWait()).untilAsserted(() -> {
      long stampedBefore = connectorTotal(connector, "RecordsStampedTotal");
      List<ConsumedRecord> produced = new java.util.ArrayList<>();
      for (String name : cluster.admin().listTopics().names().get()) {
        if (name.contains(connector)) {
          produced.addAll(cluster.consumeAll(name));
        }
      }
      assertThat(connectorTotal(connector, "RecordsStampedTotal")).isEqualTo(stampedBefore)
          .isEqualTo(produced.size());
      assertThat(produced).allSatisfy(record -> {
        assertThat(record.headerValues("sf.path")).containsExactly(connector);
        assertThat(record.headerValues("sf.trace")).singleElement().asString().matches(TRACEPARENT);
      });
    });

    cluster.delete(connector);
  }

  private static Path codeSource(String className) throws Exception {
    return Path.of(Class.forName(className).getProtectionDomain().getCodeSource().getLocation().toURI());
  }

  private static long connectorTotal(String connector, String attribute) throws Exception {
    return (Long) ManagementFactory.getPlatformMBeanServer()
        .getAttribute(new ObjectName("streamfirst.lineage:type=connector,connector=" + connector), attribute);
  }

  private static List<ObjectName> consumed(String connector, String topic) throws Exception {
    Set<ObjectName> names = ManagementFactory.getPlatformMBeanServer().queryNames(
        new ObjectName("streamfirst.lineage:type=consumer,connector=" + connector + ",topic=" + topic + ",*"), null);
    return List.copyOf(names);
  }

  private static long sum(List<ObjectName> names, String attribute) throws Exception {
    MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    long total = 0;
    for (ObjectName name : names) {
      total += (Long) server.getAttribute(name, attribute);
    }
    return total;
  }

  private static Set<String> distinct(List<ObjectName> names, String attribute) throws Exception {
    MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    Set<String> values = new java.util.TreeSet<>();
    for (ObjectName name : names) {
      values.addAll(List.of((String[]) server.getAttribute(name, attribute)));
    }
    return values;
  }
}
