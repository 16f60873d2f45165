// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.governance.contract;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The uncompiled contract of a subject version: the schema (for its field tags), the metadata and the rule set in
 * Confluent's format ({@code {"domainRules": [...]}}).
 *
 * @param version the subject version, -1 when unknown
 */
public record ContractSpec(String subject, int version, String schemaType, String schemaText, JsonNode metadata,
    JsonNode ruleSet) {

  String versionText() {
    return version < 0 ? "(not in the registry)" : Integer.toString(version);
  }

  /** The domain rules that run on {@code side}, in order. */
  List<Rule> rules(Rule.Side side, String where) {
    List<Rule> rules = new ArrayList<>();
    if (ruleSet == null) {
      return rules;
    }
    JsonNode domain = ruleSet.path("domainRules");
    if (!domain.isMissingNode() && !domain.isArray()) {
      throw new ContractException(where + ": ruleSet.domainRules must be an array of rules");
    }
    for (JsonNode node : domain) {
      Rule rule = Rule.parse(node, side, where);
      if (rule != null) {
        rules.add(rule);
      }
    }
    return rules;
  }

  /** Whether there is anything to enforce (domain rules). */
  public boolean hasRules() {
    return ruleSet != null && ruleSet.path("domainRules").size() > 0;
  }
}
