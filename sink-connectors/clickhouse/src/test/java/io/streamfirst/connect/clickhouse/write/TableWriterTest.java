// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.clickhouse.write;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamfirst.connect.clickhouse.ClickHouseSinkConfig;
import io.streamfirst.connect.clickhouse.client.ClickHouseConnection.Format;
import io.streamfirst.connect.sink.ChangeDecoder;
import io.streamfirst.connect.sink.ChangeView;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;

/** Batching, encoding, evolution and replay skipping of one table, against tables held in memory. */
class TableWriterTest {

  static final Schema V1 = SchemaBuilder.struct().name("Row").field("id", Schema.INT64_SCHEMA)
      .field("name", Schema.STRING_SCHEMA).build();
  static final Schema V2 = SchemaBuilder.struct().name("Row").field("id", Schema.INT64_SCHEMA)
      .field("name", Schema.STRING_SCHEMA).field("email", Schema.OPTIONAL_STRING_SCHEMA).build();

  private final RecordingTables tables = new RecordingTables("18.16.1");
  private final ChangeDecoder decoder = new ChangeDecoder();

  private static ClickHouseSinkConfig config(String... kv) {
    Map<String, String> props = new HashMap<>();
    props.put(ClickHouseSinkConfig.HOST, "localhost");
    for (int i = 0; i < kv.length; i += 2) {
      props.put(kv[i], kv[i + 1]);
    }
    return new ClickHouseSinkConfig(props);
  }

  /** Batches the writer inserted on its own (before changing a column), in order. */
  private final List<Batch> inserted = new java.util.ArrayList<>();

  private TableWriter writer(String... kv) {
    return new TableWriter("t", "db", tables, config(kv), w -> {
      Batch batch = w.drain();
      if (batch != null) {
        tables.ddl.add("insert " + batch.table() + " " + batch.rows() + " rows");
        inserted.add(batch);
      }
    }, new ReplayMarks("t", tables), () -> 1, Time.SYSTEM);
  }

  private static SinkRecord record(Schema schema, Object value, int partition, long offset) {
    return new SinkRecord("topic", partition, Schema.STRING_SCHEMA, "k" + offset, schema, value, offset);
  }

  private static Struct v1(long id) {
    return new Struct(V1).put("id", id).put("name", "n" + id);
  }

  private void append(TableWriter writer, SinkRecord record) {
    ChangeView change = decoder.decode(record);
    Encoding encoding = writer.encodingFor(change, List.of(), List.of());
    assertThat(writer.accepts(encoding)).isTrue();
    writer.append(change, encoding, List.of(), List.of(), 0, false);
  }

  @Test
  void theFirstRecordCreatesTheTableAndRowsAreEncodedAsRowBinary() {
    TableWriter writer = writer();
    append(writer, record(V1, v1(7), 0, 100));
    append(writer, record(V1, v1(8), 1, 5));

    assertThat(tables.ddl).containsExactly("create t [id, name] key []");
    Batch batch = writer.drain();
    assertThat(batch.format()).isEqualTo(Format.ROW_BINARY);
    assertThat(batch.quotedColumns()).containsExactly("`id`", "`name`", "`_sf_topic`", "`_sf_partition`",
        "`_sf_offset`");
    assertThat(batch.rows()).isEqualTo(2);
    assertThat(batch.ranges()).containsOnlyKeys(new TopicPartition("topic", 0), new TopicPartition("topic", 1));
    // id 7, "n7", "topic", partition 0, offset 100
    byte[] first = java.util.Arrays.copyOf(batch.data().array(), 8 + 3 + 6 + 4 + 8);
    assertThat(first).containsExactly(7, 0, 0, 0, 0, 0, 0, 0, 2, 'n', '7', 5, 't', 'o', 'p', 'i', 'c', 0, 0, 0, 0,
        100, 0, 0, 0, 0, 0, 0, 0);
    assertThat(writer.drain()).as("the buffer is empty after a drain").isNull();
  }

