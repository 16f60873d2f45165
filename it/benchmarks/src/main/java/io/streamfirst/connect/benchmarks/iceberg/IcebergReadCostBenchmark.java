// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.benchmarks.iceberg;

import io.streamfirst.connect.iceberg.IcebergSinkConfig;
import io.streamfirst.connect.iceberg.IcebergSinkTask;
import io.streamfirst.connect.iceberg.compact.Compactor;
import io.streamfirst.connect.sink.RecordingSinkTaskContext;
import java.io.IOException;
import java.io.UncheckedIOException;
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
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.hadoop.HadoopCatalog;
import org.apache.iceberg.io.CloseableIterable;
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
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What upserts cost readers: the same final table state (10,000 keys) reached through {@code commits}
 * upsert commits of the sink (each adding equality deletes, or with {@code deleteMode=position} position
 * deletes) versus written once with appends
 * ({@code appendOnly}, the baseline). With {@code compaction=on} the sink's {@link Compactor}, built from
 * the same connector config, runs on the freshly loaded table after every upsert commit, as the task does
 * after its interval- and buffer-triggered commits (the upserting task itself commits when its interval has
 * passed, keeping its key index, and never compacts by itself);
 * with {@code off} the connector config disables compaction. {@code readUpserted} / {@code readAppendOnly}
 * scan every row with Iceberg's generic reader; setup checks the upserted table holds exactly the final
 * rows and prints the compactions done and the data and delete files the scan plans. Two more baselines:
 * {@code readAppendSameCommits}, the final rows appended in {@code commits} commits (the same rows in as
 * many data files as the upserted table has), and {@code readAppendChangelog}, the rows each upsert commit
 * wrote appended instead (the upserted table's data files without its deletes).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
public class IcebergReadCostBenchmark {

  static final int KEYS = 10_000;
  static final int CHANGES_PER_COMMIT = 5_000;

  static final Schema KEY = SchemaBuilder.struct().name("key").field("id", Schema.INT64_SCHEMA).build();
  static final Schema ROW = SchemaBuilder.struct().name("row").field("id", Schema.INT64_SCHEMA)
      .field("name", Schema.STRING_SCHEMA).field("qty", Schema.INT32_SCHEMA).build();

  @Param({"1", "10", "50"})
  public int commits;

  @Param({"off", "on"})
  public String compaction;

  /** {@code iceberg.upsert.delete.mode} of the upserting task. */
  @Param({"equality", "position"})
  public String deleteMode;

  /** {@code iceberg.table.format.version} of the upserted table: 3 writes deletion vectors in {@code position} mode. */
  @Param({"2"})
  public int formatVersion;

  private Path warehouse;
  private Table upserted;
  private Table appendOnly;
  private Table appendSameCommits;
  private Table appendChangelog;

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    warehouse = Files.createTempDirectory("iceberg-read-bench");
    Map<String, String> upsertConfig = config("upsert", "upserted");
    // the upserting task commits when its commit interval has passed (keeping its key index, as in steady
    // state) and never compacts by itself: the compactor below does, after every commit, when asked for
    Map<String, String> upsertTaskConfig = new HashMap<>(upsertConfig);
    upsertTaskConfig.put("iceberg.commit.interval.ms", "100");
    upsertTaskConfig.put("iceberg.compaction.enabled", "false");
    IcebergSinkTask upsert = task(upsertTaskConfig);
    IcebergSinkTask append = task(config("append", "append_only"));
    IcebergSinkTask appendSplit = task(config("append", "append_same_commits"));
    IcebergSinkTask appendLog = task(config("append", "append_changelog"));
    TopicPartition logTp = new TopicPartition("append_changelog", 0);
    appendLog.open(List.of(logTp));
    long logOffset = 0;
    HadoopCatalog catalog = new HadoopCatalog(new Configuration(), warehouse.toUri().toString());
    TableIdentifier upsertedId = TableIdentifier.of("bench", "upserted");
    Compactor.Settings settings = new IcebergSinkConfig(upsertConfig).compaction();
    Compactor compactor = new Compactor(settings, "bench-upserted-0", 0);
    int compactions = 0;
    Random random = new Random(11);
    Map<Long, Struct> state = new HashMap<>();
    long offset = 0;
    TopicPartition tp = new TopicPartition("upserted", 0);
    upsert.open(List.of(tp));
    Map<Long, Struct> lastInCommit = new java.util.LinkedHashMap<>();
    // The first commit inserts every key; later commits update random keys.
    for (int c = 0; c < commits; c++) {
      List<SinkRecord> batch = new ArrayList<>();
      int changes = c == 0 ? KEYS : CHANGES_PER_COMMIT;
      for (int i = 0; i < changes; i++) {
        long id = c == 0 ? i : random.nextInt(KEYS);
        Struct row = new Struct(ROW).put("id", id).put("name", "name-" + random.nextInt(100_000))
            .put("qty", random.nextInt(1000));
        state.put(id, row);
        batch.add(new SinkRecord("upserted", 0, KEY, new Struct(KEY).put("id", id), ROW, row, offset++));
        lastInCommit.put(id, row);
      }
      sleepPastInterval();
      upsert.put(batch); // the interval has passed: this put ends with the commit
      // the changelog baseline: the rows this commit wrote (the last change per key), appended in one commit
      List<SinkRecord> log = new ArrayList<>();
      for (Struct row : lastInCommit.values()) {
        log.add(new SinkRecord("append_changelog", 0, null, null, ROW, row, logOffset++));
      }
      lastInCommit.clear();
      appendLog.put(log);
      appendLog.close(List.of(logTp));
      appendLog.open(List.of(logTp));
      Compactor.Result result = compactor.compact(catalog.loadTable(upsertedId));
      switch (result.outcome()) {
        case COMPACTED -> compactions++;
        case NOTHING_TO_DO -> {}
        case CONFLICT, FAILED -> throw new IllegalStateException("compaction after commit " + (c + 1) + " ended "
            + result.outcome() + "; see the log");
      }
    }
    upsert.close(List.of(tp));
    List<SinkRecord> finalRows = new ArrayList<>();
    long o = 0;
    for (Struct row : state.values()) {
      finalRows.add(new SinkRecord("append_only", 0, null, null, ROW, row, o++));
    }
    TopicPartition appendTp = new TopicPartition("append_only", 0);
    append.open(List.of(appendTp));
    append.put(finalRows);
    append.close(List.of(appendTp));
    // the same final rows appended in as many commits as the upserts took (as many data files)
    TopicPartition splitTp = new TopicPartition("append_same_commits", 0);
    appendSplit.open(List.of(splitTp));
    List<SinkRecord> split = new ArrayList<>();
    for (Struct row : state.values()) {
      split.add(new SinkRecord("append_same_commits", 0, null, null, ROW, row, split.size()));
    }
    for (int c = 0; c < commits; c++) {
      appendSplit.put(split.subList(c * split.size() / commits, (c + 1) * split.size() / commits));
      appendSplit.close(List.of(splitTp));
      appendSplit.open(List.of(splitTp));
    }
    appendSplit.close(List.of(splitTp));
    appendLog.close(List.of(logTp));
    upsert.stop();
    append.stop();
    appendSplit.stop();
    appendLog.stop();
    upserted = catalog.loadTable(upsertedId);
    appendOnly = catalog.loadTable(TableIdentifier.of("bench", "append_only"));
    appendSameCommits = catalog.loadTable(TableIdentifier.of("bench", "append_same_commits"));
    appendChangelog = catalog.loadTable(TableIdentifier.of("bench", "append_changelog"));
    if (count(upserted) != KEYS || count(appendOnly) != KEYS || count(appendSameCommits) != KEYS) {
      throw new IllegalStateException("tables do not hold " + KEYS + " rows");
    }
    checkHolds(upserted, state);
    int dataFiles = 0;
    int deleteRefs = 0;
    int maxDeletes = 0;
    try (CloseableIterable<FileScanTask> tasks = upserted.newScan().planFiles()) {
      for (FileScanTask task : tasks) {
        dataFiles++;
        deleteRefs += task.deletes().size();
        maxDeletes = Math.max(maxDeletes, task.deletes().size());
      }
    }
    if (settings.enabled() && maxDeletes >= settings.deleteFiles()) {
      throw new IllegalStateException("a data file is still covered by " + maxDeletes + " delete files after"
          + " compacting with a threshold of " + settings.deleteFiles());
    }
    System.out.printf("%n[read-cost] commits=%d compaction=%s deleteMode=%s format=%d compactions=%d data files=%d"
        + " delete files per data file=%.2f (max %d); rows stored=%d; same-commits baseline: %d data files;"
        + " changelog baseline: %d data files, %d rows%n", commits, compaction, deleteMode, formatVersion,
        compactions, dataFiles, dataFiles == 0 ? 0.0 : (double) deleteRefs / dataFiles, maxDeletes,
        storedRows(upserted), dataFiles(appendSameCommits), dataFiles(appendChangelog), count(appendChangelog));
  }

  /** Fails unless {@code table} holds exactly the rows of {@code state}, one per key, with their last values. */
  private static void checkHolds(Table table, Map<Long, Struct> state) throws IOException {
    Map<Long, String> expected = new HashMap<>();
    state.forEach((id, row) -> expected.put(id, row.getString("name") + "/" + row.getInt32("qty")));
    Map<Long, String> actual = new HashMap<>();
    try (CloseableIterable<Record> rows = IcebergGenerics.read(table).build()) {
      for (Record row : rows) {
        if (actual.put((Long) row.getField("id"), row.getField("name") + "/" + row.getField("qty")) != null) {
          throw new IllegalStateException("key " + row.getField("id") + " appears twice in " + table.name());
        }
      }
    }
    if (!actual.equals(expected)) {
      throw new IllegalStateException(table.name() + " does not hold the last value of every key");
    }
  }

  private Map<String, String> config(String mode, String topic) {
    Map<String, String> config = new HashMap<>();
    config.put("name", "bench-" + topic);
    config.put("iceberg.catalog.type", "hadoop");
    config.put("iceberg.catalog.warehouse", warehouse.toUri().toString());
    config.put("iceberg.mode", mode);
    config.put("iceberg.table.name.template", "bench.${topic}");
    config.put("iceberg.commit.interval.ms", "3600000");
    config.put("iceberg.compaction.enabled", Boolean.toString(compaction.equals("on")));
    config.put("iceberg.upsert.delete.mode", deleteMode);
    config.put("iceberg.table.format.version", Integer.toString(formatVersion));
    return config;
  }

  private static void sleepPastInterval() {
    try {
      Thread.sleep(120);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static int dataFiles(Table table) throws IOException {
    int n = 0;
    try (CloseableIterable<FileScanTask> tasks = table.newScan().planFiles()) {
      for (FileScanTask ignored : tasks) {
        n++;
      }
    }
    return n;
  }

  private static long storedRows(Table table) throws IOException {
    long n = 0;
    try (CloseableIterable<FileScanTask> tasks = table.newScan().planFiles()) {
      for (FileScanTask t : tasks) {
        n += t.file().recordCount();
      }
    }
    return n;
  }

  private static IcebergSinkTask task(Map<String, String> config) {
    IcebergSinkTask task = new IcebergSinkTask();
    task.initialize(new RecordingSinkTaskContext(false));
    task.start(config);
    return task;
  }

  private static long count(Table table) throws IOException {
    long n = 0;
    try (CloseableIterable<Record> rows = IcebergGenerics.read(table).build()) {
      for (Record ignored : rows) {
        n++;
      }
    }
    return n;
  }

  @Benchmark
  public long readUpserted() throws IOException {
    return count(upserted);
  }

  @Benchmark
  public long readAppendOnly() throws IOException {
    return count(appendOnly);
  }

  /** The final rows appended in as many commits as the upserts took: the same rows in as many data files. */
  @Benchmark
  public long readAppendSameCommits() throws IOException {
    return count(appendSameCommits);
  }

  /**
   * The rows every upsert commit wrote, appended instead (a changelog table): the same data files' rows
   * without deletes, so the difference to {@code readUpserted} is what applying the deletes costs.
   */
  @Benchmark
  public long readAppendChangelog() throws IOException {
    return count(appendChangelog);
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
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
}
