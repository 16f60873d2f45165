// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.quickstart;

import java.io.PrintStream;
import java.nio.file.Files;

/**
 * Entry point of the quickstart JVM: starts the stack, prints what it loaded and the URLs to use,
 * and stops everything on Ctrl-C (SIGINT) or SIGTERM.
 */
public final class QuickstartMain {
  static final String LOG_FILE_PROPERTY = "streamfirst.quickstart.logFile";

  private QuickstartMain() {}

  public static void main(String[] args) {
    PrintStream out = System.out;
    QuickstartOptions options;
    try {
      options = QuickstartOptions.parse(args);
      Files.createDirectories(options.dataDir());
    } catch (Exception e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    }
    // Before the first logger exists: the log configuration reads the file name from here.
    if (System.getProperty(LOG_FILE_PROPERTY) == null) {
      System.setProperty(LOG_FILE_PROPERTY, options.logFile().toString());
    }
    try {
      Ports.requireFree(options);
    } catch (PortInUseException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    }
    out.println("Starting Kafka (KRaft) on " + options.bootstrapServers() + " and Kafka Connect on " + options.restUrl()
        + " ... (full log: " + options.logFile() + ")");

    Quickstart quickstart;
    try {
      quickstart = Quickstart.start(options);
    } catch (PortInUseException | IllegalStateException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    } catch (Exception e) {
      System.err.println("The quickstart failed to start: " + e.getMessage() + " (see " + options.logFile() + ")");
      System.exit(1);
      return;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      out.println("Stopping Kafka Connect, then Kafka ...");
      quickstart.close();
      out.println("Quickstart stopped.");
    }, "quickstart-shutdown"));
    out.print(StartupReport.render(options, quickstart.pluginDirs(), quickstart.plugins(), quickstart.startupTime()));
    out.flush();
    // The broker's and the worker's non-daemon threads keep the JVM alive until a signal arrives.
  }
}
