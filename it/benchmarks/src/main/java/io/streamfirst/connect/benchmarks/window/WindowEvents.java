// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.benchmarks.window;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.BitSet;
import java.util.SplittableRandom;
import java.util.function.BiConsumer;

/**
 * The windowed-aggregation benchmark's input: {@code count} small JSON orders ({@code customer_id} text,
 * {@code total} integer cents, {@code placed_at} epoch milliseconds), without keys, spread round-robin over the
 * input partitions, event time moving forward by {@code WINDOW_MS / perWindow} per order with up to
 * {@code JITTER_MS} of disorder (less than the grace, so no order is late). After them, {@code FLUSH_KEYS}
 * orders per partition of customers {@code flush-NN}, {@code FLUSH_AFTER_MS} later, move stream time past the
 * last window's end plus the grace in every partition of every engine, so that the last windows close without
 * an end of input; their own windows are not counted. Also tallies what a correct run must write: the number
 * of (customer, window) results, and the sums of their orders and revenue.
 */
final class WindowEvents {

  static final long BASE_MS = Instant.parse("2026-12-07T00:00:00Z").toEpochMilli();
  static final long WINDOW_MS = 60_000;
  static final long GRACE_MS = 5_000;
  static final long JITTER_MS = 2_000;
  static final long FLUSH_AFTER_MS = 2 * WINDOW_MS + GRACE_MS;
  static final int FLUSH_KEYS = 64;
  static final String FLUSH_PREFIX = "flush-";

  final long count;
  final int customers;
  final int perWindow;
  final long seed;
  long expectedWindows;
  long expectedRevenue;
  /** The expected (customer, window) results: bit (window - firstWindow) * customers + customer. */
  BitSet expected;
  long firstWindow;

  WindowEvents(long count, int customers, int perWindow, long seed) {
    this.count = count;
    this.customers = customers;
    this.perWindow = perWindow;
    this.seed = seed;
  }

  /** Hands every order, then the flush orders, to {@code sink} as (partition, JSON value). */
  void generate(int partitions, BiConsumer<Integer, byte[]> sink) {
    SplittableRandom random = new SplittableRandom(seed);
    long windows = Math.floorDiv(timeOf(count - 1, 0), WINDOW_MS) - Math.floorDiv(BASE_MS - JITTER_MS, WINDOW_MS) + 1;
    long firstWindow = Math.floorDiv(BASE_MS - JITTER_MS, WINDOW_MS);
    BitSet results = new BitSet((int) Math.min(Integer.MAX_VALUE, windows * customers));
    long revenue = 0;
    long last = Long.MIN_VALUE;
    for (long i = 0; i < count; i++) {
      int customer = random.nextInt(customers);
      long total = 1 + random.nextInt(10_000);
      long time = timeOf(i, random.nextLong(JITTER_MS + 1));
      last = Math.max(last, time);
      revenue += total;
      results.set((int) ((Math.floorDiv(time, WINDOW_MS) - firstWindow) * customers + customer));
      sink.accept((int) (i % partitions), json(customer(customer), total, time));
    }
    for (int p = 0; p < partitions; p++) {
      for (int k = 0; k < FLUSH_KEYS; k++) {
        sink.accept(p, json(String.format("%s%02d", FLUSH_PREFIX, k), 0, last + FLUSH_AFTER_MS));
      }
    }
    expectedWindows = results.cardinality();
    expectedRevenue = revenue;
    expected = results;
    this.firstWindow = firstWindow;
  }

  static String customer(int customer) {
    return String.format("c%05d", customer);
  }

  /** The window start (epoch ms) of bit {@code bit} of {@link #expected}. */
  long windowStartOf(int bit) {
    return (firstWindow + bit / customers) * WINDOW_MS;
  }

  long flushCount(int partitions) {
    return (long) partitions * FLUSH_KEYS;
  }

  private long timeOf(long i, long jitter) {
    return BASE_MS + i * WINDOW_MS / perWindow - jitter;
  }

  static byte[] json(String customer, long total, long placedAt) {
    return ("{\"customer_id\":\"" + customer + "\",\"total\":" + total + ",\"placed_at\":" + placedAt + "}")
        .getBytes(StandardCharsets.UTF_8);
  }
}
