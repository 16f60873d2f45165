package io.streamfirst.connect.cdc.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.util.Map;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.RetriableException;
import org.junit.jupiter.api.Test;

class PostgresCdcSourceTaskTest {

  private static final Map<String, String> PROPS = Map.of("name", "pg-orders", "database.hostname", "db1",
      "database.port", "5433", "database.dbname", "shop", "database.user", "cdc",
      "database.password", "s3cret-pw", "slot.name", "sf_pg_orders");

  private final PostgresCdcSourceTask task = new PostgresCdcSourceTask();

  @Test
  void authenticationFailuresThatDebeziumWouldRetryForeverBecomePermanentWithTheFix() {
    RuntimeException retried = new RetriableException("retry",
        new SQLException("FATAL: password authentication failed for user \"cdc\" (s3cret-pw)", "28P01"));

    RuntimeException explained = task.explainPollFailure(retried, PROPS);

    assertThat(explained).isInstanceOf(ConnectException.class).isNotInstanceOf(RetriableException.class)
        .hasMessageContaining("Connector pg-orders cannot read from PostgreSQL at db1:5433/shop")
        .hasMessageContaining("Check database.user and database.password")
        .hasMessageNotContaining("s3cret-pw");
    assertThat(task.explainPollFailure(new RetriableException("retry",
        new SQLException("permission denied for table orders", "42501")), PROPS))
        .hasMessageContaining("Grant the missing privilege to user 'cdc'");
  }

  @Test
  void networkFailuresStayRetriable() {
    RuntimeException retried = new RetriableException("retry", new SQLException("Connection refused", "08001"));

    assertThat(task.explainPollFailure(retried, PROPS)).isSameAs(retried);
  }

  @Test
  void aLostSlotPositionNamesTheSlotAndTheWaysOut() {
    RuntimeException lost = new ConnectException("The connector is trying to read change stream starting at"
        + " LSN{0/14DE938}, but this is no longer available on the server.");

    assertThat(task.explainStartFailure(lost, PROPS)).hasMessageContaining("replication slot 'sf_pg_orders'")
        .hasMessageContaining("DELETE /connectors/pg-orders/offsets").hasMessageContaining("snapshot.mode=when_needed");
    RuntimeException other = new ConnectException("something else");
    assertThat(task.explainStartFailure(other, PROPS)).isSameAs(other);
  }
}
