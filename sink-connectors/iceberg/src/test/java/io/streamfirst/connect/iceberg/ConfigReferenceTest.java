// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.iceberg;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamfirst.connect.common.ConfigDocs;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The README's config reference is generated from the ConfigDef and every key is documented. */
class ConfigReferenceTest {

  @Test
  void readmeReferenceIsCurrent() throws Exception {
    assertThat(ConfigDocs.checkReadme(Path.of("README.md"), IcebergSinkConfig.CONFIG_DEF)).isNull();
  }

  @Test
  void everyKeyHasDocumentationAGroupAndThePrefix() {
    assertThat(IcebergSinkConfig.CONFIG_DEF.configKeys().values()).allSatisfy(key -> {
      // the sink's own options, the openlineage.* block every Streamfirst plugin shares and the freshness.*
      // block every Streamfirst sink shares
      if (!io.streamfirst.connect.lineage.LineageConfig.CONFIG_DEF.names().contains(key.name)
          && !key.name.startsWith("freshness.")) {
        assertThat(key.name).startsWith("iceberg.");
      }
      assertThat(key.documentation).as(key.name).isNotBlank();
      assertThat(key.group).as(key.name).isNotBlank();
      assertThat(key.displayName).as(key.name).isNotBlank();
    });
  }
}
