// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.snowflake;

import java.net.URI;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.NonEmptyString;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.connect.sink.SinkConnector;

/** The configuration of {@link SnowflakeSinkConnector}; code reads it only through the typed getters. */
public final class SnowflakeSinkConfig extends AbstractConfig {

  static final String GROUP_CONNECTION = "Snowflake connection";
  static final String GROUP_TABLES = "Tables";
  static final String GROUP_WRITE = "Writing";
  static final String GROUP_CDC = "Change data capture";

  /** How records become rows. */
  public enum IngestMode {
    /** Every record is appended as a row. */
    APPEND,
    /** Records are changes to rows, applied to the table by key through a change table and MERGE. */
    CDC
  }

  /** What orders the changes of one key in CDC mode. */
  public enum VersionSource {
    KAFKA_OFFSET, SOURCE_POSITION
  }

  public static final String ACCOUNT_URL = "snowflake.account.url";
  public static final String USER = "snowflake.user";
  public static final String ROLE = "snowflake.role";
  public static final String PRIVATE_KEY = "snowflake.private.key";
  public static final String PRIVATE_KEY_PASSPHRASE = "snowflake.private.key.passphrase";
  public static final String DATABASE = "snowflake.database";
  public static final String SCHEMA = "snowflake.schema";
  public static final String WAREHOUSE = "snowflake.warehouse";
  public static final String IDENTIFIER_CASE = "snowflake.identifier.case";

  public static final String TABLE_NAME_FORMAT = "table.name.format";
  public static final String TABLE_TOPIC_MAP = "table.topic.map";
  public static final String TABLE_AUTO_CREATE = "table.auto.create.enabled";
  public static final String TABLE_AUTO_EVOLVE = "table.auto.evolve.enabled";

  public static final String COMMIT_CHECK_INTERVAL_MS = "snowflake.commit.check.interval.ms";
  public static final String CHANNEL_STALL_TIMEOUT_MS = "snowflake.channel.stall.timeout.ms";

  public static final String INGEST_MODE = "snowflake.ingest.mode";
  public static final String KEY_COLUMNS = "cdc.key.columns";
  public static final String VERSION_SOURCE = "cdc.version.source";
  public static final String MERGE_INTERVAL_MS = "snowflake.merge.interval.ms";
  public static final String DELETED_RETENTION_MS = "cdc.deleted.retention.ms";
  /** Test-only: the class that builds the Snowflake service (tests name an in-process fake). */
  public static final String SERVICE_FACTORY_CLASS = "snowflake.service.factory.class";
  static final String SDK_FACTORY = "io.streamfirst.connect.snowflake.ingest.SdkIngestService$Factory";

  public static final String TOPIC_PLACEHOLDER = "${topic}";

  public static final ConfigDef CONFIG_DEF = define();

  private final java.security.PrivateKey privateKey;

  public SnowflakeSinkConfig(Map<String, String> props) {
    super(CONFIG_DEF, props);
    checkUrl();
    topicMap();
    checkOneTopicPerTableForOffsetVersions();
    String key = getPassword(PRIVATE_KEY).value();
    String passphrase = getPassword(PRIVATE_KEY_PASSPHRASE).value();
    // A config-provider reference (${provider:path:key}) is resolved by the worker before a task starts, but
    // `config/validate` may see it unresolved: it cannot be checked then, and is parsed once resolved.
    this.privateKey = isProviderReference(key) || isProviderReference(passphrase)
        ? null
        : PrivateKeys.parse(key, passphrase);
  }

  /**
   * Kafka offsets order the changes of one topic-partition only: in CDC mode with {@code kafka.offset}
   * versions, two topics of {@code topics} feeding one table would have their changes compared by unrelated
   * offsets, so that is refused ({@code topics.regex} cannot be checked here).
   */
  private void checkOneTopicPerTableForOffsetVersions() {
    Object topics = originals().get(SinkConnector.TOPICS_CONFIG);
    if (!cdc() || versionSource() != VersionSource.KAFKA_OFFSET || !(topics instanceof String list)) {
      return;
    }
    Map<String, String> topicOf = new HashMap<>();
    for (String entry : list.split(",")) {
      String topic = entry.trim();
      if (topic.isEmpty()) {
        continue;
      }
      String table = tableFor(topic);
      String other = topicOf.putIfAbsent(table, topic);
      if (other != null && !other.equals(topic)) {
        throw new ConfigException(VERSION_SOURCE, getString(VERSION_SOURCE), "topics " + other + " and " + topic
            + " both feed table " + table + ", and Kafka offsets order the changes of one topic-partition only; use "
            + VERSION_SOURCE + "=source.position, or give each topic its own table (" + TABLE_TOPIC_MAP + ")");
      }
    }
  }

