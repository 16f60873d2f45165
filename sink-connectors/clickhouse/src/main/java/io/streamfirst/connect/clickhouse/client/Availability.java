// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.clickhouse.client;

import io.streamfirst.connect.clickhouse.ClickHouseSinkConfig;
import io.streamfirst.connect.common.Outage;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.connect.errors.ConnectException;

/**
 * Whether the ClickHouse server currently answers, shared by a task's thread and its insert threads:
 * an outage starts with the first request that fails with a transient error (connection refused,
 * time-out, overload) and ends with the next request that succeeds. An outage longer than
 * {@value ClickHouseSinkConfig#UNAVAILABLE_MAX_MS} fails the task; a shorter one only delays it.
 * Messages name the endpoint and the last error, never credentials.
 */
public final class Availability {

  private final String endpoint;
  private final Outage outage;
  private ClickHouseError last;

  public Availability(String endpoint, long maxMs, Time time) {
    this.endpoint = endpoint;
    this.outage = new Outage(time::milliseconds, maxMs);
  }

  /** A request succeeded: any outage is over. */
  public synchronized void reachable() {
    outage.over();
    last = null;
  }

  /** True while the last request to the server failed with a transient error. */
  public synchronized boolean down() {
    return outage.ongoing();
  }

  /**
   * Records a request that failed with a transient error.
   *
   * @return the exception that fails the task when the outage has lasted longer than allowed, else null
   */
  public synchronized ConnectException failed(ClickHouseError error) {
    last = error;
    if (!outage.failed()) {
      return null;
    }
    return new ConnectException("ClickHouse at " + endpoint + " has been unreachable or failing for "
        + seconds(outage.downMs()) + ", longer than " + ClickHouseSinkConfig.UNAVAILABLE_MAX_MS + " (" + outage.maxMs()
        + " ms); last error: " + error.message() + ". Check that the server runs and answers the worker (host, port,"
        + " network, load), then restart the task: rows already in the tables are skipped on replay, so nothing is"
        + " lost or duplicated.");
  }

  /** One line for logs and retry messages: since when the server fails, and why. */
  public synchronized String describe() {
    if (!outage.ongoing()) {
      return "ClickHouse at " + endpoint + " answers";
    }
    return "ClickHouse at " + endpoint + " unreachable or failing for " + seconds(outage.downMs())
        + " (" + last.message() + "); retrying until " + ClickHouseSinkConfig.UNAVAILABLE_MAX_MS + " (" + outage.maxMs()
        + " ms) have passed";
  }

  private static String seconds(long ms) {
    return (ms / 1000) + " s";
  }
}
