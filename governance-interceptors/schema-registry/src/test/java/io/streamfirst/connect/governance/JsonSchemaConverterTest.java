// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.governance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamfirst.connect.governance.registry.RegistryUnavailableException;
import io.streamfirst.connect.governance.registry.SchemaText;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.junit.jupiter.api.Test;

/** JsonSchemaConverter on a registry in memory: round trips, foreign schemas, registration modes, outages. */
class JsonSchemaConverterTest {

  private final InMemoryRegistry registry = new InMemoryRegistry();

  private JsonSchemaConverter converter(Map<String, String> extra) {
    JsonSchemaConverter converter = new JsonSchemaConverter(registry);
    Map<String, String> config = new HashMap<>(Map.of("schema.registry.url", "http://unused:8081"));
    config.putAll(extra);
    converter.configure(config, false);
    return converter;
  }

  private SchemaAndValue roundTrip(String topic, Schema schema, Object value) {
    byte[] bytes = converter(Map.of()).fromConnectData(topic, schema, value);
    return converter(Map.of()).toConnectData(topic, bytes);
  }

  @Test
  void everyConnectTypeAndLogicalTypeRoundTrips() {
    SchemaAndValue read = roundTrip("rt", ConnectSamples.EVERYTHING, ConnectSamples.everything());
    assertThat(read.schema()).isEqualTo(ConnectSamples.EVERYTHING);
    assertThat(read.value()).isEqualTo(ConnectSamples.everything().put("opt_with_default", (short) 5));
  }

  @Test
  void topLevelPrimitivesAndLogicalTypesRoundTrip() {
    Object[][] cases = {
        {Schema.STRING_SCHEMA, "plain"}, {Schema.INT8_SCHEMA, (byte) 1}, {Schema.INT16_SCHEMA, (short) 2},
        {Schema.INT32_SCHEMA, 3}, {Schema.INT64_SCHEMA, 4L}, {Schema.FLOAT32_SCHEMA, 5.5f},
        {Schema.FLOAT64_SCHEMA, 6.5}, {Schema.BOOLEAN_SCHEMA, false},
        {Decimal.schema(3), new BigDecimal("-98765432109876543210.123")},
        {SchemaBuilder.array(Schema.OPTIONAL_INT64_SCHEMA).build(), Arrays.asList(1L, null)},
        {SchemaBuilder.map(Schema.STRING_SCHEMA, Schema.STRING_SCHEMA).build(), Map.of("k", "v")}};
    int i = 0;
    for (Object[] c : cases) {
      SchemaAndValue read = roundTrip("prim-" + i++, (Schema) c[0], c[1]);
      assertThat(read.schema()).as(c[0].toString()).isEqualTo(c[0]);
      assertThat(read.value()).as(c[0].toString()).isEqualTo(c[1]);
    }
  }

  @Test
  void writesTheWireFormatWithPlainJsonAndAJsonSchema() throws Exception {
    Struct address = new Struct(ConnectSamples.ADDRESS).put("street", "Main St 1").put("zip", 12345);
    byte[] bytes = converter(Map.of()).fromConnectData("wire", ConnectSamples.ADDRESS, address);
    int id = registry.latest("wire-value").id();
    assertThat(registry.latest("wire-value").schemaType()).isEqualTo("JSON");
    assertThat(bytes).startsWith(0, 0, 0, 0, id);
    JsonNode json = new ObjectMapper().readTree(new String(bytes, 5, bytes.length - 5, StandardCharsets.UTF_8));
    assertThat(json.toString()).isEqualTo("{\"street\":\"Main St 1\",\"zip\":12345}");
    JsonNode schema = new ObjectMapper().readTree(registry.schemaById(id).schema());
    assertThat(schema.path("$schema").asText()).isEqualTo("http://json-schema.org/draft-07/schema#");
    assertThat(schema.path("title").asText()).isEqualTo("io.streamfirst.test.Address");
    assertThat(schema.path("required").toString()).isEqualTo("[\"street\"]");
  }

