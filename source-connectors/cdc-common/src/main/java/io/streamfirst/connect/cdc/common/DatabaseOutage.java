// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.cdc.common;

import java.time.Clock;
import java.time.Duration;
import io.streamfirst.connect.common.Outage;
import java.time.Instant;
import org.apache.kafka.connect.errors.ConnectException;

/**
 * How long a task's database has been unreachable, when to try again, and when to give up. A failed
 * attempt ({@link #failed}) starts or continues the outage; proof that the database answers
 * ({@link #reached}) ends it. Retries back off from {@link #FIRST_BACKOFF_MS} doubling up to a cap; the
 * last one is made when the allowed time runs out, and the task gives up when an attempt fails after
 * that ({@link #failed} returns true, {@link #giveUp} says so).
 */
public final class DatabaseOutage {

  /** The first retry comes this long after the first failure (or sooner, with a smaller cap). */
  public static final long FIRST_BACKOFF_MS = 1_000;

  private final String connector;
  private final String address;
  private final long maxBackoffMs;
  private final Clock clock;
  private final Outage outage;

  private Instant nextAttempt;
  private String lastError = "";

  /**
   * @param connector connector name, for messages
   * @param address {@code host:port} of the database, for messages (never credentials)
   * @param maxMs how long the database may stay unreachable before the task fails; 0 fails at once
   * @param maxBackoffMs the longest pause between two attempts
   * @param clock the time source
   */
  public DatabaseOutage(String connector, String address, long maxMs, long maxBackoffMs, Clock clock) {
    this.connector = connector;
    this.address = address;
    this.maxBackoffMs = Math.max(1, maxBackoffMs);
    this.clock = clock;
    this.outage = new Outage(clock::millis, maxMs);
  }

  /**
   * Whether {@code failure} says that the database could not be reached: a connection refused, reset or
   * timed out, an unknown or unreachable host, a connection closed under the client, an SQL connection
   * error (SQLState class 08), a server shutting down or starting up. Not: wrong credentials, missing
   * privileges, lost replication positions, bad data. {@link FailureCauses#unreachableCause} decides.
   */
  public static boolean isUnreachable(Throwable failure) {
    return FailureCauses.unreachableCause(failure) != null;
  }

  /**
   * What to say about {@code failure}: the class and message of the cause that makes it an unreachable
   * database (else of {@code failure} itself), free of {@code secret}.
   */
  public static String describe(Throwable failure, String secret) {
    Throwable cause = FailureCauses.unreachableCause(failure);
    Throwable shown = cause != null ? cause : failure;
    String text = shown.getClass().getSimpleName() + ": " + shown.getMessage();
    return PreflightReport.redact(text.strip(), secret);
  }

  /** Whether the database is unreachable right now, as far as this task knows. */
  public synchronized boolean active() {
    return outage.ongoing();
  }

  /**
   * Records a failed attempt to reach the database, with its error (already free of secrets). Returns
   * true when the database has now been unreachable for longer than allowed: the task must fail with
   * {@link #giveUp()}.
   */
  public synchronized boolean failed(String error) {
    lastError = error == null ? "" : error;
    if (outage.failed()) {
      return true;
    }
    Instant next = clock.instant().plusMillis(outage.backoffMs(FIRST_BACKOFF_MS, maxBackoffMs));
    Instant deadline = Instant.ofEpochMilli(outage.sinceMs() + outage.maxMs());
    nextAttempt = next.isAfter(deadline) ? deadline : next;
    return false;
  }

  /** The database answered: the outage, if any, is over. */
  public synchronized void reached() {
    outage.over();
    nextAttempt = null;
    lastError = "";
  }

  /** Milliseconds until the next attempt is due (0 when due now or when there is no outage). */
  public synchronized long millisUntilNextAttempt() {
    if (nextAttempt == null) {
      return 0;
    }
    return Math.max(0, Duration.between(clock.instant(), nextAttempt).toMillis());
  }

  /** How long the database has been unreachable (zero when it is not). */
  public synchronized Duration unreachableFor() {
    return Duration.ofMillis(outage.downMs());
  }

  /** Failed attempts in the current outage. */
  public synchronized int failures() {
    return outage.failures();
  }

  /** The error of the last failed attempt (free of secrets). */
  public synchronized String lastError() {
    return lastError;
  }

  /** What to log while retrying: where, for how long so far, when the next attempt comes, the error. */
  public synchronized String retryMessage() {
    return "Connector " + connector + " cannot reach the database at " + address + " (unreachable for "
        + seconds(unreachableFor()) + " s, attempt " + outage.failures() + "): " + sentence(lastError)
        + " Retrying in " + millisUntilNextAttempt() + " ms; the task fails after "
        + CdcOptions.DATABASE_UNAVAILABLE_MAX_MS + "=" + outage.maxMs() + " ms.";
  }

  /** The exception that fails the task once the database stayed unreachable for too long. */
  public synchronized ConnectException giveUp() {
    Instant since = outage.ongoing() ? Instant.ofEpochMilli(outage.sinceMs()) : null;
    return new ConnectException("Connector " + connector + " cannot reach the database at " + address
        + ": unreachable for " + seconds(unreachableFor()) + " s (since " + since + ", " + outage.failures()
        + " failed attempts), longer than " + CdcOptions.DATABASE_UNAVAILABLE_MAX_MS + "=" + outage.maxMs()
        + " allows. Last error: "
        + sentence(lastError) + " " + RecoveryAdvice.reachDatabase());
  }

  private static String sentence(String text) {
    return text.endsWith(".") ? text : text + ".";
  }

  private static long seconds(Duration duration) {
    return duration.toSeconds();
  }
}
