// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.quickstart;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Checks, before anything starts, that the ports the quickstart listens on are free. */
final class Ports {
  private Ports() {}

  /**
   * Throws {@link PortInUseException} for the first of the options' ports that cannot be bound on localhost: Kafka,
   * controller and REST, and in pipeline mode PostgreSQL and (when that sink is on) ClickHouse.
   */
  static void requireFree(QuickstartOptions options) throws PortInUseException {
    requireFree(options.kafkaPort(), QuickstartOptions.Option.KAFKA_PORT);
    requireFree(options.controllerPort(), QuickstartOptions.Option.CONTROLLER_PORT);
    requireFree(options.restPort(), QuickstartOptions.Option.REST_PORT);
    if (options.mode() == QuickstartOptions.Mode.PIPELINE) {
      requireFree(options.pipeline().postgresPort(), QuickstartOptions.Option.POSTGRES_PORT);
      if (options.pipeline().has(PipelineSettings.Sink.CLICKHOUSE)) {
        requireFree(options.pipeline().clickhousePort(), QuickstartOptions.Option.CLICKHOUSE_PORT);
      }
    }
  }

  static boolean isFree(int port) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static void requireFree(int port, QuickstartOptions.Option option) throws PortInUseException {
    if (!isFree(port)) {
      throw new PortInUseException(port, option);
    }
  }
}
