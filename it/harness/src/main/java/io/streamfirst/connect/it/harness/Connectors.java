// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.it.harness;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.connect.runtime.rest.errors.ConnectRestException;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;

/**
 * Creates, reconfigures, restarts and deletes connectors through the Connect REST API. Requests
 * that hit a rebalance in progress (HTTP 409) are retried until they succeed.
 */
final class Connectors {

  private static final int CONFLICT = 409;

  private final EmbeddedConnectCluster connect;

  Connectors(EmbeddedConnectCluster connect) {
    this.connect = connect;
  }

  /** {@code PUT /connectors/{name}/config}: creates the connector or replaces its config. */
  void deploy(String name, Map<String, String> config) {
    retryingConflicts("deploy connector " + name, () -> connect.configureConnector(name, config));
  }

  /** {@code DELETE /connectors/{name}}. */
  void delete(String name) {
    retryingConflicts("delete connector " + name, () -> connect.deleteConnector(name));
  }

  /** {@code POST /connectors/{name}/restart}: restarts the connector instance only. */
  void restartConnector(String name) {
    retryingConflicts("restart connector " + name, () -> connect.restartConnector(name));
  }

  /** {@code POST /connectors/{name}/tasks/{id}/restart}. */
  void restartTask(String name, int taskId) {
    retryingConflicts("restart task " + name + "-" + taskId, () -> connect.restartTask(name, taskId));
  }

  /**
   * {@code POST /connectors/{name}/restart?includeTasks=true&onlyFailed=...}: restarts the
   * connector and its tasks (only the failed ones when {@code onlyFailed}).
   */
  void restartConnectorAndTasks(String name, boolean onlyFailed) {
    retryingConflicts("restart connector and tasks of " + name,
        () -> connect.restartConnectorAndTasks(name, onlyFailed, true, false));
  }

  /** {@code PUT /connectors/{name}/pause}. */
  void pause(String name) {
    retryingConflicts("pause connector " + name, () -> connect.pauseConnector(name));
  }

  /** {@code PUT /connectors/{name}/resume}. */
  void resume(String name) {
    retryingConflicts("resume connector " + name, () -> connect.resumeConnector(name));
  }

  /** {@code GET /connectors/{name}/status}. */
  ConnectorStatus status(String name) {
    return ConnectorStatus.from(connect.connectorStatus(name));
  }

  /** {@code GET /connectors}: the names of every connector, sorted. */
  Set<String> names() {
    return new TreeSet<>(connect.connectors());
  }

  private static void retryingConflicts(String what, Runnable request) {
    Duration timeout = Timeouts.defaultWait();
    await(what).atMost(timeout).pollInterval(Duration.ofMillis(250))
        .ignoreExceptionsMatching(Connectors::isConflict)
        .until(() -> {
          request.run();
          return true;
        });
  }

  private static boolean isConflict(Throwable e) {
    return e instanceof ConnectRestException rest && rest.statusCode() == CONFLICT;
  }
}
