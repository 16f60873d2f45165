// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.governance.registry;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;

/** Builds the HTTP side of a {@link RegistryClient} from the {@link RegistryClientConfig} keys: URLs, auth, TLS. */
final class RegistryConnection {

  private RegistryConnection() {}

  static RegistryHttp http(AbstractConfig config, Sleeper sleeper) {
    List<URI> urls = config.getList(RegistryClientConfig.URL).stream().map(String::trim).map(URI::create).toList();
    Duration timeout = Duration.ofMillis(config.getLong(RegistryClientConfig.REQUEST_TIMEOUT_MS));
    HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(timeout)
        .followRedirects(HttpClient.Redirect.NEVER);
    sslContext(config).ifPresent(builder::sslContext);
    return new RegistryHttp(builder.build(), urls, authorization(config, urls), timeout,
        config.getInt(RegistryClientConfig.MAX_RETRIES),
        Duration.ofMillis(config.getLong(RegistryClientConfig.RETRY_BACKOFF_MS)),
        Duration.ofMillis(config.getLong(RegistryClientConfig.RETRY_BACKOFF_MAX_MS)), sleeper);
  }

  static Optional<String> authorization(AbstractConfig config, List<URI> urls) {
    Password userInfo = config.getPassword(RegistryClientConfig.BASIC_AUTH_USER_INFO);
    Password token = config.getPassword(RegistryClientConfig.BEARER_AUTH_TOKEN);
    String source = config.getString(RegistryClientConfig.BASIC_AUTH_SOURCE).toUpperCase(Locale.ROOT);
    String basic = null;
    if ("URL".equals(source)) {
      String raw = urls.stream().map(URI::getRawUserInfo).filter(info -> info != null).findFirst().orElse(null);
      basic = raw == null ? null : URLDecoder.decode(raw, StandardCharsets.UTF_8);
    } else if (userInfo != null && !userInfo.value().isEmpty()) {
      basic = userInfo.value();
      if (!basic.contains(":")) {
        throw new ConfigException(RegistryClientConfig.BASIC_AUTH_USER_INFO, "[hidden]",
            "basic auth credentials are written user:password");
      }
    }
    boolean bearer = token != null && !token.value().isEmpty();
    if (basic != null && bearer) {
      throw new ConfigException(RegistryClientConfig.BEARER_AUTH_TOKEN, "[hidden]",
          "set either basic auth (" + RegistryClientConfig.BASIC_AUTH_USER_INFO + " or credentials in "
              + RegistryClientConfig.URL + ") or a bearer token, not both");
    }
    if (bearer) {
      return Optional.of("Bearer " + token.value());
    }
    if (basic != null) {
      return Optional.of("Basic " + Base64.getEncoder().encodeToString(basic.getBytes(StandardCharsets.UTF_8)));
    }
    return Optional.empty();
  }

  static Optional<SSLContext> sslContext(AbstractConfig config) {
    String trustStore = config.getString(RegistryClientConfig.TRUSTSTORE_LOCATION);
    String keyStore = config.getString(RegistryClientConfig.KEYSTORE_LOCATION);
    if (blank(trustStore) && blank(keyStore)) {
      return Optional.empty();
    }
    try {
      TrustManagerFactory trust = null;
      if (!blank(trustStore)) {
        KeyStore store = load(RegistryClientConfig.TRUSTSTORE_LOCATION, trustStore,
            config.getString(RegistryClientConfig.TRUSTSTORE_TYPE),
            config.getPassword(RegistryClientConfig.TRUSTSTORE_PASSWORD));
        trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(store);
      }
      KeyManagerFactory keys = null;
      if (!blank(keyStore)) {
        Password storePassword = config.getPassword(RegistryClientConfig.KEYSTORE_PASSWORD);
        KeyStore store = load(RegistryClientConfig.KEYSTORE_LOCATION, keyStore,
            config.getString(RegistryClientConfig.KEYSTORE_TYPE), storePassword);
        Password keyPassword = config.getPassword(RegistryClientConfig.KEY_PASSWORD);
        keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(store, chars(keyPassword != null ? keyPassword : storePassword));
      }
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keys == null ? null : keys.getKeyManagers(), trust == null ? null : trust.getTrustManagers(),
          null);
      return Optional.of(context);
    } catch (GeneralSecurityException e) {
      throw new ConfigException(RegistryClientConfig.TRUSTSTORE_LOCATION, trustStore,
          "could not set up TLS for the schema registry: " + e.getClass().getSimpleName());
    }
  }

  private static KeyStore load(String key, String location, String type, Password password)
      throws GeneralSecurityException {
    Path path = Path.of(location);
    if (!Files.isReadable(path)) {
      throw new ConfigException(key, location, "the file does not exist or cannot be read");
    }
    KeyStore store = KeyStore.getInstance(type.toUpperCase(Locale.ROOT));
    try (InputStream in = Files.newInputStream(path)) {
      store.load(in, chars(password));
    } catch (IOException e) {
      throw new ConfigException(key, location, "could not read the " + type
          + " store (wrong password or type?): " + e.getClass().getSimpleName());
    }
    return store;
  }

  private static char[] chars(Password password) {
    return password == null ? null : password.value().toCharArray();
  }

  private static boolean blank(String value) {
    return value == null || value.isBlank();
  }
}
