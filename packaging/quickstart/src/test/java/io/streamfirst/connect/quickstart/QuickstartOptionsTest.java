// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.quickstart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

class QuickstartOptionsTest {

  @Test
  void defaultsAreTheWellKnownPorts() {
    QuickstartOptions options = QuickstartOptions.parse();

    assertThat(options.restPort()).isEqualTo(8083);
    assertThat(options.kafkaPort()).isEqualTo(9092);
    assertThat(options.controllerPort()).isEqualTo(9093);
    assertThat(options.restUrl()).isEqualTo("http://localhost:8083");
    assertThat(options.bootstrapServers()).isEqualTo("localhost:9092");
  }

  @Test
  void parsesSeparateAndInlineValues() {
    QuickstartOptions options = QuickstartOptions.parse("--rest-port", "18083", "--kafka-port=19092",
        "--controller-port", "19093", "--data-dir", "some/dir", "--plugin-path=/opt/plugins");

    assertThat(options.restPort()).isEqualTo(18083);
    assertThat(options.kafkaPort()).isEqualTo(19092);
    assertThat(options.controllerPort()).isEqualTo(19093);
    assertThat(options.dataDir()).isEqualTo(Path.of("some/dir").toAbsolutePath());
    assertThat(options.pluginPath()).isEqualTo(Path.of("/opt/plugins"));
    assertThat(options.logFile()).isEqualTo(Path.of("some/dir/quickstart.log").toAbsolutePath());
  }

  @Test
  void rejectsAPortThatIsNotANumber() {
    assertThatThrownBy(() -> QuickstartOptions.parse("--rest-port", "eighty"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("--rest-port must be a port number, got 'eighty'.");
  }

  @Test
  void rejectsAPortOutOfRange() {
    assertThatThrownBy(() -> QuickstartOptions.parse("--kafka-port", "70000"))
        .hasMessage("--kafka-port must be between 1 and 65535, got 70000.");
  }

  @Test
  void rejectsUnknownOptionsAndListsTheKnownOnes() {
    assertThatThrownBy(() -> QuickstartOptions.parse("--port", "1"))
        .hasMessageStartingWith("Unknown option --port.")
        .hasMessageContaining("--rest-port")
        .hasMessageContaining("--data-dir");
  }

  @Test
  void rejectsAnOptionWithoutValue() {
    assertThatThrownBy(() -> QuickstartOptions.parse("--data-dir"))
        .hasMessageStartingWith("Option --data-dir needs a value.");
  }

  @Test
  void rejectsTheSamePortTwice() {
    assertThatThrownBy(() -> QuickstartOptions.parse("--rest-port", "9092"))
        .hasMessage("The REST, Kafka and controller ports must differ, got 9092, 9092 and 9093.");
  }

  @Test
  void thePipelineIsTheDefaultModeWithItsDefaults() {
    QuickstartOptions options = QuickstartOptions.parse();

    assertThat(options.mode()).isEqualTo(QuickstartOptions.Mode.PIPELINE);
    assertThat(options.pipeline()).isEqualTo(PipelineSettings.defaults());
    assertThat(options.pipeline().sinks()).containsExactlyInAnyOrder(PipelineSettings.Sink.values());
    assertThat(options.pipeline().bounded()).isFalse();
  }

  @Test
  void parsesThePipelineOptions() {
    QuickstartOptions options = QuickstartOptions.parse("--mode", "query", "--rate", "50", "--duration=30",
        "--sinks", "iceberg", "--seed", "9", "--postgres-port", "25432", "--clickhouse-port", "28123", "--table",
        "customers", "--data-dir", "d");

    assertThat(options.mode()).isEqualTo(QuickstartOptions.Mode.QUERY);
    assertThat(options.pipeline()).isEqualTo(new PipelineSettings(50, java.time.Duration.ofSeconds(30),
        java.util.Set.of(PipelineSettings.Sink.ICEBERG), 9, 25432, 28123, "customers"));
    assertThat(options.pipeline().bounded()).isTrue();
    assertThat(options.warehouse()).isEqualTo(Path.of("d/warehouse").toAbsolutePath());
    assertThat(QuickstartOptions.parse("--sinks", "none").pipeline().sinks()).isEmpty();
  }

  @Test
  void rejectsAnUnknownSinkModeOrANegativeRate() {
    assertThatThrownBy(() -> QuickstartOptions.parse("--sinks", "iceberg,kafka"))
        .hasMessage("--sinks takes a comma-separated list of iceberg and clickhouse, got 'kafka'.");
    assertThatThrownBy(() -> QuickstartOptions.parse("--mode", "demo"))
        .hasMessage("--mode must be pipeline, stack or query, got 'demo'.");
    assertThatThrownBy(() -> QuickstartOptions.parse("--rate", "-1"))
        .hasMessage("--rate must be 0 or more changes per second, got -1.");
  }
}
