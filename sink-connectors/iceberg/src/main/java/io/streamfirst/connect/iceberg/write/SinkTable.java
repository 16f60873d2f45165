// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.iceberg.write;

import io.streamfirst.connect.iceberg.IcebergSinkConfig;
import io.streamfirst.connect.iceberg.commit.CommitSummary;
import io.streamfirst.connect.iceberg.commit.PendingCommit;
import io.streamfirst.connect.iceberg.schema.IncompatibleSchemaException;
import io.streamfirst.connect.iceberg.schema.SchemaEvolution;
import io.streamfirst.connect.iceberg.schema.Tables;
import io.streamfirst.connect.sink.ChangeKind;
import io.streamfirst.connect.sink.ChangeView;
import io.streamfirst.connect.sink.KeyColumns;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.apache.iceberg.HasTableOperations;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.types.Types;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.DataException;

/**
 * One table as one task writes it: its key columns, the offsets it holds for this connector (so a replayed
 * record is recognised), the conversion of records into rows (evolving the table when a record needs it),
 * the open writer, and the completed files whose commit the table's history does not show yet. Opened by
 * {@link SinkTables}; its queued commits are sent by the commit cycle.
 */
public final class SinkTable {

  /**
   * What every table of one task shares; {@code positionDeletes}: upsert removes earlier rows with position
   * deletes, keeping at most {@code indexMaxKeys} key locations per table.
   */
  public record Settings(boolean upsert, List<String> identifierColumns, KeyColumns recordKeys, boolean evolution,
      long targetFileSize, int writerId, String connector, Runnable commitAllBeforeSchemaChange,
      boolean positionDeletes, int indexMaxKeys) {

    public Settings(boolean upsert, List<String> identifierColumns, KeyColumns recordKeys, boolean evolution,
        long targetFileSize, int writerId, String connector, Runnable commitAllBeforeSchemaChange) {
      this(upsert, identifierColumns, recordKeys, evolution, targetFileSize, writerId, connector,
          commitAllBeforeSchemaChange, false, 0);
    }

    /** The task's name in the snapshots it commits ({@code sf.task}). */
    public String taskName() {
      return connector + "-" + writerId;
    }
  }

  private final TableIdentifier id;
  private String idText;
  private final Table table;
  private final List<String> keyColumns;
  private final Tables tables;
  private final Settings settings;
  private final RowConverters converters = new RowConverters();
  private final ChangeTally tally = new ChangeTally();
  /** Next offset per partition that the table already holds (for this connector). */
  private final Map<TopicPartition, Long> committed = new HashMap<>();
  /** Completed files whose commit the table's history does not show yet, oldest first. */
  private final Deque<PendingCommit> unconfirmed = new ArrayDeque<>();
  /** Set when the committed offsets may be outdated (they could not be re-read on an assignment). */
  private boolean stale;
  private TableWriter writer;
  private int lastMisses;
  private KeyLookup.Stats lastLookup = new KeyLookup.Stats(0, 0, 0);
  private PositionDeletes.MergeStats lastMerge = new PositionDeletes.MergeStats(0, 0);
  /** Where the rows of keys this task wrote are (position deletes), else null. */
  private final KeyIndex index;
  /** The deleted positions of the delete files this task committed (position deletes), else null. */
  private final DeletedPositions remembered;

  private SinkTable(TableIdentifier id, Table table, List<String> keyColumns, Tables tables, Settings settings) {
    this.id = id;
    this.table = table;
    this.keyColumns = List.copyOf(keyColumns);
    this.tables = tables;
    this.settings = settings;
    this.index = settings.upsert() && settings.positionDeletes()
        ? new KeyIndex(settings.connector(), settings.taskName(), settings.indexMaxKeys())
        : null;
    this.remembered = index == null ? null : new DeletedPositions();
  }

  /**
   * Opens {@code table} for writing and reads the offsets it holds. In upsert mode the key columns are
   * {@code iceberg.identifier.columns}, else the table's identifier fields, else the fields of the record
   * key of {@code view} (null when there is no record at hand); the table must fit upsert mode.
   */
  static SinkTable open(TableIdentifier id, Table table, ChangeView view, Tables tables, Settings settings) {
    List<String> keys = settings.upsert() ? upsertKeys(table, view, settings) : List.of();
    SinkTable opened = new SinkTable(id, table, keys, tables, settings);
    opened.reloadCommitted();
    return opened;
  }

