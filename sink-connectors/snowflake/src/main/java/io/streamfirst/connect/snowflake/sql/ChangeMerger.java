// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.snowflake.sql;

import java.util.List;

/**
 * Applies change rows to their target table. {@link JdbcMerger} runs a {@link Dialect}'s MERGE over JDBC.
 *
 * <p>Contract of {@link #merge}: the change rows within the bounds, collapsed per key to the newest
 * version (the Kafka offset breaking ties), are applied to the target where they are newer than the
 * target row's stored version and than the version of the key's last delete kept in the deleted-keys table
 * (deletes remove the row and store their version there, other operations insert or update it, store their
 * version and remove the key from the deleted keys); deleted keys stamped before the spec's
 * {@code deletedBeforeMs} are removed; then those change rows are removed. All of it happens in one
 * transaction, so a failure leaves the tables as they were, and running the same merge again changes nothing.
 */
public interface ChangeMerger extends AutoCloseable {

  /**
   * @return the number of target rows inserted, updated or deleted
   * @throws org.apache.kafka.connect.errors.RetriableException when the connection failed (run it again)
   * @throws org.apache.kafka.connect.errors.ConnectException when the statement was refused
   */
  long merge(MergeSpec spec, List<ChangeBound> bounds);

  /** The key column names recorded with a change row within the bounds, or null when there is none. */
  List<String> keyColumns(TableRef changes, List<ChangeBound> bounds);

  @Override
  void close();
}
