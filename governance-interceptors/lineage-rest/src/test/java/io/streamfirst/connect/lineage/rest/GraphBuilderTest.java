// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.lineage.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamfirst.connect.lineage.rest.LineageGraph.Column;
import io.streamfirst.connect.lineage.rest.LineageGraph.Edge;
import io.streamfirst.connect.lineage.rest.LineageGraph.Node;
import io.streamfirst.connect.lineage.rest.LineageGraph.Source;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.junit.jupiter.api.Test;

/** The graph of a cluster's connectors: exact nodes and edges, column lineage, nothing secret. */
class GraphBuilderTest {

  private static final String KAFKA = "kafka://broker1:9092";
  private final GraphBuilder builder = new GraphBuilder(List.of("broker1:9092", "broker2:9092"), "connect",
      GraphBuilder.ColumnLineage.NONE);

  static ConnectorSnapshot connector(String name, String type, String... keyValues) {
    Map<String, String> config = new LinkedHashMap<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      config.put(keyValues[i], keyValues[i + 1]);
    }
    config.put("name", name);
    return new ConnectorSnapshot(name, type, config, "RUNNING", null);
  }

  private static List<String> ids(LineageGraph graph) {
    return graph.nodes().stream().map(n -> n.kind() + " " + n.id()).toList();
  }

  private static List<String> edges(LineageGraph graph) {
    return graph.edges().stream().map(e -> e.from() + " -> " + e.to() + (e.kind() == null ? "" : " (" + e.kind() + ")"))
        .toList();
  }

  @Test
  void aThirdPartySinkWithTopicsRegexReadsEveryKnownTopicItMatches() {
    LineageGraph graph = builder.build(List.of(
        connector("lines", "SOURCE", "connector.class", ConnectorDatasets.FILE_SOURCE, "file", "/data/in.txt",
            "topic", "orders-a"),
        connector("archive", "SINK", "connector.class", ConnectorDatasets.FILE_SINK, "file", "/data/out.txt",
            "topics.regex", "orders-.*"),
        connector("other", "SINK", "connector.class", "com.example.ElasticSink", "topics", "orders-b,audit")),
        List.of(), Map.of(), 1_000);

    assertThat(ids(graph)).containsExactly(
        "sink connector:archive",
        "topic topic:" + KAFKA + "/orders-a",
        "topic topic:" + KAFKA + "/orders-b",
        "table table:file//data/out.txt",
        "source connector:lines",
        "source-table source-table:file//data/in.txt",
        "sink connector:other",
        "topic topic:" + KAFKA + "/audit");
    assertThat(edges(graph)).containsExactly(
        "topic:" + KAFKA + "/orders-a -> connector:archive",
        "topic:" + KAFKA + "/orders-b -> connector:archive",
        "connector:archive -> table:file//data/out.txt",
        "source-table:file//data/in.txt -> connector:lines",
        "connector:lines -> topic:" + KAFKA + "/orders-a",
        "topic:" + KAFKA + "/audit -> connector:other",
        "topic:" + KAFKA + "/orders-b -> connector:other");
    Node archive = graph.nodes().get(0);
    assertThat(archive.className()).isEqualTo(ConnectorDatasets.FILE_SINK);
    assertThat(archive.namespace()).isEqualTo("connect");
    assertThat(archive.state()).isEqualTo("RUNNING");
  }

  @Test
  void transformChainsRunInOrderBetweenTopicsAndConnectors() {
    LineageGraph graph = builder.build(List.of(
        connector("pg", "SOURCE", "connector.class", "io.debezium.connector.postgresql.PostgresConnector",
            "database.hostname", "DB.example", "database.port", "5433", "database.dbname", "shop",
            "table.include.list", "public.orders,public\\.cust.*", "topic.prefix", "shop",
            "transforms", "unwrap, route", "transforms.unwrap.type", "io.debezium.transforms.ExtractNewRecordState",
            "transforms.route.type", "org.apache.kafka.connect.transforms.RegexRouter"),
        connector("ch", "SINK", "connector.class", ConnectorDatasets.CLICKHOUSE, "topics", "shop.public.orders",
            "clickhouse.host", "ch.example", "clickhouse.database", "analytics",
            "table.topic.map", "shop.public.orders:orders", "transforms", "flatten",
            "transforms.flatten.type", "org.apache.kafka.connect.transforms.Flatten$Value")),
        List.of(), Map.of(), 1_000);

    assertThat(edges(graph)).containsExactly(
        "topic:" + KAFKA + "/shop.public.orders -> transform:ch/flatten",
        "transform:ch/flatten -> connector:ch",
        "connector:ch -> table:clickhouse://ch.example:8123/analytics.orders",
        "source-table:postgres://db.example:5433/shop.public.orders -> connector:pg",
        "connector:pg -> transform:pg/unwrap",
        "transform:pg/unwrap -> transform:pg/route",
        "transform:pg/route -> topic:" + KAFKA + "/shop.public.orders");
    Node route = graph.nodes().stream().filter(n -> n.id().equals("transform:pg/route")).findFirst().orElseThrow();
    assertThat(route).isEqualTo(new Node("transform:pg/route", Node.TRANSFORM, "route", "connect", "pg/route", "pg",
        "org.apache.kafka.connect.transforms.RegexRouter", null, null, null, null));
  }

  @Test
  void aWindowedQueryReadsItsInputTopicsAndWritesResultsAndLateRecords() {
    LineageGraph graph = builder.build(List.of(connector("per-minute", "SOURCE", "connector.class",
        ConnectorDatasets.SQL_WINDOW, "input.topics", "clicks", "output.topic", "clicks-per-minute")),
        List.of(), Map.of(), 1_000);

    assertThat(edges(graph)).containsExactly(
        "topic:" + KAFKA + "/clicks -> connector:per-minute",
        "connector:per-minute -> topic:" + KAFKA + "/clicks-per-minute",
        "connector:per-minute -> topic:" + KAFKA + "/clicks-per-minute.late (late)");
    assertThat(graph.nodes().get(0).kind()).isEqualTo(Node.WINDOW);
  }

  @Test
  void aSinkSqlTransformCarriesTheColumnLineageOfItsStatement() {
    Schema value = SchemaBuilder.struct().name("order").field("id", Schema.INT64_SCHEMA)
        .field("status", Schema.STRING_SCHEMA).field("amount", Schema.INT64_SCHEMA).build();
    ColumnLineageSource source = new ColumnLineageSource(getClass().getClassLoader(),
        (connector, topic) -> topic.equals("orders") ? new Schema[]{value, null} : null);
    GraphBuilder withColumns = new GraphBuilder(List.of("broker1:9092"), "connect", source);

    LineageGraph graph = withColumns.build(List.of(connector("ch", "SINK", "connector.class", "com.example.Sink",
        "topics", "orders", "transforms", "clean", "transforms.clean.type", ColumnLineageSource.SQL_TRANSFORM,
        "transforms.clean.query", "SELECT id AS order_id, UPPER(status) AS status, amount * 100 AS amount_cents,"
            + " CASE WHEN amount > 10 THEN 'big' ELSE 'small' END AS size FROM orders WHERE status <> 'test'")),
        List.of(), Map.of(), 1_000);

    Node clean = graph.nodes().stream().filter(n -> n.id().equals("transform:ch/clean")).findFirst().orElseThrow();
    assertThat(clean.columns()).containsExactly(
        new Column("order_id", "BIGINT NOT NULL", List.of(new Source("orders", "id", "IDENTITY"))),
        new Column("status", "VARCHAR CHARACTER SET \"UTF-8\" NOT NULL",
            List.of(new Source("orders", "status", "TRANSFORMATION"))),
        new Column("amount_cents", "BIGINT NOT NULL", List.of(new Source("orders", "amount", "TRANSFORMATION"))),
        new Column("size", "VARCHAR(5) CHARACTER SET \"UTF-8\" NOT NULL",
            List.of(new Source("orders", "amount", "CONDITIONAL"))));
    assertThat(clean.filter()).containsExactly("status");
  }

  @Test
  void secretsAndOtherConfigurationValuesNeverAppearInTheGraph() throws Exception {
    LineageGraph graph = builder.build(List.of(
        connector("pg", "SOURCE", "connector.class", "io.debezium.connector.postgresql.PostgresConnector",
            "database.hostname", "db", "database.dbname", "shop", "table.include.list", "public.orders",
            "database.user", "replicator-user-x1", "database.password", "pg-Secret-123",
            "transforms", "mask", "transforms.mask.type", "org.apache.kafka.connect.transforms.MaskField$Value",
            "transforms.mask.replacement", "replacement-value-x2"),
        connector("ch", "SINK", "connector.class", ConnectorDatasets.CLICKHOUSE, "topics", "pg.public.orders",
            "clickhouse.host", "ch", "clickhouse.password", "ch-Secret-456",
            "clickhouse.ssl.truststore.password", "trust-Secret-789",
            "openlineage.http.auth.token", "ol-Token-000")),
        List.of(), Map.of(), 1_000);

    String json = new ObjectMapper().writeValueAsString(graph);
    assertThat(json).doesNotContain("pg-Secret-123", "ch-Secret-456", "trust-Secret-789", "ol-Token-000",
        "replicator-user-x1", "replacement-value-x2", "password", "token");
    assertThat(json).contains("connector:pg", "pg.public.orders", "clickhouse://ch:8123/default.pg.public.orders");
  }

  @Test
  void sinkTablesCarryTheirFreshnessAndTablesOnlyKnownFromFreshnessAreAdded() {
    Map<String, Map<String, TableFreshness>> freshness = Map.of("ice", Map.of(
        "db.orders", new TableFreshness(9_000, 40, 700, 5_000, "BREACHED", 2)));
    LineageGraph graph = builder.build(List.of(connector("ice", "SINK", "connector.class",
        "io.streamfirst.connect.iceberg.IcebergSinkConnector", "topics", "orders")), List.of(), freshness, 10_000);

    Node table = graph.nodes().get(graph.nodes().size() - 1);
    assertThat(table.id()).isEqualTo("table:connector://ice/db.orders");
    assertThat(table.connector()).isEqualTo("ice");
    assertThat(table.freshness()).isEqualTo(new LineageGraph.Freshness(9_000, "1970-01-01T00:00:09Z", 1_000, 40,
        700, 5_000, "BREACHED"));
    assertThat(graph.edges()).contains(new Edge("connector:ice", "table:connector://ice/db.orders", null));
  }
}
