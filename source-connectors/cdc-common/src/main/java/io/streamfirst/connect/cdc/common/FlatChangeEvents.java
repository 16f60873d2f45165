package io.streamfirst.connect.cdc.common;

import io.streamfirst.connect.common.ChangeEvents;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;

/**
 * The {@code flat} output format: the row after the change (before it, for a delete) plus
 * {@value #OP_FIELD}, {@value #SOURCE_TS_FIELD} and {@value #DELETED_FIELD}, the shape that
 * {@code docs/CONVENTIONS.md} calls flattened CDC. Flat schemas are built once per row schema.
 */
public final class FlatChangeEvents {

  /** Operation: {@code c}, {@code u}, {@code d} or {@code r} (snapshot read). */
  public static final String OP_FIELD = "__op";
  /** Source commit time in epoch milliseconds. */
  public static final String SOURCE_TS_FIELD = "__source_ts_ms";
  /** {@code "true"} for a delete, else {@code "false"}. */
  public static final String DELETED_FIELD = "__deleted";

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
    if (!isRowChange(op)) {
      return null;
    }
    boolean delete = ChangeEvents.OP_DELETE.equals(op);
    Schema rowSchema = rowSchema(envelope.schema());
    Struct row = envelope.getStruct(delete ? ChangeEvents.BEFORE : ChangeEvents.AFTER);
    Schema flatSchema = flatSchemas.computeIfAbsent(rowSchema, FlatChangeEvents::flatSchema);
    Struct flat = new Struct(flatSchema);
    if (row != null) {
      for (Field field : rowSchema.fields()) {
        flat.put(field.name(), row.get(field));
      }
    }
    flat.put(OP_FIELD, op);
    flat.put(SOURCE_TS_FIELD, ChangeEvents.longField(ChangeEvents.sourceOf(envelope), ChangeEvents.TS_MS));
    flat.put(DELETED_FIELD, Boolean.toString(delete));
    return flat;
  }

  /** True for the operations that carry a row: create, update, delete, read. */
  public static boolean isRowChange(String op) {
    return ChangeEvents.OP_CREATE.equals(op) || ChangeEvents.OP_UPDATE.equals(op)
        || ChangeEvents.OP_DELETE.equals(op) || ChangeEvents.OP_READ.equals(op);
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
      if (field.name().equals(OP_FIELD) || field.name().equals(SOURCE_TS_FIELD)
          || field.name().equals(DELETED_FIELD)) {
        throw new DataException("Table column " + field.name() + " of " + rowSchema.name()
            + " clashes with a field that the flat output format adds; use the envelope output format"
            + " for this table");
      }
      builder.field(field.name(), field.schema());
    }
    builder.field(OP_FIELD, Schema.STRING_SCHEMA);
    builder.field(SOURCE_TS_FIELD, Schema.OPTIONAL_INT64_SCHEMA);
    builder.field(DELETED_FIELD, Schema.STRING_SCHEMA);
    return builder.build();
  }
}
