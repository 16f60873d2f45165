// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.snowflake.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The sink's own columns in CDC mode, always upper case: in the change table, what each change is and
 * where it came from; in the target table, the version of the change that wrote the row.
 */
public final class ChangeColumns {

  /** The operation letter: {@code c}, {@code u}, {@code r} or {@code d}. */
  public static final String OP = "_SF_OP";
  /** The change's version (an unsigned 64-bit number as NUMBER(38,0)); in the target too. */
  public static final String VERSION = "_SF_VERSION";
  /** The Kafka offset of the change; in the target too (ties between equal versions). */
  public static final String OFFSET = "_SF_OFFSET";
  public static final String TOPIC = "_SF_TOPIC";
  public static final String PARTITION = "_SF_PARTITION";
  /** The key column names of the change, as {@link #encodeKeys} writes them. */
  public static final String KEY_COLUMNS = "_SF_KEY_COLUMNS";
  /** The operation letter of a delete. */
  public static final String DELETE = "d";
  /** Suffix of the change table's name. */
  public static final String CHANGES_SUFFIX = "__CHANGES";
  /** Suffix of the deleted-keys table's name. */
  public static final String DELETED_SUFFIX = "__DELETED";
  /** In the deleted-keys table: when (epoch milliseconds, the task's clock) the MERGE wrote the row. */
  public static final String DELETED_AT_MS = "_SF_DELETED_AT_MS";

  public static final Set<String> IN_TARGET = Set.of(VERSION, OFFSET);
  public static final Set<String> IN_CHANGES = Set.of(OP, VERSION, OFFSET, TOPIC, PARTITION, KEY_COLUMNS);

  private ChangeColumns() {}

  /** The change table of {@code target}: same database and schema, name plus {@value #CHANGES_SUFFIX}. */
  public static TableRef changesOf(TableRef target) {
    return new TableRef(target.database(), target.schema(), target.table() + CHANGES_SUFFIX);
  }

  /**
   * The deleted-keys table of {@code target}: same database and schema, name plus {@value #DELETED_SUFFIX}.
   * It holds, per deleted key, the version of the delete, so that a MERGE never applies an older change of
   * that key after the row is gone.
   */
  public static TableRef deletedOf(TableRef target) {
    return new TableRef(target.database(), target.schema(), target.table() + DELETED_SUFFIX);
  }

  /**
   * The columns of a deleted-keys table for {@code keys}: each key column with its type in {@code target}
   * (the target's columns; all nullable here), then the delete's version and offset and when it was written.
   */
  public static List<Column> deleted(List<Column> target, List<String> keys) {
    List<Column> columns = new ArrayList<>();
    for (String key : keys) {
      target.stream().filter(c -> c.name().equals(key)).findFirst()
          .ifPresent(c -> columns.add(new Column(c.name(), c.type(), true)));
    }
    columns.add(new Column(VERSION, ColumnType.decimal(0), true));
    columns.add(new Column(OFFSET, ColumnType.of(ColumnType.Kind.INT64), true));
    columns.add(new Column(DELETED_AT_MS, ColumnType.of(ColumnType.Kind.INT64), true));
    return columns;
  }

  /** The sink's columns of a target table. */
  public static List<Column> target() {
    return List.of(new Column(VERSION, ColumnType.decimal(0), true),
        new Column(OFFSET, ColumnType.of(ColumnType.Kind.INT64), true));
  }

  /** The sink's columns of a change table. */
  public static List<Column> changes() {
    return List.of(new Column(OP, ColumnType.of(ColumnType.Kind.STRING), true),
        new Column(VERSION, ColumnType.decimal(0), true),
        new Column(OFFSET, ColumnType.of(ColumnType.Kind.INT64), true),
        new Column(TOPIC, ColumnType.of(ColumnType.Kind.STRING), true),
        new Column(PARTITION, ColumnType.of(ColumnType.Kind.INT32), true),
        new Column(KEY_COLUMNS, ColumnType.of(ColumnType.Kind.STRING), true));
  }

  /** Key column names as one text: each quoted as an identifier, joined by commas. */
  public static String encodeKeys(List<String> keys) {
    return String.join(",", keys.stream().map(Dialect::quote).toList());
  }

  /** The names {@link #encodeKeys} wrote. */
  public static List<String> decodeKeys(String text) {
    List<String> keys = new ArrayList<>();
    int i = 0;
    while (i < text.length()) {
      if (text.charAt(i) != '"') {
        throw new IllegalArgumentException("not a quoted identifier list");
      }
      StringBuilder name = new StringBuilder();
      i++;
      while (true) {
        if (i >= text.length()) {
          throw new IllegalArgumentException("unterminated quoted identifier");
        }
        char c = text.charAt(i++);
        if (c == '"') {
          if (i < text.length() && text.charAt(i) == '"') {
            name.append('"');
            i++;
          } else {
            break;
          }
        } else {
          name.append(c);
        }
      }
      keys.add(name.toString());
      if (i < text.length()) {
        if (text.charAt(i) != ',') {
          throw new IllegalArgumentException("expected a comma between identifiers");
        }
        i++;
      }
    }
    return keys;
  }
}
