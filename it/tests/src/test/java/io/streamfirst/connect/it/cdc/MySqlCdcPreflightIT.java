// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.it.cdc;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamfirst.connect.it.fixtures.MariaDbFixture;
import io.streamfirst.connect.it.harness.ConnectCluster;
import io.streamfirst.connect.it.harness.ConnectClusterExtension;
import io.streamfirst.connect.it.harness.UniqueNames;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.connect.runtime.rest.entities.ConfigInfos;
import org.apache.kafka.connect.runtime.rest.entities.ConfigValueInfo;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The preflight checks as an operator meets them: {@code PUT /connector-plugins/.../config/validate}
 * on a real worker with the packaged plugin, against MariaDB servers with a row-based binlog and, for
 * one test, {@code binlog_format=STATEMENT}; and failures of a running connector's task.
 */
class MySqlCdcPreflightIT {

  private static final String PLAIN_USER = "sf_preflight_plain";
  private static final String PLAIN_PASSWORD = "plain-pw-0815";
  private static final String CDC_USER = "sf_preflight_cdc";
  private static final String CDC_PASSWORD = "cdc-pw-4711";

  @RegisterExtension
  static final MariaDbFixture MARIADB = new MariaDbFixture();

  @RegisterExtension
  static final MariaDbFixture STATEMENT_BINLOG = new MariaDbFixture().withServerArg("--binlog-format=STATEMENT");

  @RegisterExtension
  static final ConnectClusterExtension CONNECT = new ConnectClusterExtension(b -> b.workers(1));

  @BeforeAll
  static void createUsers() throws Exception {
    new MySqlCdc(MARIADB, null).execute(
        "CREATE USER '" + PLAIN_USER + "'@'%' IDENTIFIED BY '" + PLAIN_PASSWORD + "'",
        "GRANT SELECT ON " + MariaDbFixture.DATABASE + ".* TO '" + PLAIN_USER + "'@'%'",
        "CREATE USER '" + CDC_USER + "'@'%' IDENTIFIED BY '" + CDC_PASSWORD + "'",
        "GRANT SELECT, RELOAD, REPLICATION SLAVE, BINLOG MONITOR ON *.* TO '" + CDC_USER + "'@'%'");
  }

  private static MySqlCdc cdc() {
    return new MySqlCdc(MARIADB, CONNECT.cluster());
  }

  @Test
  void aTableWithoutPrimaryKeyIsAWarningNamingItOrAnErrorWhenAsked() throws Exception {
    String noKey = CdcSource.tableName("events");
    String keyed = CdcSource.tableName("orders");
    cdc().execute("CREATE TABLE " + noKey + " (at DATETIME, what VARCHAR(40))",
        "CREATE TABLE " + keyed + " (id INT PRIMARY KEY, item VARCHAR(40))");
    Map<String, String> config = cdc().config(noKey);
    String database = MariaDbFixture.DATABASE;
    config.put("table.include.list", database + "." + noKey + "," + database + "." + keyed);
    config.put("database.user", CDC_USER);
    config.put("database.password", CDC_PASSWORD);

    ConfigInfos warned = validate(config);
    config.put("streamfirst.preflight.primary.key", "fail");
    ConfigInfos failed = validate(config);

    assertThat(warned.errorCount()).as("warnings do not block: %s", warned).isZero();
    assertThat(value(warned, "streamfirst.preflight.warnings").value())
        .contains("Captured tables without a primary key: " + database + "." + noKey + ".").doesNotContain(keyed);
    assertThat(failed.errorCount()).isEqualTo(1);
    assertThat(value(failed, "table.include.list").errors()).singleElement().asString()
        .contains(database + "." + noKey).contains("Add a primary key");
  }

  @Test
  void aUserWithoutReplicationPrivilegesIsAnErrorOnTheUserWithTheGrantToRun() throws Exception {
    String table = CdcSource.tableName("readable");
    cdc().execute("CREATE TABLE " + table + " (id INT PRIMARY KEY)");
    Map<String, String> config = cdc().config(table);
    config.put("database.user", PLAIN_USER);
    config.put("database.password", PLAIN_PASSWORD);

    ConfigInfos result = validate(config);

    assertThat(value(result, "database.user").errors()).singleElement().asString()
        .contains("User '" + PLAIN_USER + "' lacks REPLICATION SLAVE, BINLOG MONITOR, RELOAD")
        .contains("GRANT REPLICATION SLAVE, BINLOG MONITOR, RELOAD ON *.* TO '" + PLAIN_USER + "'");
    assertThat(value(result, "database.password").errors()).isEmpty();
    assertThat(result.errorCount()).isEqualTo(1);
  }

  @Test
  void aUserWithTheReplicationPrivilegesPassesAndNoDataSnapshotsNeedNoLock() throws Exception {
    String table = CdcSource.tableName("locked");
    cdc().execute("CREATE TABLE " + table + " (id INT PRIMARY KEY)");
    Map<String, String> config = cdc().config(table);
    config.put("database.user", CDC_USER);
    config.put("database.password", CDC_PASSWORD);

    assertThat(validate(config).errorCount()).isZero();
    config.put("database.user", PLAIN_USER);
    config.put("database.password", PLAIN_PASSWORD);
    config.put("snapshot.mode", "no_data");
    assertThat(value(validate(config), "database.user").errors()).singleElement().asString()
        .contains("lacks REPLICATION SLAVE, BINLOG MONITOR (").doesNotContain("RELOAD");
  }

