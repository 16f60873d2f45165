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

  private TableWriter writer(String... kv) {
    return new TableWriter("t", "db", tables, config(kv));
  }

  private static SinkRecord record(Schema schema, Object value, int partition, long offset) {
    return new SinkRecord("topic", partition, Schema.STRING_SCHEMA, "k" + offset, schema, value, offset);
  }

  private static Struct v1(long id) {
    return new Struct(V1).put("id", id).put("name", "n" + id);
  }

  private void append(TableWriter writer, SinkRecord record) {
    ChangeView change = decoder.decode(record);
    Object encoding = writer.encodingFor(change, List.of(), List.of());
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
    assertThat(batch.quotedColumns()).containsExactly("`id`", "`name`", "`_sf_topic`", "`_sf_partition`", "`_sf_offset`");
    assertThat(batch.rows()).isEqualTo(2);
    assertThat(batch.ranges()).containsOnlyKeys(new TopicPartition("topic", 0), new TopicPartition("topic", 1));
    // id 7, "n7", "topic", partition 0, offset 100
    byte[] first = java.util.Arrays.copyOf(batch.data().array(), 8 + 3 + 6 + 4 + 8);
    assertThat(first).containsExactly(7, 0, 0, 0, 0, 0, 0, 0, 2, 'n', '7', 5, 't', 'o', 'p', 'i', 'c', 0, 0, 0, 0,
        100, 0, 0, 0, 0, 0, 0, 0);
    assertThat(writer.drain()).as("the buffer is empty after a drain").isNull();
  }

  @Test
  void aNewSchemaAddsColumnsAndStartsANewBatchWhileTheOldSchemaKeepsWriting() {
    TableWriter writer = writer();
    append(writer, record(V1, v1(1), 0, 0));
    ChangeView v2 = decoder.decode(record(V2, new Struct(V2).put("id", 2L).put("name", "b").put("email", "e"), 0, 1));
    Object encoding = writer.encodingFor(v2, List.of(), List.of());

    assertThat(tables.ddl).contains("add t {email=Nullable(String)}");
    assertThat(writer.accepts(encoding)).as("another column list: the buffer must be inserted first").isFalse();
    assertThat(writer.drain().rows()).isEqualTo(1);
    writer.append(v2, encoding, List.of(), List.of(), 0, false);
    ChangeView old = decoder.decode(record(V1, v1(3), 0, 2));
    Object oldEncoding = writer.encodingFor(old, List.of(), List.of());
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
    Object plan = writer.encodingFor(upsert, List.of("id"), List.of(5L));
    writer.append(upsert, plan, List.of("id"), List.of(5L), 10, false);
    SinkRecord tombstone = new SinkRecord("topic", 0, Schema.STRING_SCHEMA, "k", null, null, 11);
    ChangeView delete = decoder.decode(tombstone);
    Object deletePlan = writer.encodingFor(delete, List.of("id"), List.of(5L));
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

    assertThat(tables.ddl).containsExactly("create t [id, name] key []", "modify t {name=Nullable(String)}");
  }
}
