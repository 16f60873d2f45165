// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.it.clickhouse;

import static io.streamfirst.connect.it.clickhouse.ClickHouseSinkSupport.JSON;
import static io.streamfirst.connect.it.clickhouse.ClickHouseSinkSupport.awaitOffsets;
import static io.streamfirst.connect.it.clickhouse.ClickHouseSinkSupport.config;
import static io.streamfirst.connect.it.clickhouse.ClickHouseSinkSupport.decimal;
import static io.streamfirst.connect.it.clickhouse.ClickHouseSinkSupport.envelope;
import static io.streamfirst.connect.it.clickhouse.ClickHouseSinkSupport.field;
import static io.streamfirst.connect.it.clickhouse.ClickHouseSinkSupport.quoted;
import static io.streamfirst.connect.it.clickhouse.ClickHouseSinkSupport.rows;
import static io.streamfirst.connect.it.clickhouse.ClickHouseSinkSupport.struct;
import static io.streamfirst.connect.it.clickhouse.ClickHouseSinkSupport.withJsonKeys;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streamfirst.connect.it.clickhouse.ClickHouseSinkSupport.BulkProducer;
import io.streamfirst.connect.it.fixtures.ClickHouseFixture;
import io.streamfirst.connect.it.fixtures.MariaDbFixture;
import io.streamfirst.connect.it.harness.ConnectCluster;
import io.streamfirst.connect.it.harness.ConnectClusterExtension;
import io.streamfirst.connect.it.harness.UniqueNames;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * CDC mode end to end: inserts, updates and deletes (Debezium envelopes with tombstones, flattened
 * records with __op/__deleted) collapse to the source's current state, read back with the two query
 * patterns the README documents (FINAL, and argMax for any server) and compared with the expected state.
 */
class ClickHouseCdcIT {

  @RegisterExtension
  static final ClickHouseFixture CLICKHOUSE = new ClickHouseFixture();

  @RegisterExtension
  static final MariaDbFixture MARIADB = new MariaDbFixture();

  @RegisterExtension
  static final ConnectClusterExtension CONNECT = new ConnectClusterExtension(b -> b.workers(1));

  static final ObjectNode ROW = struct("shop.Item",
      field("id", "int64", false), field("name", "string", false), field("qty", "int32", false),
      decimal("price", 2, true));
  static final ObjectNode KEY = struct("shop.ItemKey", field("id", "int64", false));
  static final ObjectNode ENVELOPE = envelopeSchema();

  private static ObjectNode envelopeSchema() {
    ObjectNode before = ROW.deepCopy().put("optional", true).put("field", "before");
    ObjectNode after = ROW.deepCopy().put("optional", true).put("field", "after");
    ObjectNode source = struct("source", field("ts_ms", "int64", false), field("db", "string", true))
        .put("optional", true).put("field", "source");
    return struct("shop.Item.Envelope", before, after, source, field("op", "string", false),
        field("ts_ms", "int64", true));
  }

  /** A deterministic random sequence of changes over {@code keys} keys, applied to {@code expected}. */
  static List<Change> workload(int changes, int keys, long seed, Map<Long, Map<String, Object>> expected) {
    Random random = new Random(seed);
    List<Change> out = new ArrayList<>();
    for (int i = 0; i < changes; i++) {
      long id = random.nextInt(keys);
      Map<String, Object> before = expected.get(id);
      if (before != null && random.nextInt(4) == 0) {
        expected.remove(id);
        out.add(new Change(id, 'd', before, null));
        continue;
      }
      Map<String, Object> after = new LinkedHashMap<>();
      after.put("id", id);
      after.put("name", "item " + id + " v" + i);
      after.put("qty", random.nextInt(1000) - 100);
      after.put("price", random.nextInt(3) == 0 ? null : new BigDecimal(random.nextInt(100_000)).movePointLeft(2));
      expected.put(id, after);
      out.add(new Change(id, before == null ? 'c' : 'u', before, after));
    }
    return out;
  }

  record Change(long id, char op, Map<String, Object> before, Map<String, Object> after) {
  }

