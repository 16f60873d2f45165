// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.lineage.rest;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.openlineage.client.OpenLineage;
import io.streamfirst.connect.lineage.LineageRun;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The job facet {@code kafkaConnect}: the connector's class, whether it is a source or a sink, and its
 * transforms (alias and class) in order. Its JSON schema ships in this jar as
 * {@value #SCHEMA_RESOURCE}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"_producer", "_schemaURL", "connectorClass", "connectorType", "transforms"})
public final class KafkaConnectJobFacet implements OpenLineage.JobFacet {

  public static final String NAME = "kafkaConnect";
  public static final URI SCHEMA_URL = URI
      .create("https://streamfirst.io/connect/spec/facets/1-0-0/KafkaConnectJobFacet.json#/$defs/KafkaConnectJobFacet");
  public static final String SCHEMA_RESOURCE = "io/streamfirst/connect/lineage/rest/KafkaConnectJobFacet.json";

  private final String connectorClass;
  private final String connectorType;
  private final List<Map<String, String>> transforms;

  KafkaConnectJobFacet(ConnectorSnapshot connector) {
    this.connectorClass = connector.connectorClass();
    this.connectorType = connector.isSink() ? "SINK" : "SOURCE";
    List<Map<String, String>> chain = new ArrayList<>();
    String aliases = connector.config().getOrDefault("transforms", "").trim();
    if (!aliases.isEmpty()) {
      for (String alias : aliases.split("\\s*,\\s*")) {
        Map<String, String> transform = new LinkedHashMap<>();
        transform.put("alias", alias);
        transform.put("type", connector.config().getOrDefault("transforms." + alias + ".type", "").trim());
        chain.add(transform);
      }
    }
    this.transforms = List.copyOf(chain);
  }

  @Override
  @JsonProperty("_producer")
  public URI get_producer() {
    return LineageRun.PRODUCER;
  }

  @Override
  @JsonProperty("_schemaURL")
  public URI get_schemaURL() {
    return SCHEMA_URL;
  }

  @Override
  @JsonIgnore
  public Boolean get_deleted() {
    return null;
  }

  @Override
  @JsonIgnore
  public Boolean isDeleted() {
    return null;
  }

  @Override
  @JsonIgnore
  public Map<String, Object> getAdditionalProperties() {
    return Map.of();
  }

  @JsonProperty("connectorClass")
  public String getConnectorClass() {
    return connectorClass;
  }

  @JsonProperty("connectorType")
  public String getConnectorType() {
    return connectorType;
  }

  @JsonProperty("transforms")
  public List<Map<String, String>> getTransforms() {
    return transforms;
  }
}
