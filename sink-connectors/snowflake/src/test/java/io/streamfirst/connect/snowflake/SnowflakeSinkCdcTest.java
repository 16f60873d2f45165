// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.snowflake;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamfirst.connect.common.LineageHeaders;
import io.streamfirst.connect.snowflake.sql.ChangeColumns;
import io.streamfirst.connect.snowflake.sql.TableRef;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;

/**
 * CDC mode against the fake account: change events streamed into the change table exactly once and
 * applied by MERGE (the fake applies a MERGE with the semantics of the SQL, which SnowflakeCdcPostgresIT
 * runs on PostgreSQL). The target table is compared in full with the state the changes describe.
 */
class SnowflakeSinkCdcTest {

  static final Schema KEY = SchemaBuilder.struct().name("key").field("id", Schema.INT64_SCHEMA).build();
  static final Schema ROW = SchemaBuilder.struct().name("row").field("id", Schema.INT64_SCHEMA)
      .field("name", Schema.STRING_SCHEMA).field("qty", Schema.INT32_SCHEMA).optional().build();
  static final Schema ROW_V2 = SchemaBuilder.struct().name("row").field("id", Schema.INT64_SCHEMA)
      .field("name", Schema.STRING_SCHEMA).field("qty", Schema.INT32_SCHEMA)
      .field("note", Schema.OPTIONAL_STRING_SCHEMA).optional().build();
  static final Schema SOURCE = SchemaBuilder.struct().name("source").field("ts_ms", Schema.INT64_SCHEMA).build();
  static final TableRef TARGET = new TableRef("DB", "PUBLIC", "ORDERS");

  /** Builds change events of topic {@code orders}, each at the next offset of its partition. */
  static final class Changes {
    final SinkHarness h;
    final Map<Long, String> model = new TreeMap<>();
    long position = 100;

    Changes(SinkHarness h) {
      this.h = h;
    }

    int partition(long id) {
      return (int) (id % 2);
    }

    long nextOffset(int partition) {
      return h.log.getOrDefault(new TopicPartition("orders", partition), List.of()).size();
    }

    /** An insert ({@code c}) or update ({@code u}) at the next source position; returns that position. */
    long upsert(char op, long id, String name, int qty) {
      long at = position++;
      send(op, id, new Struct(ROW).put("id", id).put("name", name).put("qty", qty), at);
      model.put(id, name + "|" + qty);
      return at;
    }

    long delete(long id, boolean tombstone) {
      long at = position++;
      send('d', id, null, at);
      if (tombstone) {
        ConnectHeaders headers = new ConnectHeaders();
        headers.addString(LineageHeaders.SOURCE_POS, Long.toString(at));
        int p = partition(id);
        h.add(new SinkRecord("orders", p, KEY, new Struct(KEY).put("id", id), null, null, nextOffset(p), 0L, null,
            headers));
      }
      model.remove(id);
      return at;
    }

    /** A change event at source position {@code at} (replays reuse an earlier one). */
    void send(char op, long id, Struct after, long at) {
      Schema envelope = SchemaBuilder.struct().name("envelope").field("before", ROW).field("after", ROW)
          .field("op", Schema.STRING_SCHEMA).field("source", SOURCE).build();
      Struct value = new Struct(envelope).put("op", String.valueOf(op))
          .put("source", new Struct(SOURCE).put("ts_ms", 1_700_000_000_000L + at));
      if (op == 'd') {
        value.put("before", new Struct(ROW).put("id", id).put("name", "gone").put("qty", 0));
      } else {
        value.put("after", after);
      }
      ConnectHeaders headers = new ConnectHeaders();
      headers.addString(LineageHeaders.SOURCE_POS, Long.toString(at));
      int p = partition(id);
      h.add(new SinkRecord("orders", p, KEY, new Struct(KEY).put("id", id), envelope, value, nextOffset(p), 0L,
          null, headers));
    }
  }

  static SinkHarness harness() {
    SinkHarness h = new SinkHarness(false);
    h.props.put(SnowflakeSinkConfig.INGEST_MODE, "cdc");
    h.props.put(SnowflakeSinkConfig.VERSION_SOURCE, "source.position");
    h.props.put(SnowflakeSinkConfig.MERGE_INTERVAL_MS, "500");
    return h;
  }

  /** id → "name|qty" of the target, failing on a duplicate key. */
  static Map<Long, String> target(SinkHarness h) {
    Map<Long, String> out = new TreeMap<>();
    for (Map<String, Object> row : h.snowflake.rows(TARGET)) {
      long id = ((Number) row.get("ID")).longValue();
      assertThat(out.put(id, row.get("NAME") + "|" + row.get("QTY"))).as("key %s twice in the table", id).isNull();
    }
    return out;
  }

