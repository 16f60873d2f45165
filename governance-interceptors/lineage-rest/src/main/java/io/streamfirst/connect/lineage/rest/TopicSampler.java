// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.lineage.rest;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.json.JsonConverter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the schema of a topic's newest record, for a sink's SqlTransform column lineage: only when the
 * connector (or the worker) converts values with {@code JsonConverter} with schemas, the format that carries
 * its schema in the record. Results are kept until {@link #forget}; the watcher forgets every interval.
 */
final class TopicSampler implements ColumnLineageSource.Schemas, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(TopicSampler.class);
  private static final String JSON = "org.apache.kafka.connect.json.JsonConverter";
  private static final Schema[] NONE = new Schema[0];

  private final Map<String, Object> consumerProps;
  private final Map<String, String> workerProps;
  private final Map<String, Schema[]> cache = new ConcurrentHashMap<>();
  private KafkaConsumer<byte[], byte[]> consumer;

  /** {@code workerProps}: the worker's configuration (its bootstrap servers and security settings). */
  TopicSampler(Map<String, String> workerProps) {
    this.workerProps = Map.copyOf(workerProps);
    Set<String> names = ConsumerConfig.configNames();
    Map<String, Object> props = new HashMap<>();
    workerProps.forEach((k, v) -> {
      if (names.contains(k)) {
        props.put(k, v);
      }
    });
    props.remove(ConsumerConfig.GROUP_ID_CONFIG);
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    props.put(ConsumerConfig.CLIENT_ID_CONFIG, "streamfirst-lineage-schemas");
    props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    props.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "5000");
    this.consumerProps = props;
  }

  @Override
  public Schema[] of(ConnectorSnapshot connector, String topic) {
    String valueConverter = setting(connector, "value.converter");
    String keyConverter = setting(connector, "key.converter");
    if (!JSON.equals(valueConverter)
        || "false".equalsIgnoreCase(setting(connector, "value.converter.schemas.enable"))) {
      return null;
    }
    boolean jsonKeys = JSON.equals(keyConverter)
        && !"false".equalsIgnoreCase(setting(connector, "key.converter.schemas.enable"));
    Schema[] schemas = cache.computeIfAbsent(topic + (jsonKeys ? "#k" : ""), t -> sample(topic, jsonKeys));
    return schemas.length == 0 ? null : schemas;
  }

  private String setting(ConnectorSnapshot connector, String key) {
    String value = connector.config().get(key);
    return (value == null ? workerProps.getOrDefault(key, "") : value).trim();
  }

  private synchronized Schema[] sample(String topic, boolean jsonKeys) {
    try {
      if (consumer == null) {
        consumer = new KafkaConsumer<>(consumerProps);
      }
      List<PartitionInfo> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(5));
      if (partitions == null || partitions.isEmpty()) {
        return NONE;
      }
      List<TopicPartition> assigned = partitions.stream().map(p -> new TopicPartition(topic, p.partition())).toList();
      consumer.assign(assigned);
      Map<TopicPartition, Long> ends = consumer.endOffsets(assigned, Duration.ofSeconds(5));
      ConsumerRecord<byte[], byte[]> newest = null;
      for (TopicPartition partition : assigned) {
        long end = ends.getOrDefault(partition, 0L);
        if (end > 0) {
          consumer.seek(partition, end - 1);
        } else {
          consumer.pause(List.of(partition));
        }
      }
      if (ends.values().stream().allMatch(e -> e == 0)) {
        return NONE;
      }
      long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
      while (newest == null && System.nanoTime() < deadline) {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
          if (record.value() != null && (newest == null || record.timestamp() > newest.timestamp())) {
            newest = record;
          }
        }
      }
      if (newest == null) {
        return NONE;
      }
      Schema value = convert(topic, newest.value(), false);
      Schema key = jsonKeys && newest.key() != null ? convert(topic, newest.key(), true) : null;
      return value == null ? NONE : new Schema[]{value, key};
    } catch (RuntimeException e) {
      LOG.info("No column lineage from topic {}: its newest record could not be read ({})", topic, e.toString());
      return NONE;
    } finally {
      if (consumer != null) {
        consumer.assign(List.of());
      }
    }
  }

  private static Schema convert(String topic, byte[] bytes, boolean isKey) {
    try (JsonConverter converter = new JsonConverter()) {
      converter.configure(Map.of("schemas.enable", "true"), isKey);
      SchemaAndValue converted = converter.toConnectData(topic, bytes);
      return converted.schema();
    }
  }

  /** Forgets the schemas read so far. */
  void forget() {
    cache.clear();
  }

  @Override
  public synchronized void close() {
    if (consumer != null) {
      consumer.close(Duration.ofSeconds(2));
      consumer = null;
    }
  }
}
