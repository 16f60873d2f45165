// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.iceberg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamfirst.connect.iceberg.commit.CommitSummary;
import io.streamfirst.connect.sink.RecordingSinkTaskContext;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.hadoop.HadoopCatalog;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The task against a real Hadoop catalog on a temporary directory, driven without a worker. */
class IcebergSinkTaskTest {

  private static final Schema KEY = SchemaBuilder.struct().name("key").field("id", Schema.INT64_SCHEMA).build();
  private static final Schema ROW = SchemaBuilder.struct().name("row")
      .field("id", Schema.INT64_SCHEMA)
      .field("name", Schema.OPTIONAL_STRING_SCHEMA)
      .field("qty", Schema.INT32_SCHEMA)
      .build();
  private static final Schema ENVELOPE = SchemaBuilder.struct().name("envelope")
      .field("before", SchemaBuilder.struct().name("row").optional()
          .field("id", Schema.INT64_SCHEMA).field("name", Schema.OPTIONAL_STRING_SCHEMA)
          .field("qty", Schema.INT32_SCHEMA).build())
      .field("after", SchemaBuilder.struct().name("row").optional()
          .field("id", Schema.INT64_SCHEMA).field("name", Schema.OPTIONAL_STRING_SCHEMA)
          .field("qty", Schema.INT32_SCHEMA).build())
      .field("source", SchemaBuilder.struct().name("source").optional().field("ts_ms", Schema.INT64_SCHEMA).build())
      .field("op", Schema.STRING_SCHEMA)
      .build();

  @TempDir
  Path warehouse;

  private final List<IcebergSinkTask> started = new ArrayList<>();

  private Map<String, String> config(String mode) {
    return config(warehouse, mode, 3_600_000);
  }

  /** A task config for connector "lake" on a Hadoop catalog in {@code warehouse}. */
  static Map<String, String> config(Path warehouse, String mode, long commitIntervalMs) {
    Map<String, String> c = new HashMap<>();
    c.put("name", "lake");
    c.put(IcebergSinkConfig.CATALOG_TYPE, "hadoop");
    c.put(IcebergSinkConfig.CATALOG_WAREHOUSE, warehouse.toUri().toString());
    c.put(IcebergSinkConfig.MODE, mode);
    c.put(IcebergSinkConfig.COMMIT_INTERVAL_MS, Long.toString(commitIntervalMs));
    return c;
  }

  private IcebergSinkTask start(Map<String, String> config, RecordingSinkTaskContext context) {
    IcebergSinkTask task = new IcebergSinkTask();
    task.initialize(context);
    task.start(config);
    started.add(task);
    return task;
  }

  private static SinkRecord plain(String topic, int partition, long offset, long id, String name, int qty) {
    Struct row = new Struct(ROW).put("id", id).put("name", name).put("qty", qty);
    return new SinkRecord(topic, partition, KEY, new Struct(KEY).put("id", id), ROW, row, offset);
  }

  private static SinkRecord change(String topic, long offset, String op, long id, String name, int qty) {
    Schema rowSchema = ENVELOPE.field("after").schema();
    Struct row = new Struct(rowSchema).put("id", id).put("name", name).put("qty", qty);
    Struct envelope = new Struct(ENVELOPE).put("op", op);
    if (op.equals("d")) {
      envelope.put("before", row);
    } else {
      envelope.put("after", row);
    }
    return new SinkRecord(topic, 0, KEY, new Struct(KEY).put("id", id), ENVELOPE, envelope, offset);
  }

  private static SinkRecord tombstone(String topic, long offset, long id) {
    return new SinkRecord(topic, 0, KEY, new Struct(KEY).put("id", id), null, null, offset);
  }

  private Table table(String name) {
    return catalog().loadTable(TableIdentifier.of("default", name));
  }

  private HadoopCatalog catalog() {
    return new HadoopCatalog(new Configuration(), warehouse.toUri().toString());
  }

