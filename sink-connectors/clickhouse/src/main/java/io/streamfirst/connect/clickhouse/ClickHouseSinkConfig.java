// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.clickhouse;

import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.NonEmptyString;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;

/** The configuration of {@link ClickHouseSinkConnector}; code reads it only through the typed getters. */
public final class ClickHouseSinkConfig extends AbstractConfig {

  static final String GROUP_CONNECTION = "ClickHouse connection";
  static final String GROUP_TABLES = "Tables";
  static final String GROUP_WRITE = "Writing";

  public static final String HOST = "clickhouse.host";
  public static final String PORT = "clickhouse.port";
  public static final String DATABASE = "clickhouse.database";
  public static final String USER = "clickhouse.user";
  public static final String PASSWORD = "clickhouse.password";
  public static final String SSL_ENABLED = "clickhouse.ssl.enabled";
  public static final String SSL_TRUSTSTORE_LOCATION = "clickhouse.ssl.truststore.location";
  public static final String SSL_TRUSTSTORE_PASSWORD = "clickhouse.ssl.truststore.password";
  public static final String SSL_TRUSTSTORE_TYPE = "clickhouse.ssl.truststore.type";
  public static final String TIMEOUT_MS = "clickhouse.timeout.ms";
  public static final String UNAVAILABLE_MAX_MS = "clickhouse.unavailable.max.ms";
  public static final String VALIDATE_CONNECTION = "clickhouse.validate.connection.enabled";
  /** Prefix of ClickHouse settings sent with every insert: {@code clickhouse.settings.async_insert=0}. */
  public static final String SETTINGS_PREFIX = "clickhouse.settings.";

  public static final String TABLE_NAME_FORMAT = "table.name.format";
  public static final String TABLE_TOPIC_MAP = "table.topic.map";
  public static final String TABLE_ROUTE_FIELD = "table.route.field";
  public static final String TABLE_ROUTE_ALLOWED_REGEX = "table.route.allowed.regex";
  public static final String TABLE_AUTO_CREATE = "table.auto.create.enabled";
  public static final String TABLE_AUTO_EVOLVE = "table.auto.evolve.enabled";

  public static final String WRITE_MODE = "write.mode";
  public static final String KEY_COLUMNS = "cdc.key.columns";
  public static final String VERSION_SOURCE = "cdc.version.source";
  public static final String BATCH_MAX_RECORDS = "batch.max.records";
  public static final String BATCH_MAX_BYTES = "batch.max.bytes";
  public static final String BATCH_MAX_WAIT_MS = "batch.max.wait.ms";
  public static final String BUFFER_MAX_BYTES = "buffer.max.bytes";
  public static final String INSERT_PARALLELISM = "insert.parallelism";
  public static final String INSERT_MAX_RETRIES = "insert.max.retries";
  public static final String INSERT_RETRY_BACKOFF_MS = "insert.retry.backoff.ms";

  /** The placeholder {@link #TABLE_NAME_FORMAT} replaces with the topic name. */
  public static final String TOPIC_PLACEHOLDER = "${topic}";

  /**
   * Largest batch: below ClickHouse's {@code max_insert_block_size} (1,048,576), so one insert is
   * one block and lands atomically.
   */
  public static final int MAX_BATCH_RECORDS = 1_000_000;

  /** Where the CDC version column comes from. */
  public enum VersionSource {
    /** The record's Kafka offset: changes to one key are ordered by offset within their partition. */
    KAFKA_OFFSET,
    /** The {@code sf.source.pos} header (PostgreSQL LSN, MySQL binlog file:pos:event:row or file:pos, or a number). */
    SOURCE_POSITION;

    String configName() {
      return name().toLowerCase(Locale.ROOT).replace('_', '.');
    }
  }

  public static final ConfigDef CONFIG_DEF = define();

  public ClickHouseSinkConfig(Map<String, String> props) {
    super(CONFIG_DEF, props);
    check();
  }

