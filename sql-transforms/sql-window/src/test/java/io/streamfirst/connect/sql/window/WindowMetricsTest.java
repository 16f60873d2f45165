// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.sql.window;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.Metrics;
import org.apache.kafka.common.metrics.internals.PluginMetricsImpl;
import org.junit.jupiter.api.Test;

/** The task's plugin metrics: counters, window-store estimates from the Streams client, stream-time lag. */
class WindowMetricsTest {

  private static final long NOW = 1_796_601_600_000L;

  /** A Streams client metric with a fixed value. */
  private static Metric fixed(MetricName name, double value) {
    return new Metric() {
      @Override
      public MetricName metricName() {
        return name;
      }

      @Override
      public Object metricValue() {
        return value;
      }
    };
  }

  private static MetricName store(String metric, String tag, String store, String task) {
    return new MetricName(metric, WindowMetrics.GROUP, "", Map.of("thread-id", "t", "task-id", task, tag, store));
  }

  @Test
  void reportsCountersStoreEstimatesAndStreamTimeLagWithTheConnectorAndTaskTags() throws Exception {
    WindowCounters counters = new WindowCounters();
    Map<MetricName, Metric> streams = new HashMap<>();
    for (MetricName name : new MetricName[]{
        store(WindowMetrics.NUM_KEYS, "rocksdb-window-state-id", "sf-windows", "1_0"),
        store(WindowMetrics.NUM_KEYS, "rocksdb-window-state-id", "sf-windows", "1_1"),
        store(WindowMetrics.LIVE_DATA_SIZE, "rocksdb-window-state-id", "sf-windows", "1_0"),
        // the gate's stream-time store is not window state
        store(WindowMetrics.NUM_KEYS, "rocksdb-state-id", "sf-stream-time", "1_0")}) {
      streams.put(name, fixed(name, name.name().equals(WindowMetrics.NUM_KEYS)
          ? (name.tags().get("task-id").equals("1_0") ? 40 : 2)
          : 4096));
    }
    Clock clock = Clock.fixed(Instant.ofEpochMilli(NOW), ZoneOffset.UTC);
    try (Metrics registry = new Metrics();
        PluginMetricsImpl plugin = new PluginMetricsImpl(registry, Map.of("connector", "revenue", "task", "2"))) {
      WindowMetrics.register(plugin, counters, () -> streams, clock);
      assertThat(values(registry)).containsEntry("stream-time-lag-ms", 0.0);

      counters.in.addAndGet(10);
      counters.aggregated.addAndGet(6);
      counters.filtered.addAndGet(3);
      counters.late.addAndGet(1);
      counters.results.addAndGet(4);
      counters.streamTime(0, NOW - 5_000);
      counters.streamTime(1, NOW - 65_000); // the partition furthest behind
      counters.streamTime(2, -1); // no record yet
      Map<String, Object> values = values(registry);
      assertThat(values).containsExactlyInAnyOrderEntriesOf(Map.of("records-in-total", 10.0,
          "records-aggregated-total", 6.0, "records-filtered-total", 3.0, "records-late-total", 1.0,
          "records-out-total", 4.0, "open-windows", 42.0, "state-bytes", 4096.0, "stream-time-lag-ms", 65_000.0));

      counters.released(1); // partition 1 moved to another task
      assertThat(values(registry)).containsEntry("stream-time-lag-ms", 5_000.0);
      assertThat(registry.metrics().keySet()).filteredOn(n -> n.name().equals("open-windows")).singleElement()
          .satisfies(n -> assertThat(n.tags()).containsEntry("connector", "revenue").containsEntry("task", "2"));
    }
  }

  private static Map<String, Object> values(Metrics registry) {
    Map<String, Object> values = new TreeMap<>();
    for (Map.Entry<MetricName, ? extends Metric> metric : registry.metrics().entrySet()) {
      if (metric.getKey().group().equals("plugins")) {
        values.put(metric.getKey().name(), metric.getValue().metricValue());
      }
    }
    return values;
  }
}
