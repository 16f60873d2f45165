// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.sql;

import io.streamfirst.connect.sql.functions.ValueTooLargeException;
import java.util.List;
import org.apache.kafka.common.config.ConfigDef;

/** Settings shared by {@link SqlTransform} and {@link SqlPredicate}. */
final class SqlConfigs {

  static final String FUNCTIONS_ALLOWED_CLASSES = "functions.allowed.classes";
  static final String PLAN_CACHE_SIZE = "plan.cache.size";
  static final String MAX_VALUE_BYTES = ValueTooLargeException.LIMIT_KEY;

  static final String GROUP = "SQL";

  private SqlConfigs() {}

  static ConfigDef defineShared(ConfigDef def, int firstOrder) {
    return def
        .define(FUNCTIONS_ALLOWED_CLASSES, ConfigDef.Type.LIST, List.of(), new AllowedClassesValidator(),
            ConfigDef.Importance.LOW,
            "Fully qualified names of classes whose public static methods become SQL functions named after the"
                + " method (upper-cased). Only classes of jars you put into this plugin's own directory (next to the"
                + " streamfirst-sql-transforms jar) are accepted: never classes of the JDK, Kafka, Connect, SLF4J,"
                + " Streamfirst, the worker's class path or the plugin's own libraries (Calcite, Janino, Guava,"
                + " Jackson, ...). Empty by default: no user code runs from configuration.",
            GROUP, firstOrder, ConfigDef.Width.LONG, "Allowed function classes")
        .define(PLAN_CACHE_SIZE, ConfigDef.Type.INT, 64, ConfigDef.Range.between(1, 10_000), ConfigDef.Importance.LOW,
            "How many compiled plans to keep, one per distinct value/key schema seen. A new schema costs one"
                + " planning and compilation (milliseconds); the least recently used plan is dropped beyond this.",
            GROUP, firstOrder + 1, ConfigDef.Width.SHORT, "Plan cache size")
        .define(MAX_VALUE_BYTES, ConfigDef.Type.INT, 4 * 1024 * 1024, ConfigDef.Range.between(1_024, 1 << 30),
            ConfigDef.Importance.LOW,
            "The largest text or binary value (text in characters, binary values in bytes) that a function whose"
                + " result can outgrow its arguments may compute for one record: REPEAT, LPAD, RPAD, REPLACE,"
                + " REGEXP_REPLACE and JSON_PRETTY check before they allocate, concatenations (||, CONCAT, CONCAT_WS,"
                + " OVERLAY) check their result. A record that would need more fails with a data error naming this key"
                + " (with errors.tolerance=all it goes to the dead-letter queue) instead of exhausting the worker's"
                + " memory.",
            GROUP, firstOrder + 2, ConfigDef.Width.SHORT, "Largest computed value");
  }

  /** Loads the allowed function classes (not initialised), naming the key in errors. */
  static List<Class<?>> allowedClasses(List<String> names) {
    return FunctionClasses.ofPlugin().load(FUNCTIONS_ALLOWED_CLASSES, names);
  }

  /** Checks {@value #FUNCTIONS_ALLOWED_CLASSES} when a configuration is validated: see {@link FunctionClasses}. */
  private static final class AllowedClassesValidator implements ConfigDef.Validator {

    @Override
    public void ensureValid(String name, Object value) {
      if (value instanceof List<?> names) {
        for (Object className : names) {
          FunctionClasses.ofPlugin().load(name, String.valueOf(className).strip());
        }
      }
    }

    @Override
    public String toString() {
      return "classes of function jars in the plugin directory";
    }
  }
}
