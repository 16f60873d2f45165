// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.example.functions.InitialisingFunctions;
import io.streamfirst.connect.sql.FunctionClasses.Library;
import java.io.File;
import java.io.IOException;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The plugin's own libraries as the build records them, and the checks against a plugin
 * directory holding all of them, as the packaging lays it out.
 */
class FunctionClassesTest {

  private static final String KEY = "functions.allowed.classes";

  private static List<Library> recorded() {
    List<Library> libraries = FunctionClasses.recordedLibraries(FunctionClasses.class);
    assertThat(libraries).as("plugin-libraries.txt recorded by the build").isNotNull().isNotEmpty();
    return libraries;
  }

  @Test
  void theBuildRecordsThePluginsRuntimeLibrariesAndNothingTheWorkerProvides() {
    List<String> files = recorded().stream().map(Library::fileName).toList();
    assertThat(files).contains("calcite-core-1.42.0.jar", "calcite-linq4j-1.42.0.jar", "janino-3.1.12.jar",
        "commons-compiler-3.1.12.jar");
    assertThat(files).anySatisfy(f -> assertThat(f).startsWith("guava-"))
        .anySatisfy(f -> assertThat(f).startsWith("avatica-core-"))
        .anySatisfy(f -> assertThat(f).startsWith("jackson-databind-"))
        .anySatisfy(f -> assertThat(f).startsWith("commons-lang3-"))
        .anySatisfy(f -> assertThat(f).startsWith("streamfirst-common-"));
    assertThat(files).noneSatisfy(f -> assertThat(f).startsWith("connect-api"))
        .noneSatisfy(f -> assertThat(f).startsWith("kafka-clients"))
        .noneSatisfy(f -> assertThat(f).startsWith("slf4j"))
        .noneSatisfy(f -> assertThat(f).startsWith("junit"))
        .noneSatisfy(f -> assertThat(f).startsWith("assertj"));
  }

  @Test
  void recordedLinesAreParsedWithAndWithoutScopeClassifierAndModule() {
    assertThat(Library.parse("   org.apache.calcite:calcite-core:jar:1.42.0:compile -- module org.apache.calcite.core"))
        .contains(new Library("org.apache.calcite", "calcite-core", "jar", null, "1.42.0"));
    assertThat(Library.parse("com.google.guava:guava:jar:33.4.8-jre")).map(Library::fileName)
        .contains("guava-33.4.8-jre.jar");
    assertThat(Library.parse("  org.example:native:jar:linux-x86_64:1.0:runtime")).map(Library::fileName)
        .contains("native-1.0-linux-x86_64.jar");
    assertThat(Library.parse("The following files have been resolved:")).isEmpty();
    assertThat(Library.parse("")).isEmpty();
  }

  @Test
  void everyLibraryInThePluginDirectoryIsRejectedAndAFunctionJarIsAccepted(@TempDir Path root) throws IOException {
    TestPlugin plugin = TestPlugin.create(root);
    List<Library> libraries = recorded();
    Map<String, Path> classPath = new HashMap<>();
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      classPath.put(Path.of(entry).getFileName().toString(), Path.of(entry));
    }
    List<Path> jars = new ArrayList<>(List.of(plugin.sqlJar(), plugin.functionsJar("my-functions-1.0.jar")));
    for (Library library : libraries) {
      Path jar = classPath.get(library.fileName());
      if (jar != null && Files.isRegularFile(jar)) {
        jars.add(Files.copy(jar, plugin.directory().resolve(library.fileName()), StandardCopyOption.REPLACE_EXISTING));
      }
    }
    assertThat(jars).as("libraries copied from the class path").hasSizeGreaterThan(libraries.size());

    try (URLClassLoader loader = TestPlugin.isolated(jars)) {
      FunctionClasses checks = new FunctionClasses(loader, plugin.sqlJar(), libraries);
      int checked = 0;
      for (Path jar : jars.subList(2, jars.size())) {
        String className = someLoadableClass(jar, loader);
        if (className == null) {
          continue; // e.g. listenablefuture, an empty jar
        }
        assertThatThrownBy(() -> checks.load(KEY, className))
            .as(className).isInstanceOf(ConfigException.class)
            .hasMessageContaining(className).hasMessageContaining(jar.getFileName().toString())
            .hasMessageContaining("one of the plugin's own libraries");
        checked++;
      }
      assertThat(checked).as("libraries with a class checked").isGreaterThan(30);

      System.clearProperty(InitialisingFunctions.PROPERTY);
      Class<?> allowed = checks.load(KEY, InitialisingFunctions.class.getName());
      assertThat(allowed.getClassLoader()).isSameAs(loader);
      assertThat(System.getProperty(InitialisingFunctions.PROPERTY)).as("initialised by the check").isNull();
    }
  }

  @Test
  void withoutTheRecordedListNothingIsAllowed(@TempDir Path root) throws IOException {
    TestPlugin plugin = TestPlugin.create(root);
    Path functions = plugin.functionsJar("my-functions-1.0.jar");
    try (URLClassLoader loader = TestPlugin.isolated(List.of(plugin.sqlJar(), functions))) {
      FunctionClasses checks = new FunctionClasses(loader, plugin.sqlJar(), null);
      assertThatThrownBy(() -> checks.load(KEY, "com.example.functions.TextFunctions"))
          .isInstanceOf(ConfigException.class).hasMessageContaining("plugin-libraries.txt");
    }
  }

  @Test
  void theListIsReadFromThePluginsOwnJarNotFromTheClassPath(@TempDir Path root) throws Exception {
    TestPlugin plugin = TestPlugin.create(root, false);
    try (URLClassLoader loader = TestPlugin.childFirst(List.of(plugin.sqlJar()))) {
      Class<?> fromJar = loader.loadClass(FunctionClasses.class.getName());
      assertThat(fromJar.getResource(FunctionClasses.LIBRARIES_RESOURCE)).as("a copy on the class path").isNotNull();
      assertThat(FunctionClasses.recordedLibraries(fromJar)).isNull();
    }
    TestPlugin complete = TestPlugin.create(root.resolve("complete"), true);
    try (URLClassLoader loader = TestPlugin.childFirst(List.of(complete.sqlJar()))) {
      assertThat(FunctionClasses.recordedLibraries(loader.loadClass(FunctionClasses.class.getName())))
          .isEqualTo(recorded());
    }
  }

  /** A class of {@code jar} outside the always-denied packages that {@code loader} loads (not initialised), or null. */
  private static String someLoadableClass(Path jar, ClassLoader loader) throws IOException {
    try (JarFile file = new JarFile(jar.toFile())) {
      Enumeration<JarEntry> entries = file.entries();
      while (entries.hasMoreElements()) {
        String entry = entries.nextElement().getName();
        if (!entry.endsWith(".class") || entry.startsWith("META-INF/") || entry.endsWith("module-info.class")
            || entry.endsWith("package-info.class")) {
          continue;
        }
        String name = entry.substring(0, entry.length() - ".class".length()).replace('/', '.');
        if (name.startsWith("javax.") || name.startsWith("io.streamfirst.")) {
          continue; // rejected by package before any jar is looked at
        }
        try {
          Class.forName(name, false, loader);
          return name;
        } catch (ClassNotFoundException | LinkageError e) {
          // try the next one
        }
      }
    }
    return null;
  }
}
