package io.streamfirst.connect.common;

import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;

/** Field names of the change-event envelope and how to recognise one. */
public final class ChangeEvents {

  public static final String BEFORE = "before";
  public static final String AFTER = "after";
  public static final String OP = "op";
  public static final String SOURCE = "source";
  public static final String TS_MS = "ts_ms";

  /** Operation codes of the envelope's {@code op} field. */
  public static final String OP_CREATE = "c";
  public static final String OP_UPDATE = "u";
  public static final String OP_DELETE = "d";
  public static final String OP_READ = "r";
  public static final String OP_TRUNCATE = "t";
  public static final String OP_MESSAGE = "m";

  private ChangeEvents() {}

  /** True when {@code value} is a change-event envelope: a struct with {@code op}, {@code source} and a row image. */
  public static boolean isEnvelope(Object value) {
    if (!(value instanceof Struct struct)) {
      return false;
    }
    Schema schema = struct.schema();
    return schema.field(OP) != null && schema.field(SOURCE) != null
        && (schema.field(AFTER) != null || schema.field(BEFORE) != null);
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
