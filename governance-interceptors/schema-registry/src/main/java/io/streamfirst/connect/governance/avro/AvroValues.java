// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.governance.avro;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericEnumSymbol;
import org.apache.avro.generic.GenericFixed;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Time;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.errors.DataException;

/**
 * Maps Connect values to Avro's generic data model and back, guided by both schemas, so that a value can be
 * written with a schema other than the one derived from its Connect schema (use.latest.version): fields the
 * Connect value lacks take the Avro default. Errors name fields and types, never values.
 */
public final class AvroValues {

  /** Avro's generic model without logical-type conversions: logical types are handled here. */
  static final GenericData MODEL = new GenericData();

  private AvroValues() {}

  /** The Avro datum for a Connect value. */
  public static Object toAvro(Schema schema, org.apache.avro.Schema avro, Object value) {
    return toAvro(schema, avro, value, "value");
  }

  private static Object toAvro(Schema schema, org.apache.avro.Schema avro, Object value, String path) {
    if (avro.getType() == org.apache.avro.Schema.Type.UNION) {
      return union(schema, avro, value, path);
    }
    if (value == null) {
      throw new DataException("Field '" + path + "' is null, but its Avro type " + avro.getType()
          + " is not nullable");
    }
    LogicalType logical = avro.getLogicalType();
    try {
      return switch (avro.getType()) {
        case RECORD -> record(schema, avro, (Struct) value, path);
        case ARRAY -> array(schema, avro, value, path);
        case MAP -> {
          Map<String, Object> map = new HashMap<>();
          for (Map.Entry<?, ?> entry : ((Map<?, ?>) value).entrySet()) {
            map.put(entry.getKey().toString(), toAvro(schema == null ? null : schema.valueSchema(),
                avro.getValueType(), entry.getValue(), path + "." + entry.getKey()));
          }
          yield map;
        }
        case STRING -> value.toString();
        case ENUM -> new GenericData.EnumSymbol(avro, value.toString());
        case BYTES -> ByteBuffer.wrap(logical instanceof LogicalTypes.Decimal decimal
            ? unscaled(decimal, value, path)
            : value instanceof ByteBuffer buffer ? AvroDefaults.bytes(buffer) : (byte[]) value);
        case FIXED -> new GenericData.Fixed(avro, logical instanceof LogicalTypes.Decimal decimal
            ? fixed(avro.getFixedSize(), unscaled(decimal, value, path))
            : value instanceof ByteBuffer buffer ? AvroDefaults.bytes(buffer) : (byte[]) value);
        case INT -> value instanceof java.util.Date date
            ? logical instanceof LogicalTypes.Date
                ? (int) Math.floorDiv(date.getTime(), AvroDefaults.MILLIS_PER_DAY)
                : (int) date.getTime()
            : ((Number) value).intValue();
        case LONG -> value instanceof java.util.Date date ? date.getTime() : ((Number) value).longValue();
        case FLOAT -> ((Number) value).floatValue();
        case DOUBLE -> ((Number) value).doubleValue();
        case BOOLEAN -> (Boolean) value;
        case NULL -> null;
        case UNION -> throw new IllegalStateException("handled above");
      };
    } catch (ClassCastException e) {
      throw new DataException("Field '" + path + "' holds a " + value.getClass().getSimpleName()
          + ", which cannot be written as Avro " + avro.getType(), e);
    }
  }

