// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.iceberg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamfirst.connect.common.ManualClock;
import io.streamfirst.connect.iceberg.commit.CrashPoints;
import io.streamfirst.connect.iceberg.commit.PendingCommit;
import io.streamfirst.connect.iceberg.compact.Compactor;
import io.streamfirst.connect.iceberg.write.PositionDeletes;
import io.streamfirst.connect.iceberg.write.PositionDeletes.MergeStats;
import io.streamfirst.connect.iceberg.write.SinkTable;
import io.streamfirst.connect.sink.RecordingSinkTaskContext;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DeleteFile;
import org.apache.iceberg.FileContent;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.ManifestFile;
import org.apache.iceberg.ManifestFiles;
import org.apache.iceberg.ManifestReader;
import org.apache.iceberg.MetadataColumns;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.TableUtil;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.BaseDeleteLoader;
import org.apache.iceberg.data.GenericFileWriterFactory;
import org.apache.iceberg.data.IdentityPartitionConverters;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.deletes.PositionDelete;
import org.apache.iceberg.deletes.PositionDeleteIndex;
import org.apache.iceberg.deletes.PositionDeleteWriter;
import org.apache.iceberg.formats.FormatModelRegistry;
import org.apache.iceberg.hadoop.HadoopCatalog;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.io.OutputFileFactory;
import org.apache.iceberg.types.TypeUtil;
import org.apache.iceberg.util.ContentFileUtil;
import org.apache.iceberg.util.PartitionUtil;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Upsert delete mode {@code position} against a real Hadoop catalog: tables hold no equality-delete file and
 * read back as the records say, with Iceberg's generic reader and with a reader that applies position
 * deletes only; compactions racing the commits, a crash between the lookup and the commit and a restart
 * leave them correct.
 */
class PositionDeletesTest {

  private static final org.apache.kafka.connect.data.Schema KEY = SchemaBuilder.struct().name("key")
      .field("id", org.apache.kafka.connect.data.Schema.INT64_SCHEMA).build();
  private static final org.apache.kafka.connect.data.Schema ROW = SchemaBuilder.struct().name("row")
      .field("id", org.apache.kafka.connect.data.Schema.INT64_SCHEMA)
      .field("name", org.apache.kafka.connect.data.Schema.STRING_SCHEMA)
      .field("qty", org.apache.kafka.connect.data.Schema.INT32_SCHEMA).build();

  @TempDir
  Path warehouse;

  private final List<IcebergSinkTask> tasks = new ArrayList<>();
  private final ManualClock clock = new ManualClock(1_000_000);
  /** What the records say the table holds, by id. */
  private final Map<Long, String> expected = new TreeMap<>();
  private long offset;

  @AfterEach
  void stopTasks() {
    tasks.forEach(IcebergSinkTask::stop);
  }

  private Map<String, String> config() {
    Map<String, String> config = IcebergSinkTaskTest.config(warehouse, "upsert", 1000);
    config.put(IcebergSinkConfig.UPSERT_DELETE_MODE, "position");
    return config;
  }

  private IcebergSinkTask start(Map<String, String> config, TopicPartition tp, CrashPoints crashPoints) {
    IcebergSinkTask task = new IcebergSinkTask();
    task.initialize(new RecordingSinkTaskContext(false));
    task.clock(clock);
    task.crashPoints(crashPoints);
    task.start(config);
    task.open(List.of(tp));
    tasks.add(task);
    return task;
  }

  /** One commit cycle: the commit interval passes before the batch. */
  private void put(IcebergSinkTask task, List<SinkRecord> records) {
    clock.advance(10_000);
    task.put(records);
  }

  private SinkRecord upsert(TopicPartition tp, long id, String name, int qty) {
    expected.put(id, name + "/" + qty);
    return new SinkRecord(tp.topic(), tp.partition(), KEY, new Struct(KEY).put("id", id), ROW,
        new Struct(ROW).put("id", id).put("name", name).put("qty", qty), offset++);
  }

  private SinkRecord delete(TopicPartition tp, long id) {
    expected.remove(id);
    return new SinkRecord(tp.topic(), tp.partition(), KEY, new Struct(KEY).put("id", id), null, null, offset++);
  }

  private Table table(String name) {
    return new HadoopCatalog(new Configuration(), warehouse.toUri().toString())
        .loadTable(TableIdentifier.of("default", name));
  }

