// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.benchmarks;

import java.util.Map;

/**
 * The sink benchmarks' {@code observability} parameter: {@code on} turns per-table freshness (with an SLA) and
 * OpenLineage (through the log transport) on in a sink's configuration, {@code off} turns both off.
 */
public final class Observability {

  private Observability() {}

  /** Puts the settings of {@code observability} ({@code on} or {@code off}) into {@code config}. */
  public static void configure(Map<String, String> config, String observability) {
    boolean on = "on".equals(observability);
    config.put("freshness.enabled", Boolean.toString(on));
    config.put("openlineage.enabled", Boolean.toString(on));
    if (on) {
      config.put("freshness.sla.ms", "60000");
      config.put("openlineage.transport", "log");
      config.put("openlineage.dataset.kafka.bootstrap.servers", "127.0.0.1:9092");
    }
  }
}
