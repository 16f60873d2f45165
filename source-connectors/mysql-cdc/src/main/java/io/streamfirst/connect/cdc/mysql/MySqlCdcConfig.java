// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.cdc.mysql;

import io.streamfirst.connect.cdc.common.CdcOptions;
import io.streamfirst.connect.cdc.common.OutputFormat;
import io.streamfirst.connect.cdc.common.PreflightOptions;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;

/**
 * The Streamfirst options of {@link MySqlCdcSourceConnector} and the defaults it gives the underlying
 * Debezium options when the configuration does not set them. Every other option is Debezium's and
 * passes through unchanged.
 */
public final class MySqlCdcConfig {

  public static final String GROUP_SERVER = "Streamfirst server";

  public static final String SERVER_FLAVOR = CdcOptions.PREFIX + "server.flavor";
  private static final String SERVER_FLAVOR_DOC = "Which server the connector reads, and so which Debezium"
      + " connector runs underneath. `auto`: ask the server (`SELECT VERSION()`) when the configuration is"
      + " validated and when the task starts; a version naming MariaDB selects Debezium's MariaDB connector,"
      + " anything else Debezium's MySQL connector. `mysql` / `mariadb`: no detection; validation reports an"
      + " error on this key when the server turns out to be the other one.";

  public static final String PREFLIGHT_ENABLED = PreflightOptions.ENABLED;
  private static final String PREFLIGHT_ENABLED_DOC = "Run the preflight checks when the configuration is"
      + " validated (REST `config/validate`, and before a connector is created): the server is reachable with"
      + " these credentials, the binary log is on with `binlog_format=ROW` and `binlog_row_image=FULL`, the"
      + " user has REPLICATION SLAVE, REPLICATION CLIENT (MariaDB: BINLOG MONITOR), SELECT on the captured"
      + " tables and RELOAD or LOCK TABLES for a locking snapshot, `database.server.id` differs from the"
      + " server's own, and captured tables have a primary key. When false, validation does not connect to"
      + " the server at all (to check configs where it is unreachable, e.g. in CI).";

  public static final String PREFLIGHT_PRIMARY_KEY = CdcOptions.PREFIX + "preflight.primary.key";
  private static final String PREFLIGHT_PRIMARY_KEY_DOC = "What the preflight does about captured tables"
      + " without a primary key (their records have no key, so downstream upserts and deletes cannot find"
      + " the row). `warn`: list them in `streamfirst.preflight.warnings` of the validation result and in the"
      + " log; `fail`: report them as an error on `table.include.list`, so the connector cannot be created;"
      + " `ignore`: do not check.";

  public static final String PREFLIGHT_WARNINGS = PreflightOptions.WARNINGS;

  /** Streamfirst's own options only (what the README's config reference lists). */
  public static final ConfigDef CONFIG_DEF = define(new ConfigDef());

  // Debezium options that get a Streamfirst default when unset.
  static final String TOPIC_PREFIX = "topic.prefix";
  static final String SERVER_ID = "database.server.id";
  static final String SCHEMA_HISTORY_TOPIC = "schema.history.internal.kafka.topic";
  static final String HEARTBEAT_INTERVAL_MS = "heartbeat.interval.ms";
  static final String SNAPSHOT_MODE = "snapshot.mode";
  static final String CONVERTERS = "converters";
  static final String KEEP_ALIVE_INTERVAL_MS = "connect.keep.alive.interval.ms";

  static final String DEFAULT_HEARTBEAT_INTERVAL_MS = "10000";
  /** How often the binlog client checks its connection (Debezium: 60 s); a dropped one is restored this soon. */
  static final String DEFAULT_KEEP_ALIVE_INTERVAL_MS = "10000";
  /** Name of the converter that maps {@code TINYINT(1)} (MySQL's BOOLEAN) to a boolean in the flat format. */
  static final String BOOLEAN_CONVERTER = "sfboolean";
  static final String BOOLEAN_CONVERTER_CLASS = "io.debezium.connector.binlog.converters.TinyIntOneToBooleanConverter";
  /** Derived server ids lie in [MIN, MIN + RANGE): far above the small ids servers are usually given. */
  static final long SERVER_ID_MIN = 100_000_000L;
  static final long SERVER_ID_RANGE = 2_000_000_000L;

