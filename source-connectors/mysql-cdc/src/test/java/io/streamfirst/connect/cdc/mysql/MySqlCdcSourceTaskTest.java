// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.cdc.mysql;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.util.Map;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.RetriableException;
import org.junit.jupiter.api.Test;

class MySqlCdcSourceTaskTest {

  private static final Map<String, String> PROPS = Map.of("name", "my-orders", "database.hostname", "db1",
      "database.port", "3307", "database.user", "cdc", "database.password", "s3cret-pw");

  private final MySqlCdcSourceTask task = new MySqlCdcSourceTask();

  @Test
  void loginFailuresThatDebeziumWouldRetryForeverBecomePermanentWithTheFix() {
    RuntimeException retried = new RetriableException("retry",
        new SQLException("Access denied for user 'cdc'@'10.0.0.1' (using password: YES) s3cret-pw", "28000", 1045));

    RuntimeException explained = task.explainPollFailure(retried, PROPS);

    assertThat(explained).isInstanceOf(ConnectException.class).isNotInstanceOf(RetriableException.class)
        .hasMessageContaining("Connector my-orders cannot read from the database at db1:3307")
        .hasMessageContaining("Check database.user and database.password")
        .hasMessageContaining("This is not retried")
        .hasMessageNotContaining("s3cret-pw");
  }

  @Test
  void missingPrivilegesOnTheBinlogConnectionBecomePermanent() {
    RuntimeException retried = new RetriableException("retry",
        new com.github.shyiko.mysql.binlog.network.ServerException(
            "Access denied; you need (at least one of) the REPLICATION SLAVE privilege(s) for this operation", 1227,
            "42000"));

    assertThat(task.explainPollFailure(retried, PROPS))
        .hasMessageContaining("Grant the missing privilege to user 'cdc'")
        .hasMessageContaining("REPLICATION SLAVE");
  }

  @Test
  void aPurgedBinlogPositionNamesTheWaysOut() {
    RuntimeException failure = new ConnectException("stopped",
        new com.github.shyiko.mysql.binlog.network.ServerException(
            "Could not find first log file name in binary log index file", 1236, "HY000"));

    assertThat(task.explainPollFailure(failure, PROPS)).hasMessageContaining("DELETE /connectors/my-orders/offsets")
        .hasMessageContaining("snapshot.mode=when_needed");
  }

  @Test
  void debeziumsOwnStartCheckOfTheStoredPositionIsExplainedTheSameWay() {
    RuntimeException failure = new ConnectException("The connector is trying to read change stream starting at"
        + " BinlogOffset{file=mariadb-bin.000001}, but this is no longer available on the server.");

    assertThat(task.explainStartFailure(failure, PROPS)).hasMessageContaining("binlog position")
        .hasMessageContaining("DELETE /connectors/my-orders/offsets");
    RuntimeException other = new ConnectException("something else");
    assertThat(task.explainStartFailure(other, PROPS)).isSameAs(other);
  }

  @Test
  void networkFailuresStayRetriable() {
    RuntimeException retried = new RetriableException("retry", new java.io.EOFException("connection reset"));
    RuntimeException noCode = new RetriableException("retry", new SQLException("Communications link failure", "08S01"));

    assertThat(task.explainPollFailure(retried, PROPS)).isSameAs(retried);
    assertThat(task.explainPollFailure(noCode, PROPS)).isSameAs(noCode);
  }

  @Test
  void aTaskStartedWhileTheServerIsUnreachableRetriesAndFailsOnlyAfterTheAllowedTime() throws Exception {
    Map<String, String> props = new java.util.HashMap<>(PROPS);
    props.put("database.hostname", "127.0.0.1");
    props.put("database.port", Integer.toString(closedPort()));

    MySqlCdcSourceTask waiting = new MySqlCdcSourceTask();
    waiting.initialize(new Context());
    waiting.start(props); // no exception: the task stays up and retries in poll()
    waiting.stop();

    props.put("streamfirst.database.unavailable.max.ms", "0");
    MySqlCdcSourceTask impatient = new MySqlCdcSourceTask();
    impatient.initialize(new Context());
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> impatient.start(props))
        .isInstanceOf(ConnectException.class)
        .hasMessageContaining(
            "Connector my-orders cannot reach the database at 127.0.0.1:" + props.get("database.port"))
        .hasMessageContaining("streamfirst.database.unavailable.max.ms=0")
        .hasMessageNotContaining("s3cret-pw");
  }

  @Test
  void aRejectedLoginAtStartIsNotRetried() {
    assertThat(io.streamfirst.connect.cdc.common.DatabaseOutage
        .isUnreachable(new SQLException("Access denied for user 'cdc'", "28000", 1045))).isFalse();
    assertThat(
        io.streamfirst.connect.cdc.common.DatabaseOutage.isUnreachable(new java.sql.SQLNonTransientConnectionException(
            "Socket fail to connect to db1:3307. Connection refused", "08000")))
        .isTrue();
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