  @Test
  void aBatchSamplesTheFreshnessOfChangesButNotOfSnapshotReads() {
    TableWriter writer = writer("write.mode", "cdc");
    Schema flat = SchemaBuilder.struct().name("Row").field("id", Schema.INT64_SCHEMA)
        .field("name", Schema.STRING_SCHEMA).field("__op", Schema.STRING_SCHEMA)
        .field("__source_ts_ms", Schema.INT64_SCHEMA).build();
    append(writer, record(flat, new Struct(flat).put("id", 1L).put("name", "a").put("__op", "r")
        .put("__source_ts_ms", 1_000L), 0, 0));
    append(writer, record(flat, new Struct(flat).put("id", 2L).put("name", "b").put("__op", "c")
        .put("__source_ts_ms", 2_000L), 0, 1));
    Batch batch = writer.drain();
    assertThat(batch.rows()).isEqualTo(2);
    // the snapshot read's time is when the snapshot read it, not a commit: unknown (-1) for the freshness window
    assertThat(batch.sourceTimes()).containsExactly(-1L, 2_000L);
  }

  @Test
  void aNewSchemaAddsColumnsAndStartsANewBatchWhileTheOldSchemaKeepsWriting() {
    TableWriter writer = writer();
    append(writer, record(V1, v1(1), 0, 0));
    ChangeView v2 = decoder.decode(record(V2, new Struct(V2).put("id", 2L).put("name", "b").put("email", "e"), 0, 1));
    Encoding encoding = writer.encodingFor(v2, List.of(), List.of());

    assertThat(tables.ddl).contains("add t {email=Nullable(String)}");
    assertThat(writer.accepts(encoding)).as("another column list: the buffer must be inserted first").isFalse();
    assertThat(writer.drain().rows()).isEqualTo(1);
    writer.append(v2, encoding, List.of(), List.of(), 0, false);
    ChangeView old = decoder.decode(record(V1, v1(3), 0, 2));
    Encoding oldEncoding = writer.encodingFor(old, List.of(), List.of());
    assertThat(writer.accepts(oldEncoding)).isFalse();
    assertThat(writer.drain().quotedColumns()).contains("`email`");
    writer.append(old, oldEncoding, List.of(), List.of(), 0, false);
    assertThat(writer.drain().quotedColumns()).doesNotContain("`email`");
  }

  @Test
  void schemalessRecordsAreJsonEachRowAndMixWithRowBinaryOnlyAcrossBatches() {
    TableWriter writer = writer();
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("id", 1L);
    row.put("tag", "a\"b");
    append(writer, record(null, row, 0, 0));
    Batch batch = writer.drain();
    assertThat(batch.format()).isEqualTo(Format.JSON_EACH_ROW);
    assertThat(new String(batch.data().array(), 0, batch.data().size(), StandardCharsets.UTF_8))
        .isEqualTo("{\"id\":1,\"tag\":\"a\\\"b\",\"_sf_topic\":\"topic\",\"_sf_partition\":0,\"_sf_offset\":0}\n");

    append(writer, record(null, row, 0, 1));
    ChangeView typed = decoder.decode(record(V1, v1(2), 0, 2));
    assertThat(writer.accepts(writer.encodingFor(typed, List.of(), List.of()))).isFalse();
  }

  @Test
  void aValueThatDoesNotFitLeavesTheBufferAsItWasAndNamesRecordAndColumn() {
    TableWriter writer = writer();
    Map<String, Object> good = new LinkedHashMap<>();
    good.put("n", 1L);
    append(writer, record(null, good, 0, 0));
    int size = writer.encodedBytes();
    Map<String, Object> bad = new LinkedHashMap<>();
    bad.put("n", "personal data");
    ChangeView change = decoder.decode(record(null, bad, 0, 1));

    assertThatThrownBy(() -> writer.append(change, writer.encodingFor(change, List.of(), List.of()), List.of(),
        List.of(), 0, false))
        .isInstanceOf(DataException.class)
        .hasMessageContaining("topic-0@1").hasMessageContaining("column n")
        .hasMessageNotContaining("personal");
    assertThat(writer.encodedBytes()).isEqualTo(size);
    assertThat(writer.rows()).isEqualTo(1);
  }

