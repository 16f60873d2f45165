// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.snowflake;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamfirst.connect.common.ConfigDocs;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ConfigReferenceTest {

  @Test
  void readmeCarriesTheCurrentConfigReference() throws Exception {
    assertThat(ConfigDocs.checkReadme(Path.of("README.md"), SnowflakeSinkConfig.CONFIG_DEF)).isNull();
  }

  @Test
  void everyKeyHasDocumentationAGroupAndADisplayName() {
    assertThat(SnowflakeSinkConfig.CONFIG_DEF.configKeys().values()).allSatisfy(key -> {
      assertThat(key.documentation).as(key.name).isNotBlank();
      assertThat(key.group).as(key.name).isNotBlank();
      assertThat(key.displayName).as(key.name).isNotBlank();
    });
  }
}