  // --- the tests -----------------------------------------------------------------------------------------

  @ParameterizedTest(name = "format version {0}")
  @ValueSource(ints = {2, 3})
  void aRandomCdcWorkloadWithCompactionsRacingTheCommitsNeedsNoEqualityDeletes(int formatVersion) throws Exception {
    Map<String, String> config = config();
    config.put(IcebergSinkConfig.FORMAT_VERSION, Integer.toString(formatVersion));
    config.put(IcebergSinkConfig.PARTITION_SPEC, "bucket[3](id)");
    config.put(IcebergSinkConfig.COMPACTION_DELETE_FILES, "4");
    config.put(IcebergSinkConfig.COMPACTION_SMALL_FILES, "6");
    config.put(IcebergSinkConfig.UPSERT_INDEX_MAX_KEYS, "150"); // fewer than the keys: evictions and re-lookups
    TopicPartition tp = new TopicPartition("cdc", 0);
    Random random = new Random(16);
    // another task's compactor, with thresholds that rewrite whatever it can, between lookup and commit
    Compactor racing = new Compactor(new Compactor.Settings(true, 1, 2, 512L << 20, 128L << 20), "lake-9", 9);
    RacingCompaction race = new RacingCompaction(racing, "cdc");
    IcebergSinkTask task = start(config, tp, race);
    race.task = task;
    Set<Long> everSeen = new HashSet<>();
    for (int commit = 0; commit < 60; commit++) {
      List<SinkRecord> batch = new ArrayList<>();
      int changes = 20 + random.nextInt(60);
      for (int i = 0; i < changes; i++) {
        long id = random.nextInt(400);
        int kind = random.nextInt(20);
        if (kind < 3) {
          batch.add(delete(tp, id));
        } else if (kind < 5 && expected.containsKey(id)) {
          // a key change: the row moves from one key to another (delete of the old key, insert of the new)
          String value = expected.get(id);
          long to = 400 + random.nextInt(200);
          batch.add(delete(tp, id));
          batch.add(upsert(tp, to, value.substring(0, value.indexOf('/')), commit));
          everSeen.add(to);
        } else {
          batch.add(upsert(tp, id, "n" + random.nextInt(1_000_000), random.nextInt(100)));
          if (random.nextInt(4) == 0) {
            batch.add(upsert(tp, id, "again" + commit, i)); // changed again in the same commit
          }
        }
        everSeen.add(id);
      }
      race.armed = commit % 5 == 2;
      put(task, batch);
      if (commit == 25) {
        // rebalance: partitions released and assigned again (the key index starts over)
        task.close(List.of(tp));
        task.open(List.of(tp));
      }
      if (commit == 40) {
        // restart: a new task, nothing in memory
        task.stop();
        task = start(config, tp, race);
        race.task = task;
      }
      if (commit % 10 == 9) {
        assertTableHoldsExpectedRows(table("cdc"));
      }
    }
    task.close(List.of(tp));
    Table table = table("cdc");
    assertTableHoldsExpectedRows(table);
    assertThat(race.compacted).as("compactions committed between a lookup and its commit").isGreaterThan(0);
    assertThat(race.replacedLookedUpFiles).as("of them, ones that replaced a file a pending commit deletes from")
        .isGreaterThan(0);
    assertThat(positionDeleteFiles(table)).as("position-delete files ever committed").isGreaterThan(0);
    assertThat(deleteFormats(table)).as("formats of the position deletes")
        .containsExactly(formatVersion == 3 ? FileFormat.PUFFIN : FileFormat.PARQUET);
    assertFewFileScopedDeletesPerDataFile(table);
    assertThat(everSeen.size()).isGreaterThan(expected.size());
  }

