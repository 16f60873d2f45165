// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.snowflake.write;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** The channel's date and time text is exactly what {@code java.time} writes, on every path of the writer. */
class IsoTimesTest {

  private static void same(long epochMs) {
    Instant instant = Instant.ofEpochMilli(epochMs);
    assertThat(IsoTimes.date(epochMs)).as("date of %d", epochMs)
        .isEqualTo(instant.atOffset(ZoneOffset.UTC).toLocalDate().toString());
    assertThat(IsoTimes.time(epochMs)).as("time of %d", epochMs)
        .isEqualTo(instant.atOffset(ZoneOffset.UTC).toLocalTime().toString());
    assertThat(IsoTimes.dateTime(epochMs)).as("date-time of %d", epochMs)
        .isEqualTo(LocalDateTime.ofInstant(instant, ZoneOffset.UTC).toString());
  }

  @Test
  void writesWhatJavaTimeWritesForRandomInstants() {
    Random random = new Random(15);
    for (int i = 0; i < 200_000; i++) {
      // years 1 to 9999 and some beyond, whole minutes and seconds as often as fractions
      long ms = random.nextLong() % 253_402_300_800_000L;
      switch (i % 3) {
        case 0 -> ms -= Math.floorMod(ms, 60_000);
        case 1 -> ms -= Math.floorMod(ms, 1000);
        default -> {}
      }
      same(ms);
    }
  }

  @Test
  void writesWhatJavaTimeWritesAtTheEdges() {
    LongStream.of(0, -1, 1, 999, 1000, 59_999, 60_000, 86_399_999, 86_400_000, -86_400_000, -86_400_001,
        -62_167_219_200_000L, -62_167_219_200_001L, -62_198_755_200_000L, 253_402_300_799_999L,
        253_402_300_800_000L, 1_700_000_000_000L, 1_700_000_000_123L, 1_700_000_040_000L, Long.MAX_VALUE / 4,
        Long.MIN_VALUE / 4).forEach(IsoTimesTest::same);
  }
}
