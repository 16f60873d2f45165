// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.it.harness;

import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import org.apache.kafka.connect.util.clusters.WorkerHandle;

/** Stops and starts Connect workers of the embedded cluster, to test rebalances and worker loss. */
final class Workers {

  private final EmbeddedConnectCluster connect;
  private final ExitWatch exits;

  Workers(EmbeddedConnectCluster connect, ExitWatch exits) {
    this.connect = connect;
    this.exits = exits;
  }

  /** How many workers are started (healthy or not). */
  int count() {
    return connect.workers().size();
  }

  /** The {@code host:port} ids of the started workers. */
  List<String> ids() {
    return connect.workers().stream().map(w -> idOf(w.url())).sorted().toList();
  }

  /**
   * Stops the worker whose id ({@code host:port}, as the status API reports it) is {@code workerId}
   * and removes it from the cluster; the other workers rebalance its connectors and tasks.
   */
  void stop(String workerId) {
    WorkerHandle worker = connect.workers().stream()
        .filter(w -> sameWorker(w.url(), workerId))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException(
            "No running worker has id " + workerId + "; the workers are " + ids()));
    connect.removeWorker(worker);
  }

  /** Starts one more worker with the same properties and waits until it is healthy. */
  String add(Duration timeout) {
    WorkerHandle worker = connect.addWorker();
    awaitHealthy(count(), timeout);
    return idOf(worker.url());
  }

  /**
   * Waits until {@code expected} workers answer their health check; fails at once when a worker
   * exits abruptly meanwhile.
   */
  void awaitHealthy(int expected, Duration timeout) {
    await(expected + " healthy Connect worker(s)").atMost(timeout)
        .pollInterval(Duration.ofMillis(250))
        .until(() -> {
          exits.throwIfExited("while waiting for " + expected + " healthy worker(s)");
          return connect.healthyWorkers().size() == expected;
        });
  }

  private static boolean sameWorker(URI url, String workerId) {
    int colon = workerId.lastIndexOf(':');
    if (colon < 0) {
      return false;
    }
    return Integer.toString(url.getPort()).equals(workerId.substring(colon + 1));
  }

  private static String idOf(URI url) {
    return url.getHost() + ":" + url.getPort();
  }
}
