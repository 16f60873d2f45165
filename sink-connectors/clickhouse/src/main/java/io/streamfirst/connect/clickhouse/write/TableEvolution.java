// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.clickhouse.write;

import io.streamfirst.connect.clickhouse.ClickHouseSinkConfig;
import io.streamfirst.connect.clickhouse.WriteMode;
import io.streamfirst.connect.clickhouse.client.ClickHouseError;
import io.streamfirst.connect.clickhouse.client.ClickHouseException;
import io.streamfirst.connect.clickhouse.schema.ChType;
import io.streamfirst.connect.clickhouse.schema.MetaColumns;
import io.streamfirst.connect.clickhouse.schema.TableColumns;
import io.streamfirst.connect.clickhouse.schema.Tables;
import io.streamfirst.connect.clickhouse.schema.TypeMapping;
import io.streamfirst.connect.sink.ChangeView;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.errors.DataException;

/**
 * The columns of one table: read, created and evolved as the records routed to it need.
 *
 * <p>Holds the columns as this task last read them; runs CREATE TABLE, ADD COLUMN and MODIFY
 * COLUMN within what the config allows.
 */
final class TableEvolution {

  private final String table;
  private final Tables tables;
  private final boolean cdc;
  private final boolean autoCreate;
  private final boolean autoEvolve;
  /**
   * Inserts the rows buffered for the table and waits until they, and any insert of the table still
   * running, are in it: called before a column's type changes, so that no row encoded for the old
   * type reaches the table after the change.
   */
  private final Runnable insertBuffered;
  /** Told whenever the columns change: every row plan and codec built for the old ones is dropped. */
  private final Runnable columnsChanged;
  private TableColumns columns;

  TableEvolution(String table, Tables tables, ClickHouseSinkConfig config, Runnable insertBuffered,
      Runnable columnsChanged) {
    this.table = table;
    this.tables = tables;
    this.cdc = config.writeMode() == WriteMode.CDC;
    this.autoCreate = config.autoCreate();
    this.autoEvolve = config.autoEvolve();
    this.insertBuffered = insertBuffered;
    this.columnsChanged = columnsChanged;
  }

  /** The table's columns as last read or changed (read on first use). */
  TableColumns columns() {
    if (columns == null) {
      columns = tables.describe(table);
    }
    return columns;
  }

  /** As {@link #columns()}, read again when the table did not exist: another task may have created it since. */
  TableColumns columnsRereadIfMissing() {
    if (columns != null && !columns.exists()) {
      columns = null;
    }
    return columns();
  }

  /** True when the table does not exist (yet). */
  boolean missing() {
    return !columns().exists();
  }

  /** The table's columns as the server reports them now, without taking them over. */
  TableColumns readLive() {
    return tables.describe(table);
  }

  /** Takes over columns just read from the server; when they differ, plans built for the old ones are dropped. */
  void adopt(TableColumns live) {
    if (!live.equals(columns)) {
      changed(live);
    }
  }

  /**
   * Makes the table fit a row schema (null for a delete with only key columns): creates it or adds
   * the columns it lacks, and relaxes or widens columns whose field did.
   */
  void fit(ChangeView change, Schema rowSchema, List<String> keyNames, List<Object> keyValues) {
    LinkedHashMap<String, ChType> wanted = new LinkedHashMap<>();
    for (int i = 0; i < keyNames.size(); i++) {
      wanted.put(keyNames.get(i), keyType(change, rowSchema, keyNames.get(i), keyValues.get(i)));
    }
    if (rowSchema != null) {
      for (Field field : rowSchema.fields()) {
        if (!wanted.containsKey(field.name()) && !MetaColumns.isMeta(field.name())) {
          wanted.put(field.name(), TypeMapping.columnType(field.schema(), tables.server(), false));
        }
      }
    }
    ensureColumns(change, wanted, keyNames);
    widenColumns(change, wanted, keyNames);
  }

  /**
   * Makes the table fit a schemaless row: creates it or adds the columns it lacks, typed from the
   * values; refuses values for MATERIALIZED or ALIAS columns.
   */
  void fitJson(ChangeView change, Map<String, Object> row, List<String> keyNames, List<Object> keyValues) {
    LinkedHashMap<String, ChType> wanted = new LinkedHashMap<>();
    for (int i = 0; i < keyNames.size(); i++) {
      if (!columns().has(keyNames.get(i))) {
        wanted.put(keyNames.get(i), TypeMapping.valueType(keyValues.get(i), tables.server(), true));
      }
    }
    // schemaless maps have no field order: new columns are added in name order, the same on every run
    Map<String, ChType> added = new TreeMap<>();
    for (Map.Entry<String, Object> e : row.entrySet()) {
      if (e.getKey() == null || MetaColumns.isMeta(e.getKey()) || columns().has(e.getKey())
          || wanted.containsKey(e.getKey()) || e.getValue() == null) {
        continue;
      }
      added.put(e.getKey(), TypeMapping.valueType(e.getValue(), tables.server(), false));
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
    return schema != null
        ? TypeMapping.columnType(schema, tables.server(), true)
        : TypeMapping.valueType(value, tables.server(), true);
  }

  /** Creates the table or adds the columns it lacks, as the config allows; else a DataException naming them. */
  private void ensureColumns(ChangeView change, Map<String, ChType> wanted, List<String> keyNames) {
    if (!columns().exists()) {
      if (!autoCreate) {
        throw new DataException("Table " + table + " does not exist (record at " + change.coordinates()
            + "); create it or set " + ClickHouseSinkConfig.TABLE_AUTO_CREATE + "=true");
      }
      changed(ddl(change, wanted.keySet(), () -> tables.create(table, wanted, keyNames)));
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
    changed(ddl(change, missing.keySet(), () -> tables.addColumns(table, missing)));
  }

  /**
   * Runs DDL for a record. A refusal of the statement itself (a column name or type the server
   * rejects) is the record's problem and goes to the DLQ; network, overload, authentication and
   * missing-database failures fail the task (a restart is safe).
   */
  private TableColumns ddl(ChangeView change, Set<String> columnNames, Supplier<TableColumns> statement) {
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
    insertBuffered.run();
    TableColumns live = readLive();
    adopt(live);
    Map<String, ChType> changed = widenings(wanted, keyNames, live);
    if (!changed.isEmpty()) {
      changed(ddl(change, changed.keySet(), () -> tables.modifyColumns(table, changed)));
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
  private void changed(TableColumns now) {
    columns = now;
    columnsChanged.run();
  }

  private void addMetaColumns(Map<String, ChType> missing) {
    putIfLacking(missing, MetaColumns.TOPIC, MetaColumns.TOPIC_TYPE);
    putIfLacking(missing, MetaColumns.PARTITION, MetaColumns.PARTITION_TYPE);
    putIfLacking(missing, MetaColumns.OFFSET, MetaColumns.OFFSET_TYPE);
    if (cdc) {
      putIfLacking(missing, MetaColumns.VERSION, MetaColumns.VERSION_TYPE);
      putIfLacking(missing, MetaColumns.DELETED, MetaColumns.DELETED_TYPE);
    }
  }

  private void putIfLacking(Map<String, ChType> missing, String name, ChType type) {
    if (!columns().has(name)) {
      missing.put(name, type);
    }
  }
}
