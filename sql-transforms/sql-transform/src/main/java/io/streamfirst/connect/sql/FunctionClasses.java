// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.sql;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.apache.kafka.common.config.ConfigException;

/**
 * Decides which classes {@code functions.allowed.classes} may name: only classes of function jars
 * that an operator put into this plugin's own directory (the directory of the SqlTransform jar).
 * Never the JDK's ({@code java.*}, {@code javax.*}, {@code jdk.*}, {@code sun.*}, {@code com.sun.*}),
 * Kafka's or Connect's ({@code org.apache.kafka.*}), SLF4J's, Streamfirst's ({@code io.streamfirst.*}),
 * classes from the worker's class path or another plugin (and no class at all when the plugin
 * itself runs from the worker's class path), nor classes of the plugin's own libraries: the build
 * records those (its runtime dependencies, the jars packaging puts next to
 * the SqlTransform jar) in {@value #LIBRARIES_RESOURCE}, and a jar counts as one of them when it
 * has a recorded library's file name or carries a recorded library's Maven metadata
 * ({@code META-INF/maven/<group>/<artifact>/pom.properties}).
 *
 * <p>A named class is loaded without being initialised ({@code Class.forName(name, false, loader)}),
 * so no code of it runs before it passes every check. Checks run at configuration (REST
 * {@code config/validate} and {@code configure()}), never per record.
 */
final class FunctionClasses {

  /** The plugin's own libraries, one {@code group:artifact:type[:classifier]:version[:scope]} a line. */
  static final String LIBRARIES_RESOURCE = "plugin-libraries.txt";

  /** Packages never allowed, with whose they are. */
  private static final Map<String, String> DENIED_PACKAGES = denied();
  private static final Set<String> SCOPES = Set.of("compile", "runtime", "provided", "system", "test", "import");

  private static Map<String, String> denied() {
    Map<String, String> denied = new LinkedHashMap<>();
    for (String jdk : List.of("java.", "javax.", "jdk.", "sun.", "com.sun.")) {
      denied.put(jdk, "the JDK");
    }
    denied.put("org.apache.kafka.", "Kafka and Connect");
    denied.put("org.slf4j.", "SLF4J (the worker's logging)");
    denied.put("io.streamfirst.", "Streamfirst");
    return denied;
  }

  /** One of the plugin's own libraries, as Maven resolved it. */
  record Library(String groupId, String artifactId, String type, String classifier, String version) {

    /** The file name the packaging gives the library's jar in the plugin directory. */
    String fileName() {
      return artifactId + "-" + version + (classifier == null ? "" : "-" + classifier) + "." + type;
    }

    String coordinates() {
      return groupId + ":" + artifactId + ":" + version;
    }

    /** Parses one line of the recorded list, or returns empty for headers and blank lines. */
    static Optional<Library> parse(String line) {
      String text = line.strip();
      int comment = text.indexOf(" -- ");
      if (comment >= 0) {
        text = text.substring(0, comment).strip();
      }
      if (text.isEmpty() || text.contains(" ")) {
        return Optional.empty();
      }
      List<String> parts = new ArrayList<>(List.of(text.split(":")));
      if (parts.size() > 4 && SCOPES.contains(parts.get(parts.size() - 1))) {
        parts.remove(parts.size() - 1);
      }
      if (parts.size() == 4) {
        return Optional.of(new Library(parts.get(0), parts.get(1), parts.get(2), null, parts.get(3)));
      }
      if (parts.size() == 5) {
        return Optional.of(new Library(parts.get(0), parts.get(1), parts.get(2), parts.get(3), parts.get(4)));
      }
      return Optional.empty();
    }
  }

  private static final class Plugin {
    static final FunctionClasses INSTANCE = of(FunctionClasses.class);
  }

  private final ClassLoader loader;
  /** The SqlTransform jar, or null when this plugin does not run from a jar (a development class path). */
  private final Path ownJar;
  /** The plugin directory (the own jar's directory, symbolic links resolved), or null as above. */
  private final Path directory;
  /** The recorded libraries, or null when the list is missing. */
  private final List<Library> libraries;

  FunctionClasses(ClassLoader loader, Path ownJar, List<Library> libraries) {
    this.loader = loader;
    this.ownJar = ownJar;
    this.directory = ownJar == null ? null : realPath(ownJar.getParent());
    this.libraries = libraries == null ? null : List.copyOf(libraries);
  }

