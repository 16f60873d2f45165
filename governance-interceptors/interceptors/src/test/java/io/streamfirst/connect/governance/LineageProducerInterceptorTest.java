// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.governance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.management.ObjectName;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

class LineageProducerInterceptorTest {

  private static final String TRACE = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
  private static final String NEW_TRACE = "00-11111111111111111111111111111111-2222222222222222-01";

  private static LineageProducerInterceptor<byte[], byte[]> interceptor(String clientId, String... settings) {
    Map<String, Object> configs = new HashMap<>();
    configs.put("bootstrap.servers", "broker-1:9092,broker-2:9092");
    configs.put("client.id", clientId);
    configs.put("sasl.jaas.config", "secret");
    for (int i = 0; i < settings.length; i += 2) {
      configs.put(settings[i], settings[i + 1]);
    }
    LineageProducerInterceptor<byte[], byte[]> interceptor = new LineageProducerInterceptor<>();
    interceptor.configure(configs);
    interceptor.traces(() -> NEW_TRACE);
    return interceptor;
  }

  private static ProducerRecord<byte[], byte[]> record(String topic, Header... headers) {
    return new ProducerRecord<>(topic, 1, 42L, "k".getBytes(StandardCharsets.UTF_8),
        "{\"v\":1}".getBytes(StandardCharsets.UTF_8), new RecordHeaders(headers));
  }

  private static Header header(String name, String value) {
    return new RecordHeader(name, value.getBytes(StandardCharsets.UTF_8));
  }

  private static Map<String, List<String>> headers(ProducerRecord<?, ?> record) {
    Map<String, List<String>> out = new HashMap<>();
    for (Header header : record.headers()) {
      out.computeIfAbsent(header.key(), k -> new java.util.ArrayList<>())
          .add(new String(header.value(), StandardCharsets.UTF_8));
    }
    return out;
  }

  private static long attribute(String connector, String name) throws Exception {
    return (Long) ManagementFactory.getPlatformMBeanServer().getAttribute(
        new ObjectName("streamfirst.lineage:type=connector,connector=" + connector), name);
  }

  @Test
  void aSourceTaskRecordGetsOriginTraceAndItsConnectorAsPath() throws Exception {
    LineageProducerInterceptor<byte[], byte[]> interceptor = interceptor("connector-producer-files-a-0",
        "streamfirst.lineage.cluster.name", "prod-eu");
    ProducerRecord<byte[], byte[]> in = record("orders", header("other", "x"));

    ProducerRecord<byte[], byte[]> out = interceptor.onSend(in);

    assertThat(headers(out)).isEqualTo(Map.of("other", List.of("x"), "sf.origin", List.of("kafka://prod-eu/orders"),
        "sf.trace", List.of(NEW_TRACE), "sf.path", List.of("files-a")));
    assertThat(out.topic()).isEqualTo("orders");
    assertThat(out.partition()).isEqualTo(1);
    assertThat(out.timestamp()).isEqualTo(42L);
    assertThat(out.key()).isSameAs(in.key());
    assertThat(out.value()).isSameAs(in.value());
    assertThat(headers(in)).as("the input record is not modified").isEqualTo(Map.of("other", List.of("x")));
    assertThat(attribute("files-a", "RecordsStampedTotal")).isEqualTo(1);
    assertThat(attribute("files-a", "ErrorsTotal")).isZero();
  }

  @Test
  void withoutAClusterNameTheOriginNamesTheFirstBootstrapAddress() {
    ProducerRecord<byte[], byte[]> out = interceptor("connector-producer-files-b-3").onSend(record("t1"));

    assertThat(headers(out).get("sf.origin")).containsExactly("kafka://broker-1:9092/t1");
  }

  @Test
  void headersACdcSourceSetAreKeptAndItsHopIsNotRepeated() {
    Header[] cdc = {header("sf.origin", "postgres://db:5432/shop/public.orders"), header("sf.source.ts", "17"),
        header("sf.source.pos", "0/1777A48"), header("sf.tx", "771"), header("sf.path", "pg-orders,sql:clean")};

    ProducerRecord<byte[], byte[]> same = interceptor("connector-producer-pg-orders-0").onSend(record("o", cdc));
    ProducerRecord<byte[], byte[]> other = interceptor("connector-producer-mirror-0").onSend(record("o", cdc));

    assertThat(headers(same)).isEqualTo(Map.of("sf.origin", List.of("postgres://db:5432/shop/public.orders"),
        "sf.source.ts", List.of("17"), "sf.source.pos", List.of("0/1777A48"), "sf.tx", List.of("771"),
        "sf.path", List.of("pg-orders,sql:clean"), "sf.trace", List.of(NEW_TRACE)));
    assertThat(headers(other).get("sf.path")).containsExactly("pg-orders,sql:clean,mirror");
    assertThat(headers(other).get("sf.origin")).containsExactly("postgres://db:5432/shop/public.orders");
  }

