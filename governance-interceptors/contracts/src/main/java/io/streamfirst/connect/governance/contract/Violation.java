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

  /** The strongest action among the broken rules: ERROR over DLQ over NONE. */
  public static Rule.Action strongest(java.util.List<Violation> violations) {
    Rule.Action strongest = Rule.Action.NONE;
    for (Violation v : violations) {
      if (v.rule().onFailure() == Rule.Action.ERROR) {
        return Rule.Action.ERROR;
      }
      if (v.rule().onFailure() == Rule.Action.DLQ) {
        strongest = Rule.Action.DLQ;
      }
    }
    return strongest;
  }
}
