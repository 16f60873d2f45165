// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.clickhouse;

import io.streamfirst.connect.clickhouse.client.ClickHouseConnection;
import io.streamfirst.connect.clickhouse.client.ClickHouseError;
import io.streamfirst.connect.clickhouse.client.ClickHouseException;
import io.streamfirst.connect.common.PluginVersion;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.sink.SinkConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Streamfirst's ClickHouse sink: appends, or CDC upserts and deletes, into auto-created and evolving
 * tables with exactly-once effect. Configuration: {@link ClickHouseSinkConfig}.
 */
public class ClickHouseSinkConnector extends SinkConnector {

  private static final Logger LOG = LoggerFactory.getLogger(ClickHouseSinkConnector.class);

  private Map<String, String> props;
  /** The OpenLineage run of this connector run: a connector instance lives from one start to its stop. */
  private final String lineageRunId = io.streamfirst.connect.lineage.LineageRun.newRunId();

  @Override
  public String version() {
    return PluginVersion.of(ClickHouseSinkConnector.class);
  }

  @Override
  public void start(Map<String, String> props) {
    ClickHouseSinkConfig config = new ClickHouseSinkConfig(props);
    this.props = Map.copyOf(props);
    LOG.info("ClickHouse sink {} starting: {} database {}, {} mode", props.get("name"), config.endpoint(),
        config.database(), config.writeMode());
  }

  @Override
  public Class<? extends Task> taskClass() {
    return ClickHouseSinkTask.class;
  }

  @Override
  public List<Map<String, String>> taskConfigs(int maxTasks) {
    return io.streamfirst.connect.sink.TableFreshness.numberedTaskConfigs(
        io.streamfirst.connect.lineage.LineageRun.withRunId(props, lineageRunId), maxTasks);
  }

  @Override
  public void stop() {
    // nothing held
  }

  @Override
  public ConfigDef config() {
    return ClickHouseSinkConfig.CONFIG_DEF;
  }

  /**
   * Field checks, then cross-field checks attached to the key they concern, then (when the fields are
   * valid) a connection check: reachable, credentials accepted, database present.
   */
  @Override
  public Config validate(Map<String, String> connectorConfigs) {
    Config result = super.validate(connectorConfigs);
    io.streamfirst.connect.lineage.LineageConfig.addErrors(result.configValues(), connectorConfigs);
    Map<String, ConfigValue> values = new HashMap<>();
    result.configValues().forEach(v -> values.put(v.name(), v));
    if (result.configValues().stream().anyMatch(v -> !v.errorMessages().isEmpty())) {
      return result;
    }
    ClickHouseSinkConfig config;
    try {
      config = new ClickHouseSinkConfig(connectorConfigs);
    } catch (ConfigException e) {
      attach(values, result, e, connectorConfigs);
      return result;
    }
    if (config.validateConnection() && checkConnection(config, values)) {
      checkSettings(config, values, result);
    }
    return result;
  }

  /**
   * Attaches a cross-field error to the key it names ("... for configuration KEY: ..."), adding an
   * entry for keys outside the ConfigDef (the clickhouse.settings.* pass-through).
   */
  private static void attach(Map<String, ConfigValue> values, Config result, ConfigException e,
      Map<String, String> connectorConfigs) {
    String message = e.getMessage() == null ? "" : e.getMessage();
    java.util.Set<String> keys = new java.util.LinkedHashSet<>(values.keySet());
    keys.addAll(connectorConfigs.keySet());
    String key = keys.stream()
        .filter(k -> message.contains(" " + k + ":") || message.contains("configuration " + k + " "))
        .findFirst().orElse(ClickHouseSinkConfig.HOST);
    value(values, result, key).addErrorMessage(message);
  }

  private static ConfigValue value(Map<String, ConfigValue> values, Config result, String key) {
    ConfigValue value = values.get(key);
    if (value == null) {
      value = new ConfigValue(key);
      result.configValues().add(value);
      values.put(key, value);
    }
    return value;
  }

  /**
   * Reachable, credentials accepted, database present; failures go on the key concerned, with the
   * server's error code but never its text (which may quote the request). True when all passed.
   */
  private static boolean checkConnection(ClickHouseSinkConfig config, Map<String, ConfigValue> values) {
    try (ClickHouseConnection connection = new ClickHouseConnection(config)) {
      connection.serverVersion();
      List<Map<String, String>> db = connection.query("SELECT name FROM system.databases WHERE name = "
          + io.streamfirst.connect.clickhouse.schema.Sql.literal(config.database()));
      if (db.isEmpty()) {
        values.get(ClickHouseSinkConfig.DATABASE).addErrorMessage("Database '" + config.database()
            + "' does not exist on " + config.endpoint() + "; create it (CREATE DATABASE) or name an existing one");
        return false;
      }
      return true;
    } catch (ClickHouseException e) {
      ClickHouseError error = e.error();
      if (error.authentication()) {
        values.get(ClickHouseSinkConfig.PASSWORD).addErrorMessage("ClickHouse at " + config.endpoint()
            + " rejected user '" + config.user() + "' with this password: check " + ClickHouseSinkConfig.USER
            + " and " + ClickHouseSinkConfig.PASSWORD);
      } else if (error.code() == ClickHouseError.UNKNOWN_DATABASE) {
        values.get(ClickHouseSinkConfig.DATABASE).addErrorMessage("Database '" + config.database()
            + "' does not exist on " + config.endpoint());
      } else {
        values.get(ClickHouseSinkConfig.HOST).addErrorMessage("Cannot reach ClickHouse at " + config.endpoint() + ": "
            + error.message() + ". Check " + ClickHouseSinkConfig.HOST + ", " + ClickHouseSinkConfig.PORT + " and "
            + ClickHouseSinkConfig.SSL_ENABLED);
      }
    } catch (ConfigException e) {
      values.get(ClickHouseSinkConfig.SSL_TRUSTSTORE_LOCATION).addErrorMessage(e.getMessage());
    }
    return false;
  }

  /**
   * Each clickhouse.settings.* entry with a {@code SELECT 1}: a setting the server refuses is reported
   * on its key with the error code, never with its value or the server's text (which quotes it).
   */
  private static void checkSettings(ClickHouseSinkConfig config, Map<String, ConfigValue> values, Config result) {
    if (config.serverSettings().isEmpty()) {
      return;
    }
    try (ClickHouseConnection connection = new ClickHouseConnection(config)) {
      for (String name : config.serverSettings().keySet()) {
        try {
          connection.checkSetting(name);
        } catch (ClickHouseException e) {
          value(values, result, ClickHouseSinkConfig.SETTINGS_PREFIX + name).addErrorMessage("ClickHouse at "
              + config.endpoint() + " refuses this setting: " + e.error().message() + ". Check the setting's name"
              + " and value for this server version");
        }
      }
    }
  }
}
