// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.governance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.apicurio.registry.serde.avro.AvroKafkaDeserializer;
import io.apicurio.registry.serde.avro.AvroKafkaSerializer;
import io.apicurio.registry.serde.jsonschema.JsonSchemaKafkaDeserializer;
import io.apicurio.registry.serde.jsonschema.JsonSchemaKafkaSerializer;
import com.fasterxml.jackson.databind.JsonNode;
import io.streamfirst.connect.governance.avro.AvroSchemas;
import io.streamfirst.connect.governance.avro.AvroValues;
import io.streamfirst.connect.governance.registry.RegisteredSchema;
import io.streamfirst.connect.governance.registry.RegistryClient;
import io.streamfirst.connect.governance.registry.RegistryRequestException;
import io.streamfirst.connect.governance.registry.RegistryUnavailableException;
import io.streamfirst.connect.governance.registry.SchemaText;
import io.streamfirst.connect.it.fixtures.ApicurioRegistryFixture;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Timestamp;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The registry client and AvroConverter against the real Apicurio registry (its Confluent-compatible API), and
 * wire-format interop with Apicurio's own Kafka serdes in Confluent-compatible mode. One registry for the class;
 * the outage test stops it and so runs last.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ApicurioRegistryIT {

  @RegisterExtension
  static final ApicurioRegistryFixture REGISTRY = new ApicurioRegistryFixture();

  private static final String ORDER_V1 = "{\"type\":\"record\",\"name\":\"Order\",\"namespace\":\"io.streamfirst.it\","
      + "\"fields\":[{\"name\":\"id\",\"type\":\"long\"},{\"name\":\"item\",\"type\":\"string\"}]}";
  private static final String ORDER_V2 = "{\"type\":\"record\",\"name\":\"Order\",\"namespace\":\"io.streamfirst.it\","
      + "\"fields\":[{\"name\":\"id\",\"type\":\"long\"},{\"name\":\"item\",\"type\":\"string\"},"
      + "{\"name\":\"quantity\",\"type\":\"int\",\"default\":1}]}";
  private static final String ORDER_INCOMPATIBLE = "{\"type\":\"record\",\"name\":\"Order\","
      + "\"namespace\":\"io.streamfirst.it\",\"fields\":[{\"name\":\"id\",\"type\":\"long\"},"
      + "{\"name\":\"item\",\"type\":\"string\"},{\"name\":\"warehouse\",\"type\":\"string\"}]}";

  private static String unique(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  private static Map<String, String> config(Map<String, String> extra) {
    Map<String, String> config = new HashMap<>();
    config.put("schema.registry.url", REGISTRY.confluentApiUrl());
    config.put("schema.registry.request.max.retries", "2");
    config.put("schema.registry.retry.backoff.ms", "50");
    config.putAll(extra);
    return config;
  }

  private static AvroConverter converter(Map<String, String> extra) {
    AvroConverter converter = new AvroConverter();
    converter.configure(config(extra), false);
    return converter;
  }

  private static Map<String, Object> apicurioConfig() {
    Map<String, Object> config = new HashMap<>();
    config.put("apicurio.registry.url", REGISTRY.url() + "/apis/registry/v2");
    config.put("apicurio.registry.auto-register", "true");
    config.put("apicurio.registry.as-confluent", "true");
    config.put("apicurio.registry.use-id", "contentId");
    config.put("apicurio.registry.headers.enabled", "false");
    return config;
  }

  @Test
  @Order(1)
  void clientRegistersLooksUpChecksCompatibilityAndSetsConfig() {
    String subject = unique("orders") + "-value";
    try (RegistryClient client = RegistryClient.create(config(Map.of()))) {
      int v1 = client.register(subject, SchemaText.avro(ORDER_V1));
      assertThat(client.register(subject, SchemaText.avro(ORDER_V1))).isEqualTo(v1);
      assertThat(client.subjects()).contains(subject);
      assertThat(client.versions(subject)).containsExactly(1);
      RegisteredSchema byId = client.schemaById(v1);
      assertThat(byId.schemaType()).isEqualTo(RegisteredSchema.AVRO);
      assertThat(new org.apache.avro.Schema.Parser().parse(byId.schema()))
          .isEqualTo(new org.apache.avro.Schema.Parser().parse(ORDER_V1));

      assertThat(client.isCompatible(subject, "latest", SchemaText.avro(ORDER_V2))).isTrue();
      client.setCompatibility(subject, "BACKWARD");
      assertThat(client.compatibility(subject)).isEqualTo("BACKWARD");
      assertThat(client.isCompatible(subject, "latest", SchemaText.avro(ORDER_INCOMPATIBLE))).isFalse();

      int v2 = client.register(subject, SchemaText.avro(ORDER_V2));
      assertThat(v2).isNotEqualTo(v1);
      assertThat(client.versions(subject)).containsExactly(1, 2);
      RegisteredSchema latest = client.latest(subject);
      assertThat(latest.id()).isEqualTo(v2);
      assertThat(latest.version()).isEqualTo(2);
      assertThat(latest.coordinates()).isEqualTo(subject + ":2");
      assertThat(client.version(subject, "1").id()).isEqualTo(v1);
      assertThat(client.lookup(subject, SchemaText.avro(ORDER_V1))).get()
          .extracting(RegisteredSchema::version).isEqualTo(1);
      assertThat(client.lookup(subject, SchemaText.avro(ORDER_INCOMPATIBLE))).isEmpty();

      assertThatThrownBy(() -> client.register(subject, SchemaText.avro(ORDER_INCOMPATIBLE)))
          .isInstanceOf(RegistryRequestException.class).hasMessageContaining("subject '" + subject + "'")
          .hasMessageContaining(REGISTRY.confluentApiUrl()).hasMessageContaining("HTTP 409");
      assertThatThrownBy(() -> client.schemaById(987_654))
          .isInstanceOf(RegistryRequestException.class).hasMessageContaining("schema id 987654")
          .hasMessageContaining("HTTP 404");
      assertThatThrownBy(() -> client.latest(unique("missing")))
          .isInstanceOf(RegistryRequestException.class).hasMessageContaining("HTTP 404");
    }
  }

  @Test
  @Order(2)
  void unreachableRegistryFailsRetriablyNamingTheUrlButNotTheCredentials() {
    String url = "http://streamfirst:s3cr3t@127.0.0.1:1/apis/ccompat/v7";
    try (RegistryClient client = RegistryClient.create(Map.of("schema.registry.url", url,
        "basic.auth.credentials.source", "URL", "schema.registry.request.max.retries", "1",
        "schema.registry.retry.backoff.ms", "1"))) {
      assertThatThrownBy(() -> client.schemaById(1)).isInstanceOf(RegistryUnavailableException.class)
          .hasMessageContaining("http://127.0.0.1:1/apis/ccompat/v7").hasMessageContaining("schema id 1")
          .hasMessageContaining("after 2 attempt(s)").hasMessageNotContaining("s3cr3t")
          .hasMessageNotContaining("streamfirst:");
    }
  }

  @Test
  @Order(3)
  void apicurioReadsWhatOurConverterWrites() {
    String topic = unique("to-apicurio");
    Struct value = ConnectSamples.everything().put("opt_with_default", (short) 5);
    byte[] bytes = converter(Map.of()).fromConnectData(topic, ConnectSamples.EVERYTHING, value);

    GenericRecord read;
    try (AvroKafkaDeserializer<GenericRecord> deserializer = new AvroKafkaDeserializer<>()) {
      deserializer.configure(apicurioConfig(), false);
      read = deserializer.deserialize(topic, bytes);
    }
    org.apache.avro.Schema avro = AvroSchemas.toAvro(ConnectSamples.EVERYTHING);
    assertThat(read.getSchema()).isEqualTo(avro);
    assertThat(read.toString()).isEqualTo(AvroValues.toAvro(ConnectSamples.EVERYTHING, avro, value).toString());
    // spot checks against the Avro spec's encodings, independent of our mapping
    assertThat(read.get("i8")).isEqualTo(-8);
    assertThat(read.get("text").toString()).isEqualTo("héllo ✓");
    assertThat(new BigDecimal(new java.math.BigInteger(bytes((ByteBuffer) read.get("amount"))), 2))
        .isEqualByComparingTo("-12345678901234567890.12");
    assertThat(read.get("day")).isEqualTo(19_000);
    assertThat(read.get("at")).isEqualTo(1_764_065_473_123L);
    assertThat(((GenericRecord) read.get("address")).get("street").toString()).isEqualTo("Main St 1");
    assertThat(read.get("opt_null")).isNull();
    assertThat((List<?>) read.get("by_id")).hasSize(2);
  }

  @Test
  @Order(4)
  void ourConverterReadsWhatApicurioWrites() {
    String topic = unique("from-apicurio");
    org.apache.avro.Schema avro = new org.apache.avro.Schema.Parser().parse("{\"type\":\"record\",\"name\":\"Payment\","
        + "\"namespace\":\"io.streamfirst.it\",\"fields\":["
        + "{\"name\":\"id\",\"type\":\"long\"},"
        + "{\"name\":\"amount\",\"type\":{\"type\":\"bytes\",\"logicalType\":\"decimal\",\"precision\":10,\"scale\":2}},"
        + "{\"name\":\"day\",\"type\":{\"type\":\"int\",\"logicalType\":\"date\"}},"
        + "{\"name\":\"at\",\"type\":{\"type\":\"long\",\"logicalType\":\"timestamp-millis\"}},"
        + "{\"name\":\"tags\",\"type\":{\"type\":\"array\",\"items\":\"string\"}},"
        + "{\"name\":\"attrs\",\"type\":{\"type\":\"map\",\"values\":\"int\"}},"
        + "{\"name\":\"note\",\"type\":[\"null\",\"string\"],\"default\":null},"
        + "{\"name\":\"status\",\"type\":{\"type\":\"enum\",\"name\":\"Status\",\"symbols\":[\"NEW\",\"PAID\"]}}]}");
    GenericData.Record record = new GenericData.Record(avro);
    record.put("id", 42L);
    record.put("amount", ByteBuffer.wrap(new BigDecimal("1234.56").unscaledValue().toByteArray()));
    record.put("day", 20_000);
    record.put("at", 1_700_000_000_000L);
    record.put("tags", new GenericData.Array<>(avro.getField("tags").schema(), List.of("x", "y")));
    record.put("attrs", Map.of("n", 3));
    record.put("note", null);
    record.put("status", new GenericData.EnumSymbol(avro.getField("status").schema(), "PAID"));
    byte[] bytes;
    try (AvroKafkaSerializer<GenericRecord> serializer = new AvroKafkaSerializer<>()) {
      serializer.configure(apicurioConfig(), false);
      bytes = serializer.serialize(topic, record);
    }
    assertThat(bytes[0]).isZero();

    SchemaAndValue read = converter(Map.of()).toConnectData(topic, bytes);
    Schema expectedSchema = SchemaBuilder.struct().name("io.streamfirst.it.Payment")
        .field("id", Schema.INT64_SCHEMA)
        .field("amount", Decimal.builder(2).parameter(AvroSchemas.DECIMAL_PRECISION, "10").build())
        .field("day", Date.SCHEMA)
        .field("at", Timestamp.SCHEMA)
        .field("tags", SchemaBuilder.array(Schema.STRING_SCHEMA).build())
        .field("attrs", SchemaBuilder.map(Schema.STRING_SCHEMA, Schema.INT32_SCHEMA).build())
        .field("note", Schema.OPTIONAL_STRING_SCHEMA)
        .field("status", SchemaBuilder.string().name("io.streamfirst.it.Status").build())
        .build();
    assertThat(read.schema()).isEqualTo(expectedSchema);
    assertThat(read.value()).isEqualTo(new Struct(expectedSchema).put("id", 42L)
        .put("amount", new BigDecimal("1234.56")).put("day", new java.util.Date(20_000L * 86_400_000L))
        .put("at", new java.util.Date(1_700_000_000_000L)).put("tags", List.of("x", "y"))
        .put("attrs", Map.of("n", 3)).put("status", "PAID"));
  }

  @Test
  @Order(5)
  void apicurioValidatesAndReadsWhatOurJsonSchemaConverterWrites() throws Exception {
    String topic = unique("json-to-apicurio");
    JsonSchemaConverter converter = new JsonSchemaConverter();
    converter.configure(config(Map.of()), false);
    Struct value = ConnectSamples.everything().put("opt_with_default", (short) 5);
    byte[] bytes = converter.fromConnectData(topic, ConnectSamples.EVERYTHING, value);

    Map<String, Object> config = apicurioConfig();
    config.put("apicurio.registry.serde.validation-enabled", "true");
    JsonNode read;
    try (JsonSchemaKafkaDeserializer<Object> deserializer = new JsonSchemaKafkaDeserializer<>()) {
      deserializer.configure(config, false);
      read = (JsonNode) deserializer.deserialize(topic, bytes);
      assertThat(read.path("i8").asInt()).isEqualTo(-8);
      assertThat(read.path("i64").asLong()).isEqualTo(Long.MAX_VALUE);
      assertThat(read.path("text").asText()).isEqualTo("héllo ✓");
      assertThat(read.path("blob").asText()).isEqualTo("AAH/fw==");
      // decimals are exact JSON numbers; Apicurio's reader parses them as doubles, which keeps ~17 digits
      assertThat(new String(bytes, 5, bytes.length - 5, java.nio.charset.StandardCharsets.UTF_8))
          .contains("\"amount\":-12345678901234567890.12,");
      assertThat(read.path("amount").doubleValue()).isEqualTo(-12345678901234567890.12);
      assertThat(read.path("day").asInt()).isEqualTo(19_000);
      assertThat(read.path("at").asLong()).isEqualTo(1_764_065_473_123L);
      assertThat(read.path("opt_null").isNull()).isTrue();
      assertThat(read.path("address").path("street").asText()).isEqualTo("Main St 1");
      assertThat(read.path("by_id").toString())
          .isEqualTo("[{\"key\":1,\"value\":\"one\"},{\"key\":-7,\"value\":\"minus seven\"}]");

      // Apicurio really validates against our registered schema: a payload missing a required field fails.
      byte[] invalid = java.util.Arrays.copyOf(bytes, 5 + 2);
      invalid[5] = '{';
      invalid[6] = '}';
      assertThatThrownBy(() -> deserializer.deserialize(topic, invalid)).isInstanceOf(RuntimeException.class);
    }
  }

  @Test
  @Order(6)
  void ourJsonSchemaConverterReadsWhatApicurioWrites() {
    String topic = unique("json-from-apicurio");
    String schema = "{\"$schema\":\"http://json-schema.org/draft-07/schema#\",\"type\":\"object\","
        + "\"title\":\"io.streamfirst.it.Payment\",\"properties\":{\"id\":{\"type\":\"integer\"},"
        + "\"item\":{\"type\":\"string\"},\"price\":{\"type\":\"number\"},"
        + "\"tags\":{\"type\":\"array\",\"items\":{\"type\":\"string\"}}},\"required\":[\"id\",\"item\"]}";
    int id = RegistryClient.create(config(Map.of())).register(topic + "-value", SchemaText.json(schema));
    Map<String, Object> config = apicurioConfig();
    config.put("apicurio.registry.auto-register", "false");
    config.put("apicurio.registry.find-latest", "true");
    config.put("apicurio.registry.serde.validation-enabled", "true");
    Map<String, Object> payment = new java.util.LinkedHashMap<>();
    payment.put("id", 42);
    payment.put("item", "pen");
    payment.put("price", 1.25);
    payment.put("tags", List.of("a", "b"));
    byte[] bytes;
    try (JsonSchemaKafkaSerializer<Object> serializer = new JsonSchemaKafkaSerializer<>()) {
      serializer.configure(config, false);
      bytes = serializer.serialize(topic, payment);
    }
    assertThat(bytes[0]).isZero();
    assertThat(java.nio.ByteBuffer.wrap(bytes, 1, 4).getInt()).isEqualTo(id);

    JsonSchemaConverter converter = new JsonSchemaConverter();
    converter.configure(config(Map.of()), false);
    SchemaAndValue read = converter.toConnectData(topic, bytes);
    Schema expected = SchemaBuilder.struct().name("io.streamfirst.it.Payment").field("id", Schema.INT64_SCHEMA)
        .field("item", Schema.STRING_SCHEMA).field("price", Schema.OPTIONAL_FLOAT64_SCHEMA)
        .field("tags", SchemaBuilder.array(Schema.STRING_SCHEMA).optional().build()).build();
    assertThat(read.schema()).isEqualTo(expected);
    assertThat(read.value()).isEqualTo(new Struct(expected).put("id", 42L).put("item", "pen").put("price", 1.25)
        .put("tags", List.of("a", "b")));
  }

  @Test
  @Order(100)
  void registryStoppedMidStreamCachedSchemasKeepWorkingUnknownIdsFailClosedStaleLatestFailsOpen() {
    String topic = unique("outage");
    String otherTopic = unique("outage-other");
    String latestTopic = unique("outage-latest");
    AvroConverter writer = converter(Map.of());
    AvroConverter reader = converter(Map.of());
    Map<String, String> latestConfig = Map.of("use.latest.version", "true", "latest.cache.ttl.ms", "1");
    AvroConverter failClosedLatest = converter(latestConfig);
    Map<String, String> staleConfig = new HashMap<>(latestConfig);
    staleConfig.put("latest.cache.stale.on.outage.enabled", "true");
    AvroConverter failOpenLatest = converter(staleConfig);

    List<Struct> written = new ArrayList<>();
    List<Struct> readBack = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      Struct value = new Struct(ConnectSamples.ADDRESS).put("street", "before " + i).put("zip", i);
      written.add(value);
      readBack.add((Struct) reader.toConnectData(topic, writer.fromConnectData(topic, ConnectSamples.ADDRESS, value))
          .value());
    }
    byte[] unreadId = converter(Map.of()).fromConnectData(otherTopic, Schema.STRING_SCHEMA, "never read before");
    int latestId = RegistryClient.create(config(Map.of())).register(latestTopic + "-value",
        SchemaText.avro(AvroSchemas.toAvro(ConnectSamples.ADDRESS).toString()));
    Struct first = new Struct(ConnectSamples.ADDRESS).put("street", "latest");
    assertThat(failClosedLatest.fromConnectData(latestTopic, ConnectSamples.ADDRESS, first)[4])
        .isEqualTo((byte) latestId);
    assertThat(failOpenLatest.fromConnectData(latestTopic, ConnectSamples.ADDRESS, first)[4])
        .isEqualTo((byte) latestId);

    REGISTRY.stop();

    for (int i = 0; i < 3; i++) {
      Struct value = new Struct(ConnectSamples.ADDRESS).put("street", "during " + i).put("zip", 10 + i);
      written.add(value);
      readBack.add((Struct) reader.toConnectData(topic, writer.fromConnectData(topic, ConnectSamples.ADDRESS, value))
          .value());
    }
    assertThat(readBack).containsExactlyElementsOf(written);
    assertThatThrownBy(() -> reader.toConnectData(otherTopic, unreadId))
        .isInstanceOf(RegistryUnavailableException.class)
        .hasMessageContaining("schema id").hasMessageContaining(REGISTRY.confluentApiUrl())
        .hasMessageContaining("after 3 attempt(s)");
    assertThatThrownBy(() -> writer.fromConnectData(topic, Schema.STRING_SCHEMA, "a schema never registered"))
        .isInstanceOf(RegistryUnavailableException.class).hasMessageContaining("subject '" + topic + "-value'");
    assertThatThrownBy(() -> failClosedLatest.fromConnectData(latestTopic, ConnectSamples.ADDRESS, first))
        .isInstanceOf(RegistryUnavailableException.class).hasMessageContaining(latestTopic + "-value");
    byte[] stale = failOpenLatest.fromConnectData(latestTopic, ConnectSamples.ADDRESS, first);
    assertThat(stale[4]).isEqualTo((byte) latestId);
    assertThat(reader.toConnectData(latestTopic, stale).value()).isEqualTo(first);
  }

  private static byte[] bytes(ByteBuffer buffer) {
    byte[] bytes = new byte[buffer.remaining()];
    buffer.duplicate().get(bytes);
    return bytes;
  }

}
