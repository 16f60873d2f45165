// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.iceberg;

import io.streamfirst.connect.common.ManualClock;
import static org.assertj.core.api.Assertions.assertThat;

import io.streamfirst.connect.iceberg.compact.Compactor;
import io.streamfirst.connect.iceberg.compact.Compactor.Outcome;
import io.streamfirst.connect.iceberg.write.PositionDeletes;
import io.streamfirst.connect.sink.RecordingSinkTaskContext;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.BaseTable;
import org.apache.iceberg.ContentFile;
import org.apache.iceberg.HasTableOperations;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.TableOperations;
import org.apache.iceberg.exceptions.CommitStateUnknownException;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.ManifestFile;
import org.apache.iceberg.ManifestFiles;
import org.apache.iceberg.ManifestReader;
import org.apache.iceberg.Snapshot;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Compaction against a real Hadoop catalog: the rows never change, the files readers open stay bounded,
 * and changes other writers commit while a compaction runs survive it. Every case runs with both upsert
 * delete modes ({@code iceberg.upsert.delete.mode}).
 */
@ParameterizedClass(name = "delete mode {0}")
@ValueSource(strings = {"equality", "position"})
class CompactionTest {

  @Parameter
  String deleteMode;

  private static final Schema KEY = SchemaBuilder.struct().name("key").field("id", Schema.INT64_SCHEMA).build();
  private static final Schema ROW = SchemaBuilder.struct().name("row").field("id", Schema.INT64_SCHEMA)
      .field("name", Schema.STRING_SCHEMA).field("qty", Schema.INT32_SCHEMA).build();
  private static final long MB = 1024 * 1024;

  @TempDir
  Path warehouse;

  private final List<IcebergSinkTask> tasks = new ArrayList<>();
  private final Random random = new Random(7);
  /** The rows every test expects, by id: what the records say the table holds. */
  private final Map<Long, String> expected = new TreeMap<>();
  private long offset;
  /** The tasks' time: every put is a commit interval later than the one before. */
  private final ManualClock clock = new ManualClock(1_000_000);

  @AfterEach
  void stopTasks() {
    tasks.forEach(IcebergSinkTask::stop);
  }

  private Map<String, String> config(String mode) {
    Map<String, String> config = IcebergSinkTaskTest.config(warehouse, mode, 1000);
    config.put(IcebergSinkConfig.UPSERT_DELETE_MODE, deleteMode);
    return config;
  }

  /** An upsert table with {@code commits} commits and no compaction; returns the config that wrote it. */
  private Map<String, String> uncompactedUpserts(TopicPartition tp, int commits) {
    Map<String, String> config = config("upsert");
    config.put(IcebergSinkConfig.COMPACTION_ENABLED, "false");
    IcebergSinkTask writer = start(config, tp);
    for (int commit = 0; commit < commits; commit++) {
      put(writer, tp, changes(tp, 200, 300));
    }
    return config;
  }

  /** A task whose commit interval passes on every {@link #put}: each put is one commit cycle. */
  private IcebergSinkTask start(Map<String, String> config, TopicPartition tp) {
    IcebergSinkTask task = new IcebergSinkTask();
    task.initialize(new RecordingSinkTaskContext(false));
    task.clock(clock);
    task.start(config);
    task.open(List.of(tp));
    tasks.add(task);
    return task;
  }

  private void put(IcebergSinkTask task, TopicPartition tp, List<SinkRecord> records) {
    clock.advance(10_000);
    task.put(records);
  }