  /**
   * Sends {@code changes} as Debezium envelopes keyed by id (a tombstone after each delete), to
   * partition {@code id % lastOffsets.length}; counts each partition's last offset up in {@code lastOffsets}.
   */
  static void produceEnvelopes(ConnectCluster cluster, String topic, List<Change> changes, long[] lastOffsets) {
    try (BulkProducer producer = new BulkProducer(cluster)) {
      for (Change change : changes) {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("before", change.before());
        value.put("after", change.after());
        value.put("source", Map.of("ts_ms", 1_700_000_000_000L, "db", "shop"));
        value.put("op", String.valueOf(change.op()));
        value.put("ts_ms", 1_700_000_000_000L);
        String key = envelope(KEY, Map.of("id", change.id()));
        int partition = (int) (change.id() % lastOffsets.length);
        producer.send(topic, partition, key, envelope(ENVELOPE, value));
        lastOffsets[partition]++;
        if (change.op() == 'd') {
          producer.send(topic, partition, key, null);
          lastOffsets[partition]++;
        }
      }
    }
  }

  @Test
  void debeziumEnvelopesWithTombstonesCollapseToTheCurrentState() {
    ConnectCluster cluster = CONNECT.cluster();
    String topic = UniqueNames.of("shop.public.items");
    cluster.createTopic(topic, 3);
    Map<Long, Map<String, Object>> expected = new TreeMap<>();
    List<Change> changes = workload(1500, 120, 42, expected);
    long[] lastOffsets = {-1, -1, -1};
    produceEnvelopes(cluster, topic, changes, lastOffsets);

    String connector = UniqueNames.of("ch-cdc");
    Map<String, String> config = withJsonKeys(config(CLICKHOUSE, topic));
    config.put("write.mode", "cdc");
    config.put("batch.max.records", "97"); // many inserts, with upserts and deletes of one key in different ones
    cluster.deploy(connector, config);
    cluster.awaitRunning(connector, 1);
    // rows of one key collapse as parts merge, so wait for the last offsets rather than a row count
    awaitOffsets(cluster, connector, CLICKHOUSE, topic, lastOffsets);

    assertThat(CLICKHOUSE.query("SELECT engine_full FROM system.tables WHERE database = currentDatabase()"
        + " AND name = '" + topic + "'")).startsWith("ReplacingMergeTree(_sf_version) ORDER BY id");
    List<String> want = new ArrayList<>();
    expected.values().forEach(row -> want.add(render(row)));
    assertThat(currentStateWithFinal(CLICKHOUSE, topic)).containsExactlyElementsOf(want);
    assertThat(currentStateWithArgMax(CLICKHOUSE, topic)).containsExactlyElementsOf(want);
    // Merging the parts does not change the current state.
    CLICKHOUSE.execute("OPTIMIZE TABLE " + quoted(topic) + " FINAL");
    assertThat(currentStateWithFinal(CLICKHOUSE, topic)).containsExactlyElementsOf(want);
    assertThat(currentStateWithArgMax(CLICKHOUSE, topic)).containsExactlyElementsOf(want);
  }

  @Test
  void flattenedRecordsWithOpAndDeletedFieldsAndConfiguredKeyColumns() {
    ConnectCluster cluster = CONNECT.cluster();
    String topic = UniqueNames.of("flat-items");
    cluster.createTopic(topic, 2);
    Map<Long, Map<String, Object>> expected = new TreeMap<>();
    List<Change> changes = workload(800, 60, 7, expected);
    long[] lastOffsets = {-1, -1};
    try (BulkProducer producer = new BulkProducer(cluster)) {
      for (Change change : changes) {
        lastOffsets[(int) (change.id() % 2)]++;
        ObjectNode value = JSON.createObjectNode();
        Map<String, Object> row = change.after() != null ? change.after() : change.before();
        row.forEach((k, v) -> value.set(k, JSON.valueToTree(v)));
        value.put("__op", String.valueOf(change.op()));
        value.put("__deleted", change.op() == 'd' ? "true" : "false");
        value.put("__source_ts_ms", 1_700_000_000_000L);
        producer.send(topic, (int) (change.id() % 2), null, value.toString());
      }
    }

    String connector = UniqueNames.of("ch-cdc-flat");
    Map<String, String> config = config(CLICKHOUSE, topic);
    config.put("value.converter.schemas.enable", "false");
    config.put("write.mode", "cdc");
    config.put("cdc.key.columns", "id");
    config.put("batch.max.records", "50");
    cluster.deploy(connector, config);
    cluster.awaitRunning(connector, 1);
    awaitOffsets(cluster, connector, CLICKHOUSE, topic, lastOffsets);

    List<String> want = new ArrayList<>();
    expected.values().forEach(row -> want.add(render(row)));
    assertThat(currentStateWithFinal(CLICKHOUSE, topic)).containsExactlyElementsOf(want);
    assertThat(currentStateWithArgMax(CLICKHOUSE, topic)).containsExactlyElementsOf(want);
    // the key column is not Nullable (it is the sorting key); the others are
    assertThat(ClickHouseSinkIT.columnTypes(CLICKHOUSE, topic)).contains("id Int64", "name Nullable(String)");
  }

