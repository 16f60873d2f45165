// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.it.clickhouse;

import static io.streamfirst.connect.it.clickhouse.ClickHouseSinkSupport.awaitCount;
import static io.streamfirst.connect.it.clickhouse.ClickHouseSinkSupport.config;
import static io.streamfirst.connect.it.clickhouse.ClickHouseSinkSupport.decimal;
import static io.streamfirst.connect.it.clickhouse.ClickHouseSinkSupport.envelope;
import static io.streamfirst.connect.it.clickhouse.ClickHouseSinkSupport.field;
import static io.streamfirst.connect.it.clickhouse.ClickHouseSinkSupport.logical;
import static io.streamfirst.connect.it.clickhouse.ClickHouseSinkSupport.quoted;
import static io.streamfirst.connect.it.clickhouse.ClickHouseSinkSupport.rows;
import static io.streamfirst.connect.it.clickhouse.ClickHouseSinkSupport.struct;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streamfirst.connect.it.clickhouse.ClickHouseSinkSupport.BulkProducer;
import io.streamfirst.connect.it.fixtures.ClickHouseFixture;
import io.streamfirst.connect.it.harness.ConnectCluster;
import io.streamfirst.connect.it.harness.ConnectClusterExtension;
import io.streamfirst.connect.it.harness.UniqueNames;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The ClickHouse sink end to end: the packaged plugin in a real Connect worker writing into a real
 * ClickHouse server. Appends with and without schemas into auto-created tables.
 */
class ClickHouseSinkIT {

  @RegisterExtension
  static final ClickHouseFixture CLICKHOUSE = new ClickHouseFixture();

  @RegisterExtension
  static final ConnectClusterExtension CONNECT = new ConnectClusterExtension(b -> b.workers(1));

  static final ObjectNode ORDER = struct("shop.Order",
      field("id", "int64", false),
      field("customer", "string", false),
      decimal("amount", 2, false),
      logical("created", "int64", "org.apache.kafka.connect.data.Timestamp", false),
      logical("day", "int32", "org.apache.kafka.connect.data.Date", false),
      field("paid", "boolean", false),
      field("score", "double", true),
      arrayOfStrings("tags"));

  private static ObjectNode arrayOfStrings(String name) {
    ObjectNode f = field(name, "array", false);
    f.putObject("items").put("type", "string").put("optional", false);
    return f;
  }

  static Map<String, Object> order(int i) {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("id", (long) i);
    row.put("customer", "customer " + (i % 7));
    row.put("amount", new BigDecimal(i).multiply(new BigDecimal("1.25")).setScale(2));
    row.put("created", 1_700_000_000_000L + i * 1000L);
    row.put("day", 19_000 + i);
    row.put("paid", i % 2 == 0);
    row.put("score", i % 5 == 0 ? null : i / 4.0);
    row.put("tags", List.of("t" + (i % 3), "all"));
    return row;
  }

