// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.lineage;

import java.util.List;
import java.util.Locale;

/**
 * A dataset as OpenLineage names it: a namespace that says where the data lives and a name unique in
 * it. The factories follow OpenLineage's naming conventions for each system.
 */
public record DatasetId(String namespace, String name) {

  /** A PostgreSQL table: {@code postgres://host:port} and {@code database.schema.table}. */
  public static DatasetId postgres(String host, int port, String database, String schema, String table) {
    return new DatasetId("postgres://" + host.toLowerCase(Locale.ROOT) + ":" + port,
        database + "." + schema + "." + table);
  }

  /** A MySQL or MariaDB table: {@code mysql://host:port} and {@code database.table}. */
  public static DatasetId mysql(String host, int port, String database, String table) {
    return new DatasetId("mysql://" + host.toLowerCase(Locale.ROOT) + ":" + port, database + "." + table);
  }

  /**
   * A Kafka topic: {@code kafka://host:port} of the first bootstrap server (without a listener
   * protocol) and the topic.
   */
  public static DatasetId kafka(List<String> bootstrapServers, String topic) {
    String first = bootstrapServers.get(0).trim();
    int protocol = first.indexOf("://");
    if (protocol >= 0) {
      first = first.substring(protocol + 3);
    }
    return new DatasetId("kafka://" + first.toLowerCase(Locale.ROOT), topic);
  }

  /**
   * An Iceberg table: the catalog's warehouse location (without a trailing slash) and
   * {@code namespace.table}.
   */
  public static DatasetId iceberg(String warehouseLocation, String namespace, String table) {
    String location = warehouseLocation;
    while (location.length() > 1 && location.endsWith("/")) {
      location = location.substring(0, location.length() - 1);
    }
    return new DatasetId(location, namespace.isEmpty() ? table : namespace + "." + table);
  }

  /** A ClickHouse table: {@code clickhouse://host:port} and {@code database.table}. */
  public static DatasetId clickhouse(String host, int port, String database, String table) {
    return new DatasetId("clickhouse://" + host.toLowerCase(Locale.ROOT) + ":" + port, database + "." + table);
  }
}
