// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.quickstart;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

class StartupReportTest {
  private final QuickstartOptions options = new QuickstartOptions(8083, 9092, 9093, Path.of("/data"),
      Path.of("/plugins"));

  @Test
  void listsStreamfirstPluginsAndCountsKafkasOwn() {
    String report = StartupReport.render(options, List.of(Path.of("/plugins/sql-transforms")), List.of(
        new ConnectorPlugin("io.streamfirst.connect.sql.SqlTransform", "transformation", "0.1.0"),
        new ConnectorPlugin("io.streamfirst.connect.sql.SqlPredicate", "predicate", "0.1.0"),
        new ConnectorPlugin("org.apache.kafka.connect.transforms.Cast$Value", "transformation", "4.3.1"),
        new ConnectorPlugin("org.apache.kafka.connect.transforms.Filter", "transformation", "4.3.1"),
        new ConnectorPlugin("org.apache.kafka.connect.json.JsonConverter", "converter", "4.3.1")),
        Duration.ofMillis(4_500));

    assertThat(report)
        .contains("ready in 4.5 s")
        .contains("Kafka bootstrap servers  localhost:9092")
        .contains("Connect REST API         http://localhost:8083")
        .contains("Plugin directories: sql-transforms")
        .contains("Streamfirst plugins loaded (2):")
        .containsPattern("predicate\\s+io\\.streamfirst\\.connect\\.sql\\.SqlPredicate\\s+0\\.1\\.0")
        .containsPattern("transformation\\s+io\\.streamfirst\\.connect\\.sql\\.SqlTransform\\s+0\\.1\\.0")
        .contains("Kafka's own plugins: 1 converter, 2 transformation")
        .contains("curl -s -X PUT -H 'Content-Type: application/json' --data @/data/examples/big-orders-sink.json "
            + "http://localhost:8083/connectors/big-orders-sink/config")
        .contains("Press Ctrl-C to stop");
    assertThat(report.indexOf("SqlPredicate")).isLessThan(report.indexOf("SqlTransform"));
  }

  @Test
  void saysSoWhenNoStreamfirstPluginLoaded() {
    String report = StartupReport.render(options, List.of(Path.of("/plugins/sql-transforms")), List.of(
        new ConnectorPlugin("org.apache.kafka.connect.json.JsonConverter", "converter", "4.3.1")), Duration.ZERO);

    assertThat(report)
        .contains("Streamfirst plugins loaded (0):\n  none: check the plugin directories and the full log");
  }
}
