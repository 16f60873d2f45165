// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.quickstart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

class PortsTest {

  @Test
  void aBusyPortIsNamedWithTheOptionThatChangesIt() throws Exception {
    try (ServerSocket busy = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      int port = busy.getLocalPort();
      QuickstartOptions options = options(port, freePort(), freePort());

      assertThatThrownBy(() -> Ports.requireFree(options))
          .isInstanceOf(PortInUseException.class)
          .hasMessage("Port " + port + " (Connect REST API) is already in use: stop whatever uses it, or pick "
              + "another port with --rest-port <value> (with Maven: -Dquickstart.rest.port=<value>).");
    }
  }

  @Test
  void aBusyKafkaPortNamesTheKafkaOption() throws Exception {
    try (ServerSocket busy = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      QuickstartOptions options = options(freePort(), busy.getLocalPort(), freePort());

      assertThatThrownBy(() -> Ports.requireFree(options))
          .hasMessageContaining("(Kafka broker)")
          .hasMessageContaining("-Dquickstart.kafka.port=");
    }
  }

  @Test
  void freePortsPass() throws Exception {
    QuickstartOptions options = options(freePort(), freePort(), freePort());

    assertThatCode(() -> Ports.requireFree(options)).doesNotThrowAnyException();
    assertThat(Ports.isFree(options.restPort())).isTrue();
  }

  private static QuickstartOptions options(int rest, int kafka, int controller) {
    return new QuickstartOptions(rest, kafka, controller, Path.of("target/ports-test"), Path.of("target/plugins"));
  }

  static int freePort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
