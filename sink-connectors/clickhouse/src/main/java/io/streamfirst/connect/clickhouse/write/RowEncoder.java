// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.clickhouse.write;

import io.streamfirst.connect.clickhouse.schema.MetaColumns;
import io.streamfirst.connect.sink.ChangeView;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * Encodes changes as rows of one table, as RowBinary with a plan per row schema or as JSONEachRow.
 *
 * <p>Plans are cached (bounded); the table is made to fit each new row schema before its plan is
 * built.
 */
final class RowEncoder {

  /** Row plans kept per table (least recently used dropped first), whatever the number of schemas. */
  static final int MAX_PLANS = 64;

  private final String table;
  private final TableEvolution evolution;
  private final boolean cdc;
  /** Codecs of the columns schemaless rows write, by name; rebuilt whenever the columns change. */
  private final Map<String, Codec> jsonCodecs = new HashMap<>();
  /**
   * Row plans by (row schema, key columns), compared by value so that equal schemas sent as new
   * instances share one plan (and one batch); bounded, least recently used dropped first.
   */
  private final Map<PlanKey, Encoding.RowBinary> plans = new LinkedHashMap<>(16, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<PlanKey, Encoding.RowBinary> eldest) {
      return size() > MAX_PLANS;
    }
  };
  /** The plan of the last record, looked up by identity first: most records share their schema instance. */
  private Schema lastSchema;
  private List<String> lastKeys;
  private Encoding.RowBinary lastPlan;

  /** A row schema (compared by value; null for key-only plans) and the key columns. */
  private record PlanKey(Schema schema, List<String> keys) {
  }

  RowEncoder(String table, TableEvolution evolution, boolean cdc) {
    this.table = table;
    this.evolution = evolution;
    this.cdc = cdc;
  }

  /**
   * How {@code change} is encoded: a RowBinary plan for records with a row schema, JSONEachRow for
   * schemaless rows, the buffered rows' encoding (or a key-only plan) for deletes without a row.
   * Creates or evolves the table as needed.
   *
   * @param buffered the encoding of the rows buffered for the table, or null when none are
   */
  Encoding encodingFor(ChangeView change, List<String> keyNames, List<Object> keyValues, Encoding buffered) {
    Object row = change.row();
    if (row instanceof Struct struct) {
      return planFor(change, struct.schema(), keyNames, keyValues);
    }
    if (row instanceof Map<?, ?>) {
      return Encoding.JSON_EACH_ROW;
    }
    if (row != null) {
      throw new DataException("Record at " + change.coordinates() + " has a " + row.getClass().getSimpleName()
          + " value; the sink writes Struct values (with a schema) or JSON objects (schemaless maps)");
    }
    // a delete without a row
    if (buffered != null) {
      return buffered;
    }
    if (change.rowSchema() != null) {
      return planFor(change, change.rowSchema(), keyNames, keyValues);
    }
    if (change.keySchema() == null && !(change.key() instanceof Struct)) {
      return Encoding.JSON_EACH_ROW;
    }
    return planFor(change, null, keyNames, keyValues);
  }

  private Encoding.RowBinary planFor(ChangeView change, Schema rowSchema, List<String> keyNames,
      List<Object> keyValues) {
    if (lastPlan != null && lastSchema == rowSchema && lastKeys.equals(keyNames)) {
      return lastPlan;
    }
    Encoding.RowBinary cached = plans.get(new PlanKey(rowSchema, keyNames));
    if (cached != null) {
      remember(rowSchema, keyNames, cached);
      return cached;
    }
    evolution.fit(change, rowSchema, keyNames, keyValues);
    // built after any DDL (which drops every plan): a plan always matches the columns as last read
    Encoding.RowBinary built = new Encoding.RowBinary(RowPlan.build(rowSchema, keyNames, evolution.columns(), cdc));
    List<String> keys = List.copyOf(keyNames);
    plans.put(new PlanKey(rowSchema, keys), built);
    remember(rowSchema, keys, built);
    return built;
  }

  private void remember(Schema rowSchema, List<String> keyNames, Encoding.RowBinary plan) {
    lastSchema = rowSchema;
    lastKeys = keyNames;
    lastPlan = plan;
  }

  /** The table's columns changed: every plan and codec built for the old ones is dropped. */
  void columnsChanged() {
    plans.clear();
    lastPlan = null;
    jsonCodecs.clear();
  }

  /** Row plans held, for the cache bound. */
  int planCount() {
    return plans.size();
  }

  /**
   * Writes {@code change} as one row to {@code out}. On a value that does not fit, a DataException
   * names the record and the column; part of the row may have been written (the caller drops it).
   */
  void encode(ChangeView change, Encoding encoding, List<String> keyNames, List<Object> keyValues, long version,
      boolean deleted, Bytes out) {
    if (encoding instanceof Encoding.RowBinary binary) {
      encodeBinary(change, binary.plan(), keyValues, version, deleted, out);
    } else {
      encodeJson(change, keyNames, keyValues, version, deleted, out);
    }
  }

  private void encodeBinary(ChangeView change, RowPlan p, List<Object> keyValues, long version, boolean deleted,
      Bytes out) {
    Struct row = change.row() instanceof Struct s ? s : null;
    int i = 0;
    try {
      for (; i < p.metaStart; i++) {
        Codec codec = p.codecs[i];
        if (p.keyIndex[i] >= 0) {
          codec.binary(keyValues.get(p.keyIndex[i]), out);
        } else if (row != null) {
          codec.binary(row.get(p.fields[i]), out);
        } else {
          codec.binaryDefault(out);
        }
      }
      SinkRecord record = change.record();
      out.writeString(record.originalTopic());
      out.writeInt(record.originalKafkaPartition());
      out.writeLong(record.originalKafkaOffset());
      if (p.cdc) {
        out.writeLong(version);
        out.write(deleted ? 1 : 0);
      }
    } catch (ValueException e) {
      throw columnError(change, p.column(i), e);
    }
  }

  private void encodeJson(ChangeView change, List<String> keyNames, List<Object> keyValues, long version,
      boolean deleted, Bytes out) {
    @SuppressWarnings("unchecked")
    Map<String, Object> row = change.row() == null ? Map.of() : (Map<String, Object>) change.row();
    evolution.fitJson(change, row, keyNames, keyValues);
    out.write('{');
    for (int i = 0; i < keyNames.size(); i++) {
      jsonMember(change, keyNames.get(i), keyValues.get(i), out);
    }
    for (Map.Entry<String, Object> e : row.entrySet()) {
      String name = e.getKey();
      if (keyNames.contains(name) || MetaColumns.isMeta(name)) {
        continue;
      }
      if (e.getValue() == null && (!evolution.columns().has(name) || !evolution.columns().type(name).isNullable())) {
        continue; // the column's default
      }
      jsonMember(change, name, e.getValue(), out);
    }
    SinkRecord record = change.record();
    out.writeJsonString(MetaColumns.TOPIC);
    out.write(':');
    out.writeJsonString(record.originalTopic());
    out.writeAscii(",\"" + MetaColumns.PARTITION + "\":" + record.originalKafkaPartition());
    out.writeAscii(",\"" + MetaColumns.OFFSET + "\":" + record.originalKafkaOffset());
    if (cdc) {
      out.writeAscii(",\"" + MetaColumns.VERSION + "\":" + Long.toUnsignedString(version));
      out.writeAscii(",\"" + MetaColumns.DELETED + "\":" + (deleted ? 1 : 0));
    }
    out.writeAscii("}\n");
  }

  private void jsonMember(ChangeView change, String name, Object value, Bytes out) {
    out.writeJsonString(name);
    out.write(':');
    try {
      jsonCodecs.computeIfAbsent(name, n -> Codec.of(evolution.columns().type(n))).json(value, out);
    } catch (ValueException e) {
      throw columnError(change, name, e);
    }
    out.write(',');
  }

  private DataException columnError(ChangeView change, String column, ValueException e) {
    return new DataException("Record at " + change.coordinates() + " does not fit table " + table + ": column "
        + column + " got " + e.getMessage());
  }
}
