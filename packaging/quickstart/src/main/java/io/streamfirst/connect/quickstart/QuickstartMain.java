// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.quickstart;

import java.io.PrintStream;
import java.nio.file.Files;
import java.time.Duration;

/**
 * Entry point of the quickstart JVM. Pipeline mode (the default): starts the stack and the pipeline, prints where
 * to look and a status line every few seconds. Stack mode: the stack only, with the plugins it loaded. Query mode:
 * prints one Iceberg table's current rows and exits. Ctrl-C (SIGINT) or SIGTERM stops everything.
 */
public final class QuickstartMain {
  static final String LOG_FILE_PROPERTY = "streamfirst.quickstart.logFile";
  static final Duration STATUS_EVERY = Duration.ofSeconds(5);

  private QuickstartMain() {}

  public static void main(String[] args) {
    long startedNanos = System.nanoTime();
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
      System.setProperty(LOG_FILE_PROPERTY, options.mode() == QuickstartOptions.Mode.QUERY
          ? options.dataDir().resolve("query.log").toString()
          : options.logFile().toString());
    }
    if (options.mode() == QuickstartOptions.Mode.QUERY) {
      query(options, out);
      return;
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
    if (options.mode() == QuickstartOptions.Mode.STACK) {
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        out.println("Stopping Kafka Connect, then Kafka ...");
        quickstart.close();
        out.println("Quickstart stopped.");
      }, "quickstart-shutdown"));
      out.print(StartupReport.render(options, quickstart.pluginDirs(), quickstart.plugins(),
          quickstart.startupTime()));
      out.flush();
      // The broker's and the worker's non-daemon threads keep the JVM alive until a signal arrives.
      return;
    }
    Pipeline pipeline;
    try {
      pipeline = Pipeline.start(quickstart, out, startedNanos);
      PipelineReport.writeQueryScript(options);
    } catch (Exception e) {
      System.err.println("The quickstart pipeline failed to start: " + e.getMessage() + " (see " + options.logFile()
          + ")");
      quickstart.close();
      System.exit(1);
      return;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      out.println("Stopping the load, Kafka Connect, Kafka, ClickHouse and PostgreSQL ...");
      pipeline.close();
      out.println("Quickstart stopped.");
    }, "quickstart-shutdown"));
    out.print(PipelineReport.render(options, pipeline));
    out.flush();
    pipeline.printStatus(out, STATUS_EVERY);
  }

  private static void query(QuickstartOptions options, PrintStream out) {
    try (IcebergTables tables = new IcebergTables(options.warehouse())) {
      tables.print(options.pipeline().table(), out);
    } catch (Exception e) {
      System.err.println(e.getMessage());
      System.exit(1);
    }
  }
}
