// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.lineage;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.apache.kafka.connect.data.Schema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The column lineage of the {@code SqlTransform} in a connector's {@code transforms}, computed by
 * the transform's own plugin.
 *
 * <p>The transform's classes (and Calcite) live in the SQL transforms plugin, in another class loader
 * than the connector. A Connect worker resolves a plugin class by name from any plugin
 * ({@code io.streamfirst.connect.sql.SqlTransform}); its loader then gives
 * {@code io.streamfirst.connect.sql.SqlColumnLineage}, which is called through reflection with
 * Connect schemas and answers with plain maps. Nothing of Calcite is bundled with a connector. When
 * the SQL plugin is not installed, or the chain has other transforms than one SqlTransform, there is
 * no column lineage (logged once) and the output dataset still carries its schema.
 */
public final class SqlTransformLineage {

  private static final Logger LOG = LoggerFactory.getLogger(SqlTransformLineage.class);

  static final String TRANSFORM_CLASS = "io.streamfirst.connect.sql.SqlTransform";
  static final String LINEAGE_CLASS = "io.streamfirst.connect.sql.SqlColumnLineage";

  private final Map<String, String> transformProps;
  private final Method describe;
  private final Map<List<Schema>, ColumnMapping> cache = new HashMap<>();

  private SqlTransformLineage(Map<String, String> transformProps, Method describe) {
    this.transformProps = transformProps;
    this.describe = describe;
  }

  /**
   * The lineage of the connector's transform chain when it is one {@code SqlTransform}; null when the
   * connector has no transforms, others, or the SQL plugin cannot be reached from {@code loader}.
   */
  public static SqlTransformLineage of(Map<String, String> connectorProps, ClassLoader loader) {
    String chain = connectorProps.getOrDefault("transforms", "").trim();
    if (chain.isEmpty()) {
      return null;
    }
    String[] aliases = chain.split("\\s*,\\s*");
    String type = connectorProps.get("transforms." + aliases[0] + ".type");
    if (aliases.length != 1 || !TRANSFORM_CLASS.equals(type == null ? null : type.trim())) {
      boolean hasSql = false;
      for (String alias : aliases) {
        hasSql |= TRANSFORM_CLASS.equals(connectorProps.get("transforms." + alias + ".type"));
      }
      if (hasSql) {
        LOG.info("Connector {}: no column lineage for transforms={}: it is reported for a chain of exactly one"
            + " SqlTransform", connectorProps.get("name"), chain);
      }
      return null;
    }
    String prefix = "transforms." + aliases[0] + ".";
    Map<String, String> own = new HashMap<>();
    connectorProps.forEach((k, v) -> {
      if (k.startsWith(prefix)) {
        own.put(k.substring(prefix.length()), v);
      }
    });
    try {
      Class<?> transform = Class.forName(TRANSFORM_CLASS, false, loader);
      Class<?> lineage = Class.forName(LINEAGE_CLASS, true, transform.getClassLoader());
      return new SqlTransformLineage(own,
          lineage.getMethod("describe", Map.class, Schema.class, Schema.class));
    } catch (ReflectiveOperationException | LinkageError e) {
      LOG.info("Connector {}: no column lineage for its SqlTransform: the SQL transforms plugin (with {}) is not"
          + " reachable from this connector ({})", connectorProps.get("name"), LINEAGE_CLASS, e.toString());
      return null;
    }
  }

  /**
   * The mapping from {@code input}'s columns to the transform's result columns for records with these
   * schemas; {@code inputColumn} turns a record field path ({@code after.id}, {@code _key.id}) into the
   * input dataset's column, or null when it is not one (metadata). Null when the statement does not
   * fit the schemas. Cached per pair of schemas.
   */
  public synchronized ColumnMapping mapping(DatasetId input, Schema valueSchema, Schema keySchema,
      UnaryOperator<String> inputColumn) {
    List<Schema> key = new ArrayList<>(2);
    key.add(valueSchema);
    key.add(keySchema);
    if (cache.containsKey(key)) {
      return cache.get(key);
    }
    ColumnMapping mapping = null;
    try {
      @SuppressWarnings("unchecked")
      Map<String, Object> described = (Map<String, Object>) describe.invoke(null, transformProps, valueSchema,
          keySchema);
      mapping = toMapping(input, described, inputColumn);
    } catch (InvocationTargetException e) {
      LOG.info("No column lineage for the SqlTransform over {}: {}", input.name(), e.getCause().getMessage());
    } catch (IllegalAccessException e) {
      LOG.info("No column lineage for the SqlTransform over {}: {}", input.name(), e.toString());
    }
    cache.put(key, mapping);
    return mapping;
  }

  @SuppressWarnings("unchecked")
  static ColumnMapping toMapping(DatasetId input, Map<String, Object> described, UnaryOperator<String> inputColumn) {
    List<ColumnMapping.Column> columns = new ArrayList<>();
    for (Map<String, Object> column : (List<Map<String, Object>>) described.get("columns")) {
      columns.add(new ColumnMapping.Column((String) column.get("name"), (String) column.get("type"),
          sources((List<Map<String, String>>) column.get("origins"), inputColumn)));
    }
    return new ColumnMapping(input, List.copyOf(columns),
        sources((List<Map<String, String>>) described.get("filter"), inputColumn));
  }

  private static List<ColumnMapping.Source> sources(List<Map<String, String>> origins,
      UnaryOperator<String> inputColumn) {
    List<ColumnMapping.Source> sources = new ArrayList<>();
    for (Map<String, String> origin : origins) {
      String column = inputColumn.apply(origin.get("field"));
      ColumnMapping.Source source = new ColumnMapping.Source(column,
          ColumnMapping.Kind.valueOf(origin.get("kind")));
      if (column != null && !sources.contains(source)) {
        sources.add(source);
      }
    }
    return List.copyOf(sources);
  }
}
