package io.streamfirst.connect.sql.engine;

import org.apache.calcite.DataContext;
import org.apache.kafka.connect.connector.ConnectRecord;

/**
 * A compiled statement: evaluates one record, returning the result row or null when filtered out.
 * Generated classes read the columns they need straight from the record, through the bindings in
 * their static {@code INPUTS} array, and only when the evaluation reaches them.
 */
public interface RowProgram {

  /** The name of the generated static field holding one {@link InputBinding} per row column. */
  String INPUTS_FIELD = "INPUTS";

  Object[] apply(ConnectRecord<?> record, DataContext context);
}
