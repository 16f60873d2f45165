// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.iceberg.schema;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.iceberg.Schema;
import org.apache.iceberg.UpdateSchema;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;
import org.apache.kafka.connect.data.Field;

/**
 * Compares a record schema with a table schema and plans the table changes that let the table hold the
 * record: new fields become optional columns, int→long, float→double, decimal precision widening,
 * required→optional, recursively inside structs. Anything else is an {@link IncompatibleSchemaException}.
 */
public final class SchemaEvolution {

  /** One change to a table schema. */
  public sealed interface Change permits AddColumn, Widen, MakeOptional {
    void applyTo(UpdateSchema update);
  }

  /** A new optional column under {@code parent} (null for top level). */
  public record AddColumn(String parent, String name, Type type) implements Change {
    @Override
    public void applyTo(UpdateSchema update) {
      if (parent == null) {
        update.addColumn(name, type);
      } else {
        update.addColumn(parent, name, type);
      }
    }
  }

  /** A type promotion of the column at {@code path}. */
  public record Widen(String path, Type.PrimitiveType to) implements Change {
    @Override
    public void applyTo(UpdateSchema update) {
      update.updateColumn(path, to);
    }
  }

  /** A required column that records now leave empty. */
  public record MakeOptional(String path) implements Change {
    @Override
    public void applyTo(UpdateSchema update) {
      update.makeColumnOptional(path);
    }
  }

  private SchemaEvolution() {}

  /**
   * The changes that make {@code table} hold rows of {@code row}; empty when it already can.
   *
   * @throws IncompatibleSchemaException naming the column when no allowed change can
   */
  public static List<Change> plan(Schema table, org.apache.kafka.connect.data.Schema row, Set<String> identifiers) {
    List<Change> changes = new ArrayList<>();
    struct(null, table.asStruct(), row, identifiers, changes);
    return changes;
  }

  private static void struct(String path, Types.StructType table, org.apache.kafka.connect.data.Schema row,
      Set<String> identifiers, List<Change> changes) {
    for (Field f : row.fields()) {
      String fieldPath = path == null ? f.name() : path + "." + f.name();
      Types.NestedField column = table.field(f.name());
      if (column == null) {
        changes.add(new AddColumn(path, f.name(), SchemaMapper.type(f.schema(), new AtomicInteger(1_000_000))));
        continue;
      }
      if (column.isRequired() && f.schema().isOptional() && !(path == null && identifiers.contains(f.name()))) {
        changes.add(new MakeOptional(fieldPath));
      }
      type(fieldPath, column.type(), f.schema(), identifiers, changes);
    }
    for (Types.NestedField column : table.fields()) {
      if (column.isRequired() && row.field(column.name()) == null
          && !(path == null && identifiers.contains(column.name()))) {
        changes.add(new MakeOptional(path == null ? column.name() : path + "." + column.name()));
      }
    }
  }

  private static void type(String path, Type table, org.apache.kafka.connect.data.Schema row,
      Set<String> identifiers, List<Change> changes) {
    Type wanted = SchemaMapper.type(row, new AtomicInteger(1_000_000));
    if (table.isStructType() && wanted.isStructType()) {
      struct(path, table.asStructType(), row, identifiers, changes);
      return;
    }
    if (table.isListType() && wanted.isListType()) {
      Type element = table.asListType().elementType();
      if (element.isStructType() && row.valueSchema().type() == org.apache.kafka.connect.data.Schema.Type.STRUCT) {
        struct(path + ".element", element.asStructType(), row.valueSchema(), identifiers, changes);
      } else {
        type(path + ".element", element, row.valueSchema(), identifiers, changes);
      }
      return;
    }
    if (table.isMapType() && wanted.isMapType()) {
      if (!table.asMapType().keyType().equals(wanted.asMapType().keyType())) {
        throw incompatible(path, table, wanted);
      }
      Type value = table.asMapType().valueType();
      if (value.isStructType() && row.valueSchema().type() == org.apache.kafka.connect.data.Schema.Type.STRUCT) {
        struct(path + ".value", value.asStructType(), row.valueSchema(), identifiers, changes);
      } else {
        type(path + ".value", value, row.valueSchema(), identifiers, changes);
      }
      return;
    }
    if (!table.isPrimitiveType() || !wanted.isPrimitiveType()) {
      throw incompatible(path, table, wanted);
    }
    if (table.equals(wanted) || holds(table.asPrimitiveType(), wanted.asPrimitiveType())) {
      return;
    }
    if (holds(wanted.asPrimitiveType(), table.asPrimitiveType())) {
      changes.add(new Widen(path, wanted.asPrimitiveType()));
      return;
    }
    throw incompatible(path, table, wanted);
  }

  /** True when a column of type {@code wide} holds every value of type {@code narrow} without a change. */
  static boolean holds(Type.PrimitiveType wide, Type.PrimitiveType narrow) {
    if (wide.equals(narrow)) {
      return true;
    }
    return switch (wide.typeId()) {
      case LONG -> narrow.typeId() == Type.TypeID.INTEGER;
      case DOUBLE -> narrow.typeId() == Type.TypeID.FLOAT;
      case DECIMAL -> narrow.typeId() == Type.TypeID.DECIMAL
          && ((Types.DecimalType) wide).scale() == ((Types.DecimalType) narrow).scale()
          && ((Types.DecimalType) wide).precision() >= ((Types.DecimalType) narrow).precision();
      case TIMESTAMP -> narrow.typeId() == Type.TypeID.TIMESTAMP
          && ((Types.TimestampType) wide).shouldAdjustToUTC() == ((Types.TimestampType) narrow).shouldAdjustToUTC();
      default -> false;
    };
  }

  private static IncompatibleSchemaException incompatible(String path, Type table, Type wanted) {
    return new IncompatibleSchemaException("column '" + path + "' is " + table + " in the table but the record has "
        + wanted + "; Iceberg allows only int->long, float->double, wider decimal precision and new optional"
        + " columns: convert the field upstream or write to a new table");
  }
}