  @ParameterizedTest(name = "format version {0}")
  @ValueSource(ints = {2, 3})
  void aCompactionReplacingALookedUpFileMakesTheCommitLookTheKeysUpAgain(int formatVersion) throws Exception {
    Map<String, String> config = config();
    config.put(IcebergSinkConfig.FORMAT_VERSION, Integer.toString(formatVersion));
    config.put(IcebergSinkConfig.COMPACTION_ENABLED, "false");
    TopicPartition tp = new TopicPartition("moves", 0);
    Compactor racing = new Compactor(new Compactor.Settings(true, 1, 2, 512L << 20, 128L << 20), "lake-9", 9);
    RacingCompaction race = new RacingCompaction(racing, "moves");
    IcebergSinkTask task = start(config, tp, race);
    race.task = task;
    List<SinkRecord> first = new ArrayList<>();
    List<SinkRecord> second = new ArrayList<>();
    for (long id = 0; id < 50; id++) {
      first.add(upsert(tp, id, "a" + id, 1));
    }
    for (long id = 50; id < 100; id++) {
      second.add(upsert(tp, id, "a" + id, 1));
    }
    put(task, first);
    put(task, second);
    // a fresh task: nothing in its index, so the next commit looks the keys up in the two files
    task.stop();
    task = start(config, tp, race);
    race.task = task;
    race.armed = true;
    put(task, List.of(upsert(tp, 7, "b7", 2), upsert(tp, 70, "b70", 2), delete(tp, 33)));
    task.close(List.of(tp));

    Table table = table("moves");
    assertThat(race.compacted).isEqualTo(1);
    assertThat(race.replacedLookedUpFiles).isEqualTo(1);
    assertTableHoldsExpectedRows(table);
    // the commit's position deletes point into the compacted file, not into the replaced ones
    Snapshot last = table.currentSnapshot();
    Set<String> live = new HashSet<>();
    try (CloseableIterable<FileScanTask> planned = table.newScan().planFiles()) {
      planned.forEach(t -> live.add(t.file().location()));
    }
    Set<String> compacted = new HashSet<>();
    table.snapshot(last.parentId()).addedDataFiles(table.io()).forEach(f -> compacted.add(f.location()));
    assertThat(live).containsAll(compacted);
    long deleted = 0;
    for (DeleteFile d : last.addedDeleteFiles(table.io())) {
      assertThat(d.content()).isEqualTo(FileContent.POSITION_DELETES);
      for (String file : compacted) {
        deleted += new BaseDeleteLoader(f -> table.io().newInputFile(f)).loadPositionDeletes(List.of(d), file)
            .cardinality();
      }
    }
    assertThat(deleted).as("rows of the compacted file deleted: keys 7, 33 and 70").isEqualTo(3);
  }

  @Test
  void aCrashBetweenTheLookupAndTheCommitLeavesTheTableCorrectAfterTheReplay() throws Exception {
    Map<String, String> config = config();
    TopicPartition tp = new TopicPartition("crash", 0);
    List<SinkRecord> first = new ArrayList<>();
    for (long id = 0; id < 100; id++) {
      first.add(upsert(tp, id, "a" + id, 1));
    }
    IcebergSinkTask task = start(config, tp, CrashPoints.NONE);
    put(task, first);
    Map<Long, String> afterFirst = new TreeMap<>(expected);
    List<SinkRecord> second = new ArrayList<>();
    for (long id = 0; id < 100; id += 3) {
      second.add(id % 2 == 0 ? upsert(tp, id, "b" + id, 2) : delete(tp, id));
    }
    second.add(upsert(tp, 500, "new", 5));
    // the batch is looked up and its files written; the process dies before the commit
    task.stop();
    tasks.remove(task);
    CrashPoints dieAfterWrite = phase -> {
      if (phase == CrashPoints.Phase.AFTER_WRITE) {
        throw new CrashPoints.InjectedCrash("test: crash after the lookup");
      }
    };
    task = start(config, tp, dieAfterWrite);
    IcebergSinkTask dying = task;
    assertThatThrownBy(() -> put(dying, second)).isInstanceOf(CrashPoints.InjectedCrash.class);
    dying.stop();
    assertThat(IcebergSinkTaskTest.rows(table("crash"))).as("nothing of the crashed commit").isEqualTo(afterFirst);

    // Connect redelivers from its committed offset (the start): the first batch is skipped, the second applied
    IcebergSinkTask restarted = start(config, tp, CrashPoints.NONE);
    List<SinkRecord> replay = new ArrayList<>(first);
    replay.addAll(second);
    put(restarted, replay);
    restarted.close(List.of(tp));
    assertTableHoldsExpectedRows(table("crash"));
  }

