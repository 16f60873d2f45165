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

/** A registry in memory whose newest versions the tests set, and which can be "down". */
final class FakeRegistry implements SchemaRegistry {

  final Map<String, RegisteredSchema> latest = new HashMap<>();
  boolean down;
  int latestCalls;

  void put(String subject, int version, String schema, String metadata, String ruleSet) {
    try {
      var json = new com.fasterxml.jackson.databind.ObjectMapper();
      latest.put(subject, new RegisteredSchema(100 + version, subject, version, "AVRO", schema, List.of(),
          metadata == null ? null : json.readTree(metadata), ruleSet == null ? null : json.readTree(ruleSet)));
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  @Override
  public RegisteredSchema schemaById(int id) {
    throw new UnsupportedOperationException();
  }

  @Override
  public RegisteredSchema latest(String subject) {
    latestCalls++;
    if (down) {
      throw new RegistryUnavailableException("Schema registry at http://fake:8081 did not answer for subject '"
          + subject + "' version latest", null);
    }
    RegisteredSchema schema = latest.get(subject);
    if (schema == null) {
      throw new RegistryRequestException("Subject '" + subject + "' not found (HTTP 404)", 404, 40401);
    }
    return schema;
  }

  @Override
  public int register(String subject, SchemaText schema) {
    throw new UnsupportedOperationException();
  }

  @Override
  public Optional<RegisteredSchema> lookup(String subject, SchemaText schema) {
    return Optional.empty();
  }

  @Override
  public List<String> subjects() {
    return new ArrayList<>(latest.keySet());
  }

  @Override
  public void close() {}
}