  @Test
  void sourcePositionsFromLineageHeadersVersionTheRows() {
    ConnectCluster cluster = CONNECT.cluster();
    String topic = UniqueNames.of("pos-items");
    String dlq = topic + "-dlq";
    cluster.createTopic(topic, 1);
    cluster.createTopic(dlq, 1);
    try (BulkProducer producer = new BulkProducer(cluster)) {
      producer.send(topic, 0, null, "{\"id\":1,\"name\":\"a\",\"__op\":\"c\"}", "sf.source.pos", "0/100");
      producer.send(topic, 0, null, "{\"id\":2,\"name\":\"c\",\"__op\":\"c\"}", "sf.source.pos", "0/150");
      producer.send(topic, 0, null, "{\"id\":1,\"name\":\"b\",\"__op\":\"u\"}", "sf.source.pos", "0/200");
      producer.send(topic, 0, null, "{\"id\":9,\"name\":\"no position\",\"__op\":\"c\"}");
      producer.send(topic, 0, null, "{\"id\":3,\"name\":\"new\",\"__op\":\"u\"}", "sf.source.pos", "1/0");
      // an older change of id 3 arriving later in Kafka (e.g. a re-snapshot): its lower position loses
      producer.send(topic, 0, null, "{\"id\":3,\"name\":\"old\",\"__op\":\"r\"}", "sf.source.pos", "0/300");
    }
    Map<String, String> config = ClickHouseSinkSupport.withDlq(config(CLICKHOUSE, topic), dlq);
    config.put("value.converter.schemas.enable", "false");
    config.put("write.mode", "cdc");
    config.put("cdc.key.columns", "id");
    config.put("cdc.version.source", "source.position");
    String connector = UniqueNames.of("ch-cdc-pos");
    cluster.deploy(connector, config);
    cluster.awaitRunning(connector, 1);
    awaitOffsets(cluster, connector, CLICKHOUSE, topic, new long[]{5});

    List<String> state = new ArrayList<>();
    rows(CLICKHOUSE, "SELECT id, name, _sf_version FROM (SELECT * FROM " + quoted(topic) + " FINAL)"
        + " WHERE _sf_deleted = 0 ORDER BY id").forEach(
            r -> state.add(r.path("id").asText() + "|"
                + r.path("name").asText() + "|" + r.path("_sf_version").asText()));
    assertThat(state).containsExactly("1|b|" + 0x200, "2|c|" + 0x150, "3|new|" + (1L << 32));
    List<io.streamfirst.connect.it.harness.ConsumedRecord> dead = cluster.consume(dlq, 1, ClickHouseSinkSupport.WAIT);
    assertThat(dead).hasSize(1);
    assertThat(dead.get(0).header("__connect.errors.exception.message")).contains(topic + "-0@3")
        .contains("sf.source.pos");
  }

