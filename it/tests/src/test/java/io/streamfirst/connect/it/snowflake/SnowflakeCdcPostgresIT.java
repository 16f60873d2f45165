// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.it.snowflake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamfirst.connect.it.fixtures.PostgresFixture;
import io.streamfirst.connect.snowflake.sql.ChangeBound;
import io.streamfirst.connect.snowflake.sql.ChangeColumns;
import io.streamfirst.connect.snowflake.sql.Column;
import io.streamfirst.connect.snowflake.sql.ColumnType;
import io.streamfirst.connect.snowflake.sql.ColumnType.Kind;
import io.streamfirst.connect.snowflake.sql.Dialect;
import io.streamfirst.connect.snowflake.sql.JdbcCatalog;
import io.streamfirst.connect.snowflake.sql.JdbcMerger;
import io.streamfirst.connect.snowflake.sql.MergeSpec;
import io.streamfirst.connect.snowflake.sql.TableRef;
import io.streamfirst.connect.snowflake.write.Tables;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.connect.errors.RetriableException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The Snowflake sink's CDC SQL (change table DDL, MERGE, removal of applied change rows), rendered for
 * PostgreSQL 17 and run there for its semantics: a random workload of inserts, updates, deletes,
 * re-inserts, key changes, source replays and stale changes, applied in MERGE rounds whose per-partition
 * bounds advance unevenly, leaves the target equal to the source; a MERGE run again over the same change
 * rows changes nothing; a connection killed in the middle of a MERGE leaves both tables as they were.
 * Hostile schema, table and column names throughout. The Snowflake text is pinned by SnowflakeDialectTest.
 */
class SnowflakeCdcPostgresIT {

  @RegisterExtension
  static final PostgresFixture POSTGRES = new PostgresFixture();

  static final String TENANT = "te\"nant";
  static final String NAME = "select";
  static final int PARTITIONS = 3;
  static final String TOPIC = "shop.orders'; --";

  /** A key: tenant and id. */
  record Key(String tenant, long id) {
  }

  /** The change rows of one topic, per partition, as Snowpipe Streaming would have committed them. */
  final class Log implements AutoCloseable {
    final TableRef changes;
    final Connection connection;
    final PreparedStatement insert;
    final long[] nextOffset = new long[PARTITIONS];
    final List<List<Object[]>> sent = new ArrayList<>();

    Log(TableRef changes) throws SQLException {
      this.changes = changes;
      this.connection = POSTGRES.connection();
      this.insert = connection.prepareStatement("INSERT INTO " + Dialect.POSTGRES.qualified(changes) + " ("
          + Dialect.quote(TENANT) + ", \"ID\", " + Dialect.quote(NAME) + ", \"QTY\", \"NOTE\", \"_SF_OP\","
          + " \"_SF_VERSION\", \"_SF_OFFSET\", \"_SF_TOPIC\", \"_SF_PARTITION\", \"_SF_KEY_COLUMNS\")"
          + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
      for (int p = 0; p < PARTITIONS; p++) {
        sent.add(new ArrayList<>());
      }
    }

    int partition(Key key) {
      return Math.floorMod(key.hashCode(), PARTITIONS);
    }

    /** op, key, name, qty, note, version at the next offset of the key's partition. */
    void append(char op, Key key, String name, Integer qty, String note, long version) throws SQLException {
      int p = partition(key);
      Object[] change = {op, key, name, qty, note, version};
      sent.get(p).add(change);
      insert(p, nextOffset[p]++, change);
    }

    void insert(int p, long offset, Object[] change) throws SQLException {
      Key key = (Key) change[1];
      insert.setString(1, key.tenant());
      insert.setLong(2, key.id());
      insert.setString(3, (String) change[2]);
      insert.setObject(4, change[3], java.sql.Types.INTEGER);
      insert.setString(5, (String) change[4]);
      insert.setString(6, String.valueOf(change[0]));
      insert.setBigDecimal(7, BigDecimal.valueOf((Long) change[5]));
      insert.setLong(8, offset);
      insert.setString(9, TOPIC);
      insert.setInt(10, p);
      insert.setString(11, ChangeColumns.encodeKeys(List.of(TENANT, "ID")));
      insert.executeUpdate();
    }

    @Override
    public void close() throws SQLException {
      connection.close();
    }

    /** The source connector restarted: the last {@code n} changes of partition p are sent again. */
    void replay(int p, int n) throws SQLException {
      replay(p, Math.max(0, sent.get(p).size() - n), n);
    }

    /** The source connector went further back: {@code n} changes of partition p from {@code from} again. */
    void replay(int p, int from, int n) throws SQLException {
      List<Object[]> partition = sent.get(p);
      for (Object[] change : List.copyOf(partition.subList(from, Math.min(partition.size(), from + n)))) {
        partition.add(change);
        insert(p, nextOffset[p]++, change);
      }
    }

    /** Every change row up to the last offset of each partition, as a MERGE at {@code nowMs} applies them. */
    long mergeAll(JdbcMerger merger, MergeSpec spec) {
      List<ChangeBound> all = new ArrayList<>();
      for (int p = 0; p < PARTITIONS; p++) {
        if (nextOffset[p] > 0) {
          all.add(new ChangeBound(TOPIC, p, nextOffset[p] - 1));
        }
      }
      return merger.merge(spec, all);
    }
  }

