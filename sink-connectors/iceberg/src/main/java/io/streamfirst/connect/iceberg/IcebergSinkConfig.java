// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.iceberg;

import io.streamfirst.connect.iceberg.compact.Compactor;
import io.streamfirst.connect.iceberg.route.TableRoutes;
import io.streamfirst.connect.iceberg.schema.PartitionTerms;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;

/** Configuration of the Iceberg sink connector and its tasks. */
public final class IcebergSinkConfig extends AbstractConfig {

  /** Every key under this prefix (except {@link #CATALOG_NAME}) is handed to the Iceberg catalog unchanged. */
  public static final String CATALOG_PREFIX = "iceberg.catalog.";
  /** Every key under this prefix is set as a property on tables the connector creates. */
  public static final String TABLE_PROPERTIES_PREFIX = "iceberg.table.properties.";

  public static final String CATALOG_NAME = "iceberg.catalog.name";
  public static final String CATALOG_TYPE = "iceberg.catalog.type";
  public static final String CATALOG_WAREHOUSE = "iceberg.catalog.warehouse";
  public static final String CATALOG_URI = "iceberg.catalog.uri";
  /** Inside {@link #CATALOG_PREFIX} but the connector's own setting: not passed to the catalog. */
  public static final String CATALOG_UNAVAILABLE_MAX_MS = "iceberg.catalog.unavailable.max.ms";
  /** Outside {@link #CATALOG_PREFIX} on purpose: it is the connector's setting, not the catalog's. */
  public static final String VALIDATE_CATALOG = "iceberg.validate.catalog.enabled";
  public static final String TABLE_NAME_TEMPLATE = "iceberg.table.name.template";
  public static final String TABLE_MAP = "iceberg.table.map";
  public static final String TABLE_ROUTE_FIELD = "iceberg.table.route.field";
  public static final String TABLE_ROUTE_ALLOWED_REGEX = "iceberg.table.route.allowed.regex";
  public static final String TABLE_DEFAULT_NAMESPACE = "iceberg.table.default.namespace";
  public static final String AUTO_CREATE = "iceberg.table.auto.create.enabled";
  public static final String PARTITION_SPEC = "iceberg.table.partition.spec";
  public static final String FORMAT_VERSION = "iceberg.table.format.version";
  public static final String EVOLUTION = "iceberg.table.evolution.enabled";
  public static final String MODE = "iceberg.mode";
  public static final String IDENTIFIER_COLUMNS = "iceberg.identifier.columns";
  public static final String UPSERT_DELETE_MODE = "iceberg.upsert.delete.mode";
  public static final String UPSERT_INDEX_MAX_KEYS = "iceberg.upsert.index.max.keys";
  public static final String COMMIT_INTERVAL_MS = "iceberg.commit.interval.ms";
  public static final String COMMIT_TIMEOUT_MS = "iceberg.commit.timeout.ms";
  public static final String TARGET_FILE_SIZE_BYTES = "iceberg.target.file.size.bytes";
  public static final String BUFFER_MAX_BYTES = "iceberg.buffer.max.bytes";
  public static final String COMPACTION_ENABLED = "iceberg.compaction.enabled";
  public static final String COMPACTION_DELETE_FILES = "iceberg.compaction.delete.files.threshold";
  public static final String COMPACTION_SMALL_FILES = "iceberg.compaction.small.files.threshold";
  public static final String COMPACTION_MAX_BYTES = "iceberg.compaction.max.bytes";

  /** How records are applied to a table. */
  public enum Mode {
    /** Every record becomes a new row; deletes and tombstones are rejected as bad records. */
    APPEND,
    /** Rows are keyed: an insert or update replaces the row with the same key, a delete removes it. */
    UPSERT
  }

  /** How upsert mode removes the earlier row of a key. */
  public enum DeleteMode {
    /** An equality delete naming the key: cheap to write, every reader joins against it until compaction. */
    EQUALITY,
    /** A position delete for the key's current row, found through the task's key index or a lookup. */
    POSITION
  }

  private static final String GROUP_CATALOG = "Catalog";
  private static final String GROUP_ROUTING = "Routing";
  private static final String GROUP_TABLES = "Tables";
  private static final String GROUP_WRITE = "Writing and commits";
  private static final String GROUP_COMPACTION = "Compaction";

  public static final ConfigDef CONFIG_DEF = define();

