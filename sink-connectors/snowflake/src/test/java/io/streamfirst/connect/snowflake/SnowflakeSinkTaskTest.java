// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.snowflake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamfirst.connect.snowflake.sql.Column;
import io.streamfirst.connect.snowflake.sql.ColumnType;
import io.streamfirst.connect.snowflake.sql.ColumnType.Kind;
import io.streamfirst.connect.snowflake.sql.TableRef;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;

class SnowflakeSinkTaskTest {

  static final Schema V1 = SchemaBuilder.struct().name("order").field("id", Schema.INT64_SCHEMA)
      .field("item", Schema.STRING_SCHEMA).field("qty", Schema.INT32_SCHEMA).build();

  static SinkRecord order(String topic, int partition, long offset, long id) {
    Struct value = new Struct(V1).put("id", id).put("item", "item-" + id).put("qty", (int) (id % 7));
    return new SinkRecord(topic, partition, null, null, V1, value, offset, 1_700_000_000_000L, null);
  }

  /** Two partitions, {@code perPartition} orders each; ids are unique across partitions. */
  static List<Long> fill(SinkHarness h, String topic, int perPartition) {
    List<Long> ids = new ArrayList<>();
    for (int p = 0; p < 2; p++) {
      for (int i = 0; i < perPartition; i++) {
        long id = p * 1_000_000L + i;
        h.add(order(topic, p, i, id));
        ids.add(id);
      }
    }
    return ids;
  }

  static TableRef table(String name) {
    return new TableRef("DB", "PUBLIC", name);
  }

  /** id → row, failing on a duplicate id. */
  static Map<Long, Map<String, Object>> byId(List<Map<String, Object>> rows) {
    Map<Long, Map<String, Object>> out = new TreeMap<>();
    for (Map<String, Object> row : rows) {
      Long id = ((Number) row.get("ID")).longValue();
      assertThat(out.put(id, row)).as("row with ID %s written twice", id).isNull();
    }
    return out;
  }

  @Test
  void appendsEveryRecordOnceAcrossCrashesAndRebalancesWithCommitsLaggingBehind() {
    SinkHarness h = new SinkHarness(false);
    List<Long> ids = fill(h, "orders", 300);
    h.startTask();
    h.poll(100);
    // nothing durable yet: preCommit must not commit anything to Kafka
    assertThat(h.commit()).isEmpty();
    h.snowflake.commitPending();
    h.poll(100); // rows 100..199 appended, not committed
    h.clock.advance(2_000);
    Map<TopicPartition, ?> committed = h.commit();
    assertThat(h.kafkaCommitted).containsEntry(new TopicPartition("orders", 0), 100L)
        .containsEntry(new TopicPartition("orders", 1), 100L);
    assertThat(committed).hasSize(2);

    // Snowflake commits 100..199 after the task's last preCommit, then the task dies
    h.snowflake.commitPending();
    h.poll(50); // 200..249 appended, lost with the task
    h.crashTask();

    // a new owner: Kafka says 100, Snowflake says 199 -> it must resume at 200, nothing twice
    h.startTask();
    assertThat(h.position).containsEntry(new TopicPartition("orders", 0), 200L);
    h.drain();

    assertThat(byId(h.snowflake.rows(table("ORDERS"))).keySet())
        .containsExactlyElementsOf(ids.stream().sorted().toList());
    assertThat(h.snowflake.channelNames()).containsExactly("snow_orders_0", "snow_orders_1");
  }

  @Test
  void replayedRecordsBelowTheCommittedTokenAreSkippedWithoutRewinding() {
    SinkHarness h = new SinkHarness(false);
    List<Long> ids = fill(h, "orders", 50);
    h.startTask();
    h.poll(50);
    h.snowflake.commitPending();
    h.crashTask();
    // Kafka never got a commit: the new task is handed everything again from offset 0
    h.kafkaCommitted.clear();
    h.startTask();
    h.drain();
    assertThat(byId(h.snowflake.rows(table("ORDERS"))).keySet())
        .containsExactlyElementsOf(ids.stream().sorted().toList());
    assertThat(h.snowflake.appends()).isEqualTo(100);
  }

