// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.it.cdc;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamfirst.connect.it.fixtures.PostgresFixture;
import io.streamfirst.connect.it.harness.ConnectCluster;
import io.streamfirst.connect.it.harness.ConnectClusterExtension;
import io.streamfirst.connect.it.harness.UniqueNames;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.connect.runtime.rest.entities.ConfigInfos;
import org.apache.kafka.connect.runtime.rest.entities.ConfigValueInfo;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The preflight checks as an operator meets them: {@code PUT /connector-plugins/.../config/validate}
 * on a real worker with the packaged plugin, against PostgreSQL servers that require passwords for
 * ordinary roles and, for one test, run with {@code wal_level=replica}.
 */
class PostgresCdcPreflightIT {

  private static final String CDC_USER = "sf_preflight_cdc";
  private static final String CDC_PASSWORD = "cdc-pw-4711";
  private static final String NO_REPLICATION_USER = "sf_preflight_plain";
  private static final String NO_REPLICATION_PASSWORD = "plain-pw-0815";

  /** The superuser keeps trust; every other role must give its password (scram-sha-256). */
  @RegisterExtension
  static final PostgresFixture POSTGRES = new PostgresFixture().withServerConfig("hba_file", hbaFile());

  @RegisterExtension
  static final PostgresFixture REPLICA_WAL = new PostgresFixture().withServerConfig("wal_level", "replica");

  @RegisterExtension
  static final ConnectClusterExtension CONNECT = new ConnectClusterExtension(b -> b.workers(1));

  private final PostgresCdc cdc = new PostgresCdc(POSTGRES);

  @BeforeAll
  static void createRoles() throws Exception {
    new PostgresCdc(POSTGRES).execute(
        "CREATE ROLE " + CDC_USER + " LOGIN REPLICATION PASSWORD '" + CDC_PASSWORD + "'",
        "GRANT CREATE ON DATABASE postgres TO " + CDC_USER,
        "CREATE ROLE " + NO_REPLICATION_USER + " LOGIN PASSWORD '" + NO_REPLICATION_PASSWORD + "'");
  }

  @Test
  void tablesWithoutFullBeforeImageAreAWarningNamingThemOrAnErrorWhenAsked() throws Exception {
    String noKey = CdcSource.tableName("events");
    String keyOnly = CdcSource.tableName("orders");
    String full = CdcSource.tableName("customers");
    cdc.execute("CREATE TABLE " + noKey + " (at TIMESTAMPTZ, what TEXT)",
        "CREATE TABLE " + keyOnly + " (id INT PRIMARY KEY, item TEXT)",
        "CREATE TABLE " + full + " (id INT PRIMARY KEY, name TEXT)",
        "ALTER TABLE " + full + " REPLICA IDENTITY FULL");
    Map<String, String> config = cdc.config(noKey);
    config.put("table.include.list", "public." + noKey + ",public." + keyOnly + ",public." + full);

    ConfigInfos warned = validate(config);
    config.put("streamfirst.preflight.replica.identity", "fail");
    ConfigInfos failed = validate(config);

    assertThat(warned.errorCount()).as("warnings do not block: %s", warned).isZero();
    String warnings = value(warned, "streamfirst.preflight.warnings").value();
    assertThat(warnings).contains("without a primary key or replica identity: public." + noKey + ".")
        .contains("REPLICA IDENTITY DEFAULT: public." + keyOnly + ".").doesNotContain(full);
    assertThat(failed.errorCount()).isEqualTo(2);
    assertThat(value(failed, "table.include.list").errors())
        .anySatisfy(error -> assertThat(error).contains("public." + noKey))
        .anySatisfy(error -> assertThat(error).contains("public." + keyOnly).contains("REPLICA IDENTITY FULL"));
  }

  @Test
  void aWrongPasswordIsAnErrorOnThePasswordThatNeverShowsIt() {
    String wrong = "wrong-pw-" + UniqueNames.of("x");
    Map<String, String> config = cdc.config(CdcSource.tableName("any"));
    config.put("database.user", CDC_USER);
    config.put("database.password", wrong);

    ConfigInfos result = validate(config);

    assertThat(value(result, "database.password").errors()).singleElement().asString()
        .contains("Password authentication failed for user '" + CDC_USER + "'")
        .contains("check database.user and database.password");
    assertThat(result.configs()).allSatisfy(info -> assertThat(info.configValue().errors())
        .noneMatch(error -> error.contains(wrong)));
    assertThat(result.errorCount()).isEqualTo(1);
  }

  @Test
  void theRightPasswordPassesAndTablesItDoesNotOwnCannotGoIntoANewPublication() throws Exception {
    String table = CdcSource.tableName("owned_by_postgres");
    cdc.execute("CREATE TABLE " + table + " (id INT PRIMARY KEY)", "ALTER TABLE " + table + " REPLICA IDENTITY FULL",
        "GRANT SELECT ON " + table + " TO " + CDC_USER);
    Map<String, String> config = cdc.config(table);
    config.put("database.user", CDC_USER);
    config.put("database.password", CDC_PASSWORD);

    ConfigInfos result = validate(config);

    assertThat(value(result, "database.password").errors()).isEmpty();
    assertThat(value(result, "database.user").errors()).isEmpty();
    assertThat(value(result, "publication.name").errors()).singleElement().asString()
        .contains("does not exist").contains("public." + table).contains(CDC_USER);
  }

