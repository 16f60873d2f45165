// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.lineage.rest;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Freshness of a table over the tasks that write it, from the sinks' MBeans. */
class JmxFreshnessTest {

  private final MBeanServer server = ManagementFactory.getPlatformMBeanServer();
  private final List<ObjectName> registered = new ArrayList<>();

  @AfterEach
  void unregister() throws Exception {
    for (ObjectName name : registered) {
      server.unregisterMBean(name);
    }
  }

  void register(String connector, int task, String table, long through, long p50, long p99, long sla, String state)
      throws Exception {
    ObjectName name = FreshnessMBeans.name(connector, task, table);
    server.registerMBean(new FreshnessMBeans.Table(through, p50, p99, sla, state), name);
    registered.add(name);
  }

  @Test
  void aTableIsCompleteUpToItsSlowestTaskAndBreachedWhenAnyTaskIs() throws Exception {
    register("jmx-orders, \"quoted\"", 0, "db.orders", 5_000, 10, 100, 2_000, "OK");
    register("jmx-orders, \"quoted\"", 1, "db.orders", 4_000, 20, 300, 2_000, "BREACHED");
    register("jmx-orders, \"quoted\"", 0, "db.items", 7_000, 5, 50, -1, "NONE");
    register("jmx-other", 0, "t", -1, -1, -1, -1, "NONE");
    register("jmx-other", 1, "t", 3_000, 1, 2, -1, "NONE");

    Map<String, Map<String, TableFreshness>> read = new JmxFreshness(server).read();

    assertThat(read.get("jmx-orders, \"quoted\"")).containsExactlyInAnyOrderEntriesOf(Map.of(
        "db.orders", new TableFreshness(4_000, 20, 300, 2_000, "BREACHED", 2),
        "db.items", new TableFreshness(7_000, 5, 50, -1, "NONE", 1)));
    assertThat(read.get("jmx-other"))
        .containsExactlyEntriesOf(Map.of("t", new TableFreshness(-1, 1, 2, -1, "NONE", 2)));
  }
}
