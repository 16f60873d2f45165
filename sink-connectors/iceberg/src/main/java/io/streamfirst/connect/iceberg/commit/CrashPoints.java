package io.streamfirst.connect.iceberg.commit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.kafka.connect.errors.ConnectException;

/**
 * Fault injection for the crash tests of the commit protocol; inert in production.
 *
 * <p>Active only when the worker JVM runs with the system property {@value #PROPERTY} naming a directory
 * (no connector setting can enable it). A test arms a phase by creating the file
 * {@code <connector>.<phase>} there; the first task of that connector reaching the phase deletes the file
 * and fails as if the process had died at that point (nothing after it runs, nothing is cleaned up).
 */
public final class CrashPoints {

  public static final String PROPERTY = "streamfirst.iceberg.test.crash.dir";

  /** The points of the commit cycle where a crash can be injected. */
  public enum Phase {
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

  private CrashPoints() {}

  /**
   * Throws {@link InjectedCrash} when {@code phase} is armed for {@code connector}. When the file
   * {@code <connector>.<phase>.hold} exists instead, creates {@code <connector>.<phase>.held} and waits until
   * the test deletes the hold file (at most two minutes), so a test can break something at that point.
   */
  public static void check(String connector, Phase phase) {
    String dir = System.getProperty(PROPERTY);
    if (dir == null || dir.isEmpty()) {
      return;
    }
    Path armed = Path.of(dir, connector + "." + phase.name());
    Path hold = Path.of(dir, connector + "." + phase.name() + ".hold");
    try {
      if (Files.deleteIfExists(armed)) {
        throw new InjectedCrash("Injected crash at " + phase + " (test fault injection via -D" + PROPERTY + ")");
      }
      if (Files.exists(hold)) {
        Path held = Path.of(dir, connector + "." + phase.name() + ".held");
        Files.writeString(held, Thread.currentThread().getName());
        long deadline = System.nanoTime() + 120_000_000_000L;
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

  /** The simulated process death. */
  public static final class InjectedCrash extends ConnectException {
    private static final long serialVersionUID = 1L;

    InjectedCrash(String message) {
      super(message);
    }
  }
}
