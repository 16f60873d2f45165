// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.governance;

/**
 * Counters of the worker's contract interceptor for one governed topic: checked = passed + quarantined.
 */
public interface ContractTopicCountersMXBean {

  long getChecked();

  long getPassed();

  long getQuarantined();
}
