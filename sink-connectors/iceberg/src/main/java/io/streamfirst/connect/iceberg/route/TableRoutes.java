// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.iceberg.route;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;

/** Decides the table of a record: route field, then the static topic map, then the name template. */
public final class TableRoutes {

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_$-]+(\\.[A-Za-z0-9_$-]+)*");
  private static final Pattern UNSAFE = Pattern.compile("[^A-Za-z0-9_]");
  private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_]+");

  private final String template;
  private final Map<String, String> topicMap;
  private final String[] routeField;
  private final String defaultNamespace;
  /** Tables a route field may name (full match over {@code namespace.table}); null: the default rule. */
  private final Pattern allowed;
  private final Map<String, TableIdentifier> byTopic = new java.util.HashMap<>();

  public TableRoutes(String template, Map<String, String> topicMap, String routeField, String defaultNamespace) {
    this(template, topicMap, routeField, defaultNamespace, null);
  }

  /**
   * @param allowed the tables {@code routeField} may name, matched against the whole qualified name; null:
   *     plain names ({@code [A-Za-z0-9_]+}) in the default namespace or in the namespace the record's topic
   *     routes to by the map or the template
   */
  public TableRoutes(String template, Map<String, String> topicMap, String routeField, String defaultNamespace,
      Pattern allowed) {
    this.template = template;
    this.topicMap = Map.copyOf(topicMap);
    this.routeField = routeField == null || routeField.isEmpty() ? null : routeField.split("\\.");
    this.defaultNamespace = defaultNamespace;
    this.allowed = allowed;
  }

  /** Parses {@code topic:table} pairs; a malformed pair is a {@link ConfigException} naming {@code key}. */
  public static Map<String, String> parseMap(List<String> entries, String key) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String entry : entries == null ? List.<String>of() : entries) {
      String text = entry.trim();
      if (text.isEmpty()) {
        continue;
      }
      int colon = text.indexOf(':');
      if (colon <= 0 || colon == text.length() - 1) {
        throw new ConfigException(key, String.join(",", entries),
            "'" + text + "' is not a 'topic:table' pair, e.g. orders:lake.orders");
      }
      String topic = text.substring(0, colon).trim();
      String table = text.substring(colon + 1).trim();
      checkName(table, key);
      if (out.put(topic, table) != null) {
        throw new ConfigException(key, String.join(",", entries), "topic '" + topic + "' is mapped twice");
      }
    }
    return out;
  }

  /** Checks a {@code [namespace.]table} name. */
  public static void checkName(String name, String key) {
    if (!NAME.matcher(name).matches()) {
      throw new ConfigException(key, name, "'" + name + "' is not a table name: use letters, digits, '_', '-'"
          + " and dots between namespace levels");
    }
  }

  /** True when the table depends only on the topic (so a task can find it before any record arrives). */
  public boolean topicOnly() {
    return routeField == null;
  }

  /** The table for records of {@code topic} when {@link #topicOnly()}. */
  public TableIdentifier forTopic(String topic) {
    return byTopic.computeIfAbsent(topic, t -> {
      String mapped = topicMap.get(t);
      return identifier(mapped != null ? mapped : template.replace("${topic}", UNSAFE.matcher(t).replaceAll("_")));
    });
  }

  /** The table for one row (a {@link Struct} or a {@code Map}). */
  public TableIdentifier route(String topic, Object row, String coordinates) {
    if (routeField == null) {
      return forTopic(topic);
    }
    Object value = row;
    for (String part : routeField) {
      if (value instanceof Struct struct) {
        Field field = struct.schema().field(part);
        value = field == null ? null : struct.get(field);
      } else if (value instanceof Map<?, ?> map) {
        value = map.get(part);
      } else {
        value = null;
      }
    }
    if (!(value instanceof String name) || name.isEmpty()) {
      throw new DataException("Record " + coordinates + " has no string value in the route field '"
          + String.join(".", routeField) + "': set the field, or route by topic");
    }
    if (!NAME.matcher(name).matches()) {
      throw new DataException("Record " + coordinates + ": the route field '" + String.join(".", routeField)
          + "' does not hold a valid table name (letters, digits, '_', '-', dots between namespace levels)");
    }
    TableIdentifier id = identifier(name);
    if (!allowed(id, topic)) {
      // The value is record data and may be anything: the message names the record and the setting only.
      throw new DataException("Record " + coordinates + " is routed by '" + String.join(".", routeField)
          + "' to a table outside the tables it may name (" + allowedDescription(topic) + "): fix the record, or"
          + " widen iceberg.table.route.allowed.regex to allow the table");
    }
    return id;
  }

  private boolean allowed(TableIdentifier id, String topic) {
    if (allowed != null) {
      return allowed.matcher(id.toString()).matches();
    }
    if (!PLAIN.matcher(id.name()).matches()) {
      return false;
    }
    return id.namespace().equals(defaultNamespace()) || id.namespace().equals(forTopic(topic).namespace());
  }

  private String allowedDescription(String topic) {
    if (allowed != null) {
      return "iceberg.table.route.allowed.regex";
    }
    Namespace topicNamespace = forTopic(topic).namespace();
    String namespaces = topicNamespace.equals(defaultNamespace())
        ? "'" + defaultNamespace + "'"
        : "'" + defaultNamespace + "' or '" + topicNamespace + "'";
    return "by default plain names of letters, digits and '_' in namespace " + namespaces;
  }

  private Namespace defaultNamespace() {
    return Namespace.of(defaultNamespace.split("\\."));
  }

  private TableIdentifier identifier(String name) {
    int dot = name.lastIndexOf('.');
    if (dot < 0) {
      return TableIdentifier.of(Namespace.of(defaultNamespace.split("\\.")), name);
    }
    return TableIdentifier.of(Namespace.of(name.substring(0, dot).split("\\.")), name.substring(dot + 1));
  }
}
