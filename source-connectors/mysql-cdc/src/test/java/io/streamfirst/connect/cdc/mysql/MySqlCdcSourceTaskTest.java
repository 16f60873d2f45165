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
    RuntimeException retried = new RetriableException("retry", new com.github.shyiko.mysql.binlog.network.ServerException(
        "Access denied; you need (at least one of) the REPLICATION SLAVE privilege(s) for this operation", 1227, "42000"));

    assertThat(task.explainPollFailure(retried, PROPS)).hasMessageContaining("Grant the missing privilege to user 'cdc'")
        .hasMessageContaining("REPLICATION SLAVE");
  }

  @Test
  void aPurgedBinlogPositionNamesTheWaysOut() {
    RuntimeException failure = new ConnectException("stopped", new com.github.shyiko.mysql.binlog.network.ServerException(
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
}
