// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.cdc.postgres;

import io.streamfirst.connect.cdc.common.CdcOptions;
import io.streamfirst.connect.cdc.common.PreflightOptions;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;

/**
 * The Streamfirst options of {@link PostgresCdcSourceConnector} and the defaults it gives the
 * underlying Debezium options when the configuration does not set them. Every other option is
 * Debezium's and passes through unchanged.
 */
public final class PostgresCdcConfig {

  public static final String PREFLIGHT_ENABLED = PreflightOptions.ENABLED;
  private static final String PREFLIGHT_ENABLED_DOC = "Run the preflight checks when the configuration is"
      + " validated (REST `config/validate`, and before a connector is created): the database is reachable"
      + " with these credentials, `wal_level=logical`, the user has the REPLICATION attribute, the"
      + " publication exists or can be created, the replication slot (if present) uses the same plugin and"
      + " database, and the captured tables have a full before-image. When false, validation does not"
      + " connect to the database at all (to check configs where it is unreachable, e.g. in CI); a task that"
      + " cannot reach the database retries and fails after `streamfirst.database.unavailable.max.ms`.";

  public static final String PREFLIGHT_REPLICA_IDENTITY = CdcOptions.PREFIX + "preflight.replica.identity";
  private static final String PREFLIGHT_REPLICA_IDENTITY_DOC = "What the preflight does about captured"
      + " tables whose updates and deletes lack a full before-image (no primary key and no replica"
      + " identity, or `REPLICA IDENTITY DEFAULT`/`NOTHING`). `warn`: list them in `"
      + "streamfirst.preflight.warnings` of the validation result and in the log; `fail`: report them as an"
      + " error on `table.include.list`, so the connector cannot be created; `ignore`: do not check.";

  public static final String PREFLIGHT_WARNINGS = PreflightOptions.WARNINGS;

  /** Streamfirst's own options only (what the README's config reference lists). */
  public static final ConfigDef CONFIG_DEF = define(new ConfigDef());

  // Debezium options that get a Streamfirst default when unset.
  static final String PLUGIN_NAME = "plugin.name";
  static final String PUBLICATION_AUTOCREATE_MODE = "publication.autocreate.mode";
  static final String PUBLICATION_NAME = "publication.name";
  static final String SLOT_NAME = "slot.name";
  static final String TOPIC_PREFIX = "topic.prefix";
  static final String HEARTBEAT_INTERVAL_MS = "heartbeat.interval.ms";
  static final String HEARTBEAT_ACTION_QUERY = "heartbeat.action.query";
  static final String MESSAGE_PREFIX_INCLUDE_LIST = "message.prefix.include.list";
  static final String MESSAGE_PREFIX_EXCLUDE_LIST = "message.prefix.exclude.list";
  static final String SNAPSHOT_MODE = "snapshot.mode";
  static final String READ_ONLY = "read.only";

  /** Prefix of the logical decoding messages the default heartbeat action writes. */
  static final String HEARTBEAT_MESSAGE_PREFIX = "streamfirst.heartbeat";
  static final String DEFAULT_HEARTBEAT_ACTION_QUERY = "SELECT pg_logical_emit_message(false, '"
      + HEARTBEAT_MESSAGE_PREFIX + "', '')";
  static final String DEFAULT_HEARTBEAT_INTERVAL_MS = "10000";

  /** PostgreSQL identifiers (slot names) are at most 63 bytes. */
  private static final int MAX_IDENTIFIER_LENGTH = 63;

  private PostgresCdcConfig() {}

  /** Adds the common CDC options and the PostgreSQL preflight options to {@code def}. */
  public static ConfigDef define(ConfigDef def) {
    CdcOptions.define(def);
    return PreflightOptions.define(def, PREFLIGHT_ENABLED_DOC, PREFLIGHT_REPLICA_IDENTITY,
        PREFLIGHT_REPLICA_IDENTITY_DOC, "Tables without full before-image");
  }

  /**
   * The configuration handed to Debezium: {@code props} unchanged plus a Streamfirst default for
   * every listed Debezium option that {@code props} does not set. Names derived from the connector
   * name ({@code name}) are only derived when it is present.
   */
  public static Map<String, String> withDefaults(Map<String, String> props) {
    Map<String, String> out = new LinkedHashMap<>(props);
    out.putIfAbsent(PLUGIN_NAME, "pgoutput");
    out.putIfAbsent(PUBLICATION_AUTOCREATE_MODE, "filtered");
    out.putIfAbsent(SNAPSHOT_MODE, "initial");
    out.putIfAbsent(HEARTBEAT_INTERVAL_MS, DEFAULT_HEARTBEAT_INTERVAL_MS);
    CdcOptions.applySharedDefaults(out);
    String name = props.get("name");
    if (name != null && !name.isBlank()) {
      out.putIfAbsent(TOPIC_PREFIX, topicPrefixFor(name));
      out.putIfAbsent(SLOT_NAME, identifierFor(name));
      out.putIfAbsent(PUBLICATION_NAME, identifierFor(name));
    }
    boolean readOnly = Boolean.parseBoolean(props.getOrDefault(READ_ONLY, "false"));
    if (!props.containsKey(HEARTBEAT_ACTION_QUERY) && !readOnly && !"0".equals(out.get(HEARTBEAT_INTERVAL_MS))) {
      out.put(HEARTBEAT_ACTION_QUERY, DEFAULT_HEARTBEAT_ACTION_QUERY);
      excludeHeartbeatMessages(out);
    }
    return out;
  }

  /** Keeps the heartbeat's logical decoding messages out of the {@code <prefix>.message} topic. */
  private static void excludeHeartbeatMessages(Map<String, String> out) {
    String pattern = HEARTBEAT_MESSAGE_PREFIX.replace(".", "\\.");
    String include = out.get(MESSAGE_PREFIX_INCLUDE_LIST);
    if (include != null && !include.isBlank()) {
      return; // an include list already leaves our prefix out unless the user named it
    }
    String exclude = out.get(MESSAGE_PREFIX_EXCLUDE_LIST);
    out.put(MESSAGE_PREFIX_EXCLUDE_LIST, exclude == null || exclude.isBlank() ? pattern : exclude + "," + pattern);
  }

  /** The topic prefix for a connector name: the name, with characters Kafka forbids replaced by {@code _}. */
  static String topicPrefixFor(String connectorName) {
    return connectorName.replaceAll("[^a-zA-Z0-9._-]", "_");
  }

  /**
   * The slot and publication name for a connector name: {@code sf_} plus the name in lower case with
   * every other character than {@code [a-z0-9_]} replaced by {@code _}; names longer than PostgreSQL's
   * 63-byte limit are cut and end with a hash of the full name, so they stay unique.
   */
  static String identifierFor(String connectorName) {
    String cleaned = "sf_" + connectorName.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
    if (cleaned.length() <= MAX_IDENTIFIER_LENGTH) {
      return cleaned;
    }
    String hash = sha256Hex(connectorName).substring(0, 8);
    return cleaned.substring(0, MAX_IDENTIFIER_LENGTH - hash.length() - 1) + "_" + hash;
  }

  private static String sha256Hex(String text) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java platform", e);
    }
  }
}
