// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.iceberg.write;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.RowDelta;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.hadoop.HadoopCatalog;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Key columns in another order than the table's columns: a reopened table's identifier fields come as a set, in
 * any order, and iceberg.identifier.columns may list them in any order. Upserts and deletes must still key the
 * rows (found by the quickstart: order_lines keyed by (order_id BIGINT, line_no INT) failed its first commit with
 * a ClassCastException once the table was reopened).
 */
class TableWriterKeyOrderTest {
  private static final Schema SCHEMA = new Schema(
      Types.NestedField.required(1, "order_id", Types.LongType.get()),
      Types.NestedField.required(2, "line_no", Types.IntegerType.get()),
      Types.NestedField.optional(3, "sku", Types.StringType.get()));

  @TempDir
  Path warehouse;

  @Test
  void upsertsAndDeletesKeyTheRowsWhateverTheOrderOfTheKeyColumns() throws Exception {
    HadoopCatalog catalog = new HadoopCatalog(new Configuration(), warehouse.toUri().toString());
    Table table = catalog.createTable(TableIdentifier.of("lake", "order_lines"), SCHEMA,
        PartitionSpec.unpartitioned(), Map.of("format-version", "2"));
    List<String> keys = List.of("line_no", "order_id");

    TableWriter first = new TableWriter(table, true, keys, 128L * 1024 * 1024, 1);
    first.upsert(List.of(1, 10L), row(10L, 1, "tea"));
    first.upsert(List.of(2, 10L), row(10L, 2, "mug"));
    first.upsert(List.of(1, 11L), row(11L, 1, "pot"));
    commit(table, first.complete());

    TableWriter second = new TableWriter(table, true, keys, 128L * 1024 * 1024, 1);
    second.upsert(List.of(1, 10L), row(10L, 1, "cup"));
    second.delete(List.of(2, 10L));
    commit(table, second.complete());

    table.refresh();
    List<String> rows = new ArrayList<>();
    try (CloseableIterable<Record> records = IcebergGenerics.read(table).build()) {
      records.forEach(r -> rows.add(r.getField("order_id") + "/" + r.getField("line_no") + "/" + r.getField("sku")));
    }
    assertThat(rows).containsExactlyInAnyOrder("10/1/cup", "11/1/pot");
  }

  private static Record row(long order, int line, String sku) {
    Record row = GenericRecord.create(SCHEMA);
    row.setField("order_id", order);
    row.setField("line_no", line);
    row.setField("sku", sku);
    return row;
  }

  private static void commit(Table table, TableWriter.Files files) {
    RowDelta delta = table.newRowDelta();
    files.dataFiles().forEach(delta::addRows);
    files.deleteFiles().forEach(delta::addDeletes);
    delta.commit();
  }
}
