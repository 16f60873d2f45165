// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.it.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.apache.kafka.tools.ConnectPluginPath;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Runs Kafka's own {@code connect-plugin-path list} over every packaged plugin directory and checks
 * that each plugin in it is loadable and has a ServiceLoader manifest, i.e. works with
 * {@code plugin.discovery=service_load}; that no directory ships the jars or classes Connect provides, or the
 * project's test tooling ({@code ConfigDocs}); and that no directory holds two versions of one library.
 */
class PluginPathIT {
  /** Plugins each family must contain; a family not listed here is still checked for the rest. */
  private static final Map<String, List<String>> EXPECTED_PLUGINS = Map.of(
      "sql-transforms", List.of("io.streamfirst.connect.sql.SqlTransform", "io.streamfirst.connect.sql.SqlPredicate",
          "io.streamfirst.connect.sql.window.SqlWindowConnector"),
      "cdc-mysql", List.of("io.streamfirst.connect.cdc.mysql.MySqlCdcSourceConnector"),
      "clickhouse-sink", List.of("io.streamfirst.connect.clickhouse.ClickHouseSinkConnector"),
      "iceberg-sink", List.of("io.streamfirst.connect.iceberg.IcebergSinkConnector"),
      "governance", List.of("io.streamfirst.connect.governance.AvroConverter",
          "io.streamfirst.connect.governance.JsonSchemaConverter", "io.streamfirst.connect.governance.AddLineage",
          "io.streamfirst.connect.governance.EnforceContract"),
      "snowflake-sink", List.of("io.streamfirst.connect.snowflake.SnowflakeSinkConnector"),
      "lineage-rest", List.of("io.streamfirst.connect.lineage.rest.LineageRestExtension"));
  /** Jar name prefixes of what the Connect worker itself provides; a plugin directory must not carry them. */
  private static final List<String> WORKER_JARS = List.of(
      "connect-api-", "connect-runtime-", "connect-json-", "connect-transforms-", "kafka-clients-", "slf4j-api-",
      "slf4j-reload4j-", "log4j-slf4j2-impl-");

  private static List<Path> pluginDirs;

  @BeforeAll
  static void findPluginDirs() throws IOException {
    pluginDirs = PackagedPlugins.pluginDirs();
    assertThat(pluginDirs).as("plugin directories under %s", PackagedPlugins.pluginsRoot()).isNotEmpty();
    assertThat(pluginDirs).extracting(PackagedPlugins::family).containsAll(EXPECTED_PLUGINS.keySet());
  }

  @TestFactory
  Stream<DynamicTest> everyPluginIsLoadableAndServiceLoaderCompatible() {
    return pluginDirs.stream().map(dir -> DynamicTest.dynamicTest(PackagedPlugins.family(dir), () -> {
      PluginPathListing listing = PluginPathListing.of(dir);

      List<PluginPathListing.Row> rows = listing.rowsAt(dir);
      assertThat(rows).as("plugins found in %s%n%s", dir, listing.output()).isNotEmpty();
      assertThat(rows).as("plugins in %s that are not loadable%n%s", dir, listing.output())
          .allSatisfy(row -> assertThat(row.loadable()).as(row.className()).isTrue());
      assertThat(rows).as("plugins in %s without a META-INF/services manifest%n%s", dir, listing.output())
          .allSatisfy(row -> assertThat(row.hasManifest()).as(row.className()).isTrue());
      assertThat(rows).extracting(PluginPathListing.Row::className)
          .containsAll(EXPECTED_PLUGINS.getOrDefault(PackagedPlugins.family(dir), List.of()));
      assertThat(listing.summary("Compatible plugins")).isEqualTo(listing.summary("Total plugins")).isPositive();
    }));
  }

  @TestFactory
  Stream<DynamicTest> noPluginDirectoryCarriesTheWorkersOwnJars() {
    return pluginDirs.stream().map(dir -> DynamicTest.dynamicTest(PackagedPlugins.family(dir), () -> {
      List<String> jars = PackagedPlugins.jarNames(dir);
      assertThat(jars).as("jars in %s", dir).isNotEmpty();
      assertThat(jars).as("jars in %s", dir)
          .noneMatch(jar -> WORKER_JARS.stream().anyMatch(jar::startsWith));
    }));
  }

  @TestFactory
  Stream<DynamicTest> everyPluginDirectoryHoldsOneVersionOfEachLibraryAndNoWorkerClasses() {
    return pluginDirs.stream().map(dir -> DynamicTest.dynamicTest(PackagedPlugins.family(dir), () -> {
      PluginDirectoryContents contents = PluginDirectoryContents.read(dir);
      assertThat(contents.jars()).as("jars in %s", dir).isNotEmpty();
      assertThat(contents.testToolingClasses()).as("test tooling in %s", dir).isEmpty();
      assertThat(contents.problems()).as("what is wrong with %s", dir).isEmpty();
    }));
  }

  /** The TSV table printed by {@code connect-plugin-path list}, run in this JVM. */
  record PluginPathListing(int exitCode, String output, List<Row> rows) {

    record Row(String className, String type, boolean loadable, boolean hasManifest, String location) {
    }

    static PluginPathListing of(Path pluginDir) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ByteArrayOutputStream err = new ByteArrayOutputStream();
      int exitCode;
      try (PrintStream outStream = new PrintStream(out, true, StandardCharsets.UTF_8);
          PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8)) {
        exitCode = ConnectPluginPath.mainNoExit(
            new String[]{"list", "--plugin-location", pluginDir.toString()}, outStream, errStream);
      }
      String output = out.toString(StandardCharsets.UTF_8);
      assertThat(exitCode).as("connect-plugin-path exit code; stderr:%n%s", err.toString(StandardCharsets.UTF_8))
          .isZero();
      List<String> header = Arrays.stream(ConnectPluginPath.LIST_TABLE_COLUMNS).map(String::valueOf).toList();
      List<Row> rows = output.lines()
          .map(line -> line.split("\t", -1))
          .filter(cells -> cells.length == header.size() && !cells[0].equals(header.get(0)))
          .map(cells -> new Row(cells[header.indexOf("pluginName")], cells[header.indexOf("pluginType")],
              Boolean.parseBoolean(cells[header.indexOf("isLoadable")]),
              Boolean.parseBoolean(cells[header.indexOf("hasManifest")]),
              cells[header.indexOf("pluginLocation")]))
          .toList();
      return new PluginPathListing(exitCode, output, rows);
    }

    /** Rows of plugins found in one location (the tool also lists the class path). */
    List<Row> rowsAt(Path location) {
      return rows.stream().filter(row -> Path.of(row.location()).equals(location)).toList();
    }

    /** A number from the summary under the table, e.g. "Compatible plugins". */
    long summary(String label) {
      return output.lines()
          .filter(line -> line.startsWith(label + ":"))
          .map(line -> Long.parseLong(line.substring(line.indexOf(':') + 1).trim()))
          .findFirst()
          .orElseThrow(() -> new AssertionError("No '" + label + "' in:\n" + output));
    }
  }
}
