// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.sql.engine;

import java.util.List;
import java.util.function.Function;
import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.header.Headers;

/**
 * A statement compiled for one record shape: a generated program that reads the columns it needs
 * and makes the new record's value, key, topic and timestamp ({@link ResultLayout}).
 */
final class CompiledQuery {

  private final RowProgram program;

  /**
   * Compiles {@code plan}; {@code bindings} gives, per row column, how to read it. A condition alone
   * (a predicate) makes no new record: its program returns the record itself when the condition holds.
   */
  CompiledQuery(QueryPlanner.Plan plan, List<InputBinding> bindings, boolean schemaless, boolean conditionOnly)
      throws InvalidQueryException {
    ResultLayout layout = conditionOnly ? null : new ResultLayout(plan.outputType(), schemaless);
    this.program = ProgramCompiler.compile(plan.program(), bindings.toArray(new InputBinding[0]), layout);
  }

  /**
   * The new record made of {@code record} (for a condition alone: {@code record}), or null when the
   * WHERE condition is not true; {@code headers} gives the new record's headers.
   */
  ConnectRecord<?> apply(ConnectRecord<?> record, Function<ConnectRecord<?>, Headers> headers) {
    return program.apply(record, UtcDataContext.INSTANCE, headers);
  }
}
