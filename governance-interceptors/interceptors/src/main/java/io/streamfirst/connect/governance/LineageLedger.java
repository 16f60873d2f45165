// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.governance;

import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.apache.kafka.common.utils.Sanitizer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker-wide totals of the lineage interceptors, one entry per connector and one per connector and
 * topic partition consumed, each registered once as a JMX MBean. Entries live as long
 * as the worker: a task that stops and starts again on this worker goes on counting in the same entry.
 */
final class LineageLedger {

  static final String JMX_DOMAIN = "streamfirst.lineage";

  private static final Logger LOG = LoggerFactory.getLogger(LineageLedger.class);
  private static final Map<String, Totals> TOTALS = new ConcurrentHashMap<>();
  private static final Map<PartitionKey, ConsumedLineage> CONSUMED = new ConcurrentHashMap<>();

  private LineageLedger() {}

  record PartitionKey(String connector, String topic, int partition) {
  }

  /** The interceptors' totals for {@code connector}, registered in JMX on first use. */
  static Totals totals(String connector) {
    return TOTALS.computeIfAbsent(connector, name -> {
      Totals totals = new Totals();
      register("type=connector,connector=" + Sanitizer.jmxSanitize(name), totals);
      return totals;
    });
  }

  /** The consumer-side totals of {@code connector} for one partition, registered in JMX on first use. */
  static ConsumedLineage consumed(String connector, String topic, int partition) {
    return CONSUMED.computeIfAbsent(new PartitionKey(connector, topic, partition), key -> {
      ConsumedLineage consumed = new ConsumedLineage(connector, topic, partition);
      register("type=consumer,connector=" + Sanitizer.jmxSanitize(connector) + ",topic="
          + Sanitizer.jmxSanitize(topic) + ",partition=" + partition, consumed);
      return consumed;
    });
  }

  static List<ConsumedLineage> allConsumed() {
    return List.copyOf(CONSUMED.values());
  }

  private static void register(String properties, Object bean) {
    try {
      MBeanServer server = ManagementFactory.getPlatformMBeanServer();
      ObjectName name = new ObjectName(JMX_DOMAIN + ":" + properties);
      if (!server.isRegistered(name)) {
        server.registerMBean(bean, name);
      }
    } catch (JMException | RuntimeException e) {
      // Metrics are a view: lineage goes on without them.
      LOG.warn("Lineage metrics {} could not be registered in JMX ({}); the interceptor goes on without"
          + " them", properties, e.getClass().getName());
    }
  }

  /** The interceptors' totals for one connector. */
  static final class Totals implements ConnectorLineageMXBean {
    final LongAdder stamped = new LongAdder();
    final LongAdder trimmed = new LongAdder();
    final LongAdder skipped = new LongAdder();
    final LongAdder errors = new LongAdder();

    @Override
    public long getRecordsStampedTotal() {
      return stamped.sum();
    }

    @Override
    public long getRecordsTrimmedTotal() {
      return trimmed.sum();
    }

    @Override
    public long getRecordsSkippedTotal() {
      return skipped.sum();
    }

    @Override
    public long getErrorsTotal() {
      return errors.sum();
    }
  }
}
