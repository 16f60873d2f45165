// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.quickstart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.EnumSet;
import java.util.Optional;
import java.util.stream.Collectors;

import org.apache.iceberg.data.Record;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Starts the quickstart the two ways a user does (in this JVM through {@link Quickstart}, and as its
 * own JVM through {@link QuickstartMain}) on free ports, and checks it serves REST, lists the SQL
 * plugins from the packaged plugin directories, and stops cleanly; and the pipeline mode, headless: PostgreSQL
 * with a seeded load for a bounded time, the connectors deployed through REST, then every sink table equal to its
 * PostgreSQL table row for row, the customers' emails masked, and status lines saying so.
 */
class QuickstartIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path PLUGINS = Path.of(System.getProperty("streamfirst.plugins.dir", "../target/plugins"));
  private static final List<String> SQL_PLUGINS = List.of(
      "io.streamfirst.connect.sql.SqlTransform", "io.streamfirst.connect.sql.SqlPredicate");

  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void startsServesRestListsTheSqlPluginsAndStopsCleanly(@TempDir Path dataDir) throws Exception {
    QuickstartOptions options = new QuickstartOptions(freePort(), freePort(), freePort(), dataDir, PLUGINS);

    try (Quickstart quickstart = Quickstart.start(options)) {
      HttpResponse<String> root = get(options.restUrl() + "/");
      assertThat(root.statusCode()).isEqualTo(200);
      Map<String, Object> info = JSON.readValue(root.body(), new TypeReference<>() {});
      assertThat(info).containsKeys("version", "commit", "kafka_cluster_id");
      assertThat(info.get("kafka_cluster_id")).asString().isNotBlank();

      HttpResponse<String> plugins = get(options.restUrl() + "/connector-plugins?connectorsOnly=false");
      assertThat(plugins.statusCode()).isEqualTo(200);
      List<Map<String, Object>> listed = JSON.readValue(plugins.body(), new TypeReference<>() {});
      assertThat(listed).extracting(plugin -> plugin.get("class")).containsAll(SQL_PLUGINS);
      assertThat(quickstart.plugins()).extracting(ConnectorPlugin::className).containsAll(SQL_PLUGINS);
      assertThat(quickstart.pluginDirs()).extracting(dir -> dir.getFileName().toString()).contains("sql-transforms");

      assertThat(Files.readString(ExampleFiles.config(options, "big-orders-sink")))
          .contains(dataDir.resolve("examples").resolve(ExampleFiles.OUTPUT).toString())
          .contains("io.streamfirst.connect.sql.SqlTransform");

      // Every example config we ship (archives' etc/, docker-compose/examples) passes Connect's validation.
      List<Path> examples = shippedExampleConfigs();
      assertThat(examples).isNotEmpty();
      for (Path example : examples) {
        Map<String, String> config = readConfig(example);
        // JSON examples are PUT /connectors/<name>/config bodies: the name comes from the URL.
        config.putIfAbsent("name", example.getFileName().toString().replaceFirst("\\.[a-z]+$", ""));
        String connectorClass = config.get("connector.class");
        HttpResponse<String> validation = http.send(HttpRequest.newBuilder(URI.create(options.restUrl()
            + "/connector-plugins/" + connectorClass.substring(connectorClass.lastIndexOf('.') + 1)
            + "/config/validate"))
            .header("Content-Type", "application/json")
            .PUT(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(config)))
            .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(validation.statusCode()).as("%s: %s", example, validation.body()).isEqualTo(200);
        assertThat(validationErrors(validation.body())).as("validation errors of %s", example).isEmpty();
      }
    }

    // Stopped: every port is free again and the REST API no longer answers.
    assertThat(Ports.isFree(options.restPort())).isTrue();
    assertThat(Ports.isFree(options.kafkaPort())).isTrue();
    assertThat(Ports.isFree(options.controllerPort())).isTrue();
  }

  @Test
  void theExamplePipelineFromTheStartupReportKeepsOnlyTheBigOrders(@TempDir Path dataDir) throws Exception {
    QuickstartOptions options = new QuickstartOptions(freePort(), freePort(), freePort(), dataDir, PLUGINS);

    try (Quickstart quickstart = Quickstart.start(options)) {
      // The same requests as the curl commands the quickstart prints.
      for (String connector : ExampleFiles.CONNECTORS) {
        HttpResponse<String> created = http.send(HttpRequest.newBuilder(
            URI.create(options.restUrl() + "/connectors/" + connector + "/config"))
            .header("Content-Type", "application/json")
            .PUT(HttpRequest.BodyPublishers.ofFile(ExampleFiles.config(options, connector)))
            .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
      }

      Path output = ExampleFiles.dir(options).resolve(ExampleFiles.OUTPUT);
      String statusUrl = options.restUrl() + "/connectors/big-orders-sink/status";
      // A FAILED task never recovers by itself, so stop waiting as soon as one shows up.
      await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500))
          .until(() -> failedTaskCause(get(statusUrl).body()) != null
              || Files.exists(output) && Files.readAllLines(output).size() >= 3);
      assertThat(failedTaskCause(get(statusUrl).body())).as("cause of the failed big-orders-sink task").isNull();
      assertThat(Files.readAllLines(output)).hasSize(3);
      // Orders 2, 4 and 6 are above 100; amounts are projected to cents.
      assertThat(Files.readAllLines(output))
          .anySatisfy(line -> assertThat(line).contains("customer=grace").contains("amount_cents=31000"))
          .anySatisfy(line -> assertThat(line).contains("customer=barbara").contains("amount_cents=125000"))
          .anySatisfy(line -> assertThat(line).contains("customer=margaret").contains("amount_cents=18040"))
          .noneSatisfy(line -> assertThat(line).containsAnyOf("ada", "linus", "edsger"));
    }
  }

  @Test
  void theQuickstartJvmStopsConnectThenKafkaOnSigterm(@TempDir Path dataDir) throws Exception {
    int restPort = freePort();
    int kafkaPort = freePort();
    Path output = dataDir.resolve("console.txt");
    Process process = quickstartJvm(output, "--mode", "stack", "--rest-port", String.valueOf(restPort),
        "--kafka-port", String.valueOf(kafkaPort),
        "--controller-port", String.valueOf(freePort()), "--data-dir", dataDir.resolve("data").toString(),
        "--plugin-path", PLUGINS.toString());
    try {
      await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(250))
          .until(() -> !process.isAlive() || Files.readString(output).contains("Press Ctrl-C to stop"));
      assertThat(process.isAlive()).as("quickstart JVM alive; console:%n%s", Files.readString(output)).isTrue();
      assertThat(Files.readString(output))
          .contains("Connect REST API         http://localhost:" + restPort)
          .contains("Kafka bootstrap servers  localhost:" + kafkaPort)
          .contains("io.streamfirst.connect.sql.SqlTransform");
      assertThat(get("http://localhost:" + restPort + "/").statusCode()).isEqualTo(200);

      // What Ctrl-C does, minus the terminal: a signal that runs the JVM's shutdown hooks.
      process.destroy();
      assertThat(process.waitFor(90, TimeUnit.SECONDS)).as("quickstart JVM stopped within 90 s").isTrue();
    } finally {
      process.destroyForcibly();
    }
    String console = Files.readString(output);
    assertThat(console).contains("Stopping Kafka Connect, then Kafka ...").contains("Quickstart stopped.");
    assertThat(console.indexOf("Quickstart stopped.")).isGreaterThan(console.indexOf("Stopping Kafka Connect"));
    assertThat(Ports.isFree(restPort)).isTrue();
    assertThat(Ports.isFree(kafkaPort)).isTrue();
  }

  @Test
  void aBusyPortEndsTheQuickstartWithOneLineNamingThePortAndTheOption(@TempDir Path dataDir) throws Exception {
    try (ServerSocket busy = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      int port = busy.getLocalPort();
      Path output = dataDir.resolve("console.txt");
      Process process = quickstartJvm(output, "--rest-port", String.valueOf(freePort()), "--kafka-port",
          String.valueOf(port),
          "--controller-port", String.valueOf(freePort()), "--data-dir", dataDir.resolve("data").toString(),
          "--plugin-path", PLUGINS.toString());

      assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(process.exitValue()).isEqualTo(2);
      assertThat(Files.readAllLines(output, StandardCharsets.UTF_8)).containsExactly(
          "Port " + port + " (Kafka broker) is already in use: stop whatever uses it, or pick another port with "
              + "--kafka-port <value> (with Maven: -Dquickstart.kafka.port=<value>).");
    }
  }

  @Test
  void aBusyRestPortEndsThePipelineModeWithOneLineNamingThePortAndTheOption(@TempDir Path dataDir)
      throws Exception {
    try (ServerSocket busy = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      int port = busy.getLocalPort();
      Path output = dataDir.resolve("console.txt");
      Process process = quickstartJvm(output, "--rest-port", String.valueOf(port), "--kafka-port",
          String.valueOf(freePort()), "--controller-port", String.valueOf(freePort()), "--postgres-port",
          String.valueOf(freePort()), "--clickhouse-port", String.valueOf(freePort()), "--data-dir",
          dataDir.resolve("data").toString(), "--plugin-path", PLUGINS.toString());

      assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(process.exitValue()).isEqualTo(2);
      assertThat(Files.readAllLines(output, StandardCharsets.UTF_8)).containsExactly(
          "Port " + port + " (Connect REST API) is already in use: stop whatever uses it, or pick another port with "
              + "--rest-port <value> (with Maven: -Dquickstart.rest.port=<value>).");
    }
  }

  /** Example connector configs in every family's src/etc and in docker-compose/examples. */
  private static List<Path> shippedExampleConfigs() throws Exception {
    Path packaging = PLUGINS.toAbsolutePath().normalize().getParent().getParent();
    List<Path> dirs = new ArrayList<>();
    try (var families = Files.list(packaging)) {
      families.filter(dir -> dir.getFileName().toString().endsWith("-plugin")).map(dir -> dir.resolve("src/etc"))
          .filter(Files::isDirectory).forEach(dirs::add);
    }
    dirs.add(packaging.getParent().resolve("docker-compose/examples"));
    List<Path> configs = new ArrayList<>();
    for (Path dir : dirs) {
      try (var files = Files.list(dir)) {
        // worker-*.properties are lines for a worker's own configuration (e.g. rest.extension.classes), not
        // connector configs: Connect has no validation endpoint for those
        files.filter(f -> f.toString().endsWith(".json") || f.toString().endsWith(".properties"))
            .filter(f -> !f.getFileName().toString().startsWith("worker-")).sorted().forEach(configs::add);
      }
    }
    return configs;
  }

  private static Map<String, String> readConfig(Path file) throws Exception {
    Map<String, String> config = new java.util.LinkedHashMap<>();
    if (file.toString().endsWith(".json")) {
      config.putAll(JSON.readValue(file.toFile(), new TypeReference<Map<String, String>>() {}));
    } else {
      java.util.Properties properties = new java.util.Properties();
      try (var in = Files.newInputStream(file)) {
        properties.load(in);
      }
      properties.stringPropertyNames().forEach(key -> config.put(key, properties.getProperty(key)));
    }
    return config;
  }

  /** "key: message" for every config value Connect's validation rejected. */
  private static List<String> validationErrors(String validationJson) throws Exception {
    List<String> errors = new ArrayList<>();
    for (var entry : JSON.readTree(validationJson).path("configs")) {
      var value = entry.path("value");
      value.path("errors").forEach(error -> errors.add(value.path("name").asText() + ": " + error.asText()));
    }
    return errors;
  }

  /** The deepest "Caused by" line of the first FAILED task in a connector status, or null when none failed. */
  private static String failedTaskCause(String statusJson) throws Exception {
    for (var task : JSON.readTree(statusJson).path("tasks")) {
      if ("FAILED".equals(task.path("state").asText())) {
        String trace = task.path("trace").asText();
        return trace.lines().filter(line -> line.startsWith("Caused by:")).reduce((first, last) -> last)
            .orElse(trace.lines().findFirst().orElse("FAILED"));
      }
    }
    return null;
  }

  private static Process quickstartJvm(Path output, String... args) throws Exception {
    String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx768m", "-cp", classpath,
        QuickstartMain.class.getName()));
    command.addAll(List.of(args));
    return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
  }

  private HttpResponse<String> get(String url) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static int freePort() throws Exception {
    return PortsTest.freePort();
  }

  // ---- pipeline mode ----

  /** The columns compared per table (timestamps left out: each system renders them its own way). */
  private static final Map<String, String> COLUMNS = Map.of(
      "customers", "id, name, email, country",
      "orders", "id, customer_id, status, total_cents",
      "order_lines", "order_id, line_no, sku, qty, price_cents");

  @Test
  void everySinkTableEqualsPostgresRowForRowWithEmailsMasked(@TempDir Path dataDir) throws Exception {
    Optional<Path> clickhouseBinary = ClickHouseServer.findBinary();
    if ("true".equalsIgnoreCase(System.getenv("CI"))) {
      assertThat(clickhouseBinary).as("clickhouse-server installed (CI=true)").isPresent();
    }
    PipelineSettings settings = new PipelineSettings(40, Duration.ofSeconds(15),
        EnumSet.allOf(PipelineSettings.Sink.class), 1717, PortsTest.freePort(), PortsTest.freePort(), "orders");
    QuickstartOptions options = new QuickstartOptions(PortsTest.freePort(), PortsTest.freePort(),
        PortsTest.freePort(), dataDir, PLUGINS, QuickstartOptions.Mode.PIPELINE, settings);
    ByteArrayOutputStream console = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(console, true, StandardCharsets.UTF_8);
    long started = System.nanoTime();

    Quickstart stack = Quickstart.start(options);
    try (Pipeline pipeline = Pipeline.start(stack, out, started)) {
      List<String> expectedConnectors = new ArrayList<>(List.of("shop", "lake", "revenue-per-minute"));
      clickhouseBinary.ifPresent(binary -> expectedConnectors.add("analytics"));
      assertThat(pipeline.connectors()).containsExactlyInAnyOrderElementsOf(expectedConnectors);
      assertThat(new ConnectRest(options.restUrl()).states()).containsOnlyKeys(expectedConnectors)
          .allSatisfy((name, state) -> assertThat(state).as(name).isEqualTo("RUNNING"));
      assertThat(pipeline.clickhouse().isPresent()).as("ClickHouse sink on").isEqualTo(clickhouseBinary.isPresent());
      out.print(PipelineReport.render(options, pipeline));
      pipeline.printStatus(out, Duration.ofSeconds(2));

      // what the status line's freshness is the largest of: every sink table reports its changes' freshness,
      // bounded generously for a loaded machine (the seed's snapshot rows are not sampled)
      long sinkTables = 3L * (pipeline.clickhouse().isPresent() ? 2 : 1);
      await("freshness reported for every sink table").atMost(Duration.ofSeconds(90))
          .pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            Map<String, Long> p99 = sinkTableFreshnessP99(options.restUrl());
            assertThat(p99.values().stream().filter(ms -> ms >= 0).count()).as("sink tables with freshness: %s", p99)
                .isEqualTo(sinkTables);
            assertThat(p99).allSatisfy((table, ms) -> assertThat(ms).as(table).isLessThan(120_000L));
          });

      await("the load generator stops after its duration").atMost(Duration.ofSeconds(60))
          .until(() -> !pipeline.generator().running());
      assertThat(pipeline.generator().failure()).isNull();
      assertThat(pipeline.generator().changes()).as("row changes written").isGreaterThan(200);

      await("every sink equals PostgreSQL").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1))
          .untilAsserted(() -> {
            for (String table : ShopDatabase.TABLES) {
              List<String> expected = postgresRows(pipeline, table);
              assertThat(icebergRows(pipeline, table)).as("Iceberg shop.%s", table)
                  .containsExactlyInAnyOrderElementsOf(expected);
              if (pipeline.clickhouse().isPresent()) {
                assertThat(clickhouseRows(pipeline, table)).as("ClickHouse %s", table)
                    .containsExactlyInAnyOrderElementsOf(expected);
              }
            }
          });
      // The data contract: every order with a negative total was inserted once and never changed (the generator
      // updates and deletes only the others), the sinks hold none of them (compared above without them), and each
      // was quarantined exactly once by EnforceContract on the source.
      long negative = pipeline.database().negativeOrders();
      assertThat(negative).as("orders with a negative total in PostgreSQL")
          .isEqualTo(pipeline.generator().negativeTotals()).isPositive();
      await("every negative order quarantined").atMost(Duration.ofSeconds(30))
          .untilAsserted(() -> assertThat(PipelineStatus.quarantined()).isEqualTo(negative));
      assertThat(icebergRows(pipeline, "orders")).noneMatch(row -> row.split("\t")[3].startsWith("-"));
      // the masked emails above are the SqlTransform's; the computed column sits next to them
      for (Record customer : pipeline.iceberg().orElseThrow().rows("customers")) {
        assertThat((String) customer.getField("email")).matches("[*.]+@.+");
        assertThat((String) customer.getField("email_domain")).contains(".").doesNotContain("*");
      }
      await("a status line says in sync").atMost(Duration.ofSeconds(30))
          .until(() -> console.toString(StandardCharsets.UTF_8).contains("generator stopped, in sync"));
    } finally {
      System.out.print(console.toString(StandardCharsets.UTF_8)); // the transcript, in the failsafe report
    }
    String printed = console.toString(StandardCharsets.UTF_8);
    assertThat(printed).contains("changes/s | rows postgres/iceberg").contains("freshness p50")
        .contains("windows ").contains(options.restUrl() + "/streamfirst/")
        .contains(options.warehouse().toString());
    assertThat(printed.lines().filter(line -> line.contains(" changes/s | ")).count()).isGreaterThan(5);
    assertThat(printed).contains("data contract on orders").contains("| quarantined ");
  }

  /** Per sink table of {@code GET /streamfirst/lineage}, its freshness p99 in ms (-1: no sample in the window). */
  private Map<String, Long> sinkTableFreshnessP99(String restUrl) throws Exception {
    Map<String, Long> out = new java.util.TreeMap<>();
    for (var node : JSON.readTree(get(restUrl + "/streamfirst/lineage").body()).path("nodes")) {
      if ("table".equals(node.path("kind").asText()) && node.has("freshness")) {
        out.put(node.path("id").asText(), node.path("freshness").path("p99Ms").asLong(-1));
      }
    }
    return out;
  }

  private static List<String> postgresRows(Pipeline pipeline, String table) throws Exception {
    List<String> rows = new ArrayList<>();
    String[] columns = COLUMNS.get(table).split(", ");
    try (Connection connection = pipeline.database().connection();
        Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery("SELECT " + COLUMNS.get(table) + " FROM " + table
            + (table.equals("orders") ? " WHERE total_cents >= 0" : ""))) {
      while (result.next()) {
        List<String> values = new ArrayList<>();
        for (int i = 1; i <= columns.length; i++) {
          String value = result.getString(i);
          values.add("email".equals(columns[i - 1]) ? mask(value) : value);
        }
        rows.add(String.join("\t", values));
      }
    }
    return rows;
  }

  private static List<String> icebergRows(Pipeline pipeline, String table) {
    List<Record> records = pipeline.iceberg().orElseThrow().rows(table);
    if (records == null) {
      return List.of();
    }
    String[] columns = COLUMNS.get(table).split(", ");
    return records.stream().map(record -> java.util.Arrays.stream(columns)
        .map(column -> String.valueOf(record.getField(column))).collect(Collectors.joining("\t"))).toList();
  }

  private static List<String> clickhouseRows(Pipeline pipeline, String table) throws Exception {
    ClickHouseServer clickhouse = pipeline.clickhouse().orElseThrow();
    if (clickhouse.currentRowCount(table) < 0) {
      return List.of();
    }
    String body = clickhouse.query(ClickHouseServer.currentRowsQuery(table, COLUMNS.get(table))
        + " FORMAT TabSeparated");
    return body.lines().filter(line -> !line.isEmpty()).toList();
  }

  /** What SqlTransform's MASK does: letters and digits become '*', except the last four characters. */
  private static String mask(String text) {
    StringBuilder masked = new StringBuilder();
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      masked.append(i < text.length() - 4 && Character.isLetterOrDigit(c) ? '*' : c);
    }
    return masked.toString();
  }
}