  @Test
  void appendsRecordsWithSchemasIntoAnAutoCreatedMergeTreeTable() {
    ConnectCluster cluster = CONNECT.cluster();
    String topic = UniqueNames.of("orders");
    cluster.createTopic(topic, 2);
    int n = 400;
    try (BulkProducer producer = new BulkProducer(cluster)) {
      for (int i = 0; i < n; i++) {
        producer.send(topic, i % 2, Integer.toString(i), envelope(ORDER, order(i)));
      }
    }

    String connector = UniqueNames.of("ch-append");
    cluster.deploy(connector, config(CLICKHOUSE, topic));
    cluster.awaitRunning(connector, 1);
    awaitCount(cluster, connector, CLICKHOUSE, topic, quoted(topic), n);

    assertThat(CLICKHOUSE.query("SELECT engine FROM system.tables WHERE database = currentDatabase() AND name = '"
        + topic + "'")).isEqualTo("MergeTree");
    assertThat(columnTypes(topic)).containsExactly(
        "id Int64", "customer String", "amount Decimal(38, 2)", "created DateTime('UTC')", "day Date",
        "paid UInt8", "score Nullable(Float64)", "tags Array(String)",
        "_sf_topic String", "_sf_partition Int32", "_sf_offset Int64");
    List<JsonNode> rows = rows(CLICKHOUSE, "SELECT id, customer, toString(amount) AS amount,"
        + " toUnixTimestamp(created) AS created, toString(day) AS day, paid, score, tags, _sf_partition"
        + " FROM " + quoted(topic) + " ORDER BY id");
    assertThat(rows).hasSize(n);
    for (int i = 0; i < n; i++) {
      Map<String, Object> expected = order(i);
      JsonNode row = rows.get(i);
      assertThat(row.path("id").asLong()).isEqualTo(i);
      assertThat(row.path("customer").asText()).isEqualTo(expected.get("customer"));
      assertThat(row.path("amount").asText()).isEqualTo(expected.get("amount").toString());
      assertThat(row.path("created").asLong()).isEqualTo(1_700_000_000L + i);
      assertThat(row.path("day").asText()).isEqualTo(java.time.LocalDate.ofEpochDay(19_000 + i).toString());
      assertThat(row.path("paid").asInt()).isEqualTo(i % 2 == 0 ? 1 : 0);
      if (expected.get("score") == null) {
        assertThat(row.path("score").isNull()).as("score of %d", i).isTrue();
      } else {
        assertThat(row.path("score").asDouble()).isEqualTo((Double) expected.get("score"));
      }
      assertThat(row.path("tags").toString()).isEqualTo("[\"t" + (i % 3) + "\",\"all\"]");
      assertThat(row.path("_sf_partition").asInt()).isEqualTo(i % 2);
    }
  }

