// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.snowflake;

import io.streamfirst.connect.common.PluginVersion;
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
 * Streamfirst's Snowflake sink: appends records to schematized, auto-created and evolving tables through
 * Snowpipe Streaming, exactly once. Configuration: {@link SnowflakeSinkConfig}.
 */
public class SnowflakeSinkConnector extends SinkConnector {

  private static final Logger LOG = LoggerFactory.getLogger(SnowflakeSinkConnector.class);

  private Map<String, String> props;

  @Override
  public String version() {
    return PluginVersion.of(SnowflakeSinkConnector.class);
  }

  @Override
  public void start(Map<String, String> props) {
    SnowflakeSinkConfig config = new SnowflakeSinkConfig(props);
    this.props = Map.copyOf(props);
    LOG.info("Snowflake sink {} starting: {} database {} schema {}", props.get("name"), config.accountUrl(),
        config.database(), config.schema());
  }

  @Override
  public Class<? extends Task> taskClass() {
    return SnowflakeSinkTask.class;
  }

  @Override
  public List<Map<String, String>> taskConfigs(int maxTasks) {
    return io.streamfirst.connect.sink.TableFreshness.numberedTaskConfigs(props, maxTasks);
  }

  @Override
  public void stop() {
    // nothing held
  }

  @Override
  public ConfigDef config() {
    return SnowflakeSinkConfig.CONFIG_DEF;
  }

  /**
   * Field checks, then the checks that need several fields (URL shape, topic map, the private key and its
   * passphrase), each attached to the key it concerns. Secret values never appear in a message.
   */
  @Override
  public Config validate(Map<String, String> connectorConfigs) {
    Config result = super.validate(connectorConfigs);
    if (result.configValues().stream().anyMatch(v -> !v.errorMessages().isEmpty())) {
      return result;
    }
    try {
      new SnowflakeSinkConfig(connectorConfigs);
    } catch (ConfigException e) {
      String message = e.getMessage() == null ? "" : e.getMessage();
      ConfigValue target = result.configValues().stream()
          .filter(v -> message.contains("configuration " + v.name() + " ") || message.contains(" " + v.name() + ":"))
          .reduce((a, b) -> a.name().length() >= b.name().length() ? a : b)
          .orElseGet(() -> result.configValues().stream()
              .filter(v -> v.name().equals(SnowflakeSinkConfig.ACCOUNT_URL)).findFirst().orElseThrow());
      target.addErrorMessage(message);
    }
    return result;
  }
}
