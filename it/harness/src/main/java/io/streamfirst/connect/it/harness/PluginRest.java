// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.it.harness;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;

/** Lists the installed plugins and validates connector configs through the Connect REST API. */
final class PluginRest {

  private static final String CONNECTOR_CLASS = "connector.class";
  private static final String NAME = "name";

  private final EmbeddedConnectCluster connect;
  private final HttpClient http = HttpClient.newBuilder()
      .connectTimeout(Duration.ofSeconds(10))
      .build();

  PluginRest(EmbeddedConnectCluster connect) {
    this.connect = connect;
  }

  /** {@code GET /connector-plugins?connectorsOnly=false}. */
  List<ConnectPlugin> list() {
    String url = connect.endpointForResource("connector-plugins?connectorsOnly=false");
    JsonNode body = Json.read(send(HttpRequest.newBuilder(URI.create(url)).GET()));
    List<ConnectPlugin> plugins = new ArrayList<>();
    for (JsonNode plugin : body) {
      plugins.add(new ConnectPlugin(plugin.path("class").asText(), plugin.path("type").asText(),
          plugin.path("version").asText(null)));
    }
    return plugins;
  }

  /**
   * {@code PUT /connector-plugins/{class}/config/validate}. Adds {@code connector.class} and a
   * {@code name} to the config when they are missing, as the worker requires both.
   */
  ValidationResult validate(String connectorClass, Map<String, String> config) {
    Map<String, String> body = new HashMap<>(config);
    body.putIfAbsent(CONNECTOR_CLASS, connectorClass);
    body.putIfAbsent(NAME, UniqueNames.of("validation"));
    String url = connect.endpointForResource("connector-plugins/"
        + URLEncoder.encode(connectorClass, StandardCharsets.UTF_8) + "/config/validate");
    JsonNode answer = Json.read(send(HttpRequest.newBuilder(URI.create(url))
        .header("Content-Type", "application/json")
        .PUT(HttpRequest.BodyPublishers.ofString(Json.write(body)))));
    Map<String, List<String>> errors = new LinkedHashMap<>();
    for (JsonNode entry : answer.path("configs")) {
      JsonNode value = entry.path("value");
      List<String> messages = new ArrayList<>();
      value.path("errors").forEach(m -> messages.add(m.asText()));
      if (!messages.isEmpty()) {
        errors.put(value.path("name").asText(), List.copyOf(messages));
      }
    }
    return new ValidationResult(connectorClass, answer.path("error_count").asInt(), errors);
  }

  private String send(HttpRequest.Builder builder) {
    HttpRequest request = builder.header("Accept", "application/json")
        .timeout(Timeouts.defaultWait())
        .build();
    HttpResponse<String> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new IllegalStateException(request.method() + " " + request.uri() + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted during " + request.method() + " " + request.uri(), e);
    }
    if (response.statusCode() / 100 != 2) {
      throw new AssertionError(request.method() + " " + request.uri() + " answered HTTP "
          + response.statusCode() + ": " + response.body());
    }
    return response.body();
  }
}
