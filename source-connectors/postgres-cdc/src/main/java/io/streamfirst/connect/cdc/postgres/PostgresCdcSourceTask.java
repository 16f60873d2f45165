// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.cdc.postgres;

import io.debezium.connector.common.BaseSourceTask;
import io.debezium.connector.common.DebeziumTaskState;
import io.debezium.connector.postgresql.PostgresConnectorTask;
import io.streamfirst.connect.cdc.common.DelegatingChangeTask;
import io.streamfirst.connect.cdc.common.SourceInfoReader;
import io.streamfirst.connect.common.PluginVersion;
import io.streamfirst.connect.cdc.postgres.preflight.PostgresPreflight;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import org.apache.kafka.connect.source.SourceTask;

/** Runs Debezium's PostgreSQL task and adds lineage headers (and the flat format) to what it emits. */
public final class PostgresCdcSourceTask extends DelegatingChangeTask {

  @Override
  protected SourceTask newDelegate(Map<String, String> props) {
    return new PostgresConnectorTask();
  }

  @Override
  protected SourceInfoReader sourceInfoReader(Map<String, String> props) {
    return new PostgresSourceInfoReader(props.getOrDefault("database.hostname", "localhost"),
        Integer.parseInt(props.getOrDefault("database.port", "5432").trim()),
        props.getOrDefault("database.dbname", "postgres"));
  }

  /** {@code postgres://host:port} and {@code database.schema.table} of the change's table. */
  @Override
  protected io.streamfirst.connect.lineage.DatasetId tableDataset(Map<String, String> props,
      org.apache.kafka.connect.data.Struct source) {
    if (source.schema().field("table") == null || source.getString("table") == null) {
      return null;
    }
    return io.streamfirst.connect.lineage.DatasetId.postgres(props.getOrDefault("database.hostname", "localhost"),
        Integer.parseInt(props.getOrDefault("database.port", "5432").trim()), source.getString("db"),
        source.getString("schema"), source.getString("table"));
  }

  @Override
  protected String databaseAddress(Map<String, String> props) {
    return props.get(PostgresPreflight.HOSTNAME) + ":" + props.getOrDefault(PostgresPreflight.PORT, "5432").trim();
  }

  /** Debezium's task retries some start failures itself: it is capturing only once its state is RUNNING. */
  @Override
  protected boolean delegateRunning(SourceTask delegate) {
    return !(delegate instanceof BaseSourceTask<?, ?> debezium)
        || debezium.getTaskState() == DebeziumTaskState.RUNNING;
  }

  /** One short connection to the captured database, as the connector's user. */
  @Override
  protected void probeDatabase(Map<String, String> props) throws SQLException {
    PostgresPreflight.Settings settings = new PostgresPreflight.Settings(props.get(PostgresPreflight.HOSTNAME),
        Integer.parseInt(props.getOrDefault(PostgresPreflight.PORT, "5432").trim()),
        props.get(PostgresPreflight.DBNAME), props.get(PostgresPreflight.USER), props.get(PostgresPreflight.PASSWORD),
        props.get(PostgresPreflight.SSLMODE), null, null, null, null);
    try (Connection connection = PostgresPreflight.open(settings, "streamfirst-probe")) {
      connection.isValid(10);
    }
  }

  /** Debezium's "position no longer available" failure, restated with the slot and the ways out. */
  @Override
  protected RuntimeException explainStartFailure(RuntimeException failure, Map<String, String> props) {
    return PostgresFailures.INSTANCE.explain(failure, props, PostgresFailures.AT_START);
  }

  /**
   * Debezium retries every connection failure, so a rotated password or a revoked privilege would
   * keep the task RUNNING in an endless retry loop. Authentication, authorization and missing-database
   * errors (SQLState classes 28, 42501, 3D000) fail the task instead, saying what to change.
   */
  @Override
  protected RuntimeException explainPollFailure(RuntimeException failure, Map<String, String> props) {
    return PostgresFailures.INSTANCE.explain(failure, props, PostgresFailures.WHILE_CAPTURING);
  }

  @Override
  public String version() {
    return PluginVersion.of(PostgresCdcSourceTask.class);
  }
}
