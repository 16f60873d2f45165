// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.governance.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streamfirst.connect.governance.registry.RegisteredSchema;
import io.streamfirst.connect.governance.registry.RegistryRequestException;
import io.streamfirst.connect.governance.registry.SchemaRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;

/**
 * Where the contract of a subject comes from: the registry's newest version of the subject (its schema, and its
 * {@code metadata} and {@code ruleSet} where the registry stores them), completed by the contracts file: a JSON
 * object keyed by subject whose values have the registry's shape,
 * {@code {"orders-value": {"metadata": {"tags": {...}}, "ruleSet": {"domainRules": [...]}}}}. The registry's rule
 * set wins when it returns one; metadata tags from both apply.
 */
public final class ContractSource {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final SchemaRegistry registry;
  private final Map<String, JsonNode> file;

  /** {@code registry} is null when subjects resolve from the contracts file only. */
  public ContractSource(SchemaRegistry registry, Map<String, JsonNode> file) {
    this.registry = registry;
    this.file = Map.copyOf(file);
  }

  /** Reads a contracts file; {@code key} is the config key naming it, for the error. */
  public static Map<String, JsonNode> readFile(String path, String key) {
    if (path == null || path.isBlank()) {
      return Map.of();
    }
    JsonNode root;
    try {
      root = JSON.readTree(Files.readString(Path.of(path)));
    } catch (IOException e) {
      throw new ConfigException(key, path, "cannot read the contracts file: " + e.getMessage());
    }
    if (root == null || !root.isObject()) {
      throw new ConfigException(key, path, "the contracts file must hold a JSON object keyed by subject");
    }
    Map<String, JsonNode> bySubject = new HashMap<>();
    Iterator<Map.Entry<String, JsonNode>> fields = root.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> e = fields.next();
      if (!e.getValue().isObject()) {
        throw new ConfigException(key, path, "the entry of subject '" + e.getKey() + "' is not a JSON object with"
            + " metadata and ruleSet");
      }
      bySubject.put(e.getKey(), e.getValue());
    }
    return bySubject;
  }

  /**
   * The newest contract of the subject, or null when neither the registry nor the file has the subject.
   *
   * @throws io.streamfirst.connect.governance.registry.RegistryUnavailableException when the registry cannot be
   *     reached and has no cached newest version
   */
  public ContractSpec latest(String subject) {
    JsonNode own = file.get(subject);
    if (registry == null) {
      return own == null ? null : new ContractSpec(subject, -1, null, null, own.get("metadata"), own.get("ruleSet"));
    }
    RegisteredSchema schema;
    try {
      schema = registry.latest(subject);
    } catch (RegistryRequestException e) {
      if (!e.notFound()) {
        throw e;
      }
      return own == null
          ? null
          : new ContractSpec(subject, -1, null, null, own.get("metadata"), own.get("ruleSet"));
    }
    return of(subject, schema);
  }

  /**
   * The contract of one registered version of the subject (the version a record was written with): its rule set
   * where the registry stores one, else the file's; the metadata tags of both.
   */
  public ContractSpec of(String subject, RegisteredSchema schema) {
    JsonNode own = file.get(subject);
    JsonNode ruleSet = schema.ruleSet() != null && schema.ruleSet().path("domainRules").size() > 0
        ? schema.ruleSet()
        : own == null ? null : own.get("ruleSet");
    return new ContractSpec(subject, schema.version(), schema.schemaType(), schema.schema(),
        mergeTags(schema.metadata(), own == null ? null : own.get("metadata")), ruleSet);
  }

  private static JsonNode mergeTags(JsonNode registry, JsonNode file) {
    if (registry == null) {
      return file;
    }
    if (file == null) {
      return registry;
    }
    ObjectNode merged = registry.deepCopy();
    ObjectNode tags = merged.with("tags");
    file.path("tags").fields().forEachRemaining(e -> tags.set(e.getKey(), e.getValue()));
    return merged;
  }
}
