// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.governance;

import io.streamfirst.connect.governance.registry.RegisteredSchema;
import io.streamfirst.connect.governance.registry.RegistryRequestException;
import io.streamfirst.connect.governance.registry.RegistryUnavailableException;
import io.streamfirst.connect.governance.registry.SchemaRegistry;
import io.streamfirst.connect.governance.registry.SchemaText;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A registry in memory whose versions the tests set (or converters register), and which can be "down". Schema ids
 * are unique across subjects.
 */
final class FakeRegistry implements SchemaRegistry {

  final Map<String, RegisteredSchema> latest = new HashMap<>();
  private final Map<Integer, RegisteredSchema> byId = new HashMap<>();
  private final Map<String, Integer> ids = new HashMap<>();
  boolean down;
  /** While down, schemas by id still answer, as from the cache of a client that read them before. */
  boolean idsCached;
  int latestCalls;

  void put(String subject, int version, String schema, String metadata, String ruleSet) {
    put(subject, version, "AVRO", schema, metadata, ruleSet);
  }

  void put(String subject, int version, String schemaType, String schema, String metadata, String ruleSet) {
    try {
      var json = new com.fasterxml.jackson.databind.ObjectMapper();
      int id = ids.computeIfAbsent(subject + ':' + version, k -> 101 + ids.size());
      RegisteredSchema registered = new RegisteredSchema(id, subject, version, schemaType, schema,
          List.of(), metadata == null ? null : json.readTree(metadata),
          ruleSet == null ? null : json.readTree(ruleSet));
      byId.put(registered.id(), registered);
      RegisteredSchema newest = latest.get(subject);
      if (newest == null || newest.version() <= version) {
        latest.put(subject, registered);
      }
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  /** Attaches a rule set (and metadata) to an existing version, as a registry that stores them would return it. */
  void rules(String subject, int version, String metadata, String ruleSet) {
    RegisteredSchema schema = byId.get(ids.get(subject + ':' + version));
    put(subject, version, schema.schemaType(), schema.schema(), metadata, ruleSet);
  }

  private void checkUp(String what) {
    if (down) {
      throw new RegistryUnavailableException("Schema registry at http://fake:8081 did not answer for " + what, null);
    }
  }

  @Override
  public RegisteredSchema schemaById(int id) {
    if (!idsCached) {
      checkUp("schema id " + id);
    }
    RegisteredSchema schema = byId.get(id);
    if (schema == null) {
      throw new RegistryRequestException("Schema id " + id + " not found (HTTP 404)", 404, 40403);
    }
    return schema;
  }

  @Override
  public RegisteredSchema latest(String subject) {
    latestCalls++;
    checkUp("subject '" + subject + "' version latest");
    RegisteredSchema schema = latest.get(subject);
    if (schema == null) {
      throw new RegistryRequestException("Subject '" + subject + "' not found (HTTP 404)", 404, 40401);
    }
    return schema;
  }

  @Override
  public int register(String subject, SchemaText schema) {
    checkUp("registering under subject '" + subject + "'");
    Optional<RegisteredSchema> found = lookup(subject, schema);
    if (found.isPresent()) {
      return found.get().id();
    }
    RegisteredSchema newest = latest.get(subject);
    int version = newest == null ? 1 : newest.version() + 1;
    put(subject, version, schema.schemaType(), schema.schema(), null, null);
    return ids.get(subject + ':' + version);
  }

  @Override
  public Optional<RegisteredSchema> lookup(String subject, SchemaText schema) {
    checkUp("looking up under subject '" + subject + "'");
    return byId.values().stream()
        .filter(s -> subject.equals(s.subject()) && s.schema().equals(schema.schema())).findFirst();
  }

  @Override
  public List<String> subjects() {
    return new ArrayList<>(latest.keySet());
  }

  @Override
  public void close() {}
}
