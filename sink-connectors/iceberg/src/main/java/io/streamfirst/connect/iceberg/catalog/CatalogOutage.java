// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.iceberg.catalog;

import java.io.IOException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import io.streamfirst.connect.common.Outage;
import org.apache.iceberg.exceptions.CommitStateUnknownException;
import org.apache.iceberg.exceptions.RESTException;
import org.apache.iceberg.exceptions.ServiceFailureException;
import org.apache.iceberg.exceptions.ServiceUnavailableException;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.RetriableException;

/**
 * An unreachable catalog is transient until it has been unreachable for longer than
 * {@code iceberg.catalog.unavailable.max.ms}: the task reports retriable failures (Connect redelivers the
 * batch after a back-off, the task keeps its partitions and its uncommitted files) and fails only after
 * that, with a message that names the catalog and how long it was unreachable.
 */
public final class CatalogOutage {

  public static final String MAX_MS = "iceberg.catalog.unavailable.max.ms";
  private static final long MIN_BACKOFF_MS = 250;
  private static final long MAX_BACKOFF_MS = 5_000;

  private final Clock clock;
  private final Outage outage;
  private final String catalog;

  /**
   * @param catalog how to name the catalog in messages, e.g. "jdbc catalog at jdbc:postgresql://h/db"
   *     (credentials already masked)
   */
  public CatalogOutage(Clock clock, long maxMs, String catalog) {
    this.clock = clock;
    this.outage = new Outage(clock::millis, maxMs);
    this.catalog = catalog;
  }

  /**
   * Whether {@code e} means the catalog could not be reached or did not answer (connection refused, reset
   * or timed out, a database connection failure or shutdown, a REST catalog's 5xx or an I/O error talking
   * to it), as opposed to an answer that rejects the request.
   */
  public static boolean isUnreachable(Throwable e) {
    Throwable previous = null;
    for (Throwable t = e; t != null && t != previous; previous = t, t = t.getCause()) {
      if (t instanceof java.net.ConnectException || t instanceof NoRouteToHostException
          || t instanceof SocketTimeoutException || t instanceof SocketException
          || t instanceof UnknownHostException) {
        return true;
      }
      if (t instanceof SQLTransientConnectionException || t instanceof SQLNonTransientConnectionException
          || t instanceof SQLRecoverableException) {
        return true;
      }
      if (t instanceof SQLException sql && sql.getSQLState() != null) {
        String state = sql.getSQLState().toUpperCase(Locale.ROOT);
        if (state.startsWith("08") || state.startsWith("57P") || state.equals("53300")) {
          return true; // connection failures, shutdown/starting up, too many connections
        }
      }
      if (t instanceof CommitStateUnknownException || t instanceof ServiceUnavailableException
          || t instanceof ServiceFailureException) {
        return true;
      }
      if (t instanceof RESTException && t.getCause() instanceof IOException) {
        return true;
      }
    }
    return false;
  }

  /** The catalog answered: an outage, if there was one, is over. */
  public void reachable() {
    outage.over();
  }

  /** Whether an outage is going on (the last catalog call failed as unreachable). */
  public boolean ongoing() {
    return outage.ongoing();
  }

  /** How long to wait before the next attempt: doubling from 250 ms up to 5 s during one outage. */
  public long backoffMs() {
    return Math.min(MAX_BACKOFF_MS, MIN_BACKOFF_MS << Math.min(outage.failures(), 10));
  }

  /**
   * Notes an unreachable catalog while doing {@code what} (no secrets in it) and returns the exception to
   * throw: a {@link RetriableException} while the outage is within the limit, else a {@link ConnectException}
   * that says what was unreachable, since when, for how long, and what to do.
   */
  public RuntimeException failure(String what, Throwable e) {
    return failure(what, e, clock.millis());
  }

  /** As {@link #failure(String, Throwable)}, for an outage seen since {@code firstFailureMs} at the latest. */
  public RuntimeException failure(String what, Throwable e, long firstFailureMs) {
    boolean overLimit = outage.failed(firstFailureMs);
    long down = outage.downMs();
    String kind = Secrets.describe(e);
    if (overLimit) {
      return new ConnectException("The Iceberg " + catalog + " has been unreachable for " + seconds(down)
          + " (since " + Instant.ofEpochMilli(outage.sinceMs()) + "), longer than " + MAX_MS + "=" + outage.maxMs()
          + "; last failure while " + what + ": " + kind
          + ". Nothing is lost: once the catalog is reachable, restart the task;"
          + " it resumes from the offsets in the tables. Raise " + MAX_MS + " to ride out longer outages.", e);
    }
    return new RetriableException("The Iceberg " + catalog + " is unreachable (" + kind + ") while " + what
        + ", for " + seconds(down) + " so far; retrying for up to " + MAX_MS + "=" + outage.maxMs() + " ms", e);
  }

  private static String seconds(long ms) {
    return String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
  }
}
