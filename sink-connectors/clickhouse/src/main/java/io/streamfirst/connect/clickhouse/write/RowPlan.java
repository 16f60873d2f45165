// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.clickhouse.write;

import io.streamfirst.connect.clickhouse.schema.ChType;
import io.streamfirst.connect.clickhouse.schema.MetaColumns;
import io.streamfirst.connect.clickhouse.schema.Sql;
import io.streamfirst.connect.clickhouse.schema.TableColumns;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;

/**
 * How one row schema is written as RowBinary into one table: the column list of the INSERT and, per
 * column, where the value comes from (a key value, a field of the row, or a meta value) and the
 * codec of the table's column type. Built once per (row schema, key columns, table version).
 */
final class RowPlan {

  final List<String> quotedColumns;
  /** The column names, unquoted, in column order. */
  final List<String> names;
  final Codec[] codecs;
  /** Per column: the Struct field, or null. */
  final Field[] fields;
  /** Per column: the index into the key values, or -1. */
  final int[] keyIndex;
  final int metaStart;
  final boolean cdc;

  private RowPlan(List<String> quotedColumns, List<String> names, Codec[] codecs, Field[] fields, int[] keyIndex,
      int metaStart, boolean cdc) {
    this.quotedColumns = quotedColumns;
    this.names = names;
    this.codecs = codecs;
    this.fields = fields;
    this.keyIndex = keyIndex;
    this.metaStart = metaStart;
    this.cdc = cdc;
  }

  /**
   * @param rowSchema the row's schema (null for a key-only plan)
   * @param keyNames  key columns (CDC), written from the key values
   * @param table     the table as it is now; it has every column named here
   */
  static RowPlan build(Schema rowSchema, List<String> keyNames, TableColumns table, boolean cdc) {
    List<String> names = new ArrayList<>();
    List<Field> fields = new ArrayList<>();
    List<Integer> keys = new ArrayList<>();
    for (int i = 0; i < keyNames.size(); i++) {
      names.add(keyNames.get(i));
      fields.add(null);
      keys.add(i);
    }
    if (rowSchema != null) {
      for (Field field : rowSchema.fields()) {
        if (!keyNames.contains(field.name()) && !MetaColumns.isMeta(field.name())) {
          names.add(field.name());
          fields.add(field);
          keys.add(-1);
        }
      }
    }
    int metaStart = names.size();
    names.add(MetaColumns.TOPIC);
    names.add(MetaColumns.PARTITION);
    names.add(MetaColumns.OFFSET);
    if (cdc) {
      names.add(MetaColumns.VERSION);
      names.add(MetaColumns.DELETED);
    }
    int n = names.size();
    Codec[] codecs = new Codec[n];
    Field[] fieldArray = new Field[n];
    int[] keyIndex = new int[n];
    List<String> quoted = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      codecs[i] = Codec.of(table.type(names.get(i)));
      fieldArray[i] = i < metaStart ? fields.get(i) : null;
      keyIndex[i] = i < metaStart ? keys.get(i) : -1;
      quoted.add(Sql.identifier(names.get(i)));
    }
    return new RowPlan(List.copyOf(quoted), List.copyOf(names), codecs, fieldArray, keyIndex, metaStart, cdc);
  }

  /** The column types the rows are encoded for, in column order. */
  List<ChType> types() {
    List<ChType> out = new ArrayList<>(codecs.length);
    for (Codec codec : codecs) {
      out.add(codec.type());
    }
    return out;
  }

  /** The column name at {@code i}, for error messages. */
  String column(int i) {
    return names.get(i);
  }
}
