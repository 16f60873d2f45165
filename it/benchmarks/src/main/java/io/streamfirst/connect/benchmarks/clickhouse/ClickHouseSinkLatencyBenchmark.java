// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.benchmarks.clickhouse;

import io.streamfirst.connect.clickhouse.ClickHouseSinkTask;
import io.streamfirst.connect.it.fixtures.ClickHouseFixture;
import io.streamfirst.connect.sink.RecordingSinkTaskContext;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.sink.SinkRecord;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Record-to-visible latency of the write path: one poll of {@code pollSize} records handed to a
 * running sink task and flushed (the offset commit inserts what is buffered); the score is the time
 * until the insert is acknowledged, i.e. until the rows are visible to queries. With the default
 * {@code batch.max.wait.ms} a record additionally waits up to that long in the buffer.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g"})
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 3, time = 10)
public class ClickHouseSinkLatencyBenchmark {

  @Param("500")
  public int pollSize;

  private ClickHouseFixture clickhouse;
  private ClickHouseSinkTask task;
  private List<SinkRecord> records;
  private long next;
  private final Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();

  @Setup(Level.Trial)
  public void start() {
    clickhouse = new ClickHouseFixture();
    clickhouse.start();
    clickhouse.execute(MixedRows.createTable("latency"));
    task = new ClickHouseSinkTask();
    task.initialize(new RecordingSinkTaskContext(false));
    Map<String, String> props = new HashMap<>();
    props.put("name", "latency");
    props.put("clickhouse.host", "127.0.0.1");
    props.put("clickhouse.port", Integer.toString(clickhouse.httpPort()));
    props.put("clickhouse.user", clickhouse.user());
    props.put("clickhouse.password", clickhouse.password());
    props.put("table.name.format", "latency");
    task.start(props);
    records = MixedRows.records("bench", pollSize, 11);
  }

  @TearDown(Level.Trial)
  public void stop() {
    task.stop();
    clickhouse.stop();
  }

  @Benchmark
  public Object pollToVisible() {
    task.put(records);
    next += pollSize;
    offsets.put(new TopicPartition("bench", 0), new OffsetAndMetadata(next));
    return task.preCommit(offsets);
  }
}
