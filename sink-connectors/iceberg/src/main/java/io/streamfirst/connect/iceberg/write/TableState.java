package io.streamfirst.connect.iceberg.write;

import io.streamfirst.connect.iceberg.commit.PendingCommit;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.Table;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.data.Schema;

/** What a task knows about one table: its handle, the open writer, converters, and the committed offsets. */
public final class TableState {

  /** Most converters kept per table (one per record schema instance, least recently used dropped). */
  public static final int MAX_CONVERTERS = 32;

  private final Table table;
  private final List<String> keyColumns;
  private static final long[] NO_TIMESTAMPS = new long[0];

  /**
   * Per record schema instance (identity: converters deliver the same instance for the same schema, and
   * deep equality would cost more than the conversion), least recently used first; the null key holds
   * the schemaless converter. Bounded: a converter that hands out a new instance per record must not grow it.
   */
  private final Map<Identity, RowConverter> converters = new LinkedHashMap<>(16, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<Identity, RowConverter> eldest) {
      return size() > MAX_CONVERTERS;
    }
  };
  /** The last lookup: records of one batch usually share one schema instance. */
  private Schema lastSchema;
  private RowConverter lastConverter;
  private final Map<TopicPartition, Long> committed = new HashMap<>();
  /** Source commit times of pending changes; empty (no buffer) while the table is idle. */
  private long[] sourceTimestamps = NO_TIMESTAMPS;
  private int timestampCount;
  private TableWriter writer;
  /** Completed files whose commit the table's history does not show yet, oldest first. */
  private final Deque<PendingCommit> unconfirmed = new ArrayDeque<>();
  /** Set when the committed offsets may be outdated (they could not be re-read on an assignment). */
  private boolean stale;
  private long newestSourceTs = -1;
  private int upserts;
  private int deletes;

  public TableState(Table table, List<String> keyColumns) {
    this.table = table;
    this.keyColumns = List.copyOf(keyColumns);
  }

  public Table table() {
    return table;
  }

  public List<String> keyColumns() {
    return keyColumns;
  }

  /** The converter for rows of this schema instance, or null when none is cached. */
  public RowConverter converter(Schema schema) {
    if (lastConverter != null && lastSchema == schema) {
      return lastConverter;
    }
    RowConverter converter = converters.get(new Identity(schema));
    if (converter != null) {
      lastSchema = schema;
      lastConverter = converter;
    }
    return converter;
  }

  /** Caches {@code converter} for rows of this schema instance. */
  public void converter(Schema schema, RowConverter converter) {
    converters.put(new Identity(schema), converter);
    lastSchema = schema;
    lastConverter = converter;
  }

  /** Drops every cached converter (the table's schema changed). */
  public void forgetConverters() {
    converters.clear();
    lastSchema = null;
    lastConverter = null;
  }

  /** Converters cached for record schema instances (at most {@link #MAX_CONVERTERS}). */
  public int converterCount() {
    return converters.size();
  }

  /** Bytes of buffers the state holds beyond its writer (the source timestamps of pending changes). */
  public long bufferBytes() {
    return sourceTimestamps.length * 8L;
  }

  /** Next offset per partition that the table already holds (for this connector). */
  public Map<TopicPartition, Long> committed() {
    return committed;
  }

  public TableWriter writer() {
    return writer;
  }

  public void writer(TableWriter writer) {
    this.writer = writer;
  }

  public boolean hasChanges() {
    return writer != null && writer.size() > 0;
  }

  /**
   * Completes the writer's files into a commit with {@code offsets} (queued behind earlier unconfirmed
   * ones) and releases the writer and the buffers of the changes.
   */
  public PendingCommit complete(Map<TopicPartition, Long> offsets) {
    PendingCommit pending = new PendingCommit(writer.complete(), offsets, newestSourceTs, sourceTimestamps(),
        upserts, deletes);
    unconfirmed.addLast(pending);
    reset();
    return pending;
  }

  /** Whether files were completed whose commit is not confirmed yet. */
  public boolean hasUnconfirmed() {
    return !unconfirmed.isEmpty();
  }

  /** The oldest unconfirmed commit, or null. */
  public PendingCommit nextUnconfirmed() {
    return unconfirmed.peekFirst();
  }

  /** The oldest unconfirmed commit is in the table. */
  public void confirmed() {
    unconfirmed.removeFirst();
  }

  public boolean stale() {
    return stale;
  }

  public void stale(boolean value) {
    stale = value;
  }

  /** Schema instances compared by identity. */
  private record Identity(Schema schema) {
    @Override
    public boolean equals(Object other) {
      return other instanceof Identity that && that.schema == schema;
    }

    @Override
    public int hashCode() {
      return System.identityHashCode(schema);
    }
  }

  /** Notes one change taken into the writer. */
  public void track(long sourceTs, boolean delete) {
    if (sourceTs >= 0) {
      if (timestampCount == sourceTimestamps.length) {
        sourceTimestamps = java.util.Arrays.copyOf(sourceTimestamps, Math.max(64, timestampCount * 2));
      }
      sourceTimestamps[timestampCount++] = sourceTs;
      newestSourceTs = Math.max(newestSourceTs, sourceTs);
    }
    if (delete) {
      deletes++;
    } else {
      upserts++;
    }
  }

  /** The source commit times of the changes taken since the last reset (unknown ones left out). */
  public long[] sourceTimestamps() {
    return java.util.Arrays.copyOf(sourceTimestamps, timestampCount);
  }

  public long newestSourceTs() {
    return newestSourceTs;
  }

  public int upserts() {
    return upserts;
  }

  public int deletes() {
    return deletes;
  }

  /** Forgets the writer, its buffers and the per-commit counters (after a commit or an abort). */
  public void reset() {
    writer = null;
    timestampCount = 0;
    sourceTimestamps = NO_TIMESTAMPS; // an idle table holds no buffer
    newestSourceTs = -1;
    upserts = 0;
    deletes = 0;
  }
}
