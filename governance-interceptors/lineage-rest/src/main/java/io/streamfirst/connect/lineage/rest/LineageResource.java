// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.lineage.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.connect.errors.ConnectException;

/**
 * {@code GET /streamfirst/lineage} (the graph as JSON), {@code GET /streamfirst/} (the page that draws it:
 * one HTML document with its script and style inline, shipped in this jar) and
 * {@code GET /streamfirst/freshness/local} (this worker's sink tasks' freshness, which the other workers merge).
 */
@Path("/streamfirst")
public final class LineageResource {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String WEB = "io/streamfirst/connect/lineage/rest/web/";

  /** The page loads nothing but itself and the graph. */
  static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'unsafe-inline'; style-src"
      + " 'unsafe-inline'; connect-src 'self'; img-src 'self' data:";

  private final ClusterWatcher watcher;
  private final String page;

  LineageResource(ClusterWatcher watcher) {
    this.watcher = watcher;
    this.page = html();
  }

  /** The page: index.html with its style and script inline. */
  static String html() {
    return resource("index.html").replace("/*STYLE*/", resource("style.css"))
        .replace("/*SCRIPT*/", resource("app.js"));
  }

  @GET
  @Path("/lineage")
  @Produces(MediaType.APPLICATION_JSON)
  public Response lineage() {
    try {
      return Response.ok(JSON.writeValueAsString(watcher.graph()), MediaType.APPLICATION_JSON_TYPE)
          .header("Cache-Control", "no-store").build();
    } catch (JsonProcessingException e) {
      throw new ConnectException("Streamfirst lineage: the graph could not be written as JSON", e);
    }
  }

  /** This worker's sink tasks' freshness, for the other workers' graphs. */
  @GET
  @Path("/freshness/local")
  @Produces(MediaType.APPLICATION_JSON)
  public Response localFreshness() {
    try {
      return Response.ok(JSON.writeValueAsString(watcher.localFreshness()), MediaType.APPLICATION_JSON_TYPE)
          .header("Cache-Control", "no-store").build();
    } catch (JsonProcessingException e) {
      throw new ConnectException("Streamfirst lineage: the local freshness could not be written as JSON", e);
    }
  }

  @GET
  @Produces(MediaType.TEXT_HTML)
  public Response page() {
    return Response.ok(page, "text/html; charset=utf-8").header("Cache-Control", "no-store")
        .header("X-Content-Type-Options", "nosniff")
        .header("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        .build();
  }

  private static String resource(String name) {
    try (InputStream in = LineageResource.class.getClassLoader().getResourceAsStream(WEB + name)) {
      if (in == null) {
        throw new IllegalStateException("Streamfirst lineage: " + WEB + name + " is missing from the jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
