// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.iceberg.write;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The key index's primitive table against a map that keeps the same entries in touch order. */
class LongKeySlotsTest {

  @Test
  void randomPutsGetsRemovesAndEvictionsAgreeWithAnAccessOrderedMap() {
    LongKeySlots slots = new LongKeySlots();
    LinkedHashMap<Long, Long> model = new LinkedHashMap<>(16, 0.75f, true);
    Random random = new Random(42);
    for (int step = 0; step < 200_000; step++) {
      // few distinct keys and negative ones: long probe runs, collisions and wrap-around at the table's end
      long key = random.nextInt(4) == 0 ? -random.nextInt(500) : random.nextInt(3_000) * 1024L;
      int op = random.nextInt(100);
      if (op < 45) {
        long value = random.nextInt(1 << 20);
        Long before = model.put(key, value);
        assertThat(slots.put(key, value)).isEqualTo(before == null ? LongKeySlots.ABSENT : before);
      } else if (op < 75) {
        Long expected = model.get(key);
        assertThat(slots.get(key)).isEqualTo(expected == null ? LongKeySlots.ABSENT : expected);
      } else if (op < 97) {
        Long expected = model.remove(key);
        assertThat(slots.remove(key)).isEqualTo(expected == null ? LongKeySlots.ABSENT : expected);
      } else if (op < 99) {
        int count = random.nextInt(model.size() / 4 + 1);
        List<Long> eldest = new ArrayList<>(model.keySet()).subList(0, Math.min(count, model.size()));
        List<Long> evicted = new ArrayList<>();
        List<Long> expectedValues = new ArrayList<>();
        for (Long k : new ArrayList<>(eldest)) {
          expectedValues.add(model.remove(k));
        }
        slots.evictEldest(count, evicted::add);
        assertThat(evicted).containsExactlyInAnyOrderElementsOf(expectedValues);
      } else {
        long bit = 1L << random.nextInt(20);
        Set<Long> expected = new HashSet<>();
        model.entrySet().removeIf(e -> {
          boolean doomed = (e.getValue() & bit) != 0;
          if (doomed) {
            expected.add(e.getValue());
          }
          return doomed;
        });
        Set<Long> removed = new HashSet<>();
        slots.removeIf(v -> (v & bit) != 0, removed::add);
        assertThat(removed).isEqualTo(expected);
      }
      assertThat(slots.size()).isEqualTo(model.size());
    }
    for (Map.Entry<Long, Long> e : new ArrayList<>(model.entrySet())) {
      assertThat(slots.get(e.getKey())).isEqualTo(e.getValue());
    }
    slots.clear();
    assertThat(slots.size()).isZero();
    assertThat(slots.get(0)).isEqualTo(LongKeySlots.ABSENT);
  }
}
