// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.iceberg.write;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.MetadataColumns;
import org.apache.iceberg.PartitionKey;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.GenericDeleteFilter;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.IdentityPartitionConverters;
import org.apache.iceberg.data.InternalRecordWrapper;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.formats.FormatModelRegistry;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.types.Comparators;
import org.apache.iceberg.types.Conversions;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.TypeUtil;
import org.apache.iceberg.types.Types;
import org.apache.iceberg.util.PartitionUtil;
import org.apache.iceberg.util.StructLikeSet;

/**
 * Finds the live rows of a set of keys in one snapshot of a table: plans the snapshot's data files, keeps
 * those whose partition is one of the keys' partitions and whose key-column bounds can contain one of the
 * keys, and reads only the key columns and the row positions of those, with the table's deletes applied.
 */
public final class KeyLookup {

  /** Most keys pushed into the Parquet reader as an IN filter (row groups skipped by statistics and bloom filters). */
  private static final int PUSHED_KEYS = 200;

  /** What one lookup read, for the logs and tests. */
  public record Stats(int filesPlanned, int filesRead, long rowsRead) {
  }

  private final Table table;
  private final List<String> keyColumns;
  private final Schema schema;
  private final Types.NestedField[] fields;
  private Stats last = new Stats(0, 0, 0);

  public KeyLookup(Table table, List<String> keyColumns) {
    this.table = table;
    this.keyColumns = List.copyOf(keyColumns);
    this.schema = table.schema();
    this.fields = new Types.NestedField[keyColumns.size()];
    for (int i = 0; i < fields.length; i++) {
      fields[i] = schema.findField(keyColumns.get(i));
    }
  }

  public Stats lastStats() {
    return last;
  }