  private static boolean isProviderReference(String value) {
    return value != null && value.matches("\\$\\{[^}:]+:[^}]*}");
  }

  private static ConfigDef define() {
    ConfigDef def = new ConfigDef();
    int order = 0;
    def.define(ACCOUNT_URL, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, new NonEmptyString(), Importance.HIGH,
        "URL of the Snowflake account, e.g. `https://myorg-myaccount.snowflakecomputing.com`; the account"
            + " identifier is its first host label.",
        GROUP_CONNECTION, ++order, Width.LONG, "Account URL")
        .define(USER, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, new NonEmptyString(), Importance.HIGH,
            "Snowflake user that owns the key pair.", GROUP_CONNECTION, ++order, Width.MEDIUM, "User")
        .define(ROLE, Type.STRING, "", Importance.MEDIUM,
            "Role to use; empty: the user's default role. It needs USAGE on the database and schema, CREATE TABLE"
                + " on the schema (auto-create) and OWNERSHIP or INSERT/EVOLVE SCHEMA on the tables.",
            GROUP_CONNECTION, ++order, Width.MEDIUM, "Role")
        .define(PRIVATE_KEY, Type.PASSWORD, ConfigDef.NO_DEFAULT_VALUE, Importance.HIGH,
            "The user's RSA private key in PKCS#8 PEM (`-----BEGIN PRIVATE KEY-----` or `-----BEGIN ENCRYPTED"
                + " PRIVATE KEY-----`), with or without the header lines and line breaks; or a reference to a file"
                + " through a config provider. Never logged and never part of an error message.",
            GROUP_CONNECTION, ++order, Width.LONG, "Private key")
        .define(PRIVATE_KEY_PASSPHRASE, Type.PASSWORD, "", Importance.HIGH,
            "Passphrase of an encrypted private key; empty for an unencrypted key.", GROUP_CONNECTION, ++order,
            Width.MEDIUM, "Private key passphrase")
        .define(DATABASE, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, new NonEmptyString(), Importance.HIGH,
            "Database of the target tables; it must exist.", GROUP_CONNECTION, ++order, Width.MEDIUM, "Database")
        .define(SCHEMA, Type.STRING, "PUBLIC", new NonEmptyString(), Importance.HIGH,
            "Schema of the target tables; it must exist.", GROUP_CONNECTION, ++order, Width.MEDIUM, "Schema")
        .define(WAREHOUSE, Type.STRING, "", Importance.MEDIUM,
            "Warehouse for the sink's SQL (creating and altering tables); empty: the user's default warehouse."
                + " Appending rows through Snowpipe Streaming needs no warehouse.",
            GROUP_CONNECTION, ++order, Width.MEDIUM, "Warehouse");
    order = 0;
    def.define(TABLE_NAME_FORMAT, Type.STRING, TOPIC_PLACEHOLDER, new NonEmptyString(), Importance.MEDIUM,
        "Target table name for a topic; " + TOPIC_PLACEHOLDER + " is replaced by the topic name. Names are always"
            + " quoted (dots, dashes, quotes and reserved words are kept, never rewritten); see "
            + IDENTIFIER_CASE + " for their case.",
        GROUP_TABLES, ++order, Width.MEDIUM, "Table name format")
        .define(TABLE_TOPIC_MAP, Type.LIST, "", Importance.MEDIUM,
            "Static routing, as a list of topic:table pairs (e.g. `orders:ORDERS_V2,shop.customers:CUSTOMERS`);"
                + " topics listed here ignore " + TABLE_NAME_FORMAT + ".",
            GROUP_TABLES, ++order, Width.LONG, "Topic to table map")
        .define(IDENTIFIER_CASE, Type.STRING, "upper", ConfigDef.CaseInsensitiveValidString.in("upper", "as.is"),
            Importance.MEDIUM,
            "Case of table and column names: `upper` stores them upper-cased (so unquoted SQL such as"
                + " `select * from orders` finds table `orders`), `as.is` keeps them exactly as the topic or"
                + " field is spelled (quote them in SQL then).",
            GROUP_TABLES, ++order, Width.SHORT, "Identifier case")
        .define(TABLE_AUTO_CREATE, Type.BOOLEAN, true, Importance.MEDIUM,
            "Create a missing target table from the first record's schema, one column per field. When false,"
                + " records for a missing table fail the task with a message naming it.",
            GROUP_TABLES, ++order, Width.SHORT, "Auto-create tables")
        .define(TABLE_AUTO_EVOLVE, Type.BOOLEAN, true, Importance.MEDIUM,
            "Add a column for a record field the table lacks, widen a number column when its field widened and"
                + " drop NOT NULL when its field became optional. When false, such records go to the dead-letter"
                + " queue (errors.* settings).",
            GROUP_TABLES, ++order, Width.SHORT, "Evolve tables");
    order = 0;
    def.define(COMMIT_CHECK_INTERVAL_MS, Type.LONG, 1_000L, Range.between(10L, 600_000L), Importance.LOW,
        "How often the task asks Snowflake for the channels' committed offset tokens while rows are in flight;"
            + " Kafka offsets are committed only up to those tokens.",
        GROUP_WRITE, ++order, Width.SHORT, "Commit check interval")
        .define(CHANNEL_STALL_TIMEOUT_MS, Type.LONG, 120_000L, Range.between(1_000L, 86_400_000L), Importance.MEDIUM,
            "A channel whose committed offset token has not moved for this long while it holds appended rows is"
                + " reopened, and its rows are sent again from the committed token (no row is lost or doubled).",
            GROUP_WRITE, ++order, Width.SHORT, "Channel stall timeout")
        .define(SERVICE_FACTORY_CLASS, Type.STRING, SDK_FACTORY, new NonEmptyString(), Importance.LOW,
            "For tests only: the class that connects to Snowflake. Leave the default in production.",
            GROUP_WRITE, ++order, Width.LONG, "Service factory (tests only)");
    io.streamfirst.connect.sink.FreshnessConfig.define(def);
    order = 0;
    def.define(INGEST_MODE, Type.STRING, "append", ConfigDef.CaseInsensitiveValidString.in("append", "cdc"),
        Importance.HIGH,
        "`append`: every record becomes a row of the table (deletes and tombstones are skipped). `cdc`: records"
            + " are changes (Debezium envelopes, flattened change records, tombstones, or plain records as upserts)"
            + " streamed into the change table `<table>__CHANGES` and applied to the table by key with MERGE, so the"
            + " table holds the current state of each key; see the README.",
        GROUP_CDC, ++order, Width.SHORT, "Ingest mode")
        .define(KEY_COLUMNS, Type.LIST, "", Importance.MEDIUM,
            "CDC mode: the fields that identify a row, spelled as in the records (e.g."
                + " `id` or `tenant,id`); empty: the fields of the record key (a primitive key becomes column KEY).",
            GROUP_CDC, ++order, Width.MEDIUM, "Key columns")
        .define(VERSION_SOURCE, Type.STRING, "kafka.offset",
            ConfigDef.CaseInsensitiveValidString.in("kafka.offset", "source.position"), Importance.MEDIUM,
            "CDC mode: what orders the changes of one key. `kafka.offset`: the record's offset, comparable only"
                + " within one topic-partition (every change of a key must come through the same partition of the"
                + " same topic; two topics of `topics` feeding one table are refused). `source.position`: the sf.source.pos lineage header of the Streamfirst CDC sources"
                + " (PostgreSQL LSN, MySQL/MariaDB binlog position, or a number), the Kafka offset breaking ties;"
                + " records without it go to the dead-letter queue (a tombstone without it is skipped).",
            GROUP_CDC, ++order, Width.MEDIUM, "Version source")
        .define(MERGE_INTERVAL_MS, Type.LONG, 60_000L, Range.between(100L, 86_400_000L), Importance.MEDIUM,
            "CDC mode: how often the task applies the change rows Snowflake has committed to the table with a MERGE"
                + " (also at every offset commit). Each MERGE runs on the warehouse: a shorter interval gives"
                + " fresher tables and more warehouse time.",
            GROUP_CDC, ++order, Width.SHORT, "MERGE interval")
        .define(DELETED_RETENTION_MS, Type.LONG, 604_800_000L, Range.atLeast(-1L), Importance.LOW,
            "CDC mode: how long the version of a deleted key is kept in `<table>__DELETED` after the MERGE that"
                + " deleted it (7 days by default). While it is kept, a change older than the delete (a source"
                + " replaying old changes) does not bring the row back; after that it would. -1: kept for ever.",
            GROUP_CDC, ++order, Width.SHORT, "Deleted keys retention");
    return def;
  }

