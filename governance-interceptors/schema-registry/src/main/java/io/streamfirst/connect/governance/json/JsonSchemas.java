// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.governance.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Time;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.errors.DataException;

/**
 * Maps Connect schemas to JSON Schema (draft 7) and back. Structs are closed objects ({@code title} = the
 * schema name, {@code required} = the non-optional fields); optional values are {@code oneOf} null and the
 * type. What JSON Schema cannot say is kept in keywords other validators ignore: {@code connect.type} (int8 to
 * int64, float32, float64, bytes, map), {@code connect.name} (names of non-struct schemas, logical types),
 * {@code connect.version} and {@code connect.parameters}. Decimals are JSON numbers, dates days since the
 * epoch, times and timestamps milliseconds, bytes base64 strings.
 */
public final class JsonSchemas {

  static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);
  public static final String DRAFT_7 = "http://json-schema.org/draft-07/schema#";
  static final String CONNECT_TYPE = "connect.type";
  static final String CONNECT_NAME = "connect.name";
  static final String CONNECT_VERSION = "connect.version";
  static final String CONNECT_PARAMETERS = "connect.parameters";

  private JsonSchemas() {}

  /** The JSON Schema document for a Connect schema. */
  public static ObjectNode toJsonSchema(Schema schema) {
    ObjectNode root = NODES.objectNode();
    root.put("$schema", DRAFT_7);
    root.setAll(convert(schema));
    return root;
  }

  private static ObjectNode convert(Schema schema) {
    ObjectNode base = base(schema);
    if (!schema.isOptional()) {
      if (schema.defaultValue() != null) {
        base.set("default", JsonValues.toJson(schema, schema.defaultValue()));
      }
      return base;
    }
    ObjectNode optional = NODES.objectNode();
    ArrayNode oneOf = optional.putArray("oneOf");
    oneOf.addObject().put("type", "null");
    oneOf.add(base);
    if (schema.defaultValue() != null) {
      optional.set("default", JsonValues.toJson(schema, schema.defaultValue()));
    }
    return optional;
  }

  private static ObjectNode base(Schema schema) {
    ObjectNode node = NODES.objectNode();
    switch (schema.type()) {
      case INT8, INT16, INT32, INT64 -> node.put("type", "integer").put(CONNECT_TYPE, schema.type().getName());
      case FLOAT32, FLOAT64 -> node.put("type", "number").put(CONNECT_TYPE, schema.type().getName());
      case BOOLEAN -> node.put("type", "boolean");
      case STRING -> node.put("type", "string");
      case BYTES -> {
        if (Decimal.LOGICAL_NAME.equals(schema.name())) {
          node.put("type", "number").put(CONNECT_TYPE, "bytes");
        } else {
          node.put("type", "string").put("contentEncoding", "base64").put(CONNECT_TYPE, "bytes");
        }
      }
      case ARRAY -> node.put("type", "array").set("items", convert(schema.valueSchema()));
      case MAP -> {
        if (stringKeys(schema)) {
          node.put("type", "object").put(CONNECT_TYPE, "map").set("additionalProperties",
              convert(schema.valueSchema()));
        } else {
          ObjectNode entry = NODES.objectNode().put("type", "object");
          entry.putObject("properties").set("key", convert(schema.keySchema()));
          ((ObjectNode) entry.get("properties")).set("value", convert(schema.valueSchema()));
          entry.putArray("required").add("key").add("value");
          entry.put("additionalProperties", false);
          node.put("type", "array").put(CONNECT_TYPE, "map").set("items", entry);
        }
      }
      case STRUCT -> {
        node.put("type", "object");
        if (schema.name() != null) {
          node.put("title", schema.name());
        }
        ObjectNode properties = node.putObject("properties");
        ArrayNode required = NODES.arrayNode();
        for (Field field : schema.fields()) {
          properties.set(field.name(), convert(field.schema()));
          if (!field.schema().isOptional()) {
            required.add(field.name());
          }
        }
        node.set("required", required);
        node.put("additionalProperties", false);
      }
    }
    if (schema.type() != Schema.Type.STRUCT && schema.name() != null) {
      node.put(CONNECT_NAME, schema.name());
    }
    if (schema.doc() != null) {
      node.put("description", schema.doc());
    }
    if (schema.version() != null) {
      node.put(CONNECT_VERSION, schema.version());
    }
    if (schema.parameters() != null && !schema.parameters().isEmpty()) {
      ObjectNode parameters = node.putObject(CONNECT_PARAMETERS);
      schema.parameters().forEach(parameters::put);
    }
    return node;
  }

  static boolean stringKeys(Schema map) {
    return map.keySchema().type() == Schema.Type.STRING && !map.keySchema().isOptional()
        && map.keySchema().name() == null;
  }

  /** The Connect schema for a JSON Schema document. */
  public static Schema toConnect(JsonNode schema) {
    return builder(schema).build();
  }

  private static SchemaBuilder builder(JsonNode node) {
    JsonNode inner = node;
    boolean optional = false;
    for (String combiner : new String[]{"oneOf", "anyOf"}) {
      if (node.has(combiner)) {
        List<JsonNode> branches = new ArrayList<>();
        for (JsonNode branch : node.get(combiner)) {
          if ("null".equals(branch.path("type").asText())) {
            optional = true;
          } else {
            branches.add(branch);
          }
        }
        if (branches.size() != 1) {
          throw new DataException("JSON Schema '" + combiner + "' with " + branches.size() + " non-null branches has no"
              + " Connect equivalent; use one type, optionally with null");
        }
        inner = branches.get(0);
      }
    }
    String type = inner.path("type").asText(null);
    if (inner.path("type").isArray()) {
      type = null;
      for (JsonNode t : inner.get("type")) {
        if ("null".equals(t.asText())) {
          optional = true;
        } else if (type == null) {
          type = t.asText();
        } else {
          throw new DataException("A JSON Schema with several types " + inner.get("type") + " has no Connect"
              + " equivalent");
        }
      }
    }
    if (inner.has("$ref")) {
      throw new DataException("JSON Schema references ($ref) are not resolved; register the schema self-contained");
    }
    if (type == null) {
      throw new DataException("A JSON Schema without a 'type' has no Connect equivalent: " + shorten(inner));
    }
    SchemaBuilder builder = typed(inner, type);
    if (inner.has("description") && builder.doc() == null) {
      builder.doc(inner.get("description").asText());
    }
    if (inner.has(CONNECT_VERSION) && builder.version() == null) {
      builder.version(inner.get(CONNECT_VERSION).asInt());
    }
    if (inner.get(CONNECT_PARAMETERS) instanceof ObjectNode parameters) {
      Iterator<Map.Entry<String, JsonNode>> fields = parameters.fields();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> parameter = fields.next();
        builder.parameter(parameter.getKey(), parameter.getValue().asText());
      }
    }
    if (optional) {
      builder.optional();
    }
    JsonNode defaultValue = node.has("default") ? node.get("default") : inner.get("default");
    if (defaultValue != null && !defaultValue.isNull()) {
      builder.defaultValue(JsonValues.toConnect(builder.build(), defaultValue, "default"));
    }
    return builder;
  }

  private static SchemaBuilder typed(JsonNode node, String type) {
    String connectType = node.path(CONNECT_TYPE).asText("");
    String name = node.path(CONNECT_NAME).asText(null);
    SchemaBuilder builder = switch (type) {
      case "integer" -> Date.LOGICAL_NAME.equals(name)
          ? Date.builder()
          : Time.LOGICAL_NAME.equals(name)
              ? Time.builder()
              : Timestamp.LOGICAL_NAME.equals(name) ? Timestamp.builder() : switch (connectType) {
                case "int8" -> SchemaBuilder.int8();
                case "int16" -> SchemaBuilder.int16();
                case "int32" -> SchemaBuilder.int32();
                default -> SchemaBuilder.int64();
              };
      case "number" -> Decimal.LOGICAL_NAME.equals(name)
          ? Decimal.builder(node.path(CONNECT_PARAMETERS).path(Decimal.SCALE_FIELD).asInt(0))
          : "float32".equals(connectType) ? SchemaBuilder.float32() : SchemaBuilder.float64();
      case "boolean" -> SchemaBuilder.bool();
      case "string" -> "bytes".equals(connectType) ? SchemaBuilder.bytes() : SchemaBuilder.string();
      case "array" -> "map".equals(connectType)
          ? SchemaBuilder.map(toConnect(node.path("items").path("properties").path("key")),
              toConnect(node.path("items").path("properties").path("value")))
          : SchemaBuilder.array(toConnect(required(node, "items")));
      case "object" -> object(node, connectType);
      default -> throw new DataException("JSON Schema type '" + type + "' has no Connect equivalent");
    };
    if (name != null && builder.name() == null) {
      builder.name(name);
    }
    return builder;
  }

  private static SchemaBuilder object(JsonNode node, String connectType) {
    JsonNode additional = node.get("additionalProperties");
    if ("map".equals(connectType) || !node.has("properties") && additional != null && additional.isObject()) {
      return SchemaBuilder.map(Schema.STRING_SCHEMA, toConnect(additional));
    }
    SchemaBuilder struct = SchemaBuilder.struct();
    if (node.has("title")) {
      struct.name(node.get("title").asText());
    }
    Set<String> required = new HashSet<>();
    node.path("required").forEach(field -> required.add(field.asText()));
    Iterator<Map.Entry<String, JsonNode>> properties = node.path("properties").fields();
    while (properties.hasNext()) {
      Map.Entry<String, JsonNode> property = properties.next();
      SchemaBuilder field = builder(property.getValue());
      if (!required.contains(property.getKey()) && !field.isOptional()) {
        field.optional();
      }
      struct.field(property.getKey(), field.build());
    }
    return struct;
  }

  private static JsonNode required(JsonNode node, String keyword) {
    JsonNode value = node.get(keyword);
    if (value == null) {
      throw new DataException("A JSON Schema array without '" + keyword + "' has no Connect equivalent");
    }
    return value;
  }

  private static String shorten(JsonNode node) {
    String text = node.toString();
    return text.length() > 200 ? text.substring(0, 200) + "..." : text;
  }
}
