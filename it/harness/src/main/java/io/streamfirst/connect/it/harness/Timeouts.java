// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.it.harness;

import java.time.Duration;

/**
 * Default waiting times of the harness. A slow machine may stretch all of them with
 * {@code -Dstreamfirst.it.timeout.factor=2}.
 */
public final class Timeouts {

  /** System property that multiplies every default timeout of the harness. */
  public static final String FACTOR_PROPERTY = "streamfirst.it.timeout.factor";

  private Timeouts() {}

  /** How long the harness waits by default for records, states and workers: 60 s times the factor. */
  public static Duration defaultWait() {
    return scaled(Duration.ofSeconds(60));
  }

  /** How long the harness waits for a cluster to start: 120 s times the factor. */
  public static Duration startup() {
    return scaled(Duration.ofSeconds(120));
  }

  /** Returns {@code base} multiplied by the factor from {@value #FACTOR_PROPERTY}. */
  public static Duration scaled(Duration base) {
    String raw = System.getProperty(FACTOR_PROPERTY, "1");
    double factor;
    try {
      factor = Double.parseDouble(raw);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "System property " + FACTOR_PROPERTY + " must be a number, e.g. 2, but was '" + raw + "'", e);
    }
    if (factor <= 0) {
      throw new IllegalArgumentException(
          "System property " + FACTOR_PROPERTY + " must be positive, but was " + raw);
    }
    return Duration.ofMillis(Math.round(base.toMillis() * factor));
  }
}
