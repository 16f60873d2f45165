// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.sink;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.connect.sink.ErrantRecordReporter;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTaskContext;

/**
 * A {@link SinkTaskContext} for driving a sink task without a worker (unit tests, benchmarks): it records
 * the seeks, the poll timeout asked for and the records sent to the dead-letter queue. Shipped in
 * sink-common's test jar, never in a plugin.
 */
public final class RecordingSinkTaskContext implements SinkTaskContext {

  /** Offsets the task asked Connect to seek to. */
  public final Map<TopicPartition, Long> seeks = new HashMap<>();
  /** Records reported to the dead-letter queue, in order, and why. */
  public final List<SinkRecord> reported = new ArrayList<>();
  public final List<Throwable> reasons = new ArrayList<>();
  /** The last poll timeout the task asked for (-1: none). */
  public long timeout = -1;
  private final ErrantRecordReporter reporter;

  /**
   * @param deadLetterQueue whether a dead-letter queue is configured: reports are recorded and complete at
   *     once; without one, {@link #errantRecordReporter()} is null, as Connect gives it
   */
  public RecordingSinkTaskContext(boolean deadLetterQueue) {
    this.reporter = deadLetterQueue ? (record, error) -> {
      reported.add(record);
      reasons.add(error);
      return CompletableFuture.completedFuture(null);
    } : null;
  }

  /** With {@code reporter} as the dead-letter queue (null: none); reports go to it only. */
  public RecordingSinkTaskContext(ErrantRecordReporter reporter) {
    this.reporter = reporter;
  }

  @Override
  public Map<String, String> configs() {
    return Map.of();
  }

  @Override
  public void offset(Map<TopicPartition, Long> offsets) {
    seeks.putAll(offsets);
  }

  @Override
  public void offset(TopicPartition tp, long offset) {
    seeks.put(tp, offset);
  }

  @Override
  public void timeout(long timeoutMs) {
    timeout = timeoutMs;
  }

  @Override
  public Set<TopicPartition> assignment() {
    return Set.of();
  }

  @Override
  public void pause(TopicPartition... partitions) {}

  @Override
  public void resume(TopicPartition... partitions) {}

  @Override
  public void requestCommit() {}

  @Override
  public ErrantRecordReporter errantRecordReporter() {
    return reporter;
  }

  /** None: metrics registered against a null PluginMetrics are kept in the task only. */
  @Override
  public PluginMetrics pluginMetrics() {
    return null;
  }
}
