// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.clickhouse.write;

import org.apache.kafka.connect.errors.DataException;

/** A value that does not fit its column; the reason names types and limits, never the value. */
final class ValueException extends DataException {

  ValueException(String reason) {
    super(reason);
  }

  @Override
  public synchronized Throwable fillInStackTrace() {
    return this; // an expected outcome per bad record; the caller adds where it happened
  }
}
