// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.lineage.rest;

import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;

/**
 * Test stand-ins for the MBeans a sink task publishes per table it writes (the freshness contract):
 * {@code streamfirst.freshness:type=sink-table,connector=<name>,task=<n>,table=<table>}.
 */
public final class FreshnessMBeans {

  private FreshnessMBeans() {}

  /** The attributes of one sink table's freshness. */
  public interface TableMBean {
    long getCommittedThroughMs();

    long getFreshnessP50Ms();

    long getFreshnessP99Ms();

    long getSlaMs();

    String getSlaState();
  }

  /** Fixed values. */
  public static final class Table implements TableMBean {
    private final long through;
    private final long p50;
    private final long p99;
    private final long sla;
    private final String state;

    public Table(long through, long p50, long p99, long sla, String state) {
      this.through = through;
      this.p50 = p50;
      this.p99 = p99;
      this.sla = sla;
      this.state = state;
    }

    @Override
    public long getCommittedThroughMs() {
      return through;
    }

    @Override
    public long getFreshnessP50Ms() {
      return p50;
    }

    @Override
    public long getFreshnessP99Ms() {
      return p99;
    }

    @Override
    public long getSlaMs() {
      return sla;
    }

    @Override
    public String getSlaState() {
      return state;
    }
  }

  /** The contract's name, values quoted where ObjectName needs it. */
  public static ObjectName name(String connector, int task, String table) throws MalformedObjectNameException {
    return new ObjectName("streamfirst.freshness:type=sink-table,connector=" + quote(connector) + ",task=" + task
        + ",table=" + quote(table));
  }

  private static String quote(String value) {
    return value.matches("[A-Za-z0-9_.-]+") ? value : ObjectName.quote(value);
  }
}