  @Test
  void keysTheTaskWroteAreFoundInItsIndexWithoutReadingTheTable() throws Exception {
    Map<String, String> config = config();
    config.put(IcebergSinkConfig.COMPACTION_ENABLED, "false");
    TopicPartition tp = new TopicPartition("indexed", 0);
    IcebergSinkTask task = start(config, tp, CrashPoints.NONE);
    List<SinkRecord> inserts = new ArrayList<>();
    for (long id = 0; id < 1_000; id++) {
      inserts.add(upsert(tp, id, "a", 1));
    }
    put(task, inserts);
    SinkTable held = task.sinkTable(TableIdentifier.of("default", "indexed"));
    assertThat(held.indexedKeys()).isEqualTo(1_000);
    put(task, List.of(upsert(tp, 10, "b", 2), upsert(tp, 999, "b", 2), delete(tp, 500)));
    assertThat(held.lastMisses()).as("keys looked up in the table").isZero();
    assertThat(held.indexedKeys()).isEqualTo(999);
    // a new key is looked up, and files whose key bounds cannot hold it are not read
    put(task, List.of(upsert(tp, 5_000, "c", 3)));
    assertThat(held.lastMisses()).isEqualTo(1);
    assertThat(held.lastLookup().filesPlanned()).isEqualTo(2);
    assertThat(held.lastLookup().filesRead()).isZero();
    task.close(List.of(tp));
    assertTableHoldsExpectedRows(table("indexed"));
    assertThat(table("indexed").properties()).as("bloom filter on the key column of a created table")
        .containsEntry("write.parquet.bloom-filter-enabled.column.id", "true");
  }

  @ParameterizedTest(name = "format version {0}")
  @ValueSource(ints = {2, 3})
  void everyDataFileHasFewDeleteFilesAfterManyCommitsWithoutCompaction(int formatVersion) throws Exception {
    Map<String, String> config = config();
    config.put(IcebergSinkConfig.FORMAT_VERSION, Integer.toString(formatVersion));
    config.put(IcebergSinkConfig.COMPACTION_ENABLED, "false");
    TopicPartition tp = new TopicPartition("merged", 0);
    IcebergSinkTask task = start(config, tp, CrashPoints.NONE);
    Random random = new Random(7);
    List<SinkRecord> inserts = new ArrayList<>();
    for (long id = 0; id < 500; id++) {
      inserts.add(upsert(tp, id, "a", 0));
    }
    put(task, inserts);
    for (int commit = 1; commit <= 12; commit++) {
      if (commit == 6) {
        // a restart: the next commit looks its keys up and still merges the files' earlier deletes
        task.stop();
        task = start(config, tp, CrashPoints.NONE);
      }
      put(task, randomChanges(tp, random, 80, 500));
    }
    task.close(List.of(tp));
    Table table = table("merged");
    assertTableHoldsExpectedRows(table);
    int dataFiles = 0;
    try (CloseableIterable<FileScanTask> planned = table.newScan().planFiles()) {
      for (FileScanTask t : planned) {
        dataFiles++;
      }
    }
    assertThat(dataFiles).as("data files (one per commit)").isGreaterThanOrEqualTo(12);
    assertFewFileScopedDeletesPerDataFile(table);
    if (formatVersion == 2) {
      // positions written to delete files over all commits, against the positions the table's delete files
      // hold at the end: the size-tiered merge wrote 1,495 for 785 here; rewriting every earlier position of a
      // touched data file in each commit (MAX_DELETE_FILES_PER_DATA_FILE = 1, as before) wrote 5,276
      long written = 0;
      long deleted = 0;
      for (Snapshot s : table.snapshots()) {
        written += Long.parseLong(s.summary().getOrDefault("added-position-deletes", "0"));
        deleted += Long.parseLong(s.summary().getOrDefault("added-position-deletes", "0"))
            - Long.parseLong(s.summary().getOrDefault("removed-position-deletes", "0"));
      }
      assertThat(written).as("positions written to delete files, for %d deleted positions", deleted)
          .isLessThanOrEqualTo(deleted * 5 / 2);
    }
  }

