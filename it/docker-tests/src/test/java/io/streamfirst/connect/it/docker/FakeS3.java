// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.it.docker;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Just enough of S3's object API, path-style, on loopback, to see a client write and read objects: PUT (plain or
 * aws-chunked bodies), GET (with byte ranges), HEAD. Records each request's method, path and Authorization header.
 */
final class FakeS3 implements AutoCloseable {
  private final HttpServer server;
  private final Map<String, byte[]> objects = new ConcurrentHashMap<>();
  private final List<String> requests = new CopyOnWriteArrayList<>();

  FakeS3() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.start();
  }

  String endpoint() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** "METHOD /bucket/key authorization" for each request. */
  List<String> requests() {
    return requests;
  }

  private void handle(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getPath();
    String method = exchange.getRequestMethod();
    requests.add(method + " " + path + " " + exchange.getRequestHeaders().getFirst("Authorization"));
    try (exchange) {
      switch (method) {
        case "PUT" -> {
          byte[] body = exchange.getRequestBody().readAllBytes();
          String encoding = String.valueOf(exchange.getRequestHeaders().getFirst("Content-Encoding"));
          String sha = String.valueOf(exchange.getRequestHeaders().getFirst("x-amz-content-sha256"));
          objects.put(path, encoding.contains("aws-chunked") || sha.startsWith("STREAMING-") ? unchunk(body) : body);
          exchange.getResponseHeaders().add("ETag", "\"" + Integer.toHexString(Arrays.hashCode(objects.get(path)))
              + "\"");
          exchange.sendResponseHeaders(200, -1);
        }
        case "GET", "HEAD" -> {
          byte[] object = objects.get(path);
          if (object == null) {
            exchange.sendResponseHeaders(404, -1);
            return;
          }
          int from = 0;
          int to = object.length - 1;
          String range = exchange.getRequestHeaders().getFirst("Range");
          if (range != null && range.startsWith("bytes=")) {
            String[] bounds = range.substring(6).split("-", -1);
            from = Integer.parseInt(bounds[0]);
            to = bounds[1].isEmpty() ? to : Math.min(to, Integer.parseInt(bounds[1]));
          }
          byte[] slice = Arrays.copyOfRange(object, from, to + 1);
          exchange.getResponseHeaders().add("ETag", "\"" + Integer.toHexString(Arrays.hashCode(object)) + "\"");
          exchange.getResponseHeaders().add("Last-Modified", "Mon, 07 Dec 2026 00:00:00 GMT");
          exchange.getResponseHeaders().add("Content-Type", "application/octet-stream");
          if ("HEAD".equals(method)) {
            exchange.getResponseHeaders().add("Content-Length", Integer.toString(object.length));
            exchange.sendResponseHeaders(200, -1);
            return;
          }
          exchange.sendResponseHeaders(range == null ? 200 : 206, slice.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(slice);
          }
        }
        default -> exchange.sendResponseHeaders(405, -1);
      }
    }
  }

  /** The payload of an aws-chunked body: "size-in-hex[;extensions]\r\n data \r\n" ... "0\r\n" trailers. */
  private static byte[] unchunk(byte[] body) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    InputStream in = new java.io.ByteArrayInputStream(body);
    while (true) {
      String header = line(in);
      int size = Integer.parseInt(header.split(";")[0].trim(), 16);
      if (size == 0) {
        return out.toByteArray();
      }
      out.write(in.readNBytes(size));
      line(in);
    }
  }

  private static String line(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    int b;
    while ((b = in.read()) >= 0 && b != '\n') {
      if (b != '\r') {
        line.write(b);
      }
    }
    return line.toString(StandardCharsets.US_ASCII);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
