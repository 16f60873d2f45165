// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.quickstart;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class PipelineStatusTest {
  private final PipelineStatus status = new PipelineStatus(null, null, null, null, null);

  @Test
  void aStatusLineShowsRateRowsFreshnessAndWindows() {
    PipelineStatus.Sample sample = new PipelineStatus.Sample(35, 19.84, rows(List.of(41L), List.of(88L)), 1100,
        2400, 3, 2, true);

    assertThat(status.render(sample)).isEqualTo("[  35 s]  19.8 changes/s | rows postgres: customers 41"
        + "  orders 88 | freshness p50 1.1 s p99 2.4 s | windows 3 | quarantined 2");
  }

  @Test
  void inSyncOnlyWhenTheGeneratorStoppedAndEveryCountIsEqual() {
    PipelineStatus.Sample catchingUp = new PipelineStatus.Sample(60, 0, rows(List.of(41L, 41L), List.of(88L, 86L)),
        -1, -1, 0, 0, false);
    PipelineStatus.Sample equal = new PipelineStatus.Sample(65, 0, rows(List.of(41L, 41L), List.of(88L, 88L)), -1,
        -1, 0, 0, false);
    PipelineStatus.Sample equalWhileRunning = new PipelineStatus.Sample(65, 5, equal.rows(), -1, -1, 0, 0, true);

    assertThat(catchingUp.inSync()).isFalse();
    assertThat(status.render(catchingUp)).contains("freshness p50 - p99 -").endsWith("generator stopped, catching up");
    assertThat(equal.inSync()).isTrue();
    assertThat(status.render(equal)).contains("customers 41/41  orders 88/88").endsWith("generator stopped, in sync");
    assertThat(equalWhileRunning.inSync()).isFalse();
    assertThat(status.render(equalWhileRunning)).doesNotContain("in sync");
  }

  @Test
  void aSinkTableNotCreatedYetShowsADash() {
    PipelineStatus.Sample sample = new PipelineStatus.Sample(5, 0, rows(List.of(41L, -1L), List.of(88L, -1L)), -1,
        -1, 0, 0, true);

    assertThat(status.render(sample)).contains("customers 41/-  orders 88/-");
    assertThat(sample.countsEqual()).isFalse();
  }

  private static Map<String, List<Long>> rows(List<Long> customers, List<Long> orders) {
    Map<String, List<Long>> rows = new LinkedHashMap<>();
    rows.put("customers", customers);
    rows.put("orders", orders);
    return rows;
  }
}
