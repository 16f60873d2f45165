// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.sql.window;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import java.util.function.DoubleSupplier;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.Gauge;
import org.apache.kafka.common.metrics.PluginMetrics;

/**
 * The metrics each task reports through the worker's plugin metrics (tagged by the worker with the
 * connector and task): record totals (in, aggregated, filtered, late, out), open windows and state
 * bytes of the window store as RocksDB estimates them, and stream-time lag.
 *
 * <p>Open windows and state bytes are read from the task's Kafka Streams client metrics: the sums
 * of RocksDB's {@code estimate-num-keys} and {@code estimate-live-data-size} over the window store's
 * instances. The key count is approximate in two ways: it counts the (group, window) entries the store
 * still holds, which includes closed windows kept until the retention (at least twice size plus
 * grace) expires their segment, and it misses entries still in the record cache.
 */
final class WindowMetrics {

  static final String GROUP = "stream-state-metrics";
  static final String NUM_KEYS = "estimate-num-keys";
  static final String LIVE_DATA_SIZE = "estimate-live-data-size";

  private final WindowCounters counters;
  private final Supplier<Map<MetricName, ? extends Metric>> streamsMetrics;
  private final Clock clock;

  private WindowMetrics(WindowCounters counters, Supplier<Map<MetricName, ? extends Metric>> streamsMetrics,
      Clock clock) {
    this.counters = counters;
    this.streamsMetrics = streamsMetrics;
    this.clock = clock;
  }

  /**
   * Registers the task's metrics on {@code metrics} (null: none): the counters, the Streams client's
   * metrics ({@code streamsMetrics}, read on each report), and {@code clock} for the lag.
   */
  static WindowMetrics register(PluginMetrics metrics, WindowCounters counters,
      Supplier<Map<MetricName, ? extends Metric>> streamsMetrics, Clock clock) {
    WindowMetrics windowMetrics = new WindowMetrics(counters, streamsMetrics, clock);
    if (metrics != null) {
      gauge(metrics, "records-in-total", "Records read from the input topics", () -> counters.in.get());
      gauge(metrics, "records-aggregated-total", "Records added to windows", () -> counters.aggregated.get());
      gauge(metrics, "records-filtered-total", "Records WHERE left out, and tombstones",
          () -> counters.filtered.get());
      gauge(metrics, "records-late-total", "Records written to the late-data topic (all their windows closed, or"
          + " no event time)", () -> counters.late.get());
      gauge(metrics, "records-out-total", "Records written to the output topic (results and EMIT CHANGES"
          + " tombstones)", () -> counters.results.get());
      gauge(metrics, "open-windows", "Approximate number of (group, window) entries in the window store: open"
          + " windows plus closed ones not yet expired by retention (RocksDB estimate-num-keys)",
          windowMetrics::openWindows);
      gauge(metrics, "state-bytes", "Approximate bytes of live window-store data on disk (RocksDB"
          + " estimate-live-data-size)", windowMetrics::stateBytes);
      gauge(metrics, "stream-time-lag-ms", "Wall-clock time minus the stream time of the partition furthest"
          + " behind (0 before the first record)", windowMetrics::streamTimeLagMs);
    }
    return windowMetrics;
  }

  private static void gauge(PluginMetrics metrics, String name, String description, DoubleSupplier reading) {
    // registered per task: the worker's plugin metrics tag them with the connector and task
    metrics.addMetric(metrics.metricName(name, description, new LinkedHashMap<>()),
        (Gauge<Double>) (config, now) -> reading.getAsDouble());
  }

  double openWindows() {
    return sumOfStoreMetric(NUM_KEYS);
  }

  double stateBytes() {
    return sumOfStoreMetric(LIVE_DATA_SIZE);
  }

  /** Wall clock minus the oldest stream time among the task's partitions; 0 before any record. */
  double streamTimeLagMs() {
    return counters.oldestStreamTime().stream().mapToDouble(t -> Math.max(0, clock.millis() - t)).findFirst()
        .orElse(0);
  }

  private double sumOfStoreMetric(String name) {
    double sum = 0;
    for (Map.Entry<MetricName, ? extends Metric> metric : streamsMetrics.get().entrySet()) {
      MetricName id = metric.getKey();
      if (id.name().equals(name) && id.group().equals(GROUP) && storeOf(id).equals(WindowTopology.WINDOW_STORE)
          && metric.getValue().metricValue() instanceof Number value) {
        sum += value.doubleValue();
      }
    }
    return sum;
  }

  /** The store a Streams state metric belongs to (its rocksdb-window-state-id / -session-state-id tag). */
  private static String storeOf(MetricName id) {
    for (Map.Entry<String, String> tag : id.tags().entrySet()) {
      if (tag.getKey().startsWith("rocksdb-") && tag.getKey().endsWith("-state-id")) {
        return tag.getValue();
      }
    }
    return "";
  }
}
