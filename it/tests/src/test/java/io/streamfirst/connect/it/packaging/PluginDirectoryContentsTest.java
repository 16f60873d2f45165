// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.it.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The plugin-directory check finds what it promises to find, on directories built to break it. */
class PluginDirectoryContentsTest {
  @TempDir
  Path dir;

  @Test
  void aCleanDirectoryHasNoProblems() throws IOException {
    jar("commons-lang3-3.20.0.jar", Map.of(
        "META-INF/maven/org.apache.commons/commons-lang3/pom.properties", pom("org.apache.commons", "commons-lang3"),
        "org/apache/commons/lang3/StringUtils.class", ""));
    jar("joou-java-6-0.9.5.jar", Map.of(
        "META-INF/maven/org.jooq/joou-java-6/pom.properties", pom("org.jooq", "joou-java-6"),
        "org/joou/UInteger.class", ""));

    PluginDirectoryContents contents = PluginDirectoryContents.read(dir);

    assertThat(contents.jars()).extracting(PluginDirectoryContents.Jar::library)
        .containsExactly("org.apache.commons:commons-lang3", "org.jooq:joou-java-6");
    assertThat(contents.problems()).isEmpty();
  }

  @Test
  void twoVersionsOfOneLibraryAreReportedWithBothJars() throws IOException {
    jar("commons-lang3-3.1.jar", Map.of("org/apache/commons/lang3/StringUtils.class", ""));
    jar("commons-lang3-3.20.0.jar", Map.of(
        "META-INF/maven/org.apache.commons/commons-lang3/pom.properties", pom("org.apache.commons", "commons-lang3"),
        "org/apache/commons/lang3/StringUtils.class", ""));

    PluginDirectoryContents contents = PluginDirectoryContents.read(dir);

    assertThat(contents.librariesInSeveralVersions())
        .containsExactly(Map.entry("commons-lang3", List.of("commons-lang3-3.1.jar", "commons-lang3-3.20.0.jar")));
    assertThat(contents.problems()).singleElement().asString()
        .contains("2 versions of commons-lang3", "dependencyManagement");
  }

  @Test
  void aShadedJarIsNamedAfterItselfNotAfterWhatItBundles() throws IOException {
    jar("hadoop-client-runtime-3.4.2.jar", Map.of(
        "META-INF/maven/org.apache.hadoop/hadoop-client-runtime/pom.properties",
        pom("org.apache.hadoop", "hadoop-client-runtime"),
        "META-INF/maven/org.apache.hadoop/hadoop-client/pom.properties", pom("org.apache.hadoop", "hadoop-client"),
        "META-INF/maven/com.google.guava/guava/pom.properties", pom("com.google.guava", "guava")));
    jar("guava-33.4.8-jre.jar", Map.of(
        "META-INF/maven/com.google.guava/guava/pom.properties", pom("com.google.guava", "guava")));

    PluginDirectoryContents contents = PluginDirectoryContents.read(dir);

    assertThat(contents.jars()).extracting(PluginDirectoryContents.Jar::library)
        .containsExactly("com.google.guava:guava", "org.apache.hadoop:hadoop-client-runtime");
    assertThat(contents.problems()).isEmpty();
  }

  @Test
  void classesTheWorkerProvidesAreReportedEvenInMultiReleaseFolders() throws IOException {
    jar("fat-connector-1.0.jar", Map.of(
        "com/example/Connector.class", "",
        "META-INF/versions/11/org/apache/kafka/common/utils/Utils.class", "",
        "org/slf4j/Logger.class", ""));

    PluginDirectoryContents contents = PluginDirectoryContents.read(dir);

    assertThat(contents.workerClasses()).containsOnlyKeys("fat-connector-1.0.jar");
    assertThat(contents.workerClasses().get("fat-connector-1.0.jar"))
        .containsExactly("META-INF/versions/11/org/apache/kafka/common/utils/Utils.class", "org/slf4j/Logger.class");
    assertThat(contents.problems()).singleElement().asString()
        .contains("fat-connector-1.0.jar carries classes the Connect worker provides");
  }

  @Test
  void testToolingIsReportedWithItsJar() throws IOException {
    jar("streamfirst-common-0.1.0.jar", Map.of(
        "io/streamfirst/connect/common/LineageHeaders.class", "",
        "io/streamfirst/connect/common/ConfigDocs.class", ""));

    PluginDirectoryContents contents = PluginDirectoryContents.read(dir);

    assertThat(contents.testToolingClasses())
        .containsExactly(
            Map.entry("streamfirst-common-0.1.0.jar", List.of("io/streamfirst/connect/common/ConfigDocs.class")));
    assertThat(contents.problems()).singleElement().asString()
        .contains("streamfirst-common-0.1.0.jar carries test tooling", "ConfigDocs");
  }

  private void jar(String name, Map<String, String> entries) throws IOException {
    try (OutputStream file = Files.newOutputStream(dir.resolve(name));
        ZipOutputStream zip = new ZipOutputStream(file)) {
      for (var entry : entries.entrySet()) {
        zip.putNextEntry(new ZipEntry(entry.getKey()));
        zip.write(entry.getValue().getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
      }
    }
  }

  private static String pom(String groupId, String artifactId) {
    return "groupId=" + groupId + "\nartifactId=" + artifactId + "\nversion=1\n";
  }
}