  @Test
  void aBatchDeliveredTwiceIsWrittenOnce() {
    SinkHarness h = new SinkHarness(false);
    List<Long> ids = fill(h, "orders", 100);
    h.startTask();
    h.poll(60);
    // Connect delivers records again after a failed put, and a consumer that lost its position may too
    List<SinkRecord> again = new ArrayList<>(h.log.get(new TopicPartition("orders", 0)).subList(10, 60));
    h.task.put(again);
    h.snowflake.commitPending();
    h.task.put(again);
    h.drain();
    assertThat(byId(h.snowflake.rows(table("ORDERS"))).keySet())
        .containsExactlyElementsOf(ids.stream().sorted().toList());
    assertThat(h.snowflake.appends()).isEqualTo(200);
  }

  @Test
  void aFrozenChannelIsReopenedAfterTheStallTimeoutAndItsRowsAreSentAgain() {
    SinkHarness h = new SinkHarness(false);
    h.props.put(SnowflakeSinkConfig.CHANNEL_STALL_TIMEOUT_MS, "10000");
    List<Long> ids = fill(h, "orders", 200);
    h.startTask();
    h.poll(50);
    h.snowflake.commitPending();
    h.commit();
    h.snowflake.freeze("snow_orders_1");
    h.poll(50); // partition 1's rows 50..99 will never commit on this handle
    h.snowflake.commitPending();
    h.clock.advance(5_000);
    h.commit();
    assertThat(h.kafkaCommitted).containsEntry(new TopicPartition("orders", 1), 50L);
    h.clock.advance(6_000); // past the stall timeout
    h.commit();
    assertThat(h.position).as("rewound to the committed token").containsEntry(new TopicPartition("orders", 1), 50L);
    h.drain();
    assertThat(byId(h.snowflake.rows(table("ORDERS"))).keySet())
        .containsExactlyElementsOf(ids.stream().sorted().toList());
  }

  @Test
  void anInvalidatedChannelAndAClosedClientAreReopenedWithoutLossOrDuplicates() {
    SinkHarness h = new SinkHarness(false);
    List<Long> ids = fill(h, "orders", 200);
    h.startTask();
    h.poll(40);
    h.snowflake.commitPending();
    h.poll(40);
    h.snowflake.invalidate("snow_orders_0"); // rows 40..79 of partition 0 are dropped
    h.poll(40);
    assertThat(h.position).containsEntry(new TopicPartition("orders", 0), 40L);
    h.snowflake.commitPending();
    h.snowflake.closeClients();
    int clients = h.snowflake.clientsBuilt();
    h.drain();
    assertThat(h.snowflake.clientsBuilt()).isGreaterThan(clients);
    assertThat(byId(h.snowflake.rows(table("ORDERS"))).keySet())
        .containsExactlyElementsOf(ids.stream().sorted().toList());
  }

  @Test
  void rowsSnowflakeRejectsAndBadRecordsGoToTheDeadLetterQueueAndCountsAddUp() {
    SinkHarness h = new SinkHarness(true);
    h.snowflake.reject(row -> ((Number) row.get("ID")).longValue() % 10 == 3);
    Schema other = SchemaBuilder.struct().field("id", Schema.STRING_SCHEMA).build();
    List<Long> expected = new ArrayList<>();
    int bad = 0;
    int tombstones = 0;
    for (int i = 0; i < 100; i++) {
      SinkRecord record;
      if (i % 25 == 7) {
        record = new SinkRecord("orders", 0, null, null, other, new Struct(other).put("id", "x" + i), i);
        bad++;
      } else if (i % 25 == 9) {
        record = new SinkRecord("orders", 0, Schema.STRING_SCHEMA, "k" + i, null, null, i);
        tombstones++;
      } else {
        record = order("orders", 0, i, i);
        if (i % 10 != 3) {
          expected.add((long) i);
        }
      }
      h.add(record);
    }
    h.startTask();
    h.drain();
    Map<Long, Map<String, Object>> rows = byId(h.snowflake.rows(table("ORDERS")));
    assertThat(rows.keySet()).containsExactlyElementsOf(expected);
    List<Long> dlqOffsets = h.dlq.stream().map(SinkRecord::kafkaOffset).sorted().toList();
    assertThat(dlqOffsets).contains(7L, 32L, 57L, 82L, 3L, 13L, 93L);
    assertThat(rows.size() + h.dlq.size() + tombstones).isEqualTo(100);
    assertThat(bad).isEqualTo(4);
  }