  @ParameterizedTest(name = "format version {0}")
  @ValueSource(ints = {2, 3})
  void aDataFileLeftWithoutALiveRowIsRemovedByTheCommitThatDeletesItsLastRow(int formatVersion) throws Exception {
    Map<String, String> config = config();
    config.put(IcebergSinkConfig.FORMAT_VERSION, Integer.toString(formatVersion));
    config.put(IcebergSinkConfig.COMPACTION_ENABLED, "false");
    TopicPartition tp = new TopicPartition("emptied", 0);
    IcebergSinkTask task = start(config, tp, CrashPoints.NONE);
    List<SinkRecord> batch = new ArrayList<>();
    for (long id = 0; id < 100; id++) {
      batch.add(upsert(tp, id, "first", 1));
    }
    put(task, batch);
    Set<String> first = dataFiles(table("emptied"));
    batch.clear();
    for (long id = 0; id < 60; id++) {
      batch.add(upsert(tp, id, "second", 2));
    }
    put(task, batch);
    Set<String> second = dataFiles(table("emptied"));
    second.removeAll(first);
    assertThat(dataFiles(table("emptied"))).as("data files while the first one has live rows").containsAll(first);
    // the last 40 rows of the first file: 20 updated, 20 deleted (the key index knows them)
    batch.clear();
    for (long id = 60; id < 100; id++) {
      batch.add(id < 80 ? upsert(tp, id, "third", 3) : delete(tp, id));
    }
    put(task, batch);
    assertThat(dataFiles(table("emptied"))).as("data files once the first has no live row")
        .doesNotContainAnyElementsOf(first).containsAll(second);
    // after a restart (keys looked up in the table): every row of the second file changes
    task.stop();
    task = start(config, tp, CrashPoints.NONE);
    batch.clear();
    for (long id = 0; id < 60; id++) {
      batch.add(id % 2 == 0 ? upsert(tp, id, "fourth", 4) : delete(tp, id));
    }
    put(task, batch);
    task.close(List.of(tp));
    Table table = table("emptied");
    assertThat(dataFiles(table)).doesNotContainAnyElementsOf(first).doesNotContainAnyElementsOf(second);
    assertTableHoldsExpectedRows(table);
    assertFewFileScopedDeletesPerDataFile(table);
  }

  @ParameterizedTest(name = "format version {0}")
  @ValueSource(ints = {2, 3})
  void earlierDeletesThisTaskWroteAreMergedFromMemoryAndAnotherWritersAreReadBack(int formatVersion)
      throws Exception {
    Map<String, String> config = config();
    config.put(IcebergSinkConfig.FORMAT_VERSION, Integer.toString(formatVersion));
    config.put(IcebergSinkConfig.COMPACTION_ENABLED, "false");
    TopicPartition tp = new TopicPartition("remembered", 0);
    IcebergSinkTask task = start(config, tp, CrashPoints.NONE);
    TableIdentifier id = TableIdentifier.of("default", "remembered");
    List<SinkRecord> batch = new ArrayList<>();
    for (long key = 0; key < 300; key++) {
      batch.add(upsert(tp, key, "a", 1));
    }
    put(task, batch);
    // rows of the first data file deleted three times: the first has nothing earlier to merge, the next two
    // merge the delete file this task wrote (held in memory, not read back); every batch deletes at least as
    // many rows as the data file's earlier delete file holds, so format version 2 merges it too
    put(task, changes(tp, 1, 2, "b", 2));
    assertThat(task.sinkTable(id).lastMerge()).as("first delete of the file").isEqualTo(new MergeStats(0, 0));
    put(task, changes(tp, 3, 4, "c", 3));
    assertThat(task.sinkTable(id).lastMerge()).as("merged from memory").isEqualTo(new MergeStats(1, 0));
    put(task, changes(tp, 5, 8, "d", 4));
    assertThat(task.sinkTable(id).lastMerge()).as("merged from memory").isEqualTo(new MergeStats(1, 0));

    // another writer (a second connector on the same table) replaces that delete file with its own
    Map<String, String> other = new HashMap<>(config);
    other.put("name", "lake-other");
    TopicPartition otherTp = new TopicPartition("remembered", 1);
    IcebergSinkTask writer = start(other, otherTp, CrashPoints.NONE);
    put(writer, changes(otherTp, 9, 18, "e", 5));
    // this task's memory names a delete file that is gone: it reads the other writer's back, keeps its rows
    put(task, changes(tp, 19, 38, "f", 6));
    assertThat(task.sinkTable(id).lastMerge()).as("read back after another writer").isEqualTo(new MergeStats(1, 1));
    put(task, changes(tp, 39, 78, "g", 7));
    assertThat(task.sinkTable(id).lastMerge()).as("merged from memory again").isEqualTo(new MergeStats(1, 0));

    // a restart forgets: the first merge reads the delete file back
    task.stop();
    task = start(config, tp, CrashPoints.NONE);
    put(task, changes(tp, 79, 158, "h", 8));
    assertThat(task.sinkTable(id).lastMerge()).as("read back after a restart").isEqualTo(new MergeStats(1, 1));
    task.close(List.of(tp));
    writer.close(List.of(otherTp));
    Table table = table("remembered");
    assertTableHoldsExpectedRows(table);
    assertFewFileScopedDeletesPerDataFile(table);
  }

