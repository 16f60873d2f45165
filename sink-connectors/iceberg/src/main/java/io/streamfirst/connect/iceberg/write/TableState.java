package io.streamfirst.connect.iceberg.write;

import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.Table;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.data.Schema;

/** What a task knows about one table: its handle, the open writer, converters, and the committed offsets. */
public final class TableState {

  private final Table table;
  private final List<String> keyColumns;
  /** Per record schema instance; the null key holds the schemaless converter. */
  private final Map<Schema, RowConverter> converters = new IdentityHashMap<>();
  private final Map<TopicPartition, Long> committed = new HashMap<>();
  private long[] sourceTimestamps = new long[1024];
  private int timestampCount;
  private TableWriter writer;
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

  public Map<Schema, RowConverter> converters() {
    return converters;
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

  /** Notes one change taken into the writer. */
  public void track(long sourceTs, boolean delete) {
    if (sourceTs >= 0) {
      if (timestampCount == sourceTimestamps.length) {
        sourceTimestamps = java.util.Arrays.copyOf(sourceTimestamps, timestampCount * 2);
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

  /** Forgets the writer and the per-commit counters (after a commit or an abort). */
  public void reset() {
    writer = null;
    timestampCount = 0;
    if (sourceTimestamps.length > 65_536) {
      sourceTimestamps = new long[1024];
    }
    newestSourceTs = -1;
    upserts = 0;
    deletes = 0;
  }
}
