// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.quickstart;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A running quickstart stack: one KRaft broker and one distributed Connect worker; close() stops both. */
public final class Quickstart implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Quickstart.class);
  private static final Duration READY_TIMEOUT = Duration.ofMinutes(3);

  private final QuickstartOptions options;
  private final KafkaNode kafka;
  private final ConnectWorker connect;
  private final List<ConnectorPlugin> plugins;
  private final List<Path> pluginDirs;
  private final Duration startupTime;
  private final AtomicBoolean closed = new AtomicBoolean();

  private Quickstart(QuickstartOptions options, KafkaNode kafka, ConnectWorker connect, List<ConnectorPlugin> plugins,
      List<Path> pluginDirs, Duration startupTime) {
    this.options = options;
    this.kafka = kafka;
    this.connect = connect;
    this.plugins = plugins;
    this.pluginDirs = pluginDirs;
    this.startupTime = startupTime;
  }

  /**
   * Checks ports and plugin path, starts the broker, then the worker, and returns once the worker's
   * REST API reports it healthy.
   */
  public static Quickstart start(QuickstartOptions options) throws Exception {
    long started = System.nanoTime();
    Ports.requireFree(options);
    List<Path> pluginDirs = pluginDirs(options.pluginPath());
    Files.createDirectories(options.dataDir());
    ExampleFiles.write(options);

    LOG.info("Starting Kafka (KRaft) on {} with data in {}", options.bootstrapServers(), options.dataDir());
    KafkaNode kafka = KafkaNode.start(options);
    ConnectWorker connect = null;
    try {
      LOG.info("Starting Kafka Connect (distributed) on {} with plugin.path={}", options.restUrl(),
          options.pluginPath());
      connect = ConnectWorker.start(options);
      ConnectRest rest = new ConnectRest(options.restUrl());
      rest.awaitHealthy(READY_TIMEOUT);
      List<ConnectorPlugin> plugins = rest.plugins();
      Duration startupTime = Duration.ofNanos(System.nanoTime() - started);
      LOG.info("Quickstart ready in {} ms with {} plugins", startupTime.toMillis(), plugins.size());
      return new Quickstart(options, kafka, connect, plugins, pluginDirs, startupTime);
    } catch (Exception | Error e) {
      if (connect != null) {
        connect.close();
      }
      kafka.close();
      throw e;
    }
  }

  public QuickstartOptions options() {
    return options;
  }

  /** The plugins the worker reported through {@code GET /connector-plugins?connectorsOnly=false}. */
  public List<ConnectorPlugin> plugins() {
    return plugins;
  }

  /** The plugin directories (one per family) found on the plugin path. */
  public List<Path> pluginDirs() {
    return pluginDirs;
  }

  public Duration startupTime() {
    return startupTime;
  }

  /** Stops Connect first (so connectors commit and leave the group), then the broker. Idempotent. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    LOG.info("Stopping Kafka Connect");
    connect.close();
    LOG.info("Stopping Kafka");
    kafka.close();
    LOG.info("Quickstart stopped");
  }

  private static List<Path> pluginDirs(Path pluginPath) throws IOException {
    if (!Files.isDirectory(pluginPath)) {
      throw new IllegalStateException("The plugin path " + pluginPath + " does not exist. Build the plugins first: "
          + "mvn -B -q -DskipTests -pl packaging/quickstart -am package");
    }
    try (Stream<Path> entries = Files.list(pluginPath)) {
      List<Path> dirs = entries.filter(Files::isDirectory).sorted().toList();
      if (dirs.isEmpty()) {
        throw new IllegalStateException("The plugin path " + pluginPath + " holds no plugin directory. Build the "
            + "plugins first: mvn -B -q -DskipTests -pl packaging/quickstart -am package");
      }
      return dirs;
    }
  }
}