  @Test
  void aRandomWorkloadMergedInUnevenRoundsLeavesTheTargetEqualToTheSource() throws Exception {
    String schema = "cdc\"schema.x";
    try (Connection admin = POSTGRES.connection(); Statement s = admin.createStatement()) {
      s.execute("CREATE SCHEMA " + Dialect.quote(schema));
    }
    TableRef target = new TableRef(POSTGRES.database(), schema, "Or\"ders; DROP TABLE x; --");
    TableRef changes = ChangeColumns.changesOf(target);
    AtomicBoolean killDuringMerge = new AtomicBoolean();
    try (JdbcCatalog catalog = new JdbcCatalog(POSTGRES::connection, Dialect.POSTGRES, "postgres fixture");
        JdbcMerger merger = new JdbcMerger(() -> killable(killDuringMerge), Dialect.POSTGRES, "postgres fixture")) {
      Tables tables = new Tables(catalog, true, true);
      List<Column> row = new ArrayList<>(List.of(new Column(TENANT, ColumnType.of(Kind.STRING), false),
          new Column("ID", ColumnType.of(Kind.INT64), false), new Column(NAME, ColumnType.of(Kind.STRING), true),
          new Column("QTY", ColumnType.of(Kind.INT32), true)));
      fit(tables, target, changes, row);
      row.add(new Column("NOTE", ColumnType.of(Kind.STRING), true)); // a field added later: both tables evolve
      fit(tables, target, changes, row);

      @SuppressWarnings("resource") // closed after the loop
      Log log = new Log(changes);
      Random random = new Random(1515);
      Map<Key, String> source = new HashMap<>();
      Map<Key, Long> liveVersion = new HashMap<>();
      Map<Key, Long> deletedVersion = new HashMap<>(); // keys deleted and not inserted again, and when
      int staleAfterDelete = 0;
      int oldReplays = 0;
      long[] merged = new long[PARTITIONS];
      java.util.Arrays.fill(merged, -1);
      long version = 1_000;
      int rounds = 0;
      int killed = 0;
      for (int step = 0; step < 800; step++) {
        Key key = new Key(random.nextBoolean() ? "a" : "b\"'", random.nextInt(40));
        int roll = random.nextInt(23);
        version += 1 + random.nextInt(3);
        if (!source.containsKey(key)) {
          String name = "n" + step;
          log.append(step % 3 == 0 ? 'r' : 'c', key, name, step % 50, null, version); // inserts and re-inserts
          source.put(key, name + "|" + step % 50 + "|null");
          liveVersion.put(key, version);
          deletedVersion.remove(key);
        } else if (roll < 10) {
          String note = roll % 2 == 0 ? null : "note" + step;
          log.append('u', key, "u" + step, step % 70, note, version);
          source.put(key, "u" + step + "|" + step % 70 + "|" + note);
          liveVersion.put(key, version);
        } else if (roll < 14) {
          log.append('d', key, null, null, null, version);
          source.remove(key);
          liveVersion.remove(key);
          deletedVersion.put(key, version);
        } else if (roll < 16) {
          // the key changes: the source sends a delete of the old key and an insert of the new one
          Key moved = new Key(key.tenant(), 100 + step);
          log.append('d', key, null, null, null, version);
          log.append('c', moved, "moved" + step, 1, null, ++version);
          source.remove(key);
          source.put(moved, "moved" + step + "|1|null");
          liveVersion.remove(key);
          liveVersion.put(moved, version);
          deletedVersion.put(key, version - 1);
        } else if (roll < 18) {
          // a stale change of a live key arrives late (another path or a late replay): an older version
          log.append('u', key, "stale" + step, -1, null, liveVersion.get(key) - 1);
        } else if (roll < 20) {
          log.replay(random.nextInt(PARTITIONS), 1 + random.nextInt(5));
        } else if (roll < 22 && !deletedVersion.isEmpty()) {
          // a change of a deleted key older than its delete arrives late, mostly after a MERGE applied the delete
          List<Key> deleted = deletedVersion.keySet().stream()
              .sorted(java.util.Comparator.comparing(Key::tenant).thenComparingLong(Key::id)).toList();
          Key gone = deleted.get(random.nextInt(deleted.size()));
          log.append(roll % 2 == 0 ? 'u' : 'c', gone, "resurrected" + step, -2, null,
              deletedVersion.get(gone) - 1 - random.nextInt(3));
          staleAfterDelete++;
        } else {
          // the source went further back: a stretch of old changes, deletes among them, sent again
          int p = random.nextInt(PARTITIONS);
          if (!log.sent.get(p).isEmpty()) {
            log.replay(p, random.nextInt(log.sent.get(p).size()), 1 + random.nextInt(10));
            oldReplays++;
          }
        }
        if (random.nextInt(25) == 0) {
          // a MERGE round: each partition's bound advances by its own amount (what its channel has committed)
          List<ChangeBound> bounds = new ArrayList<>();
          for (int p = 0; p < PARTITIONS; p++) {
            long upTo = merged[p] + random.nextInt((int) (log.nextOffset[p] - merged[p]));
            if (upTo > merged[p]) {
              bounds.add(new ChangeBound(TOPIC, p, upTo));
            }
          }
          if (bounds.isEmpty() || rounds > 40) {
            continue;
          }
          MergeSpec spec = spec(tables, target, changes);
          if (rounds % 4 == 1) {
            Map<String, String> before = contents(target);
            int pending = count(changes);
            killDuringMerge.set(true);
            assertThatThrownBy(() -> merger.merge(spec, bounds)).isInstanceOf(RetriableException.class)
                .hasMessageContaining("runs again");
            killed++;
            assertThat(contents(target)).as("a MERGE killed before its commit changed nothing").isEqualTo(before);
            assertThat(count(changes)).isEqualTo(pending);
          }
          merger.merge(spec, bounds);
          rounds++;
          bounds.forEach(b -> merged[b.partition()] = b.offset());
        }
      }
      log.mergeAll(merger, spec(tables, target, changes));
      Map<String, String> expected = new TreeMap<>();
      source.forEach((k, v) -> expected.put(k.tenant() + "/" + k.id(), v));
      Map<String, Long> expectedDeleted = new TreeMap<>(byText(deletedVersion));
      assertThat(rounds).isGreaterThan(15);
      assertThat(killed).isGreaterThan(3);
      assertThat(staleAfterDelete).isGreaterThan(20);
      assertThat(oldReplays).isGreaterThan(10);
      assertThat(contents(target)).isEqualTo(expected);
      assertThat(deletedKeys(target)).as("the version of each deleted key's last delete").isEqualTo(expectedDeleted);
      assertThat(count(changes)).as("applied change rows are removed").isZero();

      // the whole log once more, as if no change row had ever been removed: the MERGE changes nothing
      for (int p = 0; p < PARTITIONS; p++) {
        long offset = 0;
        for (Object[] change : log.sent.get(p)) {
          log.insert(p, offset++, change);
        }
      }
      assertThat(log.mergeAll(merger, spec(tables, target, changes))).as("rows changed by a MERGE run again")
          .isZero();
      assertThat(contents(target)).isEqualTo(expected);
      assertThat(deletedKeys(target)).isEqualTo(expectedDeleted);
      assertThat(count(changes)).isZero();
      log.close();
    }
    try (Connection c = POSTGRES.connection();
        Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SELECT count(*) FROM information_schema.tables WHERE table_name = 'x'")) {
      r.next();
      assertThat(r.getInt(1)).as("no injected statement ran").isZero();
    }
  }

