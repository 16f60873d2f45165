// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.governance.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The client's HTTP behaviour against a scripted HTTP(S) server: auth headers, retries and backoff, what is and
 * is not retried, caching by the injected clock, failover, TLS trust stores. The registry API itself is tested
 * against the real Apicurio server in ApicurioRegistryIT.
 */
class RegistryClientTest {

  private static final String SCHEMA = "{\"schema\":\"\\\"string\\\"\",\"id\":5,\"version\":1,\"subject\":\"s\"}";

  private record Reply(int status, String body) {
  }

  private final Deque<Reply> replies = new ArrayDeque<>();
  private final List<String> requests = new CopyOnWriteArrayList<>();
  private final List<String> authorizations = new CopyOnWriteArrayList<>();
  private final List<String> bodies = new CopyOnWriteArrayList<>();
  private final List<Duration> sleeps = new ArrayList<>();
  private Reply fallback = new Reply(200, SCHEMA);
  private HttpServer server;

  private static final class MutableClock extends Clock {
    Instant now = Instant.parse("2026-01-01T00:00:00Z");

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  private final MutableClock clock = new MutableClock();

  private String start(HttpServer created) {
    server = created;
    server.createContext("/", this::handle);
    server.start();
    String scheme = server instanceof HttpsServer ? "https" : "http";
    return scheme + "://127.0.0.1:" + server.getAddress().getPort() + "/api";
  }

  private String start() throws IOException {
    return start(HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0));
  }