  @Test
  void recordsAtOrBelowTheTablesHighWaterMarkAreReplays() {
    TableWriter writer = writer();
    append(writer, record(V1, v1(1), 0, 0));
    writer.drain();
    tables.marks.put("t/topic", Map.of(0, 41L, 1, 3L));
    TableWriter restarted = writer();

    assertThat(restarted.alreadyWritten(record(V1, v1(1), 0, 41))).isTrue();
    assertThat(restarted.alreadyWritten(record(V1, v1(1), 0, 42))).isFalse();
    assertThat(restarted.alreadyWritten(record(V1, v1(1), 1, 3))).isTrue();
    assertThat(restarted.alreadyWritten(record(V1, v1(1), 2, 0))).isFalse();
    tables.marks.put("t/topic", Map.of(0, 50L));
    restarted.forget(List.of(new TopicPartition("topic", 0)));
    assertThat(restarted.alreadyWritten(record(V1, v1(1), 0, 50))).as("re-read after a new assignment").isTrue();
  }

  @Test
  void aHighWaterMarkThatCouldNotBeReadIsReadAgainNotTakenAsAnEmptyTable() {
    TableWriter writer = writer();
    append(writer, record(V1, v1(1), 0, 0));
    writer.drain();
    tables.marks.put("t/topic", Map.of(0, 41L));
    TableWriter restarted = writer();
    tables.failMarks = true;

    assertThatThrownBy(() -> restarted.alreadyWritten(record(V1, v1(1), 0, 7)))
        .isInstanceOf(io.streamfirst.connect.clickhouse.client.ClickHouseException.class);
    tables.failMarks = false;
    assertThat(restarted.alreadyWritten(record(V1, v1(1), 0, 7))).as("the same record, handed over again").isTrue();
  }

  @Test
  void cdcRowsCarryVersionAndDeletedFlagAndTombstonesUseTheBufferedColumnList() {
    TableWriter writer = writer(ClickHouseSinkConfig.WRITE_MODE, "cdc");
    ChangeView upsert = decoder.decode(record(V1, v1(5), 0, 10));
    Encoding plan = writer.encodingFor(upsert, List.of("id"), List.of(5L));
    writer.append(upsert, plan, List.of("id"), List.of(5L), 10, false);
    SinkRecord tombstone = new SinkRecord("topic", 0, Schema.STRING_SCHEMA, "k", null, null, 11);
    ChangeView delete = decoder.decode(tombstone);
    Encoding deletePlan = writer.encodingFor(delete, List.of("id"), List.of(5L));
    assertThat(writer.accepts(deletePlan)).isTrue();
    writer.append(delete, deletePlan, List.of("id"), List.of(5L), 11, true);

    assertThat(tables.ddl).containsExactly("create t [id, name] key [id]");
    Batch batch = writer.drain();
    assertThat(batch.upserts()).isEqualTo(1);
    assertThat(batch.deletes()).isEqualTo(1);
    assertThat(batch.quotedColumns()).endsWith("`_sf_version`", "`_sf_deleted`");
    byte[] data = java.util.Arrays.copyOf(batch.data().array(), batch.data().size());
    assertThat(data[data.length - 1]).as("deleted flag of the tombstone row").isEqualTo((byte) 1);
    assertThat(data[data.length - 2]).as("last byte of its version (11)").isEqualTo((byte) 0);
    assertThat(data[data.length - 9]).as("first byte of its version (11)").isEqualTo((byte) 11);
  }

  @Test
  void theDeduplicationTokenIsTheSameForTheSameOffsets() {
    TableWriter a = writer();
    TableWriter b = writer();
    for (TableWriter w : List.of(a, b)) {
      append(w, record(V1, v1(1), 1, 7));
      append(w, record(V1, v1(2), 0, 3));
      append(w, record(V1, v1(3), 1, 9));
    }
    String token = a.drain().deduplicationToken();
    assertThat(token).isEqualTo("sf:t:topic/0@3-3,topic/1@7-9");
    assertThat(b.drain().deduplicationToken()).isEqualTo(token);
  }

