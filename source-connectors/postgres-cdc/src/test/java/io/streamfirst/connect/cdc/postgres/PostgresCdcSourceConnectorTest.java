// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.cdc.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigValue;
import org.junit.jupiter.api.Test;

class PostgresCdcSourceConnectorTest {

  private final PostgresCdcSourceConnector connector = new PostgresCdcSourceConnector();

  @Test
  void configHasEveryDebeziumOptionAndTheStreamfirstOnes() {
    assertThat(connector.config().names()).contains("database.hostname", "slot.name", "publication.name",
        "plugin.name", "table.include.list", "heartbeat.action.query",
        "streamfirst.output.format", "streamfirst.lineage.headers.enabled", "streamfirst.preflight.enabled",
        "streamfirst.preflight.replica.identity", "streamfirst.preflight.warnings");
    assertThat(connector.taskClass()).isEqualTo(PostgresCdcSourceTask.class);
  }

  @Test
  void validationWithoutPreflightNeedsNoDatabaseAndDerivesTheTopicPrefix() {
    Map<String, String> config = Map.of("name", "pg-orders", "database.hostname", "db.invalid",
        "database.user", "cdc", "database.password", "s3cret", "database.dbname", "shop",
        "streamfirst.preflight.enabled", "false");

    List<ConfigValue> values = connector.validate(config).configValues();

    assertThat(values).allSatisfy(value -> assertThat(value.errorMessages()).as(value.name()).isEmpty());
    assertThat(values).extracting(ConfigValue::name).contains("topic.prefix", "streamfirst.output.format");
  }

  @Test
  void badStreamfirstOptionsAreFieldErrors() {
    Map<String, String> config = Map.of("name", "pg-orders", "database.hostname", "db.invalid",
        "database.user", "cdc", "database.dbname", "shop", "streamfirst.preflight.enabled", "false",
        "streamfirst.output.format", "xml", "streamfirst.preflight.replica.identity", "maybe");

    List<ConfigValue> values = connector.validate(config).configValues();

    assertThat(errorsOf(values, "streamfirst.output.format")).singleElement().asString().contains("xml");
    assertThat(errorsOf(values, "streamfirst.preflight.replica.identity")).isNotEmpty();
  }

  @Test
  void anUnreachableDatabaseIsAnErrorOnTheHostnameWithoutThePassword() throws Exception {
    int closedPort;
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    Map<String, String> config = Map.of("name", "pg-orders", "database.hostname", "127.0.0.1",
        "database.port", Integer.toString(closedPort), "database.user", "cdc",
        "database.password", "s3cret-pw", "database.dbname", "shop");

    List<ConfigValue> values = connector.validate(config).configValues();

    assertThat(errorsOf(values, "database.hostname")).singleElement().asString()
        .contains("Cannot reach PostgreSQL at 127.0.0.1:" + closedPort).doesNotContain("s3cret-pw");
    assertThat(values).allSatisfy(value -> assertThat(value.errorMessages()).as(value.name())
        .noneMatch(message -> message.contains("s3cret-pw")));
  }

  private static List<String> errorsOf(List<ConfigValue> values, String name) {
    return values.stream().filter(v -> v.name().equals(name)).findFirst().orElseThrow().errorMessages();
  }
}
