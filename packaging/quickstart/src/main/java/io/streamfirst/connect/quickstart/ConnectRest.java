// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.quickstart;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The few Connect REST calls the quickstart makes: readiness, the plugin list, deploying and watching connectors. */
final class ConnectRest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final URI base;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  ConnectRest(String baseUrl) {
    this.base = URI.create(baseUrl);
  }

  /** Waits until {@code GET /health} answers 200, i.e. the worker has joined its group and is ready. */
  void awaitHealthy(Duration timeout) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    String last = "no answer yet";
    while (System.nanoTime() < deadline) {
      try {
        HttpResponse<String> response = get("/health");
        if (response.statusCode() == 200) {
          return;
        }
        last = "HTTP " + response.statusCode() + " " + response.body();
      } catch (IOException e) {
        last = e.toString();
      }
      Thread.sleep(250);
    }
    throw new IOException("The Connect worker at " + base + " did not become healthy within " + timeout.toSeconds()
        + " s (last answer: " + last + ")");
  }

  /** {@code GET /connector-plugins?connectorsOnly=false}: connectors, transforms, predicates, converters. */
  List<ConnectorPlugin> plugins() throws IOException, InterruptedException {
    HttpResponse<String> response = get("/connector-plugins?connectorsOnly=false");
    if (response.statusCode() != 200) {
      throw new IOException("GET /connector-plugins answered HTTP " + response.statusCode() + ": " + response.body());
    }
    List<java.util.Map<String, Object>> entries = JSON.readValue(response.body(), new TypeReference<>() {});
    return entries.stream()
        .map(entry -> new ConnectorPlugin(String.valueOf(entry.get("class")), String.valueOf(entry.get("type")),
            String.valueOf(entry.getOrDefault("version", ""))))
        .toList();
  }

  /** {@code PUT /connectors/<name>/config}: creates the connector or updates its configuration. */
  void putConfig(String name, Map<String, String> config) throws IOException, InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(base.resolve("/connectors/" + name + "/config"))
        .timeout(Duration.ofSeconds(60)).header("Content-Type", "application/json")
        .PUT(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(config))).build();
    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200 && response.statusCode() != 201) {
      throw new IOException("PUT /connectors/" + name + "/config answered HTTP " + response.statusCode() + ": "
          + response.body());
    }
  }

  /**
   * The state of each connector and its tasks from {@code GET /connectors?expand=status}: name to "RUNNING" when
   * the connector and all its tasks (at least one) run, else the first other state seen (with the failed task's
   * first trace line for FAILED).
   */
  Map<String, String> states() throws IOException, InterruptedException {
    HttpResponse<String> response = get("/connectors?expand=status");
    if (response.statusCode() != 200) {
      throw new IOException("GET /connectors answered HTTP " + response.statusCode() + ": " + response.body());
    }
    Map<String, String> states = new TreeMap<>();
    JsonNode root = JSON.readTree(response.body());
    root.fields().forEachRemaining(entry -> {
      JsonNode status = entry.getValue().path("status");
      String state = status.path("connector").path("state").asText("UNKNOWN");
      JsonNode tasks = status.path("tasks");
      if ("RUNNING".equals(state) && tasks.isEmpty()) {
        state = "NO TASKS";
      }
      for (JsonNode task : tasks) {
        String taskState = task.path("state").asText("UNKNOWN");
        if (!"RUNNING".equals(taskState) && "RUNNING".equals(state)) {
          state = "FAILED".equals(taskState)
              ? "FAILED: " + task.path("trace").asText("").lines().findFirst().orElse("")
              : taskState;
        }
      }
      states.put(entry.getKey(), state);
    });
    return states;
  }

  /** {@code GET <path>} as a JSON tree, or null when it does not answer 200. */
  JsonNode getJson(String path) throws IOException, InterruptedException {
    HttpResponse<String> response = get(path);
    return response.statusCode() == 200 ? JSON.readTree(response.body()) : null;
  }

  private HttpResponse<String> get(String path) throws IOException, InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30)).GET().build();
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }
}
