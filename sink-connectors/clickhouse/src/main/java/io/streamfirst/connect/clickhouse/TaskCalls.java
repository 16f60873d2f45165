// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.clickhouse;

import io.streamfirst.connect.clickhouse.client.Availability;
import io.streamfirst.connect.clickhouse.client.ClickHouseException;
import java.util.Map;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.RetriableException;
import org.apache.kafka.connect.sink.SinkTaskContext;

/**
 * How long the current put(), preCommit() or close() may wait, and how it ends if it cannot finish.
 *
 * <p>A call that cannot finish hands the records back to Connect (RetriableException) or fails the
 * task, and every later call throws that failure.
 */
final class TaskCalls {

  /** Kafka's default {@code max.poll.interval.ms}, when the connector does not override it. */
  private static final long DEFAULT_MAX_POLL_INTERVAL_MS = 300_000L;
  private static final String MAX_POLL_INTERVAL_OVERRIDE = "consumer.override.max.poll.interval.ms";
  /** How soon Connect hands records back after a put() that could not finish (RetriableException). */
  private static final long REDELIVERY_BACKOFF_MS = 1_000L;

  private final Time time;
  /** Longest a put(), preCommit() or close() waits for inserts or reports before giving control back. */
  private final long maxWaitMs;
  private final Availability availability;
  private final SinkTaskContext context;
  /** When the current call stops waiting. */
  private long deadline;
  private ConnectException failure;

  TaskCalls(Time time, long maxWaitMs, Availability availability, SinkTaskContext context) {
    this.time = time;
    this.maxWaitMs = maxWaitMs;
    this.availability = availability;
    this.context = context;
  }

  /**
   * Half the consumer's poll interval (the connector's override, else Kafka's default): a put() that
   * waits longer would let the consumer leave its group while this task still inserts.
   */
  static long maxWaitMs(Map<String, String> props) {
    long pollInterval = DEFAULT_MAX_POLL_INTERVAL_MS;
    String override = props.get(MAX_POLL_INTERVAL_OVERRIDE);
    if (override != null) {
      try {
        pollInterval = Long.parseLong(override.strip());
      } catch (NumberFormatException e) {
        // Connect rejects such a consumer config itself
      }
    }
    return Math.max(1_000L, pollInterval / 2);
  }

  /** A put(), preCommit() or close() starts: it may wait until {@code maxWaitMs} from now. */
  void begin() {
    deadline = time.milliseconds() + maxWaitMs;
  }

  /** What is left of the current call's time to wait. */
  long leftMs() {
    return Math.max(0, deadline - time.milliseconds());
  }

  /** What is left of the current call's time to wait for ClickHouse: nothing while it is unreachable. */
  long leftForClickHouseMs() {
    return availability.down() ? 0 : leftMs();
  }

  /** Whether ClickHouse answers, shared with the insert threads. */
  Availability availability() {
    return availability;
  }

  /** One line for messages: whether ClickHouse answers, and if not since when and why. */
  String serverState() {
    return availability.describe();
  }

  /**
   * Hands the records back to Connect: it pauses the partitions, keeps polling (the task keeps its
   * partitions) and calls put() with the same records again after a short backoff.
   */
  RetriableException retryLater(String why, Throwable cause) {
    if (context != null) {
      context.timeout(REDELIVERY_BACKOFF_MS);
    }
    return new RetriableException(why, cause);
  }

  /**
   * A transient failure (server unreachable, time-out, overload) becomes a RetriableException: Connect
   * hands the same records over again after a pause, and those already handled are skipped. After
   * {@value ClickHouseSinkConfig#UNAVAILABLE_MAX_MS} it fails the task. Other failures are returned as they are.
   */
  ConnectException unavailable(ClickHouseException e) {
    if (!e.error().retriable()) {
      return e;
    }
    ConnectException fatal = availability.failed(e.error());
    if (fatal != null) {
      return fail(fatal);
    }
    return retryLater(availability.describe(), e);
  }

  /**
   * Fails the task: after a failed insert or report nothing more is inserted (a later batch of the
   * same table landing would hide the failed rows from the replay); a restart replays from the last
   * commit.
   *
   * @return {@code why}, to throw
   */
  ConnectException fail(ConnectException why) {
    failure = why;
    return why;
  }

  /** Throws the task's failure, if it failed. */
  void throwIfFailed() {
    if (failure != null) {
      throw failure;
    }
  }

  boolean failed() {
    return failure != null;
  }
}
