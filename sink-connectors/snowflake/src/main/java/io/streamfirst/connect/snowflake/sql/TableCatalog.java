// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.snowflake.sql;

import java.util.List;

/** Reads and changes table definitions. {@link JdbcCatalog} runs a {@link Dialect}'s DDL over JDBC. */
public interface TableCatalog extends AutoCloseable {

  /** The table's columns in table order, or null when the table does not exist. */
  List<Column> describe(TableRef table);

  void create(TableRef table, List<Column> columns);

  void addColumn(TableRef table, Column column);

  void widenColumn(TableRef table, String column, ColumnType from, ColumnType to);

  void dropNotNull(TableRef table, String column);

  @Override
  void close();
}
