// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.clickhouse.write;

import io.streamfirst.connect.clickhouse.client.ClickHouseConnection.Format;

/** How a row is written into its table: RowBinary laid out by a row plan, or JSONEachRow text. */
sealed interface Encoding permits Encoding.RowBinary, Encoding.JsonEachRow {

  /** The one JSONEachRow encoding. */
  JsonEachRow JSON_EACH_ROW = new JsonEachRow();

  /** The insert format of rows with this encoding. */
  Format format();

  /**
   * RowBinary rows laid out by {@code plan} (records with a row schema). Rows join one batch only
   * when they share the plan instance: plans are compared by identity.
   */
  record RowBinary(RowPlan plan) implements Encoding {
    @Override
    public Format format() {
      return Format.ROW_BINARY;
    }
  }

  /** JSONEachRow text (schemaless rows), which the server reads by the table's current column types. */
  record JsonEachRow() implements Encoding {
    @Override
    public Format format() {
      return Format.JSON_EACH_ROW;
    }
  }
}