  private static ConfigDef define() {
    ConfigDef def = new ConfigDef();
    int order = 0;
    def.define(HOST, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, new NonEmptyString(), Importance.HIGH,
        "Host name or IP address of the ClickHouse server (HTTP interface).", GROUP_CONNECTION, ++order,
        Width.MEDIUM, "Host")
        .define(PORT, Type.INT, 8123, Range.between(1, 65535), Importance.HIGH,
            "HTTP(S) port of the ClickHouse server: 8123 for HTTP, 8443 for HTTPS by default.", GROUP_CONNECTION,
            ++order, Width.SHORT, "Port")
        .define(DATABASE, Type.STRING, "default", new NonEmptyString(), Importance.HIGH,
            "Database that holds the target tables. It must exist; the sink never creates databases.",
            GROUP_CONNECTION, ++order, Width.MEDIUM, "Database")
        .define(USER, Type.STRING, "default", Importance.HIGH, "ClickHouse user.", GROUP_CONNECTION, ++order,
            Width.MEDIUM, "User")
        .define(PASSWORD, Type.PASSWORD, "", Importance.HIGH,
            "Password of the ClickHouse user. Never logged and never part of an error message.", GROUP_CONNECTION,
            ++order, Width.MEDIUM, "Password")
        .define(SSL_ENABLED, Type.BOOLEAN, false, Importance.MEDIUM,
            "Connect over HTTPS. The server certificate is checked against the trust store below, or the JVM's"
                + " default trust store when none is set.",
            GROUP_CONNECTION, ++order, Width.SHORT, "TLS")
        .define(SSL_TRUSTSTORE_LOCATION, Type.STRING, "", Importance.LOW,
            "Trust store file with the CA certificate(s) of the server, for servers whose certificate the JVM"
                + " does not trust. Empty: the JVM's default trust store.",
            GROUP_CONNECTION, ++order, Width.LONG,
            "Trust store")
        .define(SSL_TRUSTSTORE_PASSWORD, Type.PASSWORD, "", Importance.LOW, "Password of the trust store.",
            GROUP_CONNECTION, ++order, Width.MEDIUM, "Trust store password")
        .define(SSL_TRUSTSTORE_TYPE, Type.STRING, "PKCS12", ConfigDef.CaseInsensitiveValidString.in("PKCS12", "JKS"),
            Importance.LOW, "Format of the trust store file.", GROUP_CONNECTION, ++order, Width.SHORT,
            "Trust store type")
        .define(TIMEOUT_MS, Type.LONG, 60_000L, Range.between(1_000L, 3_600_000L), Importance.LOW,
            "How long one request (insert, DDL, query) may take before it counts as failed and is retried.",
            GROUP_CONNECTION, ++order, Width.SHORT, "Request timeout")
        .define(UNAVAILABLE_MAX_MS, Type.LONG, 300_000L, Range.between(0L, 86_400_000L), Importance.MEDIUM,
            "How long ClickHouse may be unreachable or fail with transient errors (connection refused, time-outs,"
                + " overload) before the task fails: at start, while writing and while checking whether a failed insert"
                + " landed. Meanwhile the task keeps its buffered rows, commits no offsets and retries with backoff, and"
                + " Connect keeps its partitions (puts return within the consumer's poll interval). The failure"
                + " message names the server, how long it was unavailable and the last error. 0: fail at the first"
                + " transient error that the retries do not cure.",
            GROUP_CONNECTION, ++order, Width.SHORT,
            "Unavailability limit")
        .define(VALIDATE_CONNECTION, Type.BOOLEAN, true, Importance.LOW,
            "Connect when the configuration is validated (REST `config/validate`, and before a connector is"
                + " created): the server answers, accepts the user and password, and has the database; failures are"
                + " reported on the field concerned. False: validation does not connect (to check configs where"
                + " ClickHouse is unreachable, e.g. in CI); tasks then wait for the server up to "
                + UNAVAILABLE_MAX_MS + ".",
            GROUP_CONNECTION, ++order, Width.SHORT, "Check connection on validate");
    order = 0;
    def.define(TABLE_NAME_FORMAT, Type.STRING, TOPIC_PLACEHOLDER, new NonEmptyString(), Importance.MEDIUM,
        "Target table name for a topic; " + TOPIC_PLACEHOLDER + " is replaced by the topic name, used as is"
            + " (dots, dashes and any other character are quoted, never rewritten).",
        GROUP_TABLES, ++order,
        Width.MEDIUM, "Table name format")
        .define(TABLE_TOPIC_MAP, Type.LIST, "", Importance.MEDIUM,
            "Static routing, as a list of topic:table pairs (e.g. `orders:orders_v2,shop.customers:customers`);"
                + " topics listed here ignore " + TABLE_NAME_FORMAT + ".",
            GROUP_TABLES, ++order, Width.LONG,
            "Topic to table map")
        .define(TABLE_ROUTE_FIELD, Type.STRING, "", Importance.MEDIUM,
            "Route each record to the table named by this top-level field of its value (a string field). Records"
                + " without the field, or with an empty value, go to the DLQ. Empty: route by topic.",
            GROUP_TABLES,
            ++order, Width.MEDIUM, "Route field")
        .define(TABLE_ROUTE_ALLOWED_REGEX, Type.STRING, "", new RegexValidator(), Importance.MEDIUM,
            "The tables records may be routed to: a Java regular expression matched against the whole name"
                + " `database.table` (e.g. `analytics\\.(orders|customers)_[a-z]+`). A record routed to any other"
                + " table goes to the DLQ (errors.* settings) with a reason naming its topic-partition@offset. Empty:"
                + " when routing by " + TABLE_ROUTE_FIELD + ", only plain names (letters, digits, underscores) in "
                + DATABASE + "; routing by topic is not restricted.",
            GROUP_TABLES, ++order, Width.LONG,
            "Allowed route targets")
        .define(TABLE_AUTO_CREATE, Type.BOOLEAN, true, Importance.MEDIUM,
            "Create a missing target table from the first record's schema: MergeTree ordered by the Kafka"
                + " coordinates in append mode, ReplacingMergeTree(_sf_version) ordered by the key columns in CDC mode."
                + " When false, records for a missing table fail with a message naming it.",
            GROUP_TABLES, ++order,
            Width.SHORT, "Auto-create tables")
        .define(TABLE_AUTO_EVOLVE, Type.BOOLEAN, true, Importance.MEDIUM,
            "Add a column (ALTER TABLE ... ADD COLUMN) for a record field the table lacks, and the sink's own"
                + " _sf_* columns to existing tables; make a column Nullable when its field became optional and widen"
                + " integer and float columns when their field widened (MODIFY COLUMN). When false, records with a"
                + " field the table lacks go to the DLQ.",
            GROUP_TABLES,
            ++order, Width.SHORT, "Evolve tables");
    order = 0;
    def.define(WRITE_MODE, Type.STRING, "append", ConfigDef.CaseInsensitiveValidString.in("append", "cdc"),
        Importance.HIGH,
        "`append`: every record is a new row. `cdc`: records are changes (Debezium envelope, flattened with"
            + " __op/__deleted, plain rows as upserts, tombstones as deletes) applied per key; read the current"
            + " state with FINAL or the argMax pattern in the README.",
        GROUP_WRITE, ++order, Width.SHORT,
        "Write mode")
        .define(KEY_COLUMNS, Type.LIST, "", Importance.MEDIUM,
            "CDC mode: the row's identifier columns (the table's ORDER BY). Empty: the record key's fields (a"
                + " primitive key becomes a column named `key`).",
            GROUP_WRITE, ++order, Width.LONG, "Key columns")
        .define(VERSION_SOURCE, Type.STRING, "kafka.offset",
            ConfigDef.CaseInsensitiveValidString.in(Arrays.stream(VersionSource.values())
                .map(VersionSource::configName).toArray(String[]::new)),
            Importance.MEDIUM,
            "CDC mode: what the _sf_version column holds. `kafka.offset`: the record's offset, comparable only"
                + " within one topic partition: every change to a key must come through the same partition of the same"
                + " topic (no topics merged into one table, which is refused where the configuration shows it; no added"
                + " partitions; no recreated topics). `source.position`: the sf.source.pos lineage header (PostgreSQL"
                + " LSN, MySQL/MariaDB binlog position file:pos:event:row or file:pos, or a number; see the README for"
                + " the limits); records without it go to the DLQ.",
            GROUP_WRITE, ++order,
            Width.MEDIUM, "Version source")
        .define(BATCH_MAX_RECORDS, Type.INT, 100_000, Range.between(1, MAX_BATCH_RECORDS), Importance.MEDIUM,
            "Most rows in one insert per table. At most " + MAX_BATCH_RECORDS + " so that an insert is one block"
                + " and lands atomically.",
            GROUP_WRITE, ++order, Width.SHORT, "Batch rows")
        .define(BATCH_MAX_BYTES, Type.LONG, 16L << 20, Range.between(1024L, 256L << 20), Importance.MEDIUM,
            "Most encoded bytes in one insert per table.", GROUP_WRITE, ++order, Width.SHORT, "Batch bytes")
        .define(BATCH_MAX_WAIT_MS, Type.LONG, 1_000L, Range.atLeast(0L), Importance.MEDIUM,
            "Longest time a record waits in a buffer before its table is inserted, bounding the latency from"
                + " record to visible row. 0 inserts at every put.",
            GROUP_WRITE, ++order, Width.SHORT, "Batch wait")
        .define(BUFFER_MAX_BYTES, Type.LONG, 128L << 20, Range.atLeast(1L << 16), Importance.MEDIUM,
            "Memory bound of one task: encoded rows buffered across all its tables (tables with nothing buffered"
                + " hold no buffer). Reaching it inserts every buffered table at once. Must be at least "
                + BATCH_MAX_BYTES + ".",
            GROUP_WRITE, ++order,
            Width.SHORT, "Buffer bytes")
        .define(INSERT_PARALLELISM, Type.INT, 4, Range.between(1, 64), Importance.MEDIUM,
            "Inserts one task runs at the same time, each into a different table.", GROUP_WRITE, ++order,
            Width.SHORT, "Insert parallelism")
        .define(INSERT_MAX_RETRIES, Type.INT, 5, Range.between(0, 100), Importance.LOW,
            "Re-sends of a batch whose insert failed with a transient error (network, time-out, server overload)"
                + " before the task fails. Before a re-send the sink waits for the backoff and until the failed"
                + " attempt no longer runs on the server, then counts the batch's rows in the table for every"
                + " partition: a batch that landed after all is not re-sent, so a retry never duplicates rows. While"
                + " the server cannot be asked, nothing is re-sent (see " + UNAVAILABLE_MAX_MS + ").",
            GROUP_WRITE,
            ++order, Width.SHORT, "Insert retries")
        .define(INSERT_RETRY_BACKOFF_MS, Type.LONG, 1_000L, Range.between(0L, 60_000L), Importance.LOW,
            "Wait after a failed insert before it is checked and re-sent; doubled for each further wait (at most 30"
                + " s, or this value when it is longer).",
            GROUP_WRITE, ++order, Width.SHORT,
            "Retry backoff");
    io.streamfirst.connect.lineage.LineageConfig.define(def);
    io.streamfirst.connect.sink.FreshnessConfig.define(def);
    return def;
  }