  private MySqlCdcConfig() {}

  /** Adds the common CDC options and the MySQL/MariaDB options to {@code def}. */
  public static ConfigDef define(ConfigDef def) {
    CdcOptions.define(def);
    int order = 0;
    def.define(SERVER_FLAVOR, Type.STRING, ServerFlavor.AUTO.configName(),
        ConfigDef.CaseInsensitiveValidString.in(ServerFlavor.configNames()), Importance.MEDIUM, SERVER_FLAVOR_DOC,
        GROUP_SERVER, ++order, Width.SHORT, "Server flavour");
    return PreflightOptions.define(def, PREFLIGHT_ENABLED_DOC, PREFLIGHT_PRIMARY_KEY, PREFLIGHT_PRIMARY_KEY_DOC,
        "Tables without primary key");
  }

  /** The configured flavour; {@link ServerFlavor#AUTO} when unset or not a known name. */
  static ServerFlavor flavor(Map<String, String> props) {
    try {
      return ServerFlavor.parse(props.getOrDefault(SERVER_FLAVOR, "auto"));
    } catch (IllegalArgumentException e) {
      return ServerFlavor.AUTO;
    }
  }

  /**
   * The configuration handed to Debezium: {@code props} unchanged plus a Streamfirst default for every
   * listed Debezium option that {@code props} does not set. Names derived from the connector name
   * ({@code name}) are only derived when it is present.
   */
  public static Map<String, String> withDefaults(Map<String, String> props) {
    Map<String, String> out = new LinkedHashMap<>(props);
    out.putIfAbsent(SNAPSHOT_MODE, "initial");
    out.putIfAbsent(HEARTBEAT_INTERVAL_MS, DEFAULT_HEARTBEAT_INTERVAL_MS);
    out.putIfAbsent(KEEP_ALIVE_INTERVAL_MS, DEFAULT_KEEP_ALIVE_INTERVAL_MS);
    CdcOptions.applySharedDefaults(out);
    String name = props.get("name");
    if (name != null && !name.isBlank()) {
      out.putIfAbsent(TOPIC_PREFIX, topicPrefixFor(name));
      out.putIfAbsent(SERVER_ID, Long.toString(serverIdFor(name)));
    }
    String prefix = out.get(TOPIC_PREFIX);
    if (prefix != null && !prefix.isBlank()) {
      out.putIfAbsent(SCHEMA_HISTORY_TOPIC, "__streamfirst-schema-history." + prefix);
    }
    if (isFlat(props) && !props.containsKey(CONVERTERS)) {
      // MySQL's BOOLEAN is TINYINT(1); as a boolean, flat rows have the same shape as PostgreSQL's.
      out.put(CONVERTERS, BOOLEAN_CONVERTER);
      out.put(BOOLEAN_CONVERTER + ".type", BOOLEAN_CONVERTER_CLASS);
    }
    return out;
  }

  private static boolean isFlat(Map<String, String> props) {
    String format = props.get(CdcOptions.OUTPUT_FORMAT);
    return format != null && format.trim().equalsIgnoreCase(OutputFormat.FLAT.configName());
  }

  /** The topic prefix for a connector name: the name, with characters Kafka forbids replaced by {@code _}. */
  static String topicPrefixFor(String connectorName) {
    return connectorName.replaceAll("[^a-zA-Z0-9._-]", "_");
  }

  /**
   * The binlog client's server id for a connector name: stable across restarts, different for different
   * names (up to hash collisions in a range of two billion), and far above the small ids that servers
   * are usually given. The preflight still checks it against the server's own id.
   */
  static long serverIdFor(String connectorName) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(connectorName.getBytes(StandardCharsets.UTF_8));
      long hash = ByteBuffer.wrap(digest).getLong() & Long.MAX_VALUE;
      return SERVER_ID_MIN + hash % SERVER_ID_RANGE;
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java platform", e);
    }
  }
}