  private static ConfigDef define() {
    ConfigDef def = new ConfigDef();
    int order = 0;
    def.define(CATALOG_NAME, Type.STRING, "streamfirst", new ConfigDef.NonEmptyString(), Importance.LOW,
        "Name of the Iceberg catalog instance (appears in Iceberg's logs and metrics).",
        GROUP_CATALOG, ++order, Width.SHORT, "Catalog name");
    def.define(CATALOG_TYPE, Type.STRING, ConfigDef.NO_DEFAULT_VALUE,
        ConfigDef.CaseInsensitiveValidString.in("hadoop", "jdbc", "rest"), Importance.HIGH,
        "Catalog implementation: 'hadoop' (tables in a directory of a local or distributed file system,"
            + " needs " + CATALOG_WAREHOUSE + "), 'jdbc' (table pointers in a database, e.g."
            + " jdbc:sqlite:/path/catalog.db or jdbc:postgresql://..., needs " + CATALOG_URI + " and "
            + CATALOG_WAREHOUSE + ") or 'rest' (an Iceberg REST catalog at " + CATALOG_URI + "). Every other"
            + " key starting with '" + CATALOG_PREFIX + "' (except " + CATALOG_NAME + " and "
            + CATALOG_UNAVAILABLE_MAX_MS + ") is passed to the catalog unchanged with the prefix removed (e.g."
            + " iceberg.catalog.jdbc.user, iceberg.catalog.credential, iceberg.catalog.io-impl).",
        GROUP_CATALOG, ++order, Width.SHORT, "Catalog type");
    def.define(CATALOG_WAREHOUSE, Type.STRING, "", Importance.HIGH,
        "Warehouse location where table data and metadata are written: a path (file:/..., hdfs://..., or a"
            + " plain local path) for 'hadoop' and 'jdbc'; optional for 'rest'.",
        GROUP_CATALOG, ++order, Width.LONG, "Warehouse");
    def.define(CATALOG_URI, Type.PASSWORD, "", Importance.HIGH,
        "JDBC URL of the catalog database ('jdbc') or base URL of the REST catalog ('rest'). Treated as a"
            + " secret (a JDBC URL may carry a password): Connect shows it as [hidden], and the sink shows it only"
            + " with the password of a user:password@ part and credential-like parameters (password=, token=,"
            + " ...) masked. Prefer " + CATALOG_PREFIX + "jdbc.password (or a Connect config provider) to a"
            + " password in the URL.",
        GROUP_CATALOG, ++order, Width.LONG, "Catalog URI");
    def.define(CATALOG_UNAVAILABLE_MAX_MS, Type.LONG, 300_000L, ConfigDef.Range.atLeast(0L), Importance.MEDIUM,
        "How long the catalog may be unreachable (connection refused or lost, time-outs, a REST catalog's 5xx)"
            + " before a task fails, in milliseconds: at start, while writing and while committing. Meanwhile the"
            + " task keeps its partitions and uncommitted files and retries with a back-off of up to 5 s"
            + " (Connect redelivers the records; the task stays RUNNING). Past the limit the task FAILS with a"
            + " message naming the catalog and how long it was unreachable; nothing is lost. 0: fail at the first"
            + " unreachable catalog.",
        GROUP_CATALOG, ++order, Width.SHORT, "Catalog outage limit");
    def.define(VALIDATE_CATALOG, Type.BOOLEAN, true, Importance.LOW,
        "Start the catalog when the configuration is validated (REST `config/validate`, and before a"
            + " connector is created), so an unreachable or misconfigured catalog is reported on "
            + CATALOG_URI + " or " + CATALOG_WAREHOUSE + ". False: validation checks the settings only (to check"
            + " configs where the catalog is not reachable, e.g. in CI); the task still fails at start with the"
            + " catalog's error.",
        GROUP_CATALOG, ++order, Width.SHORT, "Check catalog on validate");

    order = 0;
    def.define(TABLE_NAME_TEMPLATE, Type.STRING, "${topic}", new TemplateValidator(), Importance.HIGH,
        "Table for a topic that neither " + TABLE_MAP + " nor " + TABLE_ROUTE_FIELD + " routes:"
            + " '${topic}' is replaced by the topic name with every character other than letters, digits and"
            + " '_' replaced by '_'. 'namespace.table' names a namespace; a name without a dot goes into "
            + TABLE_DEFAULT_NAMESPACE + ".",
        GROUP_ROUTING, ++order, Width.MEDIUM, "Table name template");
    def.define(TABLE_MAP, Type.LIST, "", new MapValidator(), Importance.MEDIUM,
        "Static routing: comma-separated 'topic:table' pairs (table as in " + TABLE_NAME_TEMPLATE + ")."
            + " Takes precedence over the template.",
        GROUP_ROUTING, ++order, Width.LONG, "Topic to table map");
    def.define(TABLE_ROUTE_FIELD, Type.STRING, "", Importance.MEDIUM,
        "Dynamic routing: a field of the row (dotted path for nested structs) whose string value names the"
            + " table. Takes precedence over the map and the template; a record without the field is a bad record.",
        GROUP_ROUTING, ++order, Width.MEDIUM, "Route field");
    def.define(TABLE_ROUTE_ALLOWED_REGEX, Type.STRING, "", new RegexValidator(), Importance.MEDIUM,
        "The tables " + TABLE_ROUTE_FIELD + " may route records to: a Java regular expression that must match the"
            + " whole qualified name 'namespace.table' (levels of a nested namespace joined by dots). A record"
            + " routed to any other table is a bad record (dead-letter queue with errors.tolerance=all). Empty:"
            + " only plain names (letters, digits, '_') in " + TABLE_DEFAULT_NAMESPACE + " (where a route value"
            + " without a dot goes) or in the namespace the record's topic routes to by " + TABLE_MAP + " or "
            + TABLE_NAME_TEMPLATE + ". Applies only to routing by " + TABLE_ROUTE_FIELD + ".",
        GROUP_ROUTING, ++order, Width.LONG, "Tables a route field may name");
    def.define(TABLE_DEFAULT_NAMESPACE, Type.STRING, "default", new ConfigDef.NonEmptyString(), Importance.MEDIUM,
        "Namespace for table names without a dot.", GROUP_ROUTING, ++order, Width.SHORT, "Default namespace");

    order = 0;
    def.define(AUTO_CREATE, Type.BOOLEAN, true, Importance.MEDIUM,
        "Create missing namespaces and tables from the first record's schema, with the partition spec of "
            + PARTITION_SPEC + " and the properties under '" + TABLE_PROPERTIES_PREFIX + "'."
            + " When false, a record for a missing table fails the task.",
        GROUP_TABLES, ++order, Width.SHORT, "Auto-create tables");
    def.define(PARTITION_SPEC, Type.LIST, "", new SpecValidator(), Importance.MEDIUM,
        "Partition spec of auto-created tables: comma-separated terms 'column' or 'identity(column)',"
            + " 'year(column)', 'month(column)', 'day(column)', 'hour(column)', 'bucket[N](column)',"
            + " 'truncate[N](column)'. Nested columns by dotted path. In upsert mode every partition column"
            + " must be an identifier column (a key never moves between partitions).",
        GROUP_TABLES, ++order, Width.LONG, "Partition spec");
    def.define(FORMAT_VERSION, Type.INT, 2, ConfigDef.Range.between(2, 3), Importance.LOW,
        "Iceberg format version of auto-created tables (upsert needs 2 or later). With 3, upsert delete mode"
            + " 'position' writes deletion vectors; every engine reading the tables must support format version 3.",
        GROUP_TABLES, ++order, Width.SHORT, "Format version");
    def.define(EVOLUTION, Type.BOOLEAN, true, Importance.MEDIUM,
        "Evolve table schemas to follow the records: new fields become optional columns; int->long,"
            + " float->double and decimal precision widening; required->optional; the same inside nested"
            + " structs. An incompatible change is a bad record. When false, every schema change is a bad record"
            + " except fields the table already has.",
        GROUP_TABLES, ++order, Width.SHORT, "Schema evolution");

    order = 0;
    def.define(MODE, Type.STRING, "append", ConfigDef.CaseInsensitiveValidString.in("append", "upsert"),
        Importance.HIGH,
        "'append': every record is a new row. 'upsert': inserts and updates replace the row with the same"
            + " key (a delete of the earlier row, see " + UPSERT_DELETE_MODE
            + ", + new row), deletes and tombstones remove it; several changes to one key"
            + " in one commit collapse to the last one.",
        GROUP_WRITE, ++order, Width.SHORT, "Mode");
    def.define(IDENTIFIER_COLUMNS, Type.LIST, "", Importance.MEDIUM,
        "Key columns for upsert mode. Empty: the record key's fields (a primitive key becomes the column"
            + " 'key'). Auto-created tables declare them as Iceberg identifier fields.",
        GROUP_WRITE, ++order, Width.MEDIUM, "Identifier columns");
    def.define(UPSERT_DELETE_MODE, Type.STRING, "equality",
        ConfigDef.CaseInsensitiveValidString.in("equality", "position"), Importance.MEDIUM,
        "How upsert mode removes the earlier row of an updated or deleted key. 'equality' (the default): an"
            + " equality delete naming the key (cheap to write; every reader joins it against older data until"
            + " compaction, and some engines cannot read or write equality deletes). 'position': a position delete"
            + " for the row's current data file and position, found in the task's key index or looked up in the"
            + " table (key columns of the files whose statistics can hold the key); the table then holds no"
            + " equality-delete files and every engine reads it like a table after a MERGE, but writing costs more"
            + " (see the README's Performance section). On format version 3 tables the position deletes are"
            + " deletion vectors (one per data file).",
        GROUP_WRITE, ++order, Width.SHORT, "Upsert delete mode");
    def.define(UPSERT_INDEX_MAX_KEYS, Type.INT, 1_000_000, ConfigDef.Range.atLeast(0), Importance.LOW,
        "In upsert delete mode 'position': most keys per table whose current data file and position a task"
            + " keeps in memory (about 65 bytes each for a key of one int or long column, about 140 otherwise). A"
            + " key beyond it (least recently changed first) is looked up in the table again when it next changes. 0: no index, every changed key is looked up.",
        GROUP_WRITE, ++order, Width.SHORT, "Key index size");
    def.define(COMMIT_INTERVAL_MS, Type.LONG, 5_000L, ConfigDef.Range.atLeast(100L), Importance.HIGH,
        "How often buffered changes are committed to Iceberg, in milliseconds, from the start of one commit to"
            + " the start of the next (a commit that takes part of the interval does not delay the next one). Bounds"
            + " how stale a table is, also when the topic goes idle; every commit is a snapshot, so very small values"
            + " make many small files (compaction merges them).",
        GROUP_WRITE, ++order, Width.SHORT, "Commit interval");
    def.define(COMMIT_TIMEOUT_MS, Type.LONG, 120_000L, ConfigDef.Range.atLeast(1_000L), Importance.LOW,
        "How long one table commit keeps retrying on conflicts with concurrent writers or catalog errors"
            + " before the task fails (nothing is lost: the changes are replayed from Kafka).",
        GROUP_WRITE, ++order, Width.SHORT, "Commit timeout");
    def.define(TARGET_FILE_SIZE_BYTES, Type.LONG, 128L * 1024 * 1024, ConfigDef.Range.atLeast(1024L * 1024),
        Importance.MEDIUM, "Size at which a data or delete file is closed and a new one started.",
        GROUP_WRITE, ++order, Width.SHORT, "Target file size");
    def.define(BUFFER_MAX_BYTES, Type.LONG, 64L * 1024 * 1024, ConfigDef.Range.atLeast(1024L * 1024),
        Importance.MEDIUM,
        "Upper bound of the changes a task holds between commits (estimated from the records' sizes):"
            + " reaching it commits early, so memory does not grow with input rate or partition count.",
        GROUP_WRITE, ++order, Width.SHORT, "Buffered memory");
    def.define(COMPACTION_ENABLED, Type.BOOLEAN, true, Importance.MEDIUM,
        "Compact the tables the task writes, right after its commits, so the files readers open stay bounded:"
            + " a partition whose data files are covered by " + COMPACTION_DELETE_FILES + " delete files is"
            + " rewritten with the deletes applied, and " + COMPACTION_SMALL_FILES + " small data files (under"
            + " 3/4 of " + TARGET_FILE_SIZE_BYTES + ") in one partition are merged. The rewrite keeps the rows"
            + " and never undoes a concurrent change. Turn off when another job maintains the tables.",
        GROUP_COMPACTION, ++order, Width.SHORT, "Compaction");
    def.define(COMPACTION_DELETE_FILES, Type.INT, 8, ConfigDef.Range.atLeast(1), Importance.LOW,
        "Rewrite a partition once one of its data files is covered by this many delete files (upsert mode adds"
            + " one per commit and partition). Lower: cheaper reads, more rewriting.",
        GROUP_COMPACTION, ++order, Width.SHORT, "Delete files per data file");
    def.define(COMPACTION_SMALL_FILES, Type.INT, 16, ConfigDef.Range.atLeast(2), Importance.LOW,
        "Merge the small data files of a partition once it holds this many (every commit adds one per"
            + " partition it touches).",
        GROUP_COMPACTION, ++order, Width.SHORT, "Small files per partition");
    def.define(COMPACTION_MAX_BYTES, Type.LONG, 512L * 1024 * 1024, ConfigDef.Range.atLeast(1024L * 1024),
        Importance.LOW,
        "Most bytes of files one compaction reads; it runs in the task between commits, so this bounds how long"
            + " ingestion pauses. Partitions that qualify beyond it wait for the next commit; a partition larger"
            + " than this on its own is left alone with a warning (partition the table by a bucket of its key,"
            + " or compact it with an external job).",
        GROUP_COMPACTION, ++order, Width.SHORT, "Compaction size limit");
    io.streamfirst.connect.lineage.LineageConfig.define(def);
    io.streamfirst.connect.sink.FreshnessConfig.define(def);
    return def;
  }