  /** id -> "name/qty" of every row; fails on a second row for one id. */
  static Map<Long, String> rows(Table table) throws Exception {
    Map<Long, String> out = new TreeMap<>();
    try (CloseableIterable<Record> records = IcebergGenerics.read(table).build()) {
      for (Record r : records) {
        String previous = out.put((Long) r.getField("id"), r.getField("name") + "/" + r.getField("qty"));
        assertThat(previous).as("duplicate row for id %s", r.getField("id")).isNull();
      }
    }
    return out;
  }

  private static void commit(IcebergSinkTask task, TopicPartition... tps) {
    task.close(List.of(tps));
  }

  @Test
  void appendsRowsAndRecordsTheOffsetsInTheSnapshotSummary() throws Exception {
    IcebergSinkTask task = start(config("append"), new RecordingSinkTaskContext(false));
    TopicPartition tp0 = new TopicPartition("orders", 0);
    TopicPartition tp1 = new TopicPartition("orders", 1);
    task.open(List.of(tp0, tp1));
    task.put(List.of(plain("orders", 0, 0, 1, "a", 1), plain("orders", 1, 10, 2, "b", 2),
        plain("orders", 0, 1, 3, "c", 3)));
    commit(task, tp0, tp1);

    Table table = table("orders");
    assertThat(rows(table)).containsExactly(Map.entry(1L, "a/1"), Map.entry(2L, "b/2"), Map.entry(3L, "c/3"));
    Snapshot snapshot = table.currentSnapshot();
    assertThat(snapshot.summary()).containsEntry(CommitSummary.CONNECTOR, "lake")
        .containsEntry(CommitSummary.OFFSETS, "orders:0=2,orders:1=11");
    assertThat(CommitSummary.committedOffsets(table, "lake")).containsEntry(tp0, 2L).containsEntry(tp1, 11L);
    assertThat(table.schema().findField("qty").type()).isEqualTo(Types.IntegerType.get());
  }

  @Test
  void restartSeeksToTheTableOffsetsAndSkipsWhatTheTableHolds() throws Exception {
    TopicPartition tp = new TopicPartition("orders", 0);
    IcebergSinkTask first = start(config("append"), new RecordingSinkTaskContext(false));
    first.open(List.of(tp));
    first.put(List.of(plain("orders", 0, 0, 1, "a", 1), plain("orders", 0, 1, 2, "b", 2)));
    commit(first, tp);
    first.stop();

    // Connect lost its offset commit: the new task is handed records the table already holds.
    RecordingSinkTaskContext context = new RecordingSinkTaskContext(false);
    IcebergSinkTask second = start(config("append"), context);
    second.open(List.of(tp));
    assertThat(context.seeks).containsEntry(tp, 2L);
    second.put(List.of(plain("orders", 0, 1, 2, "b", 2), plain("orders", 0, 2, 3, "c", 3)));
    commit(second, tp);
    assertThat(rows(table("orders"))).containsOnlyKeys(1L, 2L, 3L);
  }

  @Test
  void upsertCollapsesChangesToOneKeyAndAppliesDeletes() throws Exception {
    IcebergSinkTask task = start(config("upsert"), new RecordingSinkTaskContext(false));
    TopicPartition tp = new TopicPartition("cdc", 0);
    task.open(List.of(tp));
    task.put(List.of(change("cdc", 0, "c", 1, "a", 1), change("cdc", 1, "c", 2, "b", 1),
        change("cdc", 2, "c", 3, "c", 1)));
    commit(task, tp);
    task.open(List.of(tp));
    task.put(List.of(
        change("cdc", 3, "u", 1, "a2", 2), change("cdc", 4, "u", 1, "a3", 3), // two updates: the last wins
        change("cdc", 5, "d", 2, "b", 1), change("cdc", 6, "c", 2, "b2", 5), // delete then insert: insert
        change("cdc", 7, "u", 3, "c2", 2), tombstone("cdc", 8, 3), // update then tombstone: gone
        change("cdc", 9, "c", 4, "d", 1), change("cdc", 10, "d", 4, "d", 1))); // insert then delete: nothing
    commit(task, tp);
    assertThat(rows(table("cdc"))).containsExactly(Map.entry(1L, "a3/3"), Map.entry(2L, "b2/5"));
    assertThat(table("cdc").schema().identifierFieldNames()).containsExactly("id");
  }