  @Test
  void appendsSchemalessJsonAndAddsColumnsForNewKeys() {
    ConnectCluster cluster = CONNECT.cluster();
    String topic = UniqueNames.of("events");
    cluster.createTopic(topic, 1);
    Map<String, String> config = config(CLICKHOUSE, topic);
    config.put("value.converter.schemas.enable", "false");
    String connector = UniqueNames.of("ch-json");
    cluster.deploy(connector, config);
    cluster.awaitRunning(connector, 1);

    try (BulkProducer producer = new BulkProducer(cluster)) {
      for (int i = 0; i < 100; i++) {
        producer.send(topic, 0, null, "{\"id\":" + i + ",\"kind\":\"click\",\"price\":" + (i + 0.5)
            + ",\"ok\":" + (i % 3 == 0) + ",\"meta\":{\"page\":\"/p/" + i + "\"},\"note\":null}");
      }
      producer.flush();
      awaitCount(cluster, connector, CLICKHOUSE, topic, quoted(topic), 100);
      for (int i = 100; i < 150; i++) {
        producer.send(topic, 0, null, "{\"id\":" + i + ",\"kind\":\"view\",\"referrer\":\"r" + i + "\"}");
      }
    }
    awaitCount(cluster, connector, CLICKHOUSE, topic, quoted(topic), 150);

    // schemaless objects have no field order: new columns come in name order
    assertThat(columnTypes(topic)).containsExactly("id Nullable(Int64)", "kind Nullable(String)",
        "meta Nullable(String)", "ok Nullable(UInt8)", "price Nullable(Float64)",
        "_sf_topic String", "_sf_partition Int32", "_sf_offset Int64", "referrer Nullable(String)");
    List<JsonNode> rows = rows(CLICKHOUSE, "SELECT id, kind, price, ok, meta, referrer FROM " + quoted(topic)
        + " ORDER BY id");
    List<String> actual = new ArrayList<>();
    rows.forEach(r -> actual.add(r.toString()));
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      expected.add("{\"id\":\"" + i + "\",\"kind\":\"click\",\"price\":" + (i + 0.5) + ",\"ok\":" + (i % 3 == 0 ? 1 : 0)
          + ",\"meta\":\"{\\\"page\\\":\\\"/p/" + i + "\\\"}\",\"referrer\":null}");
    }
    for (int i = 100; i < 150; i++) {
      expected.add("{\"id\":\"" + i + "\",\"kind\":\"view\",\"price\":null,\"ok\":null,\"meta\":null,\"referrer\":\"r"
          + i + "\"}");
    }
    assertThat(actual).containsExactlyElementsOf(expected);
  }

  @Test
  void schemaEvolutionMidStreamAddsWidensAndRelaxesColumnsWhileOldProducersKeepWriting() {
    ConnectCluster cluster = CONNECT.cluster();
    String topic = UniqueNames.of("customers");
    cluster.createTopic(topic, 1);
    ObjectNode v1 = struct("shop.Customer", field("id", "int64", false), field("name", "string", false));
    ObjectNode v2 = struct("shop.Customer", field("id", "int64", false), field("name", "string", false),
        field("email", "string", true), field("visits", "int32", true));
    String connector = UniqueNames.of("ch-evolve");
    cluster.deploy(connector, config(CLICKHOUSE, topic));
    cluster.awaitRunning(connector, 1);

    try (BulkProducer producer = new BulkProducer(cluster)) {
      for (int i = 0; i < 100; i++) {
        producer.send(topic, 0, null, envelope(v1, Map.of("id", i, "name", "c" + i)));
      }
      producer.flush();
      awaitCount(cluster, connector, CLICKHOUSE, topic, quoted(topic), 100);
      for (int i = 100; i < 200; i++) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", i);
        row.put("name", "c" + i);
        row.put("email", i % 2 == 0 ? "c" + i + "@example.com" : null);
        row.put("visits", i);
        producer.send(topic, 0, null, envelope(v2, row));
      }
      for (int i = 200; i < 250; i++) { // a producer still on the old schema
        producer.send(topic, 0, null, envelope(v1, Map.of("id", i, "name", "c" + i)));
      }
    }
    awaitCount(cluster, connector, CLICKHOUSE, topic, quoted(topic), 250);

    assertThat(columnTypes(topic)).containsExactly("id Int64", "name String", "_sf_topic String",
        "_sf_partition Int32", "_sf_offset Int64", "email Nullable(String)", "visits Nullable(Int32)");
    List<String> actual = new ArrayList<>();
    rows(CLICKHOUSE, "SELECT id, name, email, visits FROM " + quoted(topic) + " ORDER BY id")
        .forEach(r -> actual.add(r.path("id").asText() + "|" + r.path("name").asText() + "|" + r.path("email").asText()
            + "|" + r.path("visits").asText()));
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < 250; i++) {
      boolean v2Row = i >= 100 && i < 200;
      expected.add(i + "|c" + i + "|" + (v2Row && i % 2 == 0 ? "c" + i + "@example.com" : "null") + "|"
          + (v2Row ? Integer.toString(i) : "null"));
    }
    assertThat(actual).containsExactlyElementsOf(expected);

    // v3: name becomes optional, visits becomes int64: the columns are changed, not duplicated
    ObjectNode v3 = struct("shop.Customer", field("id", "int64", false), field("name", "string", true),
        field("email", "string", true), field("visits", "int64", true));
    try (BulkProducer producer = new BulkProducer(cluster)) {
      for (int i = 250; i < 270; i++) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", i);
        row.put("name", i % 2 == 0 ? null : "c" + i);
        row.put("email", null);
        row.put("visits", 3_000_000_000L + i);
        producer.send(topic, 0, null, envelope(v3, row));
      }
    }
    awaitCount(cluster, connector, CLICKHOUSE, topic, quoted(topic), 270);
    assertThat(columnTypes(topic)).containsExactly("id Int64", "name Nullable(String)", "_sf_topic String",
        "_sf_partition Int32", "_sf_offset Int64", "email Nullable(String)", "visits Nullable(Int64)");
    List<String> v3Rows = new ArrayList<>();
    rows(CLICKHOUSE, "SELECT id, name, visits FROM " + quoted(topic) + " WHERE id >= 248 ORDER BY id")
        .forEach(
            r -> v3Rows.add(r.path("id").asText() + "|" + r.path("name").asText() + "|" + r.path("visits").asText()));
    assertThat(v3Rows).containsExactly("248|c248|null", "249|c249|null", "250|null|3000000250",
        "251|c251|3000000251", "252|null|3000000252", "253|c253|3000000253", "254|null|3000000254",
        "255|c255|3000000255", "256|null|3000000256", "257|c257|3000000257", "258|null|3000000258",
        "259|c259|3000000259", "260|null|3000000260", "261|c261|3000000261", "262|null|3000000262",
        "263|c263|3000000263", "264|null|3000000264", "265|c265|3000000265", "266|null|3000000266",
        "267|c267|3000000267", "268|null|3000000268", "269|c269|3000000269");
  }

  @Test
  void badRecordsGoToTheDeadLetterQueueAndCountsAddUp() {
    ConnectCluster cluster = CONNECT.cluster();
    String topic = UniqueNames.of("payments");
    String dlq = topic + "-dlq";
    cluster.createTopic(topic, 1);
    cluster.createTopic(dlq, 1);
    Map<String, String> config = ClickHouseSinkSupport.withDlq(config(CLICKHOUSE, topic), dlq);
    config.put("value.converter.schemas.enable", "false");
    String connector = UniqueNames.of("ch-dlq");
    cluster.deploy(connector, config);
    cluster.awaitRunning(connector, 1);

    List<String> poison = List.of(
        "{\"id\": not json", // the converter fails
        "{\"id\":\"secret-account-42\",\"amount\":1}", // text for an Int64 column
        "[1,2,3]", // not an object
        "{\"id\":7,\"amount\":\"many\"}", // text for a Float64 column
        "{\"id\":8,\"\":1}"); // a field that cannot be a column
    try (BulkProducer producer = new BulkProducer(cluster)) {
      for (int i = 0; i < 20; i++) {
        producer.send(topic, 0, null, "{\"id\":" + i + ",\"amount\":" + (i * 1.5) + "}");
      }
      producer.flush();
      awaitCount(cluster, connector, CLICKHOUSE, topic, quoted(topic), 20);
      poison.forEach(p -> producer.send(topic, 0, null, p));
      for (int i = 20; i < 40; i++) {
        producer.send(topic, 0, null, "{\"id\":" + i + ",\"amount\":" + (i * 1.5) + "}");
      }
    }
    awaitCount(cluster, connector, CLICKHOUSE, topic, quoted(topic), 40);

    List<io.streamfirst.connect.it.harness.ConsumedRecord> dead = cluster.consume(dlq, poison.size(),
        ClickHouseSinkSupport.WAIT);
    assertThat(dead).extracting(io.streamfirst.connect.it.harness.ConsumedRecord::value)
        .containsExactlyElementsOf(poison);
    assertThat(count(topic) + dead.size()).as("rows + dead letters = records produced").isEqualTo(40 + poison.size());
    assertThat(cluster.status(connector).isRunning(1)).isTrue();
    String reason = dead.get(1).header("__connect.errors.exception.message");
    assertThat(reason).contains(topic + "-0@21").contains("column id").doesNotContain("secret-account-42");
    assertThat(rows(CLICKHOUSE, "SELECT groupArray(id) AS ids FROM (SELECT id FROM " + quoted(topic)
        + " ORDER BY id)").get(0).path("ids").size()).isEqualTo(40);
  }

  @Test
  void oneTaskWritesManyTablesRoutedByAFieldInParallel() {
    ConnectCluster cluster = CONNECT.cluster();
    String topic = UniqueNames.of("mixed");
    cluster.createTopic(topic, 2);
    String prefix = topic.replace('-', '_');
    int tables = 12;
    int perTable = 150;
    try (BulkProducer producer = new BulkProducer(cluster)) {
      for (int i = 0; i < tables * perTable; i++) {
        producer.send(topic, i % 2, null, "{\"kind\":\"" + prefix + "_k" + (i % tables) + "\",\"seq\":" + i + "}");
      }
    }
    Map<String, String> config = config(CLICKHOUSE, topic);
    config.put("value.converter.schemas.enable", "false");
    config.put("table.route.field", "kind");
    config.put("insert.parallelism", "4");
    config.put("batch.max.records", "40");
    String connector = UniqueNames.of("ch-many");
    cluster.deploy(connector, config);
    cluster.awaitRunning(connector, 1);

    for (int t = 0; t < tables; t++) {
      String table = prefix + "_k" + t;
      awaitCount(cluster, connector, CLICKHOUSE, table, quoted(table), perTable);
      List<Long> expected = new ArrayList<>();
      for (int i = t; i < tables * perTable; i += tables) {
        expected.add((long) i);
      }
      List<Long> actual = new ArrayList<>();
      rows(CLICKHOUSE, "SELECT seq FROM " + quoted(table) + " ORDER BY seq")
          .forEach(r -> actual.add(r.path("seq").asLong()));
      assertThat(actual).as("rows of %s", table).containsExactlyElementsOf(expected);
    }
  }

  @Test
  void topicMapAndNameFormatRouteTopicsToTables() {
    ConnectCluster cluster = CONNECT.cluster();
    String mapped = UniqueNames.of("src.a");
    String formatted = UniqueNames.of("src.b");
    cluster.createTopic(mapped, 1);
    cluster.createTopic(formatted, 1);
    String target = mapped.replace('.', '_') + "_target";
    Map<String, String> config = config(CLICKHOUSE, mapped + "," + formatted);
    config.put("value.converter.schemas.enable", "false");
    config.put("table.topic.map", mapped + ":" + target);
    config.put("table.name.format", "raw_${topic}_v1");
    String connector = UniqueNames.of("ch-route");
    cluster.deploy(connector, config);
    cluster.awaitRunning(connector, 1);
    try (BulkProducer producer = new BulkProducer(cluster)) {
      producer.send(mapped, 0, null, "{\"x\":1}");
      producer.send(formatted, 0, null, "{\"x\":2}");
    }
    awaitCount(cluster, connector, CLICKHOUSE, target, quoted(target), 1);
    awaitCount(cluster, connector, CLICKHOUSE, "raw_" + formatted + "_v1", quoted("raw_" + formatted + "_v1"), 1);
  }

  @Test
  void hostileTopicTableAndFieldNamesAreQuotedNeverInjected() {
    ConnectCluster cluster = CONNECT.cluster();
    String sentinel = UniqueNames.of("sentinel").replace('-', '_');
    CLICKHOUSE.execute("CREATE TABLE " + sentinel + " (x Int32) ENGINE = MergeTree ORDER BY x");
    CLICKHOUSE.execute("INSERT INTO " + sentinel + " VALUES (1)");
    String dotted = UniqueNames.of("shop.public.order-items");
    String other = UniqueNames.of("other");
    cluster.createTopic(dotted, 1);
    cluster.createTopic(other, 1);
    String evil = "select`; DROP TABLE " + sentinel + "; -- '\"\\ " + other;
    Map<String, String> config = config(CLICKHOUSE, dotted + "," + other);
    config.put("value.converter.schemas.enable", "false");
    config.put("table.topic.map", other + ":" + evil);
    String connector = UniqueNames.of("ch-hostile");
    cluster.deploy(connector, config);
    cluster.awaitRunning(connector, 1);
    ObjectNode row = ClickHouseSinkSupport.JSON.createObjectNode();
    row.put("from", 1).put("a b", "space").put("we`ird", "tick").put("quote'd", "q")
        .put("x) ENGINE = Log; DROP TABLE " + sentinel + "; --", "inject").put("ünïcödé", "u").put("order", true);
    try (BulkProducer producer = new BulkProducer(cluster)) {
      producer.send(dotted, 0, null, row.toString());
      producer.send(other, 0, null, row.toString());
    }
    awaitCount(cluster, connector, CLICKHOUSE, dotted, quoted(dotted), 1);
    awaitCount(cluster, connector, CLICKHOUSE, evil, quoted(evil), 1);

    for (String table : List.of(dotted, evil)) {
      assertThat(columnTypes(table)).containsExactly("a b Nullable(String)", "from Nullable(Int64)",
          "order Nullable(UInt8)", "quote'd Nullable(String)", "we`ird Nullable(String)",
          "x) ENGINE = Log; DROP TABLE " + sentinel + "; -- Nullable(String)", "ünïcödé Nullable(String)",
          "_sf_topic String", "_sf_partition Int32", "_sf_offset Int64");
      JsonNode stored = rows(CLICKHOUSE, "SELECT * FROM " + quoted(table)).get(0);
      assertThat(stored.path("we`ird").asText()).isEqualTo("tick");
      assertThat(stored.path("ünïcödé").asText()).isEqualTo("u");
      assertThat(stored.path("x) ENGINE = Log; DROP TABLE " + sentinel + "; --").asText()).isEqualTo("inject");
    }
    assertThat(CLICKHOUSE.query("SELECT count() FROM " + sentinel)).as("the sentinel table survived").isEqualTo("1");
  }

  @Test
  void withoutAutoCreateRecordsForAMissingTableGoToTheDlqNamingIt() {
    ConnectCluster cluster = CONNECT.cluster();
    String topic = UniqueNames.of("not-created");
    String dlq = topic + "-dlq";
    cluster.createTopic(topic, 1);
    cluster.createTopic(dlq, 1);
    Map<String, String> config = ClickHouseSinkSupport.withDlq(config(CLICKHOUSE, topic), dlq);
    config.put("value.converter.schemas.enable", "false");
    config.put("table.auto.create.enabled", "false");
    String connector = UniqueNames.of("ch-no-create");
    cluster.deploy(connector, config);
    cluster.awaitRunning(connector, 1);
    try (BulkProducer producer = new BulkProducer(cluster)) {
      for (int i = 0; i < 3; i++) {
        producer.send(topic, 0, null, "{\"id\":" + i + "}");
      }
    }

    List<io.streamfirst.connect.it.harness.ConsumedRecord> dead = cluster.consume(dlq, 3, ClickHouseSinkSupport.WAIT);
    assertThat(dead).hasSize(3);
    assertThat(dead.get(0).header("__connect.errors.exception.message"))
        .contains("Table " + topic + " does not exist").contains("table.auto.create.enabled");
    assertThat(ClickHouseSinkSupport.tableExists(CLICKHOUSE, topic)).isFalse();
    assertThat(cluster.status(connector).isRunning(1)).isTrue();
  }

  @Test
  void tasksReportFreshnessAndRecordCountsAsConnectMetrics() throws Exception {
    ConnectCluster cluster = CONNECT.cluster();
    String topic = UniqueNames.of("metered");
    cluster.createTopic(topic, 1);
    Map<String, String> config = config(CLICKHOUSE, topic);
    config.put("value.converter.schemas.enable", "false");
    String connector = UniqueNames.of("ch-metrics");
    cluster.deploy(connector, config);
    cluster.awaitRunning(connector, 1);
    try (BulkProducer producer = new BulkProducer(cluster)) {
      for (int i = 0; i < 50; i++) {
        producer.send(topic, 0, null, "{\"id\":" + i + "}");
      }
    }
    awaitCount(cluster, connector, CLICKHOUSE, topic, quoted(topic), 50);

    // the workers run in this JVM: their plugin metrics are MBeans tagged with the connector
    javax.management.MBeanServer server = java.lang.management.ManagementFactory.getPlatformMBeanServer();
    org.awaitility.Awaitility.await().atMost(ClickHouseSinkSupport.WAIT).untilAsserted(() -> {
      Map<String, Object> metrics = new java.util.TreeMap<>();
      for (javax.management.ObjectName name : server.queryNames(
          new javax.management.ObjectName("*:connector=" + connector + ",*"), null)) {
        for (javax.management.MBeanAttributeInfo attribute : server.getMBeanInfo(name).getAttributes()) {
          if (attribute.getName().startsWith("records-") || attribute.getName().startsWith("freshness-")
              || attribute.getName().startsWith("batches-")) {
            metrics.put(attribute.getName(), server.getAttribute(name, attribute.getName()));
          }
        }
      }
      assertThat(metrics).as("plugin metrics of %s", connector).containsKeys("records-written-total",
          "freshness-ms-p50", "freshness-ms-p99", "freshness-ms-max", "batches-committed-total");
      assertThat(((Number) metrics.get("records-written-total")).doubleValue()).isEqualTo(50.0);
      assertThat(((Number) metrics.get("records-failed-total")).doubleValue()).isZero();
      assertThat(((Number) metrics.get("batches-committed-total")).doubleValue()).isPositive();
      assertThat(((Number) metrics.get("freshness-ms-max")).doubleValue()).as("record timestamp to visible row")
          .isPositive().isLessThan(ClickHouseSinkSupport.WAIT.toMillis());
    });
  }

  @Test
  void validationNamesTheKeyAndNeverEchoesThePassword() {
    ConnectCluster cluster = CONNECT.cluster();
    Map<String, String> config = config(CLICKHOUSE, "any-topic");
    config.put("clickhouse.password", "wrong-password-123");
    var wrongPassword = cluster.validate(ClickHouseSinkSupport.CONNECTOR_CLASS, config);
    assertThat(wrongPassword.errorsFor("clickhouse.password")).singleElement().asString()
        .contains("rejected user 'default'").doesNotContain("wrong-password-123");

    config = config(CLICKHOUSE, "any-topic");
    config.put("clickhouse.database", "no_such_db");
    assertThat(cluster.validate(ClickHouseSinkSupport.CONNECTOR_CLASS, config).errorsFor("clickhouse.database"))
        .singleElement().asString().contains("no_such_db").contains("does not exist");

    config = config(CLICKHOUSE, "any-topic");
    config.put("batch.max.bytes", "1048576");
    config.put("buffer.max.bytes", "65536");
    assertThat(cluster.validate(ClickHouseSinkSupport.CONNECTOR_CLASS, config).errorsFor("buffer.max.bytes"))
        .singleElement().asString().contains("must be at least batch.max.bytes");

    config = config(CLICKHOUSE, "any-topic");
    config.put("table.topic.map", "orders");
    assertThat(cluster.validate(ClickHouseSinkSupport.CONNECTOR_CLASS, config).errorsFor("table.topic.map"))
        .singleElement().asString().contains("is not topic:table");

    config = config(CLICKHOUSE, "any-topic");
    config.put("clickhouse.port", Integer.toString(io.streamfirst.connect.it.fixtures.Ports.freePorts(1)[0]));
    assertThat(cluster.validate(ClickHouseSinkSupport.CONNECTOR_CLASS, config).errorsFor("clickhouse.host"))
        .singleElement().asString().contains("Cannot reach ClickHouse");

    assertThat(cluster.validate(ClickHouseSinkSupport.CONNECTOR_CLASS, config(CLICKHOUSE, "any-topic")).isValid())
        .isTrue();
  }

  /**
   * A credential in a pass-through setting and the password never reach the worker's log, the REST
   * validation response or a task's error: validated with a setting name the sink refuses and with a
   * value the server refuses (and quotes in its error text), then run with that value until the task fails.
   */
  @Test
  void secretsInSettingsAndThePasswordNeverAppearInLogsValidationResponsesOrTaskErrors() throws Exception {
    ConnectCluster cluster = CONNECT.cluster();
    String secret = "S3cr3t-" + java.util.UUID.randomUUID();
    String topic = UniqueNames.of("secrets");
    cluster.createTopic(topic, 1);
    try (CapturedLogs logs = CapturedLogs.start()) {
      Map<String, String> badName = config(CLICKHOUSE, topic);
      badName.put("clickhouse.settings.not-a-setting", secret);
      String badNameAnswer = validateRaw(cluster, badName);
      assertThat(badNameAnswer).contains("clickhouse.settings.not-a-setting")
          .contains("is not a ClickHouse setting name")
          .doesNotContain(secret);

      Map<String, String> refused = config(CLICKHOUSE, topic);
      refused.put("value.converter.schemas.enable", "false");
      // 18.16 answers "Unknown load balancing mode: '<value>'": the server's text quotes the value
      refused.put("clickhouse.settings.load_balancing", secret);
      String refusedAnswer = validateRaw(cluster, refused);
      assertThat(refusedAnswer).doesNotContain(secret);

      String connector = UniqueNames.of("ch-secret");
      refused.put("clickhouse.validate.connection.enabled", "false");
      cluster.deploy(connector, refused);
      cluster.produce(topic, null, "{\"id\":1}");
      io.streamfirst.connect.it.harness.ConnectorStatus failed = cluster.awaitFailed(connector);
      String trace = failed.failureTraces();
      assertThat(trace).contains("212").doesNotContain(secret);
      cluster.delete(connector);
      assertThat(refusedAnswer).as("validation reports the refused setting by its code")
          .contains("clickhouse.settings.load_balancing").contains("error code 212");

      for (String text : List.of(badNameAnswer, refusedAnswer, trace, logs.text())) {
        assertThat(text).doesNotContain(secret).doesNotContain(CLICKHOUSE.password());
      }
      assertThat(logs.text()).as("the capture works").contains(connector);
    }
  }

  /** PUT .../config/validate, the whole answer as text. */
  static String validateRaw(ConnectCluster cluster, Map<String, String> config) throws Exception {
    Map<String, String> body = new java.util.HashMap<>(config);
    body.put("name", UniqueNames.of("validation"));
    String url = cluster.embedded().endpointForResource("connector-plugins/" + ClickHouseSinkSupport.CONNECTOR_CLASS
        + "/config/validate");
    java.net.http.HttpResponse<String> response = java.net.http.HttpClient.newHttpClient().send(
        java.net.http.HttpRequest.newBuilder(java.net.URI.create(url)).header("Content-Type", "application/json")
            .PUT(java.net.http.HttpRequest.BodyPublishers.ofString(ClickHouseSinkSupport.JSON.writeValueAsString(body)))
            .build(),
        java.net.http.HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as("validate answered: %s", response.body()).isEqualTo(200);
    return response.body();
  }

  static long count(String table) {
    return ClickHouseSinkSupport.count(CLICKHOUSE, quoted(table));
  }

  static List<String> columnTypes(String table) {
    return columnTypes(CLICKHOUSE, table);
  }

  static List<String> columnTypes(ClickHouseFixture clickhouse, String table) {
    List<String> out = new ArrayList<>();
    for (JsonNode c : rows(clickhouse, "SELECT name, type FROM system.columns WHERE database = currentDatabase()"
        + " AND table = " + ClickHouseSinkSupport.literal(table))) {
      out.add(c.path("name").asText() + " " + c.path("type").asText());
    }
    return out;
  }
}
