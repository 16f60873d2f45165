// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.clickhouse.write;

import io.streamfirst.connect.clickhouse.ClickHouseSinkConfig;
import io.streamfirst.connect.sink.ChangeView;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;

/** Which table a record goes to: a field's value, a static topic map, or the name format. */
public final class TableRouter {

  /** ClickHouse stores a table as a directory; its name must stay within file name limits. */
  static final int MAX_TABLE_NAME_BYTES = 200;

  private final String format;
  private final Map<String, String> topicToTable;
  private final String routeField;
  /** The allowed {@code database.table} names, or null when unrestricted. */
  private final java.util.regex.Pattern allowed;
  private final String database;
  /** Table per topic when routing by topic (the same answer every time; saves work per record). */
  private final Map<String, String> byTopic = new java.util.HashMap<>();

  public TableRouter(ClickHouseSinkConfig config) {
    this(config.tableNameFormat(), config.topicToTable(), config.routeField(), config.database(),
        config.routeAllowed());
  }

  TableRouter(String format, Map<String, String> topicToTable, String routeField, String database,
      java.util.regex.Pattern allowed) {
    this.format = format;
    this.topicToTable = topicToTable;
    this.routeField = routeField;
    this.database = database;
    this.allowed = allowed;
  }

  public String route(ChangeView change) {
    String table;
    if (!routeField.isEmpty()) {
      Object value = read(change.row(), routeField);
      if (value == null) {
        value = read(change.key(), routeField);
      }
      if (!(value instanceof String s) || s.isBlank()) {
        throw new DataException("Record at " + change.coordinates() + " has no text value in field '" + routeField
            + "' (" + ClickHouseSinkConfig.TABLE_ROUTE_FIELD + ") to route it to a table");
      }
      table = s;
    } else {
      String topic = change.record().topic();
      String cached = byTopic.get(topic);
      if (cached != null) {
        return cached;
      }
      table = topicToTable.getOrDefault(topic, format.replace(ClickHouseSinkConfig.TOPIC_PLACEHOLDER, topic));
      byTopic.put(topic, check(change, table));
      return table;
    }
    return check(change, table);
  }

  /**
   * Refuses a table outside {@value ClickHouseSinkConfig#TABLE_ROUTE_ALLOWED_REGEX}. The message names
   * the record and the key, not the table: a routed name is record content.
   */
  private String check(ChangeView change, String table) {
    if (allowed != null && !allowed.matcher(database + "." + table).matches()) {
      throw new DataException("Record at " + change.coordinates() + " is routed to a table that "
          + ClickHouseSinkConfig.TABLE_ROUTE_ALLOWED_REGEX + " does not allow (" + (routeField.isEmpty()
              ? "routed by topic"
              : "named by field '" + routeField + "'")
          + "; without that key, routing by field"
          + " allows only plain names in the connector's database). Change "
          + ClickHouseSinkConfig.TABLE_ROUTE_ALLOWED_REGEX + " to allow it, or fix the record's producer");
    }
    return checkName(change, table);
  }

  private static String checkName(ChangeView change, String table) {
    int bytes = table.getBytes(StandardCharsets.UTF_8).length;
    if (bytes > MAX_TABLE_NAME_BYTES || table.indexOf('\0') >= 0) {
      throw new DataException("Record at " + change.coordinates() + " routes to a table name that is too long ("
          + bytes + " bytes, at most " + MAX_TABLE_NAME_BYTES + ") or contains a NUL character; map the topic in "
          + ClickHouseSinkConfig.TABLE_TOPIC_MAP);
    }
    return table;
  }

  private static Object read(Object container, String field) {
    if (container instanceof Struct struct) {
      return struct.schema().field(field) == null ? null : struct.get(field);
    }
    if (container instanceof Map<?, ?> map) {
      return map.get(field);
    }
    return null;
  }
}
