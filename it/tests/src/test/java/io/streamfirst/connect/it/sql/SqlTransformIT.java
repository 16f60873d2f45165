// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.it.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.example.sqlfunctions.ClassPathFunctions;
import io.streamfirst.connect.it.harness.ConnectCluster;
import io.streamfirst.connect.it.harness.ConnectClusterExtension;
import io.streamfirst.connect.it.harness.ConsumedRecord;
import io.streamfirst.connect.it.harness.PluginDirectories;
import io.streamfirst.connect.it.harness.Timeouts;
import io.streamfirst.connect.it.harness.UniqueNames;
import io.streamfirst.connect.it.harness.ValidationResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * SqlTransform and SqlPredicate loaded from the packaged plugin directory into real Connect
 * workers: a sink pipeline end to end, REST validation of bad SQL, runtime errors routed to the
 * dead-letter queue with every record accounted for, and the sandbox: which function classes a
 * configuration may allow, and records whose evaluation would exhaust memory or stack. The
 * workers load a copy of the packaged plugin directory with one function jar added, as an
 * operator installs one.
 */
class SqlTransformIT {

  private static final String FILE_SINK = "org.apache.kafka.connect.file.FileStreamSinkConnector";
  private static final String SQL_TRANSFORM = "io.streamfirst.connect.sql.SqlTransform";
  private static final String SQL_PREDICATE = "io.streamfirst.connect.sql.SqlPredicate";
  private static final Pattern ID = Pattern.compile("\\bid=(\\d+)");

  @RegisterExtension
  static final ConnectClusterExtension CONNECT = new ConnectClusterExtension(b -> b.workers(2)
      .workerProperty("offset.flush.interval.ms", "500")
      .pluginsDir(SqlPluginWithFunctions.prepare())
      .extraPluginRoot(Path.of(System.getProperty(PluginDirectories.TEST_PLUGINS_DIR_PROPERTY))));

  /** One order, as the rules of the test pipeline see it. */
  private record Order(long id, String email, int amount, int qty, String country, String status) {

    boolean filtered() {
      return status.equals("test");
    }

    boolean failsDivision() {
      return !filtered() && qty == 0;
    }

    String json() {
      return "{\"schema\":{\"type\":\"struct\",\"name\":\"order\",\"fields\":["
          + "{\"field\":\"id\",\"type\":\"int64\"},"
          + "{\"field\":\"email\",\"type\":\"string\",\"optional\":true},"
          + "{\"field\":\"amount\",\"type\":\"int32\"},"
          + "{\"field\":\"qty\",\"type\":\"int32\"},"
          + "{\"field\":\"country\",\"type\":\"string\"},"
          + "{\"field\":\"status\",\"type\":\"string\"}]},"
          + "\"payload\":{\"id\":" + id + ",\"email\":\"" + email + "\",\"amount\":" + amount + ",\"qty\":" + qty
          + ",\"country\":\"" + country + "\",\"status\":\"" + status + "\"}}";
    }
  }

  private static List<Order> orders(int count) {
    List<Order> orders = new ArrayList<>();
    String[] countries = {"DE", "FR", "US", "BR"};
    for (int i = 1; i <= count; i++) {
      orders.add(new Order(i, "  user" + i + "@Example.com ", 10 * i, i % 7 == 3 ? 0 : 1 + i % 4,
          countries[i % countries.length], i % 10 == 0 ? "test" : "paid"));
    }
    return orders;
  }

  private static Map<String, String> sinkConfig(String topic, Path file) {
    Map<String, String> config = new HashMap<>();
    config.put("connector.class", FILE_SINK);
    config.put("tasks.max", "1");
    config.put("topics", topic);
    config.put("file", file.toString());
    config.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
    config.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
    config.put("value.converter.schemas.enable", "true");
    config.put("transforms", "clean,mask");
    config.put("transforms.clean.type", SQL_TRANSFORM);
    config.put("transforms.clean.query", "SELECT id, LOWER(TRIM(email)) AS email, amount / qty AS unit_price,"
        + " CASE WHEN country IN ('DE','FR') THEN 'eu' ELSE 'other' END AS region FROM orders"
        + " WHERE status <> 'test'");
    config.put("transforms.mask.type", SQL_TRANSFORM);
    config.put("transforms.mask.query", "SELECT *, MASK(email) AS email FROM masked");
    config.put("transforms.mask.predicate", "eu");
    config.put("predicates", "eu");
    config.put("predicates.eu.type", SQL_PREDICATE);
    config.put("predicates.eu.condition", "region = 'eu'");
    return config;
  }

