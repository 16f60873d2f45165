// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.governance.registry;

import java.util.List;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;

/**
 * The schema registry connection settings, shared by every plugin that talks to a registry. The names are
 * the ones users know from Confluent's converters and serializers, so existing configs carry over.
 */
public final class RegistryClientConfig {

  public static final String GROUP_REGISTRY = "Schema registry";
  public static final String GROUP_AUTH = "Schema registry authentication";
  public static final String GROUP_TLS = "Schema registry TLS";

  public static final String URL = "schema.registry.url";
  public static final String BASIC_AUTH_SOURCE = "basic.auth.credentials.source";
  public static final String BASIC_AUTH_USER_INFO = "basic.auth.user.info";
  public static final String BEARER_AUTH_SOURCE = "bearer.auth.credentials.source";
  public static final String BEARER_AUTH_TOKEN = "bearer.auth.token";
  public static final String TRUSTSTORE_LOCATION = "schema.registry.ssl.truststore.location";
  public static final String TRUSTSTORE_PASSWORD = "schema.registry.ssl.truststore.password";
  public static final String TRUSTSTORE_TYPE = "schema.registry.ssl.truststore.type";
  public static final String KEYSTORE_LOCATION = "schema.registry.ssl.keystore.location";
  public static final String KEYSTORE_PASSWORD = "schema.registry.ssl.keystore.password";
  public static final String KEYSTORE_TYPE = "schema.registry.ssl.keystore.type";
  public static final String KEY_PASSWORD = "schema.registry.ssl.key.password";
  public static final String REQUEST_TIMEOUT_MS = "schema.registry.request.timeout.ms";
  public static final String MAX_RETRIES = "schema.registry.request.max.retries";
  public static final String RETRY_BACKOFF_MS = "schema.registry.retry.backoff.ms";
  public static final String RETRY_BACKOFF_MAX_MS = "schema.registry.retry.backoff.max.ms";
  public static final String LATEST_CACHE_TTL_MS = "latest.cache.ttl.ms";
  public static final String STALE_LATEST_ENABLED = "latest.cache.stale.on.outage.enabled";

  private static final List<String> STORE_TYPES = List.of("JKS", "PKCS12");

  private RegistryClientConfig() {}

