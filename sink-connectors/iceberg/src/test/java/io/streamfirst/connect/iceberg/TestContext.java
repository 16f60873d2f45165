package io.streamfirst.connect.iceberg;

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

/** A SinkTaskContext that records seeks and reported records, for driving a task without a worker. */
final class TestContext implements SinkTaskContext {
  final Map<TopicPartition, Long> seeks = new HashMap<>();
  final List<SinkRecord> reported = new ArrayList<>();
  final List<Throwable> reasons = new ArrayList<>();
  private final boolean tolerateErrors;
  /** The last poll timeout the task asked for (-1: none). */
  long timeout = -1;

  TestContext(boolean tolerateErrors) {
    this.tolerateErrors = tolerateErrors;
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
    if (!tolerateErrors) {
      return null;
    }
    return (record, error) -> {
      reported.add(record);
      reasons.add(error);
      return CompletableFuture.completedFuture(null);
    };
  }

  @Override
  public PluginMetrics pluginMetrics() {
    return null;
  }
}