  /**
   * A table written on format version 2 by another engine can hold a partition-scoped position-delete file: one
   * file deleting rows of several data files. Upgraded to version 3, the sink writes a deletion vector for a data
   * file it changes, with that file's earlier positions merged in; the shared file must stay, since the other data
   * files' rows it deletes are deleted by nothing else.
   */
  @Test
  void aDeletionVectorLeavesAPartitionScopedDeleteFileThatOtherDataFilesNeedInTheTable() throws Exception {
    Map<String, String> config = config();
    config.put(IcebergSinkConfig.FORMAT_VERSION, "2");
    config.put(IcebergSinkConfig.COMPACTION_ENABLED, "false");
    TopicPartition tp = new TopicPartition("upgraded", 0);
    IcebergSinkTask task = start(config, tp, CrashPoints.NONE);
    for (long from : new long[]{0, 100}) { // two commits, two data files
      List<SinkRecord> batch = new ArrayList<>();
      for (long key = from; key < from + 100; key++) {
        batch.add(upsert(tp, key, "a", 1));
      }
      put(task, batch);
    }
    task.close(List.of(tp));
    task.stop();

    Table table = table("upgraded");
    List<String> files = new ArrayList<>(dataFiles(table));
    files.sort(null);
    assertThat(files).hasSize(2);
    DeleteFile shared = writePositionDeletes(table, files, 0L); // the first row of each data file
    assertThat(ContentFileUtil.isFileScoped(shared)).as("the other engine's delete file is partition-scoped").isFalse();
    table.newRowDelta().addDeletes(shared).commit();
    table.updateProperties().set(TableProperties.FORMAT_VERSION, "3").commit();
    expected.clear();
    expected.putAll(IcebergSinkTaskTest.rows(table));
    assertThat(expected).hasSize(198);

    task = start(config, tp, CrashPoints.NONE);
    List<SinkRecord> updates = new ArrayList<>();
    for (long key = 40; key < 50; key++) { // rows of the first data file only
      updates.add(upsert(tp, key, "b", 2));
    }
    put(task, updates);
    task.close(List.of(tp));

    table.refresh();
    assertThat(IcebergSinkTaskTest.rows(table)).as("rows read by Iceberg's generic reader").isEqualTo(expected);
    Set<String> deleteFiles = new HashSet<>();
    try (CloseableIterable<FileScanTask> planned = table.newScan().planFiles()) {
      planned.forEach(t -> t.deletes().forEach(d -> deleteFiles.add(d.location())));
    }
    assertThat(deleteFiles).as("delete files still in the table").contains(shared.location());
  }

  /** A position-delete file, as another engine writes it, deleting {@code pos} of each of {@code dataFiles}. */
  private static DeleteFile writePositionDeletes(Table table, List<String> dataFiles, long pos) throws Exception {
    GenericFileWriterFactory factory = new GenericFileWriterFactory.Builder(table)
        .deleteFileFormat(FileFormat.PARQUET).build();
    OutputFileFactory out = OutputFileFactory.builderFor(table, 99, 1).format(FileFormat.PARQUET).build();
    PositionDeleteWriter<Record> writer = factory.newPositionDeleteWriter(out.newOutputFile(), table.spec(), null);
    try (writer) {
      for (String file : dataFiles) {
        writer.write(PositionDelete.<Record>create().set(file, pos));
      }
    }
    return writer.toDeleteFile();
  }

  /** Keys {@code from} to {@code to}: odd ones updated, even ones deleted. */
  private List<SinkRecord> changes(TopicPartition tp, long from, long to, String name, int qty) {
    List<SinkRecord> out = new ArrayList<>();
    for (long key = from; key <= to; key++) {
      out.add(key % 2 == 1 ? upsert(tp, key, name, qty) : delete(tp, key));
    }
    return out;
  }