  /** Adds the registry keys to {@code def} and returns it. */
  public static ConfigDef addTo(ConfigDef def) {
    int order = 0;
    def.define(URL, Type.LIST, ConfigDef.NO_DEFAULT_VALUE, new ConfigDef.NonEmptyString() {
      @Override
      public void ensureValid(String name, Object value) {
        if (!(value instanceof List<?> list) || list.isEmpty()) {
          throw new org.apache.kafka.common.config.ConfigException(name, value,
              "name at least one registry URL, e.g. http://registry:8081 (Apicurio: .../apis/ccompat/v7)");
        }
        for (Object url : list) {
          String text = String.valueOf(url);
          if (!text.startsWith("http://") && !text.startsWith("https://")) {
            throw new org.apache.kafka.common.config.ConfigException(name, RegistryHttp.redact(text),
                "each registry URL starts with http:// or https://");
          }
        }
      }

      @Override
      public String toString() {
        return "one or more http:// or https:// URLs";
      }
    }, Importance.HIGH,
        "Comma-separated base URLs of the schema registry's Confluent-compatible REST API (Confluent, Karapace,"
            + " Redpanda: http://host:8081; Apicurio: http://host:8080/apis/ccompat/v7). When one does not"
            + " answer, the next is tried. Credentials in a URL (http://user:password@host) are used for"
            + " basic auth when " + BASIC_AUTH_SOURCE + "=URL and never logged.",
        GROUP_REGISTRY, ++order, Width.LONG, "Schema registry URLs");
    def.define(REQUEST_TIMEOUT_MS, Type.LONG, 10_000L, ConfigDef.Range.atLeast(1), Importance.LOW,
        "How long one request to the registry may take before it counts as failed and is retried.",
        GROUP_REGISTRY, ++order, Width.SHORT, "Request timeout (ms)");
    def.define(MAX_RETRIES, Type.INT, 3, ConfigDef.Range.atLeast(0), Importance.MEDIUM,
        "Retries of a request that failed transiently (no connection, timeout, HTTP 5xx or 429) before the"
            + " operation fails with a retriable error. Requests the registry refuses (4xx) are not retried.",
        GROUP_REGISTRY, ++order, Width.SHORT, "Request retries");
    def.define(RETRY_BACKOFF_MS, Type.LONG, 200L, ConfigDef.Range.atLeast(0), Importance.LOW,
        "Wait before the first retry; it doubles with each further retry up to " + RETRY_BACKOFF_MAX_MS + ".",
        GROUP_REGISTRY, ++order, Width.SHORT, "Retry backoff (ms)");
    def.define(RETRY_BACKOFF_MAX_MS, Type.LONG, 5_000L, ConfigDef.Range.atLeast(0), Importance.LOW,
        "Longest wait between two retries.", GROUP_REGISTRY, ++order, Width.SHORT, "Maximum retry backoff (ms)");
    def.define(LATEST_CACHE_TTL_MS, Type.LONG, 60_000L, ConfigDef.Range.atLeast(-1), Importance.MEDIUM,
        "How long the newest version of a subject is reused before it is fetched again (use.latest.version)."
            + " -1 keeps it until the task restarts. Schemas fetched by id are kept for good: an id never"
            + " changes meaning.",
        GROUP_REGISTRY, ++order, Width.SHORT, "Latest version cache TTL (ms)");
    def.define(STALE_LATEST_ENABLED, Type.BOOLEAN, false, Importance.MEDIUM,
        "Fail open for the newest version of a subject: when its cached copy is older than "
            + LATEST_CACHE_TTL_MS + " and the registry cannot be reached, keep using the cached copy (logged as"
            + " a warning) instead of failing. Off by default: the operation fails closed.",
        GROUP_REGISTRY, ++order, Width.SHORT, "Use a stale latest version during an outage");

    order = 0;
    def.define(BASIC_AUTH_SOURCE, Type.STRING, "USER_INFO",
        ConfigDef.CaseInsensitiveValidString.in("USER_INFO", "URL"), Importance.MEDIUM,
        "Where the basic-auth credentials come from: USER_INFO (" + BASIC_AUTH_USER_INFO + ") or URL (the"
            + " user:password part of " + URL + "). Nothing is sent when the source is empty.",
        GROUP_AUTH, ++order, Width.SHORT, "Basic auth source");
    def.define(BASIC_AUTH_USER_INFO, Type.PASSWORD, null, Importance.MEDIUM,
        "Basic-auth credentials as user:password. Cannot be combined with " + BEARER_AUTH_TOKEN + ".",
        GROUP_AUTH, ++order, Width.MEDIUM, "Basic auth user info");
    def.define(BEARER_AUTH_SOURCE, Type.STRING, "STATIC_TOKEN",
        ConfigDef.CaseInsensitiveValidString.in("STATIC_TOKEN"), Importance.LOW,
        "Where the bearer token comes from: STATIC_TOKEN (" + BEARER_AUTH_TOKEN + ").", GROUP_AUTH, ++order,
        Width.SHORT, "Bearer auth source");
    def.define(BEARER_AUTH_TOKEN, Type.PASSWORD, null, Importance.MEDIUM,
        "Bearer token sent as 'Authorization: Bearer <token>'. Cannot be combined with basic auth.",
        GROUP_AUTH, ++order, Width.MEDIUM, "Bearer token");

    order = 0;
    def.define(TRUSTSTORE_LOCATION, Type.STRING, null, Importance.MEDIUM,
        "Trust store with the certificates that sign the registry's https certificate. Empty: the JVM's"
            + " default trust store.",
        GROUP_TLS, ++order, Width.LONG, "Trust store location");
    def.define(TRUSTSTORE_PASSWORD, Type.PASSWORD, null, Importance.MEDIUM, "Password of the trust store.",
        GROUP_TLS, ++order, Width.MEDIUM, "Trust store password");
    def.define(TRUSTSTORE_TYPE, Type.STRING, "PKCS12", ConfigDef.CaseInsensitiveValidString.in("JKS", "PKCS12"),
        Importance.LOW, "Format of the trust store: " + String.join(" or ", STORE_TYPES) + ".", GROUP_TLS,
        ++order, Width.SHORT, "Trust store type");
    def.define(KEYSTORE_LOCATION, Type.STRING, null, Importance.LOW,
        "Key store with the client certificate, for registries that require mutual TLS. Empty: none.",
        GROUP_TLS, ++order, Width.LONG, "Key store location");
    def.define(KEYSTORE_PASSWORD, Type.PASSWORD, null, Importance.LOW, "Password of the key store.", GROUP_TLS,
        ++order, Width.MEDIUM, "Key store password");
    def.define(KEYSTORE_TYPE, Type.STRING, "PKCS12", ConfigDef.CaseInsensitiveValidString.in("JKS", "PKCS12"),
        Importance.LOW, "Format of the key store: " + String.join(" or ", STORE_TYPES) + ".", GROUP_TLS,
        ++order, Width.SHORT, "Key store type");
    def.define(KEY_PASSWORD, Type.PASSWORD, null, Importance.LOW,
        "Password of the private key in the key store (empty: the key store password).", GROUP_TLS, ++order,
        Width.MEDIUM, "Key password");
    return def;
  }
}
