package io.streamfirst.connect.sql.engine;

import org.apache.calcite.DataContext;

/** A compiled statement: evaluates one input row, returning the result row or null when filtered out. */
public interface RowProgram {

  Object[] apply(Object[] row, DataContext context);
}