  /** The checks of the plugin this class was loaded from. */
  static FunctionClasses ofPlugin() {
    return Plugin.INSTANCE;
  }

  /** The checks of the plugin {@code anchor} was loaded from: its class loader, its jar, its recorded libraries. */
  static FunctionClasses of(Class<?> anchor) {
    Path jar = jarOf(anchor);
    return new FunctionClasses(anchor.getClassLoader(), jar, recordedLibraries(anchor));
  }

  /**
   * The libraries recorded next to {@code anchor}: read from the jar {@code anchor} was loaded from
   * (never a copy elsewhere on a class path), or from the class path when it does not come from a
   * jar; null when the list is missing.
   */
  static List<Library> recordedLibraries(Class<?> anchor) {
    Path jar = jarOf(anchor);
    String entry = anchor.getPackageName().replace('.', '/') + "/" + LIBRARIES_RESOURCE;
    try {
      if (jar == null) {
        try (InputStream in = anchor.getResourceAsStream(LIBRARIES_RESOURCE)) {
          return in == null ? null : parse(in);
        }
      }
      List<Library> libraries;
      try (JarFile file = new JarFile(jar.toFile())) {
        JarEntry list = file.getJarEntry(entry);
        if (list == null) {
          return null;
        }
        try (InputStream in = file.getInputStream(list)) {
          libraries = parse(in);
        }
      }
      libraries.addAll(librariesOfSiblingModules(jar));
      return libraries;
    } catch (IOException e) {
      return null;
    }
  }

  /**
   * The libraries recorded by the other Streamfirst jars of the plugin directory (the windowed SQL connector
   * ships in the same directory with libraries of its own). Reading more lists can only count more jars as the
   * plugin's own, never fewer, so a jar put there cannot widen what functions may name.
   */
  private static List<Library> librariesOfSiblingModules(Path ownJar) throws IOException {
    List<Library> libraries = new ArrayList<>();
    Path directory = ownJar.getParent();
    if (directory == null) {
      return libraries;
    }
    List<Path> siblings;
    try (var files = Files.list(directory)) {
      siblings = files.filter(path -> path.getFileName().toString().startsWith("streamfirst-")
          && path.getFileName().toString().endsWith(".jar") && !path.equals(ownJar)).sorted().toList();
    }
    for (Path sibling : siblings) {
      try (JarFile file = new JarFile(sibling.toFile())) {
        for (JarEntry candidate : java.util.Collections.list(file.entries())) {
          if (candidate.getName().startsWith("io/streamfirst/")
              && candidate.getName().endsWith("/" + LIBRARIES_RESOURCE)) {
            try (InputStream in = file.getInputStream(candidate)) {
              libraries.addAll(parse(in));
            }
          }
        }
      }
    }
    return libraries;
  }

  private static List<Library> parse(InputStream in) throws IOException {
    List<Library> libraries = new ArrayList<>();
    BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    for (String line = reader.readLine(); line != null; line = reader.readLine()) {
      Library.parse(line).ifPresent(libraries::add);
    }
    return libraries;
  }

  /** The plugin directory: where function jars go. Null when the plugin does not run from a jar. */
  Path directory() {
    return directory;
  }

  /** Loads every named class after checking it, naming {@code key} in errors. */
  List<Class<?>> load(String key, List<String> names) {
    List<Class<?>> classes = new ArrayList<>();
    for (String name : names) {
      classes.add(load(key, name.strip()));
    }
    return classes;
  }