  private final Map<String, String> catalogProperties;
  private final Map<String, String> tableProperties;

  public IcebergSinkConfig(Map<String, String> props) {
    super(CONFIG_DEF, props);
    this.catalogProperties = prefixed(props, CATALOG_PREFIX);
    this.catalogProperties.remove("name");
    this.catalogProperties.remove(CATALOG_UNAVAILABLE_MAX_MS.substring(CATALOG_PREFIX.length()));
    this.tableProperties = prefixed(props, TABLE_PROPERTIES_PREFIX);
    checkCatalog();
  }

  private static Map<String, String> prefixed(Map<String, String> props, String prefix) {
    Map<String, String> out = new HashMap<>();
    props.forEach((k, v) -> {
      if (k.startsWith(prefix) && k.length() > prefix.length() && v != null) {
        out.put(k.substring(prefix.length()), v);
      }
    });
    return out;
  }

  private void checkCatalog() {
    String type = catalogType();
    if (!type.equals("rest") && warehouse().isEmpty()) {
      throw new ConfigException(CATALOG_WAREHOUSE, "", "a '" + type + "' catalog needs a warehouse location;"
          + " set " + CATALOG_WAREHOUSE + " to a directory such as file:/var/lib/iceberg/warehouse");
    }
    if (!type.equals("hadoop") && catalogUri().isEmpty()) {
      throw new ConfigException(CATALOG_URI, "", "a '" + type + "' catalog needs " + CATALOG_URI
          + (type.equals("jdbc")
              ? " (a JDBC URL such as jdbc:sqlite:/var/lib/iceberg/catalog.db)"
              : " (the REST catalog's base URL)"));
    }
    if (mode() == Mode.UPSERT) {
      List<String> ids = identifierColumns();
      for (PartitionTerms.Term term : partitionTerms()) {
        if (!ids.isEmpty() && !ids.contains(term.column())) {
          throw new ConfigException(PARTITION_SPEC, String.join(",", getList(PARTITION_SPEC)),
              "in upsert mode every partition column must be one of " + IDENTIFIER_COLUMNS + " " + ids
                  + ", but '" + term.column() + "' is not: partition by a key column or use append mode");
        }
      }
    }
  }

