// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.sql.window;

import java.util.concurrent.atomic.AtomicLong;

/**
 * What one task's topology did with the records it read: records in = aggregated + filtered (WHERE,
 * tombstones) + late. Counted since the task started (a restarted task counts again from zero).
 */
final class WindowCounters {
  final AtomicLong in = new AtomicLong();
  final AtomicLong filtered = new AtomicLong();
  final AtomicLong aggregated = new AtomicLong();
  final AtomicLong late = new AtomicLong();
  final AtomicLong results = new AtomicLong();
}