  /** {@code n} upserts of random keys below {@code keys} (or deletes, one in ten), tracked in {@link #expected}. */
  private List<SinkRecord> changes(TopicPartition tp, int n, int keys) {
    List<SinkRecord> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      long id = random.nextInt(keys);
      Struct key = new Struct(KEY).put("id", id);
      if (random.nextInt(10) == 0) {
        out.add(new SinkRecord(tp.topic(), tp.partition(), KEY, key, null, null, offset++));
        expected.remove(id);
      } else {
        String name = "n" + random.nextInt(1_000_000);
        int qty = random.nextInt(100);
        out.add(new SinkRecord(tp.topic(), tp.partition(), KEY, key, ROW,
            new Struct(ROW).put("id", id).put("name", name).put("qty", qty), offset++));
        expected.put(id, name + "/" + qty);
      }
    }
    return out;
  }

  private List<SinkRecord> appends(TopicPartition tp, int n) {
    List<SinkRecord> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      long id = offset;
      String name = "n" + random.nextInt(1_000_000);
      out.add(new SinkRecord(tp.topic(), tp.partition(), null, null, ROW,
          new Struct(ROW).put("id", id).put("name", name).put("qty", i), offset++));
      expected.put(id, name + "/" + i);
    }
    return out;
  }

  private Table table(String name) {
    return new HadoopCatalog(new Configuration(), warehouse.toUri().toString())
        .loadTable(TableIdentifier.of("default", name));
  }

  private static Map<Long, String> rows(Table table) throws Exception {
    return IcebergSinkTaskTest.rows(table);
  }

  /** Per partition (by path), the data files a reader opens and the most delete files any of them needs. */
  private static Map<String, int[]> layout(Table table) throws IOException {
    Map<String, int[]> out = new TreeMap<>();
    try (CloseableIterable<FileScanTask> planned = table.newScan().planFiles()) {
      for (FileScanTask t : planned) {
        int[] counts = out.computeIfAbsent(table.spec().partitionToPath(t.file().partition()), k -> new int[2]);
        counts[0]++;
        counts[1] = Math.max(counts[1], t.deletes().size());
      }
    }
    return out;
  }

  private static int maxDeletes(Table table) throws IOException {
    return layout(table).values().stream().mapToInt(c -> c[1]).max().orElse(0);
  }

  private static int maxDataFiles(Table table) throws IOException {
    return layout(table).values().stream().mapToInt(c -> c[0]).max().orElse(0);
  }

  @Test
  void upsertCommitsKeepDeleteFilesPerDataFileBelowTheThreshold() throws Exception {
    Map<String, String> config = config("upsert");
    config.put(IcebergSinkConfig.COMPACTION_DELETE_FILES, "3");
    TopicPartition tp = new TopicPartition("cdc", 0);
    IcebergSinkTask task = start(config, tp);
    int compactions = 0;
    for (int commit = 0; commit < 20; commit++) {
      put(task, tp, changes(tp, 300, 500));
      Table table = table("cdc");
      assertThat(rows(table)).as("after commit %d", commit).isEqualTo(expected);
      assertThat(maxDeletes(table)).as("delete files per data file after commit %d", commit).isLessThan(3);
      if (table.currentSnapshot().summary().containsKey(Compactor.COMPACTED_BY)) {
        compactions++;
      }
    }
    assertThat(compactions).as("compactions in 20 commits").isBetween(5, 10);
    assertThat(maxDataFiles(table("cdc"))).isLessThanOrEqualTo(3);
  }

  @Test
  void aCycleRewritesOneTableAtMostSoTablesCommittedTogetherAreCompactedInTurn() throws Exception {
    Map<String, String> config = config("upsert");
    config.put(IcebergSinkConfig.COMPACTION_DELETE_FILES, "3");
    config.put(IcebergSinkConfig.COMPACTION_SMALL_FILES, "3");
    List<TopicPartition> tps = List.of(new TopicPartition("a", 0), new TopicPartition("b", 0),
        new TopicPartition("c", 0));
    IcebergSinkTask task = new IcebergSinkTask();
    task.initialize(new RecordingSinkTaskContext(false));
    task.clock(clock);
    task.start(config);
    task.open(tps);
    tasks.add(task);
    Map<String, Map<Long, String>> expectedPerTable = new TreeMap<>();
    Map<String, Integer> compactions = new TreeMap<>();
    for (int cycle = 0; cycle < 15; cycle++) {
      List<SinkRecord> batch = new ArrayList<>();
      for (TopicPartition tp : tps) { // every table changes in every cycle: all reach the thresholds together
        expected.clear();
        expected.putAll(expectedPerTable.getOrDefault(tp.topic(), Map.of()));
        batch.addAll(changes(tp, 50, 80));
        expectedPerTable.put(tp.topic(), new TreeMap<>(expected));
      }
      put(task, tps.get(0), batch);
      int rewritten = 0;
      for (TopicPartition tp : tps) {
        Table table = table(tp.topic());
        assertThat(rows(table)).as("%s after cycle %d", tp.topic(), cycle).isEqualTo(expectedPerTable.get(tp.topic()));
        if (table.currentSnapshot().summary().containsKey(Compactor.COMPACTED_BY)) {
          rewritten++;
          compactions.merge(tp.topic(), 1, Integer::sum);
        }
        // waiting for its turn adds at most one delete file per other table
        assertThat(maxDeletes(table)).as("%s after cycle %d", tp.topic(), cycle).isLessThan(3 + 2);
      }
      assertThat(rewritten).as("tables compacted in cycle %d", cycle).isLessThanOrEqualTo(1);
    }
    assertThat(compactions).as("every table had its turn").containsOnlyKeys("a", "b", "c");
  }

  @Test
  void aTaskHoldingChangesAsksToBeCalledBackBeforeItsCommitIsDue() throws Exception {
    TopicPartition tp = new TopicPartition("idle", 0);
    IcebergSinkTask task = new IcebergSinkTask();
    RecordingSinkTaskContext context = new RecordingSinkTaskContext(false);
    task.initialize(context);
    task.clock(clock);
    task.start(config("append"));
    task.open(List.of(tp));
    tasks.add(task);
    task.put(appends(tp, 10)); // the commit interval (1 s) has not passed: the rows are held
    assertThat(context.timeout).as("poll timeout asked for").isEqualTo(1000);
    clock.advance(400);
    context.timeout = -1;
    task.put(List.of()); // an empty poll: still held, called back when the interval ends
    assertThat(context.timeout).isEqualTo(600);
    clock.advance(600);
    context.timeout = -1;
    task.put(List.of()); // due: committed, nothing held, no callback needed
    assertThat(rows(table("idle"))).isEqualTo(expected);
    assertThat(context.timeout).isEqualTo(-1);
  }

  @Test
  void withoutCompactionDeleteFilesGrowWithEveryCommit() throws Exception {
    Map<String, String> config = config("upsert");
    config.put(IcebergSinkConfig.COMPACTION_ENABLED, "false");
    TopicPartition tp = new TopicPartition("cdc", 0);
    IcebergSinkTask task = start(config, tp);
    for (int commit = 0; commit < 10; commit++) {
      put(task, tp, changes(tp, 300, 500));
    }
    assertThat(rows(table("cdc"))).isEqualTo(expected);
    // equality: every later commit's delete file covers the first data file; position (format version 2): each
    // commit merges a data file's smaller earlier position deletes into its own, so a reader opens at most
    // MAX_DELETE_FILES_PER_DATA_FILE (3) delete files per data file
    if (deleteMode.equals("equality")) {
      assertThat(maxDeletes(table("cdc"))).isEqualTo(9);
    } else {
      assertThat(maxDeletes(table("cdc"))).isBetween(1, PositionDeletes.MAX_DELETE_FILES_PER_DATA_FILE);
    }
  }

  @Test
  void smallAppendFilesAreMergedPerPartition() throws Exception {
    Map<String, String> config = config("append");
    config.put(IcebergSinkConfig.PARTITION_SPEC, "bucket[3](id)");
    config.put(IcebergSinkConfig.COMPACTION_SMALL_FILES, "4");
    TopicPartition tp = new TopicPartition("events", 0);
    IcebergSinkTask task = start(config, tp);
    for (int commit = 0; commit < 15; commit++) {
      put(task, tp, appends(tp, 100));
      assertThat(maxDataFiles(table("events"))).as("data files per partition after commit %d", commit)
          .isLessThan(4);
    }
    Table table = table("events");
    assertThat(rows(table)).isEqualTo(expected);
    assertThat(layout(table)).hasSize(3);
    // every row still lives in the partition its id hashes to
    for (int bucket = 0; bucket < 3; bucket++) {
      long inBucket = 0;
      try (CloseableIterable<Record> rows = IcebergGenerics.read(table)
          .where(org.apache.iceberg.expressions.Expressions.equal(
              org.apache.iceberg.expressions.Expressions.bucket("id", 3), bucket))
          .build()) {
        for (Record ignored : rows) {
          inBucket++;
        }
      }
      assertThat(inBucket).isPositive();
    }
  }

  @Test
  void aCompactionKeepsAnUpsertAnotherWriterCommitsWhileItRuns() throws Exception {
    Map<String, String> config = uncompactedUpserts(new TopicPartition("cdc", 0), 5);
    long key = expected.keySet().iterator().next();
    // Another task (another Kafka partition, same table) changes a key after the compaction read the files.
    TopicPartition other = new TopicPartition("cdc", 1);
    IcebergSinkTask concurrent = start(config, other);
    Table table = intercepted(table("cdc"), () -> {
      SinkRecord update = new SinkRecord("cdc", 1, KEY, new Struct(KEY).put("id", key), ROW,
          new Struct(ROW).put("id", key).put("name", "concurrent").put("qty", 1), 0);
      SinkRecord delete = new SinkRecord("cdc", 1, KEY, new Struct(KEY).put("id", key + 1), null, null, 1);
      put(concurrent, other, List.of(update, delete));
      expected.put(key, "concurrent/1");
      expected.remove(key + 1);
    });
    Compactor.Result result = compactor(2, 16).compact(table);
    // An equality delete committed meanwhile still applies to the rewritten rows (same data sequence number);
    // a position delete names a file the rewrite replaces, so Iceberg rejects the rewrite (tried again later).
    assertThat(result.outcome()).isEqualTo(deleteMode.equals("equality") ? Outcome.COMPACTED : Outcome.CONFLICT);
    assertThat(rows(table("cdc"))).isEqualTo(expected);
    assertThat(rows(table("cdc"))).containsEntry(key, "concurrent/1").doesNotContainKey(key + 1);
  }

  @Test
  void aCompactionThatLosesARaceChangesNothingAndLeavesNoFiles() throws Exception {
    uncompactedUpserts(new TopicPartition("cdc", 0), 5);
    Table table = intercepted(table("cdc"), () -> assertThat(compactor(2, 16).compact(table("cdc")).outcome())
        .isEqualTo(Outcome.COMPACTED));
    Compactor.Result result = compactor(2, 16).compact(table);
    assertThat(result.outcome()).isEqualTo(Outcome.CONFLICT);
    assertThat(rows(table("cdc"))).isEqualTo(expected);
    assertThat(maxDeletes(table("cdc"))).isZero();
    assertThat(unreferencedDataFiles(table("cdc"))).as("files the losing compaction wrote").isEmpty();
  }

  /**
   * The catalog accepts the compaction's commit request but the answer is lost (a gateway timeout, a
   * dropped connection): the outcome is unknown, and the table's history does not show the rewrite yet
   * because the catalog has not applied it. It lands afterwards. The files it references must still exist.
   */
  @Test
  void aCompactionWhoseCommitOutcomeIsUnknownNeverDeletesTheFilesItMayReference() throws Exception {
    uncompactedUpserts(new TopicPartition("cdc", 0), 5);
    Table real = table("cdc");
    InFlightCommit catalog = new InFlightCommit(((HasTableOperations) real).operations());
    Table table = new BaseTable(catalog, real.name());

    Compactor.Result result = compactor(2, 16).compact(table);
    assertThat(result.outcome()).as("outcome seen by the task").isEqualTo(Outcome.FAILED);

    catalog.land(); // the catalog applies the request it received
    Table after = table("cdc");
    assertThat(after.currentSnapshot().summary()).containsKey(Compactor.COMPACTED_BY);
    assertThat(rows(after)).isEqualTo(expected);
    assertThat(maxDeletes(after)).isZero();
  }

  /**
   * A catalog whose next commit request is held "in flight": the caller gets
   * {@link CommitStateUnknownException} at once and the commit is applied only when {@link #land()} is called.
   */
  private static final class InFlightCommit extends ForwardingTableOperations {
    private TableMetadata heldBase;
    private TableMetadata held;

    InFlightCommit(TableOperations delegate) {
      super(delegate);
    }

    void land() {
      assertThat(held).as("a commit request reached the catalog").isNotNull();
      delegate.refresh();
      assertThat(delegate.current().metadataFileLocation()).isEqualTo(heldBase.metadataFileLocation());
      delegate.commit(delegate.current(), held);
      held = null;
    }

    @Override
    public void commit(TableMetadata base, TableMetadata metadata) {
      if (held != null) {
        throw new IllegalStateException("one commit is already in flight");
      }
      heldBase = base;
      held = metadata;
      throw new CommitStateUnknownException(new java.net.SocketTimeoutException("no answer from the catalog"));
    }
  }

  @Test
  void aPartitionLargerThanTheLimitIsLeftAlone() throws Exception {
    TopicPartition tp = new TopicPartition("wide", 0);
    Map<String, String> config = config("upsert");
    config.put(IcebergSinkConfig.COMPACTION_ENABLED, "false");
    IcebergSinkTask writer = start(config, tp);
    for (int commit = 0; commit < 3; commit++) {
      List<SinkRecord> batch = new ArrayList<>();
      // the first commit inserts 1,000 keys, the later ones update 900 of them (position mode removes a data
      // file whose every row is deleted): about 0.6 MB of incompressible text per commit
      for (int i = 0; i < (commit == 0 ? 1_000 : 900); i++) {
        long id = i;
        String name = randomText(900);
        batch.add(new SinkRecord("wide", 0, KEY, new Struct(KEY).put("id", id), ROW,
            new Struct(ROW).put("id", id).put("name", name).put("qty", 1), offset++));
      }
      put(writer, tp, batch);
    }
    // equality: both later commits' deletes cover the first file; position: a data file has one delete file
    // at most (the second commit's file is emptied by the third and removed)
    int deletes = deleteMode.equals("equality") ? 2 : 1;
    Compactor limited = new Compactor(new Compactor.Settings(true, deletes, 16, MB, 128 * MB), "lake-9", 9);
    assertThat(limited.compact(table("wide")).outcome()).isEqualTo(Outcome.NOTHING_TO_DO);
    assertThat(maxDeletes(table("wide"))).isEqualTo(deletes);
    assertThat(compactor(deletes, 16).compact(table("wide")).outcome()).isEqualTo(Outcome.COMPACTED);
    assertThat(rows(table("wide"))).hasSize(1_000);
    assertThat(maxDeletes(table("wide"))).isZero();
  }

  private String randomText(int length) {
    StringBuilder out = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      out.append((char) ('a' + random.nextInt(26)));
    }
    return out.toString();
  }

  private static Compactor compactor(int deleteFiles, int smallFiles) {
    return new Compactor(new Compactor.Settings(true, deleteFiles, smallFiles, 512 * MB, 128 * MB),
        "lake-9", 9);
  }

  /** {@code table}, except that {@code concurrent} runs just before a compaction starts its commit. */
  private static Table intercepted(Table table, Runnable concurrent) {
    return (Table) Proxy.newProxyInstance(Table.class.getClassLoader(), new Class<?>[]{Table.class},
        (proxy, method, args) -> {
          if (method.getName().equals("newRewrite")) {
            concurrent.run();
          }
          try {
            return method.invoke(table, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        });
  }

  /** Parquet files under the table's data directory that no snapshot references. */
  private static Set<Path> unreferencedDataFiles(Table table) throws IOException {
    Set<String> referenced = new HashSet<>();
    for (Snapshot s : table.snapshots()) {
      for (ManifestFile manifest : s.allManifests(table.io())) {
        if (manifest.content() == org.apache.iceberg.ManifestContent.DATA) {
          try (ManifestReader<org.apache.iceberg.DataFile> reader = ManifestFiles.read(manifest, table.io(),
              table.specs())) {
            reader.forEach(f -> referenced.add(path(f)));
          }
        } else {
          try (ManifestReader<org.apache.iceberg.DeleteFile> reader = ManifestFiles.readDeleteManifest(manifest,
              table.io(), table.specs())) {
            reader.forEach(f -> referenced.add(path(f)));
          }
        }
      }
    }
    Set<Path> out = new HashSet<>();
    try (Stream<Path> files = Files.walk(Path.of(java.net.URI.create(table.location() + "/data")))) {
      files.filter(p -> p.toString().endsWith(".parquet")).filter(p -> !referenced.contains(p.toString()))
          .forEach(out::add);
    }
    return out;
  }

  private static String path(ContentFile<?> file) {
    String location = file.location();
    return location.startsWith("file:") ? Path.of(java.net.URI.create(location)).toString() : location;
  }
}
