// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.cdc.common;

import java.io.EOFException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.util.Set;
import java.util.function.Function;

/**
 * Walks a failure and its causes, outermost first, for the failure classifiers of every server kind:
 * the first cause that says something, whether a cause is of a type or mentions a text, and what makes a
 * database unreachable (the one answer the outage handling of {@link DelegatingChangeTask} relies on, so
 * it is decided here for PostgreSQL and MySQL/MariaDB alike).
 */
public final class FailureCauses {

  /** Causes deeper than this are not looked at, so a chain that loops back on itself ends. */
  static final int MAX_DEPTH = 32;

  /** Debezium's words when the position to resume from is gone from the server (PostgreSQL and MySQL alike). */
  public static final String POSITION_GONE = "no longer available on the server";

  /** PostgreSQL: the server is shutting down (57P01, 57P02) or not yet accepting connections (57P03). */
  private static final Set<String> SERVER_GOING_OR_COMING = Set.of("57P01", "57P02", "57P03");
  /** MySQL/MariaDB: server shutdown in progress (1053), normal shutdown (1077), connection lost (2006, 2013). */
  private static final Set<Integer> SERVER_GONE_CODES = Set.of(1053, 1077, 2006, 2013);

  private FailureCauses() {}

  /** The first non-null answer of {@code reader} for {@code failure} and its causes; null when none answers. */
  public static <T> T first(Throwable failure, Function<Throwable, T> reader) {
    int depth = 0;
    for (Throwable t = failure; t != null && depth < MAX_DEPTH; t = t.getCause() == t ? null : t.getCause(), depth++) {
      T answer = reader.apply(t);
      if (answer != null) {
        return answer;
      }
    }
    return null;
  }

  /** The first of {@code failure} and its causes that is a {@code type}; null when none is. */
  public static <T extends Throwable> T firstOfType(Throwable failure, Class<T> type) {
    return first(failure, t -> type.isInstance(t) ? type.cast(t) : null);
  }

  /** Whether {@code failure} or one of its causes is one of {@code types}. */
  @SafeVarargs
  public static boolean causedBy(Throwable failure, Class<? extends Throwable>... types) {
    return first(failure, t -> {
      for (Class<? extends Throwable> type : types) {
        if (type.isInstance(t)) {
          return t;
        }
      }
      return null;
    }) != null;
  }

  /** Whether the message of {@code failure} or of one of its causes contains {@code text}. */
  public static boolean mentions(Throwable failure, String text) {
    return first(failure, t -> t.getMessage() != null && t.getMessage().contains(text) ? t : null) != null;
  }

  /**
   * The cause that makes {@code failure} an unreachable database; null when there is none. Unreachable: a
   * connection refused, reset or timed out, an unknown or unreachable host, a connection closed under the
   * client, an SQL connection error (SQLState class 08), a server shutting down or starting up
   * (PostgreSQL 57P01–57P03, MySQL/MariaDB 1053, 1077, 2006, 2013). Not: wrong credentials, missing
   * privileges, lost replication positions, bad data.
   */
  public static Throwable unreachableCause(Throwable failure) {
    return first(failure, t -> {
      if (t instanceof SocketException || t instanceof SocketTimeoutException || t instanceof UnknownHostException
          || t instanceof EOFException || t instanceof SQLTransientConnectionException
          || t instanceof SQLNonTransientConnectionException) {
        return t; // SocketException covers refused (ConnectException), unreachable (NoRouteToHost), reset
      }
      if (t instanceof SQLException sql) {
        String state = sql.getSQLState() == null ? "" : sql.getSQLState();
        if (state.startsWith("08") || SERVER_GOING_OR_COMING.contains(state)
            || SERVER_GONE_CODES.contains(sql.getErrorCode())) {
          return t;
        }
      }
      return null;
    });
  }
}