  @Test
  void aW3cTraceparentHeaderBecomesTheTrace() {
    ProducerRecord<byte[], byte[]> out = interceptor("connector-producer-otel-0")
        .onSend(record("t", header("traceparent", TRACE)));

    assertThat(headers(out).get("sf.trace")).containsExactly(TRACE);
    assertThat(headers(out).get("traceparent")).containsExactly(TRACE);
  }

  @Test
  void deadLetterOffsetsAndOtherProducersAreLeftAlone() throws Exception {
    ProducerRecord<byte[], byte[]> in = record("t", header("a", "b"));

    assertThat(interceptor("connector-dlq-producer-sink-x-0").onSend(in)).isSameAs(in);
    assertThat(interceptor("connector-offset-producer-sink-x-1").onSend(in)).isSameAs(in);
    assertThat(interceptor("my-app").onSend(in)).isSameAs(in);
    assertThat(interceptor("connector-producer-off-0", "streamfirst.lineage.enabled", "false").onSend(in))
        .isSameAs(in);
    assertThat(headers(in)).isEqualTo(Map.of("a", List.of("b")));
    assertThat(attribute("sink-x", "RecordsSkippedTotal")).isEqualTo(2);
    assertThat(attribute("off", "RecordsSkippedTotal")).isEqualTo(1);
  }

  @Test
  void aFailureIsCountedAndTheRecordPassesUnchanged() throws Exception {
    LineageProducerInterceptor<byte[], byte[]> interceptor = interceptor("connector-producer-broken-0");
    interceptor.traces(() -> {
      throw new IllegalStateException("no randomness");
    });
    ProducerRecord<byte[], byte[]> in = record("t", header("a", "b"));

    ProducerRecord<byte[], byte[]> out = interceptor.onSend(in);
    interceptor.onSend(in);

    assertThat(out).isSameAs(in);
    assertThat(headers(out)).isEqualTo(Map.of("a", List.of("b")));
    assertThat(attribute("broken", "ErrorsTotal")).isEqualTo(2);
    assertThat(attribute("broken", "RecordsStampedTotal")).isZero();
  }

  @Test
  void overTheBudgetTheRecordIsTrimmedAndCounted() throws Exception {
    String path = String.join(",", "a".repeat(60), "b".repeat(60), "c");
    ProducerRecord<byte[], byte[]> out = interceptor("connector-producer-long-0", "streamfirst.lineage.cluster.name",
        "c1").onSend(record("t", header("sf.path", path)));

    assertThat(headers(out).get("sf.path")).containsExactly("...," + "b".repeat(60) + ",c,long");
    assertThat(attribute("long", "RecordsTrimmedTotal")).isEqualTo(1);
  }

  @Test
  void wireFormatSchemaIdsBecomeTheSchemaOnlyWhenTurnedOn() {
    byte[] avro = {0, 0, 0, 1, 7, 2, 4};
    ProducerRecord<byte[], byte[]> in = new ProducerRecord<>("t", null, avro);

    assertThat(headers(interceptor("connector-producer-s-0", "streamfirst.lineage.schema.id.enabled", "true")
        .onSend(in)).get("sf.schema")).containsExactly("263");
    assertThat(headers(interceptor("connector-producer-s-0").onSend(in))).doesNotContainKey("sf.schema");
    ProducerRecord<byte[], byte[]> kept = new ProducerRecord<>("t", null, null, null, avro,
        List.of(header("sf.schema", "orders-value:3")));
    assertThat(headers(interceptor("connector-producer-s-0", "streamfirst.lineage.schema.id.enabled", "true")
        .onSend(kept)).get("sf.schema")).containsExactly("orders-value:3");
  }

  @Test
  void invalidSettingsFailTheProducerWithTheKeyToChange() {
    assertThatThrownBy(() -> interceptor("connector-producer-x-0", "streamfirst.lineage.header.budget.bytes", "50"))
        .isInstanceOf(ConfigException.class).hasMessageContaining("streamfirst.lineage.header.budget.bytes")
        .hasMessageContaining("at least 100");
    assertThatThrownBy(() -> interceptor("connector-producer-x-0", "streamfirst.lineage.cluster.name", "a/b"))
        .isInstanceOf(ConfigException.class).hasMessageContaining("streamfirst.lineage.cluster.name");
  }

  @Test
  void duplicatedHeadersOfOtherNamesStayAsTheyCame() {
    ProducerRecord<byte[], byte[]> out = interceptor("connector-producer-dup-0")
        .onSend(record("t", header("x", "1"), header("x", "2"), header("sf.origin", "a"), header("sf.origin", "b")));

    assertThat(Arrays.stream(out.headers().toArray()).map(Header::key))
        .containsExactly("x", "x", "sf.origin", "sf.origin", "sf.trace", "sf.path");
  }
}
