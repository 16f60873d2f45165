// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.cdc.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.UnknownHostException;
import java.sql.SQLException;
import java.util.EnumSet;
import java.util.Map;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.RetriableException;
import org.junit.jupiter.api.Test;

/** The rule every server kind's classifier follows, on a server kind of the test's own. */
class FailureClassifierTest {

  /** A server whose SQLState 28000 is a wrong password, 42501 a missing privilege, and nothing else is permanent. */
  private static final FailureClassifier SERVER = new FailureClassifier() {
    @Override
    protected ServerError serverError(Throwable cause) {
      return cause instanceof SQLException sql ? ServerError.of(sql) : null;
    }

    @Override
    protected FailureKind kindOf(ServerError error) {
      return switch (error.sqlState()) {
        case "28000" -> FailureKind.BAD_CREDENTIALS;
        case "42501" -> FailureKind.MISSING_PRIVILEGE;
        default -> FailureKind.OTHER;
      };
    }

    @Override
    protected RuntimeException permanentFailure(RuntimeException failure, Diagnosis diagnosis,
        Map<String, String> props) {
      return new ConnectException(props.get("name") + ": " + diagnosis.kind() + " " + diagnosis.error());
    }
  };

  @Test
  void theFirstServerErrorDecidesWhenItIsPermanent() {
    SQLException denied = new SQLException("denied", "28000");
    Diagnosis diagnosis = SERVER
        .diagnose(new RetriableException("retry", new SQLException("outer", "42501", 0, denied)));

    assertThat(diagnosis.kind()).isEqualTo(FailureKind.MISSING_PRIVILEGE);
    assertThat(diagnosis.error()).isEqualTo(new ServerError(0, "42501", "outer"));
  }

  @Test
  void aPermanentServerErrorWinsOverAnUnreachableOneAndTheConnectorsWords() {
    RuntimeException failure = new ConnectException(FailureCauses.POSITION_GONE,
        new SQLException("denied", "28000", 0, new SQLException("lost", "08006")));

    assertThat(SERVER.classify(failure)).isEqualTo(FailureKind.BAD_CREDENTIALS);
  }

  @Test
  void withoutAPermanentServerErrorTheConnectorsWordsThenUnreachableThenOther() {
    RuntimeException gone = new ConnectException("stopped",
        new ConnectException("offset " + FailureCauses.POSITION_GONE));
    assertThat(SERVER.classify(gone)).isEqualTo(FailureKind.POSITION_LOST);
    Diagnosis lost = SERVER.diagnose(new RetriableException("retry", new SQLException("gone", "08006")));
    assertThat(lost.kind()).isEqualTo(FailureKind.UNREACHABLE);
    assertThat(lost.error()).isEqualTo(new ServerError(0, "08006", "gone"));
    Diagnosis other = SERVER.diagnose(new RetriableException("retry", new SQLException("syntax", "42601")));
    assertThat(other).isEqualTo(new Diagnosis(FailureKind.OTHER, new ServerError(0, "42601", "syntax")));
    assertThat(SERVER.diagnose(new IllegalStateException("bug"))).isEqualTo(new Diagnosis(FailureKind.OTHER, null));
  }

  @Test
  void aFailedConnectionIsJudgedByTheDriversOwnException() {
    assertThat(SERVER.connectionKind(new SQLException("denied", "28000"))).isEqualTo(FailureKind.BAD_CREDENTIALS);
    assertThat(SERVER.connectionKind(new SQLException("refused", "08001"))).isEqualTo(FailureKind.UNREACHABLE);
    assertThat(SERVER.connectionKind(new SQLException("no host", "HY000", 0, new UnknownHostException("db1"))))
        .isEqualTo(FailureKind.UNREACHABLE);
    assertThat(SERVER.connectionKind(new SQLException("wrapped", "HY000", 0, new SQLException("denied", "28000"))))
        .as("only the driver's exception itself says what the login was").isEqualTo(FailureKind.OTHER);
    assertThat(SERVER.connectionKind(new SQLException("no privilege", "42501")))
        .as("privileges are checked once connected").isEqualTo(FailureKind.OTHER);
  }

  @Test
  void onlyTheHandledKindsAreExplained() {
    RuntimeException denied = new RetriableException("retry", new SQLException("denied", "28000"));
    RuntimeException lost = new RetriableException("retry", new SQLException("gone", "08006"));
    Map<String, String> props = Map.of("name", "orders");

    assertThat(SERVER.explain(denied, props, EnumSet.of(FailureKind.BAD_CREDENTIALS)))
        .isInstanceOf(ConnectException.class)
        .hasMessage("orders: BAD_CREDENTIALS " + new ServerError(0, "28000", "denied"));
    assertThat(SERVER.explain(denied, props, EnumSet.of(FailureKind.POSITION_LOST))).isSameAs(denied);
    assertThat(SERVER.explain(lost, props, EnumSet.complementOf(EnumSet.of(FailureKind.UNREACHABLE))))
        .isSameAs(lost);
  }
}
