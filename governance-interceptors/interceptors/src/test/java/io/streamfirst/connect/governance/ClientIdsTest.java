// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.governance;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamfirst.connect.governance.ClientIds.ConnectClient;
import io.streamfirst.connect.governance.ClientIds.Role;
import org.junit.jupiter.api.Test;

class ClientIdsTest {

  @Test
  void connectClientIdsNameTheRoleTheConnectorAndTheTask() {
    assertThat(ClientIds.parse("connector-producer-pg-orders-0"))
        .contains(new ConnectClient(Role.SOURCE_TASK, "pg-orders", 0));
    assertThat(ClientIds.parse("connector-producer-files-2-12"))
        .contains(new ConnectClient(Role.SOURCE_TASK, "files-2", 12));
    assertThat(ClientIds.parse("connector-dlq-producer-lake-1"))
        .contains(new ConnectClient(Role.DEAD_LETTER_QUEUE, "lake", 1));
    assertThat(ClientIds.parse("connector-offset-producer-pg-0"))
        .contains(new ConnectClient(Role.OFFSETS, "pg", 0));
    assertThat(ClientIds.parse("connector-consumer-lake-3"))
        .contains(new ConnectClient(Role.SINK_TASK, "lake", 3));
  }

  @Test
  void otherClientIdsAreNotConnectClients() {
    assertThat(ClientIds.parse(null)).isEmpty();
    assertThat(ClientIds.parse("producer-1")).isEmpty();
    assertThat(ClientIds.parse("connect-cluster-offsets")).isEmpty();
    assertThat(ClientIds.parse("connector-producer-")).isEmpty();
    assertThat(ClientIds.parse("connector-producer-name")).isEmpty();
    assertThat(ClientIds.parse("connector-producer-name-99999999999")).isEmpty();
  }
}
