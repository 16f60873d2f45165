// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.quickstart;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.exceptions.NoSuchTableException;
import org.apache.iceberg.hadoop.HadoopCatalog;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.types.Types;

/**
 * The pipeline's Iceberg tables (Hadoop catalog in {@code <data dir>/warehouse}, namespace {@value #NAMESPACE}),
 * read with Iceberg's generic reader: equality and position deletes applied, so the rows are the table's current
 * rows. Reading is safe while the sink commits: a Hadoop catalog table is a chain of immutable metadata files.
 */
final class IcebergTables implements AutoCloseable {
  static final String NAMESPACE = "shop";

  private final HadoopCatalog catalog;
  private final Path warehouse;

  IcebergTables(Path warehouse) {
    this.warehouse = warehouse;
    this.catalog = new HadoopCatalog();
    catalog.setConf(new Configuration());
    catalog.initialize("quickstart", Map.of("warehouse", warehouseUri(warehouse)));
  }

  static String warehouseUri(Path warehouse) {
    return warehouse.toUri().toString();
  }

  Path warehouse() {
    return warehouse;
  }

  /** The table's current rows, or null while the sink has not created it. */
  List<Record> rows(String table) {
    Table loaded;
    try {
      loaded = catalog.loadTable(TableIdentifier.of(NAMESPACE, table));
    } catch (NoSuchTableException e) {
      return null;
    }
    List<Record> rows = new ArrayList<>();
    try (CloseableIterable<Record> records = IcebergGenerics.read(loaded).build()) {
      records.forEach(record -> rows.add(record.copy()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return rows;
  }

  /** Current rows of the table, or -1 while it does not exist. */
  long count(String table) {
    List<Record> rows = rows(table);
    return rows == null ? -1 : rows.size();
  }

  /** Prints the table's columns and current rows, tab-separated, for the query mode. */
  void print(String table, PrintStream out) {
    Table loaded;
    try {
      loaded = catalog.loadTable(TableIdentifier.of(NAMESPACE, table));
    } catch (NoSuchTableException e) {
      throw new IllegalStateException("No Iceberg table " + NAMESPACE + "." + table + " in " + warehouse
          + " (yet): start the quickstart first, or pick one of customers, orders, order_lines with --table.");
    }
    List<String> columns = loaded.schema().columns().stream().map(Types.NestedField::name)
        .filter(name -> !name.startsWith("__")).toList();
    out.println(String.join("\t", columns));
    List<Record> rows = rows(table);
    for (Record row : rows) {
      out.println(columns.stream().map(column -> String.valueOf(row.getField(column)))
          .collect(Collectors.joining("\t")));
    }
    out.printf("(%d rows in %s.%s, snapshot %s)%n", rows.size(), NAMESPACE, table,
        loaded.currentSnapshot() == null ? "none" : loaded.currentSnapshot().snapshotId());
  }

  @Override
  public void close() throws IOException {
    catalog.close();
  }
}
