// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.it.harness;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConnectClusterExtensionTest {

  @TempDir
  Path empty;

  @Test
  void missingPluginDirectoriesFailBeforeAnythingStartsAndLeaveNothingToStop() {
    ConnectClusterExtension extension = new ConnectClusterExtension(b -> b.pluginsDir(empty));

    assertThatThrownBy(() -> extension.beforeAll(null))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("holds no plugin directory with jars");
    assertThatCode(() -> extension.afterAll(null)).doesNotThrowAnyException();
    assertThatThrownBy(extension::cluster)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("not started");
  }
}