  private void handle(HttpExchange exchange) throws IOException {
    requests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getRawPath());
    String auth = exchange.getRequestHeaders().getFirst("Authorization");
    authorizations.add(auth == null ? "" : auth);
    try (InputStream in = exchange.getRequestBody()) {
      bodies.add(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
    Reply reply;
    synchronized (replies) {
      reply = replies.isEmpty() ? fallback : replies.poll();
    }
    byte[] body = reply.body().getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "application/vnd.schemaregistry.v1+json");
    exchange.sendResponseHeaders(reply.status(), body.length);
    exchange.getResponseBody().write(body);
    exchange.close();
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.stop(0);
    }
  }

  private RegistryClient client(Map<String, String> props) {
    AbstractConfig config = new AbstractConfig(RegistryClient.CONFIG_DEF, props, false);
    return RegistryClient.create(config, clock, sleeps::add);
  }

  private static Map<String, String> props(String url, String... pairs) {
    Map<String, String> props = new HashMap<>();
    props.put("schema.registry.url", url);
    for (int i = 0; i < pairs.length; i += 2) {
      props.put(pairs[i], pairs[i + 1]);
    }
    return props;
  }

  @Test
  void sendsBasicAuthFromUserInfoOrUrlAndBearerTokens() throws Exception {
    String url = start();
    client(props(url, "basic.auth.user.info", "alice:pa:ss")).schemaById(5);
    client(props(url.replace("http://", "http://bob:w%40rd@"), "basic.auth.credentials.source", "URL"))
        .schemaById(5);
    client(props(url, "bearer.auth.token", "tok-123")).schemaById(5);
    client(props(url)).schemaById(5);
    assertThat(authorizations).containsExactly(
        "Basic " + Base64.getEncoder().encodeToString("alice:pa:ss".getBytes(StandardCharsets.UTF_8)),
        "Basic " + Base64.getEncoder().encodeToString("bob:w@rd".getBytes(StandardCharsets.UTF_8)),
        "Bearer tok-123", "");
    assertThatThrownBy(() -> client(props(url, "basic.auth.user.info", "alice:secret", "bearer.auth.token", "t0k")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("bearer.auth.token")
        .hasMessageNotContaining("secret").hasMessageNotContaining("t0k");
  }

  @Test
  void retriesServerErrorsWithADoublingBackoffAndSucceeds() throws Exception {
    String url = start();
    replies.add(new Reply(503, "{\"error_code\":50003,\"message\":\"busy\"}"));
    replies.add(new Reply(429, ""));
    replies.add(new Reply(500, ""));
    RegisteredSchema schema = client(props(url, "schema.registry.request.max.retries", "3",
        "schema.registry.retry.backoff.ms", "100", "schema.registry.retry.backoff.max.ms", "300")).schemaById(5);
    assertThat(schema.schema()).isEqualTo("\"string\"");
    assertThat(requests).hasSize(4).allMatch(r -> r.equals("GET /api/schemas/ids/5"));
    assertThat(sleeps).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(300));
  }

  @Test
  void giveUpAfterTheRetriesWithARetriableErrorThatNamesTheRequestAndUrl() throws Exception {
    String url = start();
    fallback = new Reply(503, "");
    assertThatThrownBy(() -> client(props(url.replace("http://", "http://carol:hunter2@"),
        "schema.registry.request.max.retries", "2")).latest("orders-value"))
        .isInstanceOf(RegistryUnavailableException.class)
        .hasMessageContaining("GET /subjects/orders-value/versions/latest")
        .hasMessageContaining("subject 'orders-value'").hasMessageContaining(url)
        .hasMessageContaining("after 3 attempt(s)").hasMessageContaining("HTTP 503")
        .hasMessageNotContaining("hunter2").hasMessageNotContaining("carol");
    assertThat(requests).hasSize(3);
  }

  @Test
  void refusalsAreNotRetried() throws Exception {
    String url = start();
    fallback = new Reply(404, "{\"error_code\":40403,\"message\":\"Schema not found\"}");
    assertThatThrownBy(() -> client(props(url)).schemaById(77)).isInstanceOfSatisfying(RegistryRequestException.class,
        e -> {
          assertThat(e.errorCode()).isEqualTo(40403);
          assertThat(e.notFound()).isTrue();
          assertThat(e).hasMessageContaining("schema id 77").hasMessageContaining("Schema not found");
        });
    fallback = new Reply(401, "{\"error_code\":401,\"message\":\"Unauthorized\"}");
    assertThatThrownBy(() -> client(props(url)).subjects()).isInstanceOf(RegistryRequestException.class)
        .hasMessageContaining("rejected the credentials").hasMessageContaining("basic.auth.user.info");
    assertThat(requests).hasSize(2);
    assertThat(sleeps).isEmpty();
  }

  @Test
  void idsAreCachedForGoodAndLatestVersionsForTheTtl() throws Exception {
    String url = start();
    RegistryClient client = client(props(url, "latest.cache.ttl.ms", "60000", "schema.registry.request.max.retries",
        "0"));
    client.schemaById(5);
    client.schemaById(5);
    client.latest("s");
    clock.now = clock.now.plusSeconds(59);
    client.latest("s");
    assertThat(requests).containsExactly("GET /api/schemas/ids/5", "GET /api/subjects/s/versions/latest");
    clock.now = clock.now.plusSeconds(2);
    client.latest("s");
    assertThat(requests).hasSize(3);

    fallback = new Reply(503, "");
    clock.now = clock.now.plusSeconds(61);
    assertThat(client.schemaById(5).id()).isEqualTo(5);
    assertThatThrownBy(() -> client.latest("s")).isInstanceOf(RegistryUnavailableException.class);

    fallback = new Reply(200, SCHEMA);
    RegistryClient failOpen = client(props(url, "latest.cache.ttl.ms", "1000",
        "latest.cache.stale.on.outage.enabled", "true", "schema.registry.request.max.retries", "0"));
    failOpen.latest("s");
    fallback = new Reply(503, "");
    clock.now = clock.now.plusSeconds(5);
    assertThat(failOpen.latest("s").id()).isEqualTo(5);
  }

  @Test
  void passesSchemaMetadataAndRuleSetsBothWays() throws Exception {
    String url = start();
    fallback = new Reply(200, "{\"schema\":\"{}\",\"schemaType\":\"JSON\",\"id\":9,"
        + "\"metadata\":{\"tags\":{\"email\":[\"PII\"]},\"properties\":{\"owner\":\"shop\"}},"
        + "\"ruleSet\":{\"domainRules\":[{\"name\":\"positive\",\"kind\":\"CONDITION\",\"type\":\"CEL\","
        + "\"expr\":\"message.amount > 0\"}]}}");
    RegistryClient client = client(props(url));
    RegisteredSchema schema = client.schemaById(9);
    assertThat(schema.schemaType()).isEqualTo("JSON");
    assertThat(schema.metadata().path("tags").path("email").get(0).asText()).isEqualTo("PII");
    assertThat(schema.ruleSet().path("domainRules").get(0).path("expr").asText()).isEqualTo("message.amount > 0");

    fallback = new Reply(200, "{\"id\":10}");
    ObjectMapper json = new ObjectMapper();
    assertThat(client.register("s", new SchemaText("JSON", "{}", json.readTree("{\"properties\":{\"a\":\"b\"}}"),
        json.readTree("{\"domainRules\":[]}")))).isEqualTo(10);
    assertThat(json.readTree(bodies.get(bodies.size() - 1))).isEqualTo(json.readTree(
        "{\"schema\":\"{}\",\"schemaType\":\"JSON\",\"metadata\":{\"properties\":{\"a\":\"b\"}},"
            + "\"ruleSet\":{\"domainRules\":[]}}"));
    assertThat(requests.get(requests.size() - 1)).isEqualTo("POST /api/subjects/s/versions");
  }

  @Test
  void failsOverToTheNextUrl() throws Exception {
    String url = start();
    RegisteredSchema schema = client(props("http://127.0.0.1:1/api," + url, "schema.registry.retry.backoff.ms", "0"))
        .schemaById(5);
    assertThat(schema.id()).isEqualTo(5);
    assertThat(requests).containsExactly("GET /api/schemas/ids/5");
  }

  @Test
  void trustsAnHttpsRegistryThroughTheConfiguredTrustStore(@TempDir Path dir) throws Exception {
    Path keyStore = dir.resolve("registry.p12");
    Path trustStore = dir.resolve("trust.p12");
    Path cert = dir.resolve("registry.crt");
    keytool("-genkeypair", "-alias", "registry", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=127.0.0.1",
        "-ext", "SAN=ip:127.0.0.1", "-validity", "2", "-keystore", keyStore.toString(), "-storetype", "PKCS12",
        "-storepass", "changeit");
    keytool("-exportcert", "-alias", "registry", "-keystore", keyStore.toString(), "-storepass", "changeit",
        "-file", cert.toString());
    keytool("-importcert", "-noprompt", "-alias", "registry", "-file", cert.toString(), "-keystore",
        trustStore.toString(), "-storetype", "PKCS12", "-storepass", "trustpw");

    KeyStore keys = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(keyStore)) {
      keys.load(in, "changeit".toCharArray());
    }
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(keys, "changeit".toCharArray());
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(kmf.getKeyManagers(), null, null);
    HttpsServer https = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    https.setHttpsConfigurator(new HttpsConfigurator(context));
    String url = start(https);

    assertThat(client(props(url, "schema.registry.ssl.truststore.location", trustStore.toString(),
        "schema.registry.ssl.truststore.password", "trustpw")).schemaById(5).id()).isEqualTo(5);
    assertThatThrownBy(() -> client(props(url, "schema.registry.request.max.retries", "0")).schemaById(5))
        .isInstanceOf(RegistryUnavailableException.class).hasMessageContaining("SSLHandshakeException");
    assertThatThrownBy(() -> client(props(url, "schema.registry.ssl.truststore.location", trustStore.toString(),
        "schema.registry.ssl.truststore.password", "not-the-pw")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("schema.registry.ssl.truststore.location")
        .hasMessageNotContaining("not-the-pw");
  }

  private static void keytool(String... args) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor()).as(output).isZero();
  }
}