  @Test
  void ddlTheServerRefusesIsTheRecordsProblemButAnOutageFailsTheTask() {
    TableWriter writer = writer();
    append(writer, record(V1, v1(1), 0, 0));
    ChangeView v2 = decoder.decode(record(V2, new Struct(V2).put("id", 2L).put("name", "b"), 0, 1));

    tables.failNext = new io.streamfirst.connect.clickhouse.client.ClickHouseError(62, false, "syntax error");
    assertThatThrownBy(() -> writer.encodingFor(v2, List.of(), List.of()))
        .isInstanceOf(DataException.class).hasMessageContaining("topic-0@1").hasMessageContaining("[email]");
    tables.failNext = new io.streamfirst.connect.clickhouse.client.ClickHouseError(-1, true, "connection refused");
    assertThatThrownBy(() -> writer.encodingFor(v2, List.of(), List.of()))
        .isInstanceOf(io.streamfirst.connect.clickhouse.client.ClickHouseException.class);
    assertThat(writer.encodingFor(v2, List.of(), List.of())).as("works once the server is back").isNotNull();
  }

  @Test
  void aSchemalessFieldWithAnEmptyNameIsRefused() {
    TableWriter writer = writer();
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("", 1L);
    ChangeView change = decoder.decode(record(null, row, 0, 3));
    assertThatThrownBy(() -> writer.append(change, writer.encodingFor(change, List.of(), List.of()), List.of(),
        List.of(), 0, false)).isInstanceOf(DataException.class).hasMessageContaining("empty name");
  }

  @Test
  void aFieldThatBecameOptionalOrWiderChangesItsColumn() {
    TableWriter writer = writer();
    append(writer, record(V1, v1(1), 0, 0));
    Schema wider = SchemaBuilder.struct().name("Row").field("id", Schema.INT64_SCHEMA)
        .field("name", Schema.OPTIONAL_STRING_SCHEMA).build();
    ChangeView change = decoder.decode(record(wider, new Struct(wider).put("id", 2L), 0, 1));
    writer.encodingFor(change, List.of(), List.of());

    assertThat(tables.ddl).containsExactly("create t [id, name] key []", "insert t 1 rows",
        "modify t {name=Nullable(String)}");
  }

  static final Schema N32 = SchemaBuilder.struct().name("Row").field("id", Schema.INT64_SCHEMA)
      .field("name", Schema.STRING_SCHEMA).field("n", Schema.INT32_SCHEMA).build();
  static final Schema N64 = SchemaBuilder.struct().name("Row").field("id", Schema.INT64_SCHEMA)
      .field("name", Schema.STRING_SCHEMA).field("n", Schema.INT64_SCHEMA).build();

  private static Struct n32(long id) {
    return new Struct(N32).put("id", id).put("name", "n" + id).put("n", (int) id);
  }

  private static byte[] bytes(Batch batch) {
    return java.util.Arrays.copyOf(batch.data().array(), batch.data().size());
  }

  @Test
  void rowsBufferedForTheOldTypeAreInsertedBeforeTheirColumnIsWidenedAndOtherPlansAreRebuilt() {
    TableWriter writer = writer();
    append(writer, record(N32, n32(1), 0, 0));
    append(writer, record(N32, n32(2), 0, 1));
    append(writer, record(N64, new Struct(N64).put("id", 3L).put("name", "c").put("n", 3_000_000_000L), 0, 2));

    assertThat(tables.ddl).containsExactly("create t [id, name, n] key []", "insert t 2 rows",
        "modify t {n=Int64}");
    assertThat(inserted.get(0).data().size()).as("two rows with n as Int32").isEqualTo(2 * (8 + 3 + 4 + 6 + 4 + 8));
    assertThat(writer.drain().rows()).isEqualTo(1);

    // an old producer again: its plan is rebuilt for the Int64 column
    append(writer, record(N32, n32(4), 0, 3));
    TableWriter fresh = writer();
    append(fresh, record(N32, n32(4), 0, 3));
    assertThat(bytes(writer.drain())).isEqualTo(bytes(fresh.drain()));
  }

