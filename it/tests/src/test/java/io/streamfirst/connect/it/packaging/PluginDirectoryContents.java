// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.it.packaging;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * What the jars of one plugin directory hold, read the way a reviewer would check it: which library
 * (groupId:artifactId) each jar is, which classes in it belong to packages that Connect always loads
 * from the worker, and which are the project's test tooling. A plugin directory that holds two versions
 * of one library runs whichever its class loader finds first; one that ships the worker's own classes
 * or test tooling ships dead weight at best.
 */
final class PluginDirectoryContents {
  /**
   * Packages a Connect worker provides to every plugin (its plugin class loaders delegate them to the
   * worker): Kafka, SLF4J and the log4j the worker logs with. Multi-release copies count too. Kafka
   * Streams is the exception: workers started from Kafka's own distribution have it, embedded and other
   * workers do not, so the SQL plugin (SqlWindowConnector) ships it.
   */
  private static final Pattern WORKER_CLASS = Pattern.compile(
      "(META-INF/versions/\\d+/)?(org/apache/kafka(?!/streams/)|org/slf4j|org/apache/log4j|org/apache/logging/log4j)/.+"
          + "\\.class");
  /**
   * Test tooling of this project, which lives in test jars used with test scope and never in a plugin:
   * the config reference generator {@code ConfigDocs} (in {@code streamfirst-common}'s test jar).
   */
  private static final Pattern TEST_TOOLING_CLASS = Pattern.compile(
      "io/streamfirst/connect/common/ConfigDocs(\\$[^/]*)?\\.class");
  private static final Pattern POM_PROPERTIES = Pattern.compile("META-INF/maven/[^/]+/[^/]+/pom\\.properties");
  /** {@code artifactId-version[-classifier].jar}, as Maven's copy-dependencies names a jar. */
  private static final Pattern VERSION_START = Pattern.compile("-\\d");

  /** One jar: its file name and the library it is ({@code artifactId}, or {@code groupId:artifactId} when the jar says). */
  record Jar(String fileName, String artifactId, String library) {
  }

  private final Path dir;
  private final List<Jar> jars;
  private final Map<String, List<String>> workerClasses;
  private final Map<String, List<String>> testToolingClasses;

  private PluginDirectoryContents(Path dir, List<Jar> jars, Map<String, List<String>> workerClasses,
      Map<String, List<String>> testToolingClasses) {
    this.dir = dir;
    this.jars = jars;
    this.workerClasses = workerClasses;
    this.testToolingClasses = testToolingClasses;
  }

  static PluginDirectoryContents read(Path dir) throws IOException {
    List<Jar> jars = new ArrayList<>();
    Map<String, List<String>> workerClasses = new TreeMap<>();
    Map<String, List<String>> testToolingClasses = new TreeMap<>();
    try (Stream<Path> entries = Files.list(dir)) {
      for (Path jar : entries.filter(path -> path.toString().endsWith(".jar")).sorted().toList()) {
        String name = jar.getFileName().toString();
        try (ZipFile zip = new ZipFile(jar.toFile())) {
          jars.add(jar(name, zip));
          List<String> provided = zip.stream()
              .map(ZipEntry::getName)
              .filter(entry -> WORKER_CLASS.matcher(entry).matches())
              .sorted()
              .toList();
          if (!provided.isEmpty()) {
            workerClasses.put(name, provided);
          }
          List<String> tooling = zip.stream()
              .map(ZipEntry::getName)
              .filter(entry -> TEST_TOOLING_CLASS.matcher(entry).matches())
              .sorted()
              .toList();
          if (!tooling.isEmpty()) {
            testToolingClasses.put(name, tooling);
          }
        }
      }
    }
    return new PluginDirectoryContents(dir, List.copyOf(jars), workerClasses, testToolingClasses);
  }

  List<Jar> jars() {
    return jars;
  }

  /** Libraries (by artifactId) present in more than one jar, each with the jars that hold it. */
  Map<String, List<String>> librariesInSeveralVersions() {
    return jars.stream()
        .collect(Collectors.groupingBy(Jar::artifactId, TreeMap::new,
            Collectors.mapping(Jar::fileName, Collectors.toList())))
        .entrySet().stream()
        .filter(entry -> entry.getValue().size() > 1)
        .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a, TreeMap::new));
  }

  /** Jars carrying classes of packages the worker provides, with (up to five of) those classes. */
  Map<String, List<String>> workerClasses() {
    return workerClasses;
  }

  /** Jars carrying the project's test tooling (e.g. {@code ConfigDocs}), with those classes. */
  Map<String, List<String>> testToolingClasses() {
    return testToolingClasses;
  }

  /** Every finding as one readable report, empty when the directory is clean. */
  List<String> problems() {
    List<String> problems = new ArrayList<>();
    librariesInSeveralVersions().forEach((library, files) -> problems.add(
        dir.getFileName() + " holds " + files.size() + " versions of " + library + ": " + files
            + "; pin one version in the parent pom's dependencyManagement"));
    workerClasses.forEach((jar, classes) -> problems.add(
        dir.getFileName() + "/" + jar + " carries classes the Connect worker provides, e.g. "
            + classes.subList(0, Math.min(5, classes.size()))
            + "; exclude it from the plugin (plugin.excluded.groups) or use a relocated build"));
    testToolingClasses.forEach((jar, classes) -> problems.add(
        dir.getFileName() + "/" + jar + " carries test tooling " + classes
            + "; keep it in a test jar that modules use with test scope, never in a main jar"));
    return problems;
  }

  /**
   * The library a jar is: {@code groupId:artifactId} from the jar's own Maven metadata whose artifactId
   * the file name starts with (the longest such, as shaded jars carry the metadata of what they bundle),
   * else the artifactId read off the file name.
   */
  private static Jar jar(String fileName, ZipFile zip) throws IOException {
    List<Properties> poms = new ArrayList<>();
    for (ZipEntry entry : zip.stream().filter(e -> POM_PROPERTIES.matcher(e.getName()).matches()).toList()) {
      Properties properties = new Properties();
      try (InputStream in = zip.getInputStream(entry)) {
        properties.load(in);
      }
      poms.add(properties);
    }
    return poms.stream()
        .filter(pom -> pom.getProperty("artifactId") != null && pom.getProperty("groupId") != null)
        .filter(pom -> fileName.startsWith(pom.getProperty("artifactId") + "-"))
        .max(Comparator.comparingInt(pom -> pom.getProperty("artifactId").length()))
        .map(pom -> new Jar(fileName, pom.getProperty("artifactId"),
            pom.getProperty("groupId") + ":" + pom.getProperty("artifactId")))
        .orElseGet(() -> {
          String artifactId = artifactIdFromName(fileName);
          return new Jar(fileName, artifactId, artifactId);
        });
  }

  private static String artifactIdFromName(String fileName) {
    String base = fileName.substring(0, fileName.length() - ".jar".length());
    var versionStart = VERSION_START.matcher(base);
    return versionStart.find() ? base.substring(0, versionStart.start()) : base;
  }
}