  @Test
  void aChangeOlderThanADeleteInALaterMergeDoesNotBringTheRowBackUntilTheDeleteExpires() throws Exception {
    String schema = "cdc\"late";
    try (Connection admin = POSTGRES.connection(); Statement s = admin.createStatement()) {
      s.execute("CREATE SCHEMA " + Dialect.quote(schema));
    }
    TableRef target = new TableRef(POSTGRES.database(), schema, "Or\"ders");
    TableRef changes = ChangeColumns.changesOf(target);
    try (JdbcCatalog catalog = new JdbcCatalog(POSTGRES::connection, Dialect.POSTGRES, "postgres fixture");
        JdbcMerger merger = new JdbcMerger(POSTGRES::connection, Dialect.POSTGRES, "postgres fixture");
        Log log = new Log(changes)) {
      Tables tables = new Tables(catalog, true, true);
      fit(tables, target, changes, List.of(new Column(TENANT, ColumnType.of(Kind.STRING), false),
          new Column("ID", ColumnType.of(Kind.INT64), false), new Column(NAME, ColumnType.of(Kind.STRING), true),
          new Column("QTY", ColumnType.of(Kind.INT32), true), new Column("NOTE", ColumnType.of(Kind.STRING), true)));
      Key one = new Key("a", 1);
      Key two = new Key("b\"'", 2);
      Key three = new Key("a", 3);
      log.append('c', one, "one", 1, null, 10);
      log.append('c', two, "two", 2, null, 11);
      log.mergeAll(merger, spec(tables, target, changes, 1_000, MergeSpec.KEEP_DELETED));
      log.append('d', one, null, null, null, 20);
      log.mergeAll(merger, spec(tables, target, changes, 2_000, MergeSpec.KEEP_DELETED));
      assertThat(deletedKeys(target)).isEqualTo(Map.of("a/1", 20L));

      // the source replays the insert and an update older than the delete, in a later MERGE
      log.append('c', one, "one", 1, null, 10);
      log.append('u', one, "one-b", 5, null, 15);
      assertThat(log.mergeAll(merger, spec(tables, target, changes, 3_000, MergeSpec.KEEP_DELETED))).isZero();
      assertThat(contents(target)).isEqualTo(Map.of("b\"'/2", "two|2|null"));

      // deleted before any MERGE saw the key; its older insert comes in a later MERGE
      log.append('d', three, null, null, null, 30);
      log.mergeAll(merger, spec(tables, target, changes, 4_000, MergeSpec.KEEP_DELETED));
      log.append('c', three, "three", 3, null, 25);
      log.mergeAll(merger, spec(tables, target, changes, 5_000, MergeSpec.KEEP_DELETED));
      assertThat(contents(target)).isEqualTo(Map.of("b\"'/2", "two|2|null"));
      assertThat(deletedKeys(target)).isEqualTo(Map.of("a/1", 20L, "a/3", 30L));

      // a newer insert brings key 1 back and removes it from the deleted keys; a newer delete moves key 3 on
      log.append('c', one, "one again", 4, null, 40);
      log.append('d', three, null, null, null, 41);
      log.mergeAll(merger, spec(tables, target, changes, 6_000, MergeSpec.KEEP_DELETED));
      assertThat(contents(target)).isEqualTo(Map.of("a/1", "one again|4|null", "b\"'/2", "two|2|null"));
      assertThat(deletedKeys(target)).isEqualTo(Map.of("a/3", 41L));

      // retention: deleted keys written before the bound are removed by the next MERGE
      log.append('d', two, null, null, null, 50);
      log.mergeAll(merger, spec(tables, target, changes, 7_000, 6_000));
      assertThat(deletedKeys(target)).as("key 3 was stamped at 6,000: kept").isEqualTo(Map.of("a/3", 41L,
          "b\"'/2", 50L));
      log.mergeAll(merger, spec(tables, target, changes, 8_000, 6_001));
      assertThat(deletedKeys(target)).isEqualTo(Map.of("b\"'/2", 50L));
      assertThat(count(changes)).isZero();
    }
  }

