// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.it.harness;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import org.apache.kafka.connect.runtime.rest.errors.ConnectRestException;
import org.awaitility.core.ConditionTimeoutException;

/**
 * Waits, with Awaitility, until a connector and its tasks reach a state. Waiting for RUNNING fails
 * at once, with the stack traces, when the connector or a task FAILED.
 */
final class ConnectorAwaiter {

  private static final int NOT_FOUND = 404;

  private final Connectors connectors;

  ConnectorAwaiter(Connectors connectors) {
    this.connectors = connectors;
  }

  /**
   * Waits until the connector and exactly {@code tasks} tasks are RUNNING.
   *
   * @throws AssertionError at once when the connector or a task FAILED (with the traces), or when
   *     the state is not reached within {@code timeout} (with the last state seen)
   */
  ConnectorStatus running(String name, int tasks, Duration timeout) {
    return until(name, "RUNNING with " + tasks + " task(s)", timeout, status -> {
      if (status.hasFailure()) {
        throw new AssertionError("Connector " + name + " failed while waiting for it to run "
            + tasks + " task(s): " + status.summary() + "\n" + status.failureTraces());
      }
      return status.isRunning(tasks);
    });
  }

  /**
   * As {@link #running}, and additionally no part of the connector may still be reported on
   * {@code workerId}: used after stopping that worker, whose last statuses linger for a while.
   */
  ConnectorStatus runningWithout(String name, int tasks, String workerId, Duration timeout) {
    return until(name, "RUNNING with " + tasks + " task(s) on workers other than " + workerId,
        timeout, status -> {
          if (status.hasFailure()) {
            throw new AssertionError("Connector " + name + " failed after worker " + workerId
                + " stopped: " + status.summary() + "\n" + status.failureTraces());
          }
          return status.isRunning(tasks) && !workerId.equals(status.workerId())
              && status.tasks().stream().noneMatch(t -> workerId.equals(t.workerId()));
        });
  }

  /** Waits until the connector or any of its tasks is FAILED; returns the status with traces. */
  ConnectorStatus failed(String name, Duration timeout) {
    return until(name, "FAILED (connector or a task)", timeout, ConnectorStatus::hasFailure);
  }

  /** Waits until the connector has the given state, e.g. {@code PAUSED} or {@code STOPPED}. */
  ConnectorStatus inState(String name, String state, Duration timeout) {
    return until(name, state, timeout, status -> state.equals(status.state())
        && status.tasks().stream().allMatch(t -> state.equals(t.state())));
  }

  /** Waits until the REST API no longer knows the connector. */
  void gone(String name, Duration timeout) {
    await("connector " + name + " to be deleted").atMost(timeout)
        .pollInterval(Duration.ofMillis(250))
        .until(() -> !connectors.names().contains(name));
  }

  private ConnectorStatus until(
      String name, String wanted, Duration timeout, Predicate<ConnectorStatus> done) {
    AtomicReference<ConnectorStatus> last = new AtomicReference<>();
    try {
      await("connector " + name + " " + wanted).atMost(timeout)
          .pollInterval(Duration.ofMillis(250))
          .ignoreExceptionsMatching(ConnectorAwaiter::isNotFoundYet)
          .until(() -> {
            ConnectorStatus status = connectors.status(name);
            last.set(status);
            return done.test(status);
          });
    } catch (ConditionTimeoutException e) {
      ConnectorStatus seen = last.get();
      throw new AssertionError("Connector " + name + " was not " + wanted + " within " + timeout
          + "; last status: " + (seen == null
              ? "unknown to the REST API"
              : seen.summary()
                  + "\n" + seen.failureTraces()),
          e);
    }
    return last.get();
  }

  private static boolean isNotFoundYet(Throwable e) {
    return e instanceof ConnectRestException rest && rest.statusCode() == NOT_FOUND;
  }
}
