// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.benchmarks.governance;

import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerInterceptor;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.record.internal.MemoryRecordsBuilder;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.storage.Converter;

/**
 * The CPU work a Connect source task's record goes through on its way to the network, without the network: the
 * worker's key and value converters, the {@link ProducerRecord} the worker builds, the producer's interceptor
 * (when one is given), its serializers, its default partitioner (murmur2 of the key) and the append to a record
 * batch of {@code batch.size} 16,384 bytes (Kafka's own {@link MemoryRecordsBuilder}, closed with its CRC when
 * full), one batch per topic-partition as the producer's accumulator keeps them. Counts records per topic.
 */
final class ProducerPath {

  private static final int PARTITIONS = 6;
  private static final int BATCH_SIZE = 16_384;

  private final Converter keyConverter;
  private final Converter valueConverter;
  private final ProducerInterceptor<byte[], byte[]> interceptor;
  private final ByteArraySerializer serializer = new ByteArraySerializer();
  private final Map<String, Batches> batches = new HashMap<>();
  final Map<String, Integer> countsByTopic = new HashMap<>();

  ProducerPath(Converter keyConverter, Converter valueConverter, ProducerInterceptor<byte[], byte[]> interceptor) {
    this.keyConverter = keyConverter;
    this.valueConverter = valueConverter;
    this.interceptor = interceptor;
  }

  /** The open batches of one topic, one per partition. */
  private static final class Batches {
    final ByteBuffer[] buffers = new ByteBuffer[PARTITIONS];
    final MemoryRecordsBuilder[] builders = new MemoryRecordsBuilder[PARTITIONS];
    long closedBytes;

    Batches() {
      for (int p = 0; p < PARTITIONS; p++) {
        buffers[p] = ByteBuffer.allocate(BATCH_SIZE);
        builders[p] = open(buffers[p]);
      }
    }

    static MemoryRecordsBuilder open(ByteBuffer buffer) {
      buffer.clear();
      return new MemoryRecordsBuilder(buffer, org.apache.kafka.common.record.internal.RecordBatch.CURRENT_MAGIC_VALUE,
          Compression.NONE, TimestampType.CREATE_TIME, 0L, 0L, -1L, (short) -1, -1, false, false, -1, BATCH_SIZE);
    }

    void append(int partition, long timestamp, byte[] key, byte[] value, Header[] headers) {
      MemoryRecordsBuilder builder = builders[partition];
      if (!builder.hasRoomFor(timestamp, key, value, headers)) {
        closedBytes += builder.build().sizeInBytes();
        builder = open(buffers[partition]);
        builders[partition] = builder;
      }
      builder.append(timestamp, key, value, headers);
    }
  }

  /** Sends one record through the path; returns the topic it was appended to. */
  String send(String topic, String key, Schema valueSchema, Struct value, long timestamp) {
    byte[] keyBytes = keyConverter.fromConnectData(topic, Schema.STRING_SCHEMA, key);
    byte[] valueBytes = valueConverter.fromConnectData(topic, valueSchema, value);
    ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(topic, null, timestamp, keyBytes, valueBytes,
        new RecordHeaders());
    if (interceptor != null) {
      record = interceptor.onSend(record);
    }
    byte[] k = serializer.serialize(record.topic(), record.headers(), record.key());
    byte[] v = serializer.serialize(record.topic(), record.headers(), record.value());
    int partition = record.partition() != null
        ? record.partition()
        : Utils.toPositive(Utils.murmur2(k)) % PARTITIONS;
    batches.computeIfAbsent(record.topic(), t -> new Batches())
        .append(partition, record.timestamp(), k, v, record.headers().toArray());
    return record.topic();
  }
}
