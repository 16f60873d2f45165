// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.iceberg.schema;

import org.apache.kafka.connect.errors.DataException;

/** A record whose schema the table cannot follow; reported as a bad record. */
public final class IncompatibleSchemaException extends DataException {
  private static final long serialVersionUID = 1L;

  public IncompatibleSchemaException(String message) {
    super(message);
  }
}
