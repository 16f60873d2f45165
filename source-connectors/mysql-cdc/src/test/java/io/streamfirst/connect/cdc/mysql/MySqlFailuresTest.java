// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.cdc.mysql;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.shyiko.mysql.binlog.network.ServerException;
import io.streamfirst.connect.cdc.common.FailureCauses;
import io.streamfirst.connect.cdc.common.FailureKind;
import io.streamfirst.connect.cdc.mysql.preflight.ServerConnections;
import java.io.EOFException;
import java.net.SocketTimeoutException;
import java.sql.SQLException;
import java.util.Map;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.errors.RetriableException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The MySQL/MariaDB classifier: error codes → kinds, for the running task and for a connection of the preflight. */
class MySqlFailuresTest {

  private static final MySqlFailures FAILURES = MySqlFailures.INSTANCE;
  private static final ServerConnections.Target TARGET = new ServerConnections.Target("db1", 3306, "cdc", "s3cret-pw",
      null);

  @ParameterizedTest(name = "error {0}, SQLState {1}: {2}")
  @CsvSource({
      "1045, 28000, BAD_CREDENTIALS", // access denied (using password: YES)
      "1698, 28000, BAD_CREDENTIALS", // access denied, by its SQLState class
      "1044, 42000, LOGIN_REFUSED", // no access to the database
      "1130, HY000, LOGIN_REFUSED", // host not allowed to connect
      "1142, 42000, MISSING_PRIVILEGE", // table
      "1143, 42000, MISSING_PRIVILEGE", // column
      "1227, 42000, MISSING_PRIVILEGE", // global, e.g. REPLICATION SLAVE
      "1236, HY000, POSITION_LOST", // binlog position gone
      "1053, 08S01, UNREACHABLE", // server shutdown in progress
      "1077, HY000, UNREACHABLE", // normal shutdown
      "2006, HY000, UNREACHABLE", // server has gone away
      "2013, HY000, UNREACHABLE", // lost connection
      "1927, 08S01, UNREACHABLE", // connection killed
      "1049, 42000, OTHER", // unknown database
      "1064, 42000, OTHER"}) // syntax
  void whatTheServersErrorsMeanToTheTask(int code, String state, FailureKind kind) {
    assertThat(FAILURES.classify(new SQLException("server says", state, code))).isEqualTo(kind);
    assertThat(FAILURES.classify(new RetriableException("retry", new SQLException("server says", state, code))))
        .isEqualTo(kind);
    if (kind != FailureKind.UNREACHABLE) {
      assertThat(FAILURES.classify(new ConnectException("stopped", new ServerException("binlog client", code, state))))
          .as("an error the binlog client received").isEqualTo(kind);
    }
  }

  @Test
  void anOutageIsSeenInJdbcErrorsAndNetworkFailuresNotInTheBinlogClientsServerErrors() {
    // As before the classifier existed: the outage codes are read from SQL errors only (the binlog client
    // reconnects by itself and reports a lost connection as an I/O failure).
    assertThat(FAILURES.classify(new ConnectException("stopped", new ServerException("shutdown", 1053, "08S01"))))
        .isEqualTo(FailureKind.OTHER);
    assertThat(FAILURES.classify(new ConnectException("stopped", new SQLException("shutdown", "08S01", 1053))))
        .isEqualTo(FailureKind.UNREACHABLE);
  }

  @Test
  void theFirstErrorWithAServerCodeDecides() {
    SQLException denied = new SQLException("Access denied", "28000", 1045);

    assertThat(FAILURES.classify(new RetriableException("retry", new SQLException("wrapped", "HY000", 0, denied))))
        .as("a driver exception without a server code is passed over").isEqualTo(FailureKind.BAD_CREDENTIALS);
    assertThat(FAILURES.classify(new RetriableException("retry", new SQLException("lost", "HY000", 2013, denied))))
        .isEqualTo(FailureKind.UNREACHABLE);
  }

  @Test
  void debeziumsWordsForAPurgedBinlogCountOnlyWithoutAServerError() {
    String words = "The connector is trying to read change stream starting at BinlogOffset{file=mariadb-bin.000001},"
        + " but this is " + FailureCauses.POSITION_GONE + ".";

    assertThat(FAILURES.classify(new ConnectException(words))).isEqualTo(FailureKind.POSITION_LOST);
    assertThat(FAILURES.classify(new RetriableException("retry", new ConnectException(words))))
        .isEqualTo(FailureKind.POSITION_LOST);
    assertThat(FAILURES.classify(new ConnectException(words, new SQLException("lost", "HY000", 2013))))
        .isEqualTo(FailureKind.UNREACHABLE);
  }

