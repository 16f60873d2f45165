// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.lineage.rest;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import javax.management.AttributeList;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the per-table freshness the sink tasks of this worker's JVM publish as MBeans named
 * {@code streamfirst.freshness:type=sink-table,connector=<name>,task=<n>,table=<table>} and combines the
 * tasks of each table ({@link TableFreshness}).
 */
final class JmxFreshness {

  private static final Logger LOG = LoggerFactory.getLogger(JmxFreshness.class);
  static final String DOMAIN = "streamfirst.freshness";
  private static final String[] ATTRIBUTES = {"CommittedThroughMs", "FreshnessP50Ms", "FreshnessP99Ms", "SlaMs",
      "SlaState"};

  private final MBeanServer server;

  JmxFreshness(MBeanServer server) {
    this.server = server;
  }

  /** Per connector, per table: the combined freshness of every task in this JVM. */
  Map<String, Map<String, TableFreshness>> read() {
    return combine(tasks());
  }

  /** Per connector, per table: the tasks' values combined ({@link TableFreshness#plus}). */
  static Map<String, Map<String, TableFreshness>> combine(List<TaskFreshness> tasks) {
    Map<String, Map<String, TableFreshness>> out = new TreeMap<>();
    for (TaskFreshness task : tasks) {
      out.computeIfAbsent(task.connector(), c -> new TreeMap<>()).compute(task.table(),
          (t, combined) -> task.addTo(combined == null ? TableFreshness.NONE : combined));
    }
    return out;
  }

  /** Every sink task's table in this JVM, as published, by connector, task and table. */
  List<TaskFreshness> tasks() {
    List<TaskFreshness> out = new ArrayList<>();
    Set<ObjectName> names;
    try {
      names = server.queryNames(new ObjectName(DOMAIN + ":type=sink-table,*"), null);
    } catch (JMException e) {
      LOG.debug("Reading the freshness MBeans failed: {}", e.toString());
      return out;
    }
    for (ObjectName name : names) {
      String connector = unquote(name.getKeyProperty("connector"));
      String table = unquote(name.getKeyProperty("table"));
      int task;
      try {
        task = Integer.parseInt(unquote(name.getKeyProperty("task")));
      } catch (NumberFormatException | NullPointerException e) {
        continue;
      }
      if (connector == null || table == null) {
        continue;
      }
      Map<String, Object> values = new LinkedHashMap<>();
      try {
        AttributeList list = server.getAttributes(name, ATTRIBUTES);
        list.asList().forEach(a -> values.put(a.getName(), a.getValue()));
      } catch (JMException e) {
        continue; // unregistered meanwhile
      }
      out.add(new TaskFreshness(connector, task, table, number(values.get("CommittedThroughMs")),
          number(values.get("FreshnessP50Ms")), number(values.get("FreshnessP99Ms")), number(values.get("SlaMs")),
          values.get("SlaState") == null ? "NONE" : values.get("SlaState").toString()));
    }
    out.sort(Comparator.comparing(TaskFreshness::connector).thenComparing(TaskFreshness::task)
        .thenComparing(TaskFreshness::table));
    return out;
  }

  /**
   * This worker's id ({@code host:port} of its REST listener, as task statuses name it) when exactly one Connect
   * worker runs in this JVM (Connect registers {@code kafka.connect:type=app-info,id=<worker id>}); else null.
   */
  String workerId() {
    try {
      Set<ObjectName> names = server.queryNames(new ObjectName("kafka.connect:type=app-info,*"), null);
      return names.size() == 1 ? unquote(names.iterator().next().getKeyProperty("id")) : null;
    } catch (JMException e) {
      return null;
    }
  }

  private static long number(Object value) {
    return value instanceof Number n ? n.longValue() : -1;
  }

  static String unquote(String value) {
    if (value != null && value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
      return ObjectName.unquote(value);
    }
    return value;
  }
}