  public String connectorName() {
    String name = originalsStrings().get("name");
    return name == null ? "iceberg-sink" : name;
  }

  /**
   * Whether the connector runs transforms (Connect's {@code transforms} setting): they may change a record's
   * topic, so the table of a partition is then known only from its records.
   */
  public boolean transformsConfigured() {
    String transforms = originalsStrings().get("transforms");
    return transforms != null && !transforms.isBlank();
  }

  public String catalogName() {
    return getString(CATALOG_NAME);
  }

  public boolean validateCatalog() {
    return getBoolean(VALIDATE_CATALOG);
  }

  /** The catalog URI as configured; may hold credentials: show only {@code Secrets.redactUri} of it. */
  public String catalogUri() {
    Password uri = getPassword(CATALOG_URI);
    return uri == null || uri.value() == null ? "" : uri.value();
  }

  public long catalogUnavailableMaxMs() {
    return getLong(CATALOG_UNAVAILABLE_MAX_MS);
  }

  public String catalogType() {
    return getString(CATALOG_TYPE).toLowerCase(Locale.ROOT);
  }

  public String warehouse() {
    return getString(CATALOG_WAREHOUSE);
  }

  /** Properties for the Iceberg catalog, prefix removed; may hold secrets, never log the values. */
  public Map<String, String> catalogProperties() {
    return Map.copyOf(catalogProperties);
  }

