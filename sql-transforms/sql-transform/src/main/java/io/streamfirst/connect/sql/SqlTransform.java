// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.sql;

import io.streamfirst.connect.common.LineageHeaders;
import io.streamfirst.connect.common.PluginVersion;
import io.streamfirst.connect.sql.engine.InvalidQueryException;
import io.streamfirst.connect.sql.engine.QueryDefinition;
import io.streamfirst.connect.sql.engine.SqlEngine;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.connect.components.Versioned;
import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.header.Headers;
import org.apache.kafka.connect.transforms.Transformation;

/**
 * A single-message transform written as one SQL statement, compiled to bytecode per record schema.
 *
 * <pre>
 * transforms.clean.type=io.streamfirst.connect.sql.SqlTransform
 * transforms.clean.query=SELECT id, UPPER(TRIM(email)) AS email FROM orders WHERE amount &gt; 0
 * </pre>
 */
public class SqlTransform<R extends ConnectRecord<R>> implements Transformation<R>, Versioned {

  public static final String OVERVIEW_DOC = "Filters, projects, renames, casts, masks and routes records with one"
      + " SQL statement (PostgreSQL semantics), checked when the connector is configured and compiled to bytecode.";

  public static final ConfigDef CONFIG_DEF = SqlTransformConfig.CONFIG_DEF;

  private SqlEngine engine;
  private String lineageHop;
  private final java.util.function.Function<ConnectRecord<?>, Headers> headersFor = this::headersFor;

  @Override
  public void configure(Map<String, ?> props) {
    SqlTransformConfig config = new SqlTransformConfig(props);
    QueryDefinition query = QueryValidator.select().define(SqlTransformConfig.QUERY, config.query());
    engine = new SqlEngine(query, config.allowedFunctionClasses(), config.planCacheSize(),
        config.maxValueBytes());
    if (query.checkableWithoutRecord()) {
      try {
        engine.checkMetadataOnly();
      } catch (InvalidQueryException e) {
        throw new ConfigException(SqlTransformConfig.QUERY, config.query(), e.getMessage());
      }
    }
    lineageHop = config.lineageEnabled() ? config.lineageHop() : null;
  }

  @Override
  public R apply(R record) {
    if (record.value() == null && engine.readsValue()) {
      return record;
    }
    return engine.transform(record, headersFor);
  }

  /** The kept record's headers: a copy (the input is never modified), with this hop appended to sf.path. */
  private Headers headersFor(ConnectRecord<?> record) {
    Headers headers = record.headers().duplicate();
    if (lineageHop != null) {
      LineageHeaders.appendPath(headers, lineageHop);
    }
    return headers;
  }

  @Override
  public ConfigDef config() {
    return CONFIG_DEF;
  }

  @Override
  public String version() {
    return PluginVersion.of(SqlTransform.class);
  }

  @Override
  public void close() {
    engine = null;
  }
}
