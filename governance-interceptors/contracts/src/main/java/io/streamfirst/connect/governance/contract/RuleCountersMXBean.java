// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.governance.contract;

/**
 * Counters of one contract rule of one subject, summed over the tasks of a worker: JMX
 * {@code io.streamfirst.connect.governance:type=contract-rule,subject=<subject>,rule=<rule>}. The rule
 * {@code *} counts records: checked = passed + violated.
 */
public interface RuleCountersMXBean {

  long getChecked();

  long getPassed();

  long getViolated();
}
