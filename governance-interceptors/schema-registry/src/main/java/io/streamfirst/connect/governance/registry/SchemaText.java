// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.governance.registry;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A schema to register or look up: its text and type, with optional metadata and rule set (sent only
 * when not null; registries that do not store them ignore them).
 */
public record SchemaText(String schemaType, String schema, JsonNode metadata, JsonNode ruleSet) {

  public static SchemaText avro(String schema) {
    return new SchemaText(RegisteredSchema.AVRO, schema, null, null);
  }

  public static SchemaText json(String schema) {
    return new SchemaText(RegisteredSchema.JSON, schema, null, null);
  }
}
