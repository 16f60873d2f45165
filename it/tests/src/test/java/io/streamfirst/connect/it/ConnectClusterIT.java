// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.streamfirst.connect.it.harness.ConnectCluster;
import io.streamfirst.connect.it.harness.ConnectClusterExtension;
import io.streamfirst.connect.it.harness.ConnectPlugin;
import io.streamfirst.connect.it.harness.ConnectorStatus;
import io.streamfirst.connect.it.harness.ConsumedRecord;
import io.streamfirst.connect.it.harness.PluginDirectories;
import io.streamfirst.connect.it.harness.ServiceManifests;
import io.streamfirst.connect.it.harness.TestRecord;
import io.streamfirst.connect.it.harness.Timeouts;
import io.streamfirst.connect.it.harness.UniqueNames;
import io.streamfirst.connect.it.harness.ValidationResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Proves the integration-test harness: a KRaft broker and two distributed Connect workers that load
 * the packaged plugin directories (plus Kafka's FileStream connectors as a test plugin) through
 * {@code plugin.path} with {@code plugin.discovery=service_load}, survive the loss of a worker,
 * and answer the REST calls that the other integration tests rely on.
 */
class ConnectClusterIT {

  private static final String FILE_SOURCE = "org.apache.kafka.connect.file.FileStreamSourceConnector";
  private static final String FILE_SINK = "org.apache.kafka.connect.file.FileStreamSinkConnector";

  @RegisterExtension
  static final ConnectClusterExtension CONNECT = new ConnectClusterExtension(b -> b.workers(2));

  @Test
  void restApiListsEveryPluginDeclaredInThePluginDirectories() {
    ConnectCluster cluster = CONNECT.cluster();
    PluginDirectories dirs = cluster.pluginDirectories();
    Set<String> declared = dirs.declaredPlugins();
    Set<String> listed = cluster.plugins().stream().map(ConnectPlugin::className)
        .collect(Collectors.toSet());

    assertThat(dirs.roots()).as("plugin.path roots: packaged plugins and test plugins").hasSize(2);
    assertThat(ServiceManifests.restListedPlugins(dirs.roots().get(0)))
        .as("plugins declared in META-INF/services under %s", dirs.roots().get(0))
        .anyMatch(plugin -> plugin.startsWith("io.streamfirst.connect."));
    assertThat(declared).as("plugins declared in META-INF/services of all plugin directories")
        .contains(FILE_SOURCE, FILE_SINK);
    assertThat(listed).as("GET /connector-plugins?connectorsOnly=false").containsAll(declared);
  }

  @Test
  void pluginsComeFromPluginPathNotFromTheTestClassPath() {
    // The Snowflake sink's classes are on this class path on purpose: its ITs run the in-process Snowflake fake
    // and the DDL layer in the test JVM. The worker still loads the connector from its plugin directory
    // (a plugin class loader looks in its own directory first), which SnowflakeSinkIT relies on.
    Set<String> declared = CONNECT.cluster().pluginDirectories().declaredPlugins().stream()
        .filter(plugin -> !plugin.startsWith("io.streamfirst.connect.snowflake.")).collect(Collectors.toSet());

    assertThat(declared).isNotEmpty().allSatisfy(plugin -> assertThatThrownBy(() -> Class.forName(plugin))
        .as("%s must be loaded by the worker's plugin class loader only", plugin)
        .isInstanceOf(ClassNotFoundException.class));
  }

  @Test
  void validateReturnsTheErrorsOfEachField() {
    ConnectCluster cluster = CONNECT.cluster();

    ValidationResult invalid = cluster.validate(FILE_SINK, Map.of("tasks.max", "0"));
    ValidationResult valid = cluster.validate(FILE_SINK,
        Map.of("tasks.max", "1", "topics", UniqueNames.of("validate")));

    assertThat(invalid.isValid()).isFalse();
    assertThat(invalid.errorsFor("tasks.max")).singleElement().asString().contains("at least 1");
    assertThat(invalid.errors()).containsKey("topics");
    assertThat(valid.errors()).isEmpty();
    assertThat(valid.isValid()).isTrue();
  }

  @Test
  void producedKeysValuesAndHeadersAreConsumedUnchanged() {
    ConnectCluster cluster = CONNECT.cluster();
    String topic = UniqueNames.of("records");
    cluster.createTopic(topic, 3);
    byte[] rawValue = {0, 1, 2, (byte) 0xff};

    cluster.produceJson(topic, "k1", "{\"id\":1,\"name\":\"first\"}");
    cluster.produce(TestRecord.to(topic).key("k2").value(rawValue).partition(2)
        .header("sf.origin", "kafka://test/" + topic).header("sf.path", "a").header("sf.path", "b"));
    cluster.produce(topic, "k3", null);

    List<ConsumedRecord> records = cluster.consume(topic, 3, Duration.ofSeconds(30));
    Map<String, ConsumedRecord> byKey = records.stream()
        .collect(Collectors.toMap(ConsumedRecord::key, r -> r));
    assertThat(records).hasSize(3);
    assertThat(byKey.get("k1").valueJson().path("name").asText()).isEqualTo("first");
    assertThat(byKey.get("k2").valueBytes()).containsExactly(rawValue);
    assertThat(byKey.get("k2").partition()).isEqualTo(2);
    assertThat(byKey.get("k2").header("sf.origin")).isEqualTo("kafka://test/" + topic);
    assertThat(byKey.get("k2").headerValues("sf.path")).containsExactly("a", "b");
    assertThat(byKey.get("k3").value()).isNull();
    assertThat(cluster.consumeAll(topic)).hasSize(3);
  }

  @Test
  void connectorsSurviveTheLossOfAWorkerWithoutLosingRecords(@TempDir Path dir) throws IOException {
    ConnectCluster cluster = CONNECT.cluster();
    String in = UniqueNames.of("in");
    String out = UniqueNames.of("out");
    String sink = UniqueNames.of("file-sink");
    String source = UniqueNames.of("file-source");
    Path file = Files.createFile(dir.resolve("lines.txt"));
    cluster.createTopic(in, 1);
    cluster.createTopic(out, 1);
    List<String> before = lines("before", 20);
    List<String> after = lines("after", 20);

    // topic `in` -> FileStreamSink -> lines.txt -> FileStreamSource -> topic `out`
    cluster.deploy(sink, Map.of("connector.class", FILE_SINK, "tasks.max", "1",
        "topics", in, "file", file.toString()));
    cluster.deploy(source, Map.of("connector.class", FILE_SOURCE, "tasks.max", "1",
        "topic", out, "file", file.toString()));
    cluster.awaitRunning(sink, 1);
    cluster.awaitRunning(source, 1);
    before.forEach(line -> cluster.produce(in, null, line));
    awaitValues(cluster, out, before);

    String stopped = cluster.stopWorkerRunningTask(sink, 0);
    ConnectorStatus sinkAfterLoss = cluster.awaitRunningWithout(sink, 1, stopped);
    ConnectorStatus sourceAfterLoss = cluster.awaitRunningWithout(source, 1, stopped);
    String added = cluster.addWorker();
    after.forEach(line -> cluster.produce(in, null, line));

    assertThat(cluster.workerIds()).hasSize(2).contains(added).doesNotContain(stopped);
    assertThat(List.of(sinkAfterLoss.task(0).workerId(), sourceAfterLoss.task(0).workerId()))
        .as("tasks after the loss run on the remaining worker").allMatch(cluster.workerIds()::contains);
    awaitValues(cluster, out, concat(before, after));
    assertThat(Files.readAllLines(file, StandardCharsets.UTF_8)).containsAll(concat(before, after));
    assertThat(cluster.status(sink).isRunning(1)).isTrue();
    assertThat(cluster.status(source).isRunning(1)).isTrue();

    cluster.delete(sink);
    cluster.delete(source);
    assertThat(cluster.connectorNames()).doesNotContain(sink, source);
  }

  /** Waits until {@code topic} holds every one of {@code expected} (duplicates allowed). */
  private static void awaitValues(ConnectCluster cluster, String topic, List<String> expected) {
    await("all " + expected.size() + " values in " + topic).atMost(Timeouts.defaultWait())
        .untilAsserted(() -> assertThat(cluster.consumeAll(topic))
            .extracting(ConsumedRecord::value)
            .containsAll(expected));
  }

  private static List<String> lines(String prefix, int count) {
    return IntStream.range(0, count).mapToObj(i -> prefix + "-" + i).toList();
  }

  private static List<String> concat(List<String> a, List<String> b) {
    return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
  }
}
