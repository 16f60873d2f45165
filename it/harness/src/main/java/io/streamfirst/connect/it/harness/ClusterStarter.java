// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.it.harness;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import org.awaitility.core.ConditionTimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts Kafka's embedded cluster as a {@link ConnectClusterBuilder} describes it: plugin.path and
 * discovery, worker and broker defaults, and a start-up that fails fast with a clear message.
 */
final class ClusterStarter {

  private static final Logger LOG = LoggerFactory.getLogger(ClusterStarter.class);

  /** A started cluster, its plugin directories and the watch on abrupt exits. */
  record Started(EmbeddedConnectCluster connect, PluginDirectories plugins, ExitWatch exits,
      Map<String, String> workerProps) {
  }

  private ClusterStarter() {}

  /**
   * Checks the plugin directories, then starts the broker(s) and the workers and waits until every
   * worker is healthy; stops whatever started when anything fails.
   */
  static Started start(ConnectClusterBuilder options) {
    PluginDirectories plugins = options.pluginsDir == null
        ? PluginDirectories.fromSystemProperties()
        : PluginDirectories.of(List.of(options.pluginsDir));
    for (var root : options.extraPluginRoots) {
      plugins = plugins.with(root);
    }
    Map<String, String> workerProps = new HashMap<>(options.workerProps);
    workerProps.put("plugin.path", plugins.pluginPath());
    workerProps.put("plugin.discovery", options.discovery.name().toLowerCase(Locale.ROOT));
    String name = options.name != null ? options.name : UniqueNames.of("streamfirst-connect");
    EmbeddedConnectCluster connect = new EmbeddedConnectCluster.Builder()
        .name(name)
        .numWorkers(options.workers)
        .numBrokers(options.brokers)
        .brokerProps(brokerProps(options))
        .workerProps(workerProps)
        .maskExitProcedures(true)
        .build();
    LOG.info("Starting Connect cluster {} with {} worker(s), {} broker(s), plugin.path={},"
        + " plugin.discovery={}", name, options.workers, options.brokers, plugins.pluginPath(),
        workerProps.get("plugin.discovery"));
    ExitWatch exits = ExitWatch.install(connect);
    try {
      startWatching(connect, exits, name);
      new Workers(connect, exits).awaitHealthy(options.workers, Timeouts.startup());
      return new Started(connect, plugins, exits, workerProps);
    } catch (RuntimeException | Error e) {
      stopQuietly(connect, e);
      throw e;
    }
  }

  /**
   * Runs Kafka's {@code start()} on a helper thread and fails as soon as a worker or broker exits
   * abruptly, instead of after the embedded cluster's own five-minute wait for workers.
   */
  private static void startWatching(EmbeddedConnectCluster connect, ExitWatch exits, String name) {
    ExecutorService starter = Executors.newSingleThreadExecutor(runnable -> {
      Thread thread = new Thread(runnable, "start-" + name);
      thread.setDaemon(true);
      return thread;
    });
    Future<?> started = starter.submit(connect::start);
    try {
      await("Connect cluster " + name + " to start").atMost(Timeouts.startup())
          .pollInterval(Duration.ofMillis(200))
          .until(() -> started.isDone() || exits.exited());
      exits.throwIfExited("while the cluster started");
      started.get();
    } catch (ConditionTimeoutException e) {
      throw new IllegalStateException("Connect cluster " + name + " did not start within "
          + Timeouts.startup() + " (raise -D" + Timeouts.FACTOR_PROPERTY + " on a slow machine)", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("Connect cluster " + name + " failed to start: "
          + e.getCause().getMessage(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while starting Connect cluster " + name, e);
    } finally {
      started.cancel(true);
      starter.shutdownNow();
    }
  }

  /**
   * Broker defaults that let a cluster of fewer than three brokers run transactions (exactly-once
   * source support, read_committed tests), then the test's own broker properties.
   */
  private static Properties brokerProps(ConnectClusterBuilder options) {
    Properties props = new Properties();
    props.setProperty("transaction.state.log.replication.factor",
        Integer.toString(Math.min(options.brokers, 3)));
    props.setProperty("transaction.state.log.min.isr", "1");
    props.putAll(options.brokerProps);
    return props;
  }

  /** Stops {@code connect}, recording a failure to stop on {@code cause}. */
  static void stopQuietly(EmbeddedConnectCluster connect, Throwable cause) {
    try {
      connect.stop();
    } catch (RuntimeException e) {
      cause.addSuppressed(e);
    }
  }
}
