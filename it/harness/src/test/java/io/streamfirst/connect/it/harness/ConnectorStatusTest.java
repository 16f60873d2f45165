// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.it.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamfirst.connect.it.harness.ConnectorStatus.TaskStatus;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConnectorStatusTest {

  @Test
  void runningNeedsTheConnectorAndExactlyTheExpectedTasksRunning() {
    ConnectorStatus twoRunning = status("RUNNING", task(0, "RUNNING"), task(1, "RUNNING"));

    assertThat(twoRunning.isRunning(2)).isTrue();
    assertThat(twoRunning.isRunning(1)).isFalse();
    assertThat(status("RUNNING", task(0, "RUNNING"), task(1, "UNASSIGNED")).isRunning(2)).isFalse();
    assertThat(status("PAUSED", task(0, "RUNNING")).isRunning(1)).isFalse();
  }

  @Test
  void failureTracesNameEachFailedPartAndCarryItsTrace() {
    ConnectorStatus status = new ConnectorStatus("orders", "RUNNING", "w1:1", null, List.of(
        task(0, "RUNNING"), new TaskStatus(1, "FAILED", "w2:2", "DataException: bad record")));

    assertThat(status.hasFailure()).isTrue();
    assertThat(status.failureTraces())
        .contains("task orders-1 FAILED on w2:2", "DataException: bad record")
        .doesNotContain("orders-0");
    assertThat(status.summary()).contains("task 1 FAILED on w2:2");
  }

  @Test
  void unknownTaskIdIsAClearError() {
    assertThatThrownBy(() -> status("RUNNING", task(0, "RUNNING")).task(3))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("has no task 3");
  }

  private static ConnectorStatus status(String state, TaskStatus... tasks) {
    return new ConnectorStatus("orders", state, "w1:1", null, List.of(tasks));
  }

  private static TaskStatus task(int id, String state) {
    return new TaskStatus(id, state, "w1:1", null);
  }
}
