// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.it.docker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Checks docker-compose/docker-compose.yml without Docker: every service the stack needs, every image pinned, every
 * port, bind mount and referenced file present, and the connector bodies in docker-compose/connectors reaching only
 * services (and ports) of the stack, with the databases' init SQL creating what they capture.
 */
class ComposeFileTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> SERVICES = Set.of("kafka", "connect", "postgres", "mariadb", "clickhouse", "minio",
      "minio-init", "iceberg-rest", "apicurio");
  private static final Pattern URL = Pattern.compile("[a-z][a-z0-9+.-]*://([A-Za-z0-9.-]+):(\\d+)");
  private static final Pattern PLUGIN_FAMILY = Pattern.compile("<plugin\\.family>([^<]+)</plugin\\.family>");
  private static final Path PACKAGING = ComposeFile.DIR.resolveSibling("packaging");

  private static ComposeFile compose;

  @BeforeAll
  static void load() throws IOException {
    compose = ComposeFile.load();
  }

  @Test
  void theStackHasEveryServiceThePipelineNeeds() {
    assertThat(compose.serviceNames()).containsExactlyInAnyOrderElementsOf(SERVICES);
  }

  @Test
  void everyImageIsPinnedToAVersion() {
    for (String service : compose.serviceNames()) {
      String image = compose.image(service);
      assertThat(image).as("image of %s", service).isNotBlank();
      String tag = tagOf(image);
      assertThat(tag).as("tag of %s's image %s", service, image).isNotNull().isNotEqualTo("latest").containsPattern(
          "[0-9]");
    }
    // The versions the project builds and tests against.
    assertThat(compose.image("kafka")).isEqualTo("apache/kafka:" + System.getProperty("streamfirst.kafka.version"));
    assertThat(compose.image("connect")).isEqualTo(compose.image("kafka"));
    assertThat(compose.image("apicurio")).isEqualTo("apicurio/apicurio-registry-mem:" + System.getProperty(
        "streamfirst.apicurio.version")).contains(":2.6.");
    assertThat(tagOf(compose.image("postgres"))).startsWith("17.");
    assertThat(tagOf(compose.image("mariadb"))).startsWith("11.4");
    // A ClickHouse with DateTime64, ReplacingMergeTree(version, is_deleted) and insert deduplication tokens (23.2+).
    assertThat(majorMinor(tagOf(compose.image("clickhouse")))).isGreaterThanOrEqualTo(23_02);
  }

  @Test
  void everyPortIsANumberAndEveryHostPortIsPublishedOnce() {
    Map<String, String> hostPorts = new HashMap<>();
    for (String service : compose.serviceNames()) {
      for (String mapping : compose.ports(service)) {
        assertThat(mapping).as("port of %s", service).matches("\\d{1,5}:\\d{1,5}");
        String[] parts = mapping.split(":");
        assertThat(Integer.parseInt(parts[0])).as("host port of %s", service).isBetween(1, 65535);
        assertThat(Integer.parseInt(parts[1])).as("container port of %s", service).isBetween(1, 65535);
        String other = hostPorts.put(parts[0], service);
        assertThat(other).as("host port %s published by %s and %s", parts[0], other, service).isNull();
      }
    }
    assertThat(hostPorts).containsKeys("9092", "8083", "5432", "3306", "8123", "9000", "8181", "8080");
  }

  @Test
  void everyBindMountAndNamedVolumeExists() {
    Set<String> namedVolumes = new TreeSet<>();
    for (String service : compose.serviceNames()) {
      for (JsonNode volume : compose.service(service).path("volumes")) {
        String source = ComposeFile.resolve(volume.asText()).split(":")[0];
        if (!source.startsWith(".") && !source.startsWith("/")) {
          namedVolumes.add(source);
        }
      }
      compose.bindMounts(service).forEach((target, host) -> assertThat(host)
          .as("host side of %s's mount %s", service, target).exists());
    }
    assertThat(compose.namedVolumes()).as("named volumes declared at the top level").containsAll(namedVolumes);
  }

  @Test
  void theWorkerMountsEveryPluginFamilyItUsesFromThePackagedPluginDirectories() throws IOException {
    Properties worker = workerProperties();
    String pluginPath = worker.getProperty("plugin.path");
    Set<String> declaredFamilies = pluginFamilies();
    Set<String> mounted = new TreeSet<>();
    compose.bindMounts("connect").forEach((target, host) -> {
      if (target.startsWith(pluginPath + "/")) {
        String family = target.substring(pluginPath.length() + 1);
        assertThat(host).as("plugin directory of %s", family)
            .isEqualTo(PACKAGING.resolve("target/plugins").resolve(family));
        assertThat(declaredFamilies).as("plugin families of packaging/").contains(family);
        assertThat(host.toFile().list((dir, name) -> name.endsWith(".jar"))).as("jars in %s", host).isNotEmpty();
        mounted.add(family);
      }
    });
    assertThat(mounted).contains("sql-transforms", "cdc-postgres", "cdc-mysql", "iceberg-sink", "clickhouse-sink",
        "governance", "lineage-rest");
    assertThat(compose.bindMounts("connect")).containsKey("/etc/streamfirst/connect-distributed.properties");
    assertThat(compose.service("connect").path("command").toString())
        .contains("/etc/streamfirst/connect-distributed.properties");
    assertThat(endpoint(worker.getProperty("bootstrap.servers"))).isEqualTo("kafka:29092");
    assertReachable("connect-distributed.properties bootstrap.servers", "kafka", 29092);
  }

  @Test
  void dependsOnNamesServicesOfTheStack() {
    for (String service : compose.serviceNames()) {
      compose.service(service).path("depends_on").fieldNames()
          .forEachRemaining(dependency -> assertThat(compose.serviceNames()).as("%s depends on", service)
              .contains(dependency));
    }
  }

  @Test
  void everyConnectorBodyReachesOnlyServicesAndFilesOfTheStack() throws IOException {
    List<Path> bodies = ComposeFile.connectorBodies();
    assertThat(bodies).extracting(body -> body.getFileName().toString()).contains("shop-cdc.json",
        "shop-iceberg.json", "shop-clickhouse.json", "revenue-per-minute.json");
    for (Path body : bodies) {
      Map<String, String> config = read(body);
      List<String> endpoints = endpoints(config);
      assertThat(endpoints).as("endpoints of %s", body.getFileName()).isNotEmpty();
      for (String endpoint : endpoints) {
        String[] hostPort = endpoint.split(":");
        assertReachable(body.getFileName() + " " + endpoint, hostPort[0], Integer.parseInt(hostPort[1]));
      }
      config.forEach((key, value) -> {
        if (value.startsWith("/")) {
          assertThat(compose.hostPath("connect", value)).as("%s %s=%s is mounted into connect", body.getFileName(),
              key, value).hasValueSatisfying(host -> assertThat(host).isRegularFile());
        }
      });
    }
  }

  @Test
  void theReadmeWalksEveryConnectorBodyAndNamesEveryImage() throws IOException {
    String readme = Files.readString(ComposeFile.DIR.resolve("README.md"));
    for (Path body : ComposeFile.connectorBodies()) {
      assertThat(readme).as("docker-compose/README.md deploys %s", body.getFileName())
          .contains("connectors/" + body.getFileName());
    }
    for (String service : compose.serviceNames()) {
      if (!service.equals("minio-init")) {
        assertThat(readme).as("docker-compose/README.md names the image of %s", service)
            .contains("`" + compose.image(service));
      }
    }
  }

  @Test
  void theInitSqlCreatesWhatTheCdcConnectorsCaptureAndTheSinksReadTheirTopics() throws IOException {
    Map<String, String> postgres = read(ComposeFile.DIR.resolve("connectors/shop-cdc.json"));
    String postgresInit = initSql("postgres");
    Set<String> topics = new LinkedHashSet<>();
    for (String table : postgres.get("table.include.list").split(",")) {
      assertThat(postgresInit).as("init SQL of postgres").containsIgnoringCase("CREATE TABLE " + table + " (");
      topics.add(postgres.get("topic.prefix") + "." + table);
    }
    assertThat(postgresInit).contains("CREATE ROLE " + postgres.get("database.user") + " LOGIN REPLICATION PASSWORD '"
        + postgres.get("database.password") + "'");
    assertThat(postgres.get("database.dbname"))
        .isEqualTo(compose.service("postgres").path("environment").path("POSTGRES_DB").asText());

    Map<String, String> mariadb = read(ComposeFile.DIR.resolve("connectors/inventory-cdc.json"));
    String mariadbInit = initSql("mariadb");
    assertThat(mariadbInit).contains("CREATE TABLE " + mariadb.get("database.include.list") + ".")
        .contains("CREATE USER '" + mariadb.get("database.user") + "'@'%' IDENTIFIED BY '"
            + mariadb.get("database.password") + "'");
    assertThat(compose.service("mariadb").path("command").toString()).contains("--binlog-format=ROW");
    assertThat(compose.service("postgres").path("command").toString()).contains("wal_level=logical");

    for (String sink : List.of("shop-iceberg.json", "shop-clickhouse.json")) {
      assertThat(read(ComposeFile.DIR.resolve("connectors").resolve(sink)).get("topics").split(","))
          .as("topics of %s", sink).containsExactlyInAnyOrderElementsOf(topics);
    }
    assertThat(topics).contains(read(ComposeFile.DIR.resolve("connectors/revenue-per-minute.json"))
        .get("input.topics"));
    Map<String, String> clickhouse = read(ComposeFile.DIR.resolve("connectors/shop-clickhouse.json"));
    assertThat(clickhouse.get("clickhouse.database"))
        .isEqualTo(compose.service("clickhouse").path("environment").path("CLICKHOUSE_DB").asText());
    assertThat(clickhouse.get("clickhouse.user"))
        .isEqualTo(compose.service("clickhouse").path("environment").path("CLICKHOUSE_USER").asText());
  }

  /** host:port of every service a connector body points at: hosts, URLs and bootstrap servers. */
  private static List<String> endpoints(Map<String, String> config) {
    List<String> endpoints = new ArrayList<>();
    if (config.containsKey("database.hostname")) {
      endpoints.add(config.get("database.hostname") + ":" + config.get("database.port"));
    }
    if (config.containsKey("clickhouse.host")) {
      endpoints.add(config.get("clickhouse.host") + ":" + config.getOrDefault("clickhouse.port", "8123"));
    }
    config.forEach((key, value) -> {
      Matcher url = URL.matcher(value);
      while (url.find()) {
        endpoints.add(url.group(1) + ":" + url.group(2));
      }
      if (key.endsWith("bootstrap.servers")) {
        for (String server : value.split(",")) {
          endpoints.add(endpoint(server));
        }
      }
    });
    return endpoints;
  }

  private static void assertReachable(String what, String host, int port) {
    String service = compose.serviceForHost(host).orElse(null);
    assertThat(service).as("%s: host %s is a service of docker-compose.yml", what, host).isNotNull();
    assertThat(compose.containerPorts(service)).as("%s: ports %s listens on", what, service).contains(port);
  }

  private static String endpoint(String server) {
    return server.trim().replaceFirst("^[A-Za-z]+://", "");
  }

  private static String initSql(String service) throws IOException {
    Path dir = compose.hostPath(service, "/docker-entrypoint-initdb.d").orElseThrow();
    StringBuilder sql = new StringBuilder();
    try (var files = Files.list(dir)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".sql")).sorted().toList()) {
        sql.append(Files.readString(file)).append('\n');
      }
    }
    return sql.toString();
  }

  static Properties workerProperties() throws IOException {
    Properties worker = new Properties();
    try (InputStream in = Files.newInputStream(ComposeFile.DIR.resolve("connect-distributed.properties"))) {
      worker.load(in);
    }
    return worker;
  }

  static Map<String, String> read(Path body) throws IOException {
    return JSON.readValue(body.toFile(), new TypeReference<Map<String, String>>() {});
  }

  private static Set<String> pluginFamilies() throws IOException {
    Set<String> families = new TreeSet<>();
    try (var dirs = Files.list(PACKAGING)) {
      for (Path pom : dirs.map(dir -> dir.resolve("pom.xml")).filter(Files::isRegularFile).toList()) {
        Matcher family = PLUGIN_FAMILY.matcher(Files.readString(pom));
        if (family.find()) {
          families.add(family.group(1));
        }
      }
    }
    return families;
  }

  private static String tagOf(String image) {
    int slash = image.lastIndexOf('/');
    int colon = image.lastIndexOf(':');
    return colon > slash ? image.substring(colon + 1) : null;
  }

  /** 25.8 is 25_08. */
  private static int majorMinor(String tag) {
    String[] parts = tag.split("\\.");
    return Integer.parseInt(parts[0]) * 100 + (parts.length > 1 ? Integer.parseInt(parts[1]) : 0);
  }
}
