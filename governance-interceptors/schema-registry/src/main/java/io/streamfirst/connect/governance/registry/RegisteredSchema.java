// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.governance.registry;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * One schema as the registry returns it.
 *
 * @param id the registry-wide schema id (the one the wire format carries)
 * @param subject the subject, or null when the schema was fetched by id alone
 * @param version the version within {@code subject}, or -1 when unknown
 * @param schemaType {@code AVRO}, {@code JSON} or {@code PROTOBUF}
 * @param schema the schema text
 * @param references the schema's references, as the registry returned them (empty when none)
 * @param metadata the schema's metadata (tags, properties) where the server stores it, else null
 * @param ruleSet the schema's rule set (domain and migration rules) where the server stores it, else null
 */
public record RegisteredSchema(int id, String subject, int version, String schemaType, String schema,
    List<JsonNode> references, JsonNode metadata, JsonNode ruleSet) {

  public static final String AVRO = "AVRO";
  public static final String JSON = "JSON";

  public RegisteredSchema {
    references = references == null ? List.of() : List.copyOf(references);
    schemaType = schemaType == null || schemaType.isBlank() ? AVRO : schemaType;
  }

  /** {@code subject:version}, or {@code id:<id>} when the subject is unknown: the value of {@code sf.schema}. */
  public String coordinates() {
    return subject == null || version < 0 ? "id:" + id : subject + ":" + version;
  }
}