  private static void fit(Tables tables, TableRef target, TableRef changes, List<Column> row) {
    List<Column> targetColumns = new ArrayList<>(row);
    targetColumns.addAll(ChangeColumns.target());
    tables.fit(target, targetColumns, "orders-0@0");
    List<Column> changeColumns = new ArrayList<>();
    row.forEach(c -> changeColumns.add(new Column(c.name(), c.type(), true)));
    changeColumns.addAll(ChangeColumns.changes());
    tables.fit(changes, changeColumns, "orders-0@0");
    tables.fit(ChangeColumns.deletedOf(target),
        ChangeColumns.deleted(tables.columnsOf(target), List.of(TENANT, "ID")), "orders-0@0");
  }

  private static MergeSpec spec(Tables tables, TableRef target, TableRef changes) {
    return spec(tables, target, changes, 1_000L, MergeSpec.KEEP_DELETED);
  }

  private static MergeSpec spec(Tables tables, TableRef target, TableRef changes, long nowMs, long deletedBeforeMs) {
    List<String> columns = tables.columnsOf(target).stream().map(Column::name)
        .filter(c -> !ChangeColumns.IN_TARGET.contains(c)).toList();
    return new MergeSpec(target, changes, List.of(TENANT, "ID"), columns, nowMs, deletedBeforeMs);
  }

