// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.governance.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamfirst.connect.governance.SchemaCodec;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.errors.DataException;

/** A JSON Schema with its Connect schema; payloads are UTF-8 JSON. */
public final class JsonCodec implements SchemaCodec {

  static final ObjectMapper MAPPER = new ObjectMapper().setNodeFactory(JsonSchemas.NODES)
      .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

  private final String text;
  private final Schema connect;
  private final String title;

  private JsonCodec(String text, Schema connect, String title) {
    this.text = text;
    this.connect = connect;
    this.title = title;
  }

  /** The codec for a Connect schema: the JSON Schema derived from it. */
  public static JsonCodec of(Schema connect) {
    return new JsonCodec(JsonSchemas.toJsonSchema(connect).toString(), connect,
        connect.type() == Schema.Type.STRUCT ? connect.name() : null);
  }

  /** The codec for a registered JSON Schema text. */
  public static JsonCodec parse(String text) {
    JsonNode schema;
    try {
      schema = MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      throw new DataException("The registered JSON Schema is not valid JSON at line "
          + e.getLocation().getLineNr(), e);
    }
    return new JsonCodec(text, JsonSchemas.toConnect(schema), schema.path("title").asText(null));
  }

  @Override
  public String text() {
    return text;
  }

  @Override
  public String recordName() {
    return title;
  }

  @Override
  public Schema connectSchema() {
    return connect;
  }

  @Override
  public void write(Schema valueSchema, Object value, ByteArrayOutputStream out) {
    JsonNode json = JsonValues.toJson(connect, value);
    try {
      MAPPER.writeValue(out, json);
    } catch (IOException e) {
      throw new DataException("Could not write the record as JSON: " + e.getClass().getSimpleName(), e);
    }
  }

  @Override
  public Object read(byte[] data, int offset, int length) {
    JsonNode json;
    try {
      json = MAPPER.readTree(data, offset, length);
    } catch (IOException e) {
      throw new DataException("The payload is not valid JSON: " + e.getClass().getSimpleName(), e);
    }
    return JsonValues.toConnect(connect, json, "value");
  }
}
