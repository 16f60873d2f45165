// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.cdc.mysql;

import io.debezium.config.Configuration;
import io.debezium.config.Field;
import io.debezium.connector.mariadb.MariaDbConnector;
import io.debezium.connector.mariadb.MariaDbConnectorConfig;
import io.debezium.connector.mysql.MySqlConnector;
import io.debezium.connector.mysql.MySqlConnectorConfig;
import io.debezium.relational.RelationalTableFilters;
import io.debezium.relational.TableId;
import io.streamfirst.connect.cdc.common.CdcOptions;
import io.streamfirst.connect.cdc.common.PreflightReport;
import io.streamfirst.connect.cdc.mysql.preflight.MySqlPreflight;
import io.streamfirst.connect.cdc.mysql.preflight.MySqlPreflight.PrimaryKeyCheck;
import io.streamfirst.connect.cdc.mysql.preflight.MySqlPreflight.TableName;
import io.streamfirst.connect.cdc.mysql.preflight.ServerConnections;
import io.streamfirst.connect.common.PluginVersion;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.source.ExactlyOnceSupport;
import org.apache.kafka.connect.source.SourceConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Change data capture from MySQL and MariaDB: Debezium's MySQL connector or, for a MariaDB server,
 * Debezium's MariaDB connector (chosen by {@value MySqlCdcConfig#SERVER_FLAVOR}, detected from the server
 * by default), with Streamfirst's defaults (topic prefix, server id and schema history topic derived
 * from the connector name, heartbeats, snapshot then stream), preflight checks in {@link #validate(Map)},
 * and lineage headers (optionally the flat format) on every record.
 *
 * <p>Every Debezium option passes through unchanged; Streamfirst's own options start with
 * {@code streamfirst.} ({@link MySqlCdcConfig}). Like Debezium's binlog connectors it runs one task.
 */
public class MySqlCdcSourceConnector extends SourceConnector {

  private static final Logger LOG = LoggerFactory.getLogger(MySqlCdcSourceConnector.class);

  private Map<String, String> effective = Map.of();
  /** The OpenLineage run of this connector run: a connector instance lives from one start to its stop. */
  private final String lineageRunId = io.streamfirst.connect.lineage.LineageRun.newRunId();

  @Override
  public String version() {
    return PluginVersion.of(MySqlCdcSourceConnector.class);
  }

  @Override
  public Class<? extends Task> taskClass() {
    return MySqlCdcSourceTask.class;
  }

  @Override
  public void start(Map<String, String> props) {
    effective = Map.copyOf(MySqlCdcConfig.withDefaults(props));
    LOG.info("Starting MySQL/MariaDB CDC connector {}: server {}:{} ({}), server id {}, topic prefix {},"
        + " schema history topic {}, output {}", props.get("name"), effective.get(ServerConnections.HOSTNAME),
        effective.getOrDefault(ServerConnections.PORT, "3306"),
        effective.getOrDefault(MySqlCdcConfig.SERVER_FLAVOR, "auto"), effective.get(MySqlCdcConfig.SERVER_ID),
        effective.get(MySqlCdcConfig.TOPIC_PREFIX), effective.get(MySqlCdcConfig.SCHEMA_HISTORY_TOPIC),
        effective.getOrDefault(CdcOptions.OUTPUT_FORMAT, "envelope"));
  }

  /** One task, as the binlog is one stream; its configuration is the effective one (defaults applied). */
  @Override
  public List<Map<String, String>> taskConfigs(int maxTasks) {
    return List.of(io.streamfirst.connect.lineage.LineageRun.withRunId(effective, lineageRunId));
  }

  @Override
  public void stop() {
    // Nothing held: the task owns every connection.
  }

  /** Both Debezium binlog connectors support Kafka's exactly-once source delivery. */
  @Override
  public ExactlyOnceSupport exactlyOnceSupport(Map<String, String> connectorConfig) {
    return ExactlyOnceSupport.SUPPORTED;
  }

  /** Debezium's MySQL options, the MariaDB-only ones, then Streamfirst's. */
  @Override
  public ConfigDef config() {
    ConfigDef def = new ConfigDef(new MySqlConnector().config());
    ConfigDef mariaDb = new MariaDbConnector().config();
    for (ConfigDef.ConfigKey key : mariaDb.configKeys().values()) {
      if (!def.configKeys().containsKey(key.name)) {
        def.define(key);
      }
    }
    return MySqlCdcConfig.define(def);
  }

  /**
   * Debezium's field validation (of the flavour the server has) over the configuration with
   * Streamfirst's defaults applied, the Streamfirst options, then the preflight checks, which replace
   * Debezium's connection check.
   */
  @Override
  public Config validate(Map<String, String> props) {
    Map<String, String> effectiveProps = MySqlCdcConfig.withDefaults(props);
    Configuration config = Configuration.from(effectiveProps);
    ServerFlavor configured = MySqlCdcConfig.flavor(props);
    MySqlPreflight preflight = null;
    PreflightReport report = null;
    boolean preflightEnabled = config.getBoolean(MySqlCdcConfig.PREFLIGHT_ENABLED, true);
    if (preflightEnabled && config.getString(ServerConnections.HOSTNAME) != null) {
      preflight = new MySqlPreflight(new MySqlPreflight.Settings(target(effectiveProps), configured,
          config.getLong(MySqlCdcConfig.SERVER_ID, 0L), snapshotLocks(config)));
      report = preflight.run(capturedTables(config, configured),
          PrimaryKeyCheck.valueOf(config.getString(MySqlCdcConfig.PREFLIGHT_PRIMARY_KEY, "warn").trim()
              .toUpperCase(Locale.ROOT)));
    }
    ServerFlavor flavor = configured != ServerFlavor.AUTO
        ? configured
        : preflight != null && preflight.detectedFlavor() != null ? preflight.detectedFlavor() : ServerFlavor.MYSQL;
    Map<String, ConfigValue> values = new LinkedHashMap<>(config.validate(fieldsOf(flavor)));
    for (ConfigValue own : MySqlCdcConfig.CONFIG_DEF.validate(props)) {
      values.putIfAbsent(own.name(), own);
    }
    io.streamfirst.connect.lineage.LineageConfig.addErrors(values.values(), props);
    boolean fieldErrors = values.values().stream().anyMatch(v -> !v.errorMessages().isEmpty());
    if (report != null && !fieldErrors) {
      report.warnings().forEach(warning -> LOG.warn("Preflight of connector {}: {}", props.get("name"), warning));
      report.addTo(values, MySqlCdcConfig.PREFLIGHT_WARNINGS);
    }
    return new Config(new ArrayList<>(values.values()));
  }

  static Field.Set fieldsOf(ServerFlavor flavor) {
    return flavor == ServerFlavor.MARIADB ? MariaDbConnectorConfig.ALL_FIELDS : MySqlConnectorConfig.ALL_FIELDS;
  }

  /** Where the preflight and the flavour detection connect, from the effective configuration. */
  static ServerConnections.Target target(Map<String, String> props) {
    int port;
    try {
      port = Integer.parseInt(props.getOrDefault(ServerConnections.PORT, "3306").trim());
    } catch (NumberFormatException e) {
      port = 3306; // Debezium's field validation reports the bad value on database.port
    }
    return new ServerConnections.Target(props.get(ServerConnections.HOSTNAME), port,
        props.get(ServerConnections.USER), props.get(ServerConnections.PASSWORD),
        props.get(ServerConnections.SSL_MODE));
  }

  /** Whether the snapshot reads data under a read lock (so needs RELOAD or LOCK TABLES). */
  private static boolean snapshotLocks(Configuration config) {
    String mode = config.getString(MySqlCdcConfig.SNAPSHOT_MODE, "initial").toLowerCase(Locale.ROOT);
    String locking = config.getString("snapshot.locking.mode", "minimal")
        .toLowerCase(Locale.ROOT);
    boolean data = !Set.of("no_data", "never", "recovery").contains(mode);
    return data && (locking.equals("minimal") || locking.equals("extended"));
  }

  /** Debezium's own table filters (include/exclude lists, system databases) as a predicate. */
  private static Predicate<TableName> capturedTables(Configuration config, ServerFlavor flavor) {
    RelationalTableFilters filters = flavor == ServerFlavor.MARIADB
        ? new MariaDbConnectorConfig(config).getTableFilters()
        : new MySqlConnectorConfig(config).getTableFilters();
    return table -> filters.databaseFilter().test(table.database())
        && filters.dataCollectionFilter().isIncluded(new TableId(table.database(), null, table.table()));
  }
}
