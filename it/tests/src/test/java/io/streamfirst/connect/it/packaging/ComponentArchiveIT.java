// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.it.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Checks every plugin family's Confluent Hub component archive: one top folder
 * {@code streamfirst-<family>-<version>/} with a valid {@code manifest.json}, {@code lib/} equal to the
 * plugin directory, {@code doc/} with the license and README and {@code etc/} with example connector configs.
 */
class ComponentArchiveIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> COMPONENT_TYPES = Set.of("source", "sink", "transform", "converter",
      "rest-extension");

  @TestFactory
  Stream<DynamicTest> everyFamilyHasAValidComponentArchive() throws IOException {
    return PackagedPlugins.pluginDirs().stream().map(dir -> DynamicTest.dynamicTest(PackagedPlugins.family(dir), () -> {
      String family = PackagedPlugins.family(dir);
      Path zip = PackagedPlugins.archive(dir);
      String top = zip.getFileName().toString().replaceFirst("\\.zip$", "");
      String version = top.substring(("streamfirst-" + family + "-").length());
      Map<String, byte[]> files = read(zip);

      assertThat(files.keySet()).as("entries of %s", zip).allMatch(name -> name.startsWith(top + "/"));

      JsonNode manifest = JSON.readTree(files.get(top + "/manifest.json"));
      assertThat(manifest).as("manifest.json in %s", zip).isNotNull();
      assertThat(manifest.path("name").asText()).isEqualTo(family);
      assertThat(manifest.path("version").asText()).isEqualTo(version);
      for (String field : List.of("title", "description", "documentation_url", "release_date")) {
        assertThat(manifest.path(field).asText()).as(field).isNotBlank();
      }
      assertThat(manifest.path("release_date").asText()).matches("\\d{4}-\\d{2}-\\d{2}");
      assertThat(manifest.path("owner").path("username").asText()).isEqualTo("streamfirst");
      assertThat(manifest.path("owner").path("name").asText()).isEqualTo("Streamfirst");
      assertThat(texts(manifest.path("component_types"))).isNotEmpty().isSubsetOf(COMPONENT_TYPES);
      assertThat(manifest.path("license").isArray()).isTrue();
      assertThat(manifest.path("license").path(0).path("name").asText()).isNotBlank();
      assertThat(texts(manifest.path("requirements"))).isNotEmpty();
      assertThat(manifest.path("features").isObject()).isTrue();

      List<String> lib = names(files, top + "/lib/");
      assertThat(lib).as("lib/ of %s equals the plugin directory %s", zip, dir)
          .containsExactlyInAnyOrderElementsOf(PackagedPlugins.jarNames(dir));
      assertThat(lib).as("lib/ holds a Streamfirst jar with ServiceLoader manifests")
          .anySatisfy(jar -> assertThat(serviceFiles(files.get(top + "/lib/" + jar)))
              .as(jar).anyMatch(name -> name.startsWith("META-INF/services/org.apache.kafka.connect.")));

      assertThat(names(files, top + "/doc/")).as("doc/ of %s", zip).contains("LICENSE", "README.md");

      List<String> examples = names(files, top + "/etc/");
      assertThat(examples).as("etc/ of %s", zip).isNotEmpty()
          .allMatch(name -> name.endsWith(".json") || name.endsWith(".properties"));
      for (String example : examples) {
        byte[] content = files.get(top + "/etc/" + example);
        if (example.endsWith(".json")) {
          assertThat(JSON.readTree(content).path("connector.class").asText()).as(example).isNotBlank();
        } else {
          Properties properties = new Properties();
          properties.load(new ByteArrayInputStream(content));
          // a connector's example config, or a REST extension's worker settings
          assertThat(properties.getProperty("connector.class", properties.getProperty("rest.extension.classes")))
              .as(example).isNotBlank();
        }
      }
    }));
  }

  private static Map<String, byte[]> read(Path zip) throws IOException {
    Map<String, byte[]> files = new LinkedHashMap<>();
    try (ZipFile file = new ZipFile(zip.toFile())) {
      for (ZipEntry entry : file.stream().filter(e -> !e.isDirectory()).toList()) {
        try (InputStream in = file.getInputStream(entry)) {
          files.put(entry.getName(), in.readAllBytes());
        }
      }
    }
    return files;
  }

  /** File names directly inside a folder of the archive. */
  private static List<String> names(Map<String, byte[]> files, String folder) {
    return files.keySet().stream()
        .filter(name -> name.startsWith(folder) && name.indexOf('/', folder.length()) < 0)
        .map(name -> name.substring(folder.length()))
        .sorted()
        .toList();
  }

  private static List<String> serviceFiles(byte[] jar) throws IOException {
    List<String> services = new ArrayList<>();
    try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(jar))) {
      for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
        if (entry.getName().startsWith("META-INF/services/")) {
          services.add(entry.getName());
        }
      }
    }
    return services;
  }

  private static List<String> texts(JsonNode array) {
    List<String> values = new ArrayList<>();
    array.forEach(node -> values.add(node.asText()));
    return values;
  }
}