  private static Map<String, Long> byText(Map<Key, Long> keys) {
    Map<String, Long> out = new TreeMap<>();
    keys.forEach((k, v) -> out.put(k.tenant() + "/" + k.id(), v));
    return out;
  }

  /** tenant/id → version of the deleted-keys table of {@code target}, failing on a key twice. */
  private static Map<String, Long> deletedKeys(TableRef target) throws SQLException {
    Map<String, Long> out = new TreeMap<>();
    try (Connection c = POSTGRES.connection();
        Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SELECT " + Dialect.quote(TENANT) + ", \"ID\", \"_SF_VERSION\" FROM "
            + Dialect.POSTGRES.qualified(ChangeColumns.deletedOf(target)))) {
      while (r.next()) {
        String key = r.getString(1) + "/" + r.getLong(2);
        assertThat(out.put(key, r.getLong(3))).as("deleted key %s twice", key).isNull();
      }
    }
    return out;
  }

  /**
   * A connection that, while {@code kill} is set, has its server process terminated just before the
   * statement that removes applied change rows runs (so inside the MERGE's transaction); once.
   */
  private static Connection killable(AtomicBoolean kill) throws SQLException {
    Connection real = POSTGRES.connection();
    int pid;
    try (Statement s = real.createStatement(); ResultSet r = s.executeQuery("SELECT pg_backend_pid()")) {
      r.next();
      pid = r.getInt(1);
    }
    return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[]{Connection.class},
        (proxy, method, args) -> {
          if (method.getName().equals("prepareStatement") && args[0] instanceof String sql
              && sql.startsWith("DELETE") && kill.compareAndSet(true, false)) {
            try (Connection admin = POSTGRES.connection(); Statement s = admin.createStatement()) {
              s.execute("SELECT pg_terminate_backend(" + pid + ")");
            }
          }
          try {
            return method.invoke(real, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        });
  }

  private static Map<String, String> contents(TableRef table) throws SQLException {
    Map<String, String> out = new TreeMap<>();
    try (Connection c = POSTGRES.connection();
        Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SELECT " + Dialect.quote(TENANT) + ", \"ID\", " + Dialect.quote(NAME)
            + ", \"QTY\", \"NOTE\" FROM " + Dialect.POSTGRES.qualified(table))) {
      while (r.next()) {
        String key = r.getString(1) + "/" + r.getLong(2);
        assertThat(out.put(key, r.getString(3) + "|" + r.getObject(4) + "|" + r.getString(5)))
            .as("key %s twice", key).isNull();
      }
    }
    return out;
  }

  private static int count(TableRef table) throws SQLException {
    try (Connection c = POSTGRES.connection();
        Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SELECT count(*) FROM " + Dialect.POSTGRES.qualified(table))) {
      r.next();
      return r.getInt(1);
    }
  }
}
