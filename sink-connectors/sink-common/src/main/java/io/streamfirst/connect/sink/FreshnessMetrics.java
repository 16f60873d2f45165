// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.sink;

import java.util.LinkedHashMap;
import java.util.function.IntConsumer;
import org.apache.kafka.common.metrics.Gauge;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.metrics.stats.CumulativeSum;

/**
 * The metrics every Streamfirst sink task reports through the worker's plugin metrics (tagged by the
 * worker with the connector and task): freshness from source commit to sink visibility
 * ({@code freshness-ms-p50}, {@code -p99}, {@code -max} over the last minute) and totals of records
 * written, deleted and failed, and of commits.
 *
 * <p>Safe to use without metrics (a null {@link PluginMetrics}): then only the freshness window is kept.
 */
public final class FreshnessMetrics {

  /** The sliding window freshness quantiles are computed over. */
  public static final long WINDOW_MS = 60_000;
  private static final int WINDOW_CAPACITY = 8192;

  private final FreshnessWindow window = new FreshnessWindow(WINDOW_MS, WINDOW_CAPACITY);
  private final String sensorSuffix = java.util.UUID.randomUUID().toString();
  private final Sensor written;
  private final Sensor deleted;
  private final Sensor failed;
  private final Sensor committed;
  private final PluginMetrics metrics;

  private FreshnessMetrics(PluginMetrics metrics) {
    this.metrics = metrics;
    if (metrics == null) {
      written = deleted = failed = committed = null;
      return;
    }
    gauge(metrics, "freshness-ms-p50", "Median time from source commit to visibility in the target over the"
        + " last minute, in milliseconds", now -> window.quantile(0.5, now));
    gauge(metrics, "freshness-ms-p99", "99th percentile time from source commit to visibility in the target"
        + " over the last minute, in milliseconds", now -> window.quantile(0.99, now));
    gauge(metrics, "freshness-ms-max", "Largest time from source commit to visibility in the target over the"
        + " last minute, in milliseconds", window::max);
    written = total(metrics, "records-written", "Records inserted or upserted into the target");
    deleted = total(metrics, "records-deleted", "Deletes applied to the target");
    failed = total(metrics, "records-failed", "Records sent to the dead-letter queue or error log");
    committed = total(metrics, "batches-committed", "Batches or commits made visible in the target");
  }

  /** Registers the metrics on {@code metrics} (null: none are registered). */
  public static FreshnessMetrics register(PluginMetrics metrics) {
    return new FreshnessMetrics(metrics);
  }

  /** One change with source time {@code sourceTimestampMs} (-1: unknown) became visible at {@code visibleAtMs}. */
  public void visible(long sourceTimestampMs, long visibleAtMs) {
    window.record(sourceTimestampMs, visibleAtMs);
  }

  /** The changes of one commit became visible at {@code visibleAtMs} (see {@link FreshnessWindow#record(long[], int, long)}). */
  public void visible(long[] sourceTimestampsMs, int count, long visibleAtMs) {
    window.record(sourceTimestampsMs, count, visibleAtMs);
  }

  public void written(int upserts, int deletes) {
    record(written, upserts);
    record(deleted, deletes);
  }

  public void failed(int records) {
    record(failed, records);
  }

  public void committed() {
    record(committed, 1);
  }

  /**
   * Registers a further per-task total {@code <name>-total} beside these, for what one sink reports alone;
   * the returned counter adds to it (and does nothing without metrics).
   */
  public IntConsumer counter(String name, String description) {
    Sensor sensor = metrics == null ? null : total(metrics, name, description);
    return count -> record(sensor, count);
  }

  /** The freshness window, for tests and for sinks that report it elsewhere too. */
  public FreshnessWindow window() {
    return window;
  }

  private static void record(Sensor sensor, int count) {
    if (sensor != null && count > 0) {
      sensor.record(count);
    }
  }

  private interface Reading {
    double at(long nowMs);
  }

  private static void gauge(PluginMetrics metrics, String name, String description, Reading reading) {
    metrics.addMetric(metrics.metricName(name, description, new LinkedHashMap<>()),
        (Gauge<Double>) (config, now) -> reading.at(now));
  }

  private Sensor total(PluginMetrics metrics, String name, String description) {
    // Sensor names are global in the worker's metrics registry (PluginMetrics passes them through), so a
    // plain name would make every task of the worker share one sensor: each would count all tasks' records
    // and the first task to stop would remove it. The suffix keeps each task's sensor its own.
    Sensor sensor = metrics.addSensor(name + "-" + sensorSuffix);
    sensor.add(metrics.metricName(name + "-total", description, new LinkedHashMap<>()), new CumulativeSum());
    return sensor;
  }
}
