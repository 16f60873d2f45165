// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.governance;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamfirst.connect.common.ConfigDocs;
import java.nio.file.Path;
import org.apache.kafka.common.config.ConfigDef;
import org.junit.jupiter.api.Test;

/** The README's config references are generated from the ConfigDefs and every key is documented. */
class ConfigReferenceTest {

  private static final Path README = Path.of("README.md");

  @Test
  void readmeReferenceIsCurrent() throws Exception {
    assertThat(ConfigDocs.checkReadme(README, LineageConfig.CONFIG_DEF, "config-reference")).isNull();
    assertThat(ConfigDocs.checkReadme(README, AddLineage.CONFIG_DEF, "add-lineage-config-reference")).isNull();
  }

  @Test
  void everyKeyHasDocumentationAndAGroup() {
    for (ConfigDef def : new ConfigDef[]{LineageConfig.CONFIG_DEF, AddLineage.CONFIG_DEF}) {
      assertThat(def.configKeys().values()).allSatisfy(key -> {
        assertThat(key.documentation).as(key.name).isNotBlank();
        assertThat(key.group).as(key.name).isNotBlank();
        assertThat(key.displayName).as(key.name).isNotBlank();
      });
    }
  }

  @Test
  void interceptorKeysAreNamespacedSoTheyCannotCollideWithClientSettings() {
    assertThat(LineageConfig.CONFIG_DEF.names()).allMatch(name -> name.startsWith("streamfirst.lineage."));
  }
}
