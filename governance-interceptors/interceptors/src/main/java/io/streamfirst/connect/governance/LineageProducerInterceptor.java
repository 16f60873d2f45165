// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.governance;

import io.streamfirst.connect.common.LineageHeaders;
import io.streamfirst.connect.governance.ClientIds.ConnectClient;
import io.streamfirst.connect.governance.ClientIds.Role;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.producer.ProducerInterceptor;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Adds the lineage headers to every record a source connector's task produces on a worker whose
 * {@code producer.interceptor.classes} names this class, whichever connector it is.
 *
 * <p>Only producers whose {@code client.id} is a source task's ({@code connector-producer-<connector>-<task>},
 * which the worker sets) are stamped; the hop is {@code <connector>}. The connector's dead-letter queue and
 * offsets producers pass their records unchanged, and so does any other producer. Stamping never throws
 * into the producer: a failure is counted ({@link ConnectorLineageMXBean#getErrorsTotal()}), logged without
 * values, and the record is sent as it came.
 */
public class LineageProducerInterceptor<K, V> implements ProducerInterceptor<K, V> {

  private static final Logger LOG = LoggerFactory.getLogger(LineageProducerInterceptor.class);

  private ConnectClient client;
  private boolean stamping;
  private String clusterName;
  private int budgetBytes;
  private boolean schemaIds;
  private LineageLedger.Totals totals;
  private Supplier<String> traces = () -> TraceParents.create(ThreadLocalRandom.current());
  private boolean errorLogged;

  @Override
  public void configure(Map<String, ?> configs) {
    LineageConfig config = new LineageConfig(configs);
    Object clientId = configs.get(CommonClientConfigs.CLIENT_ID_CONFIG);
    client = ClientIds.parse(clientId == null ? null : clientId.toString()).orElse(null);
    stamping = config.enabled() && client != null && client.role() == Role.SOURCE_TASK;
    clusterName = config.clusterName();
    budgetBytes = config.headerBudgetBytes();
    schemaIds = config.schemaIdEnabled();
    totals = client == null ? null : LineageLedger.totals(client.connector());
    if (stamping) {
      LOG.info("Lineage headers on for connector {} task {} (origins kafka://{}/<topic>)",
          client.connector(), client.task(), clusterName);
    }
  }

  /** Tests: where new {@code sf.trace} values come from. */
  void traces(Supplier<String> traces) {
    this.traces = traces;
  }

  @Override
  public ProducerRecord<K, V> onSend(ProducerRecord<K, V> record) {
    if (!stamping) {
      if (totals != null && client.role() != Role.SINK_TASK) {
        totals.skipped.increment();
      }
      return record;
    }
    try {
      Headers headers = new RecordHeaders(record.headers().toArray());
      LineageValues current = new LineageValues(read(headers, LineageHeaders.ORIGIN),
          read(headers, LineageHeaders.TRACE), read(headers, LineageHeaders.PATH),
          read(headers, LineageHeaders.SCHEMA));
      LineageRules.Stamped stamped = LineageRules.stamp(current, read(headers, TraceParents.HEADER),
          "kafka://" + clusterName + "/" + record.topic(), schemaId(record.value()), client.connector(),
          traces, budgetBytes);
      write(headers, current, stamped.values());
      totals.stamped.increment();
      if (stamped.trimmed()) {
        totals.trimmed.increment();
      }
      return addressed(record, record.topic(), headers);
    } catch (RuntimeException e) {
      totals.errors.increment();
      logFailure(record.topic(), e);
      return record;
    }
  }

  /**
   * The one place the outgoing record is built: {@code record}'s partition, timestamp, key and value for
   * {@code topic} with {@code headers}. A check that re-routes a record (to a quarantine topic) builds it
   * here with that topic.
   */
  private static <K, V> ProducerRecord<K, V> addressed(ProducerRecord<K, V> record, String topic,
      Headers headers) {
    return new ProducerRecord<>(topic, record.partition(), record.timestamp(), record.key(), record.value(),
        headers);
  }

  private String schemaId(Object value) {
    if (schemaIds && value instanceof byte[] bytes && bytes.length >= 5 && bytes[0] == 0) {
      return Integer.toString(ByteBuffer.wrap(bytes, 1, 4).getInt());
    }
    return null;
  }

  private void logFailure(String topic, RuntimeException e) {
    // Never the record or the exception message (either could quote values): the class and where.
    if (!errorLogged) {
      errorLogged = true;
      LOG.warn("Lineage headers could not be added to a record of connector {} task {} for topic {} ({});"
          + " it is sent unchanged. Further failures of this task are counted in JMX"
          + " {}:type=connector,connector={} (ErrorsTotal) and logged at DEBUG.", client.connector(),
          client.task(), topic, e.getClass().getName(), LineageLedger.JMX_DOMAIN, client.connector());
    } else {
      LOG.debug("Lineage headers could not be added to a record of connector {} task {} for topic {} ({})",
          client.connector(), client.task(), topic, e.getClass().getName());
    }
  }

  static String read(Headers headers, String name) {
    Header header = headers.lastHeader(name);
    return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
  }

  /** Rewrites only the headers whose value changed, so untouched ones stay exactly as they came. */
  private static void write(Headers headers, LineageValues before, LineageValues after) {
    replace(headers, LineageHeaders.ORIGIN, before.origin(), after.origin());
    replace(headers, LineageHeaders.TRACE, before.trace(), after.trace());
    replace(headers, LineageHeaders.PATH, before.path(), after.path());
    replace(headers, LineageHeaders.SCHEMA, before.schema(), after.schema());
  }

  private static void replace(Headers headers, String name, String before, String after) {
    if (Objects.equals(before, after)) {
      return;
    }
    headers.remove(name);
    if (after != null) {
      headers.add(name, after.getBytes(StandardCharsets.UTF_8));
    }
  }

  @Override
  public void onAcknowledgement(RecordMetadata metadata, Exception exception) {
    // Nothing to do: lineage is complete when the record is sent.
  }

  @Override
  public void close() {
    // The totals belong to the worker (LineageLedger), not to this task's producer.
  }
}