  @Test
  void evolvesTheSchemaMidStream() throws Exception {
    IcebergSinkTask task = start(config("append"), new RecordingSinkTaskContext(false));
    TopicPartition tp = new TopicPartition("evolve", 0);
    task.open(List.of(tp));
    Schema v1 = SchemaBuilder.struct().name("v1").field("id", Schema.INT64_SCHEMA).field("qty", Schema.INT32_SCHEMA)
        .field("price", Decimal.builder(2).parameter("connect.decimal.precision", "6").build()).build();
    Schema v2 = SchemaBuilder.struct().name("v2").field("id", Schema.INT64_SCHEMA)
        .field("qty", Schema.OPTIONAL_INT64_SCHEMA)
        .field("price", Decimal.builder(2).parameter("connect.decimal.precision", "10").build())
        .field("note", Schema.OPTIONAL_STRING_SCHEMA).build();
    task.put(List.of(
        new SinkRecord("evolve", 0, null, null, v1, new Struct(v1).put("id", 1L).put("qty", 5)
            .put("price", new BigDecimal("12.50")), 0),
        new SinkRecord("evolve", 0, null, null, v2, new Struct(v2).put("id", 2L).put("qty", 5_000_000_000L)
            .put("price", new BigDecimal("12345678.90")).put("note", "n"), 1)));
    commit(task, tp);
    Table table = table("evolve");
    Types.StructType struct = table.schema().asStruct();
    assertThat(struct.field("qty").type()).isEqualTo(Types.LongType.get());
    assertThat(struct.field("qty").isOptional()).isTrue();
    assertThat(struct.field("price").type()).isEqualTo((Type) Types.DecimalType.of(10, 2));
    assertThat(struct.field("note").isOptional()).isTrue();
    List<String> rows = new ArrayList<>();
    try (CloseableIterable<Record> records = IcebergGenerics.read(table).build()) {
      records.forEach(r -> rows.add(r.getField("id") + ":" + r.getField("qty") + ":" + r.getField("price") + ":"
          + r.getField("note")));
    }
    assertThat(rows).containsExactlyInAnyOrder("1:5:12.50:null", "2:5000000000:12345678.90:n");
  }

  @Test
  void incompatibleChangeGoesToTheDeadLetterQueueAndTheTaskContinues() throws Exception {
    RecordingSinkTaskContext context = new RecordingSinkTaskContext(true);
    IcebergSinkTask task = start(config("append"), context);
    TopicPartition tp = new TopicPartition("poison", 0);
    task.open(List.of(tp));
    Schema bad = SchemaBuilder.struct().name("bad").field("id", Schema.INT64_SCHEMA)
        .field("name", Schema.OPTIONAL_STRING_SCHEMA).field("qty", Schema.STRING_SCHEMA).build();
    task.put(List.of(plain("poison", 0, 0, 1, "a", 1),
        new SinkRecord("poison", 0, null, null, bad, new Struct(bad).put("id", 2L).put("qty", "many"), 1),
        plain("poison", 0, 2, 3, "c", 3)));
    commit(task, tp);
    assertThat(rows(table("poison"))).containsOnlyKeys(1L, 3L);
    assertThat(context.reported).extracting(SinkRecord::kafkaOffset).containsExactly(1L);
    assertThat(context.reasons.get(0)).hasMessageContaining("qty").hasMessageContaining("poison-0@1");
  }

