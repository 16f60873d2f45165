// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.common;

import java.util.Map;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;

/**
 * The change-event shapes every plugin agrees on ({@code docs/CONVENTIONS.md}): the field names of the
 * envelope and of the flat format, the one detector of a value's {@link ChangeShape}, and small readers
 * of envelope fields. The operations are {@link ChangeOp}.
 */
public final class ChangeEvents {

  /** Envelope: the row before the change (null for inserts and reads). */
  public static final String BEFORE = "before";
  /** Envelope: the row after the change (null for deletes). */
  public static final String AFTER = "after";
  /** Envelope: the operation, a {@link ChangeOp} letter. */
  public static final String OP = "op";
  /** Envelope: the source block (database, table, commit time, position). */
  public static final String SOURCE = "source";
  /** Envelope and source block: a time in epoch milliseconds ({@code source.ts_ms}: the commit time). */
  public static final String TS_MS = "ts_ms";

  /** Flat: the operation, a {@link ChangeOp} letter: {@code c}, {@code u}, {@code d} or {@code r}. */
  public static final String FLAT_OP = "__op";
  /** Flat: the source commit time in epoch milliseconds ({@code source.ts_ms}). */
  public static final String FLAT_SOURCE_TS_MS = "__source_ts_ms";
  /** Flat: {@code "true"} for a delete, else {@code "false"}. */
  public static final String FLAT_DELETED = "__deleted";
  /** Flat: fields whose names start with this prefix are change metadata, never table columns. */
  public static final String FLAT_METADATA_PREFIX = "__";
  /** Schema name of a CDC heartbeat's value (a struct with {@value #TS_MS}: when the source was read up to). */
  public static final String HEARTBEAT_SCHEMA = "io.debezium.connector.common.Heartbeat";
  /** Default prefix of the topics CDC heartbeats go to ({@code <prefix>.<topic prefix>}). */
  public static final String HEARTBEAT_TOPIC_PREFIX = "__debezium-heartbeat";

  private ChangeEvents() {}

  /**
   * The shape of a record value: {@link ChangeShape#TOMBSTONE} for null; for a Struct the shape of its
   * schema ({@link #shapeOf(Schema)}); for a Map {@link #shapeOf(Map)}; else {@link ChangeShape#PLAIN}.
   */
  public static ChangeShape shapeOf(Object value) {
    if (value == null) {
      return ChangeShape.TOMBSTONE;
    }
    if (value instanceof Struct struct) {
      return shapeOf(struct.schema());
    }
    if (value instanceof Map<?, ?> map) {
      return shapeOf(map);
    }
    return ChangeShape.PLAIN;
  }

  /**
   * The shape of the Struct values that have {@code schema}: {@link ChangeShape#ENVELOPE} when it has
   * {@value #OP}, {@value #SOURCE} and {@value #AFTER} or {@value #BEFORE}; else {@link ChangeShape#FLAT}
   * when it has {@value #FLAT_OP} or {@value #FLAT_DELETED}; else {@link ChangeShape#PLAIN} (also for a
   * schema that is not a struct).
   */
  public static ChangeShape shapeOf(Schema schema) {
    if (schema == null || schema.type() != Schema.Type.STRUCT) {
      return ChangeShape.PLAIN;
    }
    if (schema.field(OP) != null && schema.field(SOURCE) != null
        && (schema.field(AFTER) != null || schema.field(BEFORE) != null)) {
      return ChangeShape.ENVELOPE;
    }
    if (schema.field(FLAT_OP) != null || schema.field(FLAT_DELETED) != null) {
      return ChangeShape.FLAT;
    }
    return ChangeShape.PLAIN;
  }

  /**
   * The shape of a schemaless value: {@link ChangeShape#ENVELOPE} when it has a string {@value #OP}, a
   * {@value #SOURCE} entry and an {@value #AFTER} or {@value #BEFORE} entry; else {@link ChangeShape#FLAT}
   * when it has {@value #FLAT_OP} or {@value #FLAT_DELETED}; else {@link ChangeShape#PLAIN}.
   */
  public static ChangeShape shapeOf(Map<?, ?> map) {
    if (map.get(OP) instanceof String && (map.containsKey(AFTER) || map.containsKey(BEFORE))
        && map.containsKey(SOURCE)) {
      return ChangeShape.ENVELOPE;
    }
    if (map.containsKey(FLAT_OP) || map.containsKey(FLAT_DELETED)) {
      return ChangeShape.FLAT;
    }
    return ChangeShape.PLAIN;
  }

  /** True when {@code value} is a change-event envelope ({@link #shapeOf(Object)}). */
  public static boolean isEnvelope(Object value) {
    return shapeOf(value) == ChangeShape.ENVELOPE;
  }

  /** True when {@code value} is a CDC heartbeat: a struct with the heartbeat's schema name. */
  public static boolean isHeartbeat(Struct value) {
    return value != null && HEARTBEAT_SCHEMA.equals(value.schema().name());
  }

  /** True when a field of a flat record is change metadata ({@value #FLAT_METADATA_PREFIX}...), not a column. */
  public static boolean isFlatMetadata(String fieldName) {
    return fieldName.startsWith(FLAT_METADATA_PREFIX);
  }

  /** The {@code source} block of a value when it has one, else null. */
  public static Struct sourceOf(Object value) {
    if (!(value instanceof Struct struct)) {
      return null;
    }
    Field field = struct.schema().field(SOURCE);
    if (field == null || field.schema().type() != Schema.Type.STRUCT) {
      return null;
    }
    return struct.getStruct(SOURCE);
  }

  /** A struct field read as a Long, or null when absent or not a number. */
  public static Long longField(Struct struct, String name) {
    if (struct == null || struct.schema().field(name) == null) {
      return null;
    }
    Object value = struct.get(name);
    return value instanceof Number number ? number.longValue() : null;
  }

  /** A struct field read as a String, or null when absent. */
  public static String stringField(Struct struct, String name) {
    if (struct == null || struct.schema().field(name) == null) {
      return null;
    }
    Object value = struct.get(name);
    return value == null ? null : value.toString();
  }
}
