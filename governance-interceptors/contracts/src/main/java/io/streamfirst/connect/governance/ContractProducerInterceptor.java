// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.governance;

import io.streamfirst.connect.common.LineageHeaders;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.ProducerInterceptor;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.storage.Converter;
import org.apache.kafka.common.utils.Utils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks every record a producer of the worker sends to a governed topic against the data contract of its subject,
 * whichever connector produced it: set {@code producer.interceptor.classes} on the worker. The check is the one of
 * {@link EnforceContract} (the same code, not the transformation). An interceptor cannot fail a send, so a record that breaks a rule ({@code ERROR} and
 * {@code DLQ} alike), or that cannot be checked (its value cannot be read, its contract does not compile, the
 * registry is down and fail open is off), is re-routed to the quarantine topic with {@code sf.violation} (and
 * {@code sf.schema} when its contract is known); a record breaking only {@code NONE} rules passes with them.
 * Counts per topic are in JMX ({@link ContractTopicCounters}).
 */
public class ContractProducerInterceptor implements ProducerInterceptor<byte[], byte[]> {

  /** {@code sf.violation} of a record that could not be checked. */
  static final String UNCHECKED = "*unchecked";
  private static final Logger LOG = LoggerFactory.getLogger(ContractProducerInterceptor.class);

  private final Supplier<ContractEnforcer<SourceRecord>> checks;
  private Set<String> topics = Set.of();
  private Converter converter;
  private ContractEnforcer<SourceRecord> enforce;
  private EnforceContractConfig contractConfig;

  public ContractProducerInterceptor() {
    this(ContractEnforcer::new);
  }

  ContractProducerInterceptor(Supplier<ContractEnforcer<SourceRecord>> checks) {
    this.checks = checks;
  }

  @Override
  public void configure(Map<String, ?> configs) {
    ContractInterceptorConfig config = new ContractInterceptorConfig(configs);
    topics = Set.copyOf(config.getList(ContractInterceptorConfig.TOPICS));
    if (topics.isEmpty()) {
      return;
    }
    converter = Utils.newInstance(config.getClass(ContractInterceptorConfig.VALUE_CONVERTER), Converter.class);
    converter.configure(config.converterProps(), false);
    Map<String, Object> props = config.contractProps();
    contractConfig = new EnforceContractConfig(props);
    enforce = checks.get();
    String pluginPath = config.getString(ContractInterceptorConfig.SQL_PLUGIN_PATH);
    if (!pluginPath.isBlank()) {
      enforce.sqlLoader(SqlPluginLoader.load(pluginPath, ContractInterceptorConfig.SQL_PLUGIN_PATH));
    }
    enforce.configure(props);
    LOG.info("Data contracts enforced on topics {} (value converter {})", topics,
        converter.getClass().getName());
  }

  @Override
  public synchronized ProducerRecord<byte[], byte[]> onSend(ProducerRecord<byte[], byte[]> record) {
    if (!topics.contains(record.topic())) {
      return record;
    }
    ContractTopicCounters counters = ContractTopicCounters.of(record.topic());
    if (record.value() == null) {
      counters.passed();
      return record;
    }
    SourceRecord checked;
    SchemaAndValue data;
    try {
      data = converter.toConnectData(record.topic(), record.headers(), record.value());
    } catch (RuntimeException e) {
      // Never the converter's message: it may quote the bytes it could not read.
      return quarantine(record, counters, UNCHECKED + ": the value cannot be read by "
          + converter.getClass().getSimpleName() + " (" + e.getClass().getSimpleName() + "); set "
          + ContractInterceptorConfig.VALUE_CONVERTER + " to the connector's value.converter", null, null);
    }
    ConnectHeaders headers = new ConnectHeaders();
    Header schemaHeader = record.headers().lastHeader(LineageHeaders.SCHEMA);
    if (schemaHeader != null && schemaHeader.value() != null) {
      headers.addString(LineageHeaders.SCHEMA, new String(schemaHeader.value(), StandardCharsets.UTF_8));
    }
    SourceRecord in = new SourceRecord(null, null, record.topic(), record.partition(), null, null, data.schema(),
        data.value(), record.timestamp(), headers);
    try {
      checked = enforce.apply(in, true);
    } catch (RuntimeException e) {
      return quarantine(record, counters, UNCHECKED + ": " + e.getMessage(), null, null);
    }
    byte[] value = record.value();
    if (checked.value() != in.value()) {
      try {
        value = converter.fromConnectData(record.topic(), record.headers(), checked.valueSchema(), checked.value());
      } catch (RuntimeException e) {
        return quarantine(record, counters, UNCHECKED + ": the value cannot be written back by "
            + converter.getClass().getSimpleName() + " after the field actions (" + e.getClass().getSimpleName()
            + ")", null, null);
      }
    }
    String schema = headerText(checked, LineageHeaders.SCHEMA);
    String violation = headerText(checked, LineageHeaders.VIOLATION);
    if (!checked.topic().equals(record.topic())) {
      return quarantine(record, counters, violation, schema, value);
    }
    counters.passed();
    if (value == record.value() && setHeaders(record.headers(), schema, violation)) {
      return record;
    }
    return new ProducerRecord<>(record.topic(), record.partition(), record.timestamp(), record.key(), value,
        headers(record, schema, violation));
  }

  /** Sets the headers on the record itself (no copy); false when they are read-only (a send retried). */
  private static boolean setHeaders(org.apache.kafka.common.header.Headers headers, String schema, String violation) {
    try {
      put(headers, LineageHeaders.SCHEMA, schema);
      put(headers, LineageHeaders.VIOLATION, violation);
      return true;
    } catch (IllegalStateException readOnly) {
      return false;
    }
  }

  private static void put(org.apache.kafka.common.header.Headers headers, String name, String value) {
    if (value != null) {
      headers.remove(name);
      headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }
  }

  private ProducerRecord<byte[], byte[]> quarantine(ProducerRecord<byte[], byte[]> record,
      ContractTopicCounters counters, String violation, String schema, byte[] value) {
    counters.quarantined();
    String topic = contractConfig.quarantineTopic(record.topic());
    return new ProducerRecord<>(topic, null, record.timestamp(), record.key(),
        value == null ? record.value() : value, headers(record, schema, violation));
  }

  private static RecordHeaders headers(ProducerRecord<byte[], byte[]> record, String schema, String violation) {
    RecordHeaders headers = new RecordHeaders(record.headers().toArray());
    put(headers, LineageHeaders.SCHEMA, schema);
    put(headers, LineageHeaders.VIOLATION, violation);
    return headers;
  }

  private static String headerText(SourceRecord record, String name) {
    org.apache.kafka.connect.header.Header header = record.headers().lastWithName(name);
    return header == null || header.value() == null ? null : header.value().toString();
  }

  @Override
  public void onAcknowledgement(RecordMetadata metadata, Exception exception) {}

  @Override
  public void close() {
    if (enforce != null) {
      enforce.close();
    }
    if (converter != null) {
      Utils.closeQuietly(converter, "contract interceptor value converter");
    }
  }
}