  @Test
  void withoutADeadLetterQueueABadRecordStopsTheTaskNamingIt() {
    SinkHarness h = new SinkHarness(false);
    h.add(order("orders", 0, 0, 1));
    Schema other = SchemaBuilder.struct().field("id", Schema.STRING_SCHEMA).build();
    h.add(new SinkRecord("orders", 0, null, null, other, new Struct(other).put("id", "x"), 1));
    h.startTask();
    assertThatThrownBy(() -> h.poll(10)).isInstanceOf(ConnectException.class)
        .hasMessageContaining("orders-0@1").hasMessageContaining("errors.deadletterqueue.topic.name")
        .hasMessageNotContaining("\"x\"");
  }

  @Test
  void tablesAreCreatedFromTheFirstRecordAndEvolve() {
    SinkHarness h = new SinkHarness(false);
    Schema v2 = SchemaBuilder.struct().name("order").field("id", Schema.INT64_SCHEMA)
        .field("item", Schema.OPTIONAL_STRING_SCHEMA).field("qty", Schema.INT64_SCHEMA)
        .field("note", Schema.OPTIONAL_STRING_SCHEMA).build();
    h.add(order("orders", 0, 0, 1));
    h.add(new SinkRecord("orders", 0, null, null, v2, new Struct(v2).put("id", 2L).put("qty", 5_000_000_000L)
        .put("note", "n"), 1));
    h.startTask();
    h.drain();
    assertThat(h.snowflake.columns(table("ORDERS"))).containsExactly(
        new Column("ID", ColumnType.of(Kind.INT64), false),
        new Column("ITEM", ColumnType.of(Kind.STRING), true),
        new Column("QTY", ColumnType.of(Kind.INT64), false),
        new Column("NOTE", ColumnType.of(Kind.STRING), true));
    assertThat(byId(h.snowflake.rows(table("ORDERS")))).hasSize(2);
    assertThat(byId(h.snowflake.rows(table("ORDERS"))).get(2L)).containsEntry("QTY", 5_000_000_000L)
        .doesNotContainKey("ITEM");
  }

  @Test
  void withEvolutionOffARecordThatDoesNotFitGoesToTheDeadLetterQueueAndWithoutAutoCreateTheTaskStops() {
    SinkHarness h = new SinkHarness(true);
    h.props.put(SnowflakeSinkConfig.TABLE_AUTO_EVOLVE, "false");
    Schema v2 = SchemaBuilder.struct().field("id", Schema.INT64_SCHEMA).field("extra", Schema.STRING_SCHEMA).build();
    h.add(order("orders", 0, 0, 1));
    h.add(new SinkRecord("orders", 0, null, null, v2, new Struct(v2).put("id", 2L).put("extra", "e"), 1));
    h.add(order("orders", 0, 2, 3));
    h.startTask();
    h.drain();
    assertThat(byId(h.snowflake.rows(table("ORDERS"))).keySet()).containsExactly(1L, 3L);
    assertThat(h.dlq).extracting(SinkRecord::kafkaOffset).containsExactly(1L);
    assertThat(h.snowflake.columns(table("ORDERS"))).extracting(Column::name).containsExactly("ID", "ITEM", "QTY");

    SinkHarness none = new SinkHarness(true);
    none.props.put(SnowflakeSinkConfig.TABLE_AUTO_CREATE, "false");
    none.add(order("clicks", 0, 0, 1));
    none.startTask();
    assertThatThrownBy(() -> none.poll(10)).isInstanceOf(ConnectException.class)
        .hasMessageContaining("DB.PUBLIC.CLICKS").hasMessageContaining("table.auto.create.enabled");
  }

  @Test
  void hostileTopicAndFieldNamesAreKeptExactly() {
    SinkHarness h = new SinkHarness(false);
    h.props.put(SnowflakeSinkConfig.IDENTIFIER_CASE, "as.is");
    String topic = "we\"ird.Topic-select";
    Schema schema = SchemaBuilder.struct().field("id", Schema.INT64_SCHEMA)
        .field("a\"b; drop table x--", Schema.STRING_SCHEMA)
        .field("Select", Schema.STRING_SCHEMA).build();
    h.add(new SinkRecord(topic, 0, null, null, schema, new Struct(schema).put("id", 1L)
        .put("a\"b; drop table x--", "v").put("Select", "s"), 0));
    h.startTask();
    h.drain();
    assertThat(h.snowflake.columns(table(topic))).extracting(Column::name)
        .containsExactly("id", "a\"b; drop table x--", "Select");
    assertThat(h.snowflake.rows(table(topic)))
        .containsExactly(Map.of("id", 1L, "a\"b; drop table x--", "v", "Select", "s"));
  }

