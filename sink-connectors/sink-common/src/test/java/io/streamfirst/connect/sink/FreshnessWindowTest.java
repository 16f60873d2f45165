// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.sink;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FreshnessWindowTest {

  @Test
  void quantilesAndMaxOverTheSamplesInsideTheWindow() {
    FreshnessWindow window = new FreshnessWindow(60_000, 1000);
    for (int i = 1; i <= 100; i++) {
      window.record(100_000 - i * 10L, 100_000); // freshness 10, 20, ..., 1000 ms
    }
    assertThat(window.quantile(0.5, 100_000)).isEqualTo(500);
    assertThat(window.quantile(0.99, 100_000)).isEqualTo(990);
    assertThat(window.max(100_000)).isEqualTo(1000);
  }

  @Test
  void samplesLeaveTheWindowAndUnknownSourceTimesAreIgnored() {
    FreshnessWindow window = new FreshnessWindow(60_000, 1000);
    window.record(0, 5_000);
    window.record(-1, 70_000);
    assertThat(window.max(60_000)).isEqualTo(5_000);
    assertThat(window.max(65_001)).isNaN();
  }

  @Test
  void memoryIsBoundedByTheCapacityAndKeepsTheNewestSamples() {
    FreshnessWindow window = new FreshnessWindow(60_000, 4);
    for (int i = 0; i < 10; i++) {
      window.record(1_000 - i, 1_000); // freshness 0..9
    }
    assertThat(window.max(1_000)).isEqualTo(9);
    assertThat(window.quantile(0.0, 1_000)).isEqualTo(6);
  }
}
