// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.benchmarks.window;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.util.List;
import org.apache.kafka.connect.data.Schema;
import org.junit.jupiter.api.Test;

class WindowRunTest {

  /**
   * The missing-results report groups by the connector's repartition partition, computed from the group key the
   * benchmark builds itself: it must be the key SqlWindowConnector's input statement writes.
   */
  @Test
  void groupKeyIsTheConnectorsGroupKeyOfTheCustomer() throws Exception {
    Class<?> typedValue = Class.forName("io.streamfirst.connect.sql.window.TypedValue");
    Method of = typedValue.getDeclaredMethod("of", Schema.class, Object.class);
    of.setAccessible(true);
    Method groupKey = Class.forName("io.streamfirst.connect.sql.window.InputRow").getDeclaredMethod("groupKey",
        List.class);
    groupKey.setAccessible(true);
    for (String customer : List.of("c00000", "c01234", "flush-07", "é")) {
      byte[] connectors = (byte[]) groupKey.invoke(null, List.of(of.invoke(null, Schema.OPTIONAL_STRING_SCHEMA,
          customer)));
      assertThat(WindowRun.groupKey(customer)).as(customer).isEqualTo(connectors);
    }
  }

  @Test
  void missingWindowsAreCountedPerWindowStartOfTheExpectedSet() {
    WindowEvents events = new WindowEvents(1_000, 10, 600, 1L);
    events.generate(1, (partition, value) -> {});
    assertThat(events.expected.cardinality()).isEqualTo(events.expectedWindows);
    int first = events.expected.nextSetBit(0);
    assertThat(events.windowStartOf(first) % WindowEvents.WINDOW_MS).isZero();
    assertThat(events.windowStartOf(first)).isLessThanOrEqualTo(WindowEvents.BASE_MS);
  }
}