  public Map<String, String> tableProperties() {
    return Map.copyOf(tableProperties);
  }

  public TableRoutes routes() {
    String allowed = getString(TABLE_ROUTE_ALLOWED_REGEX);
    return new TableRoutes(getString(TABLE_NAME_TEMPLATE), TableRoutes.parseMap(getList(TABLE_MAP), TABLE_MAP),
        getString(TABLE_ROUTE_FIELD), getString(TABLE_DEFAULT_NAMESPACE),
        allowed == null || allowed.isEmpty() ? null : Pattern.compile(allowed));
  }

  public Compactor.Settings compaction() {
    return new Compactor.Settings(getBoolean(COMPACTION_ENABLED), getInt(COMPACTION_DELETE_FILES),
        getInt(COMPACTION_SMALL_FILES), getLong(COMPACTION_MAX_BYTES), targetFileSizeBytes());
  }

  public boolean autoCreate() {
    return getBoolean(AUTO_CREATE);
  }

  public List<PartitionTerms.Term> partitionTerms() {
    return PartitionTerms.parse(getList(PARTITION_SPEC), PARTITION_SPEC);
  }

  public int formatVersion() {
    return getInt(FORMAT_VERSION);
  }

  public boolean evolution() {
    return getBoolean(EVOLUTION);
  }

