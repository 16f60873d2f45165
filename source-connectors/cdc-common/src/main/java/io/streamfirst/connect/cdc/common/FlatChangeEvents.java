// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.cdc.common;

import io.streamfirst.connect.common.ChangeEvents;
import io.streamfirst.connect.common.ChangeOp;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;

/**
 * Builds the {@code flat} output format: the row after the change (before it, for a delete) plus
 * {@value ChangeEvents#FLAT_OP}, {@value ChangeEvents#FLAT_SOURCE_TS_MS} and
 * {@value ChangeEvents#FLAT_DELETED}, the shape that {@code docs/CONVENTIONS.md} calls flattened CDC.
 * The field names are defined in {@link ChangeEvents}. Flat schemas are built once per row schema.
 */
public final class FlatChangeEvents {

  private final Map<Schema, Schema> flatSchemas = new ConcurrentHashMap<>();

  /**
   * Flattens one envelope.
   *
   * @return the flat row, or null for events that have no row (truncate, logical messages), which the
   *     flat format drops
   * @throws DataException when the envelope's row schema already has one of the added field names
   */
  public Struct flatten(Struct envelope) {
    String op = envelope.getString(ChangeEvents.OP);
    ChangeOp changeOp = ChangeOp.of(op);
    if (changeOp == null || !changeOp.changesRow()) {
      return null;
    }
    boolean delete = changeOp == ChangeOp.DELETE;
    Schema rowSchema = rowSchema(envelope.schema());
    Struct row = envelope.getStruct(delete ? ChangeEvents.BEFORE : ChangeEvents.AFTER);
    Schema flatSchema = flatSchemas.computeIfAbsent(rowSchema, FlatChangeEvents::flatSchema);
    Struct flat = new Struct(flatSchema);
    if (row != null) {
      for (Field field : rowSchema.fields()) {
        flat.put(field.name(), row.get(field));
      }
    }
    flat.put(ChangeEvents.FLAT_OP, op);
    flat.put(ChangeEvents.FLAT_SOURCE_TS_MS,
        ChangeEvents.longField(ChangeEvents.sourceOf(envelope), ChangeEvents.TS_MS));
    flat.put(ChangeEvents.FLAT_DELETED, Boolean.toString(delete));
    return flat;
  }

  private static Schema rowSchema(Schema envelopeSchema) {
    Field after = envelopeSchema.field(ChangeEvents.AFTER);
    Field image = after != null ? after : envelopeSchema.field(ChangeEvents.BEFORE);
    return image.schema();
  }

  private static Schema flatSchema(Schema rowSchema) {
    SchemaBuilder builder = SchemaBuilder.struct().name(rowSchema.name()).version(rowSchema.version())
        .doc(rowSchema.doc());
    for (Field field : rowSchema.fields()) {
      if (field.name().equals(ChangeEvents.FLAT_OP) || field.name().equals(ChangeEvents.FLAT_SOURCE_TS_MS)
          || field.name().equals(ChangeEvents.FLAT_DELETED)) {
        throw new DataException("Table column " + field.name() + " of " + rowSchema.name()
            + " clashes with a field that the flat output format adds; use the envelope output format"
            + " for this table");
      }
      builder.field(field.name(), field.schema());
    }
    builder.field(ChangeEvents.FLAT_OP, Schema.STRING_SCHEMA);
    builder.field(ChangeEvents.FLAT_SOURCE_TS_MS, Schema.OPTIONAL_INT64_SCHEMA);
    builder.field(ChangeEvents.FLAT_DELETED, Schema.STRING_SCHEMA);
    return builder.build();
  }
}