  @Test
  void pipelineFiltersProjectsMasksAndRoutesErrorsToTheDeadLetterQueue(@TempDir Path dir) throws IOException {
    ConnectCluster cluster = CONNECT.cluster();
    String topic = UniqueNames.of("orders");
    String dlq = UniqueNames.of("orders-dlq");
    String connector = UniqueNames.of("sql-sink");
    Path file = Files.createFile(dir.resolve("out.txt"));
    cluster.createTopic(topic, 2);
    cluster.createTopic(dlq, 1);

    Map<String, String> config = sinkConfig(topic, file);
    config.put("errors.tolerance", "all");
    config.put("errors.deadletterqueue.topic.name", dlq);
    config.put("errors.deadletterqueue.topic.replication.factor", "1");
    config.put("errors.deadletterqueue.context.headers.enable", "true");
    cluster.deploy(connector, config);
    cluster.awaitRunning(connector, 1);

    List<Order> orders = orders(70);
    for (Order order : orders) {
      cluster.produce(topic, Long.toString(order.id()), order.json());
    }
    List<Order> delivered = orders.stream().filter(o -> !o.filtered() && !o.failsDivision()).toList();
    long filtered = orders.stream().filter(Order::filtered).count();
    long failed = orders.stream().filter(Order::failsDivision).count();
    assertThat(delivered.size() + filtered + failed).isEqualTo(orders.size());
    assertThat(failed).isPositive();

    await("all delivered orders in the sink file").atMost(Timeouts.defaultWait())
        .untilAsserted(() -> assertThat(Files.readAllLines(file, StandardCharsets.UTF_8))
            .as("sink file; dead letters so far: %s", cluster.consumeAll(dlq).stream()
                .map(r -> r.header("__connect.errors.exception.message")).distinct().toList())
            .hasSizeGreaterThanOrEqualTo(delivered.size()));
    List<ConsumedRecord> deadLetters = cluster.consume(dlq, (int) failed, Timeouts.defaultWait());
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);

    assertThat(lines).hasSize(delivered.size());
    Map<Long, String> byId = new HashMap<>();
    for (String line : lines) {
      Matcher m = ID.matcher(line);
      assertThat(m.find()).as("line %s has an id", line).isTrue();
      byId.put(Long.parseLong(m.group(1)), line);
    }
    assertThat(byId.keySet()).containsExactlyInAnyOrderElementsOf(delivered.stream().map(Order::id).toList());
    for (Order order : delivered) {
      String line = byId.get(order.id());
      boolean eu = order.country().equals("DE") || order.country().equals("FR");
      String email = order.email().trim().toLowerCase(java.util.Locale.ROOT);
      assertThat(line).contains("unit_price=" + order.amount() / order.qty())
          .contains("region=" + (eu ? "eu" : "other"))
          .contains("email=" + (eu ? masked(email) : email));
    }

