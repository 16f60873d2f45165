// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.it.packaging;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Where the build put the packaged plugin directories and archives (see packaging/README.md). */
final class PackagedPlugins {
  private PackagedPlugins() {}

  /** {@code packaging/target/plugins}, from the system property failsafe sets. */
  static Path pluginsRoot() {
    String dir = System.getProperty("streamfirst.plugins.dir");
    if (dir == null) {
      throw new IllegalStateException("System property streamfirst.plugins.dir is not set; run through failsafe");
    }
    return Path.of(dir).toAbsolutePath().normalize();
  }

  /** One directory per plugin family. */
  static List<Path> pluginDirs() throws IOException {
    try (Stream<Path> entries = Files.list(pluginsRoot())) {
      return entries.filter(Files::isDirectory).sorted().toList();
    }
  }

  static String family(Path pluginDir) {
    return pluginDir.getFileName().toString();
  }

  static List<String> jarNames(Path dir) throws IOException {
    try (Stream<Path> entries = Files.list(dir)) {
      return entries.map(path -> path.getFileName().toString()).filter(name -> name.endsWith(".jar")).sorted().toList();
    }
  }

  /**
   * {@code packaging/<module>/target/streamfirst-<family>-<version>.zip}, found in whichever packaging module
   * builds it (by convention {@code <family>-plugin}).
   */
  static Path archive(Path pluginDir) throws IOException {
    String family = family(pluginDir);
    Path packaging = pluginsRoot().getParent().getParent();
    String prefix = "streamfirst-" + family + "-";
    List<Path> zips;
    try (Stream<Path> modules = Files.list(packaging)) {
      zips = modules.map(module -> module.resolve("target")).filter(Files::isDirectory)
          .flatMap(target -> {
            try (Stream<Path> entries = Files.list(target)) {
              return entries.filter(path -> path.getFileName().toString().startsWith(prefix)
                  && path.getFileName().toString().substring(prefix.length()).matches("\\d.*\\.zip")).toList().stream();
            } catch (IOException e) {
              throw new java.io.UncheckedIOException(e);
            }
          }).toList();
    }
    if (zips.size() != 1) {
      throw new AssertionError("Expected one " + prefix + "<version>.zip under " + packaging + "/*/target, found "
          + zips);
    }
    return zips.get(0);
  }
}
