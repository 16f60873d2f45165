// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.sql.engine;

import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.linq4j.tree.Primitive;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.sql.type.SqlTypeFamily;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.errors.DataException;

/**
 * Where a statement's result columns go in the new record: value fields (with the Connect schema
 * derived from their types, or schemaless), and the columns {@code _topic}, {@code _key} and
 * {@code _timestamp}, which set the record's topic, key and timestamp. Generated programs write the
 * new record through it; public because they live in another class loader.
 */
public final class ResultLayout {

  private final boolean schemaless;
  private final int[] valueColumns;
  private final String[] valueNames;
  private final ValueConverter[] valueConverters;
  /** Per value field, the Java class whose values need no conversion (null when all do). */
  private final Class<?>[] valueClasses;
  private final Schema valueSchema;
  private final Field[] valueFields;

  private final int topicColumn;
  private final int keyColumn;
  private final int timestampColumn;
  private final Schema keySchema;
  private final ValueConverter keyConverter;

  /** The layout of {@code outputType}'s columns, for Struct values with a schema or schemaless Map values. */
  ResultLayout(RelDataType outputType, boolean schemaless) throws InvalidQueryException {
    this.schemaless = schemaless;
    List<RelDataTypeField> outputs = outputType.getFieldList();
    int topic = -1;
    int key = -1;
    int timestamp = -1;
    List<Integer> values = new ArrayList<>();
    for (RelDataTypeField field : outputs) {
      switch (field.getName()) {
        case PseudoColumns.TOPIC -> topic = checkTopic(field);
        case PseudoColumns.KEY -> key = field.getIndex();
        case PseudoColumns.TIMESTAMP -> timestamp = checkTimestamp(field);
        default -> values.add(field.getIndex());
      }
    }
    this.topicColumn = topic;
    this.keyColumn = key;
    this.timestampColumn = timestamp;
    this.valueColumns = values.stream().mapToInt(Integer::intValue).toArray();
    this.valueNames = new String[valueColumns.length];
    SchemaBuilder struct = SchemaBuilder.struct();
    for (int i = 0; i < valueColumns.length; i++) {
      RelDataTypeField field = outputs.get(valueColumns[i]);
      valueNames[i] = field.getName();
      if (!schemaless) {
        struct.field(field.getName(), ConnectTypes.connectSchema(field.getType(), field.getName()));
      }
    }
    this.valueSchema = schemaless || valueColumns.length == 0 ? null : struct.build();
    this.valueFields = new Field[valueColumns.length];
    this.valueConverters = new ValueConverter[valueColumns.length];
    this.valueClasses = new Class<?>[valueColumns.length];
    for (int i = 0; i < valueColumns.length; i++) {
      RelDataType type = outputs.get(valueColumns[i]).getType();
      if (schemaless) {
        valueConverters[i] = ConnectTypes.toSchemaless(type);
        valueClasses[i] = SqlTypeFamily.CHARACTER.contains(type) ? String.class : null;
      } else {
        valueFields[i] = valueSchema.fields().get(i);
        valueConverters[i] = ConnectTypes.toConnect(type, valueFields[i].schema());
        valueClasses[i] = ConnectTypes.unconvertedClass(valueFields[i].schema());
      }
    }
    if (key >= 0) {
      RelDataType keyType = outputs.get(key).getType();
      this.keySchema = schemaless ? null : ConnectTypes.connectSchema(keyType, PseudoColumns.KEY);
      this.keyConverter = schemaless ? ConnectTypes.toSchemaless(keyType) : ConnectTypes.toConnect(keyType, keySchema);
    } else {
      this.keySchema = null;
      this.keyConverter = null;
    }
  }

  private static int checkTopic(RelDataTypeField field) throws InvalidQueryException {
    if (!SqlTypeFamily.CHARACTER.contains(field.getType())) {
      throw new InvalidQueryException("The result column _topic sets the record's topic and must be text, but is "
          + field.getType().getFullTypeString());
    }
    return field.getIndex();
  }