  private static Object union(Schema schema, org.apache.avro.Schema avro, Object value, String path) {
    if (value == null) {
      for (org.apache.avro.Schema branch : avro.getTypes()) {
        if (branch.getType() == org.apache.avro.Schema.Type.NULL) {
          return null;
        }
      }
      throw new DataException("Field '" + path + "' is null, but its Avro union has no null branch");
    }
    if (schema != null && schema.type() == Schema.Type.STRUCT && AvroSchemas.UNION_NAME.equals(schema.name())) {
      Struct union = (Struct) value;
      for (org.apache.avro.Schema branch : avro.getTypes()) {
        if (branch.getType() == org.apache.avro.Schema.Type.NULL) {
          continue;
        }
        Field field = schema.field(AvroSchemas.branchName(branch));
        if (field != null && union.get(field) != null) {
          return toAvro(field.schema(), branch, union.get(field), path + "." + field.name());
        }
      }
      throw new DataException("Union field '" + path + "' has no branch set");
    }
    org.apache.avro.Schema only = null;
    for (org.apache.avro.Schema branch : avro.getTypes()) {
      if (branch.getType() != org.apache.avro.Schema.Type.NULL) {
        if (only != null) {
          only = null;
          break;
        }
        only = branch;
      }
    }
    if (only != null) {
      return toAvro(schema, only, value, path);
    }
    Object generic = toAvroLoosely(value);
    int index = MODEL.resolveUnion(avro, generic);
    return toAvro(schema, avro.getTypes().get(index), value, path);
  }

  private static Object toAvroLoosely(Object value) {
    if (value instanceof byte[] bytes) {
      return ByteBuffer.wrap(bytes);
    }
    if (value instanceof Byte || value instanceof Short) {
      return ((Number) value).intValue();
    }
    return value;
  }

  private static GenericRecord record(Schema schema, org.apache.avro.Schema avro, Struct struct, String path) {
    GenericData.Record record = new GenericData.Record(avro);
    Schema structSchema = struct.schema();
    for (org.apache.avro.Schema.Field avroField : avro.getFields()) {
      Field field = structSchema.field(avroField.name());
      String fieldPath = "value".equals(path) ? avroField.name() : path + "." + avroField.name();
      if (field == null) {
        if (!avroField.hasDefaultValue()) {
          throw new DataException("Field '" + fieldPath + "' of Avro record " + avro.getFullName()
              + " is missing from the record's Connect schema and has no default");
        }
        record.put(avroField.pos(), MODEL.deepCopy(avroField.schema(), MODEL.getDefaultValue(avroField)));
      } else {
        record.put(avroField.pos(), toAvro(field.schema(), avroField.schema(), struct.get(field), fieldPath));
      }
    }
    return record;
  }

  private static Object array(Schema schema, org.apache.avro.Schema avro, Object value, String path) {
    org.apache.avro.Schema element = avro.getElementType();
    if (value instanceof Map<?, ?> map) {
      List<Object> entries = new ArrayList<>(map.size());
      for (Map.Entry<?, ?> entry : map.entrySet()) {
        GenericData.Record record = new GenericData.Record(element);
        record.put("key", toAvro(schema == null ? null : schema.keySchema(), element.getField("key").schema(),
            entry.getKey(), path + ".key"));
        record.put("value", toAvro(schema == null ? null : schema.valueSchema(), element.getField("value").schema(),
            entry.getValue(), path + ".value"));
        entries.add(record);
      }
      return entries;
    }
    Collection<?> collection = (Collection<?>) value;
    List<Object> list = new ArrayList<>(collection.size());
    for (Object item : collection) {
      list.add(toAvro(schema == null ? null : schema.valueSchema(), element, item, path + "[]"));
    }
    return list;
  }

  private static byte[] unscaled(LogicalTypes.Decimal decimal, Object value, String path) {
    BigDecimal number = (BigDecimal) value;
    if (number.scale() != decimal.getScale()) {
      try {
        number = number.setScale(decimal.getScale(), RoundingMode.UNNECESSARY);
      } catch (ArithmeticException e) {
        throw new DataException("Field '" + path + "' has scale " + number.scale() + " but its Avro decimal has scale "
            + decimal.getScale() + " and the value cannot be rescaled without rounding", e);
      }
    }
    if (number.precision() > decimal.getPrecision()) {
      throw new DataException("Field '" + path + "' has " + number.precision() + " digits, more than the precision "
          + decimal.getPrecision() + " of its Avro decimal");
    }
    return number.unscaledValue().toByteArray();
  }

