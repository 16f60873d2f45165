// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.lineage.rest;

import io.streamfirst.connect.lineage.DatasetId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * What one connector reads and writes, as far as its configuration says: the source tables or files it
 * reads, the topics it reads and writes, the tables or files it writes. Known per connector class for
 * the systems Streamfirst names (PostgreSQL and MySQL/MariaDB CDC, Streamfirst's and Debezium's; the
 * windowed SQL connector; the ClickHouse sink; Kafka's file connectors); for any other connector, the
 * topics of {@code topics}/{@code topics.regex} (sinks) or {@code topic}/{@code kafka.topic} (sources).
 *
 * @param sourceTables what a source reads (PostgreSQL/MySQL tables, a file)
 * @param inputTopics topics read (a sink's, a windowed query's)
 * @param outputTopics topics written (a source's, a windowed query's results)
 * @param lateTopics topics a windowed query writes its late records to
 * @param tables tables or files a sink writes that its configuration names
 * @param topicsRegex a sink's {@code topics.regex}, or null
 * @param complete false when the connector's class is not one whose datasets are known from its configuration
 */
record ConnectorDatasets(List<DatasetId> sourceTables, List<String> inputTopics, List<String> outputTopics,
    List<String> lateTopics, List<DatasetId> tables, String topicsRegex, boolean complete) {

  static final String SQL_WINDOW = "io.streamfirst.connect.sql.window.SqlWindowConnector";
  static final String FILE_SOURCE = "org.apache.kafka.connect.file.FileStreamSourceConnector";
  static final String FILE_SINK = "org.apache.kafka.connect.file.FileStreamSinkConnector";
  static final String CLICKHOUSE = "io.streamfirst.connect.clickhouse.ClickHouseSinkConnector";
  private static final Set<String> POSTGRES = Set.of("io.streamfirst.connect.cdc.postgres.PostgresCdcSourceConnector",
      "io.debezium.connector.postgresql.PostgresConnector");
  private static final Set<String> MYSQL = Set.of("io.streamfirst.connect.cdc.mysql.MySqlCdcSourceConnector",
      "io.debezium.connector.mysql.MySqlConnector", "io.debezium.connector.mariadb.MariaDbConnector");
  /** A table list entry that is a plain name, not a regular expression. */
  private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_$]+(\\.[A-Za-z0-9_$]+)*");

  /** The datasets of {@code connector}; {@code knownTopics} are matched against a sink's topics.regex. */
  static ConnectorDatasets of(ConnectorSnapshot connector, Collection<String> knownTopics) {
    Map<String, String> config = connector.config();
    String type = connector.connectorClass();
    if (SQL_WINDOW.equals(type)) {
      String output = get(config, "output.topic");
      String late = get(config, "late.topic");
      if (late.isEmpty() && !output.isEmpty()) {
        late = output + ".late";
      }
      return new ConnectorDatasets(List.of(), list(config, "input.topics"), output.isEmpty()
          ? List.of()
          : List.of(output), late.isEmpty() ? List.of() : List.of(late), List.of(), null, true);
    }
    if (connector.isSink()) {
      return sink(connector, knownTopics);
    }
    if (POSTGRES.contains(type) || MYSQL.contains(type)) {
      return cdc(connector, POSTGRES.contains(type));
    }
    if (FILE_SOURCE.equals(type)) {
      String file = get(config, "file");
      return new ConnectorDatasets(file.isEmpty() ? List.of() : List.of(new DatasetId("file", file)), List.of(),
          list(config, "topic"), List.of(), List.of(), null, true);
    }
    List<String> topics = new ArrayList<>(list(config, "topic"));
    topics.addAll(list(config, "kafka.topic"));
    return new ConnectorDatasets(List.of(), List.of(), List.copyOf(new TreeSet<>(topics)), List.of(), List.of(), null,
        false);
  }

  private static ConnectorDatasets sink(ConnectorSnapshot connector, Collection<String> knownTopics) {
    Map<String, String> config = connector.config();
    Set<String> topics = new TreeSet<>(list(config, "topics"));
    String regex = get(config, "topics.regex");
    if (!regex.isEmpty()) {
      try {
        Pattern pattern = Pattern.compile(regex);
        knownTopics.stream().filter(t -> pattern.matcher(t).matches()).forEach(topics::add);
      } catch (PatternSyntaxException e) {
        // Connect rejects the connector; nothing is read
      }
    }
    List<DatasetId> tables = new ArrayList<>();
    boolean complete = false;
    String type = connector.connectorClass();
    if (FILE_SINK.equals(type)) {
      String file = get(config, "file");
      if (!file.isEmpty()) {
        tables.add(new DatasetId("file", file));
      }
      complete = true;
    } else if (CLICKHOUSE.equals(type)) {
      complete = true;
      String host = get(config, "clickhouse.host");
      String port = get(config, "clickhouse.port");
      String database = get(config, "clickhouse.database");
      Map<String, String> map = new LinkedHashMap<>();
      for (String pair : list(config, "table.topic.map")) {
        int colon = pair.indexOf(':');
        if (colon > 0) {
          map.put(pair.substring(0, colon).trim(), pair.substring(colon + 1).trim());
        }
      }
      String format = config.getOrDefault("table.name.format", "${topic}");
      if (get(config, "table.route.field").isEmpty() && !host.isEmpty()) {
        for (String topic : topics) {
          String table = map.getOrDefault(topic, format.replace("${topic}", topic));
          tables.add(DatasetId.clickhouse(host, port.isEmpty() ? 8123 : parse(port, 8123),
              database.isEmpty() ? "default" : database, table));
        }
      }
    }
    return new ConnectorDatasets(List.of(), List.copyOf(topics), List.of(), List.of(), List.copyOf(tables),
        regex.isEmpty() ? null : regex, complete);
  }

  private static ConnectorDatasets cdc(ConnectorSnapshot connector, boolean postgres) {
    Map<String, String> config = connector.config();
    String host = get(config, "database.hostname");
    int port = parse(get(config, "database.port"), postgres ? 5432 : 3306);
    String database = get(config, "database.dbname");
    String prefix = get(config, "topic.prefix");
    if (prefix.isEmpty()) {
      prefix = connector.name().replaceAll("[^a-zA-Z0-9._-]", "_");
    }
    List<DatasetId> tables = new ArrayList<>();
    List<String> topics = new ArrayList<>();
    for (String entry : list(config, "table.include.list")) {
      if (!PLAIN.matcher(entry).matches() || host.isEmpty()) {
        continue; // a regular expression: which tables it selects is known to the database only
      }
      String[] parts = entry.split("\\.");
      if (postgres && parts.length == 2 && !database.isEmpty()) {
        tables.add(DatasetId.postgres(host, port, database, parts[0], parts[1]));
      } else if (!postgres && parts.length == 2) {
        tables.add(DatasetId.mysql(host, port, parts[0], parts[1]));
      } else {
        continue;
      }
      topics.add(prefix + "." + entry);
    }
    return new ConnectorDatasets(List.copyOf(tables), List.of(), List.copyOf(topics), List.of(), List.of(), null,
        true);
  }

  private static String get(Map<String, String> config, String key) {
    String value = config.get(key);
    return value == null ? "" : value.trim();
  }

  private static List<String> list(Map<String, String> config, String key) {
    List<String> out = new ArrayList<>();
    for (String item : get(config, key).split(",")) {
      if (!item.isBlank()) {
        out.add(item.trim());
      }
    }
    return out;
  }

  private static int parse(String value, int fallback) {
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      return fallback;
    }
  }
}