  static final long T0 = 1_800_000_000_000L;

  /** Ten orders at offsets 0..9 whose record timestamps (no sf.source.ts: they stand for the source time) are 1 s apart. */
  static SinkHarness timedOrders(String connector) {
    SinkHarness h = new SinkHarness(false);
    h.props.put("name", connector);
    for (int i = 0; i < 10; i++) {
      Struct value = new Struct(V1).put("id", (long) i).put("item", "item-" + i).put("qty", i);
      h.add(new SinkRecord("orders", 0, null, null, V1, value, i, T0 + i * 1_000L, null));
    }
    return h;
  }

  static Object freshness(String connector, String attribute) throws Exception {
    return java.lang.management.ManagementFactory.getPlatformMBeanServer().getAttribute(
        new javax.management.ObjectName("streamfirst.freshness:type=sink-table,connector=" + connector
            + ",task=0,table=ORDERS"),
        attribute);
  }

  @Test
  void committedThroughFollowsTheCommittedOffsetTokens() throws Exception {
    SinkHarness h = timedOrders("snow-committed");
    h.startTask();
    try {
      h.poll(4);
      h.clock.advance(2_000);
      h.commit();
      // appended, not committed by Snowflake: only what precedes the first change counts
      assertThat(freshness("snow-committed", "CommittedThroughMs")).isEqualTo(T0 - 1);
      h.snowflake.commitPending();
      h.poll(6);
      h.clock.advance(2_000);
      h.commit();
      // offsets 0..3 committed, 4..9 appended after: everything before offset 4's time is in the table
      assertThat(freshness("snow-committed", "CommittedThroughMs")).isEqualTo(T0 + 3_999);
      h.snowflake.commitPending();
      h.clock.advance(2_000);
      h.commit();
      assertThat(freshness("snow-committed", "CommittedThroughMs")).isEqualTo(T0 + 9_000);
      assertThat(freshness("snow-committed", "SlaState")).isEqualTo("NONE");
    } finally {
      h.task.stop();
    }
    assertThat(java.lang.management.ManagementFactory.getPlatformMBeanServer().isRegistered(
        new javax.management.ObjectName("streamfirst.freshness:type=sink-table,connector=snow-committed,task=0,"
            + "table=ORDERS")))
        .isFalse();
  }

  @Test
  void heartbeatsMoveAnIdleTableOnAndBecomeNoRows() throws Exception {
    SinkHarness h = timedOrders("snow-heartbeat");
    Schema heartbeat = SchemaBuilder.struct().name("io.debezium.connector.common.Heartbeat")
        .field("ts_ms", Schema.INT64_SCHEMA).build();
    h.add(new SinkRecord("__debezium-heartbeat.pg", 0, null, null, heartbeat,
        new Struct(heartbeat).put("ts_ms", T0 + 60_000), 0, T0 + 60_000, null));
    h.startTask();
    try {
      h.poll(10);
      h.clock.advance(2_000);
      h.commit();
      // the heartbeat cannot move the table past changes that are not visible yet
      assertThat(freshness("snow-heartbeat", "CommittedThroughMs")).isEqualTo(T0 - 1);
      h.snowflake.commitPending();
      h.clock.advance(2_000);
      h.commit();
      assertThat(freshness("snow-heartbeat", "CommittedThroughMs")).isEqualTo(T0 + 60_000);
      assertThat(h.kafkaCommitted).containsEntry(new TopicPartition("__debezium-heartbeat.pg", 0), 1L);
      assertThat(byId(h.snowflake.rows(table("ORDERS"))).keySet()).hasSize(10);
      assertThat(h.snowflake.channelNames()).containsExactly("snow-heartbeat_orders_0");
    } finally {
      h.task.stop();
    }
  }
}
