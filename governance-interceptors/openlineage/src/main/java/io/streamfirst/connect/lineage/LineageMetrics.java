// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.lineage;

/**
 * Counters of one task's OpenLineage events, registered in JMX as
 * {@code io.streamfirst.connect:type=openlineage,connector=<name>,instance=<n>} (n counts the runs started in
 * the worker).
 */
public interface LineageMetrics {

  /** Events the transport accepted. */
  long getEmitted();

  /** Events the transport failed to send. */
  long getFailed();

  /** Events dropped because the queue was full (or the task was stopping). */
  long getDropped();

  /** Events waiting to be sent. */
  int getQueued();
}
