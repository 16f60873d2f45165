// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.lineage;

import java.util.List;

/**
 * The column lineage of one output dataset: for each output column, the input columns it is computed
 * from (of one input dataset), and the input columns that filter the whole dataset.
 *
 * @param columns output columns in order
 * @param filter input columns that decide which records are kept (a WHERE condition)
 */
public record ColumnMapping(DatasetId input, List<Column> columns, List<Source> filter) {

  /** How an input column contributes to an output column, in OpenLineage's terms. */
  public enum Kind {
    /** DIRECT / IDENTITY: the value unchanged. */
    IDENTITY("DIRECT", "IDENTITY"),
    /** DIRECT / TRANSFORMATION: a value computed from the input. */
    TRANSFORMATION("DIRECT", "TRANSFORMATION"),
    /** INDIRECT / CONDITIONAL: the input decides which branch gives the value. */
    CONDITIONAL("INDIRECT", "CONDITIONAL"),
    /** INDIRECT / FILTER: the input decides which records are kept. */
    FILTER("INDIRECT", "FILTER");

    final String type;
    final String subtype;

    Kind(String type, String subtype) {
      this.type = type;
      this.subtype = subtype;
    }
  }

  /** One input column and how it contributes. */
  public record Source(String field, Kind kind) {
  }

  /** One output column: its name, its type (may be null) and its sources. */
  public record Column(String name, String type, List<Source> sources) {
  }

  /** The mapping where every output column copies the input column of the same name. */
  public static ColumnMapping identity(DatasetId input, List<String> columns) {
    return new ColumnMapping(input,
        columns.stream().map(c -> new Column(c, null, List.of(new Source(c, Kind.IDENTITY)))).toList(), List.of());
  }
}