  private static List<String> upsertKeys(Table table, ChangeView view, Settings settings) {
    List<String> keys = settings.identifierColumns();
    if (keys.isEmpty()) {
      keys = new ArrayList<>(table.schema().identifierFieldNames());
      if (keys.isEmpty() && view != null) {
        keys = settings.recordKeys().names(view);
      }
    }
    if (keys.isEmpty()) {
      throw new ConnectException("Upsert into " + table.name() + " needs key columns: the table declares no"
          + " identifier fields; set " + IcebergSinkConfig.IDENTIFIER_COLUMNS);
    }
    for (String key : keys) {
      if (table.schema().findField(key) == null) {
        throw new ConnectException("Key column '" + key + "' is not a column of " + table.name() + ": set "
            + IcebergSinkConfig.IDENTIFIER_COLUMNS + " to columns of the table");
      }
    }
    List<String> keyNames = keys;
    if (table.spec().fields().stream().anyMatch(f -> !keysContain(table, f.sourceId(), keyNames))) {
      throw new ConnectException("Table " + table.name() + " is partitioned by a column that is not a key column"
          + " " + keys + ": upsert mode needs every partition column among the keys (adjust "
          + IcebergSinkConfig.PARTITION_SPEC + " or " + IcebergSinkConfig.IDENTIFIER_COLUMNS + ")");
    }
    if (formatVersion(table) < 2) {
      throw new ConnectException("Table " + table.name() + " has format version " + formatVersion(table)
          + "; upsert mode needs format version 2 or later");
    }

    return keys;
  }

  private static boolean keysContain(Table table, int sourceId, List<String> keys) {
    return keys.stream().anyMatch(k -> table.schema().findField(k).fieldId() == sourceId);
  }

  private static int formatVersion(Table table) {
    return table instanceof HasTableOperations ops ? ops.operations().current().formatVersion() : 2;
  }

  public Table table() {
    return table;
  }

  // --- offsets the table holds -------------------------------------------------------------------------

  /**
   * Whether the table already holds {@code tp@offset}: a record replayed after a crash between the table
   * commit and Connect's offset commit. Re-reads the table's offsets first when they may be outdated.
   */
  public boolean holds(TopicPartition tp, long offset) {
    if (stale) {
      reloadCommitted();
    }
    Long next = committed.get(tp);
    return next != null && offset < next;
  }

  /** The next offset of {@code tp} the table holds, or null. */
  public Long committedOffset(TopicPartition tp) {
    return committed.get(tp);
  }

  /** Re-reads the offsets the table holds for this connector (merged over its snapshot history). */
  public void reloadCommitted() {
    table.refresh();
    Map<TopicPartition, Long> read = CommitSummary.committedOffsets(table, settings.connector());
    committed.clear();
    committed.putAll(read);
    stale = false;
  }

  /** The offsets could not be re-read (catalog unreachable): they are re-read before they are used again. */
  public void markStale() {
    stale = true;
  }

  /** The offsets this task last read from or wrote to the table (re-read first when stale). */
  public Map<TopicPartition, Long> lastSeenOffsets() {
    if (stale) {
      reloadCommitted();
    }
    return new HashMap<>(committed);
  }

  // --- taking changes ----------------------------------------------------------------------------------

  /**
   * Takes one change into the writer (an upsert-mode delete, or a row); returns the bytes it holds by the
   * sink's estimate.
   */
  public long apply(ChangeView view) {
    if (view.kind() == ChangeKind.DELETE) {
      return delete(view);
    }
    Object row = view.row();
    RowConverter converter;
    try {
      converter = converter(view.rowSchema());
    } catch (IncompatibleSchemaException e) {
      throw new IncompatibleSchemaException("Record " + view.coordinates() + " cannot be written to table " + id
          + ": " + e.getMessage());
    }
    Record converted;
    try {
      converted = converter.convert(row);
    } catch (ClassCastException | IllegalArgumentException | ArithmeticException e) {
      throw new DataException("Record " + view.coordinates() + " does not fit table " + id + ": "
          + e.getClass().getSimpleName(), e);
    } catch (DataException e) {
      throw new DataException("Record " + view.coordinates() + " does not fit table " + id + ": " + e.getMessage(), e);
    }
    if (settings.upsert()) {
      writer().upsert(rowKey(converted, view), converted);
    } else {
      writer().append(converted);
    }
    tally.track(view.sourceTimestampMs(), view.sampleTimestampMs(), false);
    return RowSizes.estimate(row);
  }

