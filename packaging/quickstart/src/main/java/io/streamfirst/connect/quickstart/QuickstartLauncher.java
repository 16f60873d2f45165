// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.quickstart;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * What {@code mvn -Pquickstart} runs inside Maven: forks {@link QuickstartMain} in its own JVM (its own
 * class path and logging, not Maven's) and, when Maven is interrupted (Ctrl-C), waits for that JVM to
 * stop Connect and Kafka before Maven exits, so no process is left behind. Uses only the JDK.
 */
public final class QuickstartLauncher {
  static final String CLASSPATH_PROPERTY = "streamfirst.quickstart.classpath";
  static final String JVM_ARGS_PROPERTY = "streamfirst.quickstart.jvmArgs";
  private static final long STOP_TIMEOUT_SECONDS = 60;

  private QuickstartLauncher() {}

  public static void main(String[] args) throws Exception {
    String classpath = System.getProperty(CLASSPATH_PROPERTY);
    if (classpath == null || classpath.isBlank()) {
      throw new IllegalStateException("System property " + CLASSPATH_PROPERTY + " is not set; run with -Pquickstart");
    }
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    String jvmArgs = System.getProperty(JVM_ARGS_PROPERTY, "");
    Arrays.stream(jvmArgs.trim().split("\\s+")).filter(arg -> !arg.isEmpty()).forEach(command::add);
    command.add("-cp");
    command.add(classpath);
    command.add(QuickstartMain.class.getName());
    command.addAll(List.of(args));

    Process child = new ProcessBuilder(command).inheritIO().start();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(child), "quickstart-launcher-shutdown"));
    int exitCode = child.waitFor();
    if (exitCode != 0) {
      // The child already printed why (for example a busy port); end Maven with its exit code.
      System.exit(exitCode);
    }
  }

  /** Asks the quickstart JVM to stop (SIGTERM, a no-op if Ctrl-C already reached it) and waits for it. */
  private static void stop(Process child) {
    if (!child.isAlive()) {
      return;
    }
    child.destroy();
    try {
      if (!child.waitFor(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        System.err.println("The quickstart did not stop within " + STOP_TIMEOUT_SECONDS + " s; killing it.");
        child.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      child.destroyForcibly();
    }
  }
}