  /**
   * Versions from the MySQL source's own positions ({@code file:pos:event:row}): a later row event of
   * one transaction wins, a change after a binlog rotation (next file, lower position) wins, an older
   * change arriving later in Kafka loses, and the two-part {@code file:pos} form is read too. Both
   * documented read patterns give the expected state.
   */
  @Test
  void mysqlBinlogPositionsVersionRowsWithinTransactionsAndAcrossRotation() {
    ConnectCluster cluster = CONNECT.cluster();
    String topic = UniqueNames.of("mysql-pos");
    String dlq = topic + "-dlq";
    cluster.createTopic(topic, 1);
    cluster.createTopic(dlq, 1);
    String[][] changes = {
        {"1", "a", "c", "mariadb-bin.000003:4600:2:1"},
        {"1", "b", "u", "mariadb-bin.000003:4600:4:1"}, // same transaction, a later row event
        {"2", "c", "c", "mariadb-bin.000003:1073000000:2:1"}, // late in file 3
        {"2", "d", "u", "mariadb-bin.000004:256:2:1"}, // after the rotation: lower position, newer
        {"3", "new", "u", "mariadb-bin.000004:900:2:1"},
        {"3", "old", "r", "mariadb-bin.000003:9000:0:0"}, // older, arrives later in Kafka: loses
        {"4", "x", "c", "mariadb-bin.000004:1200:2:1"},
        {"4", "y", "u", "mariadb-bin.000004:1300"}, // file:pos only
        {"5", "gone", "c", "mariadb-bin.000004:1400:2:1"},
        {"5", "gone", "d", "mariadb-bin.000004:1400:4:1"}};
    try (BulkProducer producer = new BulkProducer(cluster)) {
      for (String[] c : changes) {
        producer.send(topic, 0, null, "{\"id\":" + c[0] + ",\"name\":\"" + c[1] + "\",\"__op\":\"" + c[2] + "\"}",
            "sf.source.pos", c[3]);
      }
    }
    Map<String, String> config = ClickHouseSinkSupport.withDlq(config(CLICKHOUSE, topic), dlq);
    config.put("value.converter.schemas.enable", "false");
    config.put("write.mode", "cdc");
    config.put("cdc.key.columns", "id");
    config.put("cdc.version.source", "source.position");
    String connector = UniqueNames.of("ch-cdc-mysql-pos");
    cluster.deploy(connector, config);
    cluster.awaitRunning(connector, 1);
    awaitOffsets(cluster, connector, CLICKHOUSE, topic, new long[]{changes.length - 1});

    List<String> finalState = new ArrayList<>();
    rows(CLICKHOUSE, "SELECT id, name FROM (SELECT * FROM " + quoted(topic) + " FINAL) WHERE _sf_deleted = 0"
        + " ORDER BY id").forEach(r -> finalState.add(r.path("id").asText() + "|" + r.path("name").asText()));
    List<String> argMaxState = new ArrayList<>();
    rows(CLICKHOUSE, "SELECT id, r.1 AS name FROM (SELECT id, argMax((name, _sf_deleted), _sf_version) AS r FROM "
        + quoted(topic) + " GROUP BY id) WHERE r.2 = 0 ORDER BY id")
        .forEach(r -> argMaxState.add(r.path("id").asText() + "|" + r.path("name").asText()));
    assertThat(finalState).containsExactly("1|b", "2|d", "3|new", "4|y");
    assertThat(argMaxState).isEqualTo(finalState);
    assertThat(cluster.consumeAll(dlq)).as("no change went to the dead-letter queue").isEmpty();
  }

