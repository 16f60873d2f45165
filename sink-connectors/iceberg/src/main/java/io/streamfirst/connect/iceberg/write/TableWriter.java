// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.iceberg.write;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DeleteFile;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.HasTableOperations;
import org.apache.iceberg.PartitionKey;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.StructLike;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.GenericFileWriterFactory;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.InternalRecordWrapper;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.encryption.EncryptedOutputFile;
import org.apache.iceberg.io.DataWriter;
import org.apache.iceberg.io.ClusteredEqualityDeleteWriter;
import org.apache.iceberg.io.FanoutDataWriter;
import org.apache.iceberg.io.OutputFileFactory;
import org.apache.iceberg.types.Types;
import org.apache.iceberg.util.StructLikeMap;

/**
 * The uncommitted changes of one task to one table, for one table schema.
 *
 * <p>Append: rows stream into Parquet data files (one rolling writer per partition). Upsert: changes are
 * collapsed per key in memory (the last change in offset order wins; a delete followed by an insert is an
 * insert) and written at {@link #complete()} as one equality delete per touched key plus one data row per
 * key still present. An equality delete applies only to rows of earlier snapshots, so the new rows of the
 * same commit survive it.
 *
 * <p>Upsert with position deletes (a {@link Locator} given): at {@link #complete()} the locator says where
 * the touched keys' rows are now; each such row gets a position delete, and the new rows are written one
 * file at a time per partition, so each row's position is known for the key index.
 */
public final class TableWriter {

  /**
   * The files to add in one commit; {@code positions} describes the position deletes among them (upsert
   * delete mode {@code position}), else null.
   */
  public record Files(List<DataFile> dataFiles, List<DeleteFile> deleteFiles, PositionDeletes positions) {
    public Files(List<DataFile> dataFiles, List<DeleteFile> deleteFiles) {
      this(dataFiles, deleteFiles, null);
    }

    public boolean isEmpty() {
      return dataFiles.isEmpty() && deleteFiles.isEmpty()
          && (positions == null || positions.removedDataFiles().isEmpty());
    }
  }

  /** Where the current rows of keys are, in the table's latest snapshot (position deletes). */
  public interface Locator {
    /** The rows of {@code keys} that are live now, and the snapshot that says so (null: empty table). */
    Located locate(Collection<List<Object>> keys);
  }

  /** The answer of a {@link Locator}: the snapshot looked at and the live rows per key (keys without rows left out). */
  public record Located(Long snapshotId, Map<List<Object>, List<RowLocation>> rows) {
  }

  private final Table table;
  private final Schema schema;
  private final PartitionSpec spec;
  private final long targetFileSize;
  private final List<String> keyColumns;
  private final boolean upsert;
  private final OutputFileFactory files;
  private final GenericFileWriterFactory writerFactory;
  private final PartitionKey partitionKey;
  private final InternalRecordWrapper wrapper;
  private final Map<List<Object>, Pending> changes = new LinkedHashMap<>();
  private final int[] keyPositions;
  private final Locator locator;
  private final KeyLookup lookup;
  private final DeletedPositions remembered;
  private final int writerId;
  private FanoutDataWriter<Record> appender;
  private long rows;

  /**
   * @param keyColumns the identifier columns (upsert), top-level columns of the table
   * @param writerId distinguishes the files of concurrent writers (the task number)
   */
  public TableWriter(Table table, boolean upsert, List<String> keyColumns, long targetFileSize, int writerId) {
    this(table, upsert, keyColumns, targetFileSize, writerId, null, null, null);
  }

