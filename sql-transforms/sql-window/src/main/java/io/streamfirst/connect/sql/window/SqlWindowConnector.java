// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.sql.window;

import io.streamfirst.connect.common.PluginVersion;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.source.SourceConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Windowed SQL aggregation inside Kafka Connect: one statement (TUMBLE, HOP, CUMULATE or SESSION windows over event
 * time, GROUP BY, HAVING, EMIT FINAL or EMIT CHANGES) compiled onto a Kafka Streams topology. Each
 * task runs one Kafka Streams client of the connector's application id; Streams writes the results,
 * so the tasks hand no records to Connect. Configuration: {@link SqlWindowConfig}.
 */
public class SqlWindowConnector extends SourceConnector {

  private static final Logger LOG = LoggerFactory.getLogger(SqlWindowConnector.class);
  static final String TASK_ID = "sf.window.task.id";
  static final String CONNECTOR_NAME = "name";

  private Map<String, String> props;

  @Override
  public String version() {
    return PluginVersion.of(SqlWindowConnector.class);
  }

  @Override
  public void start(Map<String, String> props) {
    SqlWindowConfig config = new SqlWindowConfig(props);
    WindowQuery query = config.query();
    this.props = Map.copyOf(props);
    LOG.info("Windowed SQL connector {} starting: {} windows of {} ms over {}, results to {}, late records to {}",
        props.get(CONNECTOR_NAME), query.kind(), query.sizeMs(), config.inputTopics(), config.outputTopic(),
        config.lateTopic());
  }

  @Override
  public Class<? extends Task> taskClass() {
    return SqlWindowTask.class;
  }

  @Override
  public List<Map<String, String>> taskConfigs(int maxTasks) {
    List<Map<String, String>> configs = new ArrayList<>(maxTasks);
    for (int i = 0; i < maxTasks; i++) {
      Map<String, String> task = new HashMap<>(props);
      task.put(TASK_ID, Integer.toString(i));
      configs.add(task);
    }
    return configs;
  }

  @Override
  public void stop() {
    // the tasks hold the Streams clients
  }

  @Override
  public ConfigDef config() {
    return SqlWindowConfig.CONFIG_DEF;
  }
}
