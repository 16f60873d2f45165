// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.governance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamfirst.connect.governance.registry.RegistryUnavailableException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.errors.RetriableException;
import org.apache.kafka.connect.storage.Converter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The converters as an enforcement point: {@code contract.enabled=true} on AvroConverter and JsonSchemaConverter. */
class ConverterContractTest {

  private static final Schema V1 = SchemaBuilder.struct().name("shop.Order").field("id", Schema.INT64_SCHEMA)
      .field("amount", Schema.FLOAT64_SCHEMA).field("email", Schema.STRING_SCHEMA).build();
  private static final Schema V2 = SchemaBuilder.struct().name("shop.Order").field("id", Schema.INT64_SCHEMA)
      .field("amount", Schema.FLOAT64_SCHEMA).field("email", Schema.STRING_SCHEMA)
      .field("note", Schema.OPTIONAL_STRING_SCHEMA).build();
  private static final String TAGS = "{\"tags\": {\"email\": [\"PII\"]}}";

  private final FakeRegistry registry = new FakeRegistry();
  private final String topic = "orders-" + UUID.randomUUID().toString().substring(0, 8);
  private final String subject = topic + "-value";
  private final java.util.List<Converter> converters = new java.util.ArrayList<>();

  @AfterEach
  void close() {
    converters.forEach(c -> org.apache.kafka.common.utils.Utils.closeQuietly(c, "converter"));
  }

  private static String rule(String name, String type, String expr, String onFailure) {
    return "{\"name\":\"" + name + "\",\"type\":\"" + type + "\",\"expr\":\"" + expr + "\",\"onFailure\":\""
        + onFailure + "\"}";
  }

  private static String ruleSet(String... rules) {
    return "{\"domainRules\":[" + String.join(",", rules)
        + ",{\"name\":\"hashPii\",\"kind\":\"TRANSFORM\",\"type\":\"HASH\",\"tags\":[\"PII\"]}]}";
  }

  private Converter converter(boolean json, Map<String, String> extra) {
    Converter converter = json ? new JsonSchemaConverter(registry) : new AvroConverter(registry);
    Map<String, String> config = new HashMap<>();
    config.put("schema.registry.url", "http://fake:8081");
    config.put("contract.hash.salt", "s");
    config.putAll(extra);
    converter.configure(config, false);
    converters.add(converter);
    return converter;
  }

  private Converter enforcing(boolean json) {
    return converter(json, Map.of("contract.enabled", "true"));
  }

  private static Struct order(Schema schema, long id, double amount, String email) {
    return new Struct(schema).put("id", id).put("amount", amount).put("email", email);
  }

  private static String header(RecordHeaders headers, String name) {
    Header header = headers.lastHeader(name);
    return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
  }

  @Test
  void readingChecksTheRulesOfTheVersionTheRecordWasWrittenWith() {
    for (boolean json : new boolean[]{false, true}) {
      Converter writer = converter(json, Map.of());
      byte[] v1 = writer.fromConnectData(topic + (json ? "-json" : "-avro"), V1, order(V1, 1, 50, "ann@x.io"));
      byte[] v2 = writer.fromConnectData(topic + (json ? "-json" : "-avro"), V2, order(V2, 2, 50, "bob@x.io"));
      String sub = topic + (json ? "-json" : "-avro") + "-value";
      registry.rules(sub, 1, TAGS, ruleSet(rule("positive", "CEL", "message.amount > 0.0", "ERROR")));
      registry.rules(sub, 2, TAGS, ruleSet(rule("large", "CEL", "message.amount > 100.0", "DLQ")));
      Converter reader = enforcing(json);
      String readTopic = topic + (json ? "-json" : "-avro");

      RecordHeaders headers = new RecordHeaders();
      SchemaAndValue read = reader.toConnectData(readTopic, headers, v1);
      assertThat(((Struct) read.value()).getString("email")).as("hashed").hasSize(64).doesNotContain("ann");
      assertThat(((Struct) read.value()).getFloat64("amount")).isEqualTo(50.0);
      assertThat(header(headers, "sf.schema")).isEqualTo(sub + ":1");
      assertThat(header(headers, "sf.violation")).isNull();

      assertThatThrownBy(() -> reader.toConnectData(readTopic, new RecordHeaders(), v2))
          .isInstanceOf(DataException.class).isNotInstanceOf(RetriableException.class)
          .hasMessageContaining("topic '" + readTopic + "'").hasMessageContaining("subject " + sub + ":2")
          .hasMessageContaining("large: the expression is false").hasMessageNotContaining("bob@x.io")
          .hasMessageNotContaining("50");
    }
  }

