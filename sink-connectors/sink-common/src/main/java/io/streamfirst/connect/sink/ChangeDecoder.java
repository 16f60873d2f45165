// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.sink;

import io.streamfirst.connect.common.ChangeEvents;
import io.streamfirst.connect.common.ChangeOp;
import io.streamfirst.connect.common.ChangeShape;
import io.streamfirst.connect.common.LineageHeaders;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * Reads each record as a {@link ChangeView}, detecting its shape per record: a change-event envelope,
 * flattened CDC (the row plus {@code __op} / {@code __deleted}), a plain record, or a tombstone. The
 * shape is {@link ChangeEvents#shapeOf}'s answer; the operations are {@link ChangeOp}'s.
 *
 * <p>One decoder per task: it caches, per input schema, what it learnt about that schema and is not
 * thread-safe. Malformed change events raise a {@link DataException} that names the record's
 * coordinates and never its values.
 */
public final class ChangeDecoder {

  /** Schemas seen before; converters hand out one instance per distinct schema. */
  private static final int MAX_CACHED_SCHEMAS = 1024;

  private final Map<Schema, SchemaPlan> plans = new IdentityHashMap<>();

  public ChangeView decode(SinkRecord record) {
    Object value = record.value();
    if (value == null) {
      return new ChangeView(ChangeKind.DELETE, ChangeShape.TOMBSTONE, ChangeOp.DELETE.letter(), null, null,
          headerTimestamp(record, record.timestamp()), sourcePosition(record), record);
    }
    if (value instanceof Struct struct) {
      SchemaPlan plan = plan(struct.schema());
      return switch (plan.shape) {
        case ENVELOPE -> envelope(record, struct, plan);
        case FLAT -> flat(record, struct, plan);
        default -> plain(record, struct, plan.rowSchema);
      };
    }
    if (value instanceof Map<?, ?> map) {
      return switch (ChangeEvents.shapeOf(map)) {
        case ENVELOPE -> mapEnvelope(record, map);
        case FLAT -> mapFlat(record, map);
        default -> plain(record, map, null);
      };
    }
    return plain(record, value, record.valueSchema());
  }

  private SchemaPlan plan(Schema schema) {
    SchemaPlan plan = plans.get(schema);
    if (plan == null) {
      if (plans.size() >= MAX_CACHED_SCHEMAS) {
        plans.clear(); // a converter that builds a new schema per record: stay bounded
      }
      plan = SchemaPlan.of(schema);
      plans.put(schema, plan);
    }
    return plan;
  }

  private ChangeView plain(SinkRecord record, Object row, Schema schema) {
    return new ChangeView(ChangeKind.APPEND, ChangeShape.PLAIN, (char) 0, row, schema,
        headerTimestamp(record, record.timestamp()), sourcePosition(record), record);
  }

  private ChangeView envelope(SinkRecord record, Struct envelope, SchemaPlan plan) {
    ChangeOp op = op(record, envelope.get(ChangeEvents.OP));
    Object row = switch (op) {
      case CREATE, UPDATE, READ -> requireImage(record, envelope, ChangeEvents.AFTER, op);
      case DELETE -> plan.hasBefore ? envelope.get(ChangeEvents.BEFORE) : null;
      default -> throw unsupportedOp(record, op);
    };
    Long sourceTs = ChangeEvents.longField(ChangeEvents.sourceOf(envelope), ChangeEvents.TS_MS);
    return new ChangeView(op == ChangeOp.DELETE ? ChangeKind.DELETE : ChangeKind.UPSERT, ChangeShape.ENVELOPE,
        op.letter(), row, plan.rowSchema, headerTimestamp(record, sourceTs != null ? sourceTs : record.timestamp()),
        sourcePosition(record), record);
  }

  private static Object requireImage(SinkRecord record, Struct envelope, String field, ChangeOp op) {
    Object image = envelope.schema().field(field) == null ? null : envelope.get(field);
    if (image == null) {
      throw new DataException("Change event at " + ChangeView.coordinates(record) + " has op '" + op.letter()
          + "' but no '" + field + "' row; the producer sent a malformed change event");
    }
    return image;
  }

  private ChangeView flat(SinkRecord record, Struct value, SchemaPlan plan) {
    boolean delete = isDeleted(record, plan.opField == null ? null : value.get(plan.opField),
        plan.deletedField == null ? null : value.get(plan.deletedField));
    char op = plan.opField == null ? defaultFlatOp(delete) : op(record, value.get(plan.opField)).letter();
    Struct row = new Struct(plan.rowSchema);
    for (Field field : plan.rowSchema.fields()) {
      row.put(field, value.get(field.name()));
    }
    Object sourceTs = plan.sourceTsField == null ? null : value.get(plan.sourceTsField);
    return new ChangeView(delete ? ChangeKind.DELETE : ChangeKind.UPSERT, ChangeShape.FLAT, op, row,
        plan.rowSchema, headerTimestamp(record, sourceTs instanceof Number n ? n.longValue() : record.timestamp()),
        sourcePosition(record), record);
  }

  private ChangeView mapFlat(SinkRecord record, Map<?, ?> value) {
    boolean delete = isDeleted(record, value.get(ChangeEvents.FLAT_OP), value.get(ChangeEvents.FLAT_DELETED));
    Object rawOp = value.get(ChangeEvents.FLAT_OP);
    char op = rawOp == null ? defaultFlatOp(delete) : op(record, rawOp).letter();
    Map<String, Object> row = new LinkedHashMap<>();
    for (Map.Entry<?, ?> entry : value.entrySet()) {
      String name = String.valueOf(entry.getKey());
      if (!ChangeEvents.isFlatMetadata(name)) {
        row.put(name, entry.getValue());
      }
    }
    Object sourceTs = value.get(ChangeEvents.FLAT_SOURCE_TS_MS);
    return new ChangeView(delete ? ChangeKind.DELETE : ChangeKind.UPSERT, ChangeShape.FLAT, op, row, null,
        headerTimestamp(record, sourceTs instanceof Number n ? n.longValue() : record.timestamp()),
        sourcePosition(record), record);
  }

  private ChangeView mapEnvelope(SinkRecord record, Map<?, ?> envelope) {
    ChangeOp op = op(record, envelope.get(ChangeEvents.OP));
    Object row = switch (op) {
      case CREATE, UPDATE, READ -> {
        Object after = envelope.get(ChangeEvents.AFTER);
        if (!(after instanceof Map<?, ?>)) {
          throw new DataException("Change event at " + ChangeView.coordinates(record) + " has op '"
              + op.letter() + "' but no 'after' row; the producer sent a malformed change event");
        }
        yield after;
      }
      case DELETE -> envelope.get(ChangeEvents.BEFORE) instanceof Map<?, ?> before ? before : null;
      default -> throw unsupportedOp(record, op);
    };
    Object source = envelope.get(ChangeEvents.SOURCE);
    Object sourceTs = source instanceof Map<?, ?> sourceMap ? sourceMap.get(ChangeEvents.TS_MS) : null;
    return new ChangeView(op == ChangeOp.DELETE ? ChangeKind.DELETE : ChangeKind.UPSERT, ChangeShape.ENVELOPE,
        op.letter(), row, null,
        headerTimestamp(record, sourceTs instanceof Number n ? n.longValue() : record.timestamp()),
        sourcePosition(record), record);
  }

  /** The operation a record states, when it is one that changes a row; else a {@link DataException}. */
  private static ChangeOp op(SinkRecord record, Object op) {
    ChangeOp parsed = ChangeOp.of(op == null ? "" : op.toString());
    if (parsed == null) {
      throw new DataException("Change event at " + ChangeView.coordinates(record) + " has an operation that"
          + " is not one of " + ChangeOp.rowChangeLetters() + "; the producer sent a malformed change event");
    }
    if (!parsed.changesRow()) {
      throw unsupportedOp(record, parsed);
    }
    return parsed;
  }

  /** A flat record without {@code __op}: its {@code __deleted} decides. */
  private static char defaultFlatOp(boolean delete) {
    return (delete ? ChangeOp.DELETE : ChangeOp.UPDATE).letter();
  }

  private static DataException unsupportedOp(SinkRecord record, ChangeOp op) {
    String what = op == ChangeOp.TRUNCATE
        ? "a truncate"
        : op == ChangeOp.MESSAGE
            ? "a logical message"
            : "an unknown operation";
    return new DataException("Change event at " + ChangeView.coordinates(record) + " is " + what
        + " (op '" + op.letter() + "'), which sinks do not apply; exclude it at the source (Debezium's"
        + " skipped.operations) or route it elsewhere");
  }

  private static boolean isDeleted(SinkRecord record, Object op, Object deleted) {
    if (deleted != null) {
      String text = deleted.toString();
      if (text.equalsIgnoreCase("true")) {
        return true;
      }
      if (!text.equalsIgnoreCase("false")) {
        throw new DataException("Change event at " + ChangeView.coordinates(record) + " has a "
            + ChangeEvents.FLAT_DELETED + " field that is neither true nor false");
      }
    }
    return op != null && ChangeOp.of(op.toString()) == ChangeOp.DELETE;
  }

  /** The {@code sf.source.ts} header when present and numeric, else {@code fallback} (-1 when null). */
  private static long headerTimestamp(SinkRecord record, Long fallback) {
    Header header = record.headers().lastWithName(LineageHeaders.SOURCE_TS);
    String text = LineageHeaders.stringValue(header);
    if (text != null) {
      try {
        return Long.parseLong(text.trim());
      } catch (NumberFormatException notANumber) {
        // a foreign producer's header; the record's own time is the next best answer
      }
    }
    return fallback == null ? -1 : fallback;
  }

  private static String sourcePosition(SinkRecord record) {
    return LineageHeaders.stringValue(record.headers().lastWithName(LineageHeaders.SOURCE_POS));
  }

  /** What one value schema says about the records that have it. */
  private static final class SchemaPlan {
    final ChangeShape shape;
    final Schema rowSchema;
    final boolean hasBefore;
    final String opField;
    final String deletedField;
    final String sourceTsField;

    private SchemaPlan(ChangeShape shape, Schema rowSchema, boolean hasBefore, String opField, String deletedField,
        String sourceTsField) {
      this.shape = shape;
      this.rowSchema = rowSchema;
      this.hasBefore = hasBefore;
      this.opField = opField;
      this.deletedField = deletedField;
      this.sourceTsField = sourceTsField;
    }

    static SchemaPlan of(Schema schema) {
      switch (ChangeEvents.shapeOf(schema)) {
        case ENVELOPE -> {
          Field after = schema.field(ChangeEvents.AFTER);
          Field before = schema.field(ChangeEvents.BEFORE);
          return new SchemaPlan(ChangeShape.ENVELOPE, (after != null ? after : before).schema(), before != null,
              null, null, null);
        }
        case FLAT -> {
          SchemaBuilder row = SchemaBuilder.struct().name(schema.name()).version(schema.version())
              .doc(schema.doc());
          for (Field field : schema.fields()) {
            if (!ChangeEvents.isFlatMetadata(field.name())) {
              row.field(field.name(), field.schema());
            }
          }
          Field flatOp = schema.field(ChangeEvents.FLAT_OP);
          Field deleted = schema.field(ChangeEvents.FLAT_DELETED);
          Field sourceTs = schema.field(ChangeEvents.FLAT_SOURCE_TS_MS);
          return new SchemaPlan(ChangeShape.FLAT, row.build(), false, flatOp == null ? null : flatOp.name(),
              deleted == null ? null : deleted.name(), sourceTs == null ? null : sourceTs.name());
        }
        default -> {
          return new SchemaPlan(ChangeShape.PLAIN, schema, false, null, null, null);
        }
      }
    }
  }
}
