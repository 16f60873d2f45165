// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.it.harness;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * Reads the Connect plugin classes that jars declare in {@code META-INF/services}, which is exactly
 * what a worker with {@code plugin.discovery=service_load} can find.
 */
public final class ServiceManifests {

  /**
   * Plugin interfaces whose implementations {@code GET /connector-plugins?connectorsOnly=false}
   * lists: connectors, converters, header converters, transformations and predicates.
   */
  public static final List<String> REST_LISTED_INTERFACES = List.of(
      "org.apache.kafka.connect.source.SourceConnector",
      "org.apache.kafka.connect.sink.SinkConnector",
      "org.apache.kafka.connect.storage.Converter",
      "org.apache.kafka.connect.storage.HeaderConverter",
      "org.apache.kafka.connect.transforms.Transformation",
      "org.apache.kafka.connect.transforms.predicates.Predicate");

  private ServiceManifests() {}

  /**
   * Returns the classes declared for any of {@link #REST_LISTED_INTERFACES} by the jars found
   * anywhere below {@code root}.
   */
  public static Set<String> restListedPlugins(Path root) {
    Set<String> classes = new TreeSet<>();
    for (Path jar : jarsBelow(root)) {
      for (String iface : REST_LISTED_INTERFACES) {
        classes.addAll(declared(jar, iface));
      }
    }
    return classes;
  }

  /** Returns the implementations of {@code iface} that {@code jar} declares in META-INF/services. */
  public static Set<String> declared(Path jar, String iface) {
    Set<String> classes = new TreeSet<>();
    try (JarFile file = new JarFile(jar.toFile())) {
      JarEntry entry = file.getJarEntry("META-INF/services/" + iface);
      if (entry == null) {
        return classes;
      }
      try (BufferedReader reader = new BufferedReader(
          new InputStreamReader(file.getInputStream(entry), StandardCharsets.UTF_8))) {
        String line;
        while ((line = reader.readLine()) != null) {
          int comment = line.indexOf('#');
          String name = (comment >= 0 ? line.substring(0, comment) : line).trim();
          if (!name.isEmpty()) {
            classes.add(name);
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read service manifests of " + jar, e);
    }
    return classes;
  }

  /** Returns every {@code *.jar} below {@code root}, in a stable order. */
  static List<Path> jarsBelow(Path root) {
    try (Stream<Path> files = Files.walk(root)) {
      return files.filter(Files::isRegularFile)
          .filter(p -> p.getFileName().toString().endsWith(".jar"))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list jars below " + root, e);
    }
  }
}
