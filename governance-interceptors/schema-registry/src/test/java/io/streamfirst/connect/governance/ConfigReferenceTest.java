// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.governance;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamfirst.connect.common.ConfigDocs;
import java.nio.file.Path;
import org.apache.kafka.common.config.ConfigDef;
import org.junit.jupiter.api.Test;

/** The README's config reference is generated from the ConfigDef and every key is documented. */
class ConfigReferenceTest {

  private static final Path README = Path.of("README.md");

  @Test
  void readmeReferenceIsCurrent() throws Exception {
    assertThat(ConfigDocs.checkReadme(README, RegistryConverterConfig.CONFIG_DEF, "config-reference")).isNull();
  }

  @Test
  void everyKeyHasDocumentationAGroupAndSecretsArePasswords() {
    assertThat(RegistryConverterConfig.CONFIG_DEF.configKeys().values()).allSatisfy(key -> {
      assertThat(key.documentation).as(key.name).isNotBlank();
      assertThat(key.group).as(key.name).isNotBlank();
      assertThat(key.displayName).as(key.name).isNotBlank();
      if (key.name.endsWith(".password") || key.name.endsWith(".user.info") || key.name.endsWith(".token")) {
        assertThat(key.type).as(key.name).isEqualTo(ConfigDef.Type.PASSWORD);
      }
    });
    assertThat(new AvroConverter().config()).isSameAs(RegistryConverterConfig.CONFIG_DEF);
    assertThat(new JsonSchemaConverter().config()).isSameAs(RegistryConverterConfig.CONFIG_DEF);
  }
}