  @Test
  void aColumnAnotherWriterChangedIsNoticedBeforeTheInsertAndBufferedRowsAreReencoded() {
    TableWriter writer = writer();
    append(writer, record(N32, n32(1), 0, 0));
    writer.drain();
    append(writer, record(N32, n32(-2), 0, 1));
    append(writer, record(N32, n32(3), 0, 2));
    // another task widens n and makes name Nullable while this writer holds rows for the old types
    tables.tables.get("t").put("n", io.streamfirst.connect.clickhouse.schema.ChType.parse("Nullable(Int64)"));
    tables.tables.get("t").put("name", io.streamfirst.connect.clickhouse.schema.ChType.parse("Nullable(String)"));

    Batch batch = writer.drain();
    TableWriter fresh = writer();
    append(fresh, record(N32, n32(-2), 0, 1));
    append(fresh, record(N32, n32(3), 0, 2));
    assertThat(bytes(batch)).as("the same bytes as a writer that started after the change")
        .isEqualTo(bytes(fresh.drain()));
    assertThat(batch.rows()).isEqualTo(2);
    // and the writer's next rows are encoded for the new types at once
    append(writer, record(N32, n32(5), 0, 3));
    append(fresh, record(N32, n32(5), 0, 3));
    assertThat(bytes(writer.drain())).isEqualTo(bytes(fresh.drain()));
  }

  @Test
  void aWideningNeverNarrowsAColumnAnotherWriterWidenedFurther() {
    TableWriter writer = writer();
    append(writer, record(N32, n32(1), 0, 0));
    tables.tables.get("t").put("n", io.streamfirst.connect.clickhouse.schema.ChType.parse("Nullable(Int64)"));
    Schema optional32 = SchemaBuilder.struct().name("Row").field("id", Schema.INT64_SCHEMA)
        .field("name", Schema.STRING_SCHEMA).field("n", Schema.OPTIONAL_INT32_SCHEMA).build();

    append(writer, record(optional32, new Struct(optional32).put("id", 2L).put("name", "b"), 0, 1));

    assertThat(tables.ddl).as("n is already Nullable(Int64): nothing to change")
        .containsExactly("create t [id, name, n] key []", "insert t 1 rows");
    assertThat(tables.tables.get("t").get("n").text()).isEqualTo("Nullable(Int64)");
  }

  @Test
  void rowsThatCannotBeConvertedToAColumnChangedElsewhereFailTheTaskNamingTheTableAndColumn() {
    TableWriter writer = writer();
    append(writer, record(N32, n32(1), 0, 0));
    tables.tables.get("t").put("n", io.streamfirst.connect.clickhouse.schema.ChType.parse("String"));

    assertThatThrownBy(writer::drain).isInstanceOf(org.apache.kafka.connect.errors.ConnectException.class)
        .hasMessageContaining("Table t changed").hasMessageContaining("n Int32 -> String")
        .hasMessageContaining("Restart the task");
  }

  @Test
  void thePlanCacheIsBoundedAndEqualSchemasSentAsNewInstancesShareOnePlanAndOneBatch() {
    TableWriter writer = writer();
    // a converter or transform that builds a new, equal schema for every record
    for (int i = 0; i < 500; i++) {
      Schema copy = SchemaBuilder.struct().name("Row").field("id", Schema.INT64_SCHEMA)
          .field("name", Schema.STRING_SCHEMA).build();
      append(writer, record(copy, new Struct(copy).put("id", (long) i).put("name", "n"), 0, i));
    }
    assertThat(writer.planCount()).isEqualTo(1);
    assertThat(writer.drain().rows()).as("one batch").isEqualTo(500);

    // many different schemas: at most MAX_PLANS plans are kept
    for (int i = 0; i < 3 * RowEncoder.MAX_PLANS; i++) {
      Schema distinct = SchemaBuilder.struct().name("Row" + i).field("id", Schema.INT64_SCHEMA).build();
      ChangeView change = decoder.decode(record(distinct, new Struct(distinct).put("id", (long) i), 0, 1000 + i));
      Encoding encoding = writer.encodingFor(change, List.of(), List.of());
      if (!writer.accepts(encoding)) {
        writer.drain();
      }
      writer.append(change, encoding, List.of(), List.of(), 0, false);
      assertThat(writer.planCount()).isLessThanOrEqualTo(RowEncoder.MAX_PLANS);
    }
  }