  private static int checkTimestamp(RelDataTypeField field) throws InvalidQueryException {
    SqlTypeName type = field.getType().getSqlTypeName();
    if (type != SqlTypeName.TIMESTAMP && type != SqlTypeName.BIGINT
        && type != SqlTypeName.TIMESTAMP_WITH_LOCAL_TIME_ZONE) {
      throw new InvalidQueryException("The result column _timestamp sets the record's timestamp and must be a"
          + " TIMESTAMP or a BIGINT of epoch milliseconds, but is " + field.getType().getFullTypeString());
    }
    return field.getIndex();
  }

  // ------------------------------------------------------------------ for the code generator

  /** Whether the value is a schemaless Map (else a Struct, or the input value when there are no value fields). */
  boolean schemaless() {
    return schemaless;
  }

  /** The result columns that become value fields, in field order. */
  int[] valueColumns() {
    return valueColumns.clone();
  }

  /** The name of value field {@code i}. */
  String valueName(int i) {
    return valueNames[i];
  }

  /**
   * Whether values of generated Java type {@code type} need value field {@code i}'s converter; not
   * when they already are what the field holds (e.g. a String for a text field, a long for INT64).
   */
  boolean needsConversion(int i, Type type) {
    Type boxed = type instanceof Class<?> clazz && clazz.isPrimitive() ? Primitive.box(clazz) : type;
    return valueConverters[i] != ValueConverter.IDENTITY && boxed != valueClasses[i];
  }

  /**
   * Whether value field {@code i} holds a value read unchanged from an input field of schema
   * {@code input} as it is: both are the same Connect type without a logical type, so the Java
   * class Connect uses for the input is the one the field holds, and the field's converter would
   * return the value unchanged.
   */
  boolean holdsAsRead(int i, Schema input) {
    return !schemaless && input != null && input.name() == null && valueClasses[i] != null
        && input.type() == valueFields[i].schema().type();
  }

  /** The scale of value field {@code i} when it is a Connect {@code Decimal}, else -1. */
  int decimalScale(int i) {
    if (schemaless || valueFields[i] == null || !Decimal.LOGICAL_NAME.equals(valueFields[i].schema().name())) {
      return -1;
    }
    return Integer.parseInt(valueFields[i].schema().parameters().get(Decimal.SCALE_FIELD));
  }

  int topicColumn() {
    return topicColumn;
  }

  int keyColumn() {
    return keyColumn;
  }

  int timestampColumn() {
    return timestampColumn;
  }

  // ------------------------------------------------------------------ called by generated programs

  /** The value's schema (null for schemaless values or when the value is kept). */
  public Schema valueSchema() {
    return valueSchema;
  }

  /** Value field {@code i} of {@link #valueSchema()}. */
  public Field valueField(int i) {
    return valueFields[i];
  }

  /** Turns an engine value into what value field {@code i} holds; null stays null. */
  public ValueConverter valueConverter(int i) {
    return valueConverters[i];
  }

  /**
   * A NUMERIC result as a {@code Decimal} field of scale {@code scale} holds it (what the field's
   * converter does, as a static call the JIT inlines): rescaled, rounding half away from zero.
   */
  public static BigDecimal decimal(BigDecimal value, int scale) {
    return value == null ? null : value.setScale(scale, RoundingMode.HALF_UP);
  }

  /** The new topic, from the {@code _topic} result column. */
  public String topic(ConnectRecord<?> record, Object routed) {
    if (routed == null) {
      throw new DataException("The result column _topic is NULL for the record at " + RecordLocation.of(record)
          + "; use COALESCE(..., _topic) to keep the original topic");
    }
    return routed.toString();
  }

  /** The new key's schema (null when schemaless). */
  public Schema keySchema() {
    return keySchema;
  }

  /** The new key, from the {@code _key} result column. */
  public Object key(Object value) {
    return keyConverter.apply(value);
  }

  /** The new timestamp, from the {@code _timestamp} result column (epoch milliseconds). */
  public static Long timestamp(Object value) {
    return value == null ? null : ((Number) value).longValue();
  }
}