  private static byte[] fixed(int size, byte[] bytes) {
    byte[] out = new byte[size];
    byte pad = (byte) (bytes.length > 0 && bytes[0] < 0 ? 0xFF : 0);
    int offset = size - bytes.length;
    for (int i = 0; i < size; i++) {
      out[i] = i < offset ? pad : bytes[i - offset];
    }
    return out;
  }

  /** The Connect value for an Avro datum, shaped by the Connect schema derived from {@code avro}. */
  public static Object toConnect(Schema schema, org.apache.avro.Schema avro, Object value) {
    if (value == null) {
      return null;
    }
    switch (avro.getType()) {
      case UNION: {
        org.apache.avro.Schema branch = avro.getTypes().get(MODEL.resolveUnion(avro, value));
        if (schema.type() == Schema.Type.STRUCT && AvroSchemas.UNION_NAME.equals(schema.name())) {
          Struct union = new Struct(schema);
          Field field = schema.field(AvroSchemas.branchName(branch));
          union.put(field, toConnect(field.schema(), branch, value));
          return union;
        }
        return toConnect(schema, branch, value);
      }
      case RECORD: {
        GenericRecord record = (GenericRecord) value;
        Struct struct = new Struct(schema);
        for (org.apache.avro.Schema.Field avroField : avro.getFields()) {
          Field field = schema.field(avroField.name());
          struct.put(field, toConnect(field.schema(), avroField.schema(), record.get(avroField.pos())));
        }
        return struct;
      }
      case ARRAY: {
        Collection<?> items = (Collection<?>) value;
        if (schema.type() == Schema.Type.MAP) {
          org.apache.avro.Schema entry = avro.getElementType();
          Map<Object, Object> map = new LinkedHashMap<>();
          for (Object item : items) {
            GenericRecord record = (GenericRecord) item;
            map.put(toConnect(schema.keySchema(), entry.getField("key").schema(), record.get("key")),
                toConnect(schema.valueSchema(), entry.getField("value").schema(), record.get("value")));
          }
          return map;
        }
        List<Object> list = new ArrayList<>(items.size());
        for (Object item : items) {
          list.add(toConnect(schema.valueSchema(), avro.getElementType(), item));
        }
        return list;
      }
      case MAP: {
        Map<Object, Object> map = new LinkedHashMap<>();
        for (Map.Entry<?, ?> entry : ((Map<?, ?>) value).entrySet()) {
          map.put(entry.getKey().toString(), toConnect(schema.valueSchema(), avro.getValueType(), entry.getValue()));
        }
        return map;
      }
      case STRING:
      case ENUM:
        return value instanceof GenericEnumSymbol<?> symbol ? symbol.toString() : value.toString();
      case BYTES:
      case FIXED: {
        byte[] bytes = value instanceof GenericFixed fixed
            ? fixed.bytes()
            : AvroDefaults.bytes((ByteBuffer) value);
        if (avro.getLogicalType() instanceof LogicalTypes.Decimal decimal) {
          return new BigDecimal(new BigInteger(bytes), decimal.getScale());
        }
        return bytes;
      }
      case INT: {
        int number = (Integer) value;
        if (Date.LOGICAL_NAME.equals(schema.name())) {
          return new java.util.Date(number * AvroDefaults.MILLIS_PER_DAY);
        }
        if (Time.LOGICAL_NAME.equals(schema.name())) {
          return new java.util.Date(number);
        }
        return switch (schema.type()) {
          case INT8 -> (byte) number;
          case INT16 -> (short) number;
          default -> number;
        };
      }
      case LONG:
        return Timestamp.LOGICAL_NAME.equals(schema.name()) ? new java.util.Date((Long) value) : value;
      default:
        return value;
    }
  }

  static boolean isDecimal(Schema schema) {
    return Decimal.LOGICAL_NAME.equals(schema.name());
  }
}
