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

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The few Connect REST calls the quickstart makes: readiness and the plugin list. */
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

  private HttpResponse<String> get(String path) throws IOException, InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30)).GET().build();
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }
}
