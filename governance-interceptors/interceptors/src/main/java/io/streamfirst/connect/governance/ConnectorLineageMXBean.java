// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.governance;

/**
 * What the lineage interceptors did for one connector on this worker, as JMX shows it under
 * {@code streamfirst.lineage:type=connector,connector=<name>}. Totals since the worker started.
 */
public interface ConnectorLineageMXBean {

  /** Records of the connector's source tasks that got their lineage headers. */
  long getRecordsStampedTotal();

  /** Of those, records whose lineage headers were shortened to fit the header budget. */
  long getRecordsTrimmedTotal();

  /**
   * Records left unchanged on purpose: those of the connector's dead-letter queue and offsets producers, and
   * all of its records while {@code streamfirst.lineage.enabled=false}.
   */
  long getRecordsSkippedTotal();

  /**
   * Interceptor failures: records a source task sent unchanged because stamping them failed, and batches
   * a sink task consumed whose lineage could not be recorded. Each is logged without values.
   */
  long getErrorsTotal();
}
