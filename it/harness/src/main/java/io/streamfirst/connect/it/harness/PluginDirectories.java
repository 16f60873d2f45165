// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.it.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The directories that the Connect workers load plugins from through {@code plugin.path}: the
 * packaged Streamfirst plugin directories, plus optional extra roots (e.g. Kafka's connect-file
 * connectors for tests). Each root holds one subfolder per plugin, with the plugin's jars inside.
 */
public final class PluginDirectories {

  /** System property naming the root of the packaged Streamfirst plugin directories. */
  public static final String PLUGINS_DIR_PROPERTY = "streamfirst.plugins.dir";

  /** Optional system property naming one more root of test-only plugin directories. */
  public static final String TEST_PLUGINS_DIR_PROPERTY = "streamfirst.test.plugins.dir";

  private static final String HOW_TO_BUILD = "Build the plugin directories first: run `mvn -B -DskipTests package` from the repository"
      + " root, or run the integration tests with `mvn -pl it/tests -am verify`.";

  private final List<Path> roots;

  private PluginDirectories(List<Path> roots) {
    this.roots = List.copyOf(roots);
  }

  /**
   * Reads {@value #PLUGINS_DIR_PROPERTY} (required) and {@value #TEST_PLUGINS_DIR_PROPERTY}
   * (optional), checking that each root holds at least one plugin directory with jars.
   *
   * @throws IllegalStateException with how to fix it, when a property is unset or a root is empty
   */
  public static PluginDirectories fromSystemProperties() {
    String plugins = System.getProperty(PLUGINS_DIR_PROPERTY);
    if (plugins == null || plugins.isBlank()) {
      throw new IllegalStateException("System property " + PLUGINS_DIR_PROPERTY
          + " is not set. It names the packaged plugin directories (packaging/target/plugins);"
          + " failsafe sets it in it/tests/pom.xml, so run the tests through Maven or pass -D"
          + PLUGINS_DIR_PROPERTY + "=<repo>/packaging/target/plugins. " + HOW_TO_BUILD);
    }
    List<Path> roots = new ArrayList<>();
    roots.add(Path.of(plugins));
    String testPlugins = System.getProperty(TEST_PLUGINS_DIR_PROPERTY);
    if (testPlugins != null && !testPlugins.isBlank()) {
      roots.add(Path.of(testPlugins));
    }
    return of(roots);
  }

  /** Uses exactly the given roots, checking each as {@link #fromSystemProperties()} does. */
  public static PluginDirectories of(List<Path> roots) {
    if (roots.isEmpty()) {
      throw new IllegalArgumentException("At least one plugin root directory is needed");
    }
    List<Path> checked = new ArrayList<>();
    for (Path root : roots) {
      checked.add(check(root.toAbsolutePath().normalize()));
    }
    return new PluginDirectories(checked);
  }

  /** Returns these roots plus {@code extraRoot}, checked in the same way. */
  public PluginDirectories with(Path extraRoot) {
    List<Path> all = new ArrayList<>(roots);
    all.add(extraRoot);
    return of(all);
  }

  /** The plugin roots, absolute, in {@code plugin.path} order. */
  public List<Path> roots() {
    return roots;
  }

  /** The value for the worker's {@code plugin.path}: the roots joined by commas. */
  public String pluginPath() {
    return roots.stream().map(Path::toString).collect(Collectors.joining(","));
  }

  /** Every plugin directory (a subfolder of a root that holds jars), sorted. */
  public List<Path> pluginDirs() {
    List<Path> dirs = new ArrayList<>();
    for (Path root : roots) {
      dirs.addAll(pluginDirsIn(root));
    }
    return dirs;
  }

  /**
   * The connector, converter, transformation and predicate classes that the jars of these roots
   * declare in {@code META-INF/services}: what the REST API must list once the workers run.
   */
  public Set<String> declaredPlugins() {
    Set<String> classes = new TreeSet<>();
    for (Path root : roots) {
      classes.addAll(ServiceManifests.restListedPlugins(root));
    }
    return classes;
  }

  @Override
  public String toString() {
    return "PluginDirectories" + roots;
  }

  private static Path check(Path root) {
    if (!Files.isDirectory(root)) {
      throw new IllegalStateException("Plugin root " + root + " does not exist or is not a"
          + " directory. " + HOW_TO_BUILD);
    }
    if (pluginDirsIn(root).isEmpty()) {
      throw new IllegalStateException("Plugin root " + root + " holds no plugin directory with"
          + " jars (expected e.g. " + root.resolve("sql-transforms") + "/*.jar). " + HOW_TO_BUILD);
    }
    return root;
  }

  private static List<Path> pluginDirsIn(Path root) {
    try (Stream<Path> children = Files.list(root)) {
      return children.filter(Files::isDirectory)
          .filter(dir -> !ServiceManifests.jarsBelow(dir).isEmpty())
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list plugin root " + root, e);
    }
  }
}
