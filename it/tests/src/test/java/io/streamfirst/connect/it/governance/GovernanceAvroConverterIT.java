// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.it.governance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamfirst.connect.it.fixtures.ApicurioRegistryFixture;
import io.streamfirst.connect.it.harness.ConnectCluster;
import io.streamfirst.connect.it.harness.ConnectClusterExtension;
import io.streamfirst.connect.it.harness.ConsumedRecord;
import io.streamfirst.connect.it.harness.TestRecord;
import io.streamfirst.connect.it.harness.Timeouts;
import io.streamfirst.connect.it.harness.UniqueNames;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * AvroConverter loaded by a Connect worker from the packaged plugin directory {@code governance}, against the
 * real Apicurio registry: Kafka's FileStream source writes Avro through it and the FileStream sink reads Avro
 * through it. The test checks the bytes on the topic and the registered schema with Apache Avro itself.
 */
class GovernanceAvroConverterIT {

  private static final String FILE_SOURCE = "org.apache.kafka.connect.file.FileStreamSourceConnector";
  private static final String FILE_SINK = "org.apache.kafka.connect.file.FileStreamSinkConnector";
  private static final String AVRO_CONVERTER = "io.streamfirst.connect.governance.AvroConverter";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @RegisterExtension
  static final ApicurioRegistryFixture REGISTRY = new ApicurioRegistryFixture();

  @RegisterExtension
  static final ConnectClusterExtension CONNECT = new ConnectClusterExtension(b -> b.workers(1));

  private static Map<String, String> avro(Map<String, String> config) {
    Map<String, String> all = new HashMap<>(config);
    all.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
    all.put("value.converter", AVRO_CONVERTER);
    all.put("value.converter.schema.registry.url", REGISTRY.confluentApiUrl());
    return all;
  }

  @Test
  void fileSourceWritesAvroAndFileSinkReadsItBackThroughThePackagedConverter(@TempDir Path dir) throws Exception {
    ConnectCluster cluster = CONNECT.cluster();
    String topic = UniqueNames.of("avro-lines");
    String source = UniqueNames.of("avro-file-source");
    String sink = UniqueNames.of("avro-file-sink");
    cluster.createTopic(topic, 1);
    Path in = dir.resolve("in.txt");
    Path out = Files.createFile(dir.resolve("out.txt"));
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      lines.add("line " + i + " é✓");
    }
    Files.write(in, lines, StandardCharsets.UTF_8);

    cluster.deploy(source, avro(Map.of("connector.class", FILE_SOURCE, "tasks.max", "1", "topic", topic,
        "file", in.toString())));
    cluster.deploy(sink, avro(Map.of("connector.class", FILE_SINK, "tasks.max", "1", "topics", topic,
        "file", out.toString())));
    cluster.awaitRunning(source, 1);
    cluster.awaitRunning(sink, 1);

    await().atMost(Timeouts.defaultWait())
        .untilAsserted(() -> assertThat(Files.readAllLines(out, StandardCharsets.UTF_8))
            .hasSameSizeAs(lines));
    assertThat(Files.readAllLines(out, StandardCharsets.UTF_8)).containsExactlyElementsOf(lines);

    // What is on the topic is the Confluent wire format with the id registered under <topic>-value.
    JsonNode latest = get("/subjects/" + topic + "-value/versions/latest");
    int id = latest.path("id").asInt();
    assertThat(new Schema.Parser().parse(latest.path("schema").asText()).getType()).isEqualTo(Schema.Type.STRING);
    List<ConsumedRecord> records = cluster.consume(topic, lines.size());
    List<String> decoded = new ArrayList<>();
    for (ConsumedRecord record : records) {
      byte[] bytes = record.valueBytes();
      assertThat(bytes[0]).isZero();
      assertThat(ByteBuffer.wrap(bytes, 1, 4).getInt()).isEqualTo(id);
      decoded.add(new GenericDatumReader<Object>(Schema.create(Schema.Type.STRING))
          .read(null, DecoderFactory.get().binaryDecoder(bytes, 5, bytes.length - 5, null)).toString());
    }
    assertThat(decoded).containsExactlyElementsOf(lines);
  }

  @Test
  void fileSinkReadsAvroRecordsWithLogicalTypesWrittenByAnotherProducer(@TempDir Path dir) throws Exception {
    ConnectCluster cluster = CONNECT.cluster();
    String topic = UniqueNames.of("avro-orders");
    String sink = UniqueNames.of("avro-orders-sink");
    cluster.createTopic(topic, 1);
    Path out = Files.createFile(dir.resolve("orders.txt"));
    Schema schema = new Schema.Parser().parse("{\"type\":\"record\",\"name\":\"Order\",\"namespace\":\"shop\","
        + "\"fields\":[{\"name\":\"id\",\"type\":\"long\"},"
        + "{\"name\":\"price\",\"type\":{\"type\":\"bytes\",\"logicalType\":\"decimal\",\"precision\":9,\"scale\":2}},"
        + "{\"name\":\"day\",\"type\":{\"type\":\"int\",\"logicalType\":\"date\"}},"
        + "{\"name\":\"note\",\"type\":[\"null\",\"string\"],\"default\":null}]}");
    int id = register(topic + "-value", schema);

    List<String> expected = new ArrayList<>();
    for (int i = 1; i <= 20; i++) {
      GenericData.Record order = new GenericData.Record(schema);
      BigDecimal price = new BigDecimal(i + ".05");
      order.put("id", (long) i);
      order.put("price", ByteBuffer.wrap(price.unscaledValue().toByteArray()));
      order.put("day", 20_000 + i);
      order.put("note", i % 2 == 0 ? "even" : null);
      cluster.produce(TestRecord.to(topic).key("k" + i).value(frame(id, schema, order)));
      expected.add("Struct{id=" + i + ",price=" + price + ",day=" + new java.util.Date((20_000L + i) * 86_400_000L)
          + (i % 2 == 0 ? ",note=even" : "") + "}");
    }

    cluster.deploy(sink, avro(Map.of("connector.class", FILE_SINK, "tasks.max", "1", "topics", topic,
        "file", out.toString())));
    cluster.awaitRunning(sink, 1);
    await().atMost(Timeouts.defaultWait())
        .untilAsserted(() -> assertThat(Files.readAllLines(out, StandardCharsets.UTF_8))
            .hasSameSizeAs(expected));
    assertThat(Files.readAllLines(out, StandardCharsets.UTF_8)).containsExactlyElementsOf(expected);
  }

  private static byte[] frame(int id, Schema schema, Object datum) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(0);
    out.write(ByteBuffer.allocate(4).putInt(id).array());
    BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
    new GenericDatumWriter<Object>(schema).write(datum, encoder);
    encoder.flush();
    return out.toByteArray();
  }

  private static int register(String subject, Schema schema) throws Exception {
    String body = JSON.createObjectNode().put("schema", schema.toString()).toString();
    HttpRequest request = HttpRequest.newBuilder(URI.create(REGISTRY.confluentApiUrl() + "/subjects/" + subject
        + "/versions")).header("Content-Type", "application/vnd.schemaregistry.v1+json")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return JSON.readTree(response.body()).path("id").asInt();
  }

  private static JsonNode get(String path) throws Exception {
    HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(REGISTRY.confluentApiUrl() + path))
        .GET().build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return JSON.readTree(response.body());
  }
}
