// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.cdc.postgres;

import io.debezium.config.Configuration;
import io.debezium.connector.postgresql.PostgresConnector;
import io.debezium.relational.TableId;
import io.streamfirst.connect.cdc.common.PreflightReport;
import io.streamfirst.connect.cdc.postgres.preflight.PostgresPreflight;
import io.streamfirst.connect.cdc.postgres.preflight.PostgresPreflight.BeforeImageCheck;
import io.streamfirst.connect.cdc.postgres.preflight.PostgresPreflight.TableName;
import io.streamfirst.connect.common.PluginVersion;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.connect.connector.Task;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Change data capture from PostgreSQL: Debezium's PostgreSQL connector with Streamfirst's defaults
 * (pgoutput, a publication of only the captured tables, slot/publication/topic names derived from
 * the connector name, heartbeats that keep an idle slot moving), preflight checks in
 * {@link #validate(Map)}, and lineage headers (optionally the flat format) on every record.
 *
 * <p>Every Debezium option passes through unchanged; Streamfirst's own options start with
 * {@code streamfirst.} ({@link PostgresCdcConfig}).
 */
public class PostgresCdcSourceConnector extends PostgresConnector {

  private static final Logger LOG = LoggerFactory.getLogger(PostgresCdcSourceConnector.class);

  /** The OpenLineage run of this connector run: a connector instance lives from one start to its stop. */
  private final String lineageRunId = io.streamfirst.connect.lineage.LineageRun.newRunId();

  @Override
  public String version() {
    return PluginVersion.of(PostgresCdcSourceConnector.class);
  }

  @Override
  public Class<? extends Task> taskClass() {
    return PostgresCdcSourceTask.class;
  }

  @Override
  public void start(Map<String, String> props) {
    Map<String, String> effective = PostgresCdcConfig.withDefaults(props);
    LOG.info("Starting PostgreSQL CDC connector {}: database {}:{}/{}, slot {}, publication {} ({}),"
        + " topic prefix {}, output {}", props.get("name"), effective.get(PostgresPreflight.HOSTNAME),
        effective.getOrDefault(PostgresPreflight.PORT, "5432"), effective.get(PostgresPreflight.DBNAME),
        effective.get(PostgresCdcConfig.SLOT_NAME), effective.get(PostgresCdcConfig.PUBLICATION_NAME),
        effective.get(PostgresCdcConfig.PUBLICATION_AUTOCREATE_MODE), effective.get(PostgresCdcConfig.TOPIC_PREFIX),
        effective.getOrDefault(io.streamfirst.connect.cdc.common.CdcOptions.OUTPUT_FORMAT, "envelope"));
    super.start(effective);
  }

  /** Each task's configuration carries this connector run's OpenLineage run id when lineage is on. */
  @Override
  public List<Map<String, String>> taskConfigs(int maxTasks) {
    return super.taskConfigs(maxTasks).stream()
        .map(task -> io.streamfirst.connect.lineage.LineageRun.withRunId(task, lineageRunId)).toList();
  }

  /** Debezium's options, then Streamfirst's. */
  @Override
  public ConfigDef config() {
    return PostgresCdcConfig.define(new ConfigDef(super.config()));
  }

  /**
   * Debezium's field validation over the configuration with Streamfirst's defaults applied, the
   * Streamfirst options, then the preflight checks (which replace Debezium's connection check).
   */
  @Override
  public Config validate(Map<String, String> props) {
    Map<String, String> effective = PostgresCdcConfig.withDefaults(props);
    Config debezium = super.validate(effective);
    List<ConfigValue> values = new ArrayList<>(debezium.configValues());
    List<String> present = values.stream().map(ConfigValue::name).toList();
    for (ConfigValue own : PostgresCdcConfig.CONFIG_DEF.validate(props)) {
      if (!present.contains(own.name())) {
        values.add(own);
      }
    }
    io.streamfirst.connect.lineage.LineageConfig.addErrors(values, props);
    return new Config(values);
  }

  @Override
  protected void validateConnection(Map<String, ConfigValue> configValues, Configuration config) {
    if (!config.getBoolean(PostgresCdcConfig.PREFLIGHT_ENABLED, true)) {
      return; // no connection at validation time at all, e.g. to check configs where the database is unreachable
    }
    PostgresPreflight preflight = new PostgresPreflight(new PostgresPreflight.Settings(
        config.getString(PostgresPreflight.HOSTNAME),
        config.getInteger(PostgresPreflight.PORT, 5432),
        config.getString(PostgresPreflight.DBNAME),
        config.getString(PostgresPreflight.USER),
        config.getString(PostgresPreflight.PASSWORD),
        config.getString(PostgresPreflight.SSLMODE),
        config.getString(PostgresPreflight.PUBLICATION_NAME),
        config.getString(PostgresPreflight.PUBLICATION_AUTOCREATE_MODE, "filtered").toLowerCase(Locale.ROOT),
        config.getString(PostgresPreflight.SLOT_NAME),
        config.getString(PostgresPreflight.PLUGIN_NAME, "pgoutput")));
    BeforeImageCheck beforeImage = BeforeImageCheck.valueOf(
        config.getString(PostgresCdcConfig.PREFLIGHT_REPLICA_IDENTITY, "warn").trim().toUpperCase(Locale.ROOT));
    PreflightReport report = preflight.run(() -> capturedTables(config), beforeImage);
    report.warnings().forEach(warning -> LOG.warn("Preflight of connector {}: {}", config.getString("name"), warning));
    report.addTo(configValues, PostgresCdcConfig.PREFLIGHT_WARNINGS);
  }

  private List<TableName> capturedTables(Configuration config) {
    List<TableId> ids = getMatchingCollections(config);
    return ids.stream().map(id -> new TableName(id.schema(), id.table())).toList();
  }
}
