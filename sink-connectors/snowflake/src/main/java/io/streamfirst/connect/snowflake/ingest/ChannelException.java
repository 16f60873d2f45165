// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.snowflake.ingest;

import org.apache.kafka.connect.errors.RetriableException;

/**
 * A channel or client can no longer be used: the sink reopens the channel (building a new client when
 * {@link #clientClosed()}) and resends from its committed token. Carries no row values.
 */
public class ChannelException extends RetriableException {

  private static final long serialVersionUID = 1L;
  private final boolean clientClosed;

  public ChannelException(String message, boolean clientClosed, Throwable cause) {
    super(message, cause);
    this.clientClosed = clientClosed;
  }

  public ChannelException(String message, boolean clientClosed) {
    this(message, clientClosed, null);
  }

  public boolean clientClosed() {
    return clientClosed;
  }
}
