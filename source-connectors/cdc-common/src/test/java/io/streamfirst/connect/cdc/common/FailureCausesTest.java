// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.cdc.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.EOFException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.errors.RetriableException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The shared cause walking, and the table of what makes a database unreachable, for every server kind. */
class FailureCausesTest {

  @Test
  void causesAreWalkedOutermostFirst() {
    SQLException inner = new SQLException("inner", "28P01");
    SQLException outer = new SQLException("outer", "HY000", 0, inner);
    RuntimeException failure = new RetriableException("retry", outer);

    Throwable firstSql = FailureCauses.firstOfType(failure, SQLException.class);
    Throwable firstLogin = FailureCauses.first(failure,
        t -> t instanceof SQLException s && s.getSQLState().startsWith("28") ? s : null);

    assertThat(firstSql).isSameAs(outer);
    assertThat(firstLogin).isSameAs(inner);
    assertThat(FailureCauses.firstOfType(failure, EOFException.class)).isNull();
    assertThat(FailureCauses.causedBy(failure, EOFException.class, SQLException.class)).isTrue();
    assertThat(FailureCauses.causedBy(failure, EOFException.class)).isFalse();
    assertThat(FailureCauses.mentions(failure, "inn")).isTrue();
    assertThat(FailureCauses.mentions(failure, "elsewhere")).isFalse();
  }

  @Test
  void aChainThatLoopsBackOnItselfEnds() {
    RuntimeException a = new RuntimeException("a");
    RuntimeException b = new RuntimeException("b", a);
    a.initCause(b);

    assertThat((Throwable) FailureCauses.firstOfType(a, SQLException.class)).isNull();
    assertThat(FailureCauses.mentions(a, "c")).isFalse();
    assertThat(FailureCauses.unreachableCause(a)).isNull();
  }

  @Test
  void causesDeeperThanTheLimitAreNotLookedAt() {
    Throwable failure = new EOFException("lost");
    for (int i = 1; i < FailureCauses.MAX_DEPTH; i++) {
      failure = new RuntimeException("wrap " + i, failure);
    }
    assertThat(FailureCauses.unreachableCause(failure)).isInstanceOf(EOFException.class);

    assertThat(FailureCauses.unreachableCause(new RuntimeException("one more", failure))).isNull();
  }

  @ParameterizedTest(name = "SQLState {0}, error {1}: unreachable={2}")
  @CsvSource({
      "08001, 0, true", // PostgreSQL: connection refused
      "08006, 0, true", // PostgreSQL: connection failure
      "08S01, 0, true", // MySQL/MariaDB: communications link failure
      "57P01, 0, true", // PostgreSQL: admin shutdown
      "57P02, 0, true", // PostgreSQL: crash shutdown
      "57P03, 0, true", // PostgreSQL: cannot connect now (starting up)
      "HY000, 1053, true", // MySQL/MariaDB: server shutdown in progress
      "HY000, 1077, true", // MySQL/MariaDB: normal shutdown
      "HY000, 2006, true", // MySQL/MariaDB: server has gone away
      "HY000, 2013, true", // MySQL/MariaDB: lost connection during query
      "57014, 0, false", // PostgreSQL: query canceled
      "57P04, 0, false", // PostgreSQL: database dropped
      "28P01, 0, false", // PostgreSQL: wrong password
      "28000, 1045, false", // MySQL/MariaDB: access denied
      "42501, 0, false",
      "HY000, 1236, false", // MySQL/MariaDB: binlog gone
      "HY000, 0, false"})
  void whatTheServersSayWhenTheyAreUnreachable(String state, int code, boolean unreachable) {
    SQLException error = new SQLException("server says", state, code);

    assertThat(FailureCauses.unreachableCause(new RetriableException("retry", error)) == error).isEqualTo(unreachable);
  }

  @Test
  void networkFailuresAreUnreachableWhereverTheyAre() {
    for (Throwable network : new Throwable[]{new java.net.ConnectException("refused"), new SocketException("reset"),
        new NoRouteToHostException("no route"), new SocketTimeoutException("timed out"),
        new UnknownHostException("db1"), new EOFException("closed"), new SQLTransientConnectionException("gone"),
        new SQLNonTransientConnectionException("Socket fail", "28000")}) {
      RuntimeException failure = new ConnectException("wrapped", new SQLException("x", "HY000", 0, network));
      assertThat(FailureCauses.unreachableCause(failure)).as(network.toString()).isSameAs(network);
    }
    assertThat(FailureCauses.unreachableCause(new DataException("bad row"))).isNull();
    assertThat(FailureCauses.unreachableCause(new ConnectException(FailureCauses.POSITION_GONE))).isNull();
  }
}