  /**
   * The live rows of {@code keys} (values in key-column order, as the sink's rows hold them) in snapshot
   * {@code at}; a key without a live row is absent from the result. Null {@code at}: an empty table.
   */
  public Map<List<Object>, List<RowLocation>> find(Snapshot at, Collection<List<Object>> keys) {
    Map<List<Object>, List<RowLocation>> found = new HashMap<>();
    if (at == null || keys.isEmpty()) {
      last = new Stats(0, 0, 0);
      return found;
    }
    Set<List<Object>> wanted = keys instanceof Set<List<Object>> set ? set : new HashSet<>(keys);
    Object[][] sorted = new Object[fields.length][];
    for (int i = 0; i < fields.length; i++) {
      sorted[i] = prunable(fields[i].type()) ? sortedValues(wanted, i) : null;
    }
    StructLikeSet partitions = partitions(wanted);
    Expression pushed = pushed(wanted, sorted);
    Schema requested = TypeUtil.join(schema.select(keyColumns), new Schema(MetadataColumns.ROW_POSITION));
    int planned = 0;
    int read = 0;
    long rows = 0;
    try (CloseableIterable<FileScanTask> tasks = table.newScan().useSnapshot(at.snapshotId()).includeColumnStats()
        .planFiles()) {
      for (FileScanTask t : tasks) {
        planned++;
        DataFile file = t.file();
        if (partitions != null && file.specId() == table.spec().specId() && !partitions.contains(file.partition())) {
          continue;
        }
        if (!mayContain(file, sorted)) {
          continue;
        }
        read++;
        GenericDeleteFilter deletes = new GenericDeleteFilter(table.io(), t, schema, requested);
        Schema readSchema = deletes.requiredSchema();
        Map<Integer, ?> constants = PartitionUtil.constantsMap(t, IdentityPartitionConverters::convertConstant);
        try (CloseableIterable<Record> live = deletes.filter(FormatModelRegistry.<Record, Object>readBuilder(
            file.format(), Record.class, table.io().newInputFile(t.file())).project(readSchema)
            .idToConstant(constants).filter(pushed).build())) {
          for (Record row : live) {
            rows++;
            List<Object> key = new ArrayList<>(fields.length);
            for (String column : keyColumns) {
              key.add(row.getField(column));
            }
            if (wanted.contains(key)) {
              long pos = (Long) row.getField(MetadataColumns.ROW_POSITION.name());
              found.computeIfAbsent(key, k -> new ArrayList<>(1))
                  .add(new RowLocation(file.location(), file.specId(), file.partition(), pos));
            }
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Looking up keys in " + table.name() + " failed", e);
    }
    last = new Stats(planned, read, rows);
    return found;
  }

  /** Types whose values the sink's rows hold as Iceberg's statistics decode them (for bound tests and filters). */
  private static boolean prunable(Type type) {
    return switch (type.typeId()) {
      case INTEGER, LONG, STRING, UUID, DECIMAL -> true;
      default -> false;
    };
  }

  private Object[] sortedValues(Set<List<Object>> keys, int column) {
    Comparator<Object> order = Comparators.forType(fields[column].type().asPrimitiveType());
    Object[] values = keys.stream().map(k -> k.get(column)).distinct().toArray();
    if (Arrays.stream(values).anyMatch(v -> v == null)) {
      return null;
    }
    Arrays.sort(values, order);
    return values;
  }

  /** The partitions of the current spec the keys fall in, or null when the table is unpartitioned. */
  private StructLikeSet partitions(Set<List<Object>> keys) {
    PartitionSpec spec = table.spec();
    if (spec.isUnpartitioned()) {
      return null;
    }
    PartitionKey partition = new PartitionKey(spec, schema);
    InternalRecordWrapper wrapper = new InternalRecordWrapper(schema.asStruct());
    StructLikeSet out = StructLikeSet.create(spec.partitionType());
    Record row = GenericRecord.create(schema);
    for (List<Object> key : keys) {
      for (int i = 0; i < fields.length; i++) {
        row.setField(keyColumns.get(i), key.get(i));
      }
      partition.partition(wrapper.wrap(row));
      out.add(partition.copy());
    }
    return out;
  }

  /** Whether, by its key columns' bounds, {@code file} can hold one of the keys. */
  private boolean mayContain(DataFile file, Object[][] sorted) {
    Map<Integer, ByteBuffer> lower = file.lowerBounds();
    Map<Integer, ByteBuffer> upper = file.upperBounds();
    if (lower == null || upper == null) {
      return true;
    }
    for (int i = 0; i < fields.length; i++) {
      if (sorted[i] == null) {
        continue;
      }
      ByteBuffer lo = lower.get(fields[i].fieldId());
      ByteBuffer hi = upper.get(fields[i].fieldId());
      if (lo == null || hi == null) {
        continue;
      }
      Type type = fields[i].type();
      Comparator<Object> order = Comparators.forType(type.asPrimitiveType());
      Object min = Conversions.fromByteBuffer(type, lo);
      Object max = Conversions.fromByteBuffer(type, hi);
      int at = Arrays.binarySearch(sorted[i], min, order);
      int first = at >= 0 ? at : -at - 1;
      if (first >= sorted[i].length || order.compare(sorted[i][first], max) > 0) {
        return false;
      }
    }
    return true;
  }

  /** A row-group filter for the Parquet reader: the keys themselves when few, else their range. */
  private Expression pushed(Set<List<Object>> keys, Object[][] sorted) {
    Expression filter = Expressions.alwaysTrue();
    for (int i = 0; i < fields.length; i++) {
      Object[] values = sorted[i];
      if (values == null || values.length == 0) {
        continue;
      }
      String column = keyColumns.get(i);
      Expression term = values.length <= PUSHED_KEYS
          ? Expressions.in(column, values)
          : Expressions.and(Expressions.greaterThanOrEqual(column, values[0]),
              Expressions.lessThanOrEqual(column, values[values.length - 1]));
      filter = Expressions.and(filter, term);
    }
    return filter;
  }
}
