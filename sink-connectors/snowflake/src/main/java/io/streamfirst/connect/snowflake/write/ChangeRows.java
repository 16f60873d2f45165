// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.snowflake.write;

import io.streamfirst.connect.sink.ChangeKind;
import io.streamfirst.connect.sink.ChangeView;
import io.streamfirst.connect.sink.KeyColumns;
import io.streamfirst.connect.snowflake.sql.ChangeColumns;
import io.streamfirst.connect.snowflake.sql.Column;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;

/**
 * CDC mode: a change as a row of its change table, with the columns it needs there and (for an insert or
 * update) in the target table.
 */
public final class ChangeRows {

  /**
   * @param change the change
   * @param delete true for a delete (the target is not touched until the MERGE)
   * @param keys the key column names as stored
   * @param rawKeys the key field names as in the record
   * @param values the change-table row
   */
  public record ChangeRow(ChangeView change, boolean delete, List<String> keys, List<String> rawKeys,
      Map<String, Object> values) {
  }

  /** The sink's own columns of a change row, in the order {@link #of} fills them. */
  private static final String[] SINK_COLUMNS = {ChangeColumns.OP, ChangeColumns.VERSION, ChangeColumns.OFFSET,
      ChangeColumns.TOPIC, ChangeColumns.PARTITION, ChangeColumns.KEY_COLUMNS};

  /**
   * The key column names as stored and as {@link ChangeColumns#encodeKeys} writes them, for one list of key
   * fields, and the columns a change row has after the row's: the key columns, then the sink's.
   */
  private record KeyPlan(List<String> rawKeys, List<String> keys, String encoded, String[] tail) {
  }

  private final Rows rows;
  private final KeyColumns keyColumns;
  private KeyPlan lastKeys;
  private final ChangeVersions versions;
  private final UnaryOperator<String> names;

  public ChangeRows(Rows rows, KeyColumns keyColumns, ChangeVersions versions, UnaryOperator<String> names) {
    this.rows = rows;
    this.keyColumns = keyColumns;
    this.versions = versions;
    this.names = names;
  }

  /**
   * The change row of {@code change}; null for a tombstone without a source position when versions come
   * from positions (its delete event, which precedes it, carries the change).
   *
   * @throws org.apache.kafka.connect.errors.DataException for a change without key or version
   */
  public ChangeRow of(ChangeView change) {
    boolean delete = change.kind() == ChangeKind.DELETE;
    if (change.row() == null && !delete) {
      throw new org.apache.kafka.connect.errors.DataException("Record at " + change.coordinates()
          + " has no row; CDC mode needs a row for every insert or update");
    }
    if (change.row() == null && versions.fromSource() && change.sourcePosition() == null) {
      return null;
    }
    List<String> rawKeys = keyColumns.names(change);
    List<Object> keyValues = keyColumns.values(change);
    KeyPlan plan = keyPlan(rawKeys);
    ColumnRow values = rows.values(change.row(), change.rowSchema(), plan.tail);
    for (int i = 0; i < rawKeys.size(); i++) {
      values.put(plan.keys.get(i), rows.channelValue(keyValues.get(i), keySchema(change, rawKeys.get(i))));
    }
    // the sink's columns: the last slots, in the order of the tail
    int sink = values.slots() - SINK_COLUMNS.length;
    values.set(sink, delete ? ChangeColumns.DELETE : opText(change.op()));
    values.set(sink + 1, versions.of(change));
    values.set(sink + 2, change.record().kafkaOffset());
    values.set(sink + 3, change.record().topic());
    values.set(sink + 4, change.record().kafkaPartition());
    values.set(sink + 5, plan.encoded);
    List<String> keys = plan.keys;
    return new ChangeRow(change, delete, keys, rawKeys, values);
  }

  /**
   * The stored names of {@code rawKeys}: worked out again only when the key fields differ from the last
   * change's (the configured columns, or the fields of one key schema, are the same for every change).
   */
  private KeyPlan keyPlan(List<String> rawKeys) {
    KeyPlan plan = lastKeys;
    if (plan == null || (plan.rawKeys != rawKeys && !plan.rawKeys.equals(rawKeys))) {
      List<String> keys = rawKeys.stream().map(names).toList();
      List<String> tail = new ArrayList<>(keys);
      tail.addAll(List.of(SINK_COLUMNS));
      plan = new KeyPlan(List.copyOf(rawKeys), keys, ChangeColumns.encodeKeys(keys), tail.toArray(String[]::new));
      lastKeys = plan;
    }
    return plan;
  }

  /** The operation letter as text, without a new string for each change. */
  private static String opText(char op) {
    return switch (op) {
      case 0, 'u' -> "u";
      case 'c' -> "c";
      case 'r' -> "r";
      case 'd' -> ChangeColumns.DELETE;
      default -> String.valueOf(op);
    };
  }

  /** The row and key columns of {@code row}. */
  private List<Column> columns(ChangeRow row) {
    ChangeView change = row.change();
    List<Column> columns = new ArrayList<>();
    if (change.row() != null) {
      columns.addAll(rows.columns(change.row(), change.rowSchema()));
    }
    for (int i = 0; i < row.keys().size(); i++) {
      String name = row.keys().get(i);
      if (columns.stream().noneMatch(c -> c.name().equals(name))) {
        columns.add(rows.column(name, row.values().get(name), keySchema(change, row.rawKeys().get(i))));
      }
    }
    return columns;
  }

  /** The columns the target needs for {@code row} (row, key and version columns). */
  public List<Column> targetColumns(ChangeRow row) {
    List<Column> target = columns(row);
    target.addAll(ChangeColumns.target());
    return target;
  }

  /** The columns the change table needs for {@code row} (all nullable). */
  public List<Column> changeColumns(ChangeRow row) {
    List<Column> changes = new ArrayList<>();
    columns(row).forEach(c -> changes.add(new Column(c.name(), c.type(), true)));
    changes.addAll(ChangeColumns.changes());
    return changes;
  }

  private Schema keySchema(ChangeView change, String raw) {
    Schema container = keyColumns.fromIdentifierColumns() || change.keySchema() == null
        ? change.rowSchema()
        : change.keySchema();
    if (container == null) {
      return null;
    }
    if (container.type() == Schema.Type.STRUCT) {
      Field field = container.field(raw);
      return field == null ? null : field.schema();
    }
    return change.key() instanceof Struct || change.key() instanceof Map<?, ?> ? null : container;
  }
}
