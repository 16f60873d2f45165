// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.sql;

import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;

/** Configuration of {@link SqlPredicate}. */
public final class SqlPredicateConfig extends AbstractConfig {

  public static final String CONDITION = "condition";

  public static final ConfigDef CONFIG_DEF = SqlConfigs.defineShared(new ConfigDef()
      .define(CONDITION, ConfigDef.Type.STRING, ConfigDef.NO_DEFAULT_VALUE, QueryValidator.condition(),
          ConfigDef.Importance.HIGH,
          "A SQL boolean expression over the value's fields and the metadata columns _key, _topic, _partition,"
              + " _offset, _timestamp and _headers['name']. The predicate matches when it is true; false and NULL"
              + " do not match.",
          SqlConfigs.GROUP, 0, ConfigDef.Width.LONG, "Condition"),
      1);

  public SqlPredicateConfig(Map<?, ?> originals) {
    super(CONFIG_DEF, originals);
  }

  String condition() {
    return getString(CONDITION);
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
