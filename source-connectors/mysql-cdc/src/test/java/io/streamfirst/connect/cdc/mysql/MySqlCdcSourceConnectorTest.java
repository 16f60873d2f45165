// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.cdc.mysql;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.connect.source.ExactlyOnceSupport;
import org.junit.jupiter.api.Test;

class MySqlCdcSourceConnectorTest {

  private final MySqlCdcSourceConnector connector = new MySqlCdcSourceConnector();

  @Test
  void configHasEveryDebeziumOptionOfBothFlavoursAndTheStreamfirstOnes() {
    assertThat(connector.config().names()).contains("database.hostname", "database.server.id", "topic.prefix",
        "table.include.list", "snapshot.locking.mode", "gtid.source.includes",
        "streamfirst.output.format", "streamfirst.lineage.headers.enabled", "streamfirst.server.flavor",
        "streamfirst.preflight.enabled", "streamfirst.preflight.primary.key", "streamfirst.preflight.warnings");
    assertThat(connector.taskClass()).isEqualTo(MySqlCdcSourceTask.class);
    assertThat(connector.exactlyOnceSupport(Map.of())).isEqualTo(ExactlyOnceSupport.SUPPORTED);
  }

  @Test
  void tasksGetTheConfigurationWithDefaultsApplied() {
    connector.start(Map.of("name", "my-orders", "database.hostname", "db1"));

    assertThat(connector.taskConfigs(3)).singleElement().satisfies(config -> assertThat(config)
        .containsEntry("topic.prefix", "my-orders").containsEntry("database.hostname", "db1")
        .containsKey("database.server.id"));
  }

  @Test
  void validationWithoutPreflightNeedsNoDatabaseAndDerivesTheRequiredNames() {
    Map<String, String> config = Map.of("name", "my-orders", "database.hostname", "db.invalid",
        "database.user", "cdc", "database.password", "s3cret", "streamfirst.preflight.enabled", "false",
        "schema.history.internal.kafka.bootstrap.servers", "localhost:9092");

    List<ConfigValue> values = connector.validate(config).configValues();

    assertThat(values).allSatisfy(value -> assertThat(value.errorMessages()).as(value.name()).isEmpty());
    assertThat(values).extracting(ConfigValue::name).contains("topic.prefix", "database.server.id",
        "streamfirst.output.format");
  }

  @Test
  void badStreamfirstOptionsAreFieldErrors() {
    Map<String, String> config = Map.of("name", "my-orders", "database.hostname", "db.invalid",
        "database.user", "cdc", "streamfirst.preflight.enabled", "false",
        "schema.history.internal.kafka.bootstrap.servers", "localhost:9092",
        "streamfirst.output.format", "xml", "streamfirst.server.flavor", "oracle");

    List<ConfigValue> values = connector.validate(config).configValues();

    assertThat(errorsOf(values, "streamfirst.output.format")).singleElement().asString().contains("xml");
    assertThat(errorsOf(values, "streamfirst.server.flavor")).singleElement().asString().contains("oracle");
  }

  @Test
  void anUnreachableServerIsAnErrorOnTheHostnameWithoutThePassword() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    Map<String, String> config = Map.of("name", "my-orders", "database.hostname", "127.0.0.1",
        "database.port", Integer.toString(closedPort), "database.user", "cdc", "database.password", "s3cret-pw",
        "schema.history.internal.kafka.bootstrap.servers", "localhost:9092");

    List<ConfigValue> values = connector.validate(config).configValues();

    assertThat(errorsOf(values, "database.hostname")).singleElement().asString()
        .contains("Cannot reach the database at 127.0.0.1:" + closedPort).doesNotContain("s3cret-pw");
    assertThat(values).allSatisfy(value -> assertThat(value.errorMessages()).as(value.name())
        .noneMatch(message -> message.contains("s3cret-pw")));
  }

  private static List<String> errorsOf(List<ConfigValue> values, String name) {
    return values.stream().filter(v -> v.name().equals(name)).findFirst().orElseThrow().errorMessages();
  }
}
