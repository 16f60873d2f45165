// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.governance.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Time;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.errors.DataException;

/**
 * Connect values to JSON and back, shaped by a Connect schema (see {@link JsonSchemas} for the encodings). Errors
 * name the field path and the types, never the value.
 */
public final class JsonValues {

  private static final long MILLIS_PER_DAY = 24L * 60 * 60 * 1000;

  private JsonValues() {}

  /** The JSON for a Connect value of {@code schema}; struct fields are matched by name. */
  public static JsonNode toJson(Schema schema, Object value) {
    return toJson(schema, value, "value");
  }

  private static JsonNode toJson(Schema schema, Object value, String path) {
    if (value == null) {
      if (!schema.isOptional() && schema.defaultValue() == null) {
        throw new DataException("Field '" + path + "' is null but not optional");
      }
      return schema.defaultValue() == null ? JsonSchemas.NODES.nullNode() : toJson(schema, schema.defaultValue(), path);
    }
    try {
      if (schema.name() != null) {
        switch (schema.name()) {
          case Decimal.LOGICAL_NAME:
            return JsonSchemas.NODES.numberNode((BigDecimal) value);
          case Date.LOGICAL_NAME:
            return JsonSchemas.NODES
                .numberNode((int) Math.floorDiv(((java.util.Date) value).getTime(), MILLIS_PER_DAY));
          case Time.LOGICAL_NAME:
            return JsonSchemas.NODES.numberNode((int) ((java.util.Date) value).getTime());
          case Timestamp.LOGICAL_NAME:
            return JsonSchemas.NODES.numberNode(((java.util.Date) value).getTime());
          default:
            break;
        }
      }
      return switch (schema.type()) {
        case INT8, INT16, INT32 -> JsonSchemas.NODES.numberNode(((Number) value).intValue());
        case INT64 -> JsonSchemas.NODES.numberNode(((Number) value).longValue());
        case FLOAT32 -> JsonSchemas.NODES.numberNode(((Number) value).floatValue());
        case FLOAT64 -> JsonSchemas.NODES.numberNode(((Number) value).doubleValue());
        case BOOLEAN -> JsonSchemas.NODES.booleanNode((Boolean) value);
        case STRING -> JsonSchemas.NODES.textNode(value.toString());
        case BYTES -> JsonSchemas.NODES.textNode(Base64.getEncoder().encodeToString(bytes(value)));
        case ARRAY -> {
          ArrayNode array = JsonSchemas.NODES.arrayNode();
          for (Object item : (Collection<?>) value) {
            array.add(toJson(schema.valueSchema(), item, path + "[]"));
          }
          yield array;
        }
        case MAP -> map(schema, (Map<?, ?>) value, path);
        case STRUCT -> {
          Struct struct = (Struct) value;
          ObjectNode object = JsonSchemas.NODES.objectNode();
          for (Field field : schema.fields()) {
            Field source = struct.schema().field(field.name());
            String fieldPath = "value".equals(path) ? field.name() : path + "." + field.name();
            object.set(field.name(), toJson(field.schema(), source == null ? null : struct.get(source), fieldPath));
          }
          yield object;
        }
      };
    } catch (ClassCastException e) {
      throw new DataException("Field '" + path + "' holds a " + value.getClass().getSimpleName()
          + ", which does not fit its Connect type " + schema.type(), e);
    }
  }

  private static JsonNode map(Schema schema, Map<?, ?> map, String path) {
    if (JsonSchemas.stringKeys(schema)) {
      ObjectNode object = JsonSchemas.NODES.objectNode();
      map.forEach((k, v) -> object.set(k.toString(), toJson(schema.valueSchema(), v, path + "." + k)));
      return object;
    }
    ArrayNode entries = JsonSchemas.NODES.arrayNode();
    map.forEach((k, v) -> {
      ObjectNode entry = entries.addObject();
      entry.set("key", toJson(schema.keySchema(), k, path + ".key"));
      entry.set("value", toJson(schema.valueSchema(), v, path + ".value"));
    });
    return entries;
  }

  private static byte[] bytes(Object value) {
    if (value instanceof ByteBuffer buffer) {
      byte[] bytes = new byte[buffer.remaining()];
      buffer.duplicate().get(bytes);
      return bytes;
    }
    return (byte[]) value;
  }