  private void check() {
    if (bufferMaxBytes() < batchMaxBytes()) {
      throw new ConfigException(BUFFER_MAX_BYTES, getLong(BUFFER_MAX_BYTES),
          "must be at least " + BATCH_MAX_BYTES + " (" + batchMaxBytes() + "): raise it or lower " + BATCH_MAX_BYTES);
    }
    topicToTable();
    serverSettings();
    if (sslEnabled() && !trustStoreLocation().isEmpty() && !new java.io.File(trustStoreLocation()).canRead()) {
      throw new ConfigException(SSL_TRUSTSTORE_LOCATION, trustStoreLocation(),
          "no readable file at this path on the worker: copy the trust store there or fix the path");
    }
    for (String column : keyColumns()) {
      if (column.isBlank()) {
        throw new ConfigException(KEY_COLUMNS, getList(KEY_COLUMNS), "contains an empty column name");
      }
    }
    MergedTopicsCheck.check(this);
  }

  public String host() {
    return getString(HOST).strip();
  }

  public int port() {
    return getInt(PORT);
  }

  public String database() {
    return getString(DATABASE);
  }

  public String user() {
    return getString(USER);
  }

  /** The password; pass it only to the client, never into a message. */
  public Password password() {
    return getPassword(PASSWORD);
  }

