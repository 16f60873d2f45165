// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.it.harness;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import org.apache.kafka.connect.runtime.isolation.PluginDiscoveryMode;

/**
 * Options of a {@link ConnectCluster}: how many workers and brokers, where plugins come from, how
 * workers discover them, and any extra worker or broker properties.
 *
 * <pre>{@code
 * ConnectCluster cluster = ConnectCluster.builder()
 *     .workers(3)
 *     .workerProperty("exactly.once.source.support", "enabled")
 *     .start();
 * }</pre>
 */
public final class ConnectClusterBuilder {

  /** Workers rebalance lost tasks after this delay instead of Connect's default 5 minutes. */
  static final String DEFAULT_REBALANCE_DELAY_MS = "2000";
  /** Source offsets and sink consumer offsets are committed every second instead of every minute. */
  static final String DEFAULT_OFFSET_FLUSH_INTERVAL_MS = "1000";

  int workers = 2;
  int brokers = 1;
  PluginDiscoveryMode discovery = PluginDiscoveryMode.SERVICE_LOAD;
  final Map<String, String> workerProps = new LinkedHashMap<>();
  final Properties brokerProps = new Properties();
  Path pluginsDir;
  final List<Path> extraPluginRoots = new ArrayList<>();
  String name;

  ConnectClusterBuilder() {
    workerProps.put("scheduled.rebalance.max.delay.ms", DEFAULT_REBALANCE_DELAY_MS);
    workerProps.put("offset.flush.interval.ms", DEFAULT_OFFSET_FLUSH_INTERVAL_MS);
  }

  /** Number of Connect workers to start (default 2). */
  public ConnectClusterBuilder workers(int workers) {
    if (workers < 1) {
      throw new IllegalArgumentException("A Connect cluster needs at least one worker, not " + workers);
    }
    this.workers = workers;
    return this;
  }

  /** Number of KRaft brokers to start (default 1). */
  public ConnectClusterBuilder brokers(int brokers) {
    if (brokers < 1) {
      throw new IllegalArgumentException("A Kafka cluster needs at least one broker, not " + brokers);
    }
    this.brokers = brokers;
    return this;
  }

  /**
   * How workers find plugins (default {@code service_load}: only classes declared in
   * {@code META-INF/services}, which every Streamfirst plugin must support).
   */
  public ConnectClusterBuilder pluginDiscovery(PluginDiscoveryMode discovery) {
    this.discovery = Objects.requireNonNull(discovery, "discovery");
    return this;
  }

  /**
   * Loads the packaged plugin directories from {@code dir} instead of the system property
   * {@value PluginDirectories#PLUGINS_DIR_PROPERTY}.
   */
  public ConnectClusterBuilder pluginsDir(Path dir) {
    this.pluginsDir = Objects.requireNonNull(dir, "dir");
    return this;
  }

  /**
   * Adds one more {@code plugin.path} root (a directory of plugin directories), e.g. one with
   * test-only connectors.
   */
  public ConnectClusterBuilder extraPluginRoot(Path root) {
    extraPluginRoots.add(Objects.requireNonNull(root, "root"));
    return this;
  }

  /**
   * Sets a worker property, e.g. {@code exactly.once.source.support=enabled}. The harness sets
   * {@code scheduled.rebalance.max.delay.ms=2000} and {@code offset.flush.interval.ms=1000} unless
   * overridden here; {@code plugin.path} and {@code plugin.discovery} have their own options.
   */
  public ConnectClusterBuilder workerProperty(String key, String value) {
    if ("plugin.path".equals(key) || "plugin.discovery".equals(key)) {
      throw new IllegalArgumentException("Set " + key + " with pluginsDir/extraPluginRoot/"
          + "pluginDiscovery, not as a plain worker property");
    }
    workerProps.put(key, value);
    return this;
  }

  /** Sets several worker properties, as {@link #workerProperty(String, String)} does. */
  public ConnectClusterBuilder workerProperties(Map<String, String> props) {
    props.forEach(this::workerProperty);
    return this;
  }

  /** Sets a broker property, e.g. {@code transaction.state.log.replication.factor=1}. */
  public ConnectClusterBuilder brokerProperty(String key, String value) {
    brokerProps.setProperty(key, value);
    return this;
  }

  /** Names the cluster (prefix of its internal topics and group id); unique by default. */
  public ConnectClusterBuilder name(String name) {
    this.name = Objects.requireNonNull(name, "name");
    return this;
  }

  /**
   * Checks the plugin directories, starts the broker(s) and the workers, and waits until every
   * worker is healthy.
   *
   * @throws IllegalStateException when the plugin directories are missing or empty
   */
  public ConnectCluster start() {
    return ConnectCluster.start(this);
  }
}