  private long delete(ChangeView view) {
    KeyColumns recordKeys = settings.recordKeys();
    List<String> names = recordKeys.names(view);
    List<Object> values = recordKeys.values(view);
    List<Object> key = new ArrayList<>(keyColumns.size());
    Types.StructType struct = table.schema().asStruct();
    for (String column : keyColumns) {
      int i = names.indexOf(column);
      if (i < 0) {
        throw new DataException("Delete " + view.coordinates() + " does not carry the key column '" + column
            + "' of table " + table.name() + " in its key or before-image");
      }
      Function<Object, Object> normalize = RowConverter.column(struct.field(column).type(), column);
      try {
        key.add(normalize.apply(values.get(i)));
      } catch (ClassCastException | IllegalArgumentException e) {
        throw new DataException("Delete " + view.coordinates() + ": key column '" + column + "' has the wrong type", e);
      }
    }
    writer().delete(key);
    tally.track(view.sourceTimestampMs(), view.sampleTimestampMs(), true);
    return 64L * key.size();
  }

  private List<Object> rowKey(Record row, ChangeView view) {
    List<Object> key = new ArrayList<>(keyColumns.size());
    for (String column : keyColumns) {
      Object value = row.getField(column);
      if (value == null) {
        throw new DataException("Record " + view.coordinates() + " has no value for the key column '" + column + "'");
      }
      key.add(value);
    }
    return key;
  }

  private TableWriter writer() {
    if (writer == null) {
      writer = index == null
          ? new TableWriter(table, settings.upsert(), keyColumns, settings.targetFileSize(), settings.writerId())
          : new TableWriter(table, true, keyColumns, settings.targetFileSize(), settings.writerId(), this::locate,
              new KeyLookup(table, keyColumns), remembered);
    }
    return writer;
  }

  /**
   * Where the rows of {@code keys} are now (position deletes): the commits still queued (newest first) know
   * the keys they wrote or deleted; the key index knows those of this task's confirmed commits, once it has
   * caught up with the table; the rest are looked up in the table's current snapshot.
   */
  private TableWriter.Located locate(Collection<List<Object>> keys) {
    table.refresh();
    index.catchUp(table, null, null);
    Snapshot current = table.currentSnapshot();
    // sized for every key up front: a commit of 100,000 keys would otherwise rehash the map a dozen times
    Map<List<Object>, List<RowLocation>> rows = new HashMap<>(keys.size() * 4 / 3 + 1);
    List<List<Object>> misses = new ArrayList<>();
    List<PendingCommit> queued = new ArrayList<>(unconfirmed);
    Collections.reverse(queued);
    for (List<Object> key : keys) {
      boolean known = false;
      for (PendingCommit commit : queued) {
        PositionDeletes positions = commit.files().positions();
        RowLocation row = positions == null ? null : positions.written().get(key);
        if (row != null) {
          rows.put(key, List.of(row));
          known = true;
        } else if (positions != null && positions.deletedKeys().contains(key)) {
          known = true;
        }
        if (known) {
          break;
        }
      }
      if (!known) {
        RowLocation row = index.get(key);
        if (row != null) {
          rows.put(key, List.of(row));
        } else {
          misses.add(key);
        }
      }
    }
    if (!misses.isEmpty()) {
      KeyLookup lookup = new KeyLookup(table, keyColumns);
      rows.putAll(lookup.find(current, misses));
      lastLookup = lookup.lastStats();
    } else {
      lastLookup = new KeyLookup.Stats(0, 0, 0);
    }
    lastMisses = misses.size();
    return new TableWriter.Located(current == null ? null : current.snapshotId(), rows);
  }

  /** For tests and metrics: keys the key index holds, or -1 without one. */
  public int indexedKeys() {
    return index == null ? -1 : index.size();
  }

