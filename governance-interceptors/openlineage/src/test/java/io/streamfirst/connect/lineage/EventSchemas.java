// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.lineage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Validates OpenLineage events (JSON) against the OpenLineage JSON schemas vendored under
 * {@code openlineage-spec-2-0-2/} (see its README): the event against {@code OpenLineage.json}, and each
 * facet against the schema its {@code _schemaURL} names. Offline; shipped in this module's test jar for
 * the integration tests.
 */
public final class EventSchemas {

  private static final String DIR = "openlineage-spec-2-0-2/";
  private static final List<String> FILES = List.of("OpenLineage.json", "facets/ColumnLineageDatasetFacet.json",
      "facets/SchemaDatasetFacet.json", "facets/JobTypeJobFacet.json", "facets/ErrorMessageRunFacet.json");
  /** The schemas of Streamfirst's own facets (the facets' reference, next to OpenLineage's). */
  private static final List<String> CUSTOM_FACETS = List.of("streamfirst-facets/StreamfirstFreshnessRunFacet.json");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final SchemaRegistry registry;
  private final Map<String, Schema> schemas = new HashMap<>();
  private final String eventSchemaId;
  private final java.util.Set<String> vendored;

  public EventSchemas() {
    this(List.of());
  }

  /**
   * Also validates the custom facets whose JSON schemas are these class-path resources, or these schemas
   * themselves when an entry starts with <code>{</code> (each schema's {@code $id} is the {@code _schemaURL}
   * its facets carry).
   */
  public EventSchemas(List<String> customFacetSchemas) {
    Map<String, String> byId = new HashMap<>();
    String eventId = null;
    List<String> files = new ArrayList<>();
    FILES.forEach(f -> files.add(DIR + f));
    files.addAll(customFacetSchemas);
    for (String file : files) {
      String text = file.startsWith("{") ? file : resource(file);
      String id = read(text).get("$id").asText();
      byId.put(id, text);
      if (file.equals(DIR + "OpenLineage.json")) {
        eventId = id;
      }
    }
    for (String file : CUSTOM_FACETS) {
      String text = resource(file);
      byId.put(read(text).get("$id").asText(), text);
    }
    eventSchemaId = eventId;
    vendored = Map.copyOf(byId).keySet();
    registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12, b -> b.schemas(byId));
  }

  /** The problems of one event (empty when it is valid). */
  public List<String> problems(String eventJson) {
    List<String> problems = new ArrayList<>();
    schema(eventSchemaId).validate(eventJson, InputFormat.JSON).forEach(e -> problems.add("event: " + e));
    JsonNode event = read(eventJson);
    facets(event.path("run").path("facets"), "run", problems);
    facets(event.path("job").path("facets"), "job", problems);
    for (String side : List.of("inputs", "outputs")) {
      for (JsonNode dataset : event.path(side)) {
        facets(dataset.path("facets"), side + " " + dataset.path("name").asText(), problems);
      }
    }
    return problems;
  }

  private void facets(JsonNode facets, String where, List<String> problems) {
    for (Iterator<Map.Entry<String, JsonNode>> it = facets.fields(); it.hasNext();) {
      Map.Entry<String, JsonNode> facet = it.next();
      String url = facet.getValue().path("_schemaURL").asText();
      String id = url.contains("#") ? url.substring(0, url.indexOf('#')) : url;
      if (!vendored.contains(id)) {
        problems.add(where + " facet " + facet.getKey() + ": its schema " + id + " is not vendored");
        continue;
      }
      Schema schema = schema(id);
      String wrapped = "{\"" + facet.getKey() + "\":" + facet.getValue().toString() + "}";
      schema.validate(wrapped, InputFormat.JSON)
          .forEach(e -> problems.add(where + " facet " + facet.getKey() + ": " + e));
    }
  }

  private synchronized Schema schema(String id) {
    return schemas.computeIfAbsent(id, i -> registry.getSchema(com.networknt.schema.SchemaLocation.of(i)));
  }

  private static JsonNode read(String json) {
    try {
      return JSON.readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String resource(String name) {
    try (InputStream in = EventSchemas.class.getClassLoader().getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
