// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.clickhouse.client;

import com.clickhouse.client.api.Client;
import com.clickhouse.client.api.insert.InsertResponse;
import com.clickhouse.client.api.insert.InsertSettings;
import com.clickhouse.data.ClickHouseFormat;
import io.streamfirst.connect.clickhouse.ClickHouseSinkConfig;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.apache.kafka.connect.errors.ConnectException;

/**
 * The sink's one way to talk to ClickHouse: inserts and DDL through the official client
 * ({@code client-v2}) over HTTP; metadata reads as {@code FORMAT JSONEachRow} over plain HTTP,
 * because the client's result readers do not understand older servers' responses.
 */
public final class ClickHouseConnection implements AutoCloseable {

  /** Row formats the sink inserts. */
  public enum Format {
    ROW_BINARY(ClickHouseFormat.RowBinary), JSON_EACH_ROW(ClickHouseFormat.JSONEachRow);

    final ClickHouseFormat clientFormat;

    Format(ClickHouseFormat clientFormat) {
      this.clientFormat = clientFormat;
    }
  }

  private final String endpoint;
  private final String database;
  private final String authorization;
  private final Duration timeout;
  private final Map<String, String> serverSettings;
  private final Client client;
  private final HttpClient http;
  /** Values that must never appear in a message: the passwords and the settings' values. */
  private final List<String> secrets = new ArrayList<>();

