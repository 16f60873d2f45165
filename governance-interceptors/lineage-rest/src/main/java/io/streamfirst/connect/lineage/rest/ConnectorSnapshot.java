// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.lineage.rest;

import java.util.Map;

/**
 * What the Connect REST API tells about one connector at one moment: its name, whether it is a source or
 * a sink ({@code SOURCE}, {@code SINK}, {@code UNKNOWN}), its configuration as submitted (placeholders
 * unresolved), and its state: {@code FAILED} when the connector or one of its tasks failed, with that
 * failure's trace.
 */
public record ConnectorSnapshot(String name, String type, Map<String, String> config, String state, String trace) {

  public ConnectorSnapshot {
    config = Map.copyOf(config);
  }

  /** The connector's class as configured, or an empty string. */
  public String connectorClass() {
    return config.getOrDefault("connector.class", "").trim();
  }

  public boolean failed() {
    return "FAILED".equals(state);
  }

  /** SOURCE or SINK; an UNKNOWN type (a connector that could not be created) is a sink when it names topics. */
  public boolean isSink() {
    if ("SINK".equals(type)) {
      return true;
    }
    if ("SOURCE".equals(type)) {
      return false;
    }
    return config.containsKey("topics") || config.containsKey("topics.regex");
  }
}
