// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.governance.avro;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.JsonProperties;
import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Time;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.errors.DataException;

/** Field defaults: Connect default values to Avro's JSON-like default objects and back. */
final class AvroDefaults {

  static final long MILLIS_PER_DAY = 24L * 60 * 60 * 1000;

  private AvroDefaults() {}

  /** The object Avro's {@code Schema.Field} takes as default for a Connect default value. */
  static Object toAvroDefault(Schema schema, Object value) {
    if (value == null) {
      return JsonProperties.NULL_VALUE;
    }
    if (schema.name() != null) {
      switch (schema.name()) {
        case Decimal.LOGICAL_NAME:
          return ((BigDecimal) value).unscaledValue().toByteArray();
        case Date.LOGICAL_NAME:
          return (int) Math.floorDiv(((java.util.Date) value).getTime(), MILLIS_PER_DAY);
        case Time.LOGICAL_NAME:
          return (int) ((java.util.Date) value).getTime();
        case Timestamp.LOGICAL_NAME:
          return ((java.util.Date) value).getTime();
        default:
          break;
      }
    }
    return switch (schema.type()) {
      case INT8, INT16, INT32 -> ((Number) value).intValue();
      case BYTES -> value instanceof ByteBuffer buffer ? bytes(buffer) : value;
      case STRUCT -> {
        Map<String, Object> record = new LinkedHashMap<>();
        for (Field field : schema.fields()) {
          record.put(field.name(), toAvroDefault(field.schema(), ((Struct) value).get(field)));
        }
        yield record;
      }
      case ARRAY -> {
        List<Object> list = new ArrayList<>();
        for (Object element : (Collection<?>) value) {
          list.add(toAvroDefault(schema.valueSchema(), element));
        }
        yield list;
      }
      case MAP -> {
        boolean stringKeys = schema.keySchema().type() == Schema.Type.STRING && !schema.keySchema().isOptional()
            && schema.keySchema().name() == null;
        if (stringKeys) {
          Map<String, Object> map = new LinkedHashMap<>();
          ((Map<?, ?>) value).forEach((k, v) -> map.put((String) k, toAvroDefault(schema.valueSchema(), v)));
          yield map;
        }
        List<Object> entries = new ArrayList<>();
        ((Map<?, ?>) value).forEach((k, v) -> {
          Map<String, Object> entry = new LinkedHashMap<>();
          entry.put("key", toAvroDefault(schema.keySchema(), k));
          entry.put("value", toAvroDefault(schema.valueSchema(), v));
          entries.add(entry);
        });
        yield entries;
      }
      default -> value;
    };
  }

  /** The Connect default of a field from its Avro default, or null when it has none (or it is null). */
  static Object toConnectDefault(Schema schema, org.apache.avro.Schema.Field field) {
    Object avroDefault = field.defaultVal();
    try {
      return toConnect(schema, avroDefault);
    } catch (RuntimeException e) {
      throw new DataException("The Avro default of field '" + field.name() + "' does not fit its Connect type "
          + schema.type() + ": " + e.getMessage(), e);
    }
  }

  private static Object toConnect(Schema schema, Object value) {
    if (value == null || value == JsonProperties.NULL_VALUE) {
      return null;
    }
    if (schema.name() != null) {
      switch (schema.name()) {
        case Decimal.LOGICAL_NAME:
          return new BigDecimal(new BigInteger(bytesOf(value)), Integer.parseInt(
              schema.parameters().get(Decimal.SCALE_FIELD)));
        case Date.LOGICAL_NAME:
          return new java.util.Date(((Number) value).longValue() * MILLIS_PER_DAY);
        case Time.LOGICAL_NAME, Timestamp.LOGICAL_NAME:
          return new java.util.Date(((Number) value).longValue());
        default:
          break;
      }
    }
    return switch (schema.type()) {
      case INT8 -> ((Number) value).byteValue();
      case INT16 -> ((Number) value).shortValue();
      case INT32 -> ((Number) value).intValue();
      case INT64 -> ((Number) value).longValue();
      case FLOAT32 -> ((Number) value).floatValue();
      case FLOAT64 -> ((Number) value).doubleValue();
      case BOOLEAN -> (Boolean) value;
      case STRING -> value.toString();
      case BYTES -> bytesOf(value);
      case ARRAY -> {
        List<Object> list = new ArrayList<>();
        for (Object element : (Collection<?>) value) {
          list.add(toConnect(schema.valueSchema(), element));
        }
        yield list;
      }
      case MAP -> {
        Map<Object, Object> map = new LinkedHashMap<>();
        if (value instanceof Map<?, ?> entries) {
          entries.forEach((k, v) -> map.put(toConnect(schema.keySchema(), k), toConnect(schema.valueSchema(), v)));
        } else {
          for (Object entry : (Collection<?>) value) {
            Map<?, ?> pair = (Map<?, ?>) entry;
            map.put(toConnect(schema.keySchema(), pair.get("key")), toConnect(schema.valueSchema(), pair.get("value")));
          }
        }
        yield map;
      }
      case STRUCT -> {
        Struct struct = new Struct(schema);
        Map<?, ?> record = (Map<?, ?>) value;
        for (Field field : schema.fields()) {
          Object fieldValue = toConnect(field.schema(), record.get(field.name()));
          struct.put(field, fieldValue == null ? field.schema().defaultValue() : fieldValue);
        }
        yield struct;
      }
    };
  }

  private static byte[] bytesOf(Object value) {
    if (value instanceof byte[] bytes) {
      return bytes;
    }
    if (value instanceof ByteBuffer buffer) {
      return bytes(buffer);
    }
    return value.toString().getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
  }

  static byte[] bytes(ByteBuffer buffer) {
    ByteBuffer copy = buffer.duplicate();
    byte[] bytes = new byte[copy.remaining()];
    copy.get(bytes);
    return bytes;
  }
}
