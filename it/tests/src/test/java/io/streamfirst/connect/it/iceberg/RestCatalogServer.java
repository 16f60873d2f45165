// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.it.iceberg;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.iceberg.CatalogProperties;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.AlreadyExistsException;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.exceptions.NoSuchNamespaceException;
import org.apache.iceberg.exceptions.NoSuchTableException;
import org.apache.iceberg.exceptions.NotAuthorizedException;
import org.apache.iceberg.exceptions.ValidationException;
import org.apache.iceberg.inmemory.InMemoryCatalog;
import org.apache.iceberg.rest.CatalogHandlers;
import org.apache.iceberg.rest.RESTCatalogProperties;
import org.apache.iceberg.rest.RESTSerializers;
import org.apache.iceberg.rest.RESTUtil;
import org.apache.iceberg.rest.requests.CreateNamespaceRequest;
import org.apache.iceberg.rest.requests.CreateTableRequest;
import org.apache.iceberg.rest.requests.UpdateNamespacePropertiesRequest;
import org.apache.iceberg.rest.requests.UpdateTableRequest;
import org.apache.iceberg.rest.responses.ConfigResponse;
import org.apache.iceberg.rest.responses.ErrorResponse;
import org.apache.iceberg.rest.responses.ErrorResponseParser;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An Iceberg REST catalog server for the ITs, on loopback: no REST catalog product runs on the build
 * machines, so the HTTP routing of the REST catalog protocol is written here and every request is answered
 * by Iceberg's own server-side request handlers ({@link CatalogHandlers}, what Iceberg's reference REST
 * server runs) over an in-process catalog whose metadata files live in the warehouse directory.
 *
 * <p>One server serves any number of warehouses: {@code GET /v1/config?warehouse=...} hands each its own
 * path prefix, as multi-warehouse REST catalogs do. Every request must carry the bearer token the server was
 * created with, so the connector's credential pass-through is exercised too.
 */