  @Test
  void readsRecordsWrittenWithAHandWrittenSchema() {
    String schema = "{\"type\":\"object\",\"title\":\"Order\",\"properties\":{"
        + "\"id\":{\"type\":\"integer\"},\"item\":{\"type\":\"string\"},\"price\":{\"type\":\"number\"},"
        + "\"note\":{\"type\":[\"null\",\"string\"]},\"tags\":{\"type\":\"array\",\"items\":{\"type\":\"string\"}},"
        + "\"attrs\":{\"type\":\"object\",\"additionalProperties\":{\"type\":\"integer\"}}},"
        + "\"required\":[\"id\",\"item\"]}";
    int id = registry.register("foreign-value", SchemaText.json(schema));
    byte[] payload = "{\"id\":7,\"item\":\"pen\",\"price\":1.25,\"tags\":[\"a\"],\"attrs\":{\"n\":2}}"
        .getBytes(StandardCharsets.UTF_8);
    byte[] bytes = new byte[5 + payload.length];
    bytes[4] = (byte) id;
    System.arraycopy(payload, 0, bytes, 5, payload.length);
    SchemaAndValue read = converter(Map.of()).toConnectData("foreign", bytes);
    Schema expected = SchemaBuilder.struct().name("Order").field("id", Schema.INT64_SCHEMA)
        .field("item", Schema.STRING_SCHEMA).field("price", Schema.OPTIONAL_FLOAT64_SCHEMA)
        .field("note", Schema.OPTIONAL_STRING_SCHEMA)
        .field("tags", SchemaBuilder.array(Schema.STRING_SCHEMA).optional().build())
        .field("attrs", SchemaBuilder.map(Schema.STRING_SCHEMA, Schema.INT64_SCHEMA).optional().build()).build();
    assertThat(read.schema()).isEqualTo(expected);
    assertThat(read.value()).isEqualTo(new Struct(expected).put("id", 7L).put("item", "pen").put("price", 1.25)
        .put("tags", List.of("a")).put("attrs", Map.of("n", 2L)));

    byte[] missing = Arrays.copyOf(bytes, 5 + 12);
    System.arraycopy("{\"id\":7}    ".getBytes(StandardCharsets.UTF_8), 0, missing, 5, 12);
    assertThatThrownBy(() -> converter(Map.of()).toConnectData("foreign", missing))
        .isInstanceOf(DataException.class).hasMessageContaining("'item'").hasMessageContaining("topic 'foreign'");
  }

  @Test
  void useLatestVersionAndAutoRegisterOff() {
    String latest = "{\"type\":\"object\",\"title\":\"io.streamfirst.test.Address\",\"properties\":{"
        + "\"street\":{\"type\":\"string\"},\"country\":{\"type\":\"string\",\"default\":\"NL\"}},"
        + "\"required\":[\"street\",\"country\"]}";
    int id = registry.register("latest-value", SchemaText.json(latest));
    Struct address = new Struct(ConnectSamples.ADDRESS).put("street", "s");
    byte[] bytes = converter(Map.of("use.latest.version", "true")).fromConnectData("latest", ConnectSamples.ADDRESS,
        address);
    assertThat(bytes[4]).isEqualTo((byte) id);
    assertThat(new String(bytes, 5, bytes.length - 5, StandardCharsets.UTF_8))
        .isEqualTo("{\"street\":\"s\",\"country\":\"NL\"}");
    assertThatThrownBy(() -> converter(Map.of("auto.register.schemas", "false"))
        .fromConnectData("unregistered", ConnectSamples.ADDRESS, address))
        .isInstanceOf(DataException.class).hasMessageContaining("subject 'unregistered-value'");
  }

  @Test
  void cachedSchemasKeepWorkingWhileTheRegistryIsDown() {
    JsonSchemaConverter writer = converter(Map.of());
    JsonSchemaConverter reader = converter(Map.of());
    Struct address = new Struct(ConnectSamples.ADDRESS).put("street", "s");
    reader.toConnectData("outage", writer.fromConnectData("outage", ConnectSamples.ADDRESS, address));
    byte[] other = converter(Map.of()).fromConnectData("outage-2", Schema.STRING_SCHEMA, "x");
    registry.down = true;
    assertThat(reader.toConnectData("outage", writer.fromConnectData("outage", ConnectSamples.ADDRESS, address))
        .value()).isEqualTo(address);
    assertThatThrownBy(() -> reader.toConnectData("outage-2", other)).isInstanceOf(RegistryUnavailableException.class);
  }
}
