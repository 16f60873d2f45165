// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.sql.engine;

import java.util.Locale;
import java.util.TimeZone;
import org.apache.calcite.DataContext;
import org.apache.calcite.adapter.java.JavaTypeFactory;
import org.apache.calcite.linq4j.QueryProvider;
import org.apache.calcite.schema.SchemaPlus;

/**
 * The context generated code reads the clock and time zone from: always UTC and the root locale,
 * so the worker's time zone and locale never change a result.
 */
final class UtcDataContext implements DataContext {

  static final UtcDataContext INSTANCE = new UtcDataContext();
  private static final TimeZone UTC = TimeZone.getTimeZone("UTC");

  private UtcDataContext() {}

  @Override
  public Object get(String name) {
    switch (name) {
      case "currentTimestamp":
      case "localTimestamp":
      case "utcTimestamp":
        return System.currentTimeMillis();
      case "timeZone":
        return UTC;
      case "locale":
        return Locale.ROOT;
      default:
        return null;
    }
  }

  @Override
  public SchemaPlus getRootSchema() {
    return null;
  }

  @Override
  public JavaTypeFactory getTypeFactory() {
    return QueryPlanner.TYPES;
  }

  @Override
  public QueryProvider getQueryProvider() {
    return null;
  }
}
