// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.governance;

import io.streamfirst.connect.common.LineageHeaders;
import io.streamfirst.connect.governance.ClientIds.ConnectClient;
import io.streamfirst.connect.governance.ClientIds.Role;
import java.util.Map;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerInterceptor;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records what each sink connector consumes on a worker whose {@code consumer.interceptor.classes} names
 * this class: per connector and topic partition, the records, their bytes and the {@code sf.origin} and
 * {@code sf.path} values they carried ({@link ConsumedLineage}). Only consumers whose {@code client.id} is
 * a sink task's ({@code connector-consumer-<connector>-<task>}) are recorded. Records are never changed;
 * a failure while recording is counted and logged without values, and the records pass as they came.
 */
public class LineageConsumerInterceptor<K, V> implements ConsumerInterceptor<K, V> {

  private static final Logger LOG = LoggerFactory.getLogger(LineageConsumerInterceptor.class);

  private ConnectClient client;
  private boolean recording;
  private LineageLedger.Totals totals;
  private boolean errorLogged;

  @Override
  public void configure(Map<String, ?> configs) {
    LineageConfig config = new LineageConfig(configs);
    Object clientId = configs.get(CommonClientConfigs.CLIENT_ID_CONFIG);
    client = ClientIds.parse(clientId == null ? null : clientId.toString()).orElse(null);
    recording = config.enabled() && client != null && client.role() == Role.SINK_TASK;
    totals = recording ? LineageLedger.totals(client.connector()) : null;
  }

  @Override
  public ConsumerRecords<K, V> onConsume(ConsumerRecords<K, V> records) {
    if (!recording || records.isEmpty()) {
      return records;
    }
    try {
      for (TopicPartition partition : records.partitions()) {
        ConsumedLineage consumed = LineageLedger.consumed(client.connector(), partition.topic(),
            partition.partition());
        for (ConsumerRecord<K, V> record : records.records(partition)) {
          long bytes = Math.max(0, record.serializedKeySize()) + Math.max(0, record.serializedValueSize());
          consumed.record(bytes, LineageProducerInterceptor.read(record.headers(), LineageHeaders.ORIGIN),
              LineageProducerInterceptor.read(record.headers(), LineageHeaders.PATH));
        }
      }
    } catch (RuntimeException e) {
      totals.errors.increment();
      if (!errorLogged) {
        errorLogged = true;
        LOG.warn("Lineage of a batch consumed by connector {} task {} could not be recorded ({}); the records"
            + " pass unchanged. Further failures of this task are counted in JMX {}:type=connector,connector={}"
            + " (ErrorsTotal) and logged at DEBUG.", client.connector(), client.task(), e.getClass().getName(),
            LineageLedger.JMX_DOMAIN, client.connector());
      } else {
        LOG.debug("Lineage of a batch consumed by connector {} task {} could not be recorded ({})",
            client.connector(), client.task(), e.getClass().getName());
      }
    }
    return records;
  }

  @Override
  public void onCommit(Map<TopicPartition, OffsetAndMetadata> offsets) {
    // Lineage counts what the task was given, not what it committed.
  }

  @Override
  public void close() {
    // The totals belong to the worker (LineageLedger), not to this task's consumer.
  }
}