    assertThat(deadLetters).hasSize((int) failed);
    assertThat(deadLetters).extracting(ConsumedRecord::key).containsExactlyInAnyOrderElementsOf(
        orders.stream().filter(Order::failsDivision).map(o -> Long.toString(o.id())).toList());
    for (ConsumedRecord dead : deadLetters) {
      String message = dead.header("__connect.errors.exception.message");
      assertThat(message).contains("division by zero").contains("topic '" + topic + "'")
          .doesNotContain("@example.com");
    }
    assertThat(cluster.status(connector).isRunning(1)).isTrue();
  }

  /** What MASK documents: letters and digits hidden, separators kept, the last four characters readable. */
  private static String masked(String text) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      out.append(i < text.length() - 4 && Character.isLetterOrDigit(c) ? '*' : c);
    }
    return out.toString();
  }

  @Test
  void restValidationReportsBadSqlOnTheRightField(@TempDir Path dir) {
    ConnectCluster cluster = CONNECT.cluster();
    Map<String, String> config = sinkConfig(UniqueNames.of("orders"), dir.resolve("never.txt"));
    config.put("transforms.clean.query", "SELECT id,, email FROM orders");
    config.put("predicates.eu.condition", "region = 'eu' AND");

    ValidationResult result = cluster.validate(FILE_SINK, config);

    assertThat(result.isValid()).isFalse();
    assertThat(result.errorsFor("transforms.clean.query")).singleElement().asString()
        .contains("Syntax error").contains("line 1, column 10");
    assertThat(result.errorsFor("predicates.eu.condition")).singleElement().asString().contains("Syntax error");
    assertThat(result.errorsFor("transforms.mask.query")).isEmpty();
  }

  @Test
  void queriesThatNeedManyRecordsAreRejectedAtValidation(@TempDir Path dir) {
    ConnectCluster cluster = CONNECT.cluster();
    Map<String, String> config = sinkConfig(UniqueNames.of("orders"), dir.resolve("never.txt"));
    config.put("transforms.clean.query", "SELECT country, COUNT(*) AS n FROM orders GROUP BY country");

    ValidationResult result = cluster.validate(FILE_SINK, config);

    assertThat(result.errorsFor("transforms.clean.query")).singleElement().asString()
        .contains("GROUP BY").contains("windowed aggregation");
  }

  /** A file sink behind one SqlTransform running {@code query}. */
  private static Map<String, String> oneTransform(String topic, Path file, String query) {
    Map<String, String> config = new HashMap<>();
    config.put("connector.class", FILE_SINK);
    config.put("tasks.max", "1");
    config.put("topics", topic);
    config.put("file", file.toString());
    config.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
    config.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
    config.put("value.converter.schemas.enable", "true");
    config.put("transforms", "sql");
    config.put("transforms.sql.type", SQL_TRANSFORM);
    config.put("transforms.sql.query", query);
    return config;
  }

  @Test
  void onlyFunctionJarsInThePluginDirectoryMayBeAllowed(@TempDir Path dir) {
    ConnectCluster cluster = CONNECT.cluster();
    Map<String, String> config = sinkConfig(UniqueNames.of("orders"), dir.resolve("never.txt"));
    config.put("transforms.clean.functions.allowed.classes", "java.lang.System");
    config.put("transforms.mask.functions.allowed.classes", "org.apache.commons.lang3.SystemUtils");
    config.put("predicates.eu.functions.allowed.classes", ClassPathFunctions.class.getName());

    ValidationResult result = cluster.validate(FILE_SINK, config);

    assertThat(result.errorsFor("transforms.clean.functions.allowed.classes")).singleElement().asString()
        .contains("java.lang.System").contains("JDK").contains("plugin directory");
    assertThat(result.errorsFor("transforms.mask.functions.allowed.classes")).singleElement().asString()
        .contains("org.apache.commons.lang3.SystemUtils").contains("commons-lang3")
        .contains("one of the plugin's own libraries");
    assertThat(result.errorsFor("predicates.eu.functions.allowed.classes")).singleElement().asString()
        .contains(ClassPathFunctions.class.getName()).contains("not loaded from the plugin directory");

    // Creating the connector anyway is refused (Connect names the transform's own key): nothing of it starts
    String connector = UniqueNames.of("sql-env");
    Map<String, String> leak = oneTransform(UniqueNames.of("orders"), dir.resolve("env.txt"),
        "SELECT getenv('PATH') AS leak FROM orders");
    leak.put("transforms.sql.functions.allowed.classes", "java.lang.System");
    assertThatThrownBy(() -> cluster.deploy(connector, leak))
        .hasMessageContaining("400")
        .hasMessageContaining("Invalid value java.lang.System for configuration functions.allowed.classes")
        .hasMessageContaining("JDK");
    assertThat(cluster.connectorNames()).doesNotContain(connector);
  }

  @Test
  void aFunctionJarInThePluginDirectoryServesStatements(@TempDir Path dir) throws IOException {
    ConnectCluster cluster = CONNECT.cluster();
    String topic = UniqueNames.of("orders");
    String connector = UniqueNames.of("sql-greet");
    Path file = Files.createFile(dir.resolve("out.txt"));
    cluster.createTopic(topic, 1);
    Map<String, String> config = oneTransform(topic, file, "SELECT id, greet(status) AS greeting FROM orders");
    config.put("transforms.sql.functions.allowed.classes", SqlPluginWithFunctions.FUNCTION_CLASS);

    assertThat(cluster.validate(FILE_SINK, config).isValid()).isTrue();
    cluster.deploy(connector, config);
    cluster.awaitRunning(connector, 1);
    List<Order> orders = orders(3);
    for (Order order : orders) {
      cluster.produce(topic, Long.toString(order.id()), order.json());
    }

    await("greetings in the sink file").atMost(Timeouts.defaultWait())
        .untilAsserted(() -> assertThat(Files.readAllLines(file, StandardCharsets.UTF_8)).hasSize(orders.size()));
    assertThat(Files.readAllLines(file, StandardCharsets.UTF_8))
        .containsExactly("Struct{id=1,greeting=hello paid}", "Struct{id=2,greeting=hello paid}",
            "Struct{id=3,greeting=hello paid}");
  }

  /** A record for the resource-limit test: {@code code} repeated {@code times} times by the statement. */
  private static String repeatJson(long id, String code, int times) {
    return "{\"schema\":{\"type\":\"struct\",\"name\":\"item\",\"fields\":["
        + "{\"field\":\"id\",\"type\":\"int64\"},"
        + "{\"field\":\"code\",\"type\":\"string\"},"
        + "{\"field\":\"times\",\"type\":\"int32\"}]},"
        + "\"payload\":{\"id\":" + id + ",\"code\":\"" + code + "\",\"times\":" + times + "}}";
  }

  @Test
  void recordsThatWouldExhaustMemoryOrStackGoToTheDeadLetterQueue(@TempDir Path dir) throws IOException {
    ConnectCluster cluster = CONNECT.cluster();
    String topic = UniqueNames.of("items");
    String dlq = UniqueNames.of("items-dlq");
    String connector = UniqueNames.of("sql-limits");
    Path file = Files.createFile(dir.resolve("out.txt"));
    cluster.createTopic(topic, 1);
    cluster.createTopic(dlq, 1);
    Map<String, String> config = oneTransform(topic, file,
        "SELECT id, repeat(code, times) AS r, regexp_replace(code, '(a|b)*c', '-') AS s FROM items");
    config.put("errors.tolerance", "all");
    config.put("errors.deadletterqueue.topic.name", dlq);
    config.put("errors.deadletterqueue.topic.replication.factor", "1");
    config.put("errors.deadletterqueue.context.headers.enable", "true");
    cluster.deploy(connector, config);
    cluster.awaitRunning(connector, 1);

    // offsets 0..5; offset 2 asks for 2 GB of text, offset 4 sends a regular expression into deep recursion
    cluster.produce(topic, "1", repeatJson(1, "ab", 2));
    cluster.produce(topic, "2", repeatJson(2, "ab", 2));
    cluster.produce(topic, "3", repeatJson(3, "ab", 1_000_000_000));
    cluster.produce(topic, "4", repeatJson(4, "ab", 2));
    cluster.produce(topic, "5", repeatJson(5, "ab".repeat(50_000), 1));
    cluster.produce(topic, "6", repeatJson(6, "ab", 2));

    await("the other records in the sink file").atMost(Timeouts.defaultWait())
        .untilAsserted(() -> assertThat(Files.readAllLines(file, StandardCharsets.UTF_8))
            .as("status: %s", cluster.status(connector).summary()).hasSize(4));
    List<ConsumedRecord> deadLetters = cluster.consume(dlq, 2, Timeouts.defaultWait());

    assertThat(Files.readAllLines(file, StandardCharsets.UTF_8)).containsExactly(
        "Struct{id=1,r=abab,s=ab}", "Struct{id=2,r=abab,s=ab}", "Struct{id=4,r=abab,s=ab}",
        "Struct{id=6,r=abab,s=ab}");
    assertThat(deadLetters).extracting(ConsumedRecord::key).containsExactly("3", "5");
    assertThat(deadLetters.get(0).header("__connect.errors.exception.message"))
        .contains("topic '" + topic + "' partition 0 offset 2").contains("max.value.bytes").contains("REPEAT");
    assertThat(deadLetters.get(1).header("__connect.errors.exception.message"))
        .contains("topic '" + topic + "' partition 0 offset 4").contains("stack");
    assertThat(cluster.consumeAll(dlq)).as("nothing else in the dead-letter queue").hasSize(2);
    assertThat(cluster.status(connector).isRunning(1)).isTrue();
  }

  /**
   * The libraries the SqlTransform jar records as the plugin's own (which functions.allowed.classes
   * refuses) are exactly the other jars of the packaged plugin directory.
   */
  @Test
  void theRecordedPluginLibrariesAreThePackagedPluginDirectory() throws IOException {
    Path packaged = Path.of(System.getProperty(PluginDirectories.PLUGINS_DIR_PROPERTY), "sql-transforms");
    List<String> jars;
    try (var files = Files.list(packaged)) {
      jars = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".jar")).sorted().toList();
    }
    // Every Streamfirst jar of the directory records its own libraries (SqlTransform's and the windowed SQL
    // connector's); together with those jars, the lists name every jar of the directory and nothing else.
    List<String> ownJars = jars.stream().filter(n -> n.startsWith("streamfirst-sql-")).toList();
    assertThat(ownJars).hasSize(2);
    java.util.Set<String> recorded = new java.util.TreeSet<>(ownJars);
    for (String own : ownJars) {
      try (JarFile jar = new JarFile(packaged.resolve(own).toFile())) {
        List<String> lists = java.util.Collections.list(jar.entries()).stream().map(java.util.jar.JarEntry::getName)
            .filter(name -> name.startsWith("io/streamfirst/") && name.endsWith("/plugin-libraries.txt")).toList();
        assertThat(lists).as("the list of libraries recorded in %s", own).hasSize(1);
        String list = new String(jar.getInputStream(jar.getEntry(lists.get(0))).readAllBytes(), StandardCharsets.UTF_8);
        for (String line : list.split("\n")) {
          String coordinates = line.strip().split(" ")[0];
          String[] parts = coordinates.split(":");
          if (parts.length >= 5) { // group:artifact:type[:classifier]:version:scope
            boolean classifier = parts.length == 6;
            recorded
                .add(parts[1] + "-" + parts[classifier ? 4 : 3] + (classifier ? "-" + parts[3] : "") + "." + parts[2]);
          }
        }
      }
    }
    assertThat(recorded).containsExactlyInAnyOrderElementsOf(jars);
  }
}
