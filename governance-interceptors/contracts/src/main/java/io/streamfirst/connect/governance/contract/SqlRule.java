// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.governance.contract;

import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.transforms.predicates.Predicate;

/**
 * A SQL rule: a boolean expression ({@code amount >= 0 AND email LIKE '%@%'}) compiled and run by the SQL engine
 * of Streamfirst's SQL transforms plugin, through its {@code SqlPredicate}: the record's value fields are columns,
 * {@code _topic}, {@code _partition}, {@code _offset}, {@code _timestamp} and the other metadata columns too, with
 * PostgreSQL semantics. A record passes only when the expression is TRUE: FALSE and NULL (a comparison with a
 * null field) both break the rule.
 *
 * <p>The engine (and Calcite) is not bundled with the governance plugin: a Connect worker resolves
 * {@code io.streamfirst.connect.sql.SqlPredicate} from the SQL transforms plugin by name, so that plugin must be
 * installed on the same worker for contracts with SQL rules.
 */
final class SqlRule {

  static final String PREDICATE_CLASS = "io.streamfirst.connect.sql.SqlPredicate";

  @SuppressWarnings("rawtypes")
  private final Predicate predicate;

  @SuppressWarnings("rawtypes")
  private SqlRule(Predicate predicate) {
    this.predicate = predicate;
  }

  @SuppressWarnings("rawtypes")
  static SqlRule compile(Rule rule, ClassLoader loader, String where) {
    Object instance;
    try {
      instance = Class.forName(PREDICATE_CLASS, true, loader).getDeclaredConstructor().newInstance();
    } catch (ReflectiveOperationException | LinkageError e) {
      throw new ContractException(where + ": rule '" + rule.name() + "' is a SQL rule, which runs on the SQL engine of"
          + " the Streamfirst SQL transforms plugin (" + PREDICATE_CLASS + "), and this worker cannot load it: install"
          + " the plugin family 'sql-transforms' on the worker's plugin.path next to 'governance'", e);
    }
    Predicate predicate = (Predicate) instance;
    try {
      predicate.configure(Map.of("condition", rule.expr()));
    } catch (ConfigException e) {
      throw new ContractException(where + ": rule '" + rule.name() + "' (SQL) does not compile: " + e.getMessage(), e);
    }
    return new SqlRule(predicate);
  }

  /** Null when the expression is TRUE for the record, else why not (never a value). */
  @SuppressWarnings("unchecked")
  String check(ConnectRecord<?> record) {
    try {
      return predicate.test(record) ? null : "the expression is not TRUE (false, or NULL for a null field)";
    } catch (DataException e) {
      return "the expression cannot be evaluated on this record's schema: " + e.getMessage();
    }
  }

  void close() {
    predicate.close();
  }
}
