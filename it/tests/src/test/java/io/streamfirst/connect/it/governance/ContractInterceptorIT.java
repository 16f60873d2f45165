// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.it.governance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.streamfirst.connect.it.fixtures.ApicurioRegistryFixture;
import io.streamfirst.connect.it.harness.ConnectCluster;
import io.streamfirst.connect.it.harness.ConnectClusterExtension;
import io.streamfirst.connect.it.harness.ConsumedRecord;
import io.streamfirst.connect.it.harness.UniqueNames;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The worker-level contract interceptor ({@code producer.interceptor.classes} on the worker, loaded from the shaded
 * worker jar on the worker's class path) governs a third-party connector, Kafka's FileStream source, that knows
 * nothing of contracts: lines that keep the contract (a CEL rule, from the contracts file; the subject is not in
 * the Apicurio registry) land in the topic with {@code sf.schema}, lines that break it in
 * {@code <topic>.quarantine} with {@code sf.violation} and {@code sf.schema}; passed + quarantined = lines.
 */
class ContractInterceptorIT {

  private static final String STRING = "org.apache.kafka.connect.storage.StringConverter";
  private static final String TOPIC = UniqueNames.of("governed-lines");
  private static final Path CONTRACTS = contractsFile();

  @RegisterExtension
  static final ApicurioRegistryFixture REGISTRY = new ApicurioRegistryFixture();

  @RegisterExtension
  static final ConnectClusterExtension CONNECT = new ConnectClusterExtension(b -> b.workers(1)
      .workerProperty("producer.interceptor.classes", "io.streamfirst.connect.governance.ContractProducerInterceptor")
      .workerProperty("producer.streamfirst.contract.topics", TOPIC)
      .workerProperty("producer.streamfirst.contract.value.converter", STRING)
      .workerProperty("producer.streamfirst.contract.schema.registry.url", REGISTRY.confluentApiUrl())
      .workerProperty("producer.streamfirst.contract.contracts.file", CONTRACTS.toString()));

  private static Path contractsFile() {
    try {
      Path file = Files.createTempFile("contracts", ".json");
      file.toFile().deleteOnExit();
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void theInterceptorAndItsCelEngineLoadFromTheShadedWorkerJar() throws Exception {
    Path interceptor = codeSource("io.streamfirst.connect.governance.ContractProducerInterceptor");
    assertThat(interceptor.getFileName().toString()).matches("streamfirst-governance-worker-.+\\.jar");
    assertThat(codeSource("io.streamfirst.connect.governance.shaded.cel.bundle.CelFactory"))
        .as("CEL, relocated inside the worker jar").isEqualTo(interceptor);
    assertThat(codeSource("io.streamfirst.connect.governance.shaded.protobuf.Message"))
        .as("protobuf-java 4, relocated inside the worker jar").isEqualTo(interceptor);
    assertThatThrownBy(() -> Class.forName("io.streamfirst.connect.governance.EnforceContract"))
        .as("EnforceContract is a plugin: plugin directory only").isInstanceOf(ClassNotFoundException.class);
  }

  @Test
  void aThirdPartySourcesBreakingLinesGoToTheQuarantineTopicWithTheHeaders() throws Exception {
    ConnectCluster cluster = CONNECT.cluster();
    String quarantine = TOPIC + ".quarantine";
    cluster.createTopic(TOPIC, 1);
    cluster.createTopic(quarantine, 1);
    String subject = TOPIC + "-value";
    Files.writeString(CONTRACTS, "{\"" + subject + "\": {\"ruleSet\": {\"domainRules\": ["
        + "{\"name\": \"noComment\", \"type\": \"CEL\", \"expr\": \"!message.startsWith('#')\","
        + " \"onFailure\": \"DLQ\"},"
        + "{\"name\": \"notShouting\", \"type\": \"CEL\", \"expr\": \"!message.endsWith('!')\"}]}}}");
    Path in = Files.createTempFile("lines", ".txt");
    List<String> lines = new ArrayList<>();
    List<String> expectedPassed = new ArrayList<>();
    List<String> expectedComments = new ArrayList<>();
    List<String> expectedShouts = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      String line = i % 4 == 0 ? "# comment " + i : i % 5 == 0 ? "line " + i + "!" : "line " + i;
      lines.add(line);
      (i % 4 == 0 ? expectedComments : i % 5 == 0 ? expectedShouts : expectedPassed).add(line);
    }
    Files.write(in, lines, StandardCharsets.UTF_8);

    String connector = UniqueNames.of("governed-file-source");
    cluster.deploy(connector, Map.of("connector.class", "org.apache.kafka.connect.file.FileStreamSourceConnector",
        "tasks.max", "1", "topic", TOPIC, "file", in.toString(),
        "key.converter", STRING, "value.converter", STRING));
    cluster.awaitRunning(connector, 1);

    int quarantinedCount = expectedComments.size() + expectedShouts.size();
    List<ConsumedRecord> passed = cluster.consume(TOPIC, expectedPassed.size(), Duration.ofSeconds(60));
    List<ConsumedRecord> quarantined = cluster.consume(quarantine, quarantinedCount, Duration.ofSeconds(60));

    assertThat(passed).extracting(ConsumedRecord::value).containsExactlyElementsOf(expectedPassed);
    assertThat(passed).allSatisfy(r -> {
      assertThat(r.header("sf.schema")).isEqualTo(subject);
      assertThat(r.header("sf.violation")).isNull();
    });
    assertThat(quarantined).extracting(ConsumedRecord::value)
        .containsExactlyInAnyOrderElementsOf(concat(expectedComments, expectedShouts));
    assertThat(quarantined).allSatisfy(r -> {
      assertThat(r.header("sf.schema")).isEqualTo(subject);
      assertThat(r.header("sf.violation")).as("for %s", r.value()).isEqualTo(r.value().startsWith("#")
          ? "noComment: the expression is false"
          : "notShouting: the expression is false");
    });
    assertThat(passed.size() + quarantined.size()).as("lines = passed + quarantined").isEqualTo(lines.size());

    MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    ObjectName counters = new ObjectName("io.streamfirst.connect.governance:type=contract-interceptor,topic="
        + ObjectName.quote(TOPIC));
    await("the interceptor's counters").atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
      assertThat(server.getAttribute(counters, "Checked")).isEqualTo((long) lines.size());
      assertThat(server.getAttribute(counters, "Passed")).isEqualTo((long) expectedPassed.size());
      assertThat(server.getAttribute(counters, "Quarantined")).isEqualTo((long) quarantinedCount);
    });
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }

  private static Path codeSource(String className) throws Exception {
    return Path.of(Class.forName(className).getProtectionDomain().getCodeSource().getLocation().toURI());
  }
}
