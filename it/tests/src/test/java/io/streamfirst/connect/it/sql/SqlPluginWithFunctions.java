// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.it.sql;

import io.streamfirst.connect.it.harness.PluginDirectories;
import io.streamfirst.connect.it.harness.UniqueNames;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/**
 * A plugin root holding a copy of the packaged {@code sql-transforms} plugin directory with one
 * more jar, as an operator installs a function jar: {@value #FUNCTIONS_JAR}, holding
 * {@code com.example.sqlfunctions.GreetingFunctions}.
 */
final class SqlPluginWithFunctions {

  static final String FUNCTIONS_JAR = "greeting-functions-1.0.jar";
  static final String FUNCTION_CLASS = "com.example.sqlfunctions.GreetingFunctions";

  private SqlPluginWithFunctions() {}

  /** Copies the packaged SQL plugin directory into a new root under {@code target/} and adds the function jar. */
  static Path prepare() {
    Path packaged = Path.of(System.getProperty(PluginDirectories.PLUGINS_DIR_PROPERTY), "sql-transforms");
    Path root = Path.of("target", UniqueNames.of("sql-plugin-root")).toAbsolutePath();
    Path plugin = root.resolve("sql-transforms");
    try {
      Files.createDirectories(plugin);
      try (Stream<Path> jars = Files.list(packaged)) {
        for (Path jar : jars.filter(p -> p.getFileName().toString().endsWith(".jar")).toList()) {
          Files.copy(jar, plugin.resolve(jar.getFileName()));
        }
      }
      writeFunctionsJar(plugin.resolve(FUNCTIONS_JAR));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot prepare the SQL plugin directory with a function jar in " + root, e);
    }
    return root;
  }

  private static void writeFunctionsJar(Path file) throws IOException {
    String entry = FUNCTION_CLASS.replace('.', '/') + ".class";
    try (OutputStream out = Files.newOutputStream(file);
        JarOutputStream jar = new JarOutputStream(out);
        InputStream bytes = SqlPluginWithFunctions.class.getClassLoader().getResourceAsStream(entry)) {
      if (bytes == null) {
        throw new IllegalStateException(entry + " is not on the test class path");
      }
      jar.putNextEntry(new JarEntry(entry));
      bytes.transferTo(jar);
      jar.closeEntry();
      jar.putNextEntry(new JarEntry("META-INF/maven/com.example/greeting-functions/pom.properties"));
      jar.write("groupId=com.example\nartifactId=greeting-functions\nversion=1.0\n".getBytes(StandardCharsets.UTF_8));
      jar.closeEntry();
    }
  }
}
