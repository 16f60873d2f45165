// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.governance.contract;

/**
 * A rule a record broke: the rule, the action it asks for and a short reason that never quotes a value.
 */
public record Violation(Rule rule, String reason) {

  /** {@code <rule>: <reason>}, the value of {@code sf.violation}. */
  public String describe() {
    return rule.name() + ": " + reason;
  }
}
