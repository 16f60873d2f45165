// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.example.functions.InitialisingFunctions;
import java.io.IOException;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.transforms.Transformation;
import org.apache.kafka.connect.transforms.predicates.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code functions.allowed.classes} through SqlTransform and SqlPredicate as a worker uses them:
 * loaded from a SqlTransform jar in a plugin directory by a class loader that prefers the
 * directory's jars, as Connect's plugin class loader does. Only classes of function jars in that
 * directory may be allowed; the JDK, Kafka, Connect, SLF4J, Streamfirst and the plugin's own
 * libraries never; a named class is never initialised by the check.
 */
class FunctionSandboxTest {

  private static final String KEY = "functions.allowed.classes";
  private static final Schema PERSON = SchemaBuilder.struct().field("name", Schema.STRING_SCHEMA).build();

  @TempDir
  static Path root;
  private static TestPlugin plugin;
  private static Path commonsLang;
  private static URLClassLoader worker;

  @BeforeAll
  static void pluginDirectory() throws IOException {
    plugin = TestPlugin.create(root);
    Path functions = plugin.functionsJar("text-functions-1.0.jar");
    Path outside = TestPlugin.outsideJar(root.resolve("elsewhere/outside-functions-1.0.jar"));
    Path lang = TestPlugin.codeSource(org.apache.commons.lang3.SystemUtils.class);
    commonsLang = plugin.copyLibrary(org.apache.commons.lang3.SystemUtils.class, lang.getFileName().toString());
    worker = TestPlugin.childFirst(List.of(plugin.sqlJar(), functions, commonsLang, outside));
  }

  @AfterAll
  static void closeLoader() throws IOException {
    worker.close();
  }

  @BeforeEach
  void forgetInitialisation() {
    System.clearProperty(InitialisingFunctions.PROPERTY);
  }

  private static Map<String, Object> props(String query, String allowed) {
    Map<String, Object> props = new HashMap<>();
    props.put("query", query);
    props.put(KEY, allowed);
    return props;
  }

