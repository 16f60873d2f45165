// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.iceberg.schema;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.iceberg.Schema;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;
import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Time;
import org.apache.kafka.connect.data.Timestamp;

/** Maps Connect schemas (including Debezium's temporal semantic types) to Iceberg types. */
public final class SchemaMapper {

  /** Debezium semantic type names, matched by name so no Debezium class is needed. */
  static final String DBZ_DATE = "io.debezium.time.Date";
  static final String DBZ_TIME = "io.debezium.time.Time";
  static final String DBZ_MICRO_TIME = "io.debezium.time.MicroTime";
  static final String DBZ_TIMESTAMP = "io.debezium.time.Timestamp";
  static final String DBZ_MICRO_TIMESTAMP = "io.debezium.time.MicroTimestamp";
  static final String DBZ_NANO_TIMESTAMP = "io.debezium.time.NanoTimestamp";
  static final String DBZ_ZONED_TIMESTAMP = "io.debezium.time.ZonedTimestamp";

  private SchemaMapper() {}

  /**
   * A new table schema for rows of {@code row}; {@code identifierColumns} become required identifier fields.
   *
   * @throws IllegalArgumentException when an identifier column is not a top-level primitive field of the row
   */
  public static Schema tableSchema(org.apache.kafka.connect.data.Schema row, Collection<String> identifierColumns) {
    AtomicInteger ids = new AtomicInteger();
    List<Types.NestedField> fields = new ArrayList<>();
    Set<Integer> identifierIds = new HashSet<>();
    for (Field f : row.fields()) {
      int id = ids.incrementAndGet();
      Type type = type(f.schema(), ids);
      boolean identifier = identifierColumns.contains(f.name());
      if (identifier) {
        if (!type.isPrimitiveType()) {
          throw new IllegalArgumentException("identifier column '" + f.name() + "' is not a primitive field");
        }
        identifierIds.add(id);
      }
      fields.add(identifier || !f.schema().isOptional()
          ? Types.NestedField.required(id, f.name(), type)
          : Types.NestedField.optional(id, f.name(), type));
    }
    for (String column : identifierColumns) {
      if (row.field(column) == null) {
        throw new IllegalArgumentException("identifier column '" + column + "' is not a field of the record");
      }
    }
    return new Schema(fields, identifierIds);
  }

  /** The Iceberg type for a Connect schema; nested ids are drawn from {@code ids}. */
  public static Type type(org.apache.kafka.connect.data.Schema schema, AtomicInteger ids) {
    String name = schema.name();
    if (name != null) {
      switch (name) {
        case Decimal.LOGICAL_NAME:
          return Types.DecimalType.of(decimalPrecision(schema), decimalScale(schema));
        case Date.LOGICAL_NAME, DBZ_DATE:
          return Types.DateType.get();
        case Time.LOGICAL_NAME, DBZ_TIME, DBZ_MICRO_TIME:
          return Types.TimeType.get();
        case Timestamp.LOGICAL_NAME, DBZ_ZONED_TIMESTAMP:
          return Types.TimestampType.withZone();
        case DBZ_TIMESTAMP, DBZ_MICRO_TIMESTAMP, DBZ_NANO_TIMESTAMP:
          return Types.TimestampType.withoutZone();
        default:
          break;
      }
    }
    switch (schema.type()) {
      case INT8, INT16, INT32:
        return Types.IntegerType.get();
      case INT64:
        return Types.LongType.get();
      case FLOAT32:
        return Types.FloatType.get();
      case FLOAT64:
        return Types.DoubleType.get();
      case BOOLEAN:
        return Types.BooleanType.get();
      case STRING:
        return Types.StringType.get();
      case BYTES:
        return Types.BinaryType.get();
      case ARRAY: {
        int elementId = ids.incrementAndGet();
        Type element = type(schema.valueSchema(), ids);
        return schema.valueSchema().isOptional()
            ? Types.ListType.ofOptional(elementId, element)
            : Types.ListType.ofRequired(elementId, element);
      }
      case MAP: {
        int keyId = ids.incrementAndGet();
        int valueId = ids.incrementAndGet();
        Type key = type(schema.keySchema(), ids);
        Type value = type(schema.valueSchema(), ids);
        return schema.valueSchema().isOptional()
            ? Types.MapType.ofOptional(keyId, valueId, key, value)
            : Types.MapType.ofRequired(keyId, valueId, key, value);
      }
      case STRUCT: {
        List<Types.NestedField> fields = new ArrayList<>();
        for (Field f : schema.fields()) {
          int id = ids.incrementAndGet();
          Type t = type(f.schema(), ids);
          fields.add(f.schema().isOptional()
              ? Types.NestedField.optional(id, f.name(), t)
              : Types.NestedField.required(id, f.name(), t));
        }
        return Types.StructType.of(fields);
      }
      default:
        throw new IllegalArgumentException("Connect type " + schema.type() + " has no Iceberg equivalent");
    }
  }

  static int decimalScale(org.apache.kafka.connect.data.Schema schema) {
    String scale = schema.parameters() == null ? null : schema.parameters().get(Decimal.SCALE_FIELD);
    return scale == null ? 0 : Integer.parseInt(scale);
  }

  static int decimalPrecision(org.apache.kafka.connect.data.Schema schema) {
    String precision = schema.parameters() == null ? null : schema.parameters().get("connect.decimal.precision");
    return precision == null ? 38 : Math.min(38, Integer.parseInt(precision));
  }
}
