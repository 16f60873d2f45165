// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.benchmarks.iceberg;

import io.streamfirst.connect.iceberg.IcebergSinkTask;
import io.streamfirst.connect.sink.RecordingSinkTaskContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.hadoop.HadoopCatalog;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.data.Schema;
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
 * Upsert write throughput by {@code iceberg.upsert.delete.mode}: a table of {@link #KEYS} rows written by the
 * task, then one commit per invocation updating {@link #UPDATES} random keys (a 10% update rate). Commits
 * are made by the task itself (commit interval passed), not by {@code close()}, so the task keeps its key
 * index as in steady state; {@code position-cold} starts a new task for every commit instead, so every key
 * is looked up in the table (after a restart or a rebalance). Compaction off. Setup prints the heap the
 * task holds after writing the table (the key index in {@code position} mode), per key; tear-down checks
 * the table holds one row per key with its last value.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
@Warmup(iterations = 2, time = 10)
@Measurement(iterations = 3, time = 10)
public class IcebergUpsertDeleteModeBenchmark {

  static final int KEYS = 1_000_000;
  static final int UPDATES = 100_000;

  /** The read-cost benchmark's record shape: a key {@code id}, a row of id, name and quantity. */
  static final Schema KEY = IcebergReadCostBenchmark.KEY;
  static final Schema ROW = IcebergReadCostBenchmark.ROW;

  /** {@code equality}, {@code position} (warm key index), {@code position-cold} (a new task per commit). */
  @Param({"equality", "position", "position-cold"})
  public String deleteMode;

  /** {@code iceberg.table.format.version}: 3 writes deletion vectors in {@code position} mode. */
  @Param({"2"})
  public int formatVersion;

  private final TopicPartition tp = new TopicPartition("upserts", 0);
  private final Random random = new Random(5);
  private final Map<Long, String> state = new HashMap<>();
  private Path warehouse;
  private IcebergSinkTask task;
  private List<SinkRecord> batch;
  private long offset;
  private int commits;

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    warehouse = Files.createTempDirectory("iceberg-delete-mode-bench");
    task = task();
    List<SinkRecord> rows = new ArrayList<>(KEYS);
    for (long id = 0; id < KEYS; id++) {
      rows.add(change(id));
    }
    task.put(rows);
    task.close(List.of(tp)); // releasing the partition also drops the key index
    task.open(List.of(tp));
    long before = usedHeapAfterGc();
    refill();
    long after = usedHeapAfterGc();
    System.out.printf("%n[delete-mode] mode=%s format=%d heap the task holds after its commit of %d keys: %d bytes"
        + " (%.1f per key)%n", deleteMode, formatVersion, KEYS, after - before, (after - before) / (double) KEYS);
  }

  /** Writes every key once more through the task's own commit (not close()), so the index holds them all. */
  private void refill() {
    List<SinkRecord> all = new ArrayList<>(KEYS);
    for (long id = 0; id < KEYS; id++) {
      all.add(change(id));
    }
    commitThroughTask(all);
  }

  private SinkRecord change(long id) {
    String name = "n" + random.nextInt(1_000_000);
    int qty = random.nextInt(1000);
    state.put(id, name + "/" + qty);
    return new SinkRecord(tp.topic(), 0, KEY, new Struct(KEY).put("id", id), ROW,
        new Struct(ROW).put("id", id).put("name", name).put("qty", qty), offset++);
  }

  private IcebergSinkTask task() {
    Map<String, String> config = new HashMap<>();
    config.put("name", "bench-delete-mode");
    config.put("iceberg.catalog.type", "hadoop");
    config.put("iceberg.catalog.warehouse", warehouse.toUri().toString());
    config.put("iceberg.mode", "upsert");
    config.put("iceberg.upsert.delete.mode", deleteMode.startsWith("position") ? "position" : "equality");
    config.put("iceberg.table.name.template", "bench.${topic}");
    config.put("iceberg.commit.interval.ms", "100");
    config.put("iceberg.buffer.max.bytes", Long.toString(1L << 30));
    config.put("iceberg.compaction.enabled", "false");
    config.put("iceberg.table.format.version", Integer.toString(formatVersion));
    IcebergSinkTask t = new IcebergSinkTask();
    t.initialize(new RecordingSinkTaskContext(false));
    t.start(config);
    t.open(List.of(tp));
    return t;
  }

  /** put() commits at its end once the commit interval (100 ms) has passed since the last commit. */
  private void commitThroughTask(List<SinkRecord> records) {
    sleepPastInterval();
    task.put(records);
    commits++;
  }

  private static void sleepPastInterval() {
    try {
      Thread.sleep(120);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Setup(Level.Invocation)
  public void nextBatch() {
    batch = new ArrayList<>(UPDATES);
    for (int i = 0; i < UPDATES; i++) {
      batch.add(change(random.nextInt(KEYS)));
    }
    if (deleteMode.equals("position-cold") && commits > 0) {
      task.stop();
      task = task();
    }
    sleepPastInterval();
  }

  @Benchmark
  @OperationsPerInvocation(UPDATES)
  public void upsertCommit() {
    task.put(batch); // the interval has passed: this put ends with the commit
    commits++;
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    task.close(List.of(tp));
    task.stop();
    HadoopCatalog catalog = new HadoopCatalog(new Configuration(), warehouse.toUri().toString());
    Table table = catalog.loadTable(TableIdentifier.of("bench", "upserts"));
    Map<Long, String> actual = new HashMap<>();
    try (CloseableIterable<Record> rows = IcebergGenerics.read(table).build()) {
      for (Record row : rows) {
        if (actual.put((Long) row.getField("id"), row.getField("name") + "/" + row.getField("qty")) != null) {
          throw new IllegalStateException("key " + row.getField("id") + " appears twice");
        }
      }
    }
    if (!actual.equals(state)) {
      throw new IllegalStateException("the table does not hold the last value of every key after " + commits
          + " commits");
    }
    System.out.printf("%n[delete-mode] mode=%s format=%d commits=%d: table holds the last value of all %d keys%n",
        deleteMode, formatVersion, commits, KEYS);
    catalog.close();
    try (Stream<Path> files = Files.walk(warehouse)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> {
        try {
          Files.delete(p);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    }
  }

  private static long usedHeapAfterGc() {
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }
}
