// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.lineage.rest;

import io.streamfirst.connect.lineage.ColumnMapping;
import io.streamfirst.connect.lineage.DatasetId;
import io.streamfirst.connect.lineage.SqlTransformLineage;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.connect.data.Schema;

/**
 * The column lineage of a sink connector's SqlTransform (a chain of exactly one), computed by the SQL
 * transforms plugin itself ({@link SqlTransformLineage}, through the worker's plugin class loaders) over
 * the schema of the records of its input topic, which {@link Schemas} reads.
 */
final class ColumnLineageSource implements GraphBuilder.ColumnLineage {

  static final String SQL_TRANSFORM = "io.streamfirst.connect.sql.SqlTransform";

  /** The value and key schemas of a topic's records as a connector reads them, or null when unknown. */
  interface Schemas {
    Schema[] of(ConnectorSnapshot connector, String topic);
  }

  private final ClassLoader loader;
  private final Schemas schemas;
  /** Per connector configuration: the lineage API of its transform (absent when it has none). */
  private final Map<Map<String, String>, java.util.Optional<SqlTransformLineage>> lineages = new ConcurrentHashMap<>();

  ColumnLineageSource(ClassLoader loader, Schemas schemas) {
    this.loader = loader;
    this.schemas = schemas;
  }

  @Override
  public ColumnMapping of(ConnectorSnapshot connector, List<DatasetId> inputTopics) {
    String chain = connector.config().getOrDefault("transforms", "");
    if (!chain.contains(",") && !SQL_TRANSFORM.equals(
        connector.config().getOrDefault("transforms." + chain.trim() + ".type", "").trim())) {
      return null;
    }
    SqlTransformLineage lineage = lineages.computeIfAbsent(connector.config(),
        c -> java.util.Optional.ofNullable(SqlTransformLineage.of(c, loader))).orElse(null);
    if (lineage == null) {
      return null;
    }
    for (DatasetId topic : inputTopics) {
      Schema[] pair = schemas.of(connector, topic.name());
      if (pair != null) {
        ColumnMapping mapping = lineage.mapping(topic, pair[0], pair[1], ColumnLineageSource::column);
        if (mapping != null) {
          return mapping;
        }
      }
    }
    return null;
  }

  /** A record field path as a column of the topic: {@code _key.x} is x, other metadata fields are none. */
  static String column(String field) {
    if (field.startsWith("_key.")) {
      return field.substring("_key.".length());
    }
    return field.startsWith("_") ? null : field;
  }
}
