// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.sql;

import io.streamfirst.connect.sql.engine.ColumnLineage;
import io.streamfirst.connect.sql.engine.InvalidQueryException;
import io.streamfirst.connect.sql.engine.QueryDefinition;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.connect.data.Schema;

/**
 * The column lineage of a configured {@link SqlTransform}: for each result column, the input columns
 * it is computed from and how ({@link ColumnLineage}).
 *
 * <p>Connectors that report lineage call {@link #describe} through reflection, from their own plugin
 * class loader, on the class this plugin's loader defines: its arguments and its result are JDK and
 * Connect API types only, which every plugin shares.
 */
public final class SqlColumnLineage {

  private SqlColumnLineage() {}

  /**
   * The lineage of the transform configured by {@code transformProps} (its own keys, without the
   * {@code transforms.<alias>.} prefix) over records with these schemas.
   *
   * @throws ConfigException when the configuration or the statement is invalid for these schemas
   */
  public static ColumnLineage.Result of(Map<String, ?> transformProps, Schema valueSchema, Schema keySchema) {
    SqlTransformConfig config = new SqlTransformConfig(transformProps);
    QueryDefinition query = QueryValidator.select().define(SqlTransformConfig.QUERY, config.query());
    try {
      return ColumnLineage.of(query, config.allowedFunctionClasses(), config.maxValueBytes(), valueSchema, keySchema);
    } catch (InvalidQueryException e) {
      throw new ConfigException(SqlTransformConfig.QUERY, config.query(), e.getMessage());
    }
  }

  /**
   * {@link #of} as plain maps, for callers in another class loader: a map with {@code columns} (a list
   * of maps with {@code name}, {@code type} and {@code origins}) and {@code filter}; each origin is a map
   * with {@code field} and {@code kind} ({@code IDENTITY}, {@code TRANSFORMATION}, {@code CONDITIONAL},
   * {@code FILTER}).
   */
  public static Map<String, Object> describe(Map<String, ?> transformProps, Schema valueSchema, Schema keySchema) {
    ColumnLineage.Result result = of(transformProps, valueSchema, keySchema);
    List<Map<String, Object>> columns = new ArrayList<>();
    for (ColumnLineage.Column column : result.columns()) {
      Map<String, Object> map = new LinkedHashMap<>();
      map.put("name", column.name());
      map.put("type", column.type());
      map.put("origins", origins(column.origins()));
      columns.add(map);
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("columns", columns);
    out.put("filter", origins(result.filter()));
    return out;
  }

  private static List<Map<String, String>> origins(List<ColumnLineage.Origin> origins) {
    return origins.stream().map(o -> Map.of("field", o.field(), "kind", o.kind().name())).toList();
  }
}