  @Test
  void appendModeRejectsDeletesWithAClearReason() {
    IcebergSinkTask task = start(config("append"), new RecordingSinkTaskContext(false));
    TopicPartition tp = new TopicPartition("appendonly", 0);
    task.open(List.of(tp));
    assertThatThrownBy(() -> task.put(List.of(change("appendonly", 0, "d", 1, "a", 1))))
        .isInstanceOf(ConnectException.class).hasMessageContaining("iceberg.mode=upsert")
        .hasMessageContaining("appendonly-0@0");
  }

  @Test
  void schemalessRowsGoIntoAnExistingTableByColumnName() throws Exception {
    RecordingSinkTaskContext context = new RecordingSinkTaskContext(true);
    IcebergSinkTask task = start(config("append"), context);
    TopicPartition tp = new TopicPartition("mixed", 0);
    task.open(List.of(tp));
    task.put(List.of(plain("mixed", 0, 0, 1, "a", 1),
        new SinkRecord("mixed", 0, null, null, null, Map.of("id", 2L, "name", "b", "qty", 2L), 1),
        new SinkRecord("mixed", 0, null, null, null, Map.of("id", 3L, "qty", 5_000_000_000L), 2)));
    commit(task, tp);
    assertThat(rows(table("mixed"))).containsExactly(Map.entry(1L, "a/1"), Map.entry(2L, "b/2"));
    assertThat(context.reported).extracting(SinkRecord::kafkaOffset).containsExactly(2L);
    assertThat(context.reasons.get(0)).hasMessageContaining("'qty'").hasMessageContaining("mixed-0@2");
  }

  @Test
  void routeFieldSendsEachRowToTheTableItNames() throws Exception {
    Map<String, String> config = config("append");
    config.put(IcebergSinkConfig.TABLE_ROUTE_FIELD, "name");
    IcebergSinkTask task = start(config, new RecordingSinkTaskContext(false));
    TopicPartition tp = new TopicPartition("routed", 0);
    task.open(List.of(tp));
    task.put(List.of(plain("routed", 0, 0, 1, "east", 1), plain("routed", 0, 1, 2, "west", 2),
        plain("routed", 0, 2, 3, "east", 3)));
    commit(task, tp);
    assertThat(rows(table("east"))).containsOnlyKeys(1L, 3L);
    assertThat(rows(table("west"))).containsOnlyKeys(2L);
    assertThat(CommitSummary.committedOffsets(table("west"), "lake")).containsEntry(tp, 3L);
  }

  @Test
  void routeFieldReachesOnlyPlainTablesOfTheConnectorsNamespacesByDefault() throws Exception {
    Map<String, String> config = config("append");
    config.put(IcebergSinkConfig.TABLE_ROUTE_FIELD, "name");
    config.put(IcebergSinkConfig.TABLE_NAME_TEMPLATE, "lake.${topic}");
    RecordingSinkTaskContext context = new RecordingSinkTaskContext(true);
    IcebergSinkTask task = start(config, context);
    TopicPartition tp = new TopicPartition("routed", 0);
    task.open(List.of(tp));
    task.put(List.of(plain("routed", 0, 0, 1, "east", 1), // default namespace
        plain("routed", 0, 1, 2, "lake.west", 2), // the namespace the topic routes to
        plain("routed", 0, 2, 3, "secret_ns.users", 3), // any other namespace: refused
        plain("routed", 0, 3, 4, "lake.west-2", 4), // not a plain name: refused
        plain("routed", 0, 4, 5, "a.b.c", 5),
        plain("routed", 0, 5, 6, "east", 6)));
    commit(task, tp);
    assertThat(rows(table("east"))).containsOnlyKeys(1L, 6L);
    assertThat(rows(catalog().loadTable(TableIdentifier.of("lake", "west")))).containsOnlyKeys(2L);
    assertThat(catalog().listNamespaces()).containsExactlyInAnyOrder(
        org.apache.iceberg.catalog.Namespace.of("default"), org.apache.iceberg.catalog.Namespace.of("lake"));
    assertThat(context.reported).extracting(SinkRecord::kafkaOffset).containsExactly(2L, 3L, 4L);
    assertThat(context.reasons).allSatisfy(reason -> assertThat(reason).isInstanceOf(
        org.apache.kafka.connect.errors.DataException.class)
        .hasMessageContaining(IcebergSinkConfig.TABLE_ROUTE_ALLOWED_REGEX).hasMessageNotContaining("secret_ns")
        .hasMessageNotContaining("west-2").hasMessageNotContaining("a.b.c"));
    assertThat(context.reasons.get(0)).hasMessageContaining("routed-0@2");
  }

