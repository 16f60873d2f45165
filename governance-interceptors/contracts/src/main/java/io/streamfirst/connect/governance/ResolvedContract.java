// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.governance;

import io.streamfirst.connect.governance.contract.Contract;
import io.streamfirst.connect.governance.contract.ContractMetrics;
import io.streamfirst.connect.governance.contract.Violation;
import java.util.List;

/**
 * A subject's compiled contract (null: nothing to enforce), until when it is reused (epoch ms), and its counters
 * looked up once instead of for every record.
 */
record ResolvedContract(Contract contract, long until, List<String> rules, ContractMetrics.Counters[] counters,
    ContractMetrics.Counters records) {

  static ResolvedContract of(String subject, Contract contract, long until) {
    if (contract == null) {
      return new ResolvedContract(null, until, List.of(), new ContractMetrics.Counters[0], null);
    }
    List<String> rules = List.copyOf(contract.ruleNames());
    ContractMetrics.Counters[] counters = new ContractMetrics.Counters[rules.size()];
    for (int i = 0; i < counters.length; i++) {
      counters[i] = ContractMetrics.of(subject, rules.get(i));
    }
    return new ResolvedContract(contract, until, rules, counters,
        ContractMetrics.of(subject, ContractMetrics.RECORDS));
  }

  ResolvedContract until(long newUntil) {
    return new ResolvedContract(contract, newUntil, rules, counters, records);
  }

  /** Counts a checked record: per rule passed or violated, and the record. */
  void count(List<Violation> violations) {
    for (int i = 0; i < counters.length; i++) {
      boolean broke = false;
      for (Violation v : violations) {
        broke |= v.rule().name().equals(rules.get(i));
      }
      if (broke) {
        counters[i].violated();
      } else {
        counters[i].passed();
      }
    }
    if (violations.isEmpty()) {
      records.passed();
    } else {
      records.violated();
    }
  }
}
