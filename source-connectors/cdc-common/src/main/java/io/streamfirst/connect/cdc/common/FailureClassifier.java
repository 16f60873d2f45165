// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.cdc.common;

import java.net.ConnectException;
import java.net.UnknownHostException;
import java.sql.SQLException;
import java.util.Map;
import java.util.Set;

/**
 * The failure classifier of one server kind: says what a failure means for the user ({@link FailureKind})
 * and, for the kinds that fail the task at once, what to do about it. A server kind says how to read its
 * errors ({@link #serverError}), what its codes mean ({@link #kindOf}) and how to word a permanent failure
 * ({@link #permanentFailure}); the rule that combines them is the same for every server kind:
 *
 * <ol>
 *   <li>the first server error among the failure's causes, when its code means a permanent kind;
 *   <li>else the connector's own words that the position to resume from is gone ({@link FailureKind#POSITION_LOST});
 *   <li>else an unreachable database, as {@link FailureCauses#unreachableCause} decides for every server kind;
 *   <li>else {@link FailureKind#OTHER}.
 * </ol>
 *
 * <p>A failed connection attempt of the connector's own (validation, probes) is judged by the driver's
 * exception itself ({@link #connectionKind}).
 */
public abstract class FailureClassifier {

  /** The error that {@code cause} itself reports (not its causes); null when it reports none. */
  protected abstract ServerError serverError(Throwable cause);

  /**
   * The kind a server error stands for: one of the permanent kinds, or {@link FailureKind#OTHER}. Never
   * {@link FailureKind#UNREACHABLE}: {@link FailureCauses#unreachableCause} decides that.
   */
  protected abstract FailureKind kindOf(ServerError error);

  /**
   * The exception that fails the task for a permanent failure ({@code diagnosis} of {@code failure}),
   * saying where, what and how to recover; for the task configuration {@code props}.
   */
  protected abstract RuntimeException permanentFailure(RuntimeException failure, Diagnosis diagnosis,
      Map<String, String> props);

  /**
   * Whether the connector says that the position to resume from is gone. Asked when no server error means
   * a permanent kind; {@code serverError} is the first server error among the causes, null when there is
   * none. By default: the connector's words anywhere in the causes.
   */
  protected boolean reportsLostPosition(Throwable failure, ServerError serverError) {
    return FailureCauses.mentions(failure, FailureCauses.POSITION_GONE);
  }

  /**
   * Whether a failed connection attempt shows a connection that was not made, besides SQLState class 08:
   * by default a refused connection or an unknown host among its causes.
   */
  protected boolean connectionNotMade(SQLException failure) {
    return FailureCauses.causedBy(failure, ConnectException.class, UnknownHostException.class);
  }

  /** What {@code failure} means, with the server error that decided it. */
  public final Diagnosis diagnose(Throwable failure) {
    ServerError error = FailureCauses.first(failure, this::serverError);
    FailureKind kind = error == null ? FailureKind.OTHER : kindOf(error);
    if (kind != FailureKind.OTHER) {
      return new Diagnosis(kind, error);
    }
    if (reportsLostPosition(failure, error)) {
      return new Diagnosis(FailureKind.POSITION_LOST, null);
    }
    Throwable unreachable = FailureCauses.unreachableCause(failure);
    if (unreachable != null) {
      return new Diagnosis(FailureKind.UNREACHABLE, serverError(unreachable));
    }
    return new Diagnosis(FailureKind.OTHER, error);
  }

  /** What {@code failure} means for the user. */
  public final FailureKind classify(Throwable failure) {
    return diagnose(failure).kind();
  }

  /**
   * What a failed connection attempt of the connector's own means: the login kinds and a missing database
   * by the driver's exception itself, {@link FailureKind#UNREACHABLE} for SQLState class 08 or a connection
   * that was not made ({@link #connectionNotMade}), else {@link FailureKind#OTHER}.
   */
  public final FailureKind connectionKind(SQLException failure) {
    ServerError error = ServerError.of(failure);
    FailureKind kind = kindOf(error);
    if (kind.login() || kind == FailureKind.MISSING_DATABASE) {
      return kind;
    }
    boolean notMade = error.sqlState().startsWith("08") || connectionNotMade(failure);
    return notMade ? FailureKind.UNREACHABLE : FailureKind.OTHER;
  }

  /**
   * The exception to fail the task with when {@code failure} is of one of the {@code handled} kinds (then
   * it is not retried); else {@code failure} itself.
   */
  public final RuntimeException explain(RuntimeException failure, Map<String, String> props,
      Set<FailureKind> handled) {
    Diagnosis diagnosis = diagnose(failure);
    return handled.contains(diagnosis.kind()) ? permanentFailure(failure, diagnosis, props) : failure;
  }
}
