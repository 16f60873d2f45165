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

  static List<String> columnTypes(String table) {
    return columnTypes(CLICKHOUSE, table);
  }

  static List<String> columnTypes(ClickHouseFixture clickhouse, String table) {
    List<String> out = new ArrayList<>();
    for (JsonNode c : rows(clickhouse, "SELECT name, type FROM system.columns WHERE database = currentDatabase()"
        + " AND table = '" + table + "'")) {
      out.add(c.path("name").asText() + " " + c.path("type").asText());
    }
    return out;
  }
}