  /**
   * @param locator where touched keys' rows are (upsert with position deletes), or null for equality deletes
   * @param lookup looks keys up again when a commit's validation fails (with {@code locator})
   * @param remembered the deleted positions of the delete files this task committed (with {@code locator})
   */
  TableWriter(Table table, boolean upsert, List<String> keyColumns, long targetFileSize, int writerId,
      Locator locator, KeyLookup lookup, DeletedPositions remembered) {
    this.remembered = remembered;
    this.locator = locator;
    this.lookup = lookup;
    this.writerId = writerId;
    this.table = table;
    this.schema = table.schema();
    this.spec = table.spec();
    this.targetFileSize = targetFileSize;
    this.upsert = upsert;
    this.keyColumns = List.copyOf(keyColumns);
    this.files = OutputFileFactory.builderFor(table, writerId, System.nanoTime() & Long.MAX_VALUE)
        .format(FileFormat.PARQUET).operationId(UUID.randomUUID().toString()).build();
    GenericFileWriterFactory.Builder factory = new GenericFileWriterFactory.Builder(table)
        .dataFileFormat(FileFormat.PARQUET).dataSchema(schema);
    this.keyPositions = new int[keyColumns.size()];
    if (upsert) {
      int[] ids = new int[keyColumns.size()];
      for (int i = 0; i < ids.length; i++) {
        Types.NestedField field = schema.findField(keyColumns.get(i));
        ids[i] = field.fieldId();
        keyPositions[i] = schema.asStruct().fields().indexOf(field);
      }
      factory.deleteFileFormat(FileFormat.PARQUET);
      if (locator == null) {
        factory.equalityFieldIds(ids).equalityDeleteRowSchema(schema.select(keyColumns));
      }
    }
    this.writerFactory = factory.build();
    this.partitionKey = new PartitionKey(spec, schema);
    this.wrapper = new InternalRecordWrapper(schema.asStruct());
  }

  public Schema schema() {
    return schema;
  }

  /** Rows and keys held (not the files' sizes). */
  public long size() {
    return upsert ? changes.size() : rows;
  }

  /** Appends a row (append mode). */
  public void append(Record row) {
    if (appender == null) {
      appender = new FanoutDataWriter<>(writerFactory, files, table.io(), targetFileSize);
    }
    appender.write(row, spec, partition(row));
    rows++;
  }

  /** Inserts or replaces the row with {@code key} (upsert mode); {@code key} in identifier column order. */
  public void upsert(List<Object> key, Record row) {
    changes.put(key, new Pending(row, false));
  }

  /** Deletes the row with {@code key} (upsert mode). */
  public void delete(List<Object> key) {
    Record tombstone = GenericRecord.create(schema);
    for (int i = 0; i < keyPositions.length; i++) {
      tombstone.set(keyPositions[i], key.get(i));
    }
    changes.put(key, new Pending(tombstone, true));
  }

  /** Closes the files and returns them; the writer is spent afterwards. */
  public Files complete() {
    try {
      List<DataFile> data = new ArrayList<>();
      List<DeleteFile> deletes = new ArrayList<>();
      PositionDeletes positions = null;
      if (upsert && !changes.isEmpty()) {
        if (locator != null) {
          positions = writePositionChanges(data, deletes);
        } else {
          writeChanges(data, deletes);
        }
      }
      if (appender != null) {
        appender.close();
        data.addAll(appender.result().dataFiles());
        appender = null;
      }
      return new Files(data, deletes, positions);
    } catch (IOException e) {
      throw new UncheckedIOException("Writing files of table " + table.name() + " failed", e);
    }
  }

  /** Drops everything: closes open files and deletes them (they were never committed). */
  public void abort() {
    changes.clear();
    if (appender != null) {
      try {
        appender.close();
        for (DataFile f : appender.result().dataFiles()) {
          table.io().deleteFile(f.location());
        }
      } catch (IOException | RuntimeException e) {
        // best effort: an uncommitted file is invisible to readers
      }
      appender = null;
    }
  }

  private void writeChanges(List<DataFile> data, List<DeleteFile> deletes) throws IOException {
    Map<StructLike, List<Record>> deletesByPartition = new HashMap<>();
    FanoutDataWriter<Record> dataWriter = new FanoutDataWriter<>(writerFactory, files, table.io(), targetFileSize);
    Schema keySchema = schema.select(keyColumns);
    try {
      for (Pending change : changes.values()) {
        Record full = change.row();
        StructLike partition = spec.isUnpartitioned() ? null : partition(full).copy();
        Record key = GenericRecord.create(keySchema);
        for (int i = 0; i < keyPositions.length; i++) {
          // by name: keySchema has the table's column order, keyColumns may have another (a reopened table's
          // identifier fields come as a set)
          key.setField(keyColumns.get(i), full.get(keyPositions[i]));
        }
        deletesByPartition.computeIfAbsent(partition, p -> new ArrayList<>()).add(key);
        if (!change.deleted()) {
          dataWriter.write(full, spec, partition);
        }
      }
    } finally {
      dataWriter.close();
    }
    data.addAll(dataWriter.result().dataFiles());
    ClusteredEqualityDeleteWriter<Record> deleteWriter = new ClusteredEqualityDeleteWriter<>(writerFactory, files,
        table.io(), targetFileSize);
    try {
      for (Map.Entry<StructLike, List<Record>> entry : deletesByPartition.entrySet()) {
        for (Record key : entry.getValue()) {
          deleteWriter.write(key, spec, entry.getKey());
        }
      }
    } finally {
      deleteWriter.close();
    }
    deletes.addAll(deleteWriter.result().deleteFiles());
    changes.clear();
  }

