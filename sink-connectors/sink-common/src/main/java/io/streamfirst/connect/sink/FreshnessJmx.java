// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.sink;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.StandardMBean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JMX names of a sink task's tables:
 * {@code streamfirst.freshness:type=sink-table,connector=<name>,task=<n>,table=<table>}, a value quoted
 * with {@link ObjectName#quote} when it holds a character JMX does not allow unquoted.
 */
final class FreshnessJmx {

  private static final Logger LOG = LoggerFactory.getLogger(FreshnessJmx.class);
  static final String DOMAIN = "streamfirst.freshness";

  private final String connector;
  private final int task;
  private final List<ObjectName> registered = new ArrayList<>();

  FreshnessJmx(String connector, int task) {
    this.connector = connector;
    this.task = task;
  }

  /** The name of {@code table}'s MBean for this task. */
  static ObjectName name(String connector, int task, String table) throws JMException {
    return new ObjectName(DOMAIN + ":type=sink-table,connector=" + value(connector) + ",task=" + task + ",table="
        + value(table));
  }

  /** {@code text} as an ObjectName value: as is when JMX allows it unquoted, else quoted. */
  static String value(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == ',' || c == '=' || c == ':' || c == '"' || c == '*' || c == '?' || c == '\\' || c == '\n') {
        return ObjectName.quote(text);
      }
    }
    return text.isEmpty() ? ObjectName.quote(text) : text;
  }

  synchronized void register(String table, SinkTableFreshnessMBean bean) {
    MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    try {
      ObjectName name = name(connector, task, table);
      if (server.isRegistered(name)) {
        server.unregisterMBean(name); // a task of the same name that did not stop cleanly
      }
      server.registerMBean(new StandardMBean(bean, SinkTableFreshnessMBean.class), name);
      registered.add(name);
    } catch (JMException e) {
      LOG.warn("Connector {} task {}: the freshness of table {} could not be registered in JMX: {}", connector, task,
          table, e.toString());
    }
  }

  synchronized void unregisterAll() {
    MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    for (ObjectName name : registered) {
      try {
        server.unregisterMBean(name);
      } catch (JMException e) {
        LOG.debug("Unregistering {} failed: {}", name, e.toString());
      }
    }
    registered.clear();
  }
}
