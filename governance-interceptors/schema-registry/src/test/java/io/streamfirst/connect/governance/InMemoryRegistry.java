// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.governance;

import io.streamfirst.connect.governance.registry.RegisteredSchema;
import io.streamfirst.connect.governance.registry.RegistryRequestException;
import io.streamfirst.connect.governance.registry.RegistryUnavailableException;
import io.streamfirst.connect.governance.registry.SchemaRegistry;
import io.streamfirst.connect.governance.registry.SchemaText;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A registry in memory for unit tests: ids per distinct schema text, versions per subject; can be "down". */
final class InMemoryRegistry implements SchemaRegistry {

  private final Map<String, Integer> idByText = new LinkedHashMap<>();
  private final Map<Integer, SchemaText> textById = new LinkedHashMap<>();
  private final Map<String, List<Integer>> versions = new LinkedHashMap<>();
  boolean down;

  private void check() {
    if (down) {
      throw new RegistryUnavailableException("registry down (test)", null);
    }
  }

  @Override
  public synchronized RegisteredSchema schemaById(int id) {
    check();
    SchemaText text = textById.get(id);
    if (text == null) {
      throw new RegistryRequestException("no schema " + id, 404, RegistryRequestException.SCHEMA_NOT_FOUND);
    }
    return new RegisteredSchema(id, null, -1, text.schemaType(), text.schema(), null, null, null);
  }

  @Override
  public synchronized RegisteredSchema latest(String subject) {
    check();
    List<Integer> ids = versions.get(subject);
    if (ids == null) {
      throw new RegistryRequestException("no subject " + subject, 404, RegistryRequestException.SUBJECT_NOT_FOUND);
    }
    int id = ids.get(ids.size() - 1);
    SchemaText text = textById.get(id);
    return new RegisteredSchema(id, subject, ids.size(), text.schemaType(), text.schema(), null, null, null);
  }

  @Override
  public synchronized int register(String subject, SchemaText schema) {
    check();
    int id = idByText.computeIfAbsent(schema.schemaType() + schema.schema(), key -> idByText.size() + 1);
    textById.put(id, schema);
    List<Integer> ids = versions.computeIfAbsent(subject, key -> new ArrayList<>());
    if (!ids.contains(id)) {
      ids.add(id);
    }
    return id;
  }

  @Override
  public synchronized Optional<RegisteredSchema> lookup(String subject, SchemaText schema) {
    check();
    Integer id = idByText.get(schema.schemaType() + schema.schema());
    List<Integer> ids = versions.getOrDefault(subject, List.of());
    if (id == null || !ids.contains(id)) {
      return Optional.empty();
    }
    return Optional.of(new RegisteredSchema(id, subject, ids.indexOf(id) + 1, schema.schemaType(), schema.schema(),
        null, null, null));
  }

  @Override
  public synchronized List<String> subjects() {
    check();
    return new ArrayList<>(versions.keySet());
  }

  @Override
  public void close() {}
}
