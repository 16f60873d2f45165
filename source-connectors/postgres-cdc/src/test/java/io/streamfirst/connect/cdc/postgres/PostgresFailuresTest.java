// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.cdc.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamfirst.connect.cdc.common.FailureCauses;
import io.streamfirst.connect.cdc.common.FailureKind;
import io.streamfirst.connect.cdc.common.PreflightReport;
import io.streamfirst.connect.cdc.postgres.preflight.PostgresPreflight;
import java.io.EOFException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.sql.SQLException;
import java.util.Map;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.errors.RetriableException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The PostgreSQL classifier: SQLStates → kinds, for the running task and for the preflight's connection. */
class PostgresFailuresTest {

  private static final PostgresFailures FAILURES = PostgresFailures.INSTANCE;
  private static final Map<String, String> PROPS = Map.of("name", "pg-orders", "database.hostname", "db1",
      "database.dbname", "shop", "database.user", "cdc", "slot.name", "sf_pg_orders");

  @ParameterizedTest(name = "SQLState {0}: {1}")
  @CsvSource({
      "28P01, BAD_CREDENTIALS", // invalid password
      "28000, LOGIN_REFUSED", // role may not log in, pg_hba.conf
      "42501, MISSING_PRIVILEGE",
      "3D000, MISSING_DATABASE",
      "08001, UNREACHABLE", // connection refused
      "08006, UNREACHABLE", // connection failure
      "57P01, UNREACHABLE", // admin shutdown
      "57P02, UNREACHABLE", // crash shutdown
      "57P03, UNREACHABLE", // starting up
      "57014, OTHER", // query canceled
      "42P01, OTHER", // undefined table
      "XX000, OTHER"})
  void whatTheSqlStatesMeanToTheTask(String state, FailureKind kind) {
    assertThat(FAILURES.classify(new SQLException("server says", state))).isEqualTo(kind);
    assertThat(FAILURES.classify(new RetriableException("retry", new SQLException("server says", state))))
        .isEqualTo(kind);
  }

  @Test
  void theFirstSqlErrorDecides() {
    SQLException denied = new SQLException("password authentication failed", "28P01");

    assertThat(FAILURES.classify(new RetriableException("retry", new SQLException("outer", "XX000", 0, denied))))
        .isEqualTo(FailureKind.OTHER);
    assertThat(FAILURES.classify(new RetriableException("retry", new SQLException("outer", null, 0, denied))))
        .isEqualTo(FailureKind.OTHER);
  }

  @Test
  void debeziumsWordsForALostSlotPositionCountInTheFailuresOwnMessage() {
    String words = "The connector is trying to read change stream starting at LSN{0/14DE938}, but this is "
        + FailureCauses.POSITION_GONE + ".";

    assertThat(FAILURES.classify(new ConnectException(words))).isEqualTo(FailureKind.POSITION_LOST);
    assertThat(FAILURES.classify(new ConnectException(words, new SQLException("gone", "08006"))))
        .isEqualTo(FailureKind.POSITION_LOST);
    assertThat(FAILURES.classify(new RetriableException("retry", new ConnectException(words))))
        .isEqualTo(FailureKind.OTHER);
  }

  @Test
  void networkFailuresAreUnreachableAndTheRestIsOther() {
    assertThat(FAILURES.classify(new RetriableException("retry", new EOFException("closed"))))
        .isEqualTo(FailureKind.UNREACHABLE);
    assertThat(FAILURES.classify(new DataException("bad row"))).isEqualTo(FailureKind.OTHER);
  }

  @Test
  void atStartOnlyALostSlotPositionFailsAtOnceWhileCapturingOnlyLoginPrivilegeAndDatabase() {
    RuntimeException lost = new ConnectException("stopped: " + FailureCauses.POSITION_GONE);
    RuntimeException denied = new RetriableException("retry",
        new SQLException("password authentication failed", "28P01"));
    RuntimeException refused = new RetriableException("retry", new SQLException("role is not permitted", "28000"));
    RuntimeException privilege = new RetriableException("retry", new SQLException("permission denied", "42501"));
    RuntimeException database = new RetriableException("retry", new SQLException("no database", "3D000"));
    RuntimeException down = new RetriableException("retry", new SQLException("starting up", "57P03"));

    assertThat(FAILURES.explain(lost, PROPS, PostgresFailures.AT_START)).hasMessageContaining("cannot resume");
    for (RuntimeException other : new RuntimeException[]{denied, refused, privilege, database, down}) {
      assertThat(FAILURES.explain(other, PROPS, PostgresFailures.AT_START)).isSameAs(other);
    }
    assertThat(FAILURES.explain(lost, PROPS, PostgresFailures.WHILE_CAPTURING)).isSameAs(lost);
    assertThat(FAILURES.explain(down, PROPS, PostgresFailures.WHILE_CAPTURING)).isSameAs(down);
    assertThat(FAILURES.explain(denied, PROPS, PostgresFailures.WHILE_CAPTURING))
        .hasMessageContaining("Check database.user and database.password (and pg_hba.conf)");
    assertThat(FAILURES.explain(refused, PROPS, PostgresFailures.WHILE_CAPTURING))
        .hasMessageContaining("Check database.user and database.password (and pg_hba.conf)");
    assertThat(FAILURES.explain(privilege, PROPS, PostgresFailures.WHILE_CAPTURING))
        .hasMessageContaining("Grant the missing privilege to user 'cdc'");
    assertThat(FAILURES.explain(database, PROPS, PostgresFailures.WHILE_CAPTURING))
        .hasMessage("Connector pg-orders cannot read from PostgreSQL at db1:5432/shop: no database."
            + " Check database.dbname. This is not retried.");
  }

  @ParameterizedTest(name = "SQLState {0}: {1} on {2}")
  @CsvSource({
      "28P01, BAD_CREDENTIALS, database.password",
      "28000, LOGIN_REFUSED, database.user",
      "3D000, MISSING_DATABASE, database.dbname",
      "08001, UNREACHABLE, database.hostname",
      "57P03, OTHER, database.hostname", // a connection attempt is unreachable by SQLState class 08 only
      "42501, OTHER, database.hostname"})
  void whatAFailedConnectionOfThePreflightMeans(String state, FailureKind kind, String key) {
    SQLException failure = new SQLException("server says", state);

    assertThat(FAILURES.connectionKind(failure)).isEqualTo(kind);
    assertThat(preflightErrors(failure)).containsOnlyKeys(key);
  }

  @Test
  void aConnectionRefusedOrToAnUnknownHostIsUnreachableATimeoutIsNot() {
    assertThat(FAILURES.connectionKind(new SQLException("x", "", 0, new java.net.ConnectException("refused"))))
        .isEqualTo(FailureKind.UNREACHABLE);
    assertThat(FAILURES.connectionKind(new SQLException("x", "", 0, new UnknownHostException("db1"))))
        .isEqualTo(FailureKind.UNREACHABLE);
    assertThat(FAILURES.connectionKind(new SQLException("x", "", 0, new SocketTimeoutException("read timed out"))))
        .isEqualTo(FailureKind.OTHER);
  }

  private static Map<String, java.util.List<String>> preflightErrors(SQLException failure) {
    PreflightReport report = new PreflightReport();
    PostgresPreflight.reportConnectionFailure(failure,
        new PostgresPreflight.Settings("db1", 5432, "shop", "cdc", "s3cret-pw",
            null, "pub", "filtered", "slot", "pgoutput"),
        report);
    return report.errors();
  }
}
