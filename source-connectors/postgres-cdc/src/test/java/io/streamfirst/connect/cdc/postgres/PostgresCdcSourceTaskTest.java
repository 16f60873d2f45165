// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

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

  @Test
  void aTaskStartedWhileTheServerIsUnreachableRetriesAndFailsOnlyAfterTheAllowedTime() throws Exception {
    Map<String, String> props = new java.util.HashMap<>(PROPS);
    props.put("database.hostname", "127.0.0.1");
    props.put("database.port", Integer.toString(closedPort()));
    props.put("topic.prefix", "pg-orders");
    props.put("plugin.name", "pgoutput");

    PostgresCdcSourceTask waiting = new PostgresCdcSourceTask();
    waiting.initialize(new Context());
    waiting.start(props); // no exception: the task stays up and retries in poll()
    waiting.stop();

    props.put("streamfirst.database.unavailable.max.ms", "0");
    PostgresCdcSourceTask impatient = new PostgresCdcSourceTask();
    impatient.initialize(new Context());
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> impatient.start(props))
        .isInstanceOf(ConnectException.class)
        .hasMessageContaining(
            "Connector pg-orders cannot reach the database at 127.0.0.1:" + props.get("database.port"))
        .hasMessageContaining("streamfirst.database.unavailable.max.ms=0")
        .hasMessageNotContaining("s3cret-pw");
  }

  /** A port on this machine where nothing listens. */
  private static int closedPort() throws java.io.IOException {
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static final class Context implements org.apache.kafka.connect.source.SourceTaskContext {
    @Override
    public Map<String, String> configs() {
      return Map.of();
    }

    @Override
    public org.apache.kafka.connect.storage.OffsetStorageReader offsetStorageReader() {
      return null;
    }

    @Override
    public org.apache.kafka.common.metrics.PluginMetrics pluginMetrics() {
      return null;
    }
  }
}