  /** For tests: keys the last commit had to look up in the table, and what that lookup read. */
  public int lastMisses() {
    return lastMisses;
  }

  public KeyLookup.Stats lastLookup() {
    return lastLookup;
  }

  /** For tests: what the last confirmed commit merged into its delete files, and what it read back for that. */
  public PositionDeletes.MergeStats lastMerge() {
    return lastMerge;
  }

  /** Keys may have moved between tasks (an assignment changed): the key index starts over. */
  public void forgetKeyLocations() {
    if (index != null) {
      index.clear();
    }
  }

  /** The converter for rows of {@code schema}, evolving the table first when it cannot hold them yet. */
  private RowConverter converter(Schema schema) {
    RowConverter converter = converters.get(schema);
    if (converter != null) {
      return converter;
    }
    if (schema != null) {
      evolveFor(schema);
    }
    converter = RowConverter.of(schema, table.schema().asStruct());
    converters.put(schema, converter);
    return converter;
  }

  /**
   * Changes the table's schema when rows of {@code schema} need it. Data files hold one schema, so what the
   * task buffered is committed first ({@link Settings#commitAllBeforeSchemaChange}).
   */
  private void evolveFor(Schema schema) {
    Set<String> keys = new HashSet<>(keyColumns);
    List<SchemaEvolution.Change> changes = SchemaEvolution.plan(table.schema(), schema, keys);
    if (changes.isEmpty()) {
      return;
    }
    if (!settings.evolution()) {
      throw new IncompatibleSchemaException("table " + table.name() + " would need schema changes "
          + changes + " but iceberg.table.evolution.enabled=false");
    }
    settings.commitAllBeforeSchemaChange().run();
    tables.evolve(table, schema, keys);
    converters.clear();
  }

  // --- completing and committing -----------------------------------------------------------------------

  /** The table's identifier as text ({@code namespace.name}), as the freshness metrics name it. */
  public String idText() {
    if (idText == null) {
      idText = id.toString();
    }
    return idText;
  }

  public boolean hasChanges() {
    return writer != null && writer.size() > 0;
  }

  /**
   * Completes the writer's files into a commit with {@code offsets} (queued behind earlier unconfirmed
   * ones) and releases the writer and the buffers of the changes.
   */
  public void complete(Map<TopicPartition, Long> offsets) {
    unconfirmed.addLast(new PendingCommit(writer.complete(), offsets, tally.newestSourceTs(),
        tally.sourceTimestamps(), tally.upserts(), tally.deletes()));
    reset();
  }

  /** Whether files were completed whose commit is not confirmed yet. */
  public boolean hasUnconfirmed() {
    return !unconfirmed.isEmpty();
  }

  /** The oldest unconfirmed commit, or null. */
  public PendingCommit nextUnconfirmed() {
    return unconfirmed.peekFirst();
  }

  /**
   * The oldest unconfirmed commit is in the table ({@code snapshot}, null when the history could not be read
   * back): the table holds its offsets, and the key index takes the rows it wrote.
   */
  public void confirmed(Snapshot snapshot) {
    PendingCommit done = unconfirmed.removeFirst();
    committed.putAll(done.offsets());
    if (index != null) {
      PositionDeletes positions = done.files().positions();
      if (positions != null) {
        lastMerge = positions.lastMerge();
      }
      if (snapshot == null) {
        index.clear();
      } else if (positions != null) {
        index.catchUp(table, done.commitId(), positions);
        positions.remember(remembered);
      }
    }
  }

  /** Drops the writer (deleting its uncommitted files) and the changes. */
  public void abort() {
    if (writer != null) {
      writer.abort();
    }
    // a dropped commit may still land (its outcome was unknown): what the index says may be wrong
    forgetKeyLocations();
    reset();
  }

  private void reset() {
    writer = null;
    tally.reset();
  }

  /** Converters cached for record schema instances (at most {@link RowConverters#MAX_CONVERTERS}). */
  public int converterCount() {
    return converters.size();
  }

  /** Bytes of buffers the table holds beyond its writer (the source timestamps of pending changes). */
  public long bufferBytes() {
    return tally.bufferBytes();
  }
}
