// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.governance;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TraceParentsTest {

  @Test
  void createdValuesAreValidW3cTraceparentsAndDistinct() {
    SplittableRandom random = new SplittableRandom(7);
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 1_000; i++) {
      String value = TraceParents.create(random);
      assertThat(value).hasSize(55).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-01");
      assertThat(TraceParents.isValid(value)).isTrue();
      seen.add(value);
    }
    assertThat(seen).hasSize(1_000);
  }

  @Test
  void invalidValuesAreRecognised() {
    assertThat(TraceParents.isValid("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01")).isTrue();
    assertThat(TraceParents.isValid(null)).isFalse();
    assertThat(TraceParents.isValid("01-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01")).isFalse();
    assertThat(TraceParents.isValid("00-0AF7651916CD43DD8448EB211C80319C-b7ad6b7169203331-01")).isFalse();
    assertThat(TraceParents.isValid("00-0af7651916cd43dd8448eb211c80319c-0000000000000000-01")).isFalse();
    assertThat(TraceParents.isValid("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331")).isFalse();
  }
}
