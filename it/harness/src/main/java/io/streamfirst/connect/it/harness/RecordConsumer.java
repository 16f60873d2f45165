// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.it.harness;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads a topic from its beginning, with {@code read_committed} isolation so that records of
 * aborted transactions never count. Uses partition assignment, not a consumer group, so it never
 * waits for a group rebalance and leaves no committed offsets behind.
 */
final class RecordConsumer {

  private final String bootstrapServers;

  RecordConsumer(String bootstrapServers) {
    this.bootstrapServers = bootstrapServers;
  }

  /**
   * Reads {@code topic} from the beginning until at least {@code expected} records were read.
   * Returns every record read, which may be more than {@code expected} when more were there.
   *
   * @throws AssertionError when fewer records arrive within {@code timeout}
   */
  List<ConsumedRecord> atLeast(String topic, int expected, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    List<ConsumedRecord> read = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer = newConsumer()) {
      assignFromBeginning(consumer, topic, timeout);
      while (read.size() < expected && System.nanoTime() < deadline) {
        long leftMs = Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(Math.min(leftMs, 500)))) {
          read.add(new ConsumedRecord(r));
        }
      }
    }
    if (read.size() < expected) {
      throw new AssertionError(String.format(Locale.ROOT,
          "Expected at least %d records in topic %s within %s, but read %d: %s",
          expected, topic, timeout, read.size(), read));
    }
    return read;
  }

  /**
   * Reads every record of {@code topic} up to the (last stable) end offsets as of this call.
   *
   * @throws AssertionError when the end is not reached within {@code timeout}
   */
  List<ConsumedRecord> toEnd(String topic, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    List<ConsumedRecord> read = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer = newConsumer()) {
      List<TopicPartition> partitions = assignFromBeginning(consumer, topic, timeout);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
      while (!reached(consumer, end) && System.nanoTime() < deadline) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          read.add(new ConsumedRecord(r));
        }
      }
      if (!reached(consumer, end)) {
        throw new AssertionError("Could not read topic " + topic + " up to end offsets " + end
            + " within " + timeout + "; read " + read.size() + " records");
      }
    }
    return read;
  }

  private static boolean reached(KafkaConsumer<byte[], byte[]> consumer, Map<TopicPartition, Long> end) {
    for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
      if (consumer.position(e.getKey()) < e.getValue()) {
        return false;
      }
    }
    return true;
  }

  private List<TopicPartition> assignFromBeginning(
      KafkaConsumer<byte[], byte[]> consumer, String topic, Duration timeout) {
    List<PartitionInfo> infos = new ArrayList<>();
    await("topic " + topic + " to exist").atMost(timeout).pollInterval(Duration.ofMillis(200))
        .ignoreExceptionsInstanceOf(RetriableException.class)
        .until(() -> {
          infos.clear();
          infos.addAll(consumer.partitionsFor(topic, Duration.ofSeconds(5)));
          return !infos.isEmpty();
        });
    List<TopicPartition> partitions = new ArrayList<>();
    for (PartitionInfo info : infos) {
      partitions.add(new TopicPartition(topic, info.partition()));
    }
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
    return partitions;
  }

  private KafkaConsumer<byte[], byte[]> newConsumer() {
    Map<String, Object> props = new HashMap<>();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG,
        IsolationLevel.READ_COMMITTED.toString().toLowerCase(Locale.ROOT));
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    // Reading must never create the topic that a connector is about to create itself.
    props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
    props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    return new KafkaConsumer<>(props);
  }
}