  @Test
  void writingABreakingRecordFailsAndNoneRulesPassWithTheViolationHeader(@TempDir Path dir) throws Exception {
    // the contract comes from the contracts file (registries such as Apicurio do not store rule sets)
    Path file = dir.resolve("contracts.json");
    Files.writeString(file, "{\"" + subject + "\": {\"metadata\": " + TAGS + ", \"ruleSet\": " + ruleSet(
        rule("positive", "CEL", "message.amount > 0.0", "ERROR"),
        rule("emailHasAt", "SQL", "email LIKE '%@%'", "NONE")) + "}}");
    Converter writer = converter(false, Map.of("contract.enabled", "true", "contracts.file", file.toString()));

    assertThatThrownBy(() -> writer.fromConnectData(topic, new RecordHeaders(), V1, order(V1, 1, -7.5, "a@x.io")))
        .isInstanceOf(DataException.class).hasMessageContaining("written to topic '" + topic + "'")
        .hasMessageContaining("positive: the expression is false").hasMessageNotContaining("7.5");

    RecordHeaders headers = new RecordHeaders();
    byte[] bytes = writer.fromConnectData(topic, headers, V1, order(V1, 2, 3.0, "no-at-sign"));
    assertThat(header(headers, "sf.violation")).startsWith("emailHasAt: ");
    assertThat(header(headers, "sf.schema")).isEqualTo(subject + ":1");
    Struct written = (Struct) converter(false, Map.of()).toConnectData(topic, bytes).value();
    assertThat(written.getString("email")).as("HASH applied before writing").hasSize(64);
    assertThat(written.getInt64("id")).isEqualTo(2L);
  }

  @Test
  void aRegistryOutageFailsClosedUnlessFailOpenAndACheckedSchemaIdKeepsWorking() {
    byte[] bytes = converter(false, Map.of()).fromConnectData(topic, V1, order(V1, 1, 5, "a@x.io"));
    registry.rules(subject, 1, TAGS, ruleSet(rule("positive", "CEL", "message.amount > 0.0", "ERROR")));
    Converter cached = enforcing(false);
    cached.toConnectData(topic, bytes);

    registry.down = true;
    registry.idsCached = true;
    assertThat(((Struct) cached.toConnectData(topic, bytes).value()).getString("email")).hasSize(64);
    assertThatThrownBy(() -> enforcing(false).toConnectData(topic, bytes))
        .isInstanceOf(RegistryUnavailableException.class).hasMessageContaining("subject '" + subject + "'")
        .hasMessageContaining("contract.fail.open.enabled=true");
    Converter open = converter(false, Map.of("contract.enabled", "true", "contract.fail.open.enabled", "true"));
    assertThat(((Struct) open.toConnectData(topic, bytes).value()).getString("email")).isEqualTo("a@x.io");
  }

  @Test
  void withoutContractEnabledNothingIsChecked() {
    byte[] bytes = converter(false, Map.of()).fromConnectData(topic, V1, order(V1, 1, -5, "a@x.io"));
    registry.rules(subject, 1, TAGS, ruleSet(rule("positive", "CEL", "message.amount > 0.0", "ERROR")));
    RecordHeaders headers = new RecordHeaders();
    Struct read = (Struct) converter(false, Map.of()).toConnectData(topic, headers, bytes).value();
    assertThat(read.getString("email")).isEqualTo("a@x.io");
    assertThat(headers.toArray()).isEmpty();
  }
}
