// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.sql.engine;

import org.apache.calcite.rel.type.RelDataType;
import org.apache.kafka.connect.errors.DataException;

/** A result column whose SQL type cannot be represented in a Connect schema. */
final class UnsupportedTypeException extends DataException {

  private static final long serialVersionUID = 1L;

  UnsupportedTypeException(String column, RelDataType type) {
    super("Result column '" + column + "' has SQL type " + type.getFullTypeString()
        + ", which has no Connect equivalent; CAST it to a supported type (e.g. VARCHAR, BIGINT, TIMESTAMP)");
  }
}