  static List<Map<String, Object>> changeRows(SinkHarness h) {
    return h.snowflake.rows(ChangeColumns.changesOf(TARGET));
  }

  @Test
  void aRandomWorkloadWithReplaysCrashesAndFailedMergesLeavesTheTableEqualToTheSource() {
    Random random = new Random(15);
    SinkHarness h = harness();
    Changes c = new Changes(h);
    List<long[]> sent = new ArrayList<>(); // id, position, kind (0 upsert, 1 delete) for replays
    int replays = 0;
    for (int round = 0; round < 40; round++) {
      for (int i = 0; i < 15; i++) {
        long id = random.nextInt(25);
        int roll = random.nextInt(10);
        if (!c.model.containsKey(id)) {
          c.upsert('c', id, "n" + id + "-" + round, random.nextInt(100)); // inserts and re-inserts after deletes
        } else if (roll < 6) {
          c.upsert('u', id, "n" + id + "-" + round + "-" + i, random.nextInt(100));
        } else {
          c.delete(id, random.nextBoolean());
        }
      }
      if (round == 0) {
        h.startTask();
      }
      if (random.nextInt(4) == 0) {
        // the source connector restarted and sends changes again (same positions, new offsets): its last ones,
        // or a stretch from further back, older than deletes that earlier MERGEs applied
        replays++;
        for (int p = 0; p < 2; p++) {
          List<SinkRecord> partition = h.log.get(new TopicPartition("orders", p));
          int from = random.nextBoolean()
              ? Math.max(0, partition.size() - 1 - random.nextInt(6))
              : random.nextInt(partition.size());
          int to = Math.min(partition.size(), from + 1 + random.nextInt(8));
          for (SinkRecord old : new ArrayList<>(partition.subList(from, to))) {
            h.add(new SinkRecord("orders", p, old.keySchema(), old.key(), old.valueSchema(), old.value(),
                partition.size(), 0L, null, old.headers()));
          }
        }
      }
      h.poll(1 + random.nextInt(20));
      if (random.nextBoolean()) {
        h.snowflake.commitPending();
      }
      if (random.nextInt(5) == 0) {
        h.snowflake.failMerges(1);
      }
      h.clock.advance(random.nextInt(1_000));
      if (random.nextBoolean()) {
        h.commit();
      }
      if (random.nextInt(8) == 0) {
        h.crashTask();
        h.startTask();
      }
    }
    h.drain();
    h.commit(); // a final offset commit merges what the last one committed
    assertThat(replays).isPositive();
    assertThat(target(h)).isEqualTo(c.model);
    assertThat(changeRows(h)).as("applied change rows are removed").isEmpty();
    int merges = h.snowflake.merges();
    h.commit();
    assertThat(h.snowflake.merges()).as("nothing new: no MERGE").isEqualTo(merges);
  }

  @Test
  void committedThroughOfTheTableMovesWithTheMergeNotWithTheChangeTable() throws Exception {
    SinkHarness h = harness();
    h.props.put("name", "snow-cdc-fresh");
    h.props.put(SnowflakeSinkConfig.MERGE_INTERVAL_MS, "3600000");
    Changes c = new Changes(h);
    for (long id = 0; id < 4; id++) {
      c.upsert('c', id, "first-" + id, 1); // source positions 100..103, source times 1_700_000_000_100..103
    }
    h.startTask();
    try {
      h.poll(100);
      h.snowflake.commitPending();
      h.task.put(List.of());
      // in the change table, not in the table: only what precedes the first change counts
      assertThat(changeRows(h)).hasSize(4);
      assertThat(SnowflakeSinkTaskTest.freshness("snow-cdc-fresh", "CommittedThroughMs"))
          .isEqualTo(1_700_000_000_099L);
      h.commit(); // the offset commit runs the MERGE
      assertThat(target(h)).isEqualTo(c.model);
      assertThat(SnowflakeSinkTaskTest.freshness("snow-cdc-fresh", "CommittedThroughMs"))
          .isEqualTo(1_700_000_000_103L);
      assertThat(java.lang.management.ManagementFactory.getPlatformMBeanServer().isRegistered(
          new javax.management.ObjectName("streamfirst.freshness:type=sink-table,connector=snow-cdc-fresh,task=0,"
              + "table=ORDERS__CHANGES")))
          .as("the change table is not a table users read").isFalse();
    } finally {
      h.task.stop();
    }
  }

