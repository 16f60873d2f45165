// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.governance.contract;

import java.lang.management.ManagementFactory;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records checked, passed and violated per rule and subject, in JMX ({@link RuleCountersMXBean}), shared by every
 * task of the worker. The pseudo-rule {@value #RECORDS} counts records.
 */
public final class ContractMetrics {

  public static final String RECORDS = "*";
  public static final String UNCHECKED = "*unchecked";
  static final String DOMAIN = "io.streamfirst.connect.governance";
  private static final Logger LOG = LoggerFactory.getLogger(ContractMetrics.class);
  private static final Map<String, Counters> COUNTERS = new ConcurrentHashMap<>();

  private ContractMetrics() {}

  /** The counters of a rule of a subject (registered in JMX on first use). */
  public static Counters of(String subject, String rule) {
    return COUNTERS.computeIfAbsent(subject + '\u0000' + rule, k -> register(subject, rule));
  }

  private static Counters register(String subject, String rule) {
    Counters counters = new Counters();
    try {
      ObjectName name = new ObjectName(DOMAIN + ":type=contract-rule,subject=" + ObjectName.quote(subject) + ",rule="
          + ObjectName.quote(rule));
      MBeanServer server = ManagementFactory.getPlatformMBeanServer();
      if (!server.isRegistered(name)) {
        server.registerMBean(counters, name);
      }
    } catch (JMException e) {
      LOG.warn("Contract metrics of subject '{}' rule '{}' are not in JMX: {}", subject, rule, e.toString());
    }
    return counters;
  }

  /** One rule's counters. */
  public static final class Counters implements RuleCountersMXBean {
    private final LongAdder passed = new LongAdder();
    private final LongAdder violated = new LongAdder();

    public void passed() {
      passed.increment();
    }

    public void violated() {
      violated.increment();
    }

    @Override
    public long getChecked() {
      return passed.sum() + violated.sum();
    }

    @Override
    public long getPassed() {
      return passed.sum();
    }

    @Override
    public long getViolated() {
      return violated.sum();
    }
  }
}
