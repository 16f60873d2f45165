// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.benchmarks;

import io.streamfirst.connect.lineage.DatasetId;
import io.streamfirst.connect.sink.ChangeDecoder;
import io.streamfirst.connect.sink.ChangeView;
import io.streamfirst.connect.sink.FreshnessMetrics;
import io.streamfirst.connect.sink.SinkLineage;
import io.streamfirst.connect.sink.TableFreshness;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.sink.SinkRecord;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What lineage and per-table freshness cost a sink task's thread per record, alone: the calls a Streamfirst
 * sink makes on its record path ({@link SinkLineage#written}, {@link TableFreshness#received} per record;
 * per batch of {@link #ROWS} changes {@link TableFreshness#publish}, {@link TableFreshness#sampled},
 * {@link TableFreshness#visible}, and {@link TableFreshness#closed} as the sink benchmarks' close/open does),
 * with {@code observability} {@code off} (the calls return at once, the task's own freshness window still
 * takes its samples, as in the sinks) and {@code on} (as {@code IcebergSinkBenchmark} configures it). The
 * changes are Debezium envelopes of one table and partition, each with its own source time (the worst case
 * for the pending groups), decoded once in setup: {@value #RECORDS} records used in turn, which stay in the
 * CPU's caches as a record the sink has just decoded does (50,000 distinct ones would not, and the calls'
 * first reads of each record would measure memory latency that a sink pays while decoding). Compare the difference per record with a sink's CPU per
 * record ({@code IcebergSinkBenchmark}, {@code ClickHouseSinkBenchmark}).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 2, jvmArgsAppend = {"-Xmx1g"})
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 5, time = 3)
public class SinkObservabilityHooksBenchmark {

  static final int ROWS = 50_000;
  /** Distinct records, few enough to stay in the CPU's caches as a record a sink has just decoded does. */
  static final int RECORDS = 1_024;
  private static final String TABLE = "bench.orders";

  @Param({"off", "on"})
  public String observability;

  private final TopicPartition tp = new TopicPartition("pg.public.orders", 0);
  private ChangeView[] views;
  private long[] sourceTimes;
  private TableFreshness freshness;
  private SinkLineage lineage;
  private final Function<String, DatasetId> naming = table -> DatasetId.iceberg("file:/warehouse", "bench", table);
  private long offset;

  @Setup(Level.Trial)
  public void setUp() {
    Schema row = SchemaBuilder.struct().name("orders").optional().field("id", Schema.INT64_SCHEMA)
        .field("customer", Schema.STRING_SCHEMA).field("amount", Schema.FLOAT64_SCHEMA).build();
    Schema source = SchemaBuilder.struct().name("source").optional().field("ts_ms", Schema.INT64_SCHEMA).build();
    Schema envelope = SchemaBuilder.struct().name("envelope").field("before", row).field("after", row)
        .field("source", source).field("op", Schema.STRING_SCHEMA).build();
    ChangeDecoder decoder = new ChangeDecoder();
    views = new ChangeView[RECORDS];
    sourceTimes = new long[ROWS];
    for (int i = 0; i < RECORDS; i++) {
      Struct after = new Struct(row).put("id", (long) (i % 10_000)).put("customer", "customer-" + (i % 5_000))
          .put("amount", i / 100.0);
      Struct value = new Struct(envelope).put("after", after).put("op", "u")
          .put("source", new Struct(source).put("ts_ms", 1_700_000_000_000L + i * 1000L));
      views[i] = decoder.decode(new SinkRecord(tp.topic(), tp.partition(), null, null, envelope, value, i));
    }
    Map<String, String> props = new HashMap<>();
    props.put("name", "bench-hooks");
    Observability.configure(props, observability);
    Clock clock = Clock.systemUTC();
    freshness = TableFreshness.start(props, 0, FreshnessMetrics.register(null), null, clock);
    lineage = SinkLineage.start(props, clock, freshness);
  }

  @Benchmark
  @OperationsPerInvocation(ROWS)
  public long recordPath(SinkCpuTime cpu) {
    cpu.start();
    try {
      long base = offset;
      for (int i = 0; i < ROWS; i++) {
        ChangeView view = views[i & (RECORDS - 1)];
        // the sinks pass the record's own offset and source time, so its record is read in both settings
        long recordOffset = base + i + view.record().kafkaOffset() - (i & (RECORDS - 1));
        long sourceTime = view.sourceTimestampMs() + (i & ~(RECORDS - 1)) * 1000L; // each change its own time
        lineage.written(view, TABLE, naming);
        freshness.received(TABLE, tp, recordOffset, sourceTime);
        sourceTimes[i] = sourceTime; // the sinks keep a commit's source times either way
      }
      freshness.publish();
      freshness.sampled(TABLE, sourceTimes, ROWS, System.currentTimeMillis());
      freshness.visible(TABLE, tp, base + ROWS - 1);
      freshness.closed(List.of(tp));
      offset = base + ROWS;
      return freshness.committedThroughMs(TABLE);
    } finally {
      cpu.stop();
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    freshness.close();
    lineage.complete();
  }
}
