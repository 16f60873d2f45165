// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

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
   * Loads the configured catalog. Logs the property names only (values may be credentials); credentials
   * inside a PostgreSQL, MySQL or MariaDB URL are handed to the driver as properties instead, so the URL
   * Iceberg sees (and may log or quote in errors) carries none.
   *
   * @throws CatalogUnavailableException when the catalog cannot be reached
   * @throws ConfigException naming {@value IcebergSinkConfig#CATALOG_TYPE} when the catalog cannot start; its
   *     message names the kind of failure only
   */
  public static Catalog load(IcebergSinkConfig config) {
    Map<String, String> props = catalogProperties(config);
    String type = config.catalogType();
    ClassLoader previous = Thread.currentThread().getContextClassLoader();
    // Hadoop's Configuration and Iceberg's dynamic loading resolve classes through the context loader:
    // make it the plugin's own loader, so the plugin's Hadoop and JDBC driver are found.
    Thread.currentThread().setContextClassLoader(Catalogs.class.getClassLoader());
    try {
      Configuration hadoop = new Configuration();
      LOG.info("Loading Iceberg catalog '{}' of type {} with properties {}", config.catalogName(), type,
          new java.util.TreeSet<>(props.keySet()));
      return buildWithRetries(config.catalogName(), props, hadoop);
    } catch (RuntimeException e) {
      if (CatalogOutage.isUnreachable(e)) {
        throw new CatalogUnavailableException("the " + describe(config) + " is unreachable ("
            + Secrets.describe(e) + "): check that it is up and that " + IcebergSinkConfig.CATALOG_URI
            + " names it", e);
      }
      throw new ConfigException(IcebergSinkConfig.CATALOG_TYPE, type, "the " + type + " catalog could not be"
          + " loaded" + uriText(config) + " (" + Secrets.describe(e) + "): check "
          + IcebergSinkConfig.CATALOG_URI + ", " + IcebergSinkConfig.CATALOG_WAREHOUSE + " and the other "
          + IcebergSinkConfig.CATALOG_PREFIX + "* settings");
    } finally {
      Thread.currentThread().setContextClassLoader(previous);
    }
  }

  /** "jdbc catalog at <uri with credentials masked>" (the warehouse for a Hadoop catalog), for messages. */
  public static String describe(IcebergSinkConfig config) {
    String uri = config.catalogUri();
    return config.catalogType() + " catalog at " + (uri.isEmpty() ? config.warehouse() : Secrets.redactUri(uri));
  }

  /** " from <uri with credentials masked>", or "" without a URI. */
  public static String uriText(IcebergSinkConfig config) {
    String uri = config.catalogUri();
    return uri.isEmpty() ? "" : " from " + Secrets.redactUri(uri);
  }

  /** The properties handed to the catalog (see {@link #load}). */
  static Map<String, String> catalogProperties(IcebergSinkConfig config) {
    Map<String, String> props = new HashMap<>(config.catalogProperties());
    if (config.catalogType().equals("jdbc")) {
      String uri = props.getOrDefault(CatalogProperties.URI, "");
      registerDriver(uri);
      // The catalog's own tables are created on first use; SQLite and friends need no setup.
      props.putIfAbsent("jdbc.schema-version", "V1");
      moveUriCredentials(props, uri);
    }
    return props;
  }

  /**
   * For drivers that read every URL parameter as a connection property (PostgreSQL, MySQL, MariaDB): the
   * credential-like parameters and the password of a {@code user:password@} part move from the URL into
   * {@code jdbc.*} properties, which take the same meaning (a URL value wins over the property, as in
   * the driver).
   */
  private static void moveUriCredentials(Map<String, String> props, String uri) {
    String lower = uri.toLowerCase(Locale.ROOT);
    if (!(lower.startsWith("jdbc:postgresql:") || lower.startsWith("jdbc:mysql:")
        || lower.startsWith("jdbc:mariadb:"))) {
      return;
    }
    Map<String, String> secrets = Secrets.uriSecrets(uri);
    if (secrets.isEmpty()) {
      return;
    }
    String stripped = uri.replaceFirst("(//[^/@:?;&]*):[^/@?;]*@", "$1@");
    StringBuilder query = new StringBuilder();
    int q = stripped.indexOf('?');
    String base = q < 0 ? stripped : stripped.substring(0, q);
    if (q >= 0) {
      for (String parameter : stripped.substring(q + 1).split("&")) {
        int eq = parameter.indexOf('=');
        String name = eq < 0 ? parameter : parameter.substring(0, eq);
        if (eq > 0 && secrets.containsKey(name)) {
          props.put("jdbc." + name, java.net.URLDecoder.decode(parameter.substring(eq + 1),
              java.nio.charset.StandardCharsets.UTF_8));
          continue;
        }
        if (!parameter.isEmpty()) {
          query.append(query.length() == 0 ? "?" : "&").append(parameter);
        }
      }
    }
    if (secrets.containsKey("userinfo")) {
      props.put("jdbc.password", secrets.get("userinfo"));
    }
    props.put(CatalogProperties.URI, base + query);
  }

  /** Several tasks starting at once race to create a JDBC catalog's own tables. */
  private static Catalog buildWithRetries(String name, Map<String, String> props, Configuration hadoop) {
    return CatalogRetries.retry("Loading catalog '" + name + "'",
        () -> CatalogUtil.buildIcebergCatalog(name, props, hadoop));
  }

  private static void registerDriver(String uri) {
    String lower = uri.toLowerCase(Locale.ROOT);
    DRIVERS.forEach((prefix, driver) -> {
      if (lower.startsWith(prefix)) {
        try {
          // Drivers in a plugin directory are not seen by DriverManager's service scan: load explicitly.
          Class.forName(driver, true, Catalogs.class.getClassLoader());
        } catch (ClassNotFoundException e) {
          throw new ConfigException(IcebergSinkConfig.CATALOG_URI, "[hidden]", "the JDBC driver " + driver
              + " is not in the plugin directory: copy its jar next to the Iceberg sink's jars");
        }
      }
    });
  }
}