  @Test
  void routeFieldAllowListIsARegexOverTheQualifiedName() throws Exception {
    Map<String, String> config = config("append");
    config.put(IcebergSinkConfig.TABLE_ROUTE_FIELD, "name");
    config.put(IcebergSinkConfig.TABLE_ROUTE_ALLOWED_REGEX, "(sales|ops)\\.t_[0-9]+");
    RecordingSinkTaskContext context = new RecordingSinkTaskContext(true);
    IcebergSinkTask task = start(config, context);
    TopicPartition tp = new TopicPartition("routed", 0);
    task.open(List.of(tp));
    task.put(List.of(plain("routed", 0, 0, 1, "sales.t_1", 1), plain("routed", 0, 1, 2, "ops.t_22", 2),
        plain("routed", 0, 2, 3, "t_1", 3), // default.t_1: not in the list
        plain("routed", 0, 3, 4, "sales.t_1x", 4)));
    commit(task, tp);
    assertThat(rows(catalog().loadTable(TableIdentifier.of("sales", "t_1")))).containsOnlyKeys(1L);
    assertThat(rows(catalog().loadTable(TableIdentifier.of("ops", "t_22")))).containsOnlyKeys(2L);
    assertThat(context.reported).extracting(SinkRecord::kafkaOffset).containsExactly(2L, 3L);
  }

  /**
   * Every record carries its own (equal) schema instance, as a converter without a schema cache delivers
   * them: the converters kept per table stay bounded, and after the commit no table holds buffers.
   */
  @Test
  void convertersPerSchemaInstanceStayBoundedAndIdleTablesHoldNoBuffers() throws Exception {
    IcebergSinkTask task = start(config("append"), new RecordingSinkTaskContext(false));
    List<TopicPartition> tps = new ArrayList<>();
    Map<Long, String> expected = new TreeMap<>();
    for (int t = 0; t < 5; t++) {
      tps.add(new TopicPartition("many" + t, 0));
    }
    task.open(tps);
    for (int batch = 0; batch < 10; batch++) {
      List<SinkRecord> records = new ArrayList<>();
      for (int i = 0; i < 100; i++) {
        long id = batch * 100L + i;
        Schema schema = SchemaBuilder.struct().name("row").field("id", Schema.INT64_SCHEMA)
            .field("name", Schema.OPTIONAL_STRING_SCHEMA).field("qty", Schema.INT32_SCHEMA).build();
        String topic = tps.get((int) (id % 5)).topic();
        records.add(new SinkRecord(topic, 0, null, null, schema,
            new Struct(schema).put("id", id).put("name", "n" + id).put("qty", i), id / 5));
        expected.put(id, "n" + id + "/" + i);
      }
      task.put(records);
      for (TopicPartition tp : tps) {
        assertThat(task.sinkTable(TableIdentifier.of("default", tp.topic())).converterCount())
            .as("converters kept for %s after batch %d", tp.topic(), batch)
            .isLessThanOrEqualTo(io.streamfirst.connect.iceberg.write.RowConverters.MAX_CONVERTERS);
      }
    }
    commit(task, tps.toArray(new TopicPartition[0]));
    Map<Long, String> actual = new TreeMap<>();
    for (TopicPartition tp : tps) {
      actual.putAll(rows(table(tp.topic())));
      assertThat(task.sinkTable(TableIdentifier.of("default", tp.topic())).bufferBytes()).as("idle %s", tp.topic())
          .isZero();
    }
    assertThat(actual).isEqualTo(expected);
  }