  @Test
  void statementBinlogIsAnErrorOnTheHostname() {
    Map<String, String> config = new MySqlCdc(STATEMENT_BINLOG, CONNECT.cluster()).config(CdcSource.tableName("any"));

    ConfigInfos result = validate(config);

    assertThat(value(result, "database.hostname").errors()).singleElement().asString()
        .contains("binlog_format=STATEMENT").contains("needs binlog_format=ROW").contains("SET GLOBAL binlog_format");
    assertThat(result.errorCount()).isEqualTo(1);
  }

  @Test
  void aWrongPasswordIsAnErrorOnThePasswordThatNeverShowsIt() {
    String wrong = "wrong-pw-" + UniqueNames.of("x");
    Map<String, String> config = cdc().config(CdcSource.tableName("any"));
    config.put("database.user", CDC_USER);
    config.put("database.password", wrong);

    ConfigInfos result = validate(config);

    assertThat(value(result, "database.password").errors()).singleElement().asString()
        .contains("Access denied for user '" + CDC_USER + "'").contains("check database.user and database.password");
    assertThat(result.configs()).allSatisfy(info -> assertThat(info.configValue().errors())
        .noneMatch(error -> error.contains(wrong)));
    assertThat(result.errorCount()).isEqualTo(1);
  }

  @Test
  void anUnreachableHostIsAnErrorOnTheHostname() throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    Map<String, String> config = cdc().config(CdcSource.tableName("any"));
    config.put("database.port", Integer.toString(closedPort));

    ConfigInfos result = validate(config);

    assertThat(value(result, "database.hostname").errors()).singleElement().asString()
        .contains("Cannot reach the database at 127.0.0.1:" + closedPort);
    assertThat(result.errorCount()).isEqualTo(1);
  }

  @Test
  void theServersOwnIdAndTheWrongFlavourAreErrorsOnTheirKeys() {
    Map<String, String> config = cdc().config(CdcSource.tableName("any"));
    config.put("database.server.id", "1");
    config.put("streamfirst.server.flavor", "mysql");

    ConfigInfos result = validate(config);

    assertThat(value(result, "database.server.id").errors()).singleElement().asString()
        .contains("database.server.id=1 is the server's own server_id");
    assertThat(value(result, "streamfirst.server.flavor").errors()).singleElement().asString()
        .contains("is mariadb").contains("Set streamfirst.server.flavor=mariadb or auto");
    assertThat(result.errorCount()).isEqualTo(2);
  }

  @Test
  void aRevokedPrivilegeOrChangedPasswordFailsTheTaskWithTheReasonButNotThePassword() throws Exception {
    String user = CdcSource.tableName("sf_rotated");
    String oldPassword = "old-pw-" + UniqueNames.of("p");
    String newPassword = "new-pw-" + UniqueNames.of("p");
    String table = CdcSource.tableName("accounts");
    String connector = UniqueNames.of("my-revoked");
    MySqlCdc cdc = cdc();
    cdc.execute("CREATE USER '" + user + "'@'%' IDENTIFIED BY '" + oldPassword + "'",
        "GRANT SELECT, RELOAD, REPLICATION SLAVE, BINLOG MONITOR ON *.* TO '" + user + "'@'%'",
        "CREATE TABLE " + table + " (id INT PRIMARY KEY)", "INSERT INTO " + table + " VALUES (1)");
    Map<String, String> config = cdc.config(table);
    config.put("database.user", user);
    config.put("database.password", oldPassword);
    config.put("streamfirst.server.flavor", "mariadb");
    ConnectCluster cluster = CONNECT.cluster();
    cluster.deploy(connector, config);
    cluster.awaitRunning(connector, 1);
    CdcTopics.awaitRecords(cluster, cdc.topic(connector, table), records -> !records.isEmpty());

    cdc.execute("REVOKE REPLICATION SLAVE ON *.* FROM '" + user + "'@'%'");
    cluster.restartTask(connector, 0);
    String revoked = cluster.awaitFailed(connector).failureTraces();
    cdc.execute("GRANT REPLICATION SLAVE ON *.* TO '" + user + "'@'%'", "ALTER USER '" + user + "'@'%' IDENTIFIED BY '"
        + newPassword + "'");
    cluster.restartTask(connector, 0);
    String rotated = cluster.awaitFailed(connector).failureTraces();

    assertThat(revoked).contains("Connector " + connector + " cannot read from the database")
        .contains("REPLICATION SLAVE").contains("Grant the missing privilege to user '" + user + "'")
        .contains("This is not retried");
    assertThat(rotated).contains("Connector " + connector).contains("Access denied for user '" + user + "'")
        .containsIgnoringCase("check database.user and database.password");
    assertThat(revoked + rotated).doesNotContain(oldPassword).doesNotContain(newPassword);
    cluster.delete(connector);
  }

  private static ConfigInfos validate(Map<String, String> config) {
    Map<String, String> withName = new HashMap<>(config);
    withName.putIfAbsent("name", UniqueNames.of("my-preflight"));
    return CONNECT.cluster().embedded().validateConnectorConfig("MySqlCdcSourceConnector", withName);
  }

  private static ConfigValueInfo value(ConfigInfos infos, String key) {
    Optional<ConfigValueInfo> value = infos.configs().stream().map(info -> info.configValue())
        .filter(v -> v != null && key.equals(v.name())).findFirst();
    assertThat(value).as("config value %s in %s", key, infos).isPresent();
    return value.get();
  }
}