  @Test
  void networkFailuresAreUnreachableAndTheRestIsOther() {
    assertThat(FAILURES.classify(new RetriableException("retry", new EOFException("closed"))))
        .isEqualTo(FailureKind.UNREACHABLE);
    assertThat(FAILURES.classify(new SQLException("Communications link failure", "08S01")))
        .isEqualTo(FailureKind.UNREACHABLE);
    assertThat(FAILURES.classify(new DataException("bad row"))).isEqualTo(FailureKind.OTHER);
    assertThat(FAILURES.classify(new SQLException("no code", "28000")))
        .as("the task looks only at errors with a server code").isEqualTo(FailureKind.OTHER);
  }

  @Test
  void theTaskFailsAtOnceForTheLoginPrivilegesAndAPurgedBinlogOnly() {
    Map<String, String> props = Map.of("name", "orders", "database.hostname", "db1", "database.user", "cdc");
    for (int code : new int[]{1045, 1044, 1130, 1142, 1143, 1227, 1236}) {
      RuntimeException failure = new RetriableException("retry", new SQLException("server says", "HY000", code));
      assertThat(FAILURES.explain(failure, props)).as("error " + code).isInstanceOf(ConnectException.class)
          .isNotInstanceOf(RetriableException.class)
          .hasMessageStartingWith("Connector orders cannot read from the database at db1:3306: server says ")
          .hasMessageEndingWith(" This is not retried.").hasCause(failure);
    }
    for (int code : new int[]{2013, 1064, 0}) {
      RuntimeException failure = new RetriableException("retry", new SQLException("server says", "08S01", code));
      assertThat(FAILURES.explain(failure, props)).as("error " + code).isSameAs(failure);
    }
  }

  @ParameterizedTest(name = "error {0}, SQLState {1}: {2} on {3}")
  @CsvSource({
      "1045, 28000, BAD_CREDENTIALS, database.password",
      "0, 28000, BAD_CREDENTIALS, database.password", // the driver's exception itself counts, code or not
      "1044, 42000, LOGIN_REFUSED, database.user",
      "1130, HY000, LOGIN_REFUSED, database.user",
      "0, 08000, UNREACHABLE, database.hostname",
      "1053, 08S01, UNREACHABLE, database.hostname",
      "2013, HY000, OTHER, database.hostname", // a connection attempt is unreachable by SQLState class 08 only
      "1142, 42000, OTHER, database.hostname",
      "1236, HY000, OTHER, database.hostname"})
  void whatAFailedConnectionOfThePreflightMeans(int code, String state, FailureKind kind, String key) {
    SQLException failure = new SQLException("server says", state, code);

    assertThat(FAILURES.connectionKind(failure)).isEqualTo(kind);
    assertThat(ServerConnections.classify(failure, TARGET).key()).isEqualTo(key);
  }

  @Test
  void aConnectionThatWasNotMadeIsUnreachable() {
    for (Throwable cause : new Throwable[]{new java.net.ConnectException("refused"),
        new java.net.UnknownHostException("db1"), new SocketTimeoutException("connect timed out")}) {
      SQLException failure = new SQLException("Could not connect", "HY000", 0, cause);
      assertThat(FAILURES.connectionKind(failure)).as(cause.toString()).isEqualTo(FailureKind.UNREACHABLE);
      assertThat(ServerConnections.classify(failure, TARGET).message())
          .startsWith("Cannot reach the database at db1:3306 from the Connect worker");
    }
  }

  @Test
  void aStatementDeniedOnATableOrItsDatabase() {
    assertThat(FAILURES.deniesTable(new SQLException("SELECT command denied", "42000", 1142))).isTrue();
    assertThat(FAILURES.deniesTable(new SQLException("column denied", "42000", 1143))).isTrue();
    assertThat(FAILURES.deniesTable(new SQLException("Access denied to database", "42000", 1044))).isTrue();
    assertThat(FAILURES.deniesTable(new SQLException("need SUPER", "42000", 1227))).isFalse();
    assertThat(FAILURES.deniesTable(new SQLException("lost", "HY000", 2013))).isFalse();
  }
}