  @Test
  void reachingTheBufferBoundCommitsBeforeTheInterval() throws Exception {
    Map<String, String> config = config("append");
    config.put(IcebergSinkConfig.BUFFER_MAX_BYTES, Long.toString(1024 * 1024));
    IcebergSinkTask task = start(config, new RecordingSinkTaskContext(false));
    TopicPartition tp = new TopicPartition("bounded", 0);
    task.open(List.of(tp));
    List<SinkRecord> batch = new ArrayList<>();
    String padding = "x".repeat(200);
    for (int i = 0; i < 10_000; i++) { // about 2.7 MB by the sink's estimate
      batch.add(plain("bounded", 0, i, i, padding, i));
    }
    task.put(batch); // the commit interval (an hour) has not passed: only the bound can commit
    Table table = table("bounded");
    assertThat(table.snapshots()).hasSizeGreaterThanOrEqualTo(2);
    long committedRows = 0;
    for (Snapshot s : table.snapshots()) {
      committedRows += Long.parseLong(s.summary().get("added-records"));
    }
    assertThat(committedRows).isLessThan(10_000).isGreaterThan(5_000);
    commit(task, tp);
    assertThat(rows(table("bounded"))).hasSize(10_000);
  }

  @Test
  void theCommitIntervalRunsFromTheStartOfTheLastCommitSoASlowCommitDoesNotDelayTheNext() throws Exception {
    io.streamfirst.connect.common.ManualClock clock = new io.streamfirst.connect.common.ManualClock(1_800_000_000_000L);
    IcebergSinkTask task = new IcebergSinkTask();
    task.initialize(new RecordingSinkTaskContext(false));
    task.clock(clock);
    // every table commit takes 700 ms of the 1 s interval
    task.crashPoints(phase -> {
      if (phase == io.streamfirst.connect.iceberg.commit.CrashPoints.Phase.COMMIT_REQUEST) {
        clock.advance(700);
      }
    });
    task.start(config(warehouse, "append", 1_000));
    started.add(task);
    TopicPartition tp = new TopicPartition("paced", 0);
    task.open(List.of(tp));
    clock.advance(1_000);
    task.put(List.of(plain("paced", 0, 0, 1, "a", 1))); // due: committed, from t=1000 to t=1700
    assertThat(table("paced").snapshots()).hasSize(1);

    clock.advance(299);
    task.put(List.of(plain("paced", 0, 1, 2, "b", 2))); // t=1999: 999 ms since the last commit began
    assertThat(table("paced").snapshots()).hasSize(1);
    clock.advance(1);
    task.put(List.of()); // t=2000: one interval after the last commit began, 300 ms after it ended
    assertThat(table("paced").snapshots()).hasSize(2);
    assertThat(rows(table("paced"))).containsOnlyKeys(1L, 2L);
  }

  @Test
  void aTaskThatLostItsPartitionToAnotherTaskDoesNotCommitDuplicates() throws Exception {
    TopicPartition tp = new TopicPartition("moved", 0);
    IcebergSinkTask zombie = start(config("append"), new RecordingSinkTaskContext(false));
    zombie.open(List.of(tp));
    zombie.put(List.of(plain("moved", 0, 0, 1, "a", 1), plain("moved", 0, 1, 2, "b", 2)));
    // The partition moved while the first task stalled: its new owner replays and commits it.
    IcebergSinkTask owner = start(config("append"), new RecordingSinkTaskContext(false));
    owner.open(List.of(tp));
    owner.put(List.of(plain("moved", 0, 0, 1, "a", 1), plain("moved", 0, 1, 2, "b", 2),
        plain("moved", 0, 2, 3, "c", 3)));
    commit(owner, tp);
    assertThatThrownBy(() -> commit(zombie, tp)).isInstanceOf(ConnectException.class)
        .hasMessageContaining("no longer owns").hasMessageContaining("moved-0");
    assertThat(rows(table("moved"))).containsOnlyKeys(1L, 2L, 3L);
  }

