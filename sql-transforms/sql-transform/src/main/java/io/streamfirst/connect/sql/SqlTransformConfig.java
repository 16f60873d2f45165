// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.sql;

import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;

/** Configuration of {@link SqlTransform}. */
public final class SqlTransformConfig extends AbstractConfig {

  public static final String QUERY = "query";
  public static final String LINEAGE_ENABLED = "lineage.enabled";
  public static final String LINEAGE_HOP = "lineage.hop";

  public static final ConfigDef CONFIG_DEF = SqlConfigs.defineShared(new ConfigDef()
      .define(QUERY, ConfigDef.Type.STRING, ConfigDef.NO_DEFAULT_VALUE, QueryValidator.select(),
          ConfigDef.Importance.HIGH,
          "The statement applied to every record: SELECT <expressions> FROM <any name> [WHERE <condition>]."
              + " Columns are the value's fields plus _key, _topic, _partition, _offset, _timestamp and"
              + " _headers['name']. Result columns named _topic, _key or _timestamp set the record's topic, key or"
              + " timestamp. Records for which WHERE is false or NULL are dropped.",
          SqlConfigs.GROUP, 0, ConfigDef.Width.LONG, "Query")
      .define(LINEAGE_ENABLED, ConfigDef.Type.BOOLEAN, true, ConfigDef.Importance.LOW,
          "Append this transform's hop (see lineage.hop) to the sf.path lineage header of every record it emits.",
          SqlConfigs.GROUP, 1, ConfigDef.Width.SHORT, "Lineage header")
      .define(LINEAGE_HOP, ConfigDef.Type.STRING, "sql", new ConfigDef.NonEmptyString(), ConfigDef.Importance.LOW,
          "The name this transform appends to the sf.path header, e.g. sql:clean.",
          SqlConfigs.GROUP, 2, ConfigDef.Width.MEDIUM, "Lineage hop name"),
      3);

  public SqlTransformConfig(Map<?, ?> originals) {
    super(CONFIG_DEF, originals);
  }

  String query() {
    return getString(QUERY);
  }

  boolean lineageEnabled() {
    return getBoolean(LINEAGE_ENABLED);
  }

  String lineageHop() {
    return getString(LINEAGE_HOP);
  }

  List<Class<?>> allowedFunctionClasses() {
    return SqlConfigs.allowedClasses(getList(SqlConfigs.FUNCTIONS_ALLOWED_CLASSES));
  }

  int planCacheSize() {
    return getInt(SqlConfigs.PLAN_CACHE_SIZE);
  }

  int maxValueBytes() {
    return getInt(SqlConfigs.MAX_VALUE_BYTES);
  }
}
