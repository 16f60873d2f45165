// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.snowflake.ingest;

import java.util.List;
import java.util.Map;

/** One Snowpipe Streaming channel: an ordered stream of rows, each tagged with an offset token. */
public interface IngestChannel extends AutoCloseable {

  /**
   * Appends one row (column name as in the table → value) tagged with {@code offsetToken}. Returns when
   * the row is buffered, not when it is durable.
   *
   * @throws ChannelException when the channel was invalidated or closed (reopen it and resend from
   *     {@link #latestCommittedToken()}), or the client was closed
   */
  void appendRow(Map<String, Object> row, String offsetToken);

  /** The offset token of the last row durable in the table, or null when none ever was. */
  String latestCommittedToken();

  /**
   * Rows the service rejected since the last call (a value the column cannot hold), each with the
   * offset token it was appended with. Rejected rows do not reach the table; the committed token
   * still moves past them.
   */
  List<RowError> drainRowErrors();

  String name();

  @Override
  void close();

  /** A row the service rejected. */
  record RowError(String offsetToken, String message) {
  }
}