  @Test
  void aTaskKilledBetweenCommitAndMergeLeavesTheChangesForTheNextOwner() {
    SinkHarness h = harness();
    h.props.put(SnowflakeSinkConfig.MERGE_INTERVAL_MS, "3600000");
    Changes c = new Changes(h);
    for (long id = 0; id < 10; id++) {
      c.upsert('c', id, "first-" + id, 1);
    }
    c.upsert('u', 3, "second-3", 2);
    c.delete(4, true);
    h.startTask();
    h.poll(100);
    h.snowflake.commitPending();
    h.task.put(List.of()); // the task sees its rows committed in the change table, no MERGE is due
    assertThat(changeRows(h)).hasSize(13);
    assertThat(h.snowflake.rows(TARGET)).isEmpty();
    h.crashTask();

    h.startTask(); // nothing is replayed (the tokens cover every record), yet the changes must be applied
    h.commit();
    assertThat(target(h)).isEqualTo(c.model);
    assertThat(changeRows(h)).isEmpty();
    assertThat(h.snowflake.appends()).as("each change appended once").isEqualTo(13);
  }

  @Test
  void aTaskKilledBetweenAppendAndCommitAndAMergeThatFailsLoseAndDoubleNothing() {
    SinkHarness h = harness();
    Changes c = new Changes(h);
    for (long id = 0; id < 6; id++) {
      c.upsert('c', id, "a" + id, (int) id);
    }
    h.startTask();
    h.poll(100);
    h.crashTask(); // appended, never committed: dropped when the next owner opens the channels
    h.startTask();
    h.poll(100);
    h.snowflake.commitPending();
    h.snowflake.failMerges(2);
    h.clock.advance(1_000);
    h.commit(); // the MERGE fails: the changes stay in the change table; Kafka's commit covers them anyway
    assertThat(h.kafkaCommitted).containsEntry(new TopicPartition("orders", 0), 3L);
    assertThat(h.snowflake.rows(TARGET)).isEmpty();
    h.crashTask();
    h.startTask();
    h.commit(); // fails once more
    assertThat(h.snowflake.rows(TARGET)).isEmpty();
    c.upsert('u', 2, "b2", 20);
    h.drain();
    h.commit();
    assertThat(target(h)).isEqualTo(c.model);
    assertThat(changeRows(h)).isEmpty();
  }

  @Test
  void anOlderChangeNeverOverwritesANewerOneInOneMergeOrAcrossMerges() {
    SinkHarness h = harness();
    Changes c = new Changes(h);
    c.upsert('c', 1, "v1", 1);
    h.startTask();
    long old = c.position;
    c.position += 10;
    c.upsert('u', 1, "v3", 3); // newest
    // the older update arrives after it (another path, a replay): at a higher offset, a lower position
    c.send('u', 1, new Struct(ROW).put("id", 1L).put("name", "v2").put("qty", 2), old);
    h.drain();
    h.commit();
    assertThat(target(h)).containsExactly(Map.entry(1L, "v3|3"));

    c.send('u', 1, new Struct(ROW).put("id", 1L).put("name", "v2-again").put("qty", 2), old + 1);
    h.drain();
    h.commit();
    assertThat(target(h)).as("older than the stored version").containsExactly(Map.entry(1L, "v3|3"));
    assertThat(h.snowflake.rows(TARGET).get(0)).containsEntry(ChangeColumns.VERSION,
        new java.math.BigDecimal(old + 10));
  }

  /** A change of {@code id} at an earlier source position {@code at}, sent again (a source replaying it). */
  static void stale(Changes c, long id, String name, long at) {
    c.send('u', id, new Struct(ROW).put("id", id).put("name", name).put("qty", 0), at);
  }

  /** The keys of the deleted-keys table, failing on a duplicate. */
  static List<Long> deletedKeys(SinkHarness h) {
    List<Long> out = new ArrayList<>();
    for (Map<String, Object> row : h.snowflake.rows(ChangeColumns.deletedOf(TARGET))) {
      long id = ((Number) row.get("ID")).longValue();
      assertThat(out).as("key %s twice in the deleted keys", id).doesNotContain(id);
      out.add(id);
    }
    out.sort(null);
    return out;
  }

