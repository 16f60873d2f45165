// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.cdc.mysql;

import io.debezium.connector.mariadb.MariaDbConnectorTask;
import io.debezium.connector.mysql.MySqlConnectorTask;
import io.streamfirst.connect.cdc.common.DelegatingChangeTask;
import io.streamfirst.connect.cdc.common.SourceInfoReader;
import io.streamfirst.connect.cdc.mysql.preflight.MySqlPreflight;
import io.streamfirst.connect.cdc.mysql.preflight.ServerConnections;
import io.streamfirst.connect.common.PluginVersion;
import com.github.shyiko.mysql.binlog.network.ServerException;
import io.debezium.connector.common.BaseSourceTask;
import io.debezium.connector.common.DebeziumTaskState;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.RetriableException;
import org.apache.kafka.connect.source.SourceTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs Debezium's MySQL or MariaDB task (by {@value MySqlCdcConfig#SERVER_FLAVOR}, detected from the
 * server when {@code auto}) and adds lineage headers (and the flat format) to what it emits.
 */
public final class MySqlCdcSourceTask extends DelegatingChangeTask {

  private static final Logger LOG = LoggerFactory.getLogger(MySqlCdcSourceTask.class);

  @Override
  protected SourceTask newDelegate(Map<String, String> props) {
    ServerFlavor flavor = MySqlCdcConfig.flavor(props);
    ServerConnections.Target target = MySqlCdcSourceConnector.target(props);
    try {
      if (flavor == ServerFlavor.AUTO) {
        flavor = MySqlPreflight.detect(target);
      }
      checkStoredPositionIsAvailable(target, props);
    } catch (SQLException e) {
      String message = "Connector " + props.get("name") + " cannot start: "
          + ServerConnections.classify(e, target).message();
      if (isDatabaseUnreachable(e)) {
        // Retried until streamfirst.database.unavailable.max.ms has passed.
        throw new RetriableException(message, e);
      }
      throw new ConnectException(message);
    }
    LOG.info("Connector {} reads a {} server with Debezium's {} connector", props.get("name"),
        flavor.configName(), flavor == ServerFlavor.MARIADB ? "MariaDB" : "MySQL");
    return flavor == ServerFlavor.MARIADB ? new MariaDbConnectorTask() : new MySqlConnectorTask();
  }

  /**
   * Fails when the binlog file of the stored position is gone. Debezium checks this itself for MySQL,
   * but MariaDB resumes by GTID and, without {@code gtid_strict_mode}, silently continues after purged
   * binlogs, skipping the changes they held.
   */
  private void checkStoredPositionIsAvailable(ServerConnections.Target target, Map<String, String> props)
      throws SQLException {
    String prefix = props.get(MySqlCdcConfig.TOPIC_PREFIX);
    if (prefix == null || context == null || "when_needed".equalsIgnoreCase(props.get(MySqlCdcConfig.SNAPSHOT_MODE))) {
      return;
    }
    Map<String, Object> offset = context.offsetStorageReader().offset(Map.of("server", prefix));
    Object file = offset == null ? null : offset.get(MySqlSourceInfoReader.FILE);
    if (file == null || offset.containsKey(MySqlSourceInfoReader.SNAPSHOT)) {
      return; // nothing stored yet, or a snapshot that starts over anyway
    }
    if (!MySqlPreflight.hasBinlog(target, file.toString())) {
      throw new ConnectException(new ServerException("The stored position lies in binlog file " + file
          + ", which the server no longer has", MySqlFailures.BINLOG_GONE, "HY000"));
    }
  }

  @Override
  protected SourceInfoReader sourceInfoReader(Map<String, String> props) {
    return new MySqlSourceInfoReader(props.getOrDefault(ServerConnections.HOSTNAME, "localhost"),
        MySqlCdcSourceConnector.target(props).port());
  }

  /** {@code mysql://host:port} and {@code database.table} of the change's table. */
  @Override
  protected io.streamfirst.connect.lineage.DatasetId tableDataset(Map<String, String> props,
      org.apache.kafka.connect.data.Struct source) {
    if (source.schema().field("table") == null || source.getString("table") == null) {
      return null;
    }
    return io.streamfirst.connect.lineage.DatasetId.mysql(props.getOrDefault(ServerConnections.HOSTNAME, "localhost"),
        MySqlCdcSourceConnector.target(props).port(), source.getString("db"), source.getString("table"));
  }

  @Override
  protected String databaseAddress(Map<String, String> props) {
    return MySqlCdcSourceConnector.target(props).where();
  }

  /** Debezium's task retries some start failures itself: it is capturing only once its state is RUNNING. */
  @Override
  protected boolean delegateRunning(SourceTask delegate) {
    return !(delegate instanceof BaseSourceTask<?, ?> debezium)
        || debezium.getTaskState() == DebeziumTaskState.RUNNING;
  }

  /**
   * One short connection to the server, as the connector's user. The binlog reader reconnects in the
   * background after losing its connection, without failing; this notices a server that stays away.
   */
  @Override
  protected void probeDatabase(Map<String, String> props) throws SQLException {
    try (Connection connection = ServerConnections.open(MySqlCdcSourceConnector.target(props))) {
      connection.isValid(10);
    }
  }

  /** Login and privilege errors and a purged binlog position fail the task at once ({@link MySqlFailures#explain}). */
  @Override
  protected RuntimeException explainStartFailure(RuntimeException failure, Map<String, String> props) {
    return MySqlFailures.INSTANCE.explain(failure, props);
  }

  /**
   * Debezium retries every SQL and I/O failure, so a changed password or a revoked privilege would keep
   * the task RUNNING in an endless retry loop; {@link MySqlFailures#explain} makes them fail the task,
   * saying what to change. Network errors stay retriable.
   */
  @Override
  protected RuntimeException explainPollFailure(RuntimeException failure, Map<String, String> props) {
    return MySqlFailures.INSTANCE.explain(failure, props);
  }

  @Override
  public String version() {
    return PluginVersion.of(MySqlCdcSourceTask.class);
  }
}
