// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.it.docker;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.connect.connector.Connector;
import org.apache.kafka.connect.runtime.SinkConnectorConfig;
import org.apache.kafka.connect.runtime.SourceConnectorConfig;
import org.apache.kafka.connect.runtime.isolation.LoaderSwap;
import org.apache.kafka.connect.runtime.isolation.Plugins;
import org.apache.kafka.connect.sink.SinkConnector;
import org.apache.kafka.connect.transforms.Transformation;
import org.apache.kafka.connect.transforms.predicates.Predicate;

/**
 * Validates connector bodies the way the compose stack's worker would, without its databases: the plugins are
 * loaded from the plugin directories docker-compose.yml mounts, laid out as the worker's {@code plugin.path}, with
 * the worker's discovery mode; then Connect's own connector-config checks (transforms, predicates, error handling),
 * the connector's {@code validate()} with only its connection checks switched off, and every transform and predicate
 * configured as a task would (SQL compiled, contracts file read from its mounted host copy).
 */
final class ConnectorBodies {
  /** Per connector class: the setting that switches off its connection checks (the stack's servers are not here). */
  static final Map<String, String> OFFLINE = Map.of(
      "io.streamfirst.connect.cdc.postgres.PostgresCdcSourceConnector", "streamfirst.preflight.enabled",
      "io.streamfirst.connect.cdc.mysql.MySqlCdcSourceConnector", "streamfirst.preflight.enabled",
      "io.streamfirst.connect.clickhouse.ClickHouseSinkConnector", "clickhouse.validate.connection.enabled",
      "io.streamfirst.connect.iceberg.IcebergSinkConnector", "iceberg.validate.catalog.enabled");

  private static ConnectorBodies shared;

  private final ComposeFile compose;
  private final Plugins plugins;

  private ConnectorBodies(ComposeFile compose, Plugins plugins) {
    this.compose = compose;
    this.plugins = plugins;
  }

  /**
   * One instance for the test JVM (scanning the plugin directories takes seconds), its plugin.path under
   * target/compose-plugin-path.
   */
  static synchronized ConnectorBodies shared() throws IOException {
    if (shared == null) {
      Path dir = Path.of("target", "compose-plugin-path").toAbsolutePath();
      if (Files.exists(dir)) {
        try (var stale = Files.walk(dir)) {
          for (Path path : stale.sorted(java.util.Comparator.reverseOrder()).toList()) {
            Files.delete(path); // links only: the plugin directories they point at stay
          }
        }
      }
      shared = of(ComposeFile.load(), dir);
    }
    return shared;
  }

  /** Plugins of the compose worker: a plugin.path of links to the mounted plugin directories, under {@code dir}. */
  static ConnectorBodies of(ComposeFile compose, Path dir) throws IOException {
    Properties worker = ComposeFileTest.workerProperties();
    String pluginPath = worker.getProperty("plugin.path");
    Path root = Files.createDirectories(dir.resolve("plugins"));
    for (Map.Entry<String, Path> mount : compose.bindMounts("connect").entrySet()) {
      if (mount.getKey().startsWith(pluginPath + "/")) {
        Files.createSymbolicLink(root.resolve(mount.getKey().substring(pluginPath.length() + 1)), mount.getValue());
      }
    }
    Map<String, String> props = new HashMap<>();
    worker.stringPropertyNames().forEach(key -> props.put(key, worker.getProperty(key)));
    props.put("plugin.path", root.toString());
    return new ConnectorBodies(compose, new Plugins(props));
  }

  Plugins plugins() {
    return plugins;
  }

  /** Every problem Connect and the plugins find in the body; empty when a worker of the stack would accept it. */
  List<String> problems(String name, Map<String, String> body) {
    Map<String, String> config = new LinkedHashMap<>(body);
    config.putIfAbsent("name", name);
    List<String> problems = new ArrayList<>();
    String connectorClass = config.get("connector.class");
    Connector connector;
    try {
      connector = plugins.newConnector(connectorClass);
    } catch (RuntimeException e) {
      return List.of("connector.class: " + e.getMessage());
    }
    // As the worker's herder: class names in the config resolve through the loader that sees every plugin.
    try (LoaderSwap swap = plugins.withClassLoader(plugins.delegatingLoader())) {
      if (connector instanceof SinkConnector) {
        new SinkConnectorConfig(plugins, config);
      } else {
        new SourceConnectorConfig(plugins, config, true);
      }
    } catch (ConfigException e) {
      problems.add("connector config: " + e.getMessage());
    }
    Map<String, String> offline = new LinkedHashMap<>(config);
    if (OFFLINE.containsKey(connectorClass)) {
      offline.put(OFFLINE.get(connectorClass), "false");
    }
    try (LoaderSwap swap = plugins.withClassLoader(connector.getClass().getClassLoader())) {
      Config validated = connector.validate(offline);
      for (ConfigValue value : validated.configValues()) {
        value.errorMessages().forEach(error -> problems.add(value.name() + ": " + error));
      }
    } catch (RuntimeException e) {
      problems.add("validate: " + e);
    }
    for (String alias : list(config.get("transforms"))) {
      problems.addAll(configure("transforms", alias, config));
    }
    for (String alias : list(config.get("predicates"))) {
      problems.addAll(configure("predicates", alias, config));
    }
    return problems;
  }

  /** Instantiates and configures one transform or predicate, as a task does. */
  private List<String> configure(String kind, String alias, Map<String, String> config) {
    String prefix = kind + "." + alias + ".";
    try {
      Object plugin = configured(kind, alias, config);
      try (LoaderSwap swap = plugins.withClassLoader(plugin.getClass().getClassLoader())) {
        ((AutoCloseable) plugin).close();
      }
      return List.of();
    } catch (ClassNotFoundException e) {
      return List.of(prefix + "type: " + config.get(prefix + "type") + " is not on the worker's plugin.path");
    } catch (Exception e) {
      return List.of(prefix + "*: " + e.getMessage());
    }
  }

  /**
   * The transform or predicate {@code alias} of the body, configured as a task configures it (paths inside the
   * worker container read from their mounted host copies). Call it and close it within
   * {@link Plugins#withClassLoader} of its class loader.
   */
  Object configured(String kind, String alias, Map<String, String> config) throws ClassNotFoundException {
    String prefix = kind + "." + alias + ".";
    Map<String, String> own = new HashMap<>();
    config.forEach((key, value) -> {
      if (key.startsWith(prefix)) {
        String setting = key.substring(prefix.length());
        own.put(setting, value.startsWith("/")
            ? compose.hostPath("connect", value).map(Path::toString).orElse(value)
            : value);
      }
    });
    String type = own.remove("type");
    own.remove("predicate");
    own.remove("negate");
    if (type == null) {
      throw new ConfigException(prefix + "type", null, "missing");
    }
    Object plugin = plugins.newPlugin(type, null);
    try (LoaderSwap swap = plugins.withClassLoader(plugin.getClass().getClassLoader())) {
      if (plugin instanceof Transformation<?> transformation) {
        transformation.configure(own);
      } else if (plugin instanceof Predicate<?> predicate) {
        predicate.configure(own);
      } else {
        throw new ConfigException(prefix + "type", type, "neither a transformation nor a predicate");
      }
    }
    return plugin;
  }

  private static List<String> list(String value) {
    if (value == null || value.isBlank()) {
      return List.of();
    }
    return List.of(value.trim().split("\\s*,\\s*"));
  }
}