  public Mode mode() {
    return Mode.valueOf(getString(MODE).toUpperCase(Locale.ROOT));
  }

  public DeleteMode upsertDeleteMode() {
    return DeleteMode.valueOf(getString(UPSERT_DELETE_MODE).toUpperCase(Locale.ROOT));
  }

  public int upsertIndexMaxKeys() {
    return getInt(UPSERT_INDEX_MAX_KEYS);
  }

  public List<String> identifierColumns() {
    return getList(IDENTIFIER_COLUMNS);
  }

  public Duration commitInterval() {
    return Duration.ofMillis(getLong(COMMIT_INTERVAL_MS));
  }

  public Duration commitTimeout() {
    return Duration.ofMillis(getLong(COMMIT_TIMEOUT_MS));
  }

  public long targetFileSizeBytes() {
    return getLong(TARGET_FILE_SIZE_BYTES);
  }

  public long bufferMaxBytes() {
    return getLong(BUFFER_MAX_BYTES);
  }

  private static final class TemplateValidator implements ConfigDef.Validator {
    @Override
    public void ensureValid(String name, Object value) {
      String text = (String) value;
      if (text == null || text.isBlank()) {
        throw new ConfigException(name, value, "must name a table, e.g. ${topic} or lake.${topic}");
      }
      TableRoutes.checkName(text.replace("${topic}", "t"), name);
    }

    @Override
    public String toString() {
      return "[namespace.]name with ${topic}";
    }
  }

  private static final class MapValidator implements ConfigDef.Validator {
    @Override
    @SuppressWarnings("unchecked")
    public void ensureValid(String name, Object value) {
      TableRoutes.parseMap((List<String>) value, name);
    }

    @Override
    public String toString() {
      return "topic:[namespace.]table,...";
    }
  }

  private static final class RegexValidator implements ConfigDef.Validator {
    @Override
    public void ensureValid(String name, Object value) {
      String text = (String) value;
      if (text == null || text.isEmpty()) {
        return;
      }
      try {
        Pattern.compile(text);
      } catch (PatternSyntaxException e) {
        throw new ConfigException(name, value, "not a Java regular expression (" + e.getDescription() + " near index "
            + e.getIndex() + "), e.g. lake\\.[a-z_]+ or (sales|ops)\\..*");
      }
    }

    @Override
    public String toString() {
      return "Java regular expression over namespace.table";
    }
  }

  private static final class SpecValidator implements ConfigDef.Validator {
    @Override
    @SuppressWarnings("unchecked")
    public void ensureValid(String name, Object value) {
      PartitionTerms.parse((List<String>) value, name);
    }

    @Override
    public String toString() {
      return "column, identity|year|month|day|hour(column), bucket[N](column), truncate[N](column)";
    }
  }
}
