// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.it.harness;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A distributed Connect worker in a JVM process of its own that joins an embedded cluster's group (same
 * broker, group id, storage topics and plugin.path), so a test can kill it the hard way: {@link #kill()}
 * sends SIGKILL, nothing in the worker runs afterwards (no task stop, no offset flush, no leave-group),
 * as when a machine dies. The embedded workers notice through the group's session timeout and take
 * its connectors and tasks over.
 */
public final class ExternalWorker implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ExternalWorker.class);

  private final Process process;
  private final String id;
  private final Path log;

  private ExternalWorker(Process process, String id, Path log) {
    this.process = process;
    this.id = id;
    this.log = log;
  }

  /**
   * Starts a worker with {@code props} (the group's worker properties) on a free REST port and waits until
   * its REST API answers.
   */
  static ExternalWorker start(Map<String, String> props, Path dir) {
    try {
      Files.createDirectories(dir);
      int port;
      try (ServerSocket socket = new ServerSocket(0)) {
        port = socket.getLocalPort();
      }
      Properties worker = new Properties();
      worker.putAll(props);
      worker.setProperty("listeners", "http://localhost:" + port);
      worker.setProperty("rest.advertised.host.name", "localhost");
      worker.setProperty("rest.advertised.port", Integer.toString(port));
      Path config = dir.resolve("worker-" + port + ".properties");
      try (OutputStream out = Files.newOutputStream(config)) {
        worker.store(out, "external Connect worker for a hard-kill test");
      }
      Path log = dir.resolve("worker-" + port + ".log");
      String java = ProcessHandle.current().info().command().orElse("java");
      List<String> command = new ArrayList<>(List.of(java, "-Xmx768m", "-XX:+UseSerialGC",
          "-cp", System.getProperty("java.class.path"),
          "org.apache.kafka.connect.cli.ConnectDistributed", config.toString()));
      Process process = new ProcessBuilder(command).redirectErrorStream(true)
          .redirectOutput(log.toFile()).start();
      ExternalWorker started = new ExternalWorker(process, "localhost:" + port, log);
      Runtime.getRuntime().addShutdownHook(new Thread(started::close, "stop-external-worker-" + port));
      started.awaitRest(port);
      LOG.info("External Connect worker {} started (pid {}, log {})", started.id, process.pid(), log);
      return started;
    } catch (IOException e) {
      throw new UncheckedIOException("Starting an external Connect worker failed", e);
    }
  }

  private void awaitRest(int port) {
    URI root = URI.create("http://localhost:" + port + "/connectors");
    try {
      await("external worker " + id + " to answer on its REST port").atMost(Timeouts.startup())
          .pollInterval(Duration.ofMillis(250)).until(() -> {
            if (!process.isAlive()) {
              throw new IllegalStateException("External worker " + id + " exited with " + process.exitValue()
                  + "; its log: " + log);
            }
            try {
              HttpURLConnection connection = (HttpURLConnection) root.toURL().openConnection();
              connection.setConnectTimeout(500);
              connection.setReadTimeout(2_000);
              return connection.getResponseCode() == 200;
            } catch (IOException e) {
              return false;
            }
          });
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  /** The worker's id as statuses report it ({@code host:port}). */
  public String id() {
    return id;
  }

  /** Where the worker's output goes. */
  public Path log() {
    return log;
  }

  /** SIGKILL: the process dies at once, wherever it is. Returns when it is gone. */
  public void kill() {
    process.destroyForcibly();
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        throw new IllegalStateException("External worker " + id + " did not die within 30 s of SIGKILL");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while killing external worker " + id, e);
    }
    LOG.info("External Connect worker {} killed (SIGKILL)", id);
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroyForcibly();
    }
  }
}
