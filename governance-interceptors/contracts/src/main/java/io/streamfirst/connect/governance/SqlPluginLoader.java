// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.governance;

import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarFile;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.connect.runtime.isolation.PluginClassLoader;
import org.apache.kafka.connect.runtime.isolation.PluginUtils;

/**
 * Finds the Streamfirst SQL transforms plugin among the worker's plugin locations ({@code plugin.path}) and loads
 * it in its own {@link PluginClassLoader}, the isolation Connect gives the plugin itself, so that the worker
 * contract interceptor (on the worker's class path, where plugins are not) can run SQL rules on the plugin's
 * engine. Connect's API classes come from the worker, the engine and its libraries from the plugin's directory.
 */
final class SqlPluginLoader {

  static final String PREDICATE_ENTRY = "io/streamfirst/connect/sql/SqlPredicate.class";

  private SqlPluginLoader() {}

  /**
   * The class loader of the plugin location holding {@code SqlPredicate}.
   *
   * @param pluginPath the worker's {@code plugin.path}: comma-separated directories of plugin directories
   * @param key the config key, for errors
   */
  static ClassLoader load(String pluginPath, String key) {
    List<Path> searched = new ArrayList<>();
    for (Path location : PluginUtils.pluginLocations(pluginPath, false)) {
      searched.add(location);
      List<Path> jars;
      try {
        jars = PluginUtils.pluginUrls(location);
      } catch (IOException e) {
        continue;
      }
      if (jars.stream().anyMatch(SqlPluginLoader::holdsPredicate)) {
        try {
          URL[] urls = new URL[jars.size()];
          for (int i = 0; i < urls.length; i++) {
            urls[i] = jars.get(i).toUri().toURL();
          }
          return new PluginClassLoader(location.toUri().toURL(), urls, SqlPluginLoader.class.getClassLoader());
        } catch (MalformedURLException e) {
          throw new ConfigException(key, pluginPath, "cannot load the SQL transforms plugin at " + location + ": " + e);
        }
      }
    }
    throw new ConfigException(key, pluginPath, "none of the plugin locations there (" + searched.size()
        + " searched) holds the SQL transforms plugin (io.streamfirst.connect.sql.SqlPredicate): install the plugin"
        + " family 'sql-transforms' there, or leave " + key + " empty when no contract has SQL rules");
  }

  private static boolean holdsPredicate(Path jar) {
    if (!jar.getFileName().toString().endsWith(".jar")) {
      return false;
    }
    try (JarFile file = new JarFile(jar.toFile())) {
      return file.getEntry(PREDICATE_ENTRY) != null;
    } catch (IOException e) {
      return false;
    }
  }
}
