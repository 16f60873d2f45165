// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.governance;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import javax.management.ObjectName;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The worker-level contract interceptor on JSON values: passing records keep their topic with sf.schema, breaking
 * ones (ERROR and DLQ alike) and unreadable ones go to the quarantine topic with sf.violation, other topics are not
 * touched, and the JMX counts add up.
 */
class ContractProducerInterceptorTest {

  private final FakeRegistry registry = new FakeRegistry();
  private ContractProducerInterceptor interceptor;

  @AfterEach
  void close() {
    if (interceptor != null) {
      interceptor.close();
    }
  }

  private ContractProducerInterceptor interceptor(String topic) {
    Map<String, Object> producer = new HashMap<>();
    producer.put("bootstrap.servers", "broker:9092");
    producer.put("streamfirst.contract.topics", topic);
    producer.put("streamfirst.contract.schema.registry.url", "http://fake:8081");
    producer.put("streamfirst.contract.value.converter.schemas.enable", "false");
    interceptor = new ContractProducerInterceptor(() -> new ContractEnforcer<>(config -> registry, Clock.systemUTC()));
    interceptor.configure(producer);
    return interceptor;
  }

  private static ProducerRecord<byte[], byte[]> record(String topic, String json) {
    RecordHeaders headers = new RecordHeaders();
    headers.add("sf.path", "file-source".getBytes(StandardCharsets.UTF_8));
    return new ProducerRecord<>(topic, 0, 7L, "k".getBytes(StandardCharsets.UTF_8),
        json == null ? null : json.getBytes(StandardCharsets.UTF_8), headers);
  }

  private static String header(ProducerRecord<byte[], byte[]> record, String name) {
    Header header = record.headers().lastHeader(name);
    return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
  }

  @Test
  void breakingAndUnreadableRecordsAreQuarantinedWithHeadersAndTheCountsAddUp() throws Exception {
    String topic = "orders-" + UUID.randomUUID();
    registry.put(topic + "-value", 2, "{\"type\":\"string\"}", null,
        "{\"domainRules\":[{\"name\":\"positive\",\"type\":\"CEL\",\"expr\":\"message.amount > 0.0\","
            + "\"onFailure\":\"ERROR\"},{\"name\":\"hasId\",\"type\":\"REQUIRED\",\"params\":{\"fields\":\"id\"},"
            + "\"onFailure\":\"DLQ\"}]}");
    ContractProducerInterceptor interceptor = interceptor(topic);

    ProducerRecord<byte[], byte[]> good = interceptor.onSend(record(topic, "{\"id\":1,\"amount\":2.5}"));
    ProducerRecord<byte[], byte[]> negative = interceptor.onSend(record(topic, "{\"id\":2,\"amount\":-1.0}"));
    ProducerRecord<byte[], byte[]> noId = interceptor.onSend(record(topic, "{\"amount\":3.0}"));
    ProducerRecord<byte[], byte[]> unreadable = interceptor.onSend(record(topic, "not json {"));
    ProducerRecord<byte[], byte[]> tombstone = interceptor.onSend(record(topic, null));
    ProducerRecord<byte[], byte[]> other = record("other-" + topic, "not json {");

    assertThat(good.topic()).isEqualTo(topic);
    assertThat(good.partition()).isZero();
    assertThat(new String(good.value(), StandardCharsets.UTF_8)).isEqualTo("{\"id\":1,\"amount\":2.5}");
    assertThat(header(good, "sf.schema")).isEqualTo(topic + "-value:2");
    assertThat(header(good, "sf.violation")).isNull();
    assertThat(header(good, "sf.path")).as("headers already present are kept").isEqualTo("file-source");

    assertThat(negative.topic()).as("ERROR cannot fail a send: quarantined").isEqualTo(topic + ".quarantine");
    assertThat(negative.partition()).isNull();
    assertThat(new String(negative.value(), StandardCharsets.UTF_8)).isEqualTo("{\"id\":2,\"amount\":-1.0}");
    assertThat(header(negative, "sf.violation")).isEqualTo("positive: the expression is false");
    assertThat(header(negative, "sf.schema")).isEqualTo(topic + "-value:2");
    assertThat(header(negative, "sf.path")).isEqualTo("file-source");

    assertThat(noId.topic()).isEqualTo(topic + ".quarantine");
    assertThat(header(noId, "sf.violation")).isEqualTo("hasId: required field(s) [id] missing or null");

    assertThat(unreadable.topic()).isEqualTo(topic + ".quarantine");
    assertThat(header(unreadable, "sf.violation")).startsWith("*unchecked: the value cannot be read by JsonConverter")
        .doesNotContain("not json");
    assertThat(tombstone.topic()).isEqualTo(topic);
    assertThat(interceptor.onSend(other)).as("not a governed topic").isSameAs(other);

    ObjectName name = new ObjectName("io.streamfirst.connect.governance:type=contract-interceptor,topic="
        + ObjectName.quote(topic));
    var server = ManagementFactory.getPlatformMBeanServer();
    assertThat(server.getAttribute(name, "Checked")).isEqualTo(5L);
    assertThat(server.getAttribute(name, "Passed")).isEqualTo(2L);
    assertThat(server.getAttribute(name, "Quarantined")).isEqualTo(3L);
  }

  @Test
  void aContractThatCannotBeCheckedQuarantinesNamingTheRule() {
    String topic = "orders-" + UUID.randomUUID();
    registry.put(topic + "-value", 1, "{\"type\":\"string\"}", null,
        "{\"domainRules\":[{\"name\":\"broken\",\"type\":\"CEL\",\"expr\":\"message.amount >\"}]}");
    ProducerRecord<byte[], byte[]> out = interceptor(topic).onSend(record(topic, "{\"amount\":1.0}"));

    assertThat(out.topic()).isEqualTo(topic + ".quarantine");
    assertThat(header(out, "sf.violation")).startsWith("*unchecked: ").contains(topic + "-value", "broken");
  }

  @Test
  void aPassingRecordKeepsItsBytesAndGetsTheHeadersAlsoWhenItsHeadersAreReadOnly() {
    String topic = "orders-" + UUID.randomUUID();
    registry.put(topic + "-value", 3, "{\"type\":\"string\"}", null,
        "{\"domainRules\":[{\"name\":\"positive\",\"type\":\"CEL\",\"expr\":\"message.amount > 0.0\"}]}");
    ContractProducerInterceptor interceptor = interceptor(topic);
    ProducerRecord<byte[], byte[]> first = record(topic, "{\"amount\":1.0}");
    ProducerRecord<byte[], byte[]> out = interceptor.onSend(first);
    assertThat(out.value()).isSameAs(first.value());
    assertThat(header(out, "sf.schema")).isEqualTo(topic + "-value:3");

    // a send the worker retries comes back with the headers the producer made read-only
    ProducerRecord<byte[], byte[]> retried = record(topic, "{\"amount\":2.0}");
    ((RecordHeaders) retried.headers()).setReadOnly();
    ProducerRecord<byte[], byte[]> again = interceptor.onSend(retried);
    assertThat(again.topic()).isEqualTo(topic);
    assertThat(header(again, "sf.schema")).isEqualTo(topic + "-value:3");
    assertThat(header(again, "sf.path")).isEqualTo("file-source");
  }
}
