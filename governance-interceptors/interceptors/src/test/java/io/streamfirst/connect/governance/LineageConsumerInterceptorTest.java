// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.governance;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

class LineageConsumerInterceptorTest {

  private static LineageConsumerInterceptor<byte[], byte[]> interceptor(String clientId) {
    LineageConsumerInterceptor<byte[], byte[]> interceptor = new LineageConsumerInterceptor<>();
    interceptor.configure(Map.of("client.id", clientId, "bootstrap.servers", "b:9092"));
    return interceptor;
  }

  private static ConsumerRecord<byte[], byte[]> record(String topic, int partition, long offset, int keySize,
      int valueSize, String origin, String path) {
    RecordHeaders headers = new RecordHeaders();
    if (origin != null) {
      headers.add(new RecordHeader("sf.origin", origin.getBytes(StandardCharsets.UTF_8)));
    }
    if (path != null) {
      headers.add(new RecordHeader("sf.path", path.getBytes(StandardCharsets.UTF_8)));
    }
    return new ConsumerRecord<>(topic, partition, offset, 0L, TimestampType.CREATE_TIME, keySize, valueSize,
        new byte[Math.max(keySize, 0)], new byte[Math.max(valueSize, 0)], headers, Optional.empty());
  }

  private static ConsumerRecords<byte[], byte[]> batch(List<ConsumerRecord<byte[], byte[]>> records) {
    Map<TopicPartition, List<ConsumerRecord<byte[], byte[]>>> byPartition = new java.util.HashMap<>();
    for (ConsumerRecord<byte[], byte[]> record : records) {
      byPartition.computeIfAbsent(new TopicPartition(record.topic(), record.partition()), k -> new ArrayList<>())
          .add(record);
    }
    return new ConsumerRecords<>(byPartition, Map.of());
  }

  @Test
  void aSinkTaskConsumptionIsRecordedPerPartitionAndShownInJmx() throws Exception {
    LineageConsumerInterceptor<byte[], byte[]> interceptor = interceptor("connector-consumer-lake-sink-1");
    ConsumerRecords<byte[], byte[]> first = batch(List.of(
        record("orders", 0, 0, 3, 10, "postgres://db:5432/shop/public.orders", "pg-orders"),
        record("orders", 0, 1, -1, 20, "postgres://db:5432/shop/public.orders", "pg-orders,sql:clean"),
        record("orders", 1, 0, 2, -1, null, null)));
    ConsumerRecords<byte[], byte[]> second = batch(List.of(
        record("orders", 0, 2, 1, 1, "kafka://c1/orders", "files")));

    assertThat(interceptor.onConsume(first)).isSameAs(first);
    assertThat(interceptor.onConsume(second)).isSameAs(second);

    assertThat(ConsumedLineage.snapshot()).filteredOn(s -> s.connector().equals("lake-sink")).containsExactly(
        new ConsumedLineage.Snapshot("lake-sink", "orders", 0, 3, 35, 0,
            List.of("postgres://db:5432/shop/public.orders", "kafka://c1/orders"),
            List.of("pg-orders", "pg-orders,sql:clean", "files")),
        new ConsumedLineage.Snapshot("lake-sink", "orders", 1, 1, 2, 1, List.of(), List.of()));
    MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    ObjectName name = new ObjectName("streamfirst.lineage:type=consumer,connector=lake-sink,topic=orders,partition=0");
    assertThat(server.getAttribute(name, "RecordsConsumedTotal")).isEqualTo(3L);
    assertThat(server.getAttribute(name, "BytesConsumedTotal")).isEqualTo(35L);
    assertThat((String[]) server.getAttribute(name, "Origins"))
        .containsExactly("postgres://db:5432/shop/public.orders", "kafka://c1/orders");
  }

  @Test
  void distinctValuesAreListedUpToTheLimitWhileCountsGoOn() {
    LineageConsumerInterceptor<byte[], byte[]> interceptor = interceptor("connector-consumer-many-0");
    List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      records.add(record("t", 0, i, 0, 1, "kafka://c/" + i, "p" + i));
    }

    interceptor.onConsume(batch(records));

    ConsumedLineage.Snapshot snapshot = ConsumedLineage.snapshot().stream()
        .filter(s -> s.connector().equals("many")).findFirst().orElseThrow();
    assertThat(snapshot.records()).isEqualTo(40);
    assertThat(snapshot.origins()).hasSize(ConsumedLineage.MAX_DISTINCT).startsWith("kafka://c/0");
    assertThat(snapshot.paths()).hasSize(ConsumedLineage.MAX_DISTINCT);
  }

  @Test
  void aFailureIsCountedAndTheRecordsPassUnchanged() throws Exception {
    RecordHeaders broken = new RecordHeaders() {
      @Override
      public org.apache.kafka.common.header.Header lastHeader(String key) {
        throw new IllegalStateException("unreadable header");
      }
    };
    ConsumerRecord<byte[], byte[]> record = new ConsumerRecord<>("broken-topic", 0, 0, 0L, TimestampType.CREATE_TIME,
        1, 1, new byte[1], new byte[1], broken, Optional.empty());
    ConsumerRecords<byte[], byte[]> records = batch(List.of(record));
    LineageConsumerInterceptor<byte[], byte[]> interceptor = interceptor("connector-consumer-broken-sink-0");

    assertThat(interceptor.onConsume(records)).isSameAs(records);
    assertThat(interceptor.onConsume(records)).isSameAs(records);

    assertThat(ManagementFactory.getPlatformMBeanServer().getAttribute(
        new ObjectName("streamfirst.lineage:type=connector,connector=broken-sink"), "ErrorsTotal")).isEqualTo(2L);
  }

  @Test
  void otherConsumersAreNotRecorded() {
    ConsumerRecords<byte[], byte[]> records = batch(List.of(record("mine", 0, 0, 1, 1, "o", "p")));

    interceptor("my-app").onConsume(records);
    interceptor("connect-cluster-configs").onConsume(records);
    LineageConsumerInterceptor<byte[], byte[]> disabled = new LineageConsumerInterceptor<>();
    disabled.configure(Map.of("client.id", "connector-consumer-off-0", "streamfirst.lineage.enabled", "false"));
    disabled.onConsume(records);

    assertThat(ConsumedLineage.snapshot()).noneMatch(s -> s.topic().equals("mine"));
  }
}
