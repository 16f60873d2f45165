package io.streamfirst.connect.clickhouse.write;

import io.streamfirst.connect.clickhouse.ClickHouseSinkConfig;
import io.streamfirst.connect.clickhouse.WriteMode;
import io.streamfirst.connect.clickhouse.client.ClickHouseConnection.Format;
import io.streamfirst.connect.clickhouse.client.ClickHouseError;
import io.streamfirst.connect.clickhouse.client.ClickHouseException;
import io.streamfirst.connect.clickhouse.schema.ChType;
import io.streamfirst.connect.clickhouse.schema.MetaColumns;
import io.streamfirst.connect.clickhouse.schema.Sql;
import io.streamfirst.connect.clickhouse.schema.TableColumns;
import io.streamfirst.connect.clickhouse.schema.Tables;
import io.streamfirst.connect.clickhouse.schema.TypeMapping;
import io.streamfirst.connect.sink.ChangeView;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One target table within a task: its columns (created and evolved on demand), how each row schema
 * is encoded into it, the rows buffered for its next insert, and the offsets already in it (read
 * back after every partition assignment so that replayed records are skipped; see DESIGN.md).
 * Used by the task thread only; a drained {@link Batch} is handed to an insert thread.
 */
public final class TableWriter {

  /**
   * Inserts a writer's buffered rows and waits until they, and any insert of the table still
   * running, are in the table. The writer calls it before it changes a column's type, so that no row
   * encoded for the old type reaches the table after the change.
   */
  @FunctionalInterface
  public interface Flush {
    void insertAndWait(TableWriter writer);
  }

  private static final Logger LOG = LoggerFactory.getLogger(TableWriter.class);
  /** First buffer of a table, and the least a drained table starts its next buffer with. */
  private static final int MIN_BUFFER = 256;
  private static final int MAX_INITIAL_BUFFER = 1 << 20;
  /** Row plans kept per table (least recently used dropped first), whatever the number of schemas. */
  static final int MAX_PLANS = 64;
  private static final long[] NO_TIMES = new long[0];

  private final String table;
  private final String quotedTable;
  private final Tables schemas;
  private final WriteMode mode;
  private final boolean autoCreate;
  private final boolean autoEvolve;
  private final Flush flush;
  /** CDC versions from Kafka offsets: only comparable within one topic-partition. */
  private final boolean offsetVersions;
  /** The first topic this table received rows from, and whether a second one was reported. */
  private String firstTopic;
  private boolean mixedTopicsReported;

