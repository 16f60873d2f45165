// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.sink;

import org.apache.kafka.connect.sink.SinkTaskContext;

/**
 * Makes Connect call {@code put()} again while a sink task holds rows that are due soon.
 *
 * <p>A worker polls the consumer for up to the time left until its next offset commit
 * ({@code offset.flush.interval.ms}, a minute by default) and calls {@code put()} only after each poll.
 * On an idle topic a task that flushes or commits by time from {@code put()} would therefore hold its last
 * rows for up to that long, whatever its own interval says. {@link SinkTaskContext#timeout(long)} caps the
 * next poll (the worker consumes the value once), so the task is called back in time.
 */
public final class IdleWakeup {

  private IdleWakeup() {}

  /** Asks for the next {@code put()} within {@code delayMs} (at least 1 ms). */
  public static void within(SinkTaskContext context, long delayMs) {
    if (context != null) {
      context.timeout(Math.max(1, delayMs));
    }
  }
}
