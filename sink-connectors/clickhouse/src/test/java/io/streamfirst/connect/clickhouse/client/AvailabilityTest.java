// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.clickhouse.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.function.Supplier;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.connect.errors.ConnectException;
import org.junit.jupiter.api.Test;

/** An outage fails the task only once it lasted longer than the limit; any success ends it. */
class AvailabilityTest {

  /** A clock the test moves by hand. */
  static final class ManualTime implements Time {
    long now = 1_000_000L;

    @Override
    public long milliseconds() {
      return now;
    }

    @Override
    public long nanoseconds() {
      return now * 1_000_000L;
    }

    @Override
    public void sleep(long ms) {
      now += ms;
    }

    @Override
    public void waitObject(Object obj, Supplier<Boolean> condition, long deadlineMs) {
      now = Math.max(now, deadlineMs);
    }
  }

  private static final ClickHouseError REFUSED = ClickHouseError
      .of(new java.net.ConnectException("Connection refused"));

  @Test
  void anOutageFailsOnlyAfterTheLimitAndSaysWhatAndForHowLong() {
    ManualTime time = new ManualTime();
    Availability availability = new Availability("http://db.internal:8123", 10_000, time);
    assertThat(availability.down()).isFalse();

    assertThat(availability.failed(REFUSED)).isNull();
    assertThat(availability.down()).isTrue();
    time.sleep(9_999);
    assertThat(availability.failed(REFUSED)).isNull();
    assertThat(availability.describe()).contains("http://db.internal:8123").contains("9 s")
        .contains("Connection refused").contains("clickhouse.unavailable.max.ms");
    time.sleep(1);
    ConnectException fatal = availability.failed(REFUSED);

    assertThat(fatal).isNotNull();
    assertThat(fatal.getMessage()).contains("ClickHouse at http://db.internal:8123 has been unreachable or failing"
        + " for 10 s, longer than clickhouse.unavailable.max.ms (10000 ms)").contains("Connection refused")
        .contains("restart the task");
  }

  @Test
  void aSuccessEndsTheOutage() {
    ManualTime time = new ManualTime();
    Availability availability = new Availability("http://db:8123", 10_000, time);
    availability.failed(REFUSED);
    time.sleep(9_000);
    availability.reachable();
    assertThat(availability.down()).isFalse();
    time.sleep(9_000);
    assertThat(availability.failed(REFUSED)).as("a new outage starts its own clock").isNull();
  }

  @Test
  void zeroFailsAtTheFirstTransientError() {
    Availability availability = new Availability("http://db:8123", 0, new ManualTime());
    assertThat(availability.failed(REFUSED)).isNotNull();
  }
}