  public boolean sslEnabled() {
    return getBoolean(SSL_ENABLED);
  }

  public String trustStoreLocation() {
    return getString(SSL_TRUSTSTORE_LOCATION).strip();
  }

  public Password trustStorePassword() {
    return getPassword(SSL_TRUSTSTORE_PASSWORD);
  }

  public String trustStoreType() {
    return getString(SSL_TRUSTSTORE_TYPE).toUpperCase(Locale.ROOT);
  }

  public Duration timeout() {
    return Duration.ofMillis(getLong(TIMEOUT_MS));
  }

  public Duration unavailableMax() {
    return Duration.ofMillis(getLong(UNAVAILABLE_MAX_MS));
  }

  /** {@code http(s)://host:port} */
  public String endpoint() {
    String host = host().contains(":") && !host().startsWith("[") ? "[" + host() + "]" : host();
    return (sslEnabled() ? "https://" : "http://") + host + ":" + port();
  }

  /**
   * The {@value #SETTINGS_PREFIX}* pass-through, without the prefix; names checked, and settings that
   * would make an insert non-atomic, acknowledged before it lands, or drop rows silently refused. The
   * values may be credentials: they go to the server only, never into a message or a log.
   */
  public Map<String, String> serverSettings() {
    return ServerSettings.of(originalsWithPrefix(SETTINGS_PREFIX), batchMaxRecords());
  }

