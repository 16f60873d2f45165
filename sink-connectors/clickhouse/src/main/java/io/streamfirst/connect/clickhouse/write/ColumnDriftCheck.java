// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.clickhouse.write;

import io.streamfirst.connect.clickhouse.client.ClickHouseException;
import io.streamfirst.connect.clickhouse.schema.ChType;
import io.streamfirst.connect.clickhouse.schema.TableColumns;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.connect.errors.ConnectException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Matches buffered RowBinary rows to the table's live columns right before their insert.
 *
 * <p>Rows encoded for types another writer has since widened or made Nullable are rewritten for the
 * new ones.
 */
final class ColumnDriftCheck {

  private static final Logger LOG = LoggerFactory.getLogger(ColumnDriftCheck.class);

  private final String table;
  private final TableEvolution evolution;

  ColumnDriftCheck(String table, TableEvolution evolution) {
    this.table = table;
    this.evolution = evolution;
  }

  /**
   * The buffered RowBinary rows as the table's columns are now. Another task (or a user) may have
   * widened a column or made it Nullable since the rows were encoded: then they are rewritten for the
   * new types, and every plan is rebuilt from the columns as read. One {@code system.columns} read
   * per RowBinary insert; JSONEachRow rows are text, which the server reads by the current types.
   *
   * @param plan    the plan the rows were encoded with
   * @param encoded the rows
   * @param rows    how many rows they are
   */
  Bytes matching(RowPlan plan, Bytes encoded, int rows) {
    TableColumns live;
    try {
      live = evolution.readLive();
    } catch (ClickHouseException e) {
      LOG.warn("Could not read the columns of table {} before inserting {} rows ({}); inserting them as encoded",
          table, rows, e.getMessage());
      return encoded;
    }
    if (!live.exists()) {
      return encoded; // dropped meanwhile: the insert says so
    }
    List<ChType> encodedTypes = plan.types();
    List<ChType> liveTypes = new ArrayList<>(encodedTypes.size());
    boolean same = true;
    for (int i = 0; i < encodedTypes.size(); i++) {
      ChType now = live.type(plan.names.get(i));
      liveTypes.add(now);
      same &= now != null && now.text().equals(encodedTypes.get(i).text());
    }
    evolution.adopt(live);
    if (same) {
      return encoded;
    }
    List<String> changes = new ArrayList<>();
    for (int i = 0; i < encodedTypes.size(); i++) {
      ChType now = liveTypes.get(i);
      if (now == null || !now.text().equals(encodedTypes.get(i).text())) {
        changes.add(plan.names.get(i) + " " + encodedTypes.get(i).text() + " -> " + (now == null
            ? "(dropped)"
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
}
