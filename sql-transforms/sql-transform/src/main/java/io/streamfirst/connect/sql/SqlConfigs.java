package io.streamfirst.connect.sql;

import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/** Settings shared by {@link SqlTransform} and {@link SqlPredicate}. */
final class SqlConfigs {

  static final String FUNCTIONS_ALLOWED_CLASSES = "functions.allowed.classes";
  static final String PLAN_CACHE_SIZE = "plan.cache.size";

  static final String GROUP = "SQL";

  private SqlConfigs() {}

  static ConfigDef defineShared(ConfigDef def, int firstOrder) {
    return def
        .define(FUNCTIONS_ALLOWED_CLASSES, ConfigDef.Type.LIST, List.of(), ConfigDef.Importance.LOW,
            "Fully qualified names of classes, on this plugin's class path, whose public static methods become SQL"
                + " functions named after the method (upper-cased). Empty by default: no user code runs from"
                + " configuration.",
            GROUP, firstOrder, ConfigDef.Width.LONG, "Allowed function classes")
        .define(PLAN_CACHE_SIZE, ConfigDef.Type.INT, 64, ConfigDef.Range.between(1, 10_000), ConfigDef.Importance.LOW,
            "How many compiled plans to keep, one per distinct value/key schema seen. A new schema costs one"
                + " planning and compilation (milliseconds); the least recently used plan is dropped beyond this.",
            GROUP, firstOrder + 1, ConfigDef.Width.SHORT, "Plan cache size");
  }

  /** Loads the allowed function classes, naming the key in errors. */
  static List<Class<?>> allowedClasses(List<String> names) {
    List<Class<?>> classes = new ArrayList<>();
    for (String name : names) {
      try {
        classes.add(Class.forName(name.trim(), true, SqlConfigs.class.getClassLoader()));
      } catch (ClassNotFoundException e) {
        throw new ConfigException(FUNCTIONS_ALLOWED_CLASSES, name,
            "Class not found on the plugin's class path; put its jar in the plugin directory next to the SQL jars");
      }
    }
    return classes;
  }
}
