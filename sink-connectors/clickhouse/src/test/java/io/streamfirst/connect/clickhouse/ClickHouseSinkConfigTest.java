// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigValue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Cross-field checks of the configuration, and pass-through settings that would break batch atomicity. */
class ClickHouseSinkConfigTest {

  private static Map<String, String> props(String... kv) {
    Map<String, String> props = new HashMap<>();
    props.put(ClickHouseSinkConfig.HOST, "localhost");
    for (int i = 0; i < kv.length; i += 2) {
      props.put(kv[i], kv[i + 1]);
    }
    return props;
  }

  @Test
  void offsetVersionsAreRefusedWhenTheConfigurationWritesSeveralTopicsIntoOneCdcTable() {
    assertThatThrownBy(() -> new ClickHouseSinkConfig(props("topics", "a,b", "write.mode", "cdc",
        "table.topic.map", "a:t,b:t")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("configuration cdc.version.source:")
        .hasMessageContaining("table 't' would receive the topics a and b");
    assertThatThrownBy(() -> new ClickHouseSinkConfig(props("topics", "a,b", "write.mode", "cdc",
        "table.name.format", "all")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("table 'all'");
    assertThatThrownBy(() -> new ClickHouseSinkConfig(props("topics", "shop-a, shop-b", "write.mode", "cdc",
        "transforms", "merge", "transforms.merge.type", "org.apache.kafka.connect.transforms.RegexRouter",
        "transforms.merge.regex", "(.*)-[ab]", "transforms.merge.replacement", "$1")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("table 'shop'");
  }

  @Test
  void offsetVersionsAreFineForOneTopicPerTableSourcePositionsAppendsAndContentRouting() {
    assertThatCode(() -> new ClickHouseSinkConfig(props("topics", "a,b", "write.mode", "cdc")))
        .doesNotThrowAnyException();
    assertThatCode(() -> new ClickHouseSinkConfig(props("topics", "a,b", "write.mode", "cdc",
        "table.topic.map", "a:t,b:t", "cdc.version.source", "source.position"))).doesNotThrowAnyException();
    assertThatCode(() -> new ClickHouseSinkConfig(props("topics", "a,b", "table.topic.map", "a:t,b:t")))
        .doesNotThrowAnyException();
    assertThatCode(() -> new ClickHouseSinkConfig(props("topics", "a,b", "write.mode", "cdc",
        "table.route.field", "kind"))).doesNotThrowAnyException();
    assertThatCode(() -> new ClickHouseSinkConfig(props("topics", "shop-a,shop-b", "write.mode", "cdc",
        "transforms", "merge", "transforms.merge.type", "org.apache.kafka.connect.transforms.RegexRouter",
        "transforms.merge.regex", "(.*)-[ab]", "transforms.merge.replacement", "$1",
        "transforms.merge.predicate", "p"))).as("a predicate: only known at run time").doesNotThrowAnyException();
  }

  @ParameterizedTest
  @CsvSource({
      "async_insert, 1, asynchronous inserts",
      "async_insert, true, asynchronous inserts",
      "max_insert_block_size, 65536, at least batch.max.records (100000)",
      "max_insert_block_size, lots, at least batch.max.records",
      "input_format_parallel_parsing, 1, parallel parsing",
      "input_format_allow_errors_num, 10, dropped silently",
      "input_format_allow_errors_ratio, 0.1, dropped silently",
      "insert_deduplicate, 0, de-duplication token",
      "insert_deduplication_token, mine, sets the de-duplication token"})
  void settingsThatBreakBatchAtomicityAreRefusedNamingTheKey(String name, String value, String reason) {
    assertThatThrownBy(() -> new ClickHouseSinkConfig(props("clickhouse.settings." + name, value)))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("configuration clickhouse.settings." + name)
        .hasMessageContaining(reason);
  }

  @Test
  void harmlessSettingsAndSafeValuesPass() {
    ClickHouseSinkConfig config = new ClickHouseSinkConfig(props(
        "clickhouse.settings.async_insert", "0",
        "clickhouse.settings.max_insert_block_size", "1048576",
        "clickhouse.settings.input_format_allow_errors_num", "0",
        "clickhouse.settings.max_partitions_per_insert_block", "100"));
    assertThat(config.serverSettings()).containsEntry("async_insert", "0")
        .containsEntry("max_partitions_per_insert_block", "100");
    assertThatCode(() -> new ClickHouseSinkConfig(props("batch.max.records", "1000",
        "clickhouse.settings.max_insert_block_size", "1000"))).doesNotThrowAnyException();
  }

  @Test
  void validationReportsARefusedSettingOnItsOwnKey() {
    Map<String, String> props = props("clickhouse.settings.async_insert", "1",
        ClickHouseSinkConfig.VALIDATE_CONNECTION, "false");
    Config result = new ClickHouseSinkConnector().validate(props);
    ConfigValue value = result.configValues().stream()
        .filter(v -> v.name().equals("clickhouse.settings.async_insert")).findFirst().orElseThrow();
    assertThat(value.errorMessages()).singleElement().asString().contains("asynchronous inserts");
    assertThat(result.configValues().stream().filter(v -> v.name().equals(ClickHouseSinkConfig.HOST))
        .findFirst().orElseThrow().errorMessages()).isEmpty();
  }

  @Test
  void validationReportsOpenLineageErrorsOnTheirOwnKeysWithoutTheToken() {
    Map<String, String> props = props("openlineage.enabled", "true", "openlineage.transport", "http",
        "openlineage.http.auth.token", "tok-123456", ClickHouseSinkConfig.VALIDATE_CONNECTION, "false");
    Config result = new ClickHouseSinkConnector().validate(props);
    Map<String, List<String>> errors = new HashMap<>();
    result.configValues().stream().filter(v -> !v.errorMessages().isEmpty())
        .forEach(v -> errors.put(v.name(), v.errorMessages()));
    assertThat(errors).containsOnlyKeys("openlineage.http.url", "openlineage.dataset.kafka.bootstrap.servers");
    assertThat(errors.toString()).doesNotContain("tok-123456");
  }

  @Test
  void theUnavailabilityLimitDefaultsToFiveMinutes() {
    assertThat(new ClickHouseSinkConfig(props()).unavailableMax().toMillis()).isEqualTo(300_000L);
    assertThatThrownBy(() -> new ClickHouseSinkConfig(props(ClickHouseSinkConfig.UNAVAILABLE_MAX_MS, "-1")))
        .isInstanceOf(ConfigException.class).hasMessageContaining(ClickHouseSinkConfig.UNAVAILABLE_MAX_MS);
  }
}
