// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.sink;

import io.streamfirst.connect.sink.TableFreshness.SlaState;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.common.metrics.Gauge;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The plugin metrics of one table's freshness, tagged with the table: the values its JMX bean shows. */
final class TableFreshnessGauges {

  private static final Logger LOG = LoggerFactory.getLogger(TableFreshnessGauges.class);

  private TableFreshnessGauges() {}

  private interface LongReading {
    long read();
  }

  /** Registers {@code table}'s gauges on {@code pluginMetrics} (null: none). */
  static void register(PluginMetrics pluginMetrics, SinkTableFreshnessMBean table, String name) {
    if (pluginMetrics == null) {
      return;
    }
    Map<String, String> tags = new LinkedHashMap<>();
    tags.put("table", name);
    gauge(pluginMetrics, tags, "committed-through-ms", "Committed-through source time of the table (epoch ms):"
        + " every change committed at the source up to it is visible in the table; -1 while unknown",
        table::getCommittedThroughMs);
    gauge(pluginMetrics, tags, "freshness-ms-p50", "Median time from source commit to visibility of the table's"
        + " rows over the last minute, in milliseconds; -1 without rows", table::getFreshnessP50Ms);
    gauge(pluginMetrics, tags, "freshness-ms-p99", "99th percentile time from source commit to visibility of the"
        + " table's rows over the last minute, in milliseconds; -1 without rows", table::getFreshnessP99Ms);
    gauge(pluginMetrics, tags, "freshness-sla-ms", "The table's freshness SLA in milliseconds; -1 without one",
        table::getSlaMs);
    gauge(pluginMetrics, tags, "freshness-sla-breached", "1 while the table breaches its freshness SLA, 0 within"
        + " it, -1 without an SLA", () -> switch (SlaState.valueOf(table.getSlaState())) {
          case BREACHED -> 1L;
          case OK -> 0L;
          case NONE -> -1L;
        });
  }

  private static void gauge(PluginMetrics metrics, Map<String, String> tags, String name, String description,
      LongReading reading) {
    try {
      metrics.addMetric(metrics.metricName(name, description, new LinkedHashMap<>(tags)),
          (Gauge<Long>) (cfg, now) -> reading.read());
    } catch (IllegalArgumentException e) {
      LOG.debug("Metric {} of table {} is registered already: {}", name, tags, e.toString());
    }
  }
}
