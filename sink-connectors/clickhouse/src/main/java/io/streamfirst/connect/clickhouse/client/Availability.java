package io.streamfirst.connect.clickhouse.client;

import io.streamfirst.connect.clickhouse.ClickHouseSinkConfig;
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
  private final long maxMs;
  private final Time time;
  private long since = -1;
  private ClickHouseError last;

  public Availability(String endpoint, long maxMs, Time time) {
    this.endpoint = endpoint;
    this.maxMs = maxMs;
    this.time = time;
  }

  /** A request succeeded: any outage is over. */
  public synchronized void reachable() {
    since = -1;
    last = null;
  }

  /** True while the last request to the server failed with a transient error. */
  public synchronized boolean down() {
    return since >= 0;
  }

  /**
   * Records a request that failed with a transient error.
   *
   * @return the exception that fails the task when the outage has lasted longer than allowed, else null
   */
  public synchronized ConnectException failed(ClickHouseError error) {
    long now = time.milliseconds();
    if (since < 0) {
      since = now;
    }
    last = error;
    if (now - since < maxMs) {
      return null;
    }
    return new ConnectException("ClickHouse at " + endpoint + " has been unreachable or failing for "
        + seconds(now - since) + ", longer than " + ClickHouseSinkConfig.UNAVAILABLE_MAX_MS + " (" + maxMs
        + " ms); last error: " + error.message() + ". Check that the server runs and answers the worker (host, port,"
        + " network, load), then restart the task: rows already in the tables are skipped on replay, so nothing is"
        + " lost or duplicated.");
  }

  /** One line for logs and retry messages: since when the server fails, and why. */
  public synchronized String describe() {
    if (since < 0) {
      return "ClickHouse at " + endpoint + " answers";
    }
    return "ClickHouse at " + endpoint + " unreachable or failing for " + seconds(time.milliseconds() - since)
        + " (" + last.message() + "); retrying until " + ClickHouseSinkConfig.UNAVAILABLE_MAX_MS + " (" + maxMs
        + " ms) have passed";
  }

  private static String seconds(long ms) {
    return (ms / 1000) + " s";
  }
}
