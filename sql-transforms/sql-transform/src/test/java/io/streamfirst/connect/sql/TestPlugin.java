// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.sql;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/**
 * A SQL plugin directory in a temporary folder, laid out as a directory on Connect's
 * {@code plugin.path}: the SqlTransform jar (made here from the module's compiled classes), jars
 * of the tests' own function classes, and copies of library jars; plus class loaders over chosen
 * jars that, like Connect's {@code PluginClassLoader}, load a class from their own jars first
 * (except Java's, Kafka's and SLF4J's, which come from the parent).
 */
final class TestPlugin {

  /** The file name the SqlTransform jar gets, as the packaging names it. */
  static final String SQL_JAR = "streamfirst-sql-transforms-0.1.0-SNAPSHOT.jar";

  private final Path directory;
  private final Path sqlJar;

  private TestPlugin(Path directory, Path sqlJar) {
    this.directory = directory;
    this.sqlJar = sqlJar;
  }

  /** A plugin directory {@code root/sql-transforms} holding the SqlTransform jar. */
  static TestPlugin create(Path root) throws IOException {
    return create(root, true);
  }

  /**
   * A plugin directory {@code root/sql-transforms} holding the SqlTransform jar, with or without
   * the list of the plugin's libraries that the build records in it.
   */
  static TestPlugin create(Path root, boolean withLibraryList) throws IOException {
    Path directory = Files.createDirectories(root.resolve("sql-transforms"));
    Path sqlJar = jar(directory.resolve(SQL_JAR), codeSource(SqlTransform.class), "io/streamfirst/connect/sql/",
        "io.streamfirst/streamfirst-sql-transforms",
        path -> withLibraryList || !path.endsWith(FunctionClasses.LIBRARIES_RESOURCE));
    return new TestPlugin(directory, sqlJar);
  }

  Path directory() {
    return directory;
  }

  Path sqlJar() {
    return sqlJar;
  }

  /** A jar of the test function classes in {@code com.example.functions}, in this plugin directory. */
  Path functionsJar(String fileName) throws IOException {
    return functionsJar(directory.resolve(fileName));
  }

  /** A jar of the test function classes in {@code com.example.functions} at {@code file}. */
  static Path functionsJar(Path file) throws IOException {
    return functionsJar(file, "com.example/text-functions");
  }

  /**
   * A jar of the test function classes in {@code com.example.functions} at {@code file}, whose Maven
   * metadata says it is {@code groupArtifact} ({@code group/artifact}), as a jar that bundles
   * (shades) that library carries it.
   */
  static Path functionsJar(Path file, String groupArtifact) throws IOException {
    return jar(file, codeSource(com.example.functions.TextFunctions.class), "com/example/functions/", groupArtifact,
        path -> true);
  }

  /** Copies the classes of {@code com.example.outside} into the directory {@code classes}, as a class directory. */
  static Path outsideClasses(Path classes) throws IOException {
    Path from = codeSource(com.example.outside.OutsideFunctions.class);
    Path target = Files.createDirectories(classes.resolve("com/example/outside"));
    try (Stream<Path> files = Files.list(from.resolve("com/example/outside"))) {
      for (Path file : files.toList()) {
        Files.copy(file, target.resolve(file.getFileName().toString()), StandardCopyOption.REPLACE_EXISTING);
      }
    }
    return classes;
  }

  /** A jar of {@code com.example.outside.OutsideFunctions} at {@code file}. */
  static Path outsideJar(Path file) throws IOException {
    return jar(file, codeSource(com.example.outside.OutsideFunctions.class), "com/example/outside/",
        "com.example/outside-functions", path -> true);
  }

  /** Copies the jar that {@code libraryClass} was loaded from into this plugin directory as {@code fileName}. */
  Path copyLibrary(Class<?> libraryClass, String fileName) throws IOException {
    Path source = codeSource(libraryClass);
    if (!Files.isRegularFile(source)) {
      throw new IllegalStateException(libraryClass + " does not come from a jar: " + source);
    }
    return Files.copy(source, directory.resolve(fileName), StandardCopyOption.REPLACE_EXISTING);
  }

  /**
   * A class loader over {@code jars} that loads every class its jars hold from them first, as
   * Connect's plugin class loader does, and everything else (Java, Kafka, SLF4J, Calcite) from the
   * test class path.
   */
  static URLClassLoader childFirst(List<Path> jars) {
    return new URLClassLoader(urls(jars), TestPlugin.class.getClassLoader()) {
      @Override
      protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        synchronized (getClassLoadingLock(name)) {
          Class<?> loaded = findLoadedClass(name);
          if (loaded == null && !name.startsWith("java.") && !name.startsWith("javax.")
              && !name.startsWith("org.apache.kafka.") && !name.startsWith("org.slf4j.")
              && findResource(name.replace('.', '/') + ".class") != null) {
            loaded = findClass(name);
          }
          if (loaded == null) {
            return super.loadClass(name, resolve);
          }
          if (resolve) {
            resolveClass(loaded);
          }
          return loaded;
        }
      }
    };
  }

  /** A class loader over {@code jars} alone: the JDK's classes and nothing of the test class path. */
  static URLClassLoader isolated(List<Path> jars) {
    return new URLClassLoader(urls(jars), ClassLoader.getPlatformClassLoader());
  }

  /** The jar or directory {@code type} was loaded from. */
  static Path codeSource(Class<?> type) {
    try {
      return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static URL[] urls(List<Path> jars) {
    List<URL> urls = new ArrayList<>();
    for (Path jar : jars) {
      try {
        urls.add(jar.toUri().toURL());
      } catch (MalformedURLException e) {
        throw new IllegalStateException(e);
      }
    }
    return urls.toArray(new URL[0]);
  }

  /**
   * Writes a jar at {@code file} with the files under {@code classes/packagePath} that
   * {@code include} accepts, and Maven metadata for {@code groupArtifact} ({@code group/artifact})
   * as a Maven build would add it.
   */
  private static Path jar(Path file, Path classes, String packagePath, String groupArtifact,
      java.util.function.Predicate<Path> include) throws IOException {
    Files.createDirectories(file.getParent());
    try (OutputStream out = Files.newOutputStream(file);
        JarOutputStream jar = new JarOutputStream(out);
        Stream<Path> files = Files.walk(classes.resolve(packagePath))) {
      for (Path path : files.filter(Files::isRegularFile).filter(include).sorted().toList()) {
        jar.putNextEntry(new JarEntry(classes.relativize(path).toString().replace('\\', '/')));
        try {
          Files.copy(path, jar);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
        jar.closeEntry();
      }
      jar.putNextEntry(new JarEntry("META-INF/maven/" + groupArtifact + "/pom.properties"));
      String[] parts = groupArtifact.split("/");
      jar.write(("groupId=" + parts[0] + "\nartifactId=" + parts[1] + "\nversion=1.0\n")
          .getBytes(StandardCharsets.UTF_8));
      jar.closeEntry();
    }
    return file;
  }
}
