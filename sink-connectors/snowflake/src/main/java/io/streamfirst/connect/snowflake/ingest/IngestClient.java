// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.snowflake.ingest;

/** A client bound to one table; it may be closed under the sink, which then builds a new one. */
public interface IngestClient extends AutoCloseable {

  /**
   * Opens (or reopens) channel {@code name}: any other open handle of that channel becomes invalid and
   * its uncommitted rows are dropped; the returned channel reports the committed token.
   *
   * @throws ChannelException when the service refuses (a closed client: {@link ChannelException#clientClosed()})
   */
  IngestChannel openChannel(String name);

  boolean isClosed();

  @Override
  void close();
}