  /**
   * The class {@code name}, loaded but not initialised, when it may be allowed.
   *
   * @throws ConfigException on {@code key}, naming the class, why it may not be allowed and how to fix it
   */
  Class<?> load(String key, String name) {
    for (Map.Entry<String, String> denied : DENIED_PACKAGES.entrySet()) {
      if (name.startsWith(denied.getKey())) {
        throw reject(key, name, "it is a class of " + denied.getValue() + " (" + denied.getKey() + "*), which can never"
            + " be allowed: only classes of your own function jars in the plugin directory can.");
      }
    }
    if (loader == ClassLoader.getSystemClassLoader()) {
      throw reject(key, name, "the SQL plugin runs from the worker's class path, where every jar of the worker"
          + " would count as its directory; install it as a plugin directory on the workers' plugin.path instead.");
    }
    Class<?> type;
    try {
      type = Class.forName(name, false, loader);
    } catch (ClassNotFoundException e) {
      throw reject(key, name, "the SQL plugin's class loader does not find this class.");
    } catch (LinkageError e) {
      throw reject(key, name, "the class cannot be loaded (" + e.getClass().getSimpleName() + ": " + e.getMessage()
          + ").");
    }
    if (type.isArray() || type.isPrimitive()) {
      throw reject(key, name, "this is not a class.");
    }
    if (type.getClassLoader() != loader) {
      throw reject(key, name, "it is not loaded from the plugin directory but from "
          + (type.getClassLoader() == null ? "the JDK" : "the worker's class path or another plugin") + ".");
    }
    CodeSource source = type.getProtectionDomain().getCodeSource();
    Path jar = source == null ? null : jarPath(source.getLocation());
    if (jar == null) {
      throw reject(key, name, "it does not come from a jar file (its code source is "
          + (source == null ? "unknown" : source.getLocation()) + ").");
    }
    if (directory == null) {
      throw reject(key, name, "this SQL plugin does not run from a jar in a plugin directory, so it has no"
          + " directory for function jars; install the packaged plugin directory on the workers' plugin.path.");
    }
    if (!directory.equals(realPath(jar.getParent()))) {
      throw reject(key, name, "its jar " + jar + " is not in the plugin directory " + directory + ".");
    }
    if (realPath(jar).equals(realPath(ownJar))) {
      throw reject(key, name, "it is part of the SQL plugin itself.");
    }
    if (libraries == null) {
      throw reject(key, name, "the list of the plugin's own libraries (" + LIBRARIES_RESOURCE + ") is missing from"
          + " its jar " + ownJar.getFileName() + ", so no jar can be told apart from them; reinstall the packaged"
          + " plugin directory.");
    }
    String fileName = jar.getFileName().toString();
    for (Library library : libraries) {
      if (library.fileName().equals(fileName)) {
        throw reject(key, name, "its jar " + fileName + " is one of the plugin's own libraries ("
            + library.coordinates() + "), which statements may never call; only jars you add to the plugin"
            + " directory can be allowed.");
      }
    }
    Library bundled;
    try {
      bundled = bundledLibrary(jar);
    } catch (IOException e) {
      throw reject(key, name, "its jar " + fileName + " cannot be read (" + e.getMessage() + ").");
    }
    if (bundled != null) {
      throw reject(key, name, "its jar " + fileName + " contains " + bundled.groupId() + ":" + bundled.artifactId()
          + ", one of the plugin's own libraries, which statements may never call; build your function jar"
          + " without it (the plugin directory already has it).");
    }
    return type;
  }

  /** A recorded library whose Maven metadata {@code jar} carries, or null. */
  private Library bundledLibrary(Path jar) throws IOException {
    try (JarFile file = new JarFile(jar.toFile())) {
      Enumeration<JarEntry> entries = file.entries();
      while (entries.hasMoreElements()) {
        String entry = entries.nextElement().getName();
        if (!entry.startsWith("META-INF/maven/") || !entry.endsWith("/pom.properties")) {
          continue;
        }
        String[] path = entry.split("/");
        if (path.length != 5) {
          continue;
        }
        for (Library library : libraries) {
          if (library.groupId().equals(path[2]) && library.artifactId().equals(path[3])) {
            return library;
          }
        }
      }
      return null;
    }
  }

  private ConfigException reject(String key, String name, String reason) {
    String where = directory == null
        ? "the SQL plugin's directory (on the workers' plugin.path)"
        : "the plugin directory " + directory + " (next to " + ownJar.getFileName() + ")";
    return new ConfigException(key, name, reason + " Put the jar holding your function class into " + where
        + " on every worker and restart the workers.");
  }

  /** The jar {@code type} was loaded from, or null when it does not come from a jar file. */
  private static Path jarOf(Class<?> type) {
    CodeSource source = type.getProtectionDomain().getCodeSource();
    return source == null ? null : jarPath(source.getLocation());
  }

  private static Path jarPath(URL location) {
    if (location == null || !"file".equals(location.getProtocol())) {
      return null;
    }
    try {
      Path path = Path.of(location.toURI());
      return Files.isRegularFile(path) && path.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".jar")
          ? path
          : null;
    } catch (URISyntaxException | IllegalArgumentException e) {
      return null;
    }
  }

  private static Path realPath(Path path) {
    try {
      return path.toRealPath();
    } catch (IOException e) {
      return path.toAbsolutePath().normalize();
    }
  }
}
