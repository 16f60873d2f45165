// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.lineage.rest;

import java.util.Map;

/**
 * What the Connect REST API tells about one connector at one moment: its name, whether it is a source or
 * a sink ({@code SOURCE}, {@code SINK}, {@code UNKNOWN}), its configuration as submitted (placeholders
 * unresolved), and its state: {@code FAILED} when the connector or one of its tasks failed, with that
 * failure's trace; and which worker ({@code host:port}, as the status API says) each task was last assigned to.
 */
public record ConnectorSnapshot(String name, String type, Map<String, String> config, String state, String trace,
    Map<Integer, String> taskWorkers) {

  public ConnectorSnapshot {
    config = Map.copyOf(config);
    taskWorkers = Map.copyOf(taskWorkers);
  }

  /** A connector whose tasks' workers are not known. */
  public ConnectorSnapshot(String name, String type, Map<String, String> config, String state, String trace) {
    this(name, type, config, state, trace, Map.of());
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
