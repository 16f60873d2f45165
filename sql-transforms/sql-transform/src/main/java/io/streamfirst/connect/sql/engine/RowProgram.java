// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.sql.engine;

import java.util.function.Function;
import org.apache.calcite.DataContext;
import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.header.Headers;

/**
 * A compiled statement: evaluates one record and makes the new record of it, or returns null when
 * the record is filtered out. Generated classes read the columns they need straight from the
 * record (value fields from its Struct, with the fields held in constant fields, see
 * {@link ProgramConstants}; other columns through the bindings in their static {@code INPUTS}
 * array), the columns only the results use once the WHERE condition holds; they write the new
 * value straight into a new Struct (or Map) laid out by their static {@code OUTPUT}.
 */
public interface RowProgram {

  /** The name of the generated static field holding one {@link InputBinding} per row column. */
  String INPUTS_FIELD = "INPUTS";

  /** The name of the generated static field holding the {@link ResultLayout}. */
  String OUTPUT_FIELD = "OUTPUT";

  /**
   * The new record made of {@code record}, with the headers {@code headers} gives for it (called only
   * for records that are kept), or null when the WHERE condition is not true. A program compiled for
   * a condition alone returns {@code record} itself when the condition is true and never calls
   * {@code headers}.
   */
  ConnectRecord<?> apply(ConnectRecord<?> record, DataContext context, Function<ConnectRecord<?>, Headers> headers);
}
