// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.governance;

import io.streamfirst.connect.governance.json.JsonCodec;
import io.streamfirst.connect.governance.registry.RegisteredSchema;
import io.streamfirst.connect.governance.registry.SchemaRegistry;
import org.apache.kafka.connect.data.Schema;

/**
 * Converts between Connect data and JSON in the Confluent wire format (magic byte 0, 4-byte schema id, UTF-8
 * JSON), with JSON Schemas (draft 7) in a Confluent-compatible schema registry (schemaType {@code JSON}). The
 * mapping is {@link io.streamfirst.connect.governance.json.JsonSchemas} and
 * {@link io.streamfirst.connect.governance.json.JsonValues}.
 */
public class JsonSchemaConverter extends RegistryConverter {

  public JsonSchemaConverter() {}

  /** For tests: a converter on the given registry. */
  public JsonSchemaConverter(SchemaRegistry registry) {
    super(registry);
  }

  @Override
  protected String schemaType() {
    return RegisteredSchema.JSON;
  }

  @Override
  protected String formatName() {
    return "JSON Schema";
  }

  @Override
  protected SchemaCodec codecFor(Schema schema) {
    return JsonCodec.of(schema);
  }

  @Override
  protected SchemaCodec parse(String schemaText) {
    return JsonCodec.parse(schemaText);
  }
}