  public boolean validateConnection() {
    return getBoolean(VALIDATE_CONNECTION);
  }

  public String tableNameFormat() {
    return getString(TABLE_NAME_FORMAT);
  }

  /** {@value #TABLE_TOPIC_MAP} parsed; fails naming the key on an entry without topic or table. */
  public Map<String, String> topicToTable() {
    Map<String, String> out = new LinkedHashMap<>();
    for (String entry : getList(TABLE_TOPIC_MAP)) {
      int colon = entry.indexOf(':');
      if (colon <= 0 || colon == entry.length() - 1) {
        throw new ConfigException(TABLE_TOPIC_MAP, getList(TABLE_TOPIC_MAP),
            "entry '" + entry + "' is not topic:table (e.g. orders:orders_v2)");
      }
      String topic = entry.substring(0, colon).strip();
      if (out.put(topic, entry.substring(colon + 1).strip()) != null) {
        throw new ConfigException(TABLE_TOPIC_MAP, getList(TABLE_TOPIC_MAP), "topic '" + topic + "' is listed twice");
      }
    }
    return out;
  }

  public String routeField() {
    return getString(TABLE_ROUTE_FIELD).strip();
  }

  /**
   * The tables records may be routed to, full-matched against {@code database.table}; null when
   * routing is not restricted (routing by topic without {@value #TABLE_ROUTE_ALLOWED_REGEX}).
   */
  public Pattern routeAllowed() {
    String regex = getString(TABLE_ROUTE_ALLOWED_REGEX);
    if (!regex.isEmpty()) {
      return Pattern.compile(regex);
    }
    return routeField().isEmpty() ? null : Pattern.compile(Pattern.quote(database()) + "\\.[A-Za-z0-9_]+");
  }

  public boolean autoCreate() {
    return getBoolean(TABLE_AUTO_CREATE);
  }

  public boolean autoEvolve() {
    return getBoolean(TABLE_AUTO_EVOLVE);
  }

  public WriteMode writeMode() {
    return WriteMode.valueOf(getString(WRITE_MODE).toUpperCase(Locale.ROOT));
  }

  public List<String> keyColumns() {
    return getList(KEY_COLUMNS).stream().map(String::strip).toList();
  }

  public VersionSource versionSource() {
    return VersionSource.valueOf(getString(VERSION_SOURCE).toUpperCase(Locale.ROOT).replace('.', '_'));
  }

  public int batchMaxRecords() {
    return getInt(BATCH_MAX_RECORDS);
  }

  public long batchMaxBytes() {
    return getLong(BATCH_MAX_BYTES);
  }

  public Duration batchMaxWait() {
    return Duration.ofMillis(getLong(BATCH_MAX_WAIT_MS));
  }

  public long bufferMaxBytes() {
    return getLong(BUFFER_MAX_BYTES);
  }

  public int insertParallelism() {
    return getInt(INSERT_PARALLELISM);
  }

  public int insertMaxRetries() {
    return getInt(INSERT_MAX_RETRIES);
  }

  public Duration insertRetryBackoff() {
    return Duration.ofMillis(getLong(INSERT_RETRY_BACKOFF_MS));
  }
}
