// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.sql;

import io.streamfirst.connect.sql.engine.InvalidQueryException;
import io.streamfirst.connect.sql.engine.QueryDefinition;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/**
 * Checks SQL when a connector's configuration is validated (REST {@code config/validate} and
 * {@code configure()}): syntax, and that the statement works on a single record.
 */
final class QueryValidator implements ConfigDef.Validator {

  private final boolean select;

  private QueryValidator(boolean select) {
    this.select = select;
  }

  static QueryValidator select() {
    return new QueryValidator(true);
  }

  static QueryValidator condition() {
    return new QueryValidator(false);
  }

  @Override
  public void ensureValid(String name, Object value) {
    if (value == null || value.toString().isBlank()) {
      throw new ConfigException(name, value, select
          ? "A SELECT statement is required, e.g. SELECT * FROM t WHERE x > 0"
          : "A SQL condition is required, e.g. amount >= 1000 AND _topic LIKE 'orders.%'");
    }
    define(name, value.toString());
  }

  QueryDefinition define(String name, String text) {
    try {
      return select ? QueryDefinition.select(text) : QueryDefinition.condition(text);
    } catch (InvalidQueryException e) {
      throw new ConfigException(name, text, e.getMessage());
    }
  }

  @Override
  public String toString() {
    return select ? "SELECT <columns> FROM <name> [WHERE <condition>]" : "a SQL boolean expression";
  }
}
