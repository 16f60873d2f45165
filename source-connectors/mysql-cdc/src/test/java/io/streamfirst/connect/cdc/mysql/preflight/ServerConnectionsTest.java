// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.cdc.mysql.preflight;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import org.junit.jupiter.api.Test;

class ServerConnectionsTest {

  private static final ServerConnections.Target TARGET = new ServerConnections.Target("db1", 3306, "cdc", "s3cret-pw",
      null);

  @Test
  void debeziumSslModesOfBothFlavoursMapToTheDriver() {
    assertThat(ServerConnections.driverSslMode(null)).isEqualTo("disable");
    assertThat(ServerConnections.driverSslMode("disabled")).isEqualTo("disable");
    assertThat(ServerConnections.driverSslMode("required")).isEqualTo("trust");
    assertThat(ServerConnections.driverSslMode("verify_ca")).isEqualTo("verify-ca");
    assertThat(ServerConnections.driverSslMode("verify_identity")).isEqualTo("verify-full");
    assertThat(ServerConnections.driverSslMode("verify-full")).isEqualTo("verify-full");
  }

  @Test
  void failuresNameTheKeyToChangeAndNeverThePassword() {
    ServerConnections.Failure denied = ServerConnections.classify(
        new SQLException("Access denied for user 'cdc'@'localhost' s3cret-pw", "28000", 1045), TARGET);
    ServerConnections.Failure unreachable = ServerConnections.classify(
        new SQLException("Socket fail to connect to host:db1, port:3306. Connection refused", "08000"), TARGET);

    assertThat(denied.key()).isEqualTo("database.password");
    assertThat(denied.message()).contains("Access denied for user 'cdc' at db1:3306").doesNotContain("s3cret-pw");
    assertThat(unreachable.key()).isEqualTo("database.hostname");
    assertThat(unreachable.message()).contains("Cannot reach the database at db1:3306");
  }
}