  @Test
  void aUserWithoutReplicationIsAnErrorOnTheUser() {
    Map<String, String> config = cdc.config(CdcSource.tableName("any"));
    config.put("database.user", NO_REPLICATION_USER);
    config.put("database.password", NO_REPLICATION_PASSWORD);

    ConfigInfos result = validate(config);

    assertThat(value(result, "database.user").errors()).singleElement().asString()
        .contains("lacks the REPLICATION attribute")
        .contains("ALTER ROLE \"" + NO_REPLICATION_USER + "\" WITH REPLICATION");
    assertThat(value(result, "database.password").errors()).isEmpty();
  }

  @Test
  void walLevelReplicaIsAnErrorOnTheHostname() {
    Map<String, String> config = new PostgresCdc(REPLICA_WAL).config(CdcSource.tableName("any"));

    ConfigInfos result = validate(config);

    assertThat(value(result, "database.hostname").errors()).singleElement().asString()
        .contains("wal_level=replica").contains("wal_level=logical");
  }

  @Test
  void anUnreachableHostIsAnErrorOnTheHostname() throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    Map<String, String> config = cdc.config(CdcSource.tableName("any"));
    config.put("database.port", Integer.toString(closedPort));

    ConfigInfos result = validate(config);

    assertThat(value(result, "database.hostname").errors()).singleElement().asString()
        .contains("Cannot reach PostgreSQL at 127.0.0.1:" + closedPort);
    assertThat(result.errorCount()).isEqualTo(1);
  }

  @Test
  void aPasswordChangedUnderARunningConnectorFailsTheTaskWithTheReasonButNotThePassword() throws Exception {
    String user = CdcSource.tableName("sf_rotated");
    String oldPassword = "old-pw-" + UniqueNames.of("p");
    String newPassword = "new-pw-" + UniqueNames.of("p");
    String table = CdcSource.tableName("accounts");
    String publication = CdcSource.tableName("pub");
    String connector = UniqueNames.of("pg-rotated");
    cdc.execute("CREATE ROLE " + user + " LOGIN REPLICATION PASSWORD '" + oldPassword + "'",
        "CREATE TABLE " + table + " (id INT PRIMARY KEY)", "ALTER TABLE " + table + " REPLICA IDENTITY FULL",
        "GRANT SELECT ON " + table + " TO " + user, "INSERT INTO " + table + " VALUES (1)",
        "CREATE PUBLICATION " + publication + " FOR TABLE " + table);
    Map<String, String> config = cdc.config(table);
    config.put("database.user", user);
    config.put("database.password", oldPassword);
    config.put("publication.name", publication);
    config.put("publication.autocreate.mode", "disabled");
    ConnectCluster cluster = CONNECT.cluster();
    cluster.deploy(connector, config);
    cluster.awaitRunning(connector, 1);
    CdcTopics.awaitRecords(cluster, connector + ".public." + table, records -> !records.isEmpty());

    cdc.execute("ALTER ROLE " + user + " PASSWORD '" + newPassword + "'");
    cluster.restartTask(connector, 0);
    String traces = cluster.awaitFailed(connector).failureTraces();

    assertThat(traces).contains("Connector " + connector + " cannot read from PostgreSQL")
        .contains("password authentication failed for user \"" + user + "\"")
        .contains("Check database.user and database.password").contains("This is not retried")
        .doesNotContain(oldPassword).doesNotContain(newPassword);
    cluster.delete(connector);
  }

  private static ConfigInfos validate(Map<String, String> config) {
    Map<String, String> withName = new HashMap<>(config);
    withName.putIfAbsent("name", UniqueNames.of("pg-preflight"));
    return CONNECT.cluster().embedded().validateConnectorConfig("PostgresCdcSourceConnector", withName);
  }

  private static ConfigValueInfo value(ConfigInfos infos, String key) {
    Optional<ConfigValueInfo> value = infos.configs().stream().map(info -> info.configValue())
        .filter(v -> v != null && key.equals(v.name())).findFirst();
    assertThat(value).as("config value %s in %s", key, infos).isPresent();
    return value.get();
  }

  /** A pg_hba.conf: trust for the superuser (the fixture's own connections), passwords for every other role. */
  private static String hbaFile() {
    try {
      Path dir = Files.createDirectories(Path.of("target", "pg-hba"));
      Path file = dir.resolve("pg_hba-" + UniqueNames.of("preflight") + ".conf").toAbsolutePath();
      Files.write(file, List.of(
          "local all all trust",
          "host all postgres 127.0.0.1/32 trust",
          "host replication postgres 127.0.0.1/32 trust",
          "host all all 127.0.0.1/32 scram-sha-256",
          "host replication all 127.0.0.1/32 scram-sha-256"));
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
      return file.toString();
    } catch (IOException e) {
      throw new UncheckedIOException("Could not write the pg_hba.conf for the preflight tests", e);
    }
  }
}
