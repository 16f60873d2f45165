// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.quickstart;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * The pipeline's connector configurations, as a user would PUT them to {@code /connectors/<name>/config}: each is
 * also written to {@code <data dir>/connectors/<name>.json}, so the printed curl commands can send them again.
 */
final class PipelineConnectors {
  static final String SOURCE = "shop";
  static final String ICEBERG = "lake";
  static final String CLICKHOUSE = "analytics";
  static final String WINDOW = "revenue-per-minute";
  static final String WINDOW_TOPIC = "revenue-per-minute";
  static final String WINDOW_LATE_TOPIC = "revenue-per-minute.late";
  /** What SqlTransform does to customers on the way out of the source: emails masked, their domain kept. */
  static final String MASK_QUERY = "SELECT *, MASK(email) AS email, SPLIT_PART(email, '@', 2) AS email_domain FROM customers";
  static final String WINDOW_QUERY = "SELECT window_start, window_end, COUNT(*) AS orders,"
      + " SUM(total_cents) AS revenue_cents"
      + " FROM TABLE(TUMBLE(TABLE orders, DESCRIPTOR(placed_at), INTERVAL '1' MINUTE))"
      + " WHERE __op = 'c' GROUP BY window_start, window_end EMIT FINAL";

  /** The subject of the orders topic's values (TopicNameStrategy) and its contract: no negative totals. */
  static final String CONTRACT_SUBJECT = topic("orders") + "-value";
  static final String CONTRACT_RULE = "message.total_cents >= 0";

  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private PipelineConnectors() {}

  /** The Kafka topic the source writes a shop table's changes to. */
  static String topic(String table) {
    return SOURCE + ".public." + table;
  }

  static String topics() {
    return ShopDatabase.TABLES.stream().map(PipelineConnectors::topic).collect(Collectors.joining(","));
  }

  /**
   * PostgreSQL CDC of the three shop tables, flat rows, emails of customers masked by SqlTransform, and the data
   * contract of the contracts file enforced by EnforceContract (orders with a negative total go to
   * {@code <topic>.quarantine}).
   */
  static Map<String, String> source(int postgresPort, Path contractsFile) {
    Map<String, String> config = new LinkedHashMap<>();
    config.put("connector.class", "io.streamfirst.connect.cdc.postgres.PostgresCdcSourceConnector");
    config.put("tasks.max", "1");
    config.put("database.hostname", "127.0.0.1");
    config.put("database.port", String.valueOf(postgresPort));
    config.put("database.user", ShopDatabase.USER);
    config.put("database.password", ShopDatabase.PASSWORD);
    config.put("database.dbname", ShopDatabase.DATABASE);
    config.put("table.include.list", ShopDatabase.TABLES.stream().map(table -> "public." + table)
        .collect(Collectors.joining(",")));
    config.put("streamfirst.output.format", "flat");
    config.put("time.precision.mode", "connect");
    config.put("heartbeat.interval.ms", "2000");
    // Debezium waits up to 500 ms (its default) twice: for WAL when the slot had nothing, and for a batch to fill;
    // at a low rate that is most of the source's share of freshness. 100 ms costs a few more wakeups a second.
    config.put("poll.interval.ms", "100");
    config.put("topic.creation.default.replication.factor", "1");
    config.put("topic.creation.default.partitions", "1");
    config.put("transforms", "mask,contract");
    config.put("transforms.mask.type", "io.streamfirst.connect.sql.SqlTransform");
    config.put("transforms.mask.query", MASK_QUERY);
    config.put("transforms.mask.predicate", "customers");
    config.put("transforms.contract.type", "io.streamfirst.connect.governance.EnforceContract");
    config.put("transforms.contract.contracts.file", contractsFile.toString());
    config.put("predicates", "customers");
    config.put("predicates.customers.type", "org.apache.kafka.connect.transforms.predicates.TopicNameMatches");
    config.put("predicates.customers.pattern", topic("customers").replace(".", "\\."));
    return config;
  }

