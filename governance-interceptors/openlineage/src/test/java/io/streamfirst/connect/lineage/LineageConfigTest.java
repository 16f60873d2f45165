// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.lineage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamfirst.connect.common.ConfigDocs;
import java.nio.file.Path;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

/** The openlineage.* block: defaults, field-level errors, secrets never in messages, README reference. */
class LineageConfigTest {

  @Test
  void offByDefaultAndNothingElseIsRequired() {
    assertThat(new LineageConfig(Map.of()).enabled()).isFalse();
    assertThat(LineageConfig.validate(Map.of())).isEmpty();
  }

  @Test
  void enabledNeedsTheKafkaClusterThatNamesTopics() {
    assertThat(LineageConfig.validate(Map.of("openlineage.enabled", "true")))
        .containsOnlyKeys(LineageConfig.KAFKA_CLUSTER);
  }

  @Test
  void eachTransportNeedsItsOwnKeysReportedOnThoseKeys() {
    Map<String, String> base = Map.of("openlineage.enabled", "true", LineageConfig.KAFKA_CLUSTER, "b:9092");
    assertThat(LineageConfig.validate(with(base, "openlineage.transport", "http")))
        .containsOnlyKeys(LineageConfig.HTTP_URL);
    assertThat(LineageConfig.validate(with(with(base, "openlineage.transport", "http"), LineageConfig.HTTP_URL,
        "ftp://x"))).containsOnlyKeys(LineageConfig.HTTP_URL);
    assertThat(LineageConfig.validate(with(with(base, "openlineage.transport", "http"), LineageConfig.HTTP_URL,
        "http://marquez:5000"))).isEmpty();
    assertThat(LineageConfig.validate(with(base, "openlineage.transport", "file")))
        .containsOnlyKeys(LineageConfig.FILE_PATH);
    assertThat(LineageConfig.validate(with(with(base, "openlineage.transport", "kafka"), LineageConfig.KAFKA_TOPIC,
        " "))).containsOnlyKeys(LineageConfig.KAFKA_TOPIC);
    assertThat(LineageConfig.validate(with(base, "openlineage.transport", "log"))).isEmpty();
  }

  @Test
  void constructingAnInvalidConfigFailsOnTheKeyWithoutTheToken() {
    Map<String, String> props = Map.of("openlineage.enabled", "true", LineageConfig.KAFKA_CLUSTER, "b:9092",
        "openlineage.transport", "http", LineageConfig.HTTP_AUTH_TOKEN, "s3cr3t-token");
    assertThatThrownBy(() -> new LineageConfig(props)).isInstanceOf(ConfigException.class)
        .hasMessageContaining(LineageConfig.HTTP_URL).hasMessageNotContaining("s3cr3t-token");
  }

  @Test
  void readmeReferenceIsCurrent() throws Exception {
    assertThat(ConfigDocs.checkReadme(Path.of("README.md"), LineageConfig.CONFIG_DEF)).isNull();
  }

  @Test
  void everyKeyHasDocumentationAGroupAndADisplayName() {
    assertThat(LineageConfig.CONFIG_DEF.configKeys().values()).allSatisfy(key -> {
      assertThat(key.documentation).as(key.name).isNotBlank();
      assertThat(key.group).as(key.name).isNotBlank();
      assertThat(key.displayName).as(key.name).isNotBlank();
    });
  }

  private static Map<String, String> with(Map<String, String> base, String key, String value) {
    Map<String, String> out = new java.util.HashMap<>(base);
    out.put(key, value);
    return out;
  }
}
