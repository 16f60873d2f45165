// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.sql;

import io.streamfirst.connect.common.PluginVersion;
import io.streamfirst.connect.sql.engine.InvalidQueryException;
import io.streamfirst.connect.sql.engine.QueryDefinition;
import io.streamfirst.connect.sql.engine.SqlEngine;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.connect.components.Versioned;
import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.transforms.predicates.Predicate;

/**
 * A Connect predicate written as a SQL boolean expression, e.g.
 * {@code amount >= 1000 AND _topic LIKE 'orders.%'}, compiled to bytecode per record schema.
 */
public class SqlPredicate<R extends ConnectRecord<R>> implements Predicate<R>, Versioned {

  public static final String OVERVIEW_DOC = "Matches records for which a SQL boolean expression is true"
      + " (PostgreSQL semantics); use it to apply any transform conditionally.";

  public static final ConfigDef CONFIG_DEF = SqlPredicateConfig.CONFIG_DEF;

  private SqlEngine engine;

  @Override
  public void configure(Map<String, ?> props) {
    SqlPredicateConfig config = new SqlPredicateConfig(props);
    QueryDefinition condition = QueryValidator.condition().define(SqlPredicateConfig.CONDITION, config.condition());
    engine = new SqlEngine(condition, config.allowedFunctionClasses(), config.planCacheSize(),
        config.maxValueBytes());
    if (condition.checkableWithoutRecord()) {
      try {
        engine.checkMetadataOnly();
      } catch (InvalidQueryException e) {
        throw new ConfigException(SqlPredicateConfig.CONDITION, config.condition(), e.getMessage());
      }
    }
  }

  /** True when the condition is true; tombstones match only conditions over metadata columns. */
  @Override
  public boolean test(R record) {
    if (record.value() == null && engine.readsValue()) {
      return false;
    }
    return engine.matches(record);
  }

  @Override
  public ConfigDef config() {
    return CONFIG_DEF;
  }

  @Override
  public String version() {
    return PluginVersion.of(SqlPredicate.class);
  }

  @Override
  public void close() {
    engine = null;
  }
}
