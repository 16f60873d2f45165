// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.clickhouse.client;

import org.apache.kafka.connect.errors.ConnectException;

/** A failed request to ClickHouse, with its classification. The message never holds record values. */
public final class ClickHouseException extends ConnectException {

  private final transient ClickHouseError error;

  public ClickHouseException(ClickHouseError error, Throwable cause) {
    super(error.message(), cause == null ? null : new CauseSummary(cause));
    this.error = error;
  }

  public ClickHouseError error() {
    return error;
  }

  /**
   * Keeps the type and stack of the original failure without its message, which for server errors
   * may quote inserted data.
   */
  static final class CauseSummary extends ConnectException {
    CauseSummary(Throwable cause) {
      super(cause.getClass().getName());
      setStackTrace(cause.getStackTrace());
    }
  }
}
