// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.governance;

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
 * Records the worker's contract interceptor checked, passed and quarantined for one governed topic, summed over
 * the worker's producers: JMX {@code io.streamfirst.connect.governance:type=contract-interceptor,topic=<topic>}.
 */
public final class ContractTopicCounters implements ContractTopicCountersMXBean {

  private static final Logger LOG = LoggerFactory.getLogger(ContractTopicCounters.class);
  private static final Map<String, ContractTopicCounters> BY_TOPIC = new ConcurrentHashMap<>();

  private final LongAdder passed = new LongAdder();
  private final LongAdder quarantined = new LongAdder();

  private ContractTopicCounters() {}

  static ContractTopicCounters of(String topic) {
    return BY_TOPIC.computeIfAbsent(topic, ContractTopicCounters::register);
  }

  private static ContractTopicCounters register(String topic) {
    ContractTopicCounters counters = new ContractTopicCounters();
    try {
      ObjectName name = new ObjectName("io.streamfirst.connect.governance:type=contract-interceptor,topic="
          + ObjectName.quote(topic));
      MBeanServer server = ManagementFactory.getPlatformMBeanServer();
      if (!server.isRegistered(name)) {
        server.registerMBean(counters, name);
      }
    } catch (JMException e) {
      LOG.warn("Contract interceptor metrics of topic '{}' are not in JMX: {}", topic, e.toString());
    }
    return counters;
  }

  void passed() {
    passed.increment();
  }

  void quarantined() {
    quarantined.increment();
  }

  @Override
  public long getChecked() {
    return passed.sum() + quarantined.sum();
  }

  @Override
  public long getPassed() {
    return passed.sum();
  }

  @Override
  public long getQuarantined() {
    return quarantined.sum();
  }
}