  @Test
  void aDrainedOrIdleTableHoldsNoBufferAndANewBufferStaysWithinItsShareOfTheBound() {
    TableWriter idle = writer();
    assertThat(idle.bufferedBytes()).isZero();
    TableWriter writer = new TableWriter("t", "db", tables, config(ClickHouseSinkConfig.BUFFER_MAX_BYTES, "1048576",
        ClickHouseSinkConfig.BATCH_MAX_BYTES, "65536"), w -> {}, new ReplayMarks("t", tables), () -> 128, Time.SYSTEM);
    for (int i = 0; i < 2000; i++) {
      append(writer, record(V1, v1(i), 0, i));
    }
    assertThat(writer.bufferedBytes()).isPositive();
    assertThat(writer.drain().rows()).isEqualTo(2000);
    assertThat(writer.bufferedBytes()).as("drained: nothing held").isZero();
    append(writer, record(V1, v1(2000), 0, 2000));
    assertThat(writer.bufferedBytes()).as("1 MiB shared by 128 tables: at most a quarter of 8 KiB plus row times")
        .isLessThanOrEqualTo(1048576 / (4 * 128) + 8 * 16);
  }

  @Test
  void aWriterIsIdleOnlyWhenEmptyAndUnusedLongEnough() {
    TableWriter writer = writer();
    writer.touch(1_000);
    append(writer, record(V1, v1(1), 0, 0));
    assertThat(writer.idle(1_000_000, 60_000)).as("rows buffered").isFalse();
    writer.drain();
    assertThat(writer.idle(60_999, 60_000)).isFalse();
    assertThat(writer.idle(61_000, 60_000)).isTrue();
  }

  @Test
  void offsetsKnownForATableOutliveItsWriter() {
    tables.marks.put("t/topic", Map.of(0, 41L));
    ReplayMarks marks = new ReplayMarks("t", tables);
    TableWriter first = new TableWriter("t", "db", tables, config(), w -> {}, marks, () -> 1, Time.SYSTEM);
    append(first, record(V1, v1(1), 0, 42));
    assertThat(first.alreadyWritten(record(V1, v1(1), 0, 41))).isTrue();
    tables.marks.put("t/topic", Map.of(0, 99L)); // would only be read again after a new assignment
    TableWriter second = new TableWriter("t", "db", tables, config(), w -> {}, marks, () -> 1, Time.SYSTEM);
    assertThat(second.alreadyWritten(record(V1, v1(1), 0, 50))).isFalse();
    assertThat(marks.forget(List.of(new TopicPartition("topic", 0)))).isTrue();
    assertThat(second.alreadyWritten(record(V1, v1(1), 0, 50))).as("re-read after the assignment").isTrue();
  }

  @Test
  void oneCallPerRecordSaysWhetherItWasAReplayNothingToDeleteBufferedOrFilledTheBatch() {
    SinkRecord tombstone = new SinkRecord("topic", 0, Schema.STRING_SCHEMA, "k", null, null, 0);
    assertThat(writer(ClickHouseSinkConfig.WRITE_MODE, "cdc").write(decoder.decode(tombstone)))
        .isEqualTo(TableWriter.Written.NOTHING_TO_DELETE);
    assertThat(tables.ddl).as("no table is created for a delete").isEmpty();

    TableWriter writer = writer(ClickHouseSinkConfig.BATCH_MAX_RECORDS, "2");
    assertThat(writer.write(decoder.decode(record(V1, v1(1), 0, 0)))).isEqualTo(TableWriter.Written.BUFFERED);
    assertThat(writer.write(decoder.decode(record(V1, v1(2), 0, 1)))).isEqualTo(TableWriter.Written.FULL);
    tables.marks.put("t/topic", Map.of(1, 5L));
    assertThat(writer.write(decoder.decode(record(V1, v1(3), 1, 5)))).isEqualTo(TableWriter.Written.REPLAY);
    Map<String, Object> schemaless = new LinkedHashMap<>();
    schemaless.put("id", 4L);
    assertThat(writer.write(decoder.decode(record(null, schemaless, 1, 6)))).isEqualTo(TableWriter.Written.BUFFERED);

    assertThat(tables.ddl).as("the full RowBinary buffer is inserted before a JSON row starts the next one")
        .containsExactly("create t [id, name] key []", "insert t 2 rows");
    assertThat(inserted.get(0).format()).isEqualTo(Format.ROW_BINARY);
    Batch json = writer.drain();
    assertThat(json.format()).isEqualTo(Format.JSON_EACH_ROW);
    assertThat(json.ranges()).containsOnlyKeys(new TopicPartition("topic", 1));
  }
}
