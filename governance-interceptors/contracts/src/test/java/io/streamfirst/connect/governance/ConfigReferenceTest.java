// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.governance;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamfirst.connect.common.ConfigDocs;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The README's config reference is generated from EnforceContract's ConfigDef and every key is documented. */
class ConfigReferenceTest {

  @Test
  void readmeReferenceIsCurrent() throws Exception {
    assertThat(ConfigDocs.checkReadme(Path.of("README.md"), EnforceContract.CONFIG_DEF, "config-reference")).isNull();
  }

  @Test
  void readmeReferenceOfTheWorkerInterceptorIsCurrent() throws Exception {
    assertThat(ConfigDocs.checkReadme(Path.of("README.md"), ContractInterceptorConfig.CONFIG_DEF,
        "interceptor-config-reference")).isNull();
  }

  @Test
  void everyKeyHasDocumentationAGroupAndADisplayName() {
    assertThat(EnforceContract.CONFIG_DEF.configKeys().values()).allSatisfy(key -> {
      assertThat(key.documentation).as(key.name).isNotBlank();
      assertThat(key.group).as(key.name).isNotBlank();
      assertThat(key.displayName).as(key.name).isNotBlank();
    });
  }
}
