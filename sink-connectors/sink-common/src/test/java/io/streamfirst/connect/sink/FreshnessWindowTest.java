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

  @Test
  void aCommitRecordedAtOnceKeepsWhatRecordingEachRowKeeps() {
    java.util.Random random = new java.util.Random(3);
    for (int rows : new int[]{0, 1, 3, 4, 5, 9, 100}) {
      long[] times = new long[rows + 2];
      for (int i = 0; i < times.length; i++) {
        times[i] = random.nextInt(5) == 0 ? -1 : 1_000 - random.nextInt(1_000); // some unknown
      }
      FreshnessWindow eachRow = new FreshnessWindow(60_000, 4);
      FreshnessWindow atOnce = new FreshnessWindow(60_000, 4);
      eachRow.record(500, 900); // an earlier commit, partly overwritten
      atOnce.record(500, 900);
      for (int i = 0; i < rows; i++) { // the last two entries lie past the count
        eachRow.record(times[i], 1_000);
      }
      atOnce.record(times, rows, 1_000);
      for (double q : new double[]{0.0, 0.25, 0.5, 0.75, 0.99, 1.0}) {
        assertThat(atOnce.quantile(q, 1_000)).as("quantile %s of %s rows", q, rows)
            .isEqualTo(eachRow.quantile(q, 1_000));
      }
      assertThat(atOnce.max(1_000)).isEqualTo(eachRow.max(1_000));
    }
  }
}