  /**
   * The MySQL source capturing MariaDB feeds the sink, versions from its own positions: a snapshot,
   * a transaction changing one row twice, a binlog rotation (FLUSH BINARY LOGS) after which positions
   * start low again, deletes with tombstones. The table's current state equals MariaDB's, and nothing
   * went to the dead-letter queue.
   */
  @Test
  void mariaDbChangesThroughTheMySqlSourceVersionedBySourcePositionsEndInTheSourceState() throws Exception {
    ConnectCluster cluster = CONNECT.cluster();
    String table = "items_" + UniqueNames.of("pos").replace('-', '_');
    String source = UniqueNames.of("my-src");
    String topic = source + "." + MARIADB.database() + "." + table;
    String dlq = UniqueNames.of("my-dlq");
    cluster.createTopic(dlq, 1);
    mariaDb("CREATE TABLE " + table + " (id INT PRIMARY KEY, name VARCHAR(40) NOT NULL)",
        "INSERT INTO " + table + " VALUES (1, 'a'), (2, 'b'), (3, 'c')");
    Map<String, String> sourceConfig = new java.util.HashMap<>();
    sourceConfig.put("connector.class", "io.streamfirst.connect.cdc.mysql.MySqlCdcSourceConnector");
    sourceConfig.put("tasks.max", "1");
    sourceConfig.put("database.hostname", MARIADB.host());
    sourceConfig.put("database.port", Integer.toString(MARIADB.port()));
    sourceConfig.put("database.user", MARIADB.user());
    sourceConfig.put("database.password", MARIADB.password());
    sourceConfig.put("database.include.list", MARIADB.database());
    sourceConfig.put("table.include.list", MARIADB.database() + "." + table);
    sourceConfig.put("schema.history.internal.kafka.bootstrap.servers", cluster.bootstrapServers());
    sourceConfig.put("key.converter", "org.apache.kafka.connect.json.JsonConverter");
    sourceConfig.put("key.converter.schemas.enable", "false");
    sourceConfig.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
    sourceConfig.put("value.converter.schemas.enable", "false");
    sourceConfig.put("topic.creation.default.replication.factor", "1");
    sourceConfig.put("topic.creation.default.partitions", "1");
    cluster.deploy(source, sourceConfig);
    cluster.awaitRunning(source, 1);

    Map<String, String> sink = ClickHouseSinkSupport.withDlq(config(CLICKHOUSE, topic), dlq);
    sink.put("key.converter", "org.apache.kafka.connect.json.JsonConverter");
    sink.put("key.converter.schemas.enable", "false");
    sink.put("value.converter.schemas.enable", "false");
    sink.put("write.mode", "cdc");
    sink.put("cdc.key.columns", "id");
    sink.put("cdc.version.source", "source.position");
    String connector = UniqueNames.of("ch-cdc-mariadb");
    cluster.deploy(connector, sink);
    cluster.awaitRunning(connector, 1);

    mariaDbTransaction("UPDATE " + table + " SET name = 'a1' WHERE id = 1",
        "INSERT INTO " + table + " VALUES (4, 'd')",
        "UPDATE " + table + " SET name = 'a2' WHERE id = 1");
    mariaDb("FLUSH BINARY LOGS");
    mariaDb("UPDATE " + table + " SET name = 'b1' WHERE id = 2", "DELETE FROM " + table + " WHERE id = 3");
    mariaDbTransaction("UPDATE " + table + " SET name = 'd1' WHERE id = 4",
        "UPDATE " + table + " SET name = 'b2' WHERE id = 2", "INSERT INTO " + table + " VALUES (5, 'e')");
    mariaDb("FLUSH BINARY LOGS");
    mariaDb("UPDATE " + table + " SET name = 'e1' WHERE id = 5");

    List<String> expected = new ArrayList<>();
    try (java.sql.Connection c = MARIADB.connection();
        java.sql.Statement st = c.createStatement();
        java.sql.ResultSet rs = st.executeQuery("SELECT id, name FROM " + table + " ORDER BY id")) {
      while (rs.next()) {
        expected.add(rs.getInt(1) + "|" + rs.getString(2));
      }
    }
    assertThat(expected).containsExactly("1|a2", "2|b2", "4|d1", "5|e1");
    org.awaitility.Awaitility.await("current state of " + topic).atMost(ClickHouseSinkSupport.WAIT)
        .pollInterval(java.time.Duration.ofMillis(500)).untilAsserted(() -> {
          assertThat(cluster.status(connector).hasFailure()).isFalse();
          assertThat(ClickHouseSinkSupport.tableExists(CLICKHOUSE, topic)).isTrue();
          List<String> state = new ArrayList<>();
          rows(CLICKHOUSE, "SELECT id, name FROM (SELECT * FROM " + quoted(topic) + " FINAL) WHERE _sf_deleted = 0"
              + " ORDER BY id").forEach(r -> state.add(r.path("id").asText() + "|" + r.path("name").asText()));
          assertThat(state).isEqualTo(expected);
        });
    assertThat(cluster.consumeAll(dlq)).as("no change went to the dead-letter queue").isEmpty();
    cluster.delete(source);
    cluster.delete(connector);
  }

