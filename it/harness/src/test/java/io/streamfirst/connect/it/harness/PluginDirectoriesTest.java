// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.it.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PluginDirectoriesTest {

  @TempDir
  Path root;

  @Test
  void missingRootFailsWithHowToBuildIt() {
    Path missing = root.resolve("plugins");

    assertThatThrownBy(() -> PluginDirectories.of(List.of(missing)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(missing.toString())
        .hasMessageContaining("does not exist")
        .hasMessageContaining("mvn -B -DskipTests package");
  }

  @Test
  void rootWithoutJarsFailsWithHowToBuildIt() throws IOException {
    Files.createDirectories(root.resolve("sql-transforms"));

    assertThatThrownBy(() -> PluginDirectories.of(List.of(root)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("holds no plugin directory with jars")
        .hasMessageContaining("mvn -B -DskipTests package");
  }

  @Test
  void pluginPathJoinsTheRootsAndDeclaredPluginsComeFromServiceManifests() throws IOException {
    Path other = Files.createDirectories(root.resolve("other"));
    Path plugins = Files.createDirectories(root.resolve("plugins"));
    writeJar(plugins.resolve("sql/a.jar"), "org.apache.kafka.connect.transforms.Transformation",
        "# Streamfirst transforms\nio.streamfirst.connect.sql.SqlTransform\n\n");
    writeJar(plugins.resolve("sql/b.jar"), "java.sql.Driver", "org.example.Driver\n");
    writeJar(other.resolve("file/c.jar"), "org.apache.kafka.connect.sink.SinkConnector",
        "org.example.FileSink # a sink\n");

    PluginDirectories dirs = PluginDirectories.of(List.of(plugins, other));

    assertThat(dirs.pluginPath()).isEqualTo(plugins + "," + other);
    assertThat(dirs.pluginDirs()).containsExactly(plugins.resolve("sql"), other.resolve("file"));
    assertThat(dirs.declaredPlugins())
        .containsExactly("io.streamfirst.connect.sql.SqlTransform", "org.example.FileSink");
  }

  @Test
  void unsetSystemPropertyFailsWithHowToSetIt() {
    String saved = System.clearProperty(PluginDirectories.PLUGINS_DIR_PROPERTY);
    try {
      assertThatThrownBy(PluginDirectories::fromSystemProperties)
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining(PluginDirectories.PLUGINS_DIR_PROPERTY + " is not set");
    } finally {
      if (saved != null) {
        System.setProperty(PluginDirectories.PLUGINS_DIR_PROPERTY, saved);
      }
    }
  }

  private static void writeJar(Path jar, String service, String content) throws IOException {
    Files.createDirectories(jar.getParent());
    try (OutputStream file = Files.newOutputStream(jar);
        JarOutputStream out = new JarOutputStream(file)) {
      out.putNextEntry(new JarEntry("META-INF/services/" + service));
      out.write(content.getBytes(StandardCharsets.UTF_8));
      out.closeEntry();
    }
  }
}
