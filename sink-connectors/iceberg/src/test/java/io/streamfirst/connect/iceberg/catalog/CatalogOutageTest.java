// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.iceberg.catalog;

import io.streamfirst.connect.common.ManualClock;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.SocketTimeoutException;
import java.sql.SQLException;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.exceptions.NotAuthorizedException;
import org.apache.iceberg.exceptions.RESTException;
import org.apache.iceberg.exceptions.ServiceUnavailableException;
import org.apache.iceberg.jdbc.UncheckedSQLException;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.RetriableException;
import org.junit.jupiter.api.Test;

class CatalogOutageTest {

  private final ManualClock clock = new ManualClock(1_000_000);

  @Test
  void unreachableMeansNoAnswerNotARejection() {
    assertThat(CatalogOutage.isUnreachable(new UncheckedSQLException(new SQLException("refused", "08001"), "x")))
        .isTrue();
    assertThat(CatalogOutage.isUnreachable(new UncheckedSQLException(new SQLException("shutdown", "57P01"), "x")))
        .isTrue();
    assertThat(CatalogOutage.isUnreachable(new RESTException(new java.io.IOException("no answer"), "x"))).isTrue();
    assertThat(CatalogOutage.isUnreachable(new ServiceUnavailableException("503"))).isTrue();
    assertThat(CatalogOutage.isUnreachable(new RuntimeException(new SocketTimeoutException("read")))).isTrue();
    assertThat(CatalogOutage.isUnreachable(new CommitFailedException("conflict"))).isFalse();
    assertThat(CatalogOutage.isUnreachable(new NotAuthorizedException("no"))).isFalse();
    assertThat(CatalogOutage.isUnreachable(new UncheckedSQLException(new SQLException("bad password", "28P01"), "x")))
        .isFalse();
  }

  @Test
  void retriableWithinTheLimitThenFatalNamingTheCatalogAndTheDuration() {
    CatalogOutage outage = new CatalogOutage(clock, 10_000, "jdbc catalog at jdbc:postgresql://h/db?password=****");
    RuntimeException down = new UncheckedSQLException(new SQLException("refused", "08001"), "x");
    assertThat(outage.failure("committing to [lake.t]", down)).isInstanceOf(RetriableException.class)
        .hasMessageContaining("jdbc catalog at jdbc:postgresql://h/db?password=****").hasMessageContaining("08001");
    assertThat(outage.backoffMs()).isEqualTo(500);
    clock.advance(9_999);
    assertThat(outage.failure("committing to [lake.t]", down)).isInstanceOf(RetriableException.class);
    clock.advance(1);
    RuntimeException fatal = outage.failure("committing to [lake.t]", down);
    assertThat(fatal).isNotInstanceOf(RetriableException.class).isInstanceOf(ConnectException.class)
        .hasMessageContaining("has been unreachable for 10.0 s")
        .hasMessageContaining("iceberg.catalog.unavailable.max.ms=10000")
        .hasMessageContaining("committing to [lake.t]").hasMessageContaining("restart the task");
    for (int i = 0; i < 20; i++) {
      outage.failure("x", down);
    }
    assertThat(outage.backoffMs()).isEqualTo(5_000);
    outage.reachable();
    assertThat(outage.ongoing()).isFalse();
    assertThat(outage.failure("x", down)).isInstanceOf(RetriableException.class); // a new outage, a new window
  }
}
