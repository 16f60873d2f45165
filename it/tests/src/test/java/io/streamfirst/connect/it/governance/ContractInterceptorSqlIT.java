// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.it.governance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamfirst.connect.it.fixtures.ApicurioRegistryFixture;
import io.streamfirst.connect.it.harness.ConnectCluster;
import io.streamfirst.connect.it.harness.ConnectClusterExtension;
import io.streamfirst.connect.it.harness.ConsumedRecord;
import io.streamfirst.connect.it.harness.PluginDirectories;
import io.streamfirst.connect.it.harness.UniqueNames;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * SQL rules in the worker contract interceptor: the interceptor (worker class path) loads the SQL engine from the
 * packaged {@code sql-transforms} plugin directory it finds through {@code streamfirst.contract.sql.plugin.path}
 * (the worker's plugin roots), in a class loader of its own. Kafka's FileStream source writes JSON lines; a SQL rule
 * and a CEL rule of the contract re-route the breaking ones to {@code <topic>.quarantine}; passed + quarantined =
 * lines.
 */
class ContractInterceptorSqlIT {

  private static final String STRING = "org.apache.kafka.connect.storage.StringConverter";
  private static final String TOPIC = UniqueNames.of("governed-orders");
  private static final Path CONTRACTS = contractsFile();

  @RegisterExtension
  static final ApicurioRegistryFixture REGISTRY = new ApicurioRegistryFixture();

  @RegisterExtension
  static final ConnectClusterExtension CONNECT = new ConnectClusterExtension(b -> b.workers(1)
      .workerProperty("producer.interceptor.classes", "io.streamfirst.connect.governance.ContractProducerInterceptor")
      .workerProperty("producer.streamfirst.contract.topics", TOPIC)
      .workerProperty("producer.streamfirst.contract.value.converter", "org.apache.kafka.connect.json.JsonConverter")
      .workerProperty("producer.streamfirst.contract.value.converter.schemas.enable", "false")
      .workerProperty("producer.streamfirst.contract.schema.registry.url", REGISTRY.confluentApiUrl())
      .workerProperty("producer.streamfirst.contract.contracts.file", CONTRACTS.toString())
      .workerProperty("producer.streamfirst.contract.sql.plugin.path",
          System.getProperty(PluginDirectories.PLUGINS_DIR_PROPERTY, "")));

  private static Path contractsFile() {
    try {
      Path file = Files.createTempFile("contracts", ".json");
      file.toFile().deleteOnExit();
      Files.writeString(file, "{\"" + TOPIC + "-value\": {\"ruleSet\": {\"domainRules\": ["
          + "{\"name\": \"validOrder\", \"type\": \"SQL\", \"expr\": \"amount >= 0 AND email LIKE '%@%'\","
          + " \"onFailure\": \"DLQ\"},"
          + "{\"name\": \"hasItems\", \"type\": \"CEL\", \"expr\": \"message.items > 0\", \"onFailure\": \"DLQ\"}]}}}");
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void sqlAndCelRulesReRouteBreakingRecordsOfAThirdPartySource() throws Exception {
    assertThatThrownBy(() -> Class.forName("io.streamfirst.connect.sql.SqlPredicate"))
        .as("the SQL engine is not on the worker's class path: the interceptor loads it from the plugin")
        .isInstanceOf(ClassNotFoundException.class);
    ConnectCluster cluster = CONNECT.cluster();
    String quarantine = TOPIC + ".quarantine";
    cluster.createTopic(TOPIC, 1);
    cluster.createTopic(quarantine, 1);
    Path in = Files.createTempFile("orders", ".jsonl");
    List<String> lines = new ArrayList<>();
    List<String> expectedPassed = new ArrayList<>();
    List<String> expectedSql = new ArrayList<>();
    List<String> expectedCel = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      boolean badSql = i % 4 == 0 || i % 7 == 0;
      boolean badCel = i % 5 == 0;
      String line = "{\"id\":" + i + ",\"amount\":" + (i % 4 == 0 ? -i - 1 : i) + ",\"email\":\"user" + i
          + (i % 7 == 0 ? ".example.org" : "@example.org") + "\",\"items\":" + (badCel ? 0 : 2) + "}";
      lines.add(line);
      if (badSql) {
        expectedSql.add(line);
      } else if (badCel) {
        expectedCel.add(line);
      } else {
        expectedPassed.add(line);
      }
    }
    Files.write(in, lines, StandardCharsets.UTF_8);

    String connector = UniqueNames.of("governed-json-source");
    cluster.deploy(connector, Map.of("connector.class", "org.apache.kafka.connect.file.FileStreamSourceConnector",
        "tasks.max", "1", "topic", TOPIC, "file", in.toString(), "key.converter", STRING, "value.converter", STRING));
    cluster.awaitRunning(connector, 1);

    int quarantinedCount = expectedSql.size() + expectedCel.size();
    List<ConsumedRecord> passed = cluster.consume(TOPIC, expectedPassed.size(), Duration.ofSeconds(60));
    List<ConsumedRecord> quarantined = cluster.consume(quarantine, quarantinedCount, Duration.ofSeconds(60));

    assertThat(passed).extracting(ConsumedRecord::value).containsExactlyElementsOf(expectedPassed);
    assertThat(passed).allSatisfy(r -> assertThat(r.header("sf.violation")).isNull());
    assertThat(quarantined).allSatisfy(r -> {
      assertThat(r.header("sf.schema")).isEqualTo(TOPIC + "-value");
      String violation = r.header("sf.violation");
      if (expectedSql.contains(r.value())) {
        assertThat(violation).as("for %s", r.value()).startsWith("validOrder: the expression is not TRUE");
      } else {
        assertThat(violation).as("for %s", r.value()).isEqualTo("hasItems: the expression is false");
      }
      assertThat(violation).doesNotContain("example.org");
    });
    List<String> all = new ArrayList<>(expectedSql);
    all.addAll(expectedCel);
    assertThat(quarantined).extracting(ConsumedRecord::value).containsExactlyInAnyOrderElementsOf(all);
    assertThat(passed.size() + quarantined.size()).as("lines = passed + quarantined").isEqualTo(lines.size());
  }
}
