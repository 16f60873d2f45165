// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.governance.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.connect.errors.ConnectException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One registry request with retries: transient failures (no connection, timeout, HTTP 5xx, 429) are retried
 * with a doubling backoff, moving on to the next URL; refusals (other 4xx) are not. Messages name the
 * request, what it was about and the URL without credentials.
 */
final class RegistryHttp {

  private static final Logger LOG = LoggerFactory.getLogger(RegistryHttp.class);
  static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
  static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient http;
  private final List<URI> baseUrls;
  private final Optional<String> authorization;
  private final Duration timeout;
  private final int maxRetries;
  private final Duration backoff;
  private final Duration maxBackoff;
  private final Sleeper sleeper;
  private volatile int current;

  RegistryHttp(HttpClient http, List<URI> baseUrls, Optional<String> authorization, Duration timeout,
      int maxRetries, Duration backoff, Duration maxBackoff, Sleeper sleeper) {
    this.http = http;
    this.baseUrls = List.copyOf(baseUrls);
    this.authorization = authorization;
    this.timeout = timeout;
    this.maxRetries = maxRetries;
    this.backoff = backoff;
    this.maxBackoff = maxBackoff;
    this.sleeper = sleeper;
  }

  /** The URL without user info, for messages. */
  static String redact(String url) {
    try {
      URI uri = URI.create(url);
      if (uri.getRawUserInfo() == null) {
        return url;
      }
      return new URI(uri.getScheme(), null, uri.getHost(), uri.getPort(), uri.getPath(), null, null).toString();
    } catch (Exception e) {
      return "<unparseable URL>";
    }
  }

  static String segment(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }

  String describeUrls() {
    return String.join(",", baseUrls.stream().map(uri -> redact(uri.toString())).toList());
  }

  /**
   * Sends the request and returns the parsed JSON body.
   *
   * @param what what the request is about, for messages ("schema id 5", "subject 'orders-value'")
   */
  JsonNode send(String method, String path, JsonNode body, String what) {
    String payload;
    try {
      payload = body == null ? null : JSON.writeValueAsString(body);
    } catch (IOException e) {
      throw new ConnectException("Could not encode the registry request for " + what, e);
    }
    Exception lastFailure = null;
    String lastUrl = null;
    int attempts = 0;
    for (int attempt = 0; attempt <= maxRetries; attempt++) {
      if (attempt > 0) {
        pause(attempt, what);
      }
      URI base = baseUrls.get(Math.floorMod(current, baseUrls.size()));
      lastUrl = redact(base.toString());
      attempts++;
      try {
        HttpResponse<String> response = http.send(request(base, method, path, payload),
            HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
          return response.body() == null || response.body().isBlank()
              ? JSON.nullNode()
              : JSON.readTree(response.body());
        }
        if (status == 429 || status >= 500) {
          lastFailure = new IOException("HTTP " + status + errorText(response.body()));
          LOG.debug("Schema registry at {} answered {} {} for {} with HTTP {}; retrying", lastUrl, method, path,
              what, status);
          current++;
          continue;
        }
        throw refusal(method, path, what, lastUrl, status, response.body());
      } catch (IOException e) {
        lastFailure = e;
        LOG.debug("Schema registry at {} did not answer {} {} for {}: {}", lastUrl, method, path, what,
            e.toString());
        current++;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ConnectException("Interrupted while asking the schema registry at " + lastUrl + " for " + what, e);
      }
    }
    String cause = lastFailure == null
        ? ""
        : lastFailure.getMessage() == null
            ? lastFailure.getClass().getSimpleName()
            : lastFailure.getClass().getSimpleName() + ": " + lastFailure.getMessage();
    throw new RegistryUnavailableException("Schema registry at " + describeUrls() + " did not answer " + method + " "
        + path + " (" + what + ") after " + attempts + " attempt(s), last from " + lastUrl + ": " + cause
        + ". Check that the registry is running and reachable at " + RegistryClientConfig.URL + "; "
        + RegistryClientConfig.MAX_RETRIES + " and " + RegistryClientConfig.REQUEST_TIMEOUT_MS
        + " set how long to retry.", lastFailure);
  }

  private void pause(int attempt, String what) {
    long base = backoff.toMillis();
    long millis = Math.min(maxBackoff.toMillis(), base << Math.min(attempt - 1, 20));
    try {
      sleeper.sleep(Duration.ofMillis(millis));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ConnectException("Interrupted while waiting to retry the schema registry for " + what, e);
    }
  }

  private HttpRequest request(URI base, String method, String path, String payload) {
    String root = base.toString().endsWith("/")
        ? base.toString().substring(0, base.toString().length() - 1)
        : base.toString();
    URI uri = URI.create(root + path);
    if (uri.getRawUserInfo() != null) {
      uri = URI.create(redact(root) + path);
    }
    HttpRequest.Builder builder = HttpRequest.newBuilder(uri).timeout(timeout)
        .header("Accept", CONTENT_TYPE + ", application/json");
    authorization.ifPresent(value -> builder.header("Authorization", value));
    if (payload == null) {
      builder.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      builder.header("Content-Type", CONTENT_TYPE);
      builder.method(method, HttpRequest.BodyPublishers.ofString(payload, StandardCharsets.UTF_8));
    }
    return builder.build();
  }

  private static RegistryRequestException refusal(String method, String path, String what, String url, int status,
      String body) {
    int errorCode = status;
    String message = "";
    try {
      JsonNode error = body == null || body.isBlank() ? null : JSON.readTree(body);
      if (error != null && error.isObject()) {
        errorCode = error.path("error_code").asInt(status);
        message = error.path("message").asText("");
      }
    } catch (IOException e) {
      message = "";
    }
    String hint;
    if (status == 401 || status == 403) {
      hint = "the registry rejected the credentials; check " + RegistryClientConfig.BASIC_AUTH_USER_INFO + " or "
          + RegistryClientConfig.BEARER_AUTH_TOKEN + " and the principal's permissions";
    } else if (status == 404) {
      hint = "not found";
    } else if (status == 409) {
      hint = "the schema is incompatible with the subject's earlier versions under its compatibility level";
    } else if (status == 422) {
      hint = "the registry considers the schema or request invalid";
    } else {
      hint = "the registry refused the request";
    }
    return new RegistryRequestException("Schema registry at " + url + " answered " + method + " " + path + " (" + what
        + ") with HTTP " + status + " (error code " + errorCode + "): " + hint
        + (message.isBlank() ? "" : "; registry says: " + shorten(message)), status, errorCode);
  }

  private static String errorText(String body) {
    if (body == null || body.isBlank()) {
      return "";
    }
    return " " + shorten(body);
  }

  private static String shorten(String text) {
    String oneLine = text.replaceAll("\\s+", " ").trim();
    return oneLine.length() > 300 ? oneLine.substring(0, 300) + "..." : oneLine;
  }
}
