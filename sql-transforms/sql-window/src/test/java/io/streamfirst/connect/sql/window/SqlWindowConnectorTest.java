// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.sql.window;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigValue;
import org.junit.jupiter.api.Test;

/** What config/validate and start report for the connector's configuration. */
class SqlWindowConnectorTest {

  static Map<String, String> config(String query) {
    Map<String, String> config = new HashMap<>();
    config.put("name", "revenue");
    config.put(SqlWindowConfig.QUERY, query);
    config.put(SqlWindowConfig.INPUT_TOPICS, "orders");
    config.put(SqlWindowConfig.OUTPUT_TOPIC, "revenue");
    config.put(SqlWindowConfig.BOOTSTRAP_SERVERS, "localhost:9092");
    return config;
  }

  @Test
  void badQueryIsReportedOnTheQueryFieldWithLineAndColumn() {
    Map<String, String> config = config("SELECT window_start, amount, COUNT(*)\nFROM TABLE(TUMBLE(TABLE orders,"
        + " DESCRIPTOR(placed_at), INTERVAL '1' MINUTE))\nGROUP BY window_start");
    List<ConfigValue> values = new SqlWindowConnector().validate(config).configValues();
    ConfigValue query = values.stream().filter(v -> v.name().equals(SqlWindowConfig.QUERY)).findFirst().orElseThrow();
    assertThat(query.errorMessages()).singleElement().asString()
        .contains("column \"amount\" must appear in the GROUP BY clause or be used in an aggregate function")
        .contains("line 1, column 22");
    assertThat(values.stream().filter(v -> !v.name().equals(SqlWindowConfig.QUERY))
        .flatMap(v -> v.errorMessages().stream())).isEmpty();
    assertThatThrownBy(() -> new SqlWindowConnector().start(config)).isInstanceOf(ConfigException.class)
        .hasMessageContaining("query").hasMessageContaining("line 1, column 22");
  }

  @Test
  void goodQueryValidatesAndEveryTaskGetsItsId() {
    Map<String, String> config = config("SELECT window_start, COUNT(*) AS n FROM TABLE(TUMBLE(TABLE orders,"
        + " DESCRIPTOR(placed_at), INTERVAL '1' MINUTE)) GROUP BY window_start");
    assertThat(new SqlWindowConnector().validate(config).configValues())
        .allSatisfy(v -> assertThat(v.errorMessages()).as(v.name()).isEmpty());
    SqlWindowConnector connector = new SqlWindowConnector();
    connector.start(config);
    assertThat(connector.taskConfigs(3)).extracting(c -> c.get(SqlWindowConnector.TASK_ID))
        .containsExactly("0", "1", "2");
    SqlWindowConfig parsed = new SqlWindowConfig(config);
    assertThat(parsed.lateTopic()).isEqualTo("revenue.late");
    assertThat(SqlWindowTask.streamsProperties(parsed, "revenue", "1"))
        .containsEntry("application.id", "streamfirst-window-revenue")
        .containsEntry("processing.guarantee", "exactly_once_v2");
  }
}
