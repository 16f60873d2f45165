// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.governance;

import java.util.List;

/**
 * What one sink connector consumed from one topic partition on this worker, as JMX shows it under
 * {@code streamfirst.lineage:type=consumer,connector=<name>,topic=<topic>,partition=<n>}. Totals since the
 * worker started (a record the consumer fetches again after a rebalance or restart counts again).
 */
public interface ConsumedLineageMXBean {

  /** Records handed to the connector's tasks. */
  long getRecordsConsumedTotal();

  /** Serialized key plus value bytes of those records. */
  long getBytesConsumedTotal();

  /** Records without an {@code sf.origin} header. */
  long getRecordsWithoutOriginTotal();

  /** Distinct {@code sf.origin} values seen, first seen first, at most {@value ConsumedLineage#MAX_DISTINCT}. */
  List<String> getOrigins();

  /** Distinct {@code sf.path} values seen, first seen first, at most {@value ConsumedLineage#MAX_DISTINCT}. */
  List<String> getPaths();
}
