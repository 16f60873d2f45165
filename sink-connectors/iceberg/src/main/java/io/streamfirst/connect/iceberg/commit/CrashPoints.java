// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.iceberg.commit;

import org.apache.kafka.connect.errors.ConnectException;

/**
 * The points of the commit protocol where the crash tests stop a task as if its process had died there, or
 * hold it there while they break the catalog. The commit cycle, {@link TableCommitter} and the compactor
 * call the instance they were given; in production that is {@link #NONE}, which does nothing. Only
 * {@link TestCrashPoints}, asked once when a task starts, can give them another one.
 */
public interface CrashPoints {

  /** No fault injection: every point passes. */
  CrashPoints NONE = phase -> {};

  /** Called when the task reaches {@code phase}; may throw {@link InjectedCrash} or block for a while. */
  void reached(Phase phase);

  /** The points of the commit cycle where a crash can be injected. */
  enum Phase {
    /** Changes buffered (files may be partly written), nothing closed. */
    BEFORE_WRITE,
    /** Files closed and complete, no table commit yet. */
    AFTER_WRITE,
    /** Table commit done, Connect not yet told the offsets are durable. */
    AFTER_COMMIT,
    /** One table's commit request about to be sent to the catalog. */
    COMMIT_REQUEST,
    /** One table's commit request accepted by the catalog, not yet confirmed by reading the table back. */
    COMMIT_DONE,
    /** Compaction's rewritten files complete, not yet committed (offsets already durable). */
    COMPACTION_AFTER_WRITE
  }

  /** The simulated process death: the task must not touch its tables again. */
  final class InjectedCrash extends ConnectException {
    private static final long serialVersionUID = 1L;

    public InjectedCrash(String message) {
      super(message);
    }
  }
}