  /** The Iceberg sink, upsert mode, Hadoop catalog in the data directory, one table per shop table. */
  static Map<String, String> iceberg(Path warehouse) {
    Map<String, String> config = new LinkedHashMap<>();
    config.put("connector.class", "io.streamfirst.connect.iceberg.IcebergSinkConnector");
    config.put("tasks.max", "1");
    config.put("topics", topics());
    config.put("iceberg.catalog.type", "hadoop");
    config.put("iceberg.catalog.warehouse", IcebergTables.warehouseUri(warehouse));
    config.put("iceberg.table.map", ShopDatabase.TABLES.stream()
        .map(table -> topic(table) + ":" + IcebergTables.NAMESPACE + "." + table).collect(Collectors.joining(",")));
    config.put("iceberg.mode", "upsert");
    // a commit a second keeps freshness within a few seconds; compaction merges the small files
    config.put("iceberg.commit.interval.ms", "1000");
    deadLetters(config, ICEBERG);
    return config;
  }

  /** The ClickHouse sink in CDC mode: ReplacingMergeTree tables customers, orders, order_lines. */
  static Map<String, String> clickhouse(int httpPort) {
    Map<String, String> config = new LinkedHashMap<>();
    config.put("connector.class", "io.streamfirst.connect.clickhouse.ClickHouseSinkConnector");
    config.put("tasks.max", "1");
    config.put("topics", topics());
    config.put("clickhouse.host", "127.0.0.1");
    config.put("clickhouse.port", String.valueOf(httpPort));
    config.put("clickhouse.database", ClickHouseServer.DATABASE);
    config.put("write.mode", "cdc");
    config.put("batch.max.wait.ms", "250");
    config.put("table.topic.map", ShopDatabase.TABLES.stream().map(table -> topic(table) + ":" + table)
        .collect(Collectors.joining(",")));
    deadLetters(config, CLICKHOUSE);
    return config;
  }

  /** Revenue per minute of new orders, windowed SQL on Kafka Streams. */
  static Map<String, String> window(String bootstrapServers, Path stateDir) {
    Map<String, String> config = new LinkedHashMap<>();
    config.put("connector.class", "io.streamfirst.connect.sql.window.SqlWindowConnector");
    config.put("tasks.max", "1");
    config.put("input.topics", topic("orders"));
    config.put("output.topic", WINDOW_TOPIC);
    config.put("late.topic", WINDOW_LATE_TOPIC);
    config.put("streams.bootstrap.servers", bootstrapServers);
    config.put("streams.state.dir", stateDir.toString());
    config.put("window.grace.ms", "5000");
    config.put("query", WINDOW_QUERY);
    return config;
  }

  private static void deadLetters(Map<String, String> config, String connector) {
    config.put("errors.tolerance", "all");
    config.put("errors.deadletterqueue.topic.name", connector + "-dlq");
    config.put("errors.deadletterqueue.topic.replication.factor", "1");
    config.put("errors.deadletterqueue.context.headers.enable", "true");
  }

  /** The contracts file: the orders' rule, onFailure DLQ (a source connector's DLQ is the quarantine topic). */
  static Path writeContracts(Path dir) throws IOException {
    Files.createDirectories(dir);
    Path file = dir.resolve("contracts.json");
    Map<String, Object> rule = new LinkedHashMap<>();
    rule.put("name", "nonNegativeTotal");
    rule.put("kind", "CONDITION");
    rule.put("type", "CEL");
    rule.put("mode", "WRITEREAD");
    rule.put("expr", CONTRACT_RULE);
    rule.put("onFailure", "DLQ");
    Files.writeString(file, JSON.writeValueAsString(Map.of(CONTRACT_SUBJECT,
        Map.of("ruleSet", Map.of("domainRules", List.of(rule))))));
    return file;
  }

  /** Writes {@code <dir>/<name>.json} and returns its path. */
  static Path write(Path dir, String name, Map<String, String> config) throws IOException {
    Files.createDirectories(dir);
    Path file = dir.resolve(name + ".json");
    Files.writeString(file, JSON.writeValueAsString(config));
    return file;
  }

  /** The names in deployment order, for the ones the settings enable. */
  static List<String> names(boolean iceberg, boolean clickhouse) {
    List<String> names = new java.util.ArrayList<>(List.of(SOURCE));
    if (iceberg) {
      names.add(ICEBERG);
    }
    if (clickhouse) {
      names.add(CLICKHOUSE);
    }
    names.add(WINDOW);
    return names;
  }
}