  private void checkUrl() {
    String url = getString(ACCOUNT_URL);
    URI uri;
    try {
      uri = URI.create(url);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(ACCOUNT_URL, url, "not a URL; expected https://<account>.snowflakecomputing.com");
    }
    if (!"https".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
      throw new ConfigException(ACCOUNT_URL, url,
          "expected an https URL such as https://<account>.snowflakecomputing.com");
    }
  }

  public String accountUrl() {
    return getString(ACCOUNT_URL);
  }

  /** The account identifier: the first label of the URL's host. */
  public String account() {
    String host = URI.create(accountUrl()).getHost();
    int dot = host.indexOf('.');
    return dot < 0 ? host : host.substring(0, dot);
  }

  public String user() {
    return getString(USER);
  }

  public String role() {
    return getString(ROLE);
  }

  public java.security.PrivateKey privateKey() {
    if (privateKey == null) {
      throw new ConfigException(PRIVATE_KEY + " (or its passphrase) is a config-provider reference that the worker"
          + " did not resolve: name the provider in the worker's config.providers, e.g."
          + " config.providers=file with config.providers.file.class="
          + "org.apache.kafka.common.config.provider.FileConfigProvider");
    }
    return privateKey;
  }

  /** The private key, decrypted, as unencrypted PKCS#8 PEM (what the ingest SDK takes). */
  public String privateKeyPem() {
    return PrivateKeys.pem(privateKey());
  }