  public ClickHouseConnection(ClickHouseSinkConfig config) {
    this.endpoint = config.endpoint();
    this.database = config.database();
    this.timeout = config.timeout();
    this.serverSettings = config.serverSettings();
    String password = config.password().value();
    secrets.add(password);
    secrets.add(config.trustStorePassword().value());
    for (String value : serverSettings.values()) {
      secrets.add(value);
      secrets.add(URLEncoder.encode(value, StandardCharsets.UTF_8));
    }
    this.authorization = "Basic " + Base64.getEncoder()
        .encodeToString((config.user() + ":" + password).getBytes(StandardCharsets.UTF_8));
    Client.Builder builder = new Client.Builder()
        .addEndpoint(endpoint)
        .setUsername(config.user())
        .setPassword(password)
        .setDefaultDatabase(database)
        .setMaxRetries(0) // the sink retries itself, after checking whether the insert landed
        .setMaxConnections(config.insertParallelism() + 2)
        .setConnectTimeout(Math.min(timeout.toMillis(), 10_000L), ChronoUnit.MILLIS)
        .setSocketTimeout(timeout.toMillis(), ChronoUnit.MILLIS);
    if (config.sslEnabled() && !config.trustStoreLocation().isEmpty()) {
      builder.setSSLTrustStore(config.trustStoreLocation())
          .setSSLTrustStorePassword(config.trustStorePassword().value())
          .setSSLTrustStoreType(config.trustStoreType());
    }
    this.client = builder.build();
    HttpClient.Builder httpBuilder = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(
        Math.min(timeout.toMillis(), 10_000L)));
    if (config.sslEnabled()) {
      httpBuilder.sslContext(sslContext(config));
    }
    this.http = httpBuilder.build();
  }

  /** {@code SELECT version()}. */
  public String serverVersion() {
    List<Map<String, String>> rows = query("SELECT version() AS v");
    if (rows.isEmpty() || rows.get(0).get("v") == null) {
      throw new ConnectException("ClickHouse at " + endpoint + " answered SELECT version() without a version");
    }
    return rows.get(0).get("v");
  }

  /**
   * Runs a SELECT with {@code FORMAT JSONEachRow} over HTTP and returns its rows (scalar values as text).
   *
   * @throws ClickHouseException with the classified failure
   */
  public List<Map<String, String>> query(String select) {
    return query(select, Map.of());
  }

  /**
   * Runs {@code SELECT 1} with one of the configured settings, to check at validation that the server
   * accepts its name and value.
   *
   * @throws ClickHouseException with the classified failure (code only, no server text)
   */
  public void checkSetting(String name) {
    String value = serverSettings.get(name);
    query("SELECT 1 AS ok", value == null ? Map.of() : Map.of(name, value));
  }

  private List<Map<String, String>> query(String select, Map<String, String> settings) {
    StringBuilder url = new StringBuilder(endpoint).append("/?database=")
        .append(URLEncoder.encode(database, StandardCharsets.UTF_8));
    settings.forEach((name, value) -> url.append('&').append(URLEncoder.encode(name, StandardCharsets.UTF_8))
        .append('=').append(URLEncoder.encode(value, StandardCharsets.UTF_8)));
    HttpRequest request = HttpRequest.newBuilder(URI.create(url.toString()))
        .timeout(timeout)
        .header("Authorization", authorization)
        .POST(HttpRequest.BodyPublishers.ofString(select + " FORMAT JSONEachRow", StandardCharsets.UTF_8))
        .build();
    HttpResponse<String> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw failure(ClickHouseError.of(e), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ConnectException("interrupted while querying ClickHouse", e);
    }
    if (response.statusCode() != 200) {
      throw failure(ClickHouseError.ofResponse(response.statusCode(), response.body()), null);
    }
    List<Map<String, String>> rows = new ArrayList<>();
    for (String line : response.body().split("\n")) {
      if (!line.isBlank()) {
        rows.add(FlatJson.parse(line));
      }
    }
    return rows;
  }

  /**
   * Whether the query with this id still runs on the server ({@code system.processes}). An insert
   * whose answer was lost can still land while it runs; once it is gone it never will.
   */
  public boolean running(String queryId) {
    List<Map<String, String>> rows = query("SELECT count() AS n FROM system.processes WHERE query_id = "
        + io.streamfirst.connect.clickhouse.schema.Sql.literal(queryId));
    return !rows.isEmpty() && !"0".equals(rows.get(0).get("n"));
  }

  /** Runs a statement (DDL) through the client. */
  public void execute(String statement) {
    closeQuietly(await(() -> client.execute(statement)));
  }

  /**
   * Inserts {@code length} bytes of {@code data} in {@code format} into {@code quotedTable}.
   *
   * @param quotedColumns the column list, quoted; empty for all columns (JSONEachRow names its own)
   * @param deduplicationToken sent as {@code insert_deduplication_token} when not null
   * @param queryId the insert's query id, to find it in {@code system.processes} if its answer is lost
   */
  public void insert(String quotedTable, List<String> quotedColumns, byte[] data, int length, Format format,
      String deduplicationToken, String queryId) {
    InsertSettings settings = new InsertSettings();
    serverSettings.forEach(settings::serverSetting);
    settings.setQueryId(queryId);
    if (deduplicationToken != null) {
      settings.setDeduplicationToken(deduplicationToken);
    }
    InputStream body = new ByteArrayInputStream(data, 0, length);
    InsertResponse response = await(() -> quotedColumns.isEmpty()
        ? client.insert(quotedTable, body, format.clientFormat, settings)
        : client.insert(quotedTable, quotedColumns, body, format.clientFormat, settings));
    // the response carries nothing the sink needs (18.16 sends no summary header)
    closeQuietly(response);
  }

  private static void closeQuietly(AutoCloseable response) {
    try {
      response.close();
    } catch (Exception e) {
      // the request completed; releasing its response cannot change the outcome
    }
  }

  /** Runs a client call; the client may fail while sending (synchronously) or through the future. */
  private <T> T await(java.util.function.Supplier<java.util.concurrent.CompletableFuture<T>> call) {
    java.util.concurrent.CompletableFuture<T> future;
    try {
      future = call.get();
    } catch (RuntimeException e) {
      throw failure(ClickHouseError.of(e), e);
    }
    try {
      return future.get(timeout.toMillis() + 5_000L, TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException | RuntimeException e) {
      future.cancel(true);
      throw failure(ClickHouseError.of(e), e);
    } catch (InterruptedException e) {
      future.cancel(true);
      Thread.currentThread().interrupt();
      throw new ConnectException("interrupted while waiting for ClickHouse", e);
    }
  }

  /** The exception for a failed request; its message never holds a password or a settings value. */
  private ClickHouseException failure(ClickHouseError error, Throwable cause) {
    return new ClickHouseException(error.redacted(secrets), cause);
  }

  public String endpoint() {
    return endpoint;
  }

  public String database() {
    return database;
  }

  @Override
  public void close() {
    client.close();
  }

  private static SSLContext sslContext(ClickHouseSinkConfig config) {
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      if (config.trustStoreLocation().isEmpty()) {
        context.init(null, null, null);
        return context;
      }
      KeyStore store = KeyStore.getInstance(config.trustStoreType());
      try (InputStream in = Files.newInputStream(Path.of(config.trustStoreLocation()))) {
        String password = config.trustStorePassword().value();
        store.load(in, password.isEmpty() ? null : password.toCharArray());
      }
      TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init(store);
      context.init(null, factory.getTrustManagers(), null);
      return context;
    } catch (IOException | GeneralSecurityException e) {
      throw new org.apache.kafka.common.config.ConfigException(ClickHouseSinkConfig.SSL_TRUSTSTORE_LOCATION,
          config.trustStoreLocation(), "cannot be read as a " + config.trustStoreType() + " trust store ("
              + e.getClass().getSimpleName() + "): check the file, its type and "
              + ClickHouseSinkConfig.SSL_TRUSTSTORE_PASSWORD);
    }
  }
}