final class RestCatalogServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(RestCatalogServer.class);
  /** The message of the server's 401 answer, which a client must not pass on. */
  static final String UNAUTHORIZED_MESSAGE = "Not authorized: a valid bearer token is required (server-side text)";
  private static RestCatalogServer shared;

  private HttpServer server;
  private final int port;
  /** A crash armed for the next table update the predicate accepts; null when none. */
  private volatile CommitCrash crash;
  private volatile boolean crashed;
  private final ExecutorService executor;
  private final String token;
  private final ObjectMapper json = new ObjectMapper()
      .setPropertyNamingStrategy(PropertyNamingStrategies.KEBAB_CASE)
      .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
      .setVisibility(PropertyAccessor.FIELD, JsonAutoDetect.Visibility.ANY)
      .setVisibility(PropertyAccessor.CREATOR, JsonAutoDetect.Visibility.ANY);
  private final Map<String, InMemoryCatalog> catalogs = new ConcurrentHashMap<>();
  private final Map<String, String> prefixes = new ConcurrentHashMap<>();
  private final AtomicInteger requests = new AtomicInteger();

  RestCatalogServer(String token) throws IOException {
    this.token = token;
    RESTSerializers.registerAll(json);
    AtomicInteger threads = new AtomicInteger();
    executor = Executors.newFixedThreadPool(8, r -> {
      Thread t = new Thread(r, "rest-catalog-" + threads.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    server = listen(0);
    port = server.getAddress().getPort();
  }

  private HttpServer listen(int onPort) throws IOException {
    HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), onPort), 64);
    http.setExecutor(executor);
    http.createContext("/v1/", this::handle);
    http.start();
    return http;
  }

  /**
   * The next table update that {@code which} accepts ends the server as a crash would: after applying the
   * update when {@code applied} (the client never learns that it did), else before; the connection is
   * dropped without an answer and the server stops listening until {@link #restart()}. Its catalogs
   * (the state a real server keeps in its database) survive.
   */
  void crashOnNextUpdate(java.util.function.Predicate<UpdateTableRequest> which, boolean applied) {
    crashed = false;
    crash = new CommitCrash(which, applied);
  }

  /** Whether an armed crash has happened. */
  boolean crashed() {
    return crashed;
  }

  /** Listens again on the same port after a crash. */
  synchronized void restart() throws IOException {
    server.stop(0);
    server = listen(port);
    crashed = false;
  }

  /** Whether the update adds a snapshot of the given operation ("append", "overwrite", "replace", ...). */
  static boolean addsSnapshot(UpdateTableRequest request, String operation) {
    return request.updates().stream().anyMatch(u -> u instanceof org.apache.iceberg.MetadataUpdate.AddSnapshot add
        && operation.equals(add.snapshot().operation()));
  }

  private record CommitCrash(java.util.function.Predicate<UpdateTableRequest> which, boolean applied) {
  }

  /** Thrown inside a handler to drop the connection without an answer. */
  private static final class Crash extends IOException {
    private static final long serialVersionUID = 1L;

    Crash() {
      super("REST catalog server crashed (test fault)");
    }
  }

  /** The server all ITs of this JVM share; it stops when the JVM exits. */
  static synchronized RestCatalogServer shared() {
    if (shared == null) {
      try {
        shared = new RestCatalogServer("it-token-" + Long.toHexString(System.nanoTime()));
      } catch (IOException e) {
        throw new UncheckedIOException("Starting the REST catalog server failed", e);
      }
      Runtime.getRuntime().addShutdownHook(new Thread(shared::close, "rest-catalog-stop"));
    }
    return shared;
  }

  String uri() {
    return "http://" + InetAddress.getLoopbackAddress().getHostAddress() + ":" + port;
  }

  String token() {
    return token;
  }

  /** Requests answered so far (any status). */
  int requests() {
    return requests.get();
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
    catalogs.values().forEach(c -> {
      try {
        c.close();
      } catch (IOException e) {
        // nothing held but memory
      }
    });
  }

  private void handle(HttpExchange exchange) throws IOException {
    requests.incrementAndGet();
    try (exchange) {
      Object response;
      try {
        if (!("Bearer " + token).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
          throw new NotAuthorizedException(UNAUTHORIZED_MESSAGE);
        }
        response = route(exchange);
      } catch (RuntimeException e) {
        error(exchange, e);
        return;
      }
      if (response == null) {
        exchange.sendResponseHeaders(204, -1);
      } else {
        byte[] body = json.writeValueAsBytes(response);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, body.length);
        exchange.getResponseBody().write(body);
      }
    }
  }

  private Object route(HttpExchange exchange) throws IOException {
    String method = exchange.getRequestMethod();
    List<String> path = Arrays.asList(exchange.getRequestURI().getRawPath().substring("/v1/".length()).split("/"));
    Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
    if (path.equals(List.of("config")) && method.equals("GET")) {
      return config(query.get("warehouse"));
    }
    InMemoryCatalog catalog = catalogs.get(path.get(0));
    if (catalog == null || path.size() < 2 || !path.get(1).equals("namespaces")) {
      throw new NoSuchNamespaceException("No route for %s %s", method, exchange.getRequestURI().getRawPath());
    }
    List<String> rest = path.subList(2, path.size());
    if (rest.isEmpty()) {
      return switch (method) {
        case "GET" -> CatalogHandlers.listNamespaces(catalog, namespaceParam(query.get("parent")));
        case "POST" -> CatalogHandlers.createNamespace(catalog, read(exchange, CreateNamespaceRequest.class));
        default -> throw unsupported(method);
      };
    }
    Namespace namespace = RESTUtil.decodeNamespace(rest.get(0), "\u001f");
    if (rest.size() == 1) {
      switch (method) {
        case "GET":
          return CatalogHandlers.loadNamespace(catalog, namespace);
        case "HEAD":
          CatalogHandlers.namespaceExists(catalog, namespace);
          return null;
        case "DELETE":
          CatalogHandlers.dropNamespace(catalog, namespace);
          return null;
        default:
          throw unsupported(method);
      }
    }
    if (rest.size() == 2 && rest.get(1).equals("properties") && method.equals("POST")) {
      return CatalogHandlers.updateNamespaceProperties(catalog, namespace,
          read(exchange, UpdateNamespacePropertiesRequest.class));
    }
    if (!rest.get(1).equals("tables")) {
      throw unsupported(method);
    }
    if (rest.size() == 2) {
      return switch (method) {
        case "GET" -> CatalogHandlers.listTables(catalog, namespace);
        case "POST" -> {
          CreateTableRequest request = read(exchange, CreateTableRequest.class);
          yield request.stageCreate()
              ? CatalogHandlers.stageTableCreate(catalog, namespace, request)
              : CatalogHandlers.createTable(catalog, namespace, request);
        }
        default -> throw unsupported(method);
      };
    }
    TableIdentifier table = TableIdentifier.of(namespace, RESTUtil.decodeString(rest.get(2)));
    if (rest.size() == 4 && rest.get(3).equals("metrics") && method.equals("POST")) {
      exchange.getRequestBody().readAllBytes(); // scan and commit reports: accepted, not kept
      return null;
    }
    if (rest.size() != 3) {
      throw unsupported(method);
    }
    switch (method) {
      case "GET":
        return CatalogHandlers.loadTable(catalog, table, "refs".equals(query.get("snapshots"))
            ? RESTCatalogProperties.SnapshotMode.REFS
            : RESTCatalogProperties.SnapshotMode.ALL);
      case "HEAD":
        CatalogHandlers.tableExists(catalog, table);
        return null;
      case "POST":
        UpdateTableRequest update = read(exchange, UpdateTableRequest.class);
        CommitCrash armed = crash;
        if (armed != null && armed.which().test(update)) {
          crash = null;
          if (armed.applied()) {
            CatalogHandlers.updateTable(catalog, table, update);
          }
          crashed = true;
          server.stop(0); // no more connections; this one is dropped without an answer
          throw new Crash();
        }
        return CatalogHandlers.updateTable(catalog, table, update);
      case "DELETE":
        CatalogHandlers.dropTable(catalog, table);
        return null;
      default:
        throw unsupported(method);
    }
  }

  /** The warehouse's own path prefix, creating its catalog on first use. */
  private ConfigResponse config(String warehouse) {
    if (warehouse == null || warehouse.isEmpty()) {
      throw new IllegalArgumentException("The warehouse parameter is required by this server");
    }
    String prefix = prefixes.computeIfAbsent(RESTUtil.stripTrailingSlash(warehouse), w -> {
      String p = "wh" + prefixes.size();
      InMemoryCatalog catalog = new InMemoryCatalog();
      Map<String, String> props = new HashMap<>();
      props.put(CatalogProperties.WAREHOUSE_LOCATION, w);
      props.put(CatalogProperties.FILE_IO_IMPL, "org.apache.iceberg.hadoop.HadoopFileIO");
      catalog.initialize("rest-" + p, props);
      catalogs.put(p, catalog);
      return p;
    });
    return ConfigResponse.builder().withOverride("prefix", prefix).build();
  }

  private <T> T read(HttpExchange exchange, Class<T> type) throws IOException {
    return json.readValue(exchange.getRequestBody(), type);
  }

  private static Namespace namespaceParam(String parent) {
    return parent == null || parent.isEmpty() ? Namespace.empty() : RESTUtil.decodeNamespace(parent, "\u001f");
  }

  private static Map<String, String> query(String raw) {
    Map<String, String> out = new HashMap<>();
    if (raw != null) {
      for (String pair : raw.split("&")) {
        int eq = pair.indexOf('=');
        String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
        out.put(key, eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    return out;
  }

  private static UnsupportedOperationException unsupported(String method) {
    return new UnsupportedOperationException("Not served here: " + method);
  }

  /** The protocol's error body, with the status code the client maps to the right exception. */
  private void error(HttpExchange exchange, RuntimeException e) throws IOException {
    int code;
    if (e instanceof NotAuthorizedException) {
      code = 401;
    } else if (e instanceof NoSuchNamespaceException || e instanceof NoSuchTableException) {
      code = 404;
    } else if (e instanceof AlreadyExistsException || e instanceof CommitFailedException) {
      code = 409;
    } else if (e instanceof IllegalArgumentException || e instanceof ValidationException) {
      code = 400;
    } else if (e instanceof UnsupportedOperationException) {
      code = 406;
    } else {
      code = 500;
      LOG.warn("REST catalog server failed on {} {}", exchange.getRequestMethod(), exchange.getRequestURI(), e);
    }
    ErrorResponse error = ErrorResponse.builder().responseCode(code).withType(e.getClass().getSimpleName())
        .withMessage(String.valueOf(e.getMessage())).build();
    byte[] body = ErrorResponseParser.toJson(error).getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    if (exchange.getRequestMethod().equals("HEAD")) {
      exchange.sendResponseHeaders(code, -1);
    } else {
      exchange.sendResponseHeaders(code, body.length);
      exchange.getResponseBody().write(body);
    }
  }
}
