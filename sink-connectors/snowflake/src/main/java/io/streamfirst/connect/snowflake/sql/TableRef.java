// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.snowflake.sql;

/** A table by its exact (unquoted) database, schema and table names. */
public record TableRef(String database, String schema, String table) {

  @Override
  public String toString() {
    return database + "." + schema + "." + table;
  }
}