  public String database() {
    return getString(DATABASE);
  }

  public String schema() {
    return getString(SCHEMA);
  }

  public String warehouse() {
    return getString(WAREHOUSE);
  }

  public boolean upperCaseIdentifiers() {
    return "upper".equalsIgnoreCase(getString(IDENTIFIER_CASE));
  }

  public boolean autoCreate() {
    return getBoolean(TABLE_AUTO_CREATE);
  }

  public boolean autoEvolve() {
    return getBoolean(TABLE_AUTO_EVOLVE);
  }

  public long commitCheckIntervalMs() {
    return getLong(COMMIT_CHECK_INTERVAL_MS);
  }

  public long channelStallTimeoutMs() {
    return getLong(CHANNEL_STALL_TIMEOUT_MS);
  }

  public IngestMode ingestMode() {
    return IngestMode.valueOf(getString(INGEST_MODE).toUpperCase(Locale.ROOT));
  }

  public boolean cdc() {
    return ingestMode() == IngestMode.CDC;
  }

  /** The configured key fields as given (not case-converted); empty: the record key's fields. */
  public List<String> keyColumns() {
    return getList(KEY_COLUMNS).stream().map(String::trim).filter(k -> !k.isEmpty()).toList();
  }

  public VersionSource versionSource() {
    return VersionSource.valueOf(getString(VERSION_SOURCE).toUpperCase(Locale.ROOT).replace('.', '_'));
  }

  public long mergeIntervalMs() {
    return getLong(MERGE_INTERVAL_MS);
  }

  public long deletedRetentionMs() {
    return getLong(DELETED_RETENTION_MS);
  }

  public String serviceFactoryClass() {
    return getString(SERVICE_FACTORY_CLASS);
  }

  /** The table for {@code topic}: the topic map, else the name format; in the configured case. */
  public String tableFor(String topic) {
    String table = topicMap().getOrDefault(topic, getString(TABLE_NAME_FORMAT).replace(TOPIC_PLACEHOLDER, topic));
    return identifier(table);
  }

  /** {@code name} in the configured identifier case. */
  public String identifier(String name) {
    return upperCaseIdentifiers() ? name.toUpperCase(Locale.ROOT) : name;
  }

  /** {@value #TABLE_TOPIC_MAP} parsed; fails naming the key on an entry without topic or table. */
  Map<String, String> topicMap() {
    Map<String, String> map = new LinkedHashMap<>();
    List<String> entries = getList(TABLE_TOPIC_MAP);
    for (String entry : entries) {
      int colon = entry.lastIndexOf(':');
      if (colon <= 0 || colon == entry.length() - 1) {
        throw new ConfigException(TABLE_TOPIC_MAP, entries, "entry '" + entry + "' is not topic:table");
      }
      if (map.put(entry.substring(0, colon).trim(), entry.substring(colon + 1).trim()) != null) {
        throw new ConfigException(TABLE_TOPIC_MAP, entries,
            "topic '" + entry.substring(0, colon) + "' is listed twice");
      }
    }
    return map;
  }
}
