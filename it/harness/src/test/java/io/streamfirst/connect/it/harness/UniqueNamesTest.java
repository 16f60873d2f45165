// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.it.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class UniqueNamesTest {

  @Test
  void namesAreUniqueAndLegalTopicNames() {
    Set<String> names = new HashSet<>();
    for (int i = 0; i < 1000; i++) {
      names.add(UniqueNames.of("orders"));
    }

    assertThat(names).hasSize(1000).allMatch(n -> n.matches("orders-[a-z0-9]+-[0-9]+"));
  }

  @Test
  void prefixWithIllegalCharactersIsRejected() {
    assertThatThrownBy(() -> UniqueNames.of("orders/eu"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("orders/eu");
  }
}
