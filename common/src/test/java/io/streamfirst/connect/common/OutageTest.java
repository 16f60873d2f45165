// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.common;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OutageTest {

  private final ManualClock clock = new ManualClock(1_000_000);

  @Test
  void anOutageIsOverTheLimitOnceItHasLastedMaxMs() {
    Outage outage = new Outage(clock::millis, 10_000);

    assertThat(outage.failed()).isFalse();
    clock.advance(9_999);
    assertThat(outage.failed()).isFalse();
    assertThat(outage.downMs()).isEqualTo(9_999);
    clock.advance(1);
    assertThat(outage.failed()).isTrue();
    assertThat(outage.sinceMs()).isEqualTo(1_000_000);
    assertThat(outage.failures()).isEqualTo(3);
  }

  @Test
  void aSuccessEndsTheOutageAndTheNextOneCountsFromItsOwnFirstFailure() {
    Outage outage = new Outage(clock::millis, 10_000);
    outage.failed();
    clock.advance(8_000);
    outage.over();

    assertThat(outage.ongoing()).isFalse();
    assertThat(outage.downMs()).isZero();
    assertThat(outage.sinceMs()).isEqualTo(-1);
    clock.advance(5_000);
    assertThat(outage.failed()).isFalse(); // 13 s after the first failure, but a new outage
    assertThat(outage.failures()).isEqualTo(1);
    assertThat(outage.sinceMs()).isEqualTo(1_013_000);
  }

  @Test
  void aFailureFirstSeenEarlierMovesTheStartBackButNeverIntoTheFuture() {
    Outage outage = new Outage(clock::millis, 10_000);
    outage.failed();

    assertThat(outage.failed(clock.millis() - 12_000)).isTrue();
    assertThat(outage.sinceMs()).isEqualTo(988_000);

    Outage other = new Outage(clock::millis, 10_000);
    other.failed(clock.millis() + 5_000);
    assertThat(other.sinceMs()).isEqualTo(clock.millis());
  }

  @Test
  void aLimitOfZeroFailsAtTheFirstFailure() {
    assertThat(new Outage(clock::millis, 0).failed()).isTrue();
    assertThat(new Outage(clock::millis, -5).failed()).isTrue();
  }

  @Test
  void backoffDoublesFromTheFirstPauseUpToTheCap() {
    Outage outage = new Outage(clock::millis, 600_000);
    assertThat(outage.backoffMs(1_000, 8_000)).as("no failure yet").isEqualTo(1_000);
    long[] expected = {1_000, 2_000, 4_000, 8_000, 8_000};
    for (long pause : expected) {
      outage.failed();
      assertThat(outage.backoffMs(1_000, 8_000)).isEqualTo(pause);
    }
    for (int i = 0; i < 100; i++) {
      outage.failed();
    }
    assertThat(outage.backoffMs(1_000, Long.MAX_VALUE)).as("the shift is bounded").isEqualTo(1_000L << 20);
  }
}
