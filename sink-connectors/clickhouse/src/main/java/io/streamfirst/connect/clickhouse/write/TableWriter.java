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
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * One target table within a task: its columns (created and evolved on demand), how each row schema
 * is encoded into it, the rows buffered for its next insert, and the offsets already in it (read
 * back after every partition assignment so that replayed records are skipped; see DESIGN.md).
 * Used by the task thread only; a drained {@link Batch} is handed to an insert thread.
 */
public final class TableWriter {

  private static final int MIN_BUFFER = 1024;
  private static final int MAX_INITIAL_BUFFER = 1 << 20;

  private final String table;
  private final String quotedTable;
  private final Tables schemas;
  private final WriteMode mode;
  private final boolean autoCreate;
  private final boolean autoEvolve;

  private TableColumns columns;
  /** Codecs of the columns schemaless rows write, by name; rebuilt whenever the columns change. */
  private final Map<String, Codec> jsonCodecs = new HashMap<>();
  private final Map<Schema, Map<List<String>, RowPlan>> plans = new IdentityHashMap<>();

  // the buffer of the next insert
  private Format format;
  private RowPlan plan;
  private Bytes data = new Bytes(MIN_BUFFER);
  private int rows;
  private long[] sourceTimes = new long[256];
  private final Map<TopicPartition, long[]> ranges = new HashMap<>();
  private int upserts;
  private int deletes;
  private long firstRowAtMs;

  // offsets already in the table, per partition, read once per assignment
  private final Map<TopicPartition, Long> written = new HashMap<>();
  private final Set<TopicPartition> checked = new HashSet<>();

  public TableWriter(String table, String database, Tables schemas, ClickHouseSinkConfig config) {
    this.table = table;
    this.quotedTable = Sql.qualified(database, table);
    this.schemas = schemas;
    this.mode = config.writeMode();
    this.autoCreate = config.autoCreate();
    this.autoEvolve = config.autoEvolve();
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
    if (!checked.contains(tp)) {
      loadHighWaterMarks(tp);
    }
    Long mark = written.get(tp);
    return mark != null && record.originalKafkaOffset() <= mark;
  }

  private void loadHighWaterMarks(TopicPartition tp) {
    // marked as checked only once the marks are read: a failed read is retried, never taken as "no rows"
    if (!columns().exists() || !columns().has(MetaColumns.OFFSET) || !columns().has(MetaColumns.TOPIC)
        || !columns().has(MetaColumns.PARTITION)) {
      checked.add(tp);
      return;
    }
    Map<Integer, Long> marks = schemas.highWaterMarks(table, tp.topic());
    checked.add(tp);
    marks.forEach((partition, offset) -> {
      TopicPartition other = new TopicPartition(tp.topic(), partition);
      if (other.equals(tp) || !checked.contains(other)) {
        written.put(other, offset);
        checked.add(other);
      }
    });
  }

  /** Forgets what is known about the offsets in the table for these partitions (after a rebalance). */
  public void forget(Collection<TopicPartition> partitions) {
    checked.removeAll(partitions);
    written.keySet().removeAll(partitions);
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
    Map<List<String>, RowPlan> byKeys = plans.computeIfAbsent(rowSchema, s -> new HashMap<>());
    RowPlan cached = byKeys.get(keyNames);
    if (cached != null) {
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
    RowPlan built = RowPlan.build(rowSchema, keyNames, columns(), mode == WriteMode.CDC);
    byKeys.put(List.copyOf(keyNames), built);
    return built;
  }

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
      columns = ddl(change, wanted.keySet(), () -> schemas.create(table, wanted, keyNames));
      jsonCodecs.clear();
      return;
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
    columns = ddl(change, missing.keySet(), () -> schemas.addColumns(table, missing));
    jsonCodecs.clear();
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
   * became optional, an int32 field became int64). Key and meta columns are never changed.
   */
  private void widenColumns(ChangeView change, Map<String, ChType> wanted, List<String> keyNames) {
    Map<String, ChType> changed = new LinkedHashMap<>();
    wanted.forEach((name, type) -> {
      if (!keyNames.contains(name) && !MetaColumns.isMeta(name)) {
        ChType target = TypeMapping.widened(columns().type(name), type);
        if (target != null) {
          changed.put(name, target);
        }
      }
    });
    if (changed.isEmpty() || !autoEvolve) {
      return;
    }
    columns = ddl(change, changed.keySet(), () -> schemas.modifyColumns(table, changed));
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
      sourceTimes = Arrays.copyOf(sourceTimes, rows * 2);
    }
    sourceTimes[rows++] = change.sourceTimestampMs();
    TopicPartition tp = partitionOf(record);
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
    return data.capacity() + 8L * sourceTimes.length;
  }

  public int encodedBytes() {
    return data.size();
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
    Batch batch = new Batch(table, quotedTable, format, quotedColumns, data, rows, batchRanges,
        Arrays.copyOf(sourceTimes, rows), upserts, deletes);
    // the next batch likely has the size of this one: start there (up to 1 MiB) instead of growing again
    data = new Bytes(Math.max(MIN_BUFFER, Math.min(batch.data().size(), MAX_INITIAL_BUFFER)));
    rows = 0;
    ranges.clear();
    upserts = 0;
    deletes = 0;
    format = null;
    plan = null;
    if (sourceTimes.length > 4096) {
      sourceTimes = new long[256];
    }
    return batch;
  }

  @Override
  public String toString() {
    return table;
  }
}
