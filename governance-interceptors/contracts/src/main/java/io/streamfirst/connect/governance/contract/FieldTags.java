// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.governance.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The tags of a subject's top-level fields, from the places users of Confluent data contracts write them: the
 * schema itself (an Avro field's {@code confluent:tags} property; a JSON Schema property's {@code confluent:tags})
 * and the metadata's {@code tags} map ({@code {"tags": {"Order.email": ["PII"]}}}: the key is
 * {@code <record name>.<field>} or the field name alone; {@code *} and {@code **} wildcards as the last part, as
 * in {@code Order.*}, tag every field).
 */
final class FieldTags {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Map<String, Set<String>> byField = new HashMap<>();
  private final Set<String> everyField = new HashSet<>();

  static FieldTags of(String schemaType, String schemaText, JsonNode metadata) {
    FieldTags tags = new FieldTags();
    if (schemaText != null && !schemaText.isBlank()) {
      tags.fromSchema(schemaType, schemaText);
    }
    if (metadata != null) {
      metadata.path("tags").fields().forEachRemaining(e -> {
        String path = e.getKey();
        int dot = path.lastIndexOf('.');
        String field = dot < 0 ? path : path.substring(dot + 1);
        e.getValue().forEach(tag -> {
          if (field.equals("*") || field.equals("**")) {
            tags.everyField.add(tag.asText());
          } else {
            tags.byField.computeIfAbsent(field, f -> new HashSet<>()).add(tag.asText());
          }
        });
      });
    }
    return tags;
  }

  private void fromSchema(String schemaType, String text) {
    JsonNode schema;
    try {
      schema = JSON.readTree(text);
    } catch (Exception e) {
      return; // not JSON (a Protobuf schema): tags come from the metadata only
    }
    if ("JSON".equals(schemaType)) {
      schema.path("properties").fields().forEachRemaining(e -> e.getValue().path("confluent:tags")
          .forEach(tag -> byField.computeIfAbsent(e.getKey(), f -> new HashSet<>()).add(tag.asText())));
    } else {
      schema.path("fields").forEach(field -> field.path("confluent:tags")
          .forEach(tag -> byField.computeIfAbsent(field.path("name").asText(), f -> new HashSet<>())
              .add(tag.asText())));
    }
  }

  /** The tags of a top-level field (empty when none). */
  Set<String> of(String field) {
    Set<String> own = byField.get(field);
    if (everyField.isEmpty()) {
      return own == null ? Set.of() : own;
    }
    Set<String> all = new HashSet<>(everyField);
    if (own != null) {
      all.addAll(own);
    }
    return all;
  }

  /** Whether the field carries one of {@code wanted}. */
  boolean any(String field, Set<String> wanted) {
    for (String tag : of(field)) {
      if (wanted.contains(tag)) {
        return true;
      }
    }
    return false;
  }
}
