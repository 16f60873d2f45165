// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.snowflake.write;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** A channel row behaves as a map without null values: what a consumer (the SDK, the fake) reads is the row. */
class ColumnRowTest {

  @Test
  void behavesAsAMapWithoutNullValues() {
    String[] plan = {"A", "B", "C", "D"};
    Random random = new Random(15);
    for (int round = 0; round < 500; round++) {
      ColumnRow row = new ColumnRow(plan);
      Map<String, Object> model = new LinkedHashMap<>();
      for (int op = 0; op < 30; op++) {
        String name = random.nextInt(4) == 0 ? "X" + random.nextInt(3) : plan[random.nextInt(plan.length)];
        Object value = random.nextInt(5) == 0 ? null : random.nextInt(100);
        switch (random.nextInt(4)) {
          case 0 -> {
            Object old = row.remove(name);
            assertThat(old).isEqualTo(model.remove(name));
          }
          case 1 -> {
            Iterator<Map.Entry<String, Object>> it = row.entrySet().iterator();
            if (it.hasNext()) {
              model.remove(it.next().getKey());
              it.remove();
            }
          }
          default -> {
            Object old = row.put(name, value);
            assertThat(old).isEqualTo(value == null ? model.remove(name) : model.put(name, value));
          }
        }
        assertThat(row).isEqualTo(model);
        assertThat(row).hasSameSizeAs(model);
        assertThat(new LinkedHashMap<>(row)).isEqualTo(model);
        assertThat(row.hashCode()).isEqualTo(model.hashCode());
        assertThat(row.containsKey(name)).isEqualTo(model.containsKey(name));
        assertThat(row.get(name)).isEqualTo(model.get(name));
      }
    }
  }

  @Test
  void slotsAreFilledInPlanOrderAndSharedNamesAreNeverChanged() {
    String[] plan = {"ID", "NAME", "_SF_OP"};
    ColumnRow row = new ColumnRow(plan);
    row.set(2, "u");
    row.set(0, 7L);
    assertThat(row.keySet()).containsExactly("ID", "_SF_OP");
    row.put("EXTRA", "x");
    assertThat(row.keySet()).containsExactly("ID", "_SF_OP", "EXTRA");
    assertThat(plan).containsExactly("ID", "NAME", "_SF_OP");
    assertThat(new ColumnRow(plan)).isEmpty();
  }
}
