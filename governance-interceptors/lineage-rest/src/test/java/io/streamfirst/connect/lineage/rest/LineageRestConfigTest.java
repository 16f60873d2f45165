// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.lineage.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamfirst.connect.common.ConfigDocs;
import java.nio.file.Path;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

/** The worker-level settings: defaults, the OpenLineage block with its prefix, errors, the README reference. */
class LineageRestConfigTest {

  @Test
  void eventsAreOffByDefaultAndTopicsAreNamedAfterTheWorkersCluster() {
    LineageRestConfig config = new LineageRestConfig(Map.of());
    assertThat(config.lineageEnabled()).isFalse();
    assertThat(config.watchIntervalMs()).isEqualTo(10_000);
    assertThat(config.kafkaCluster("b1:9092, b2:9092")).containsExactly("b1:9092", "b2:9092");
    assertThat(config.lineageProps("b1:9092")).containsEntry("openlineage.dataset.kafka.bootstrap.servers", "b1:9092")
        .containsEntry("openlineage.enabled", "false");
  }

  @Test
  void anInvalidBlockFailsOnItsPrefixedKeyWithoutTheToken() {
    LineageRestConfig config = new LineageRestConfig(Map.of("streamfirst.openlineage.enabled", "true",
        "streamfirst.openlineage.transport", "http", "streamfirst.openlineage.http.auth.token", "tok-123456"));
    assertThatThrownBy(() -> config.lineageProps("b1:9092")).isInstanceOf(ConfigException.class)
        .hasMessageContaining("streamfirst.openlineage.http.url").hasMessageNotContaining("tok-123456");
  }

  @Test
  void readmeReferenceIsCurrent() throws Exception {
    assertThat(ConfigDocs.checkReadme(Path.of("README.md"), LineageRestConfig.CONFIG_DEF)).isNull();
  }

  @Test
  void everyKeyHasDocumentationAGroupAndADisplayName() {
    for (ConfigDef.ConfigKey key : LineageRestConfig.CONFIG_DEF.configKeys().values()) {
      assertThat(key.documentation).as(key.name).isNotBlank();
      assertThat(key.group).as(key.name).isNotBlank();
      assertThat(key.displayName).as(key.name).isNotBlank();
    }
  }
}