  @Test
  void aChangeOlderThanADeleteNeverBringsTheRowBackInALaterMerge() {
    SinkHarness h = harness();
    Changes c = new Changes(h);
    long inserted = c.upsert('c', 1, "one", 1);
    c.upsert('c', 3, "three", 3);
    h.startTask();
    h.drain();
    h.commit();
    long deleted = c.delete(1, true);
    h.drain();
    h.commit();
    assertThat(target(h)).isEqualTo(c.model).containsOnlyKeys(3L);

    // the source replays the insert (and an update between insert and delete), in a later MERGE than the delete
    stale(c, 1, "replayed", inserted);
    h.drain();
    h.commit();
    stale(c, 1, "replayed-update", deleted - 1);
    h.drain();
    h.commit();
    assertThat(target(h)).as("a row deleted at %s is not brought back by changes before it", deleted)
        .isEqualTo(c.model).containsOnlyKeys(3L);

    // a key deleted before any row of it was merged: an older insert merged later stays out too
    long gone = c.delete(7, false);
    h.drain();
    h.commit();
    stale(c, 7, "seven", gone - 5);
    h.drain();
    h.commit();
    assertThat(target(h)).isEqualTo(c.model).containsOnlyKeys(3L);
    assertThat(deletedKeys(h)).containsExactly(1L, 7L);

    // a newer change inserts the row again, and its key is no longer a deleted one
    c.upsert('c', 1, "one again", 11);
    h.drain();
    h.commit();
    assertThat(target(h)).isEqualTo(c.model).containsOnlyKeys(1L, 3L);
    assertThat(deletedKeys(h)).containsExactly(7L);
    assertThat(changeRows(h)).isEmpty();
  }

  @Test
  void deletedKeysAreKeptForTheirRetentionThenRemovedByAMerge() {
    SinkHarness h = harness();
    h.props.put(SnowflakeSinkConfig.DELETED_RETENTION_MS, "60000");
    Changes c = new Changes(h);
    long inserted = c.upsert('c', 1, "one", 1);
    c.upsert('c', 2, "two", 2);
    h.startTask();
    h.drain();
    h.commit();
    c.delete(1, true);
    h.drain();
    h.commit();
    h.clock.advance(50_000); // the drains move the clock on by a few seconds too
    c.upsert('u', 2, "two-b", 2);
    h.drain();
    h.commit();
    assertThat(deletedKeys(h)).as("within the retention").containsExactly(1L);
    h.clock.advance(10_000);
    c.upsert('u', 2, "two-c", 2);
    h.drain();
    h.commit();
    assertThat(deletedKeys(h)).as("past the retention, removed by the next MERGE").isEmpty();
    // the documented limit: past the retention, a replay older than the delete brings the row back
    stale(c, 1, "replayed", inserted);
    h.drain();
    h.commit();
    assertThat(target(h)).containsOnlyKeys(1L, 2L);
  }

  @Test
  void keyChangesReInsertsAndNewColumnsReachTheTable() {
    SinkHarness h = harness();
    Changes c = new Changes(h);
    c.upsert('c', 1, "one", 1);
    c.upsert('c', 3, "three", 3);
    h.startTask();
    h.drain();
    h.commit();
    // the key of row 1 changes to 5: the source sends a delete of 1 and an insert of 5
    c.delete(1, true);
    c.upsert('c', 5, "one", 1);
    // 3 deleted and inserted again within one MERGE
    c.delete(3, false);
    c.upsert('c', 3, "three again", 33);
    h.drain();
    h.commit();
    assertThat(target(h)).isEqualTo(c.model).containsOnlyKeys(3L, 5L);

    // a new optional field: both tables gain the column
    Schema envelope = SchemaBuilder.struct().name("envelope").field("before", ROW_V2).field("after", ROW_V2)
        .field("op", Schema.STRING_SCHEMA).field("source", SOURCE).build();
    Struct value = new Struct(envelope).put("op", "u").put("source", new Struct(SOURCE).put("ts_ms", 1L))
        .put("after", new Struct(ROW_V2).put("id", 5L).put("name", "one").put("qty", 7).put("note", "hello"));
    ConnectHeaders headers = new ConnectHeaders();
    headers.addString(LineageHeaders.SOURCE_POS, Long.toString(c.position++));
    h.add(new SinkRecord("orders", 1, KEY, new Struct(KEY).put("id", 5L), envelope, value, c.nextOffset(1), 0L,
        null, headers));
    h.drain();
    h.commit();
    Map<String, Object> five = h.snowflake.rows(TARGET).stream()
        .filter(r -> ((Number) r.get("ID")).longValue() == 5).findFirst().orElseThrow();
    assertThat(five).containsEntry("NOTE", "hello").containsEntry("QTY", 7);
    assertThat(h.snowflake.columns(TARGET)).extracting(col -> col.name()).contains("NOTE");
    assertThat(h.snowflake.columns(ChangeColumns.changesOf(TARGET))).extracting(col -> col.name()).contains("NOTE");
  }
}
