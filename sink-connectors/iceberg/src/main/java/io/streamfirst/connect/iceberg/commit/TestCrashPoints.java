// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.iceberg.commit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.kafka.connect.errors.ConnectException;

/**
 * Test-only fault injection for the crash tests of the commit protocol, and the only place that reads its
 * switch: the system property {@value #PROPERTY} of the worker JVM, naming a directory (no connector
 * setting can enable it). {@link #forTask} reads it once, when a task starts; unset, the task gets
 * {@link CrashPoints#NONE} and nothing here runs again.
 *
 * <p>A test arms a phase by creating the file {@code <connector>.<phase>} in that directory: the first task
 * of that connector reaching the phase deletes the file and fails as if the process had died at that point
 * (nothing after it runs, nothing is cleaned up). When the file {@code <connector>.<phase>.hold} exists
 * instead, the task creates {@code <connector>.<phase>.held} and waits there until the test deletes the
 * hold file (at most two minutes), so the test can break something at that point.
 */
public final class TestCrashPoints implements CrashPoints {

  public static final String PROPERTY = "streamfirst.iceberg.test.crash.dir";
  private static final long MAX_HOLD_NANOS = 120_000_000_000L;

  private final Path dir;
  private final String connector;

  private TestCrashPoints(Path dir, String connector) {
    this.dir = dir;
    this.connector = connector;
  }

  /** The crash points for a task of {@code connector}: {@link CrashPoints#NONE} unless the switch is set. */
  public static CrashPoints forTask(String connector) {
    String dir = System.getProperty(PROPERTY);
    return dir == null || dir.isEmpty() ? NONE : new TestCrashPoints(Path.of(dir), connector);
  }

  @Override
  public void reached(Phase phase) {
    Path armed = dir.resolve(connector + "." + phase.name());
    Path hold = dir.resolve(connector + "." + phase.name() + ".hold");
    try {
      if (Files.deleteIfExists(armed)) {
        throw new InjectedCrash("Injected crash at " + phase + " (test fault injection via -D" + PROPERTY + ")");
      }
      if (Files.exists(hold)) {
        Path held = dir.resolve(connector + "." + phase.name() + ".held");
        Files.writeString(held, Thread.currentThread().getName());
        long deadline = System.nanoTime() + MAX_HOLD_NANOS;
        while (Files.exists(hold) && System.nanoTime() < deadline) {
          Thread.sleep(20);
        }
        Files.deleteIfExists(held);
      }
    } catch (IOException e) {
      throw new ConnectException("Fault injection directory unusable", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ConnectException("Interrupted while held by fault injection", e);
    }
  }
}
