// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.iceberg;

import io.streamfirst.connect.common.PluginVersion;
import io.streamfirst.connect.iceberg.catalog.CatalogUnavailableException;
import io.streamfirst.connect.iceberg.catalog.Catalogs;
import io.streamfirst.connect.iceberg.catalog.Secrets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.sink.SinkConnector;

/**
 * Writes Kafka records into Apache Iceberg tables: appends, or CDC upserts and deletes applied with
 * equality deletes, committed exactly once with the consumed offsets in each snapshot's summary.
 */
public class IcebergSinkConnector extends SinkConnector {

  /** Set on each task's configuration: its number among the connector's tasks. */
  static final String TASK_NUMBER = "streamfirst.iceberg.task.number";

  private Map<String, String> props;
  /** The OpenLineage run of this connector run: a connector instance lives from one start to its stop. */
  private final String lineageRunId = io.streamfirst.connect.lineage.LineageRun.newRunId();

  @Override
  public String version() {
    return PluginVersion.of(IcebergSinkConnector.class);
  }

  @Override
  public void start(Map<String, String> props) {
    new IcebergSinkConfig(props);
    this.props = Map.copyOf(props);
  }

  @Override
  public Class<? extends Task> taskClass() {
    return IcebergSinkTask.class;
  }

  @Override
  public List<Map<String, String>> taskConfigs(int maxTasks) {
    List<Map<String, String>> configs = new ArrayList<>(maxTasks);
    for (int i = 0; i < maxTasks; i++) {
      Map<String, String> task = new HashMap<>(io.streamfirst.connect.lineage.LineageRun.withRunId(props,
          lineageRunId));
      task.put(TASK_NUMBER, Integer.toString(i));
      configs.add(task);
    }
    return configs;
  }

  @Override
  public void stop() {
    props = null;
  }

  @Override
  public ConfigDef config() {
    return IcebergSinkConfig.CONFIG_DEF;
  }

  /** Per-key validation, then the cross-field checks attached to the key they concern. */
  @Override
  public Config validate(Map<String, String> connectorConfigs) {
    Config config = super.validate(connectorConfigs);
    io.streamfirst.connect.lineage.LineageConfig.addErrors(config.configValues(), connectorConfigs);
    boolean keysValid = config.configValues().stream().allMatch(v -> v.errorMessages().isEmpty());
    if (keysValid) {
      IcebergSinkConfig parsed;
      try {
        parsed = new IcebergSinkConfig(connectorConfigs);
      } catch (ConfigException e) {
        attach(config, e);
        return config;
      }
      if (parsed.validateCatalog()) {
        checkCatalog(config, parsed);
      }
    }
    return config;
  }

  /** Starts the catalog once, so an unreachable or misconfigured catalog is reported on submission. */
  private static void checkCatalog(Config config, IcebergSinkConfig parsed) {
    String key = parsed.catalogType().equals("hadoop")
        ? IcebergSinkConfig.CATALOG_WAREHOUSE
        : IcebergSinkConfig.CATALOG_URI;
    try {
      org.apache.iceberg.catalog.Catalog catalog = Catalogs.load(parsed);
      if (catalog instanceof java.io.Closeable closeable) {
        closeable.close();
      }
    } catch (ConfigException | CatalogUnavailableException | java.io.IOException e) {
      // Catalogs.load describes the failure by its kind; nothing a server answered is passed on.
      String message = e instanceof java.io.IOException
          ? "closing the catalog failed (" + Secrets.describe(e) + ")"
          : e.getMessage();
      for (ConfigValue value : config.configValues()) {
        if (value.name().equals(key)) {
          value.addErrorMessage(message);
        }
      }
    }
  }

  /** Attaches the error to the key it names ("... for configuration KEY: ..."), else to the catalog type. */
  private static void attach(Config config, ConfigException e) {
    String message = e.getMessage() == null ? "invalid configuration" : e.getMessage();
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("for configuration (\\S+?):").matcher(message);
    String key = m.find() ? m.group(1) : IcebergSinkConfig.CATALOG_TYPE;
    for (ConfigValue value : config.configValues()) {
      if (value.name().equals(key)) {
        value.addErrorMessage(message);
        return;
      }
    }
    config.configValues().add(new ConfigValue(key, null, List.of(), List.of(message)));
  }
}