  private static Set<String> dataFiles(Table table) throws Exception {
    table.refresh();
    Set<String> out = new HashSet<>();
    try (CloseableIterable<FileScanTask> planned = table.newScan().planFiles()) {
      planned.forEach(t -> out.add(t.file().location()));
    }
    return out;
  }

  /**
   * What a reader opens per data file: on format version 3 one deletion vector at most, on 2 at most
   * {@link PositionDeletes#MAX_DELETE_FILES_PER_DATA_FILE} position-delete files; each references only that
   * data file.
   */
  private static void assertFewFileScopedDeletesPerDataFile(Table table) throws Exception {
    table.refresh();
    int most = TableUtil.formatVersion(table) >= 3 ? 1 : PositionDeletes.MAX_DELETE_FILES_PER_DATA_FILE;
    try (CloseableIterable<FileScanTask> planned = table.newScan().planFiles()) {
      for (FileScanTask t : planned) {
        assertThat(t.deletes()).as("delete files of %s", t.file().location()).hasSizeLessThanOrEqualTo(most);
        for (DeleteFile d : t.deletes()) {
          // format version 2 says it by the file_path column's bounds, 3 by referenced_data_file
          assertThat(String.valueOf(ContentFileUtil.referencedDataFile(d)))
              .as("the data file %s's delete file references",
                  t.file().location())
              .isEqualTo(t.file().location());
        }
      }
    }
  }

  @Test
  void aTableWrittenWithEqualityDeletesBeforeIsUpsertedInPositionModeAndCompactedClean() throws Exception {
    TopicPartition tp = new TopicPartition("switched", 0);
    Random random = new Random(3);
    Map<String, String> before = config();
    before.put(IcebergSinkConfig.UPSERT_DELETE_MODE, "equality");
    before.put(IcebergSinkConfig.COMPACTION_ENABLED, "false");
    IcebergSinkTask task = start(before, tp, CrashPoints.NONE);
    for (int commit = 0; commit < 4; commit++) {
      put(task, randomChanges(tp, random, 60, 100));
    }
    task.stop();
    assertThat(equalityDeleteFiles(table("switched"))).as("equality deletes of the earlier mode").isPositive();

    Map<String, String> after = config();
    after.put(IcebergSinkConfig.COMPACTION_ENABLED, "false");
    task = start(after, tp, CrashPoints.NONE);
    for (int commit = 0; commit < 4; commit++) {
      put(task, randomChanges(tp, random, 60, 100));
    }
    task.close(List.of(tp));
    Table table = table("switched");
    assertThat(IcebergSinkTaskTest.rows(table)).as("rows read by Iceberg's generic reader").isEqualTo(expected);

    Compactor everything = new Compactor(new Compactor.Settings(true, 1, 2, 512L << 20, 128L << 20), "lake-9", 9);
    assertThat(everything.compact(table).outcome()).isEqualTo(Compactor.Outcome.COMPACTED);
    table.refresh();
    try (CloseableIterable<FileScanTask> planned = table.newScan().planFiles()) {
      planned.forEach(t -> assertThat(t.deletes()).as("deletes left on %s", t.file().location()).isEmpty());
    }
    assertThat(IcebergSinkTaskTest.rows(table)).isEqualTo(expected);
    assertThat(rowsApplyingPositionDeletesOnly(table)).isEqualTo(expected);
  }