  /** The Connect value of {@code schema} for a JSON value. */
  public static Object toConnect(Schema schema, JsonNode json, String path) {
    if (json == null || json.isNull() || json.isMissingNode()) {
      if (schema.defaultValue() != null) {
        return schema.defaultValue();
      }
      if (!schema.isOptional()) {
        throw new DataException("Field '" + path + "' is missing or null but not optional");
      }
      return null;
    }
    if (schema.name() != null) {
      switch (schema.name()) {
        case Decimal.LOGICAL_NAME:
          return number(json, path).decimalValue()
              .setScale(Integer.parseInt(schema.parameters().get(Decimal.SCALE_FIELD)));
        case Date.LOGICAL_NAME:
          return new java.util.Date(number(json, path).longValue() * MILLIS_PER_DAY);
        case Time.LOGICAL_NAME, Timestamp.LOGICAL_NAME:
          return new java.util.Date(number(json, path).longValue());
        default:
          break;
      }
    }
    return switch (schema.type()) {
      case INT8 -> (byte) integer(json, path).intValue();
      case INT16 -> (short) integer(json, path).intValue();
      case INT32 -> integer(json, path).intValue();
      case INT64 -> integer(json, path).longValue();
      case FLOAT32 -> number(json, path).floatValue();
      case FLOAT64 -> number(json, path).doubleValue();
      case BOOLEAN -> {
        if (!json.isBoolean()) {
          throw mismatch(path, "a boolean", json);
        }
        yield json.booleanValue();
      }
      case STRING -> {
        if (!json.isTextual()) {
          throw mismatch(path, "a string", json);
        }
        yield json.textValue();
      }
      case BYTES -> {
        try {
          yield Base64.getDecoder().decode(json.textValue());
        } catch (IllegalArgumentException | NullPointerException e) {
          throw mismatch(path, "a base64 string", json);
        }
      }
      case ARRAY -> {
        if (!json.isArray()) {
          throw mismatch(path, "an array", json);
        }
        List<Object> list = new ArrayList<>(json.size());
        for (JsonNode item : json) {
          list.add(toConnect(schema.valueSchema(), item, path + "[]"));
        }
        yield list;
      }
      case MAP -> {
        Map<Object, Object> map = new LinkedHashMap<>();
        if (json.isObject()) {
          Iterator<Map.Entry<String, JsonNode>> fields = json.fields();
          while (fields.hasNext()) {
            Map.Entry<String, JsonNode> entry = fields.next();
            map.put(entry.getKey(), toConnect(schema.valueSchema(), entry.getValue(), path + "." + entry.getKey()));
          }
        } else if (json.isArray()) {
          for (JsonNode entry : json) {
            map.put(toConnect(schema.keySchema(), entry.get("key"), path + ".key"),
                toConnect(schema.valueSchema(), entry.get("value"), path + ".value"));
          }
        } else {
          throw mismatch(path, "an object or an array of key/value entries", json);
        }
        yield map;
      }
      case STRUCT -> {
        if (!json.isObject()) {
          throw mismatch(path, "an object", json);
        }
        Struct struct = new Struct(schema);
        for (Field field : schema.fields()) {
          String fieldPath = "value".equals(path) ? field.name() : path + "." + field.name();
          struct.put(field, toConnect(field.schema(), json.get(field.name()), fieldPath));
        }
        yield struct;
      }
    };
  }

  private static JsonNode number(JsonNode json, String path) {
    if (!json.isNumber()) {
      throw mismatch(path, "a number", json);
    }
    return json;
  }

  private static JsonNode integer(JsonNode json, String path) {
    if (!json.isIntegralNumber() && !(json.isNumber() && json.decimalValue().stripTrailingZeros().scale() <= 0)) {
      throw mismatch(path, "an integer", json);
    }
    return json;
  }

  private static DataException mismatch(String path, String expected, JsonNode json) {
    return new DataException("Field '" + path + "' is a JSON " + json.getNodeType().name().toLowerCase(
        java.util.Locale.ROOT) + " where its schema expects " + expected);
  }
}
