// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.it.governance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamfirst.connect.it.clickhouse.ClickHouseSinkSupport;
import io.streamfirst.connect.it.fixtures.ApicurioRegistryFixture;
import io.streamfirst.connect.it.fixtures.ClickHouseFixture;
import io.streamfirst.connect.it.harness.ConnectCluster;
import io.streamfirst.connect.it.harness.ConnectClusterExtension;
import io.streamfirst.connect.it.harness.ConsumedRecord;
import io.streamfirst.connect.it.harness.TestRecord;
import io.streamfirst.connect.it.harness.UniqueNames;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * EnforceContract loaded from the packaged {@code governance} plugin in a ClickHouse sink connector, against the
 * real Apicurio registry (the schema, with a field tagged PII) and a contracts file (the rule set: Apicurio does
 * not store rule sets): a CEL rule and a SQL rule (run by the SQL transforms plugin's engine) send breaking records
 * to the dead-letter queue; the email is hashed, the phone masked and a secret field dropped in the table. And
 * in Kafka's FileStream source connector, where DLQ rules re-route breaking lines to the quarantine topic. The
 * last test stops the registry.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EnforceContractIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final String SALT = "it-salt";
  private static final Schema ORDER = new Schema.Parser().parse("{\"type\":\"record\",\"name\":\"Order\","
      + "\"namespace\":\"shop\",\"fields\":[{\"name\":\"id\",\"type\":\"long\"},"
      + "{\"name\":\"amount\",\"type\":\"double\"},"
      + "{\"name\":\"email\",\"type\":\"string\",\"confluent:tags\":[\"PII\"]},"
      + "{\"name\":\"phone\",\"type\":[\"null\",\"string\"],\"default\":null},"
      + "{\"name\":\"secret\",\"type\":\"string\"}]}");

  @RegisterExtension
  static final ApicurioRegistryFixture REGISTRY = new ApicurioRegistryFixture();

  @RegisterExtension
  static final ClickHouseFixture CLICKHOUSE = new ClickHouseFixture();

  @RegisterExtension
  static final ConnectClusterExtension CONNECT = new ConnectClusterExtension(b -> b.workers(1));

  @Test
  @Order(1)
  void celAndSqlViolationsGoToTheDeadLetterQueueAndPiiIsHashedMaskedAndDroppedInClickHouse(@TempDir Path dir)
      throws Exception {
    ConnectCluster cluster = CONNECT.cluster();
    String topic = UniqueNames.of("contract_orders").replace('-', '_');
    String dlq = topic + "_dlq";
    cluster.createTopic(topic, 1);
    cluster.createTopic(dlq, 1);
    String subject = topic + "-value";
    int id = register(subject, ORDER.toString());

    Path contracts = dir.resolve("contracts.json");
    Files.writeString(contracts, "{\"" + subject + "\": {"
        + "\"metadata\": {\"tags\": {\"Order.phone\": [\"CONTACT\"], \"Order.secret\": [\"SECRET\"]}},"
        + "\"ruleSet\": {\"domainRules\": ["
        + "{\"name\": \"nonNegativeAmount\", \"kind\": \"CONDITION\", \"type\": \"CEL\", \"mode\": \"WRITEREAD\","
        + " \"expr\": \"message.amount >= 0.0\", \"onFailure\": \"DLQ\"},"
        + "{\"name\": \"emailHasAt\", \"kind\": \"CONDITION\", \"type\": \"SQL\","
        + " \"expr\": \"email LIKE '%@%'\", \"onFailure\": \"DLQ\"},"
        + "{\"name\": \"hashPii\", \"kind\": \"TRANSFORM\", \"type\": \"HASH\", \"tags\": [\"PII\"]},"
        + "{\"name\": \"maskContact\", \"kind\": \"TRANSFORM\", \"type\": \"MASK\", \"tags\": [\"CONTACT\"],"
        + " \"params\": {\"keep.last\": \"2\"}},"
        + "{\"name\": \"dropSecret\", \"kind\": \"TRANSFORM\", \"type\": \"DROP\", \"tags\": [\"SECRET\"]}]}}}");

    Map<String, String> config = ClickHouseSinkSupport.config(CLICKHOUSE, topic);
    config.put("value.converter", "io.streamfirst.connect.governance.AvroConverter");
    config.put("value.converter.schema.registry.url", REGISTRY.confluentApiUrl());
    config.put("transforms", "contract");
    config.put("transforms.contract.type", "io.streamfirst.connect.governance.EnforceContract");
    config.put("transforms.contract.schema.registry.url", REGISTRY.confluentApiUrl());
    config.put("transforms.contract.contracts.file", contracts.toString());
    config.put("transforms.contract.contract.hash.salt", SALT);
    deadLettersTo(config, dlq);

    int records = 30;
    List<String> expectedRows = new ArrayList<>();
    TreeSet<Long> expectedDead = new TreeSet<>();
    for (long i = 1; i <= records; i++) {
      boolean negative = i % 5 == 0;
      boolean noAt = i % 7 == 0;
      String email = noAt ? "user" + i + ".example.org" : "user" + i + "@example.org";
      String phone = i % 2 == 0 ? "+4930555" + (1000 + i) : null;
      GenericData.Record order = new GenericData.Record(ORDER);
      order.put("id", i);
      order.put("amount", negative ? -1.5 * i : 1.5 * i);
      order.put("email", email);
      order.put("phone", phone);
      order.put("secret", "s3cr3t-" + i);
      cluster.produce(TestRecord.to(topic).key("k" + i).value(frame(id, order)));
      if (negative || noAt) {
        expectedDead.add(i);
      } else {
        String masked = phone == null ? "null" : "*".repeat(phone.length() - 2) + phone.substring(phone.length() - 2);
        expectedRows.add(i + "|" + (1.5 * i) + "|" + sha256(SALT + email) + "|" + masked);
      }
    }

    // Table: exactly the passing records, PII hashed, phone masked, the dropped field not a column.
    List<ConsumedRecord> dead = runSink("contract-sink", config, topic, dlq, expectedDead.size(), expectedRows);
    assertThat(columns(topic)).contains("id", "amount", "email", "phone").doesNotContain("secret");

    // Dead-letter queue: exactly the breaking records, with the rule and subject version, never the values.
    TreeSet<Long> deadIds = new TreeSet<>();
    for (ConsumedRecord record : dead) {
      deadIds.add(Long.parseLong(record.key().substring(1)));
      String reason = record.header("__connect.errors.exception.message");
      long i = Long.parseLong(record.key().substring(1));
      assertThat(reason).contains("subject " + subject + ":1").contains(topic + "-0@" + (i - 1));
      if (i % 5 == 0) {
        assertThat(reason).contains("nonNegativeAmount: the expression is false");
      }
      if (i % 7 == 0) {
        assertThat(reason).contains("emailHasAt: the expression is not TRUE");
      }
      assertThat(reason).doesNotContain("example.org").doesNotContain("s3cr3t");
    }
    assertThat(dead).hasSize(expectedDead.size());
    assertThat(deadIds).containsExactlyElementsOf(expectedDead);
    assertThat(tableRows(topic).size() + dead.size()).as("records in = rows written + dead letters")
        .isEqualTo(records);
  }

  @Test
  @Order(2)
  void fileSourceLinesBreakingACelRuleGoToTheQuarantineTopicWithTheHeaders(@TempDir Path dir) throws Exception {
    ConnectCluster cluster = CONNECT.cluster();
    String topic = UniqueNames.of("contract-lines");
    String quarantine = topic + ".quarantine";
    cluster.createTopic(topic, 1);
    cluster.createTopic(quarantine, 1);
    String subject = topic + "-value";
    // The registry has no such subject: the contract comes from the file alone.
    Path contracts = dir.resolve("contracts.json");
    Files.writeString(contracts, "{\"" + subject + "\": {\"ruleSet\": {\"domainRules\": ["
        + "{\"name\": \"noComment\", \"type\": \"CEL\", \"mode\": \"WRITE\", \"expr\": \"!message.startsWith('#')\","
        + " \"onFailure\": \"DLQ\"}]}}}");
    Path in = dir.resolve("in.txt");
    List<String> lines = new ArrayList<>();
    List<String> expectedPassed = new ArrayList<>();
    List<String> expectedQuarantined = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      String line = (i % 4 == 0 ? "# comment " : "line ") + i;
      lines.add(line);
      (i % 4 == 0 ? expectedQuarantined : expectedPassed).add(line);
    }
    Files.write(in, lines, StandardCharsets.UTF_8);

    String connector = UniqueNames.of("contract-file-source");
    cluster.deploy(connector, Map.of("connector.class", "org.apache.kafka.connect.file.FileStreamSourceConnector",
        "tasks.max", "1", "topic", topic, "file", in.toString(),
        "key.converter", "org.apache.kafka.connect.storage.StringConverter",
        "value.converter", "org.apache.kafka.connect.storage.StringConverter",
        "transforms", "contract",
        "transforms.contract.type", "io.streamfirst.connect.governance.EnforceContract",
        "transforms.contract.schema.registry.url", REGISTRY.confluentApiUrl(),
        "transforms.contract.contracts.file", contracts.toString()));
    cluster.awaitRunning(connector, 1);

    List<ConsumedRecord> passed = cluster.consume(topic, expectedPassed.size(), Duration.ofSeconds(60));
    List<ConsumedRecord> quarantined = cluster.consume(quarantine, expectedQuarantined.size(),
        Duration.ofSeconds(60));
    assertThat(passed).extracting(ConsumedRecord::value).containsExactlyElementsOf(expectedPassed);
    assertThat(passed).allSatisfy(r -> {
      assertThat(r.header("sf.schema")).isEqualTo(subject);
      assertThat(r.header("sf.violation")).isNull();
    });
    assertThat(quarantined).extracting(ConsumedRecord::value).containsExactlyElementsOf(expectedQuarantined);
    assertThat(quarantined).allSatisfy(r -> {
      assertThat(r.header("sf.violation")).isEqualTo("noComment: the expression is false");
      assertThat(r.header("sf.schema")).isEqualTo(subject);
    });
    assertThat(passed.size() + quarantined.size()).as("lines = passed + quarantined").isEqualTo(lines.size());
  }

  @Test
  @Order(3)
  void theAvroConverterEnforcesTheContractOfTheVersionARecordWasWrittenWithInAClickHouseSink(@TempDir Path dir)
      throws Exception {
    ConnectCluster cluster = CONNECT.cluster();
    String topic = UniqueNames.of("converter_orders").replace('-', '_');
    String dlq = topic + "_dlq";
    cluster.createTopic(topic, 1);
    cluster.createTopic(dlq, 1);
    String subject = topic + "-value";
    int id = register(subject, ORDER.toString());
    // No transformation: the converter itself checks the rules (the file's, Apicurio does not store them).
    Path contracts = dir.resolve("contracts.json");
    Files.writeString(contracts, "{\"" + subject + "\": {\"metadata\": {\"tags\": {\"Order.secret\": [\"SECRET\"]}},"
        + "\"ruleSet\": {\"domainRules\": ["
        + "{\"name\": \"nonNegativeAmount\", \"type\": \"CEL\", \"expr\": \"message.amount >= 0.0\","
        + " \"onFailure\": \"DLQ\"},"
        + "{\"name\": \"emailHasAt\", \"type\": \"SQL\", \"expr\": \"email LIKE '%@%'\", \"onFailure\": \"DLQ\"},"
        + "{\"name\": \"hashPii\", \"kind\": \"TRANSFORM\", \"type\": \"HASH\", \"tags\": [\"PII\"]},"
        + "{\"name\": \"dropSecret\", \"kind\": \"TRANSFORM\", \"type\": \"DROP\", \"tags\": [\"SECRET\"]}]}}}");

    Map<String, String> config = ClickHouseSinkSupport.config(CLICKHOUSE, topic);
    config.put("value.converter", "io.streamfirst.connect.governance.AvroConverter");
    config.put("value.converter.schema.registry.url", REGISTRY.confluentApiUrl());
    config.put("value.converter.contract.enabled", "true");
    config.put("value.converter.contracts.file", contracts.toString());
    config.put("value.converter.contract.hash.salt", SALT);
    deadLettersTo(config, dlq);

    int records = 24;
    List<String> expectedRows = new ArrayList<>();
    TreeSet<Long> expectedDead = new TreeSet<>();
    for (long i = 1; i <= records; i++) {
      boolean negative = i % 4 == 0;
      boolean noAt = i % 5 == 0;
      String email = noAt ? "user" + i + ".example.org" : "user" + i + "@example.org";
      GenericData.Record order = new GenericData.Record(ORDER);
      order.put("id", i);
      order.put("amount", negative ? -2.5 * i : 2.5 * i);
      order.put("email", email);
      order.put("phone", null);
      order.put("secret", "s3cr3t-" + i);
      cluster.produce(TestRecord.to(topic).key("k" + i).value(frame(id, order)));
      if (negative || noAt) {
        expectedDead.add(i);
      } else {
        expectedRows.add(i + "|" + (2.5 * i) + "|" + sha256(SALT + email) + "|null");
      }
    }

    List<ConsumedRecord> dead = runSink("converter-contract-sink", config, topic, dlq, expectedDead.size(),
        expectedRows);
    assertThat(columns(topic)).contains("id", "amount", "email").doesNotContain("secret");

    TreeSet<Long> deadIds = new TreeSet<>();
    for (ConsumedRecord record : dead) {
      long i = Long.parseLong(record.key().substring(1));
      deadIds.add(i);
      String reason = record.header("__connect.errors.exception.message");
      assertThat(reason).contains("read from topic '" + topic + "' with schema id " + id)
          .contains("subject " + subject + ":1");
      if (i % 4 == 0) {
        assertThat(reason).contains("nonNegativeAmount: the expression is false");
      }
      if (i % 5 == 0) {
        assertThat(reason).contains("emailHasAt: the expression is not TRUE");
      }
      assertThat(reason).doesNotContain("example.org").doesNotContain("s3cr3t");
      assertThat(record.header("__connect.errors.stage")).isEqualTo("VALUE_CONVERTER");
    }
    assertThat(deadIds).containsExactlyElementsOf(expectedDead);
    assertThat(tableRows(topic).size() + dead.size()).as("records in = rows written + dead letters")
        .isEqualTo(records);
  }

  /** Stops the registry: runs last in the class. */
  @Test
  @Order(99)
  void registryStoppedMidStreamCachedContractKeepsWorkingUncachedFailsClosedOrOpens(@TempDir Path dir)
      throws Exception {
    ConnectCluster cluster = CONNECT.cluster();
    String cached = UniqueNames.of("contract-cached");
    String closed = UniqueNames.of("contract-closed");
    String open = UniqueNames.of("contract-open");
    for (String topic : List.of(cached, closed, open)) {
      cluster.createTopic(topic, 1);
      cluster.createTopic(topic + ".quarantine", 1);
      register(topic + "-value", "\"string\"");
    }
    Path contracts = dir.resolve("contracts.json");
    StringBuilder file = new StringBuilder("{");
    for (String topic : List.of(cached, closed, open)) {
      file.append(file.length() > 1 ? "," : "").append('"').append(topic).append("-value\": {\"ruleSet\": {")
          .append("\"domainRules\": [{\"name\": \"noComment\", \"type\": \"CEL\", \"expr\": \"!message")
          .append(".startsWith('#')\", \"onFailure\": \"DLQ\"}]}}");
    }
    Files.writeString(contracts, file.append('}').toString());

    Path cachedIn = dir.resolve("cached.txt");
    Files.write(cachedIn, List.of("a1", "# c1", "a2"), StandardCharsets.UTF_8);
    String cachedConnector = UniqueNames.of("contract-cached-source");
    cluster.deploy(cachedConnector, fileSource(cached, cachedIn, contracts, false));
    cluster.awaitRunning(cachedConnector, 1);
    cluster.consume(cached, 2, Duration.ofSeconds(60));
    cluster.consume(cached + ".quarantine", 1, Duration.ofSeconds(60));

    REGISTRY.stop();

    Files.write(cachedIn, List.of("a3", "# c2", "a4"), StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    List<ConsumedRecord> passed = cluster.consume(cached, 4, Duration.ofSeconds(60));
    List<ConsumedRecord> quarantined = cluster.consume(cached + ".quarantine", 2, Duration.ofSeconds(60));
    assertThat(passed).extracting(ConsumedRecord::value).containsExactly("a1", "a2", "a3", "a4");
    assertThat(passed).extracting(r -> r.header("sf.schema")).containsOnly(cached + "-value:1");
    assertThat(quarantined).extracting(ConsumedRecord::value).containsExactly("# c1", "# c2");

    // A subject this worker never fetched: fail closed by default, the task fails naming the subject.
    Path closedIn = dir.resolve("closed.txt");
    Files.write(closedIn, List.of("b1", "# b2"), StandardCharsets.UTF_8);
    String closedConnector = UniqueNames.of("contract-closed-source");
    cluster.deploy(closedConnector, fileSource(closed, closedIn, contracts, false));
    await().atMost(Duration.ofSeconds(60)).ignoreExceptions()
        .untilAsserted(() -> assertThat(cluster.status(closedConnector)
            .failureTraces()).contains("No contract of subject '" + closed + "-value' can be fetched")
            .contains("contract.fail.open.enabled=true"));
    assertThat(cluster.consumeAll(closed)).isEmpty();
    assertThat(cluster.consumeAll(closed + ".quarantine")).isEmpty();

    // Fail open: the lines pass unchecked, without sf.schema.
    Path openIn = dir.resolve("open.txt");
    Files.write(openIn, List.of("o1", "# o2"), StandardCharsets.UTF_8);
    String openConnector = UniqueNames.of("contract-open-source");
    cluster.deploy(openConnector, fileSource(open, openIn, contracts, true));
    List<ConsumedRecord> unchecked = cluster.consume(open, 2, Duration.ofSeconds(60));
    assertThat(unchecked).extracting(ConsumedRecord::value).containsExactly("o1", "# o2");
    assertThat(unchecked).extracting(r -> r.header("sf.schema")).containsOnlyNulls();
    assertThat(cluster.consumeAll(open + ".quarantine")).isEmpty();
  }

  private static Map<String, String> fileSource(String topic, Path in, Path contracts, boolean failOpen) {
    Map<String, String> config = new java.util.HashMap<>();
    config.put("connector.class", "org.apache.kafka.connect.file.FileStreamSourceConnector");
    config.put("tasks.max", "1");
    config.put("topic", topic);
    config.put("file", in.toString());
    config.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
    config.put("value.converter", "org.apache.kafka.connect.storage.StringConverter");
    config.put("transforms", "contract");
    config.put("transforms.contract.type", "io.streamfirst.connect.governance.EnforceContract");
    config.put("transforms.contract.schema.registry.url", REGISTRY.confluentApiUrl());
    config.put("transforms.contract.contracts.file", contracts.toString());
    config.put("transforms.contract.latest.cache.ttl.ms", "500");
    config.put("transforms.contract.schema.registry.request.max.retries", "1");
    config.put("transforms.contract.schema.registry.retry.backoff.ms", "50");
    config.put("transforms.contract.schema.registry.retry.backoff.max.ms", "500");
    config.put("transforms.contract.schema.registry.request.timeout.ms", "2000");
    config.put("transforms.contract.contract.fail.open.enabled", Boolean.toString(failOpen));
    return config;
  }

  private static List<String> tableRows(String table) {
    List<String> rows = new ArrayList<>();
    for (String line : CLICKHOUSE.queryJsonEachRow("SELECT id, amount, email, phone FROM `" + table
        + "` ORDER BY id")) {
      JsonNode row = parse(line);
      rows.add(row.path("id").asText() + "|" + row.path("amount").asDouble() + "|" + row.path("email").asText()
          + "|" + (row.path("phone").isNull() ? "null" : row.path("phone").asText()));
    }
    return rows;
  }

  private static JsonNode parse(String line) {
    try {
      return JSON.readTree(line);
    } catch (java.io.IOException e) {
      throw new AssertionError("ClickHouse returned a line that is not JSON: " + line, e);
    }
  }

  private static String sha256(String text) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
        .digest(text.getBytes(StandardCharsets.UTF_8)));
  }

  private static byte[] frame(int id, Object datum) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(0);
    out.write(ByteBuffer.allocate(4).putInt(id).array());
    BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
    new GenericDatumWriter<Object>(ORDER).write(datum, encoder);
    encoder.flush();
    return out.toByteArray();
  }

  private static int register(String subject, String schema) throws Exception {
    String body = JSON.createObjectNode().put("schema", schema).toString();
    HttpRequest request = HttpRequest.newBuilder(URI.create(REGISTRY.confluentApiUrl() + "/subjects/" + subject
        + "/versions")).header("Content-Type", "application/vnd.schemaregistry.v1+json")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return JSON.readTree(response.body()).path("id").asInt();
  }

  private static void deadLettersTo(Map<String, String> config, String dlq) {
    config.put("errors.tolerance", "all");
    config.put("errors.deadletterqueue.topic.name", dlq);
    config.put("errors.deadletterqueue.topic.replication.factor", "1");
    config.put("errors.deadletterqueue.context.headers.enable", "true");
  }

  /**
   * Deploys the sink, then waits for the dead letters and for the table to hold exactly {@code expectedRows}, the
   * connector never failing meanwhile; returns the dead letters.
   */
  private List<ConsumedRecord> runSink(String name, Map<String, String> config, String topic, String dlq, int dead,
      List<String> expectedRows) throws Exception {
    ConnectCluster cluster = CONNECT.cluster();
    String connector = UniqueNames.of(name);
    cluster.deploy(connector, config);
    cluster.awaitRunning(connector, 1);
    List<ConsumedRecord> letters = cluster.consume(dlq, dead, Duration.ofSeconds(90));
    await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
      assertThat(cluster.status(connector).hasFailure()).as("connector failed: %s",
          cluster.status(connector).failureTraces()).isFalse();
      assertThat(tableRows(topic)).hasSize(expectedRows.size());
    });
    assertThat(tableRows(topic)).containsExactlyElementsOf(expectedRows);
    return letters;
  }

  private static List<String> columns(String table) {
    return CLICKHOUSE
        .queryJsonEachRow("SELECT name FROM system.columns WHERE database = currentDatabase() AND table = '"
            + table + "'")
        .stream().map(l -> parse(l).path("name").asText()).toList();
  }
}
