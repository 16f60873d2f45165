package io.streamfirst.connect.iceberg.catalog;

import io.streamfirst.connect.iceberg.IcebergSinkConfig;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.CatalogProperties;
import org.apache.iceberg.CatalogUtil;
import org.apache.iceberg.catalog.Catalog;
import org.apache.kafka.common.config.ConfigException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Builds the Iceberg catalog from the pass-through properties. */
public final class Catalogs {

  private static final Logger LOG = LoggerFactory.getLogger(Catalogs.class);
  private static final Map<String, String> DRIVERS = Map.of(
      "jdbc:sqlite:", "org.sqlite.JDBC",
      "jdbc:postgresql:", "org.postgresql.Driver",
      "jdbc:mysql:", "com.mysql.cj.jdbc.Driver",
      "jdbc:mariadb:", "org.mariadb.jdbc.Driver");

  private Catalogs() {}

  /**
   * Loads the configured catalog. Logs the property names only (values may be credentials).
   *
   * @throws ConfigException naming {@value IcebergSinkConfig#CATALOG_TYPE} when the catalog cannot start
   */
  public static Catalog load(IcebergSinkConfig config) {
    Map<String, String> props = new HashMap<>(config.catalogProperties());
    String type = config.catalogType();
    if (type.equals("jdbc")) {
      registerDriver(props.getOrDefault(CatalogProperties.URI, ""));
      // The catalog's own tables are created on first use; SQLite and friends need no setup.
      props.putIfAbsent("jdbc.schema-version", "V1");
    }
    ClassLoader previous = Thread.currentThread().getContextClassLoader();
    // Hadoop's Configuration and Iceberg's dynamic loading resolve classes through the context loader:
    // make it the plugin's own loader, so the plugin's Hadoop and JDBC driver are found.
    Thread.currentThread().setContextClassLoader(Catalogs.class.getClassLoader());
    try {
      Configuration hadoop = new Configuration();
      LOG.info("Loading Iceberg catalog '{}' of type {} with properties {}", config.catalogName(), type,
          props.keySet());
      return buildWithRetries(config.catalogName(), props, hadoop);
    } catch (RuntimeException e) {
      throw new ConfigException(IcebergSinkConfig.CATALOG_TYPE, type, "the " + type + " catalog could not be"
          + " loaded (" + masked(e, props) + "): check " + IcebergSinkConfig.CATALOG_URI + ", "
          + IcebergSinkConfig.CATALOG_WAREHOUSE + " and the other " + IcebergSinkConfig.CATALOG_PREFIX + "* settings");
    } finally {
      Thread.currentThread().setContextClassLoader(previous);
    }
  }

  /** Several tasks starting at once race to create a JDBC catalog's own tables. */
  private static Catalog buildWithRetries(String name, Map<String, String> props, Configuration hadoop) {
    return CatalogRetries.retry("Loading catalog '" + name + "'",
        () -> CatalogUtil.buildIcebergCatalog(name, props, hadoop));
  }

  /** The failure's message with the values of secret-looking properties blanked out. */
  static String masked(Throwable e, Map<String, String> props) {
    String text = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    for (Map.Entry<String, String> p : props.entrySet()) {
      String key = p.getKey().toLowerCase(Locale.ROOT);
      boolean secret = key.contains("password") || key.contains("secret") || key.contains("token")
          || key.contains("credential") || key.contains("key");
      if (secret && p.getValue() != null && p.getValue().length() >= 3) {
        text = text.replace(p.getValue(), "****");
      }
    }
    return text;
  }

  private static void registerDriver(String uri) {
    String lower = uri.toLowerCase(Locale.ROOT);
    DRIVERS.forEach((prefix, driver) -> {
      if (lower.startsWith(prefix)) {
        try {
          // Drivers in a plugin directory are not seen by DriverManager's service scan: load explicitly.
          Class.forName(driver, true, Catalogs.class.getClassLoader());
        } catch (ClassNotFoundException e) {
          throw new ConfigException(IcebergSinkConfig.CATALOG_URI, uri, "the JDBC driver " + driver
              + " is not in the plugin directory: copy its jar next to the Iceberg sink's jars");
        }
      }
    });
  }
}