  private TableColumns columns;
  /** Codecs of the columns schemaless rows write, by name; rebuilt whenever the columns change. */
  private final Map<String, Codec> jsonCodecs = new HashMap<>();
  /**
   * Row plans by (row schema, key columns), compared by value so that equal schemas sent as new
   * instances share one plan (and one batch); bounded, least recently used dropped first.
   */
  private final Map<PlanKey, RowPlan> plans = new java.util.LinkedHashMap<>(16, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<PlanKey, RowPlan> eldest) {
      return size() > MAX_PLANS;
    }
  };
  /** The plan of the last record, looked up by identity first: most records share their schema instance. */
  private Schema lastSchema;
  private List<String> lastKeys;
  private RowPlan lastPlan;

  // the buffer of the next insert
  private Format format;
  private RowPlan plan;
  /** Null while nothing is buffered: an idle or drained table holds no buffer. */
  private Bytes data;
  /** Capacity of the next buffer: the last batch's size, within a fair share of the memory bound. */
  private int nextCapacity = MIN_BUFFER;
  private final long bufferMaxBytes;
  private final java.util.function.IntSupplier tablesInUse;
  private int rows;
  private long[] sourceTimes = NO_TIMES;
  private final Map<TopicPartition, long[]> ranges = new HashMap<>();
  private int upserts;
  private int deletes;
  private long firstRowAtMs;

  // offsets already in the table, per partition, read once per assignment (kept by the task when the
  // writer is evicted, so a table that comes back does not read them again)
  private final Marks marks;
  private long lastUsedMs;

  /**
   * @param flush       inserts this writer's buffer and waits for it (the task's own insert path)
   * @param marks       what is known of the offsets in the table (kept across evictions of the writer)
   * @param tablesInUse how many tables the task writes now, to share the memory bound among them
   */
  public TableWriter(String table, String database, Tables schemas, ClickHouseSinkConfig config, Flush flush,
      Marks marks, java.util.function.IntSupplier tablesInUse) {
    this.table = table;
    this.flush = flush;
    this.marks = marks;
    this.tablesInUse = tablesInUse;
    this.bufferMaxBytes = config.bufferMaxBytes();
    this.quotedTable = Sql.qualified(database, table);
    this.schemas = schemas;
    this.mode = config.writeMode();
    this.autoCreate = config.autoCreate();
    this.autoEvolve = config.autoEvolve();
    this.offsetVersions = mode == WriteMode.CDC
        && config.versionSource() == ClickHouseSinkConfig.VersionSource.KAFKA_OFFSET;
  }

  /** The offsets known to be in one table, per partition; read once per partition assignment. */
  public static final class Marks {
    private final Map<TopicPartition, Long> written = new HashMap<>();
    private final Set<TopicPartition> checked = new HashSet<>();

    /** Forgets these partitions (after a rebalance); true when nothing is known any more. */
    public boolean forget(Collection<TopicPartition> partitions) {
      checked.removeAll(partitions);
      written.keySet().removeAll(partitions);
      return checked.isEmpty();
    }
  }

  public String table() {
    return table;
  }

  /**
   * True when the table already holds the row of this record (offset at or below the table's
   * high-water mark for the record's partition): the record is a replay and must be skipped.
   */
  public boolean alreadyWritten(SinkRecord record) {
    TopicPartition tp = partitionOf(record);
    if (!marks.checked.contains(tp)) {
      loadHighWaterMarks(tp);
    }
    Long mark = marks.written.get(tp);
    return mark != null && record.originalKafkaOffset() <= mark;
  }

  private void loadHighWaterMarks(TopicPartition tp) {
    // marked as checked only once the marks are read: a failed read is retried, never taken as "no rows"
    Set<TopicPartition> checked = marks.checked;
    if (columns != null && !columns.exists()) {
      columns = null; // another task may have created it since
    }
    if (!columns().exists() || !columns().has(MetaColumns.OFFSET) || !columns().has(MetaColumns.TOPIC)
        || !columns().has(MetaColumns.PARTITION)) {
      checked.add(tp);
      return;
    }
    Map<Integer, Long> highWaterMarks = schemas.highWaterMarks(table, tp.topic());
    checked.add(tp);
    highWaterMarks.forEach((partition, offset) -> {
      TopicPartition other = new TopicPartition(tp.topic(), partition);
      if (other.equals(tp) || !checked.contains(other)) {
        marks.written.put(other, offset);
        checked.add(other);
      }
    });
  }

  /** Forgets what is known about the offsets in the table for these partitions (after a rebalance). */
  public void forget(Collection<TopicPartition> partitions) {
    marks.forget(partitions);
  }

  /** Marks the writer as used now (a record was routed to it). */
  public void touch(long nowMs) {
    lastUsedMs = nowMs;
  }

  /**
   * True when the writer can be dropped: nothing buffered and no record for {@code idleMs}. (The task
   * also checks that no insert of the table is running.)
   */
  public boolean idle(long nowMs, long idleMs) {
    return rows == 0 && nowMs - lastUsedMs >= idleMs;
  }

  /** Row plans held, for the cache bound. */
  int planCount() {
    return plans.size();
  }

  private TopicPartition lastPartition;

  /** The record's original topic-partition; consecutive records mostly share it, so it is reused. */
  private TopicPartition partitionOf(SinkRecord record) {
    TopicPartition last = lastPartition;
    if (last == null || last.partition() != record.originalKafkaPartition()
        || !last.topic().equals(record.originalTopic())) {
      last = new TopicPartition(record.originalTopic(), record.originalKafkaPartition());
      lastPartition = last;
    }
    return last;
  }

  private TableColumns columns() {
    if (columns == null) {
      columns = schemas.describe(table);
    }
    return columns;
  }

  /**
   * How {@code change} is encoded: a RowBinary plan for records with a row schema, JSONEachRow for
   * schemaless rows, the current buffer's plan (or a key-only plan) for deletes without a row. Creates
   * or evolves the table as needed.
   *
   * @return the plan, or null for JSONEachRow
   */
  public Object encodingFor(ChangeView change, List<String> keyNames, List<Object> keyValues) {
    Object row = change.row();
    if (row instanceof Struct struct) {
      return planFor(change, struct.schema(), keyNames, keyValues);
    }
    if (row instanceof Map<?, ?>) {
      return null;
    }
    if (row != null) {
      throw new DataException("Record at " + change.coordinates() + " has a " + row.getClass().getSimpleName()
          + " value; the sink writes Struct values (with a schema) or JSON objects (schemaless maps)");
    }
    // a delete without a row
    if (format != null && rows > 0) {
      return format == Format.JSON_EACH_ROW ? null : plan;
    }
    if (change.rowSchema() != null) {
      return planFor(change, change.rowSchema(), keyNames, keyValues);
    }
    if (change.keySchema() == null && !(change.key() instanceof Struct)) {
      return null;
    }
    return planFor(change, null, keyNames, keyValues);
  }

  /** True when a row with {@code encoding} can join the buffer; otherwise the buffer must be inserted first. */
  public boolean accepts(Object encoding) {
    if (rows == 0) {
      return true;
    }
    Format wanted = encoding == null ? Format.JSON_EACH_ROW : Format.ROW_BINARY;
    return wanted == format && (encoding == null || encoding == plan);
  }

  /** True when the table does not exist and cannot be created: a delete without a row has nothing to do. */
  public boolean missingTable() {
    return !columns().exists();
  }

  private RowPlan planFor(ChangeView change, Schema rowSchema, List<String> keyNames, List<Object> keyValues) {
    if (lastPlan != null && lastSchema == rowSchema && lastKeys.equals(keyNames)) {
      return lastPlan;
    }
    RowPlan cached = plans.get(new PlanKey(rowSchema, keyNames));
    if (cached != null) {
      remember(rowSchema, keyNames, cached);
      return cached;
    }
    LinkedHashMap<String, ChType> wanted = new LinkedHashMap<>();
    for (int i = 0; i < keyNames.size(); i++) {
      wanted.put(keyNames.get(i), keyType(change, rowSchema, keyNames.get(i), keyValues.get(i)));
    }
    if (rowSchema != null) {
      for (Field field : rowSchema.fields()) {
        if (!wanted.containsKey(field.name()) && !MetaColumns.isMeta(field.name())) {
          wanted.put(field.name(), TypeMapping.columnType(field.schema(), schemas.server(), false));
        }
      }
    }
    ensureColumns(change, wanted, keyNames);
    widenColumns(change, wanted, keyNames);
    // built after any DDL (which drops every plan): a plan always matches the columns as last read
    RowPlan built = RowPlan.build(rowSchema, keyNames, columns(), mode == WriteMode.CDC);
    List<String> keys = List.copyOf(keyNames);
    plans.put(new PlanKey(rowSchema, keys), built);
    remember(rowSchema, keys, built);
    return built;
  }

  private void remember(Schema rowSchema, List<String> keyNames, RowPlan plan) {
    lastSchema = rowSchema;
    lastKeys = keyNames;
    lastPlan = plan;
  }

  /** A row schema (compared by value; null for key-only plans) and the key columns. */
  private record PlanKey(Schema schema, List<String> keys) {}

  private ChType keyType(ChangeView change, Schema rowSchema, String name, Object value) {
    Schema schema = null;
    if (rowSchema != null && rowSchema.field(name) != null) {
      schema = rowSchema.field(name).schema();
    } else if (change.keySchema() != null && change.keySchema().type() == Schema.Type.STRUCT
        && change.keySchema().field(name) != null) {
      schema = change.keySchema().field(name).schema();
    } else if (change.keySchema() != null && change.keySchema().type().isPrimitive()) {
      schema = change.keySchema();
    }
    return schema != null ? TypeMapping.columnType(schema, schemas.server(), true)
        : TypeMapping.valueType(value, schemas.server(), true);
  }

  /** Creates the table or adds the columns it lacks, as the config allows; else a DataException naming them. */
  private void ensureColumns(ChangeView change, Map<String, ChType> wanted, List<String> keyNames) {
    if (!columns().exists()) {
      if (!autoCreate) {
        throw new DataException("Table " + table + " does not exist (record at " + change.coordinates()
            + "); create it or set " + ClickHouseSinkConfig.TABLE_AUTO_CREATE + "=true");
      }
      columnsChanged(ddl(change, wanted.keySet(), () -> schemas.create(table, wanted, keyNames)));
      // another task may have created it first, from another schema: add what it lacks below
    }
    Map<String, ChType> missing = new LinkedHashMap<>();
    wanted.forEach((name, type) -> {
      if (!columns().has(name)) {
        missing.put(name, type);
      }
    });
    addMetaColumns(missing);
    if (missing.isEmpty()) {
      return;
    }
    if (!autoEvolve) {
      throw new DataException("Table " + table + " has no column(s) " + missing.keySet() + " for the record at "
          + change.coordinates() + "; add them or set " + ClickHouseSinkConfig.TABLE_AUTO_EVOLVE + "=true");
    }
    columnsChanged(ddl(change, missing.keySet(), () -> schemas.addColumns(table, missing)));
  }

  /**
   * Runs DDL for a record. A refusal of the statement itself (a column name or type the server
   * rejects) is the record's problem and goes to the DLQ; network, overload, authentication and
   * missing-database failures fail the task (a restart is safe).
   */
  private TableColumns ddl(ChangeView change, java.util.Set<String> columnNames,
      java.util.function.Supplier<TableColumns> statement) {
    for (String name : columnNames) {
      if (name.isEmpty()) {
        throw new DataException("Record at " + change.coordinates() + " has a field with an empty name, which"
            + " cannot be a column of table " + table);
      }
    }
    try {
      return statement.get();
    } catch (ClickHouseException e) {
      ClickHouseError error = e.error();
      if (error.retriable() || error.authentication() || error.code() < 0
          || error.code() == ClickHouseError.UNKNOWN_DATABASE || error.code() == ClickHouseError.ACCESS_DENIED) {
        throw e; // not this record's fault: the task fails and says why
      }
      throw new DataException("Table " + table + " cannot be created or given the column(s) " + columnNames
          + " for the record at " + change.coordinates() + ": " + e.getMessage(), e);
    }
  }

  /**
   * Relaxes nullability and widens integer and float columns when a record's schema did (a field
   * became optional, an int32 field became int64). Key and meta columns are never changed. Rows
   * buffered for the old types are inserted first, and the change is computed against the columns
   * as they are right before it, so a column another writer widened further is never narrowed.
   */
  private void widenColumns(ChangeView change, Map<String, ChType> wanted, List<String> keyNames) {
    if (!autoEvolve || widenings(wanted, keyNames, columns()).isEmpty()) {
      return;
    }
    flush.insertAndWait(this);
    TableColumns live = schemas.describe(table);
    if (!live.equals(columns)) {
      columnsChanged(live);
    }
    Map<String, ChType> changed = widenings(wanted, keyNames, live);
    if (!changed.isEmpty()) {
      columnsChanged(ddl(change, changed.keySet(), () -> schemas.modifyColumns(table, changed)));
    }
  }

  private static Map<String, ChType> widenings(Map<String, ChType> wanted, List<String> keyNames,
      TableColumns columns) {
    Map<String, ChType> changed = new LinkedHashMap<>();
    wanted.forEach((name, type) -> {
      if (!keyNames.contains(name) && !MetaColumns.isMeta(name)) {
        ChType target = TypeMapping.widened(columns.type(name), type);
        if (target != null) {
          changed.put(name, target);
        }
      }
    });
    return changed;
  }

  /**
   * The table's columns as now read or changed: every row plan and JSON codec was built for the old
   * ones and is dropped (rows already buffered keep their plan until they are drained).
   */
  private void columnsChanged(TableColumns now) {
    columns = now;
    plans.clear();
    lastPlan = null;
    jsonCodecs.clear();
  }

  private void addMetaColumns(Map<String, ChType> missing) {
    putIfLacking(missing, MetaColumns.TOPIC, MetaColumns.TOPIC_TYPE);
    putIfLacking(missing, MetaColumns.PARTITION, MetaColumns.PARTITION_TYPE);
    putIfLacking(missing, MetaColumns.OFFSET, MetaColumns.OFFSET_TYPE);
    if (mode == WriteMode.CDC) {
      putIfLacking(missing, MetaColumns.VERSION, MetaColumns.VERSION_TYPE);
      putIfLacking(missing, MetaColumns.DELETED, MetaColumns.DELETED_TYPE);
    }
  }

  private void putIfLacking(Map<String, ChType> missing, String name, ChType type) {
    if (!columns().has(name)) {
      missing.put(name, type);
    }
  }

  /**
   * Encodes {@code change} into the buffer (the caller checked {@link #accepts(Object)}). On a value
   * that does not fit, nothing is buffered and a DataException names the record and the column.
   */
  public void append(ChangeView change, Object encoding, List<String> keyNames, List<Object> keyValues,
      long version, boolean deleted) {
    SinkRecord record = change.record();
    if (data == null) {
      data = new Bytes(nextCapacity);
    }
    int mark = data.size();
    try {
      if (encoding == null) {
        appendJson(change, keyNames, keyValues, version, deleted);
        format = Format.JSON_EACH_ROW;
      } else {
        appendBinary(change, (RowPlan) encoding, keyValues, version, deleted);
        format = Format.ROW_BINARY;
        plan = (RowPlan) encoding;
      }
    } catch (DataException e) {
      data.truncate(mark);
      throw e;
    }
    if (rows == 0) {
      firstRowAtMs = System.currentTimeMillis();
    }
    if (rows == sourceTimes.length) {
      sourceTimes = Arrays.copyOf(sourceTimes, Math.max(16, rows * 2));
    }
    sourceTimes[rows++] = change.sourceTimestampMs();
    TopicPartition tp = partitionOf(record);
    if (offsetVersions) {
      checkOneTopic(tp);
    }
    long offset = record.originalKafkaOffset();
    long[] range = ranges.get(tp);
    if (range == null) {
      ranges.put(tp, new long[] {offset, offset, 1});
    } else {
      range[1] = Math.max(range[1], offset);
      range[2]++;
    }
    if (deleted) {
      deletes++;
    } else {
      upserts++;
    }
  }

  /** Warns once when a CDC table versioned by Kafka offsets receives a second topic (offsets not comparable). */
  private void checkOneTopic(TopicPartition tp) {
    if (firstTopic == null) {
      firstTopic = tp.topic();
    } else if (!mixedTopicsReported && !firstTopic.equals(tp.topic())) {
      mixedTopicsReported = true;
      LOG.warn("CDC table {} receives changes from topics {} and {} with versions from Kafka offsets ({}=kafka.offset),"
          + " which are only comparable within one topic partition: a change to a key that comes through both can be"
          + " replaced by an older one. Use {}=source.position, or route each topic to its own table", table,
          firstTopic, tp.topic(), ClickHouseSinkConfig.VERSION_SOURCE, ClickHouseSinkConfig.VERSION_SOURCE);
    }
  }

  private void appendBinary(ChangeView change, RowPlan p, List<Object> keyValues, long version, boolean deleted) {
    Struct row = change.row() instanceof Struct s ? s : null;
    int i = 0;
    try {
      for (; i < p.metaStart; i++) {
        Codec codec = p.codecs[i];
        if (p.keyIndex[i] >= 0) {
          codec.binary(keyValues.get(p.keyIndex[i]), data);
        } else if (row != null) {
          codec.binary(row.get(p.fields[i]), data);
        } else {
          codec.binaryDefault(data);
        }
      }
      SinkRecord record = change.record();
      data.writeString(record.originalTopic());
      data.writeInt(record.originalKafkaPartition());
      data.writeLong(record.originalKafkaOffset());
      if (p.cdc) {
        data.writeLong(version);
        data.write(deleted ? 1 : 0);
      }
    } catch (ValueException e) {
      throw columnError(change, p.column(i), e);
    }
  }

  private void appendJson(ChangeView change, List<String> keyNames, List<Object> keyValues, long version,
      boolean deleted) {
    @SuppressWarnings("unchecked")
    Map<String, Object> row = change.row() == null ? Map.of() : (Map<String, Object>) change.row();
    ensureJsonColumns(change, row, keyNames, keyValues);
    data.write('{');
    for (int i = 0; i < keyNames.size(); i++) {
      jsonMember(change, keyNames.get(i), keyValues.get(i));
    }
    for (Map.Entry<String, Object> e : row.entrySet()) {
      String name = e.getKey();
      if (keyNames.contains(name) || MetaColumns.isMeta(name)) {
        continue;
      }
      if (e.getValue() == null && (!columns().has(name) || !columns().type(name).isNullable())) {
        continue; // the column's default
      }
      jsonMember(change, name, e.getValue());
    }
    SinkRecord record = change.record();
    data.writeJsonString(MetaColumns.TOPIC);
    data.write(':');
    data.writeJsonString(record.originalTopic());
    data.writeAscii(",\"" + MetaColumns.PARTITION + "\":" + record.originalKafkaPartition());
    data.writeAscii(",\"" + MetaColumns.OFFSET + "\":" + record.originalKafkaOffset());
    if (mode == WriteMode.CDC) {
      data.writeAscii(",\"" + MetaColumns.VERSION + "\":" + Long.toUnsignedString(version));
      data.writeAscii(",\"" + MetaColumns.DELETED + "\":" + (deleted ? 1 : 0));
    }
    data.writeAscii("}\n");
  }

  private void jsonMember(ChangeView change, String name, Object value) {
    data.writeJsonString(name);
    data.write(':');
    try {
      jsonCodecs.computeIfAbsent(name, n -> Codec.of(columns().type(n))).json(value, data);
    } catch (ValueException e) {
      throw columnError(change, name, e);
    }
    data.write(',');
  }

  private void ensureJsonColumns(ChangeView change, Map<String, Object> row, List<String> keyNames,
      List<Object> keyValues) {
    LinkedHashMap<String, ChType> wanted = new LinkedHashMap<>();
    for (int i = 0; i < keyNames.size(); i++) {
      if (!columns().has(keyNames.get(i))) {
        wanted.put(keyNames.get(i), TypeMapping.valueType(keyValues.get(i), schemas.server(), true));
      }
    }
    // schemaless maps have no field order: new columns are added in name order, the same on every run
    Map<String, ChType> added = new TreeMap<>();
    for (Map.Entry<String, Object> e : row.entrySet()) {
      if (e.getKey() == null || MetaColumns.isMeta(e.getKey()) || columns().has(e.getKey())
          || wanted.containsKey(e.getKey()) || e.getValue() == null) {
        continue;
      }
      added.put(e.getKey(), TypeMapping.valueType(e.getValue(), schemas.server(), false));
    }
    wanted.putAll(added);
    if (!wanted.isEmpty() || !columns().exists() || !columns().has(MetaColumns.OFFSET)) {
      ensureColumns(change, wanted, keyNames);
    }
    for (String name : row.keySet()) {
      if (columns().computed().containsKey(name)) {
        throw new DataException("Record at " + change.coordinates() + " has a value for column " + name
            + " of table " + table + ", which is MATERIALIZED or ALIAS and cannot be written");
      }
    }
  }

  private DataException columnError(ChangeView change, String column, ValueException e) {
    return new DataException("Record at " + change.coordinates() + " does not fit table " + table + ": column "
        + column + " got " + e.getMessage());
  }

  public int rows() {
    return rows;
  }

  public long bufferedBytes() {
    return (data == null ? 0 : data.capacity()) + 8L * sourceTimes.length;
  }

  public int encodedBytes() {
    return data == null ? 0 : data.size();
  }

  /** Per partition of the buffered rows: first offset, last offset, rows. Read-only. */
  public Map<TopicPartition, long[]> bufferedRanges() {
    return java.util.Collections.unmodifiableMap(ranges);
  }

  public long firstRowAtMs() {
    return firstRowAtMs;
  }

  /** Hands the buffer over as a batch and starts an empty one; null when nothing is buffered. */
  public Batch drain() {
    if (rows == 0) {
      return null;
    }
    List<String> quotedColumns = format == Format.ROW_BINARY ? plan.quotedColumns : List.of();
    Map<TopicPartition, long[]> batchRanges = new HashMap<>(ranges);
    Bytes encoded = format == Format.ROW_BINARY ? matchingTable(data) : data;
    Batch batch = new Batch(table, quotedTable, format, quotedColumns, encoded, rows, batchRanges,
        Arrays.copyOf(sourceTimes, rows), upserts, deletes);
    // nothing is held until the next row: an idle table costs no buffer. The next batch likely has the
    // size of this one: it starts there (up to 1 MiB, and within a fair share of the memory bound among
    // the tables in use) instead of growing again
    data = null;
    long share = bufferMaxBytes / (4L * Math.max(1, tablesInUse.getAsInt()));
    nextCapacity = (int) Math.max(MIN_BUFFER, Math.min(Math.min(batch.data().size(), MAX_INITIAL_BUFFER), share));
    rows = 0;
    ranges.clear();
    upserts = 0;
    deletes = 0;
    format = null;
    plan = null;
    sourceTimes = NO_TIMES;
    return batch;
  }

  /**
   * The buffered RowBinary rows as the table's columns are now. Another task (or a user) may have
   * widened a column or made it Nullable since the rows were encoded: then they are rewritten for the
   * new types, and every plan is rebuilt from the columns as read. One {@code system.columns} read
   * per RowBinary insert; JSONEachRow rows are text, which the server reads by the current types.
   */
  private Bytes matchingTable(Bytes encoded) {
    TableColumns live;
    try {
      live = schemas.describe(table);
    } catch (ClickHouseException e) {
      LOG.warn("Could not read the columns of table {} before inserting {} rows ({}); inserting them as encoded",
          table, rows, e.getMessage());
      return encoded;
    }
    if (!live.exists()) {
      return encoded; // dropped meanwhile: the insert says so
    }
    List<ChType> encodedTypes = plan.types();
    List<ChType> liveTypes = new java.util.ArrayList<>(encodedTypes.size());
    boolean same = true;
    for (int i = 0; i < encodedTypes.size(); i++) {
      ChType now = live.type(plan.names.get(i));
      liveTypes.add(now);
      same &= now != null && now.text().equals(encodedTypes.get(i).text());
    }
    if (!live.equals(columns)) {
      columnsChanged(live);
    }
    if (same) {
      return encoded;
    }
    List<String> changes = new java.util.ArrayList<>();
    for (int i = 0; i < encodedTypes.size(); i++) {
      ChType now = liveTypes.get(i);
      if (now == null || !now.text().equals(encodedTypes.get(i).text())) {
        changes.add(plan.names.get(i) + " " + encodedTypes.get(i).text() + " -> " + (now == null ? "(dropped)"
            : now.text()));
      }
    }
    RowBinaryConverter converter = RowBinaryConverter.of(encodedTypes, liveTypes);
    if (converter == null) {
      throw new ConnectException("Table " + table + " changed while " + rows + " rows encoded for its former"
          + " columns were buffered (" + String.join(", ", changes) + "), and they cannot be converted. Restart the"
          + " task: it replays from the last committed offsets and encodes the rows for the table as it is now.");
    }
    LOG.info("Table {} changed under this task ({}), by another task or a user; re-encoded {} buffered rows for"
        + " the new column types", table, String.join(", ", changes), rows);
    try {
      return converter.convert(encoded.array(), encoded.size(), rows);
    } catch (IllegalStateException e) {
      throw new ConnectException("Buffered rows for table " + table + " could not be re-encoded for its changed"
          + " columns (" + String.join(", ", changes) + "): " + e.getMessage() + ". Restart the task.", e);
    }
  }

  @Override
  public String toString() {
    return table;
  }
}
