// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.governance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamfirst.connect.governance.registry.RegisteredSchema;
import io.streamfirst.connect.governance.registry.RegistryUnavailableException;
import io.streamfirst.connect.governance.registry.SchemaText;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.Map;
import org.apache.avro.Schema.Parser;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.junit.jupiter.api.Test;

/** AvroConverter on a registry in memory: round trips, subjects, registration modes, outages. */
class AvroConverterTest {

  private final InMemoryRegistry registry = new InMemoryRegistry();

  private AvroConverter converter(boolean isKey, Map<String, String> extra) {
    AvroConverter converter = new AvroConverter(registry);
    Map<String, String> config = new HashMap<>(Map.of("schema.registry.url", "http://unused:8081"));
    config.putAll(extra);
    converter.configure(config, isKey);
    return converter;
  }

  /** Writes with one converter and reads with a fresh one, which parses the registered schema text. */
  private SchemaAndValue roundTrip(String topic, Schema schema, Object value) {
    byte[] bytes = converter(false, Map.of()).fromConnectData(topic, schema, value);
    return converter(false, Map.of()).toConnectData(topic, bytes);
  }

  @Test
  void everyConnectTypeAndLogicalTypeRoundTrips() {
    Struct value = ConnectSamples.everything();
    SchemaAndValue read = roundTrip("rt", ConnectSamples.EVERYTHING, value);
    assertThat(read.schema()).isEqualTo(ConnectSamples.EVERYTHING);
    // opt_with_default was not set: Connect reads its default (5), which is what is written and read back
    assertThat(read.value()).isEqualTo(ConnectSamples.everything().put("opt_with_default", (short) 5));
    assertThat(((Struct) read.value()).get("opt_null")).isNull();
  }

  @Test
  void topLevelPrimitivesAndLogicalTypesRoundTrip() {
    Object[][] cases = {
        {Schema.STRING_SCHEMA, "plain"}, {Schema.INT8_SCHEMA, (byte) 1}, {Schema.INT16_SCHEMA, (short) 2},
        {Schema.INT32_SCHEMA, 3}, {Schema.INT64_SCHEMA, 4L}, {Schema.FLOAT32_SCHEMA, 5.5f},
        {Schema.FLOAT64_SCHEMA, 6.5}, {Schema.BOOLEAN_SCHEMA, false},
        {Decimal.schema(0), new BigDecimal("12345678901234567890")},
        {SchemaBuilder.array(Schema.INT64_SCHEMA).build(), java.util.List.of(1L, 2L)},
        {SchemaBuilder.map(Schema.STRING_SCHEMA, Schema.STRING_SCHEMA).build(), Map.of("k", "v")}};
    int i = 0;
    for (Object[] c : cases) {
      SchemaAndValue read = roundTrip("prim-" + i++, (Schema) c[0], c[1]);
      assertThat(read.schema()).as(c[0].toString()).isEqualTo(c[0]);
      assertThat(read.value()).as(c[0].toString()).isEqualTo(c[1]);
    }
    byte[] bytes = converter(false, Map.of()).fromConnectData("bytes", Schema.BYTES_SCHEMA, new byte[]{1, 2});
    assertThat((byte[]) converter(false, Map.of()).toConnectData("bytes", bytes).value()).containsExactly(1, 2);
  }

  @Test
  void writesTheConfluentWireFormatWithTheRegisteredId() throws Exception {
    byte[] bytes = converter(false, Map.of()).fromConnectData("wire", Schema.STRING_SCHEMA, "x");
    int id = registry.latest("wire-value").id();
    assertThat(bytes).startsWith(0, 0, 0, 0, id);
    assertThat(bytes.length).isEqualTo(5 + 2);
    assertThat(new Parser().parse(registry.schemaById(id).schema()).getType())
        .isEqualTo(org.apache.avro.Schema.Type.STRING);
  }

  @Test
  void asAHeaderConverterItRegistersUnderTopicAndHeaderKey() {
    AvroConverter headers = new AvroConverter(registry);
    headers.configure(Map.of("schema.registry.url", "http://unused:8081"));
    Struct address = new Struct(ConnectSamples.ADDRESS).put("street", "s");
    byte[] bytes = headers.fromConnectHeader("orders", "shipping", ConnectSamples.ADDRESS, address);
    assertThat(registry.subjects()).containsExactly("orders-shipping");
    SchemaAndValue read = headers.toConnectHeader("orders", "shipping", bytes);
    assertThat(read.schema()).isEqualTo(ConnectSamples.ADDRESS);
    assertThat(read.value()).isEqualTo(address);
  }

  @Test
  void nullIsATombstoneBothWays() {
    AvroConverter converter = converter(false, Map.of());
    assertThat(converter.fromConnectData("t", ConnectSamples.ADDRESS, null)).isNull();
    assertThat(converter.toConnectData("t", null)).isEqualTo(SchemaAndValue.NULL);
  }

