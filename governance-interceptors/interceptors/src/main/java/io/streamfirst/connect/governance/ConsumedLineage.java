// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.governance;

import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;

/**
 * What one sink connector consumed from one topic partition on this worker, recorded by
 * {@link LineageConsumerInterceptor}. Read it over JMX ({@link ConsumedLineageMXBean}) or, inside the
 * worker's JVM, with {@link #snapshot()}: the interceptor jar is on the worker's class path, so any
 * worker extension can call it.
 */
public final class ConsumedLineage implements ConsumedLineageMXBean {

  /** Distinct {@code sf.origin} and {@code sf.path} values kept per partition; later new values are not listed. */
  public static final int MAX_DISTINCT = 16;

  private final String connector;
  private final String topic;
  private final int partition;
  private final LongAdder records = new LongAdder();
  private final LongAdder bytes = new LongAdder();
  private final LongAdder withoutOrigin = new LongAdder();
  private final Set<String> originSet = ConcurrentHashMap.newKeySet();
  private final Set<String> pathSet = ConcurrentHashMap.newKeySet();
  private final List<String> origins = new CopyOnWriteArrayList<>();
  private final List<String> paths = new CopyOnWriteArrayList<>();

  ConsumedLineage(String connector, String topic, int partition) {
    this.connector = connector;
    this.topic = topic;
    this.partition = partition;
  }

  /** One immutable copy of every entry on this worker, ordered by connector, topic and partition. */
  public static List<Snapshot> snapshot() {
    return LineageLedger.allConsumed().stream().map(ConsumedLineage::copy)
        .sorted(Comparator.comparing(Snapshot::connector).thenComparing(Snapshot::topic)
            .thenComparingInt(Snapshot::partition))
        .toList();
  }

  /** One entry as {@link #snapshot()} returns it. */
  public record Snapshot(String connector, String topic, int partition, long records, long bytes,
      long recordsWithoutOrigin, List<String> origins, List<String> paths) {
  }

  void record(long recordBytes, String origin, String path) {
    records.increment();
    bytes.add(recordBytes);
    if (origin == null) {
      withoutOrigin.increment();
    } else {
      remember(origin, originSet, origins);
    }
    if (path != null) {
      remember(path, pathSet, paths);
    }
  }

  private static void remember(String value, Set<String> seen, List<String> ordered) {
    if (seen.size() < MAX_DISTINCT && seen.add(value)) {
      ordered.add(value);
    }
  }

  private Snapshot copy() {
    return new Snapshot(connector, topic, partition, records.sum(), bytes.sum(), withoutOrigin.sum(),
        List.copyOf(origins), List.copyOf(paths));
  }

  @Override
  public long getRecordsConsumedTotal() {
    return records.sum();
  }

  @Override
  public long getBytesConsumedTotal() {
    return bytes.sum();
  }

  @Override
  public long getRecordsWithoutOriginTotal() {
    return withoutOrigin.sum();
  }

  @Override
  public List<String> getOrigins() {
    return List.copyOf(origins);
  }

  @Override
  public List<String> getPaths() {
    return List.copyOf(paths);
  }
}
