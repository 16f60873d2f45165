// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.it.snowflake;

import io.streamfirst.connect.it.harness.PluginDirectories;
import io.streamfirst.connect.snowflake.fake.FakeSnowflake;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/**
 * Plugin directories for the Snowflake ITs: the packaged snowflake-sink plugin with the in-process fake added,
 * built when an IT's cluster starts. The directory used to be built in an IT's static initializer, which another
 * IT ran too when it used that class's helpers, rebuilding the directory while the other JVM of the build was
 * loading plugins from it.
 */
final class FakeSnowflakePlugins {

  private FakeSnowflakePlugins() {}

  /**
   * {@code target/<name>}: the packaged snowflake-sink plugin with the fake added, and copies of the
   * {@code others} packaged plugin directories.
   */
  static Path create(String name, String... others) {
    try {
      Path packagedRoot = PluginDirectories.fromSystemProperties().roots().get(0);
      Path packaged = packagedRoot.resolve("snowflake-sink");
      Path root = Path.of("target", name).toAbsolutePath();
      Path dir = root.resolve("snowflake-sink");
      if (Files.exists(root)) {
        try (Stream<Path> old = Files.walk(root)) {
          old.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
      }
      Files.createDirectories(dir);
      try (Stream<Path> jars = Files.list(packaged)) {
        for (Path jar : jars.toList()) {
          Files.copy(jar, dir.resolve(jar.getFileName()));
        }
      }
      Path fake = Path.of(FakeSnowflake.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      if (Files.isDirectory(fake)) {
        jar(fake, dir.resolve("snowflake-fake-tests.jar"));
      } else {
        Files.copy(fake, dir.resolve("snowflake-fake-tests.jar"));
      }
      for (String other : others) {
        Path from = packagedRoot.resolve(other);
        try (Stream<Path> files = Files.walk(from)) {
          for (Path file : files.toList()) {
            Path to = root.resolve(other).resolve(from.relativize(file).toString());
            if (Files.isDirectory(file)) {
              Files.createDirectories(to);
            } else {
              Files.copy(file, to);
            }
          }
        }
      }
      return root;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (java.net.URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void jar(Path classes, Path target) throws IOException {
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(target));
        Stream<Path> files = Files.walk(classes)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        String name = classes.relativize(file).toString().replace('\\', '/');
        if (!name.startsWith("io/streamfirst/connect/snowflake/fake/")) {
          continue;
        }
        out.putNextEntry(new java.util.jar.JarEntry(name));
        try (var in = Files.newInputStream(file)) {
          in.transferTo((OutputStream) out);
        }
        out.closeEntry();
      }
    }
  }
}