  @Test
  void subjectNameStrategies() {
    Struct address = new Struct(ConnectSamples.ADDRESS).put("street", "s");
    converter(true, Map.of()).fromConnectData("orders", ConnectSamples.ADDRESS, address);
    converter(false, Map.of("value.subject.name.strategy", "RecordNameStrategy"))
        .fromConnectData("orders", ConnectSamples.ADDRESS, address);
    converter(false, Map.of("value.subject.name.strategy",
        "io.confluent.kafka.serializers.subject.TopicRecordNameStrategy"))
        .fromConnectData("orders", ConnectSamples.ADDRESS, address);
    assertThat(registry.subjects()).containsExactly("orders-key", "io.streamfirst.test.Address",
        "orders-io.streamfirst.test.Address");
    assertThatThrownBy(() -> converter(false, Map.of("value.subject.name.strategy", "RecordNameStrategy"))
        .fromConnectData("orders", Schema.STRING_SCHEMA, "x"))
        .isInstanceOf(DataException.class).hasMessageContaining("value.subject.name.strategy");
  }

  @Test
  void withoutAutoRegisterTheSchemaMustBeRegistered() {
    Struct address = new Struct(ConnectSamples.ADDRESS).put("street", "s");
    AvroConverter strict = converter(false, Map.of("auto.register.schemas", "false"));
    assertThatThrownBy(() -> strict.fromConnectData("strict", ConnectSamples.ADDRESS, address))
        .isInstanceOf(DataException.class)
        .hasMessageContaining("subject 'strict-value'").hasMessageContaining("auto.register.schemas");
    int id = registry.register("strict-value", SchemaText.avro(
        io.streamfirst.connect.governance.avro.AvroSchemas.toAvro(ConnectSamples.ADDRESS).toString()));
    byte[] bytes = converter(false, Map.of("auto.register.schemas", "false"))
        .fromConnectData("strict", ConnectSamples.ADDRESS, address);
    assertThat(bytes[4]).isEqualTo((byte) id);
  }

  @Test
  void useLatestVersionWritesWithTheRegisteredSchemaAndItsDefaults() {
    String latest = "{\"type\":\"record\",\"name\":\"Address\",\"namespace\":\"io.streamfirst.test\",\"fields\":["
        + "{\"name\":\"street\",\"type\":\"string\"},"
        + "{\"name\":\"country\",\"type\":\"string\",\"default\":\"NL\"}]}";
    int id = registry.register("latest-value", SchemaText.avro(latest));
    byte[] bytes = converter(false, Map.of("use.latest.version", "true"))
        .fromConnectData("latest", ConnectSamples.ADDRESS, new Struct(ConnectSamples.ADDRESS).put("street", "s"));
    assertThat(bytes[4]).isEqualTo((byte) id);
    Struct read = (Struct) converter(false, Map.of()).toConnectData("latest", bytes).value();
    assertThat(read.getString("street")).isEqualTo("s");
    assertThat(read.getString("country")).isEqualTo("NL");
  }

  @Test
  void cachedSchemasKeepWorkingWhileTheRegistryIsDownAndUnknownIdsFailClosed() {
    AvroConverter writer = converter(false, Map.of());
    AvroConverter reader = converter(false, Map.of());
    Struct address = new Struct(ConnectSamples.ADDRESS).put("street", "s");
    byte[] before = writer.fromConnectData("outage", ConnectSamples.ADDRESS, address);
    reader.toConnectData("outage", before);
    byte[] other = converter(false, Map.of()).fromConnectData("outage-other", Schema.STRING_SCHEMA, "x");
    registry.down = true;
    assertThat(reader.toConnectData("outage", writer.fromConnectData("outage", ConnectSamples.ADDRESS, address))
        .value()).isEqualTo(address);
    assertThatThrownBy(() -> reader.toConnectData("outage-other", other))
        .isInstanceOf(RegistryUnavailableException.class);
    assertThatThrownBy(() -> writer.fromConnectData("outage", Schema.STRING_SCHEMA, "new schema"))
        .isInstanceOf(RegistryUnavailableException.class);
  }

  @Test
  void bytesNotInTheWireFormatAreABadRecord() {
    AvroConverter converter = converter(false, Map.of());
    assertThatThrownBy(() -> converter.toConnectData("plain", "{}".getBytes()))
        .isInstanceOf(DataException.class).hasMessageContaining("topic 'plain'").hasMessageContaining("magic byte");
    assertThatThrownBy(() -> converter.toConnectData("short", new byte[]{0, 0}))
        .isInstanceOf(DataException.class).hasMessageContaining("too few");
    assertThatThrownBy(() -> converter.toConnectData("unknown", new byte[]{0, 0, 0, 0, 99, 1}))
        .isInstanceOf(DataException.class).hasMessageContaining("schema id 99");
  }

  @Test
  void aJsonSchemaIdIsRefused() {
    int id = registry.register("json-value", SchemaText.json("{\"type\":\"string\"}"));
    assertThat(registry.schemaById(id).schemaType()).isEqualTo(RegisteredSchema.JSON);
    assertThatThrownBy(() -> converter(false, Map.of()).toConnectData("json", new byte[]{0, 0, 0, 0, (byte) id,
        2, 'x'})).isInstanceOf(DataException.class).hasMessageContaining("JSON schema");
  }
}