  @SuppressWarnings("unchecked")
  private static Transformation<SinkRecord> transform(ClassLoader loader, String query, String allowed) {
    try {
      Transformation<SinkRecord> transform = (Transformation<SinkRecord>) loader
          .loadClass(SqlTransform.class.getName()).getDeclaredConstructor().newInstance();
      transform.configure(props(query, allowed));
      return transform;
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
  }

  @SuppressWarnings("unchecked")
  private static Predicate<SinkRecord> predicate(ClassLoader loader, String condition, String allowed) {
    try {
      Predicate<SinkRecord> predicate = (Predicate<SinkRecord>) loader
          .loadClass(SqlPredicate.class.getName()).getDeclaredConstructor().newInstance();
      Map<String, Object> props = new HashMap<>();
      props.put("condition", condition);
      props.put(KEY, allowed);
      predicate.configure(props);
      return predicate;
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
  }

  private static SinkRecord person(String name) {
    return new SinkRecord("people", 0, null, null, PERSON, new Struct(PERSON).put("name", name), 7L,
        1_700_000_000_000L, TimestampType.CREATE_TIME, new ConnectHeaders());
  }

  @ParameterizedTest
  @ValueSource(strings = {"java.lang.System", "java.lang.Runtime", "java.lang.ProcessBuilder",
      "javax.naming.InitialContext", "jdk.internal.misc.Unsafe", "sun.misc.Unsafe", "com.sun.jndi.ldap.LdapCtxFactory",
      "org.apache.kafka.common.utils.Exit", "org.apache.kafka.connect.data.Values", "org.slf4j.LoggerFactory",
      "io.streamfirst.connect.sql.functions.PgFunctions", "io.streamfirst.connect.common.LineageHeaders"})
  void jdkKafkaConnectAndStreamfirstClassesAreNeverAllowed(String className) {
    for (ClassLoader loader : new ClassLoader[]{worker, FunctionSandboxTest.class.getClassLoader()}) {
      assertThatThrownBy(() -> transform(loader, "SELECT name FROM t", className))
          .isInstanceOf(ConfigException.class)
          .hasMessageContaining(KEY).hasMessageContaining(className).hasMessageContaining("plugin directory");
      assertThatThrownBy(() -> predicate(loader, "name = 'x'", className))
          .isInstanceOf(ConfigException.class)
          .hasMessageContaining(KEY).hasMessageContaining(className);
    }
  }

  @Test
  void aStatementCannotReadTheWorkersEnvironment() {
    assertThatThrownBy(() -> transform(worker, "SELECT getenv('PATH') AS leak FROM t", "java.lang.System"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("Invalid value java.lang.System for configuration " + KEY)
        .hasMessageContaining("JDK")
        .hasMessageContaining(directory());
  }

  /** The plugin directory as the checks name it (symbolic links resolved). */
  private static String directory() {
    try {
      return plugin.directory().toRealPath().toString();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void aFunctionJarInThePluginDirectoryIsAllowedAndNotInitialisedByTheCheck() {
    Transformation<SinkRecord> transform = transform(worker, "SELECT greet(name) AS g FROM t",
        "com.example.functions.TextFunctions, com.example.functions.InitialisingFunctions");

    assertThat(System.getProperty(InitialisingFunctions.PROPERTY)).as("static initialiser run by the check").isNull();
    assertThat(((Struct) transform.apply(person("ann")).value()).getString("g")).isEqualTo("hello ann");
  }

  @Test
  void aNamedClassIsNeverInitialisedWhenItIsRejected() {
    // On the class path (the worker's, here the test's) SqlTransform has no plugin directory: nothing may be allowed
    assertThatThrownBy(() -> transform(FunctionSandboxTest.class.getClassLoader(), "SELECT name FROM t",
        InitialisingFunctions.class.getName()))
        .isInstanceOf(ConfigException.class).hasMessageContaining(KEY)
        .hasMessageContaining(InitialisingFunctions.class.getName()).hasMessageContaining("plugin.path");

    assertThat(System.getProperty(InitialisingFunctions.PROPERTY)).as("static initialiser run by the check").isNull();
  }

  @Test
  void aFunctionJarOutsideThePluginDirectoryIsRejected() {
    assertThatThrownBy(
        () -> transform(worker, "SELECT shout(name) AS s FROM t", "com.example.outside.OutsideFunctions"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(KEY).hasMessageContaining("com.example.outside.OutsideFunctions")
        .hasMessageContaining("outside-functions-1.0.jar")
        .hasMessageContaining("is not in the plugin directory " + directory());
  }

  @Test
  void aJarInASubDirectoryOrAClassDirectoryDoesNotCount() throws IOException {
    Path nested = TestPlugin.outsideJar(plugin.directory().resolve("functions/outside-functions-1.0.jar"));
    try (URLClassLoader loader = TestPlugin.childFirst(List.of(plugin.sqlJar(), nested))) {
      assertThatThrownBy(() -> transform(loader, "SELECT name FROM t", "com.example.outside.OutsideFunctions"))
          .isInstanceOf(ConfigException.class)
          .hasMessageContaining("is not in the plugin directory " + directory());
    }
    Path classes = TestPlugin.outsideClasses(plugin.directory().resolve("classes"));
    try (URLClassLoader loader = TestPlugin.childFirst(List.of(plugin.sqlJar(), classes))) {
      assertThatThrownBy(() -> transform(loader, "SELECT name FROM t", "com.example.outside.OutsideFunctions"))
          .isInstanceOf(ConfigException.class)
          .hasMessageContaining("does not come from a jar file");
    }
  }

  @Test
  void aFunctionJarThatBundlesAPluginLibraryIsRejected(@TempDir Path other) throws IOException {
    TestPlugin bundling = TestPlugin.create(other);
    Path jar = TestPlugin.functionsJar(bundling.directory().resolve("fat-functions-1.0.jar"),
        "com.google.guava/guava");
    try (URLClassLoader loader = TestPlugin.childFirst(List.of(bundling.sqlJar(), jar))) {
      assertThatThrownBy(() -> transform(loader, "SELECT greet(name) AS g FROM t",
          "com.example.functions.TextFunctions"))
          .isInstanceOf(ConfigException.class)
          .hasMessageContaining("fat-functions-1.0.jar contains com.google.guava:guava")
          .hasMessageContaining("build your function jar without it");
    }
  }

  @Test
  void thePluginsOwnLibrariesAreRejected() {
    assertThatThrownBy(() -> transform(worker, "SELECT name FROM t", "org.apache.commons.lang3.SystemUtils"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(KEY).hasMessageContaining("org.apache.commons.lang3.SystemUtils")
        .hasMessageContaining(commonsLang.getFileName().toString())
        .hasMessageContaining("org.apache.commons:commons-lang3")
        .hasMessageContaining("one of the plugin's own libraries");
    // Calcite comes from the worker's class path here: not from the plugin directory at all
    assertThatThrownBy(() -> transform(worker, "SELECT name FROM t", "org.apache.calcite.runtime.SqlFunctions"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(KEY).hasMessageContaining("org.apache.calcite.runtime.SqlFunctions");
  }

  @Test
  void aRenamedCopyOfAPluginLibraryIsRejected(@TempDir Path other) throws IOException {
    TestPlugin renamed = TestPlugin.create(other);
    Path copy = renamed.copyLibrary(org.apache.commons.lang3.SystemUtils.class, "string-helpers.jar");
    try (URLClassLoader loader = TestPlugin.childFirst(List.of(renamed.sqlJar(), copy))) {
      assertThatThrownBy(() -> transform(loader, "SELECT name FROM t", "org.apache.commons.lang3.StringUtils"))
          .isInstanceOf(ConfigException.class)
          .hasMessageContaining("string-helpers.jar")
          .hasMessageContaining("contains org.apache.commons:commons-lang3");
    }
  }

  @Test
  void anUnknownClassNamesThePluginDirectoryToPutItsJarIn() {
    assertThatThrownBy(() -> transform(worker, "SELECT name FROM t", "com.example.Nope"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(KEY).hasMessageContaining("com.example.Nope")
        .hasMessageContaining(directory());
  }
}
