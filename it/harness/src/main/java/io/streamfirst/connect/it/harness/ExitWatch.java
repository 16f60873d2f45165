// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.it.harness;

import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.common.utils.Exit;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;

/**
 * Records the first abrupt exit of a worker or broker of an embedded cluster (a call to Kafka's
 * {@code Exit} with a non-zero code, masked by the embedded cluster), so that the harness can
 * report a worker that died at once, instead of waiting for Kafka's five-minute start-up check.
 */
final class ExitWatch {

  private final AtomicReference<String> firstExit = new AtomicReference<>();

  private ExitWatch() {}

  /** Wraps the cluster's exit and halt procedures; call before {@code start()}. */
  static ExitWatch install(EmbeddedConnectCluster connect) {
    ExitWatch watch = new ExitWatch();
    Exit.Procedure exit = connect.exitProcedure;
    Exit.Procedure halt = connect.haltProcedure;
    connect.exitProcedure = (code, message) -> {
      watch.record("exit", code, message);
      exit.execute(code, message);
    };
    connect.haltProcedure = (code, message) -> {
      watch.record("halt", code, message);
      halt.execute(code, message);
    };
    return watch;
  }

  /** True once a worker or broker exited with a non-zero code. */
  boolean exited() {
    return firstExit.get() != null;
  }

  /** Throws when a worker or broker exited abruptly, naming what the harness was doing. */
  void throwIfExited(String during) {
    String exit = firstExit.get();
    if (exit != null) {
      throw new IllegalStateException("A Connect worker or Kafka broker stopped abruptly " + during
          + " (" + exit + "). The ERROR logged just before it (e.g. 'Uncaught exception in herder"
          + " work thread') says why; often a worker or broker property the cluster cannot satisfy.");
    }
  }

  private void record(String kind, int code, String message) {
    if (code != 0) {
      firstExit.compareAndSet(null, kind + " code " + code + (message == null ? "" : ": " + message));
    }
  }
}