  private List<SinkRecord> randomChanges(TopicPartition tp, Random random, int n, int keys) {
    List<SinkRecord> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      long id = random.nextInt(keys);
      out.add(random.nextInt(5) == 0 ? delete(tp, id) : upsert(tp, id, "n" + random.nextInt(1_000), i));
    }
    return out;
  }

  // --- helpers -------------------------------------------------------------------------------------------

  /**
   * At {@code AFTER_WRITE} (the lookup done, the files written, nothing committed), when armed, runs another
   * task's compaction of the table and notes whether it replaced a file the pending commit deletes from.
   */
  private final class RacingCompaction implements CrashPoints {
    private final Compactor compactor;
    private final String tableName;
    IcebergSinkTask task;
    boolean armed;
    int compacted;
    int replacedLookedUpFiles;

    RacingCompaction(Compactor compactor, String tableName) {
      this.compactor = compactor;
      this.tableName = tableName;
    }

    @Override
    public void reached(Phase phase) {
      if (phase != Phase.AFTER_WRITE || !armed) {
        return;
      }
      armed = false;
      SinkTable held = task.sinkTable(TableIdentifier.of("default", tableName));
      PendingCommit pending = held == null ? null : held.nextUnconfirmed();
      Set<String> referenced = pending == null || pending.files().positions() == null
          ? Set.of()
          : pending.files().positions().referencedDataFiles();
      Table table = table(tableName);
      Snapshot before = table.currentSnapshot();
      if (compactor.compact(table).outcome() == Compactor.Outcome.COMPACTED) {
        compacted++;
        table.refresh();
        Set<String> removed = new HashSet<>();
        for (DataFile f : table.currentSnapshot().removedDataFiles(table.io())) {
          removed.add(f.location());
        }
        if (before != null && removed.stream().anyMatch(referenced::contains)) {
          replacedLookedUpFiles++;
        }
      }
    }
  }

  private void assertTableHoldsExpectedRows(Table table) throws Exception {
    table.refresh();
    assertThat(equalityDeleteFiles(table)).as("equality-delete files in any snapshot").isZero();
    assertThat(IcebergSinkTaskTest.rows(table)).as("rows read by Iceberg's generic reader").isEqualTo(expected);
    assertThat(rowsApplyingPositionDeletesOnly(table)).as("rows read applying position deletes only")
        .isEqualTo(expected);
  }

  private static int equalityDeleteFiles(Table table) throws Exception {
    return deleteFiles(table, FileContent.EQUALITY_DELETES);
  }

  private static int positionDeleteFiles(Table table) throws Exception {
    return deleteFiles(table, FileContent.POSITION_DELETES);
  }

  private static int deleteFiles(Table table, FileContent content) throws Exception {
    Set<String> seen = new HashSet<>();
    for (Snapshot s : table.snapshots()) {
      for (ManifestFile manifest : s.deleteManifests(table.io())) {
        try (
            ManifestReader<DeleteFile> reader = ManifestFiles.readDeleteManifest(manifest, table.io(), table.specs())) {
          for (DeleteFile f : reader) {
            if (f.content() == content) {
              seen.add(f.location());
            }
          }
        }
      }
    }
    return seen.size();
  }

  private static Set<FileFormat> deleteFormats(Table table) {
    Set<FileFormat> out = new HashSet<>();
    for (Snapshot s : table.snapshots()) {
      s.addedDeleteFiles(table.io()).forEach(d -> out.add(d.format()));
    }
    return out;
  }

  /**
   * A reader that knows nothing of equality deletes: every data file's rows read straight from its Parquet
   * file, minus the positions its position-delete files (or deletion vector) list for it.
   */
  static Map<Long, String> rowsApplyingPositionDeletesOnly(Table table) throws Exception {
    Map<Long, String> out = new TreeMap<>();
    Schema dataSchema = TypeUtil.join(table.schema(), new Schema(MetadataColumns.ROW_POSITION));
    BaseDeleteLoader loader = new BaseDeleteLoader(f -> table.io().newInputFile(f));
    try (CloseableIterable<FileScanTask> planned = table.newScan().planFiles()) {
      for (FileScanTask t : planned) {
        String path = t.file().location();
        List<DeleteFile> positional = t.deletes().stream()
            .filter(d -> d.content() == FileContent.POSITION_DELETES).toList();
        PositionDeleteIndex deleted = positional.isEmpty()
            ? PositionDeleteIndex.empty()
            : loader.loadPositionDeletes(positional, path);
        Map<Integer, ?> constants = PartitionUtil.constantsMap(t, IdentityPartitionConverters::convertConstant);
        read(table, path, t.file().format(), dataSchema, constants, row -> {
          if (!deleted.isDeleted((Long) row.getField(MetadataColumns.ROW_POSITION.name()))) {
            String previous = out.put((Long) row.getField("id"), row.getField("name") + "/" + row.getField("qty"));
            assertThat(previous).as("duplicate row for id %s", row.getField("id")).isNull();
          }
        });
      }
    }
    return out;
  }

  private static void read(Table table, String location, org.apache.iceberg.FileFormat format, Schema schema,
      Map<Integer, ?> constants, Consumer<Record> each) throws Exception {
    try (CloseableIterable<Record> rows = FormatModelRegistry.<Record, Object>readBuilder(format, Record.class,
        table.io().newInputFile(location)).project(schema).idToConstant(constants).build()) {
      rows.forEach(each);
    }
  }
}