  @Test
  void createdTablesGetThePartitionSpecAndTableProperties() throws Exception {
    Map<String, String> config = config("append");
    config.put(IcebergSinkConfig.PARTITION_SPEC, "day(at),bucket[8](id),truncate[2](name)");
    config.put("iceberg.table.properties.write.parquet.compression-codec", "snappy");
    IcebergSinkTask task = start(config, new RecordingSinkTaskContext(false));
    Schema timed = SchemaBuilder.struct().name("timed").field("id", Schema.INT64_SCHEMA)
        .field("name", Schema.STRING_SCHEMA).field("at", org.apache.kafka.connect.data.Timestamp.SCHEMA).build();
    TopicPartition tp = new TopicPartition("timed", 0);
    task.open(List.of(tp));
    List<SinkRecord> batch = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      batch.add(new SinkRecord("timed", 0, null, null, timed, new Struct(timed).put("id", (long) i)
          .put("name", "n" + i).put("at", new java.util.Date(1_700_000_000_000L + i * 43_200_000L)), i));
    }
    task.put(batch);
    commit(task, tp);
    Table table = table("timed");
    assertThat(table.spec().fields()).extracting(f -> f.transform().toString())
        .containsExactly("day", "bucket[8]", "truncate[2]");
    assertThat(table.properties()).containsEntry("write.parquet.compression-codec", "snappy");
    assertThat(((org.apache.iceberg.HasTableOperations) table).operations().current().formatVersion()).isEqualTo(2);
    long files = 0;
    try (CloseableIterable<org.apache.iceberg.FileScanTask> tasks = table.newScan().planFiles()) {
      for (org.apache.iceberg.FileScanTask ignored : tasks) {
        files++;
      }
    }
    assertThat(files).as("one file per partition").isGreaterThan(5);
    try (CloseableIterable<Record> records = IcebergGenerics.read(table).build()) {
      assertThat(records).hasSize(20);
    }
  }

  @Test
  void freshnessPercentilesCountChangesButNotSnapshotReadsWhichStillMoveCommittedThrough() throws Exception {
    long t0 = 1_800_000_000_000L;
    io.streamfirst.connect.common.ManualClock clock = new io.streamfirst.connect.common.ManualClock(t0);
    IcebergSinkTask task = new IcebergSinkTask();
    task.initialize(new RecordingSinkTaskContext(false));
    task.clock(clock);
    Map<String, String> config = config(warehouse, "upsert", 1_000);
    config.put("name", "lake-samples");
    task.start(config);
    started.add(task);
    TopicPartition tp = new TopicPartition("seeded", 0);
    task.open(List.of(tp));
    Schema flat = SchemaBuilder.struct().name("row").field("id", Schema.INT64_SCHEMA)
        .field("name", Schema.OPTIONAL_STRING_SCHEMA).field("qty", Schema.INT32_SCHEMA)
        .field("__op", Schema.STRING_SCHEMA).field("__source_ts_ms", Schema.INT64_SCHEMA).build();
    List<SinkRecord> batch = new ArrayList<>();
    for (int i = 0; i < 3; i++) { // the seed, read by the initial snapshot 30 s before the sink commits it
      batch.add(new SinkRecord("seeded", 0, KEY, new Struct(KEY).put("id", (long) i), flat, new Struct(flat)
          .put("id", (long) i).put("name", "s" + i).put("qty", i).put("__op", "r").put("__source_ts_ms", t0), i));
    }
    batch.add(new SinkRecord("seeded", 0, KEY, new Struct(KEY).put("id", 9L), flat, new Struct(flat).put("id", 9L)
        .put("name", "new").put("qty", 9).put("__op", "c").put("__source_ts_ms", t0 + 29_000), 3));
    clock.advance(30_000);
    task.put(batch); // commits: the interval has passed
    assertThat(rows(table("seeded"))).containsOnlyKeys(0L, 1L, 2L, 9L);
    javax.management.ObjectName bean = new javax.management.ObjectName(
        "streamfirst.freshness:type=sink-table,connector=lake-samples,task=0,table=default.seeded");
    javax.management.MBeanServer jmx = java.lang.management.ManagementFactory.getPlatformMBeanServer();
    assertThat(jmx.getAttribute(bean, "CommittedThroughMs")).isEqualTo(t0 + 29_000);
    // one change, committed 1 s after the source committed it; the snapshot's 30 s are no change's delay
    assertThat(jmx.getAttribute(bean, "FreshnessP50Ms")).isEqualTo(1_000L);
    assertThat(jmx.getAttribute(bean, "FreshnessP99Ms")).isEqualTo(1_000L);
  }

  @Test
  void committedThroughAdvancesWithTheSnapshotAndHeartbeatsKeepAnIdleTableFreshWithoutRows() throws Exception {
    long t0 = 1_800_000_000_000L;
    io.streamfirst.connect.common.ManualClock clock = new io.streamfirst.connect.common.ManualClock(t0 + 10_000);
    IcebergSinkTask task = new IcebergSinkTask();
    task.initialize(new RecordingSinkTaskContext(false));
    task.clock(clock);
    Map<String, String> config = config(warehouse, "append", 1_000);
    config.put("name", "lake-freshness");
    task.start(config);
    started.add(task);
    TopicPartition tp = new TopicPartition("orders", 0);
    TopicPartition heartbeats = new TopicPartition("__debezium-heartbeat.pg", 0);
    task.open(List.of(tp, heartbeats));
    List<SinkRecord> orders = new ArrayList<>();
    for (int i = 0; i < 3; i++) { // no sf.source.ts: the record timestamps stand for the source times
      Struct row = new Struct(ROW).put("id", (long) i).put("name", "o" + i).put("qty", i);
      orders.add(new SinkRecord("orders", 0, KEY, new Struct(KEY).put("id", (long) i), ROW, row, i, t0 + i * 1_000L,
          org.apache.kafka.common.record.TimestampType.CREATE_TIME));
    }
    task.put(orders);
    javax.management.ObjectName bean = new javax.management.ObjectName(
        "streamfirst.freshness:type=sink-table,connector=lake-freshness,task=0,table=default.orders");
    javax.management.MBeanServer jmx = java.lang.management.ManagementFactory.getPlatformMBeanServer();
    // not committed yet: only what precedes the first change counts
    assertThat(jmx.getAttribute(bean, "CommittedThroughMs")).isEqualTo(t0 - 1);

    clock.advance(1_500);
    Schema heartbeat = SchemaBuilder.struct().name("io.debezium.connector.common.Heartbeat")
        .field("ts_ms", Schema.INT64_SCHEMA).build();
    task.put(List.of(new SinkRecord(heartbeats.topic(), 0, null, null, heartbeat,
        new Struct(heartbeat).put("ts_ms", t0 + 60_000), 0))); // commits: the interval has passed
    assertThat(rows(table("orders"))).containsOnlyKeys(0L, 1L, 2L);
    // the snapshot holds every change of the idle partition: up to the heartbeat
    assertThat(jmx.getAttribute(bean, "CommittedThroughMs")).isEqualTo(t0 + 60_000);
    assertThat(catalog().listTables(org.apache.iceberg.catalog.Namespace.of("default")))
        .containsExactly(TableIdentifier.of("default", "orders"));
    task.stop();
    assertThat(jmx.isRegistered(bean)).isFalse();
  }
}