  private static void mariaDb(String... statements) throws java.sql.SQLException {
    try (java.sql.Connection c = MARIADB.connection(); java.sql.Statement st = c.createStatement()) {
      for (String sql : statements) {
        st.execute(sql);
      }
    }
  }

  private static void mariaDbTransaction(String... statements) throws java.sql.SQLException {
    try (java.sql.Connection c = MARIADB.connection()) {
      c.setAutoCommit(false);
      try (java.sql.Statement st = c.createStatement()) {
        for (String sql : statements) {
          st.execute(sql);
        }
      }
      c.commit();
    }
  }

  /**
   * Offsets of two topics are not comparable: with versions from Kafka offsets, a configuration that
   * writes two topics into one table is refused on cdc.version.source.
   */
  @Test
  void kafkaOffsetVersionsAreRefusedWhenTheConfigurationMergesTopicsIntoOneTable() {
    ConnectCluster cluster = CONNECT.cluster();
    Map<String, String> config = config(CLICKHOUSE, "shop-a,shop-b");
    config.put("write.mode", "cdc");
    config.put("table.topic.map", "shop-a:orders,shop-b:orders");
    assertThat(cluster.validate(ClickHouseSinkSupport.CONNECTOR_CLASS, config).errorsFor("cdc.version.source"))
        .singleElement().asString().contains("orders").contains("shop-a").contains("shop-b")
        .contains("source.position");

    config.remove("table.topic.map");
    config.put("table.name.format", "orders");
    assertThat(cluster.validate(ClickHouseSinkSupport.CONNECTOR_CLASS, config).errorsFor("cdc.version.source"))
        .singleElement().asString().contains("orders");

    config.put("cdc.version.source", "source.position");
    assertThat(cluster.validate(ClickHouseSinkSupport.CONNECTOR_CLASS, config).isValid()).isTrue();
    config.put("cdc.version.source", "kafka.offset");
    config.put("write.mode", "append");
    assertThat(cluster.validate(ClickHouseSinkSupport.CONNECTOR_CLASS, config).isValid())
        .as("appends have no versions").isTrue();
  }

  /** The README's FINAL pattern (in a subquery, so the filter runs after the collapse on every server). */
  static List<String> currentStateWithFinal(ClickHouseFixture clickhouse, String table) {
    List<String> out = new ArrayList<>();
    for (JsonNode row : rows(clickhouse, "SELECT id, name, qty, toString(price) AS price FROM (SELECT * FROM "
        + quoted(table) + " FINAL) WHERE _sf_deleted = 0 ORDER BY id")) {
      out.add(render(row));
    }
    return out;
  }

  /**
   * The README's argMax pattern: the newest version of every key, deleted keys left out. The row is
   * taken as one tuple, because argMax of a single Nullable column skips NULLs and would return an
   * older value.
   */
  static List<String> currentStateWithArgMax(ClickHouseFixture clickhouse, String table) {
    List<String> out = new ArrayList<>();
    for (JsonNode row : rows(clickhouse, "SELECT id, r.1 AS name, r.2 AS qty, toString(r.3) AS price FROM (SELECT id,"
        + " argMax((name, qty, price, _sf_deleted), _sf_version) AS r FROM " + quoted(table) + " GROUP BY id)"
        + " WHERE r.4 = 0 ORDER BY id")) {
      out.add(render(row));
    }
    return out;
  }

  static String render(Map<String, Object> row) {
    Object price = row.get("price");
    return row.get("id") + "|" + row.get("name") + "|" + row.get("qty") + "|"
        + (price == null ? "null" : ((BigDecimal) price).setScale(2).toPlainString());
  }

  static String render(JsonNode row) {
    JsonNode price = row.path("price");
    String p = price.isNull() || price.isMissingNode() || "\\N".equals(price.asText())
        ? "null"
        : new BigDecimal(price.asText()).setScale(2).toPlainString();
    return row.path("id").asLong() + "|" + row.path("name").asText() + "|" + row.path("qty").asInt() + "|" + p;
  }
}