  /**
   * Position deletes: finds where the touched keys' rows are (before anything is written, so a failure
   * leaves the changes in place), writes the new rows with their positions, then a position delete for
   * every earlier row of a touched key.
   */
  private PositionDeletes writePositionChanges(List<DataFile> data, List<DeleteFile> deletes) throws IOException {
    Located located = locator.locate(changes.keySet());
    Map<List<Object>, List<RowLocation>> doomed = located.rows(); // the locator's own map: no copy
    Map<List<Object>, RowLocation> written = new HashMap<>(changes.size() * 4 / 3 + 1);
    Set<List<Object>> deleted = new HashSet<>();
    PositionedWriter out = new PositionedWriter();
    try {
      for (Map.Entry<List<Object>, Pending> change : changes.entrySet()) {
        if (change.getValue().deleted()) {
          deleted.add(change.getKey());
        } else {
          written.put(change.getKey(), out.write(change.getValue().row()));
        }
      }
    } finally {
      out.close(data);
    }
    OutputFileFactory vectors = formatVersion(table) < 3
        ? null
        : OutputFileFactory.builderFor(table, writerId, System.nanoTime() & Long.MAX_VALUE)
            .format(FileFormat.PUFFIN).operationId(UUID.randomUUID().toString()).build();
    PositionDeletes positions = new PositionDeletes(table, lookup, files, located.snapshotId(), doomed, written,
        deleted, vectors, remembered);
    deletes.addAll(positions.writeDeleteFiles());
    changes.clear();
    return positions;
  }

  /** Data files written one at a time per partition, so every row's position is known as it is written. */
  private final class PositionedWriter {
    private final Map<StructLike, Slot> slots = StructLikeMap.create(spec.partitionType());
    private Slot unpartitioned;

    RowLocation write(Record row) throws IOException {
      Slot slot;
      if (spec.isUnpartitioned()) {
        if (unpartitioned == null) {
          unpartitioned = new Slot(null);
        }
        slot = unpartitioned;
      } else {
        PartitionKey key = partition(row);
        slot = slots.get(key);
        if (slot == null) {
          slot = new Slot(key.copy());
          slots.put(slot.partition, slot);
        }
      }
      if (slot.writer == null) {
        EncryptedOutputFile file = spec.isUnpartitioned()
            ? files.newOutputFile()
            : files.newOutputFile(spec, slot.partition);
        slot.path = file.encryptingOutputFile().location();
        slot.writer = writerFactory.newDataWriter(file, spec, slot.partition);
        slot.rows = 0;
      }
      long pos = slot.rows++;
      slot.writer.write(row);
      RowLocation location = new RowLocation(slot.path, spec.specId(), slot.partition, pos);
      if (slot.rows % 1_000 == 0 && slot.writer.length() >= targetFileSize) {
        slot.roll();
      }
      return location;
    }

    void close(List<DataFile> data) throws IOException {
      List<Slot> all = new ArrayList<>(slots.values());
      if (unpartitioned != null) {
        all.add(unpartitioned);
      }
      for (Slot slot : all) {
        slot.roll();
        data.addAll(slot.done);
      }
    }
  }

  /** The open data file of one partition and the files it completed. */
  private static final class Slot {
    final StructLike partition;
    final List<DataFile> done = new ArrayList<>();
    DataWriter<Record> writer;
    String path;
    long rows;

    Slot(StructLike partition) {
      this.partition = partition;
    }

    void roll() throws IOException {
      if (writer != null) {
        writer.close();
        done.add(writer.toDataFile());
        writer = null;
      }
    }
  }

  private static int formatVersion(Table table) {
    return table instanceof HasTableOperations ops ? ops.operations().current().formatVersion() : 2;
  }

  private PartitionKey partition(Record row) {
    if (spec.isUnpartitioned()) {
      return null;
    }
    partitionKey.partition(wrapper.wrap(row));
    return partitionKey;
  }

  /** The last change to one key: a row, or a delete (then the row holds only the key columns). */
  private record Pending(Record row, boolean deleted) {
  }
}
