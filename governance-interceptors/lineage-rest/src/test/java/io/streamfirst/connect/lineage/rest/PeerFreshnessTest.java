// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.lineage.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.streamfirst.connect.lineage.rest.ClusterFreshness.Answer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Asking the other workers over HTTP: every worker's answer, a clear reason for each one that does not answer
 * (refused, too slow, no extension, authentication), this worker recognised by its own answer, one round of
 * requests per second at most.
 */
class PeerFreshnessTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private final List<HttpServer> servers = new ArrayList<>();
  /** Released when the test ends: a worker that never answers waits for it. */
  private final java.util.concurrent.CountDownLatch end = new java.util.concurrent.CountDownLatch(1);
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofMillis(2_000)).build();

  @AfterEach
  void stop() {
    end.countDown();
    servers.forEach(s -> s.stop(0));
  }

  /** A worker's REST listener that answers {@code path} with {@code status} and {@code body}; returns host:port. */
  private String worker(int status, String body, AtomicInteger requests, boolean hangs) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", exchange -> {
      requests.incrementAndGet();
      try {
        if (hangs) {
          end.await(); // a worker that never answers
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      int code = exchange.getRequestURI().getPath().equals(PeerFreshness.PATH) ? status : 404;
      exchange.sendResponseHeaders(code, bytes.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    });
    server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
    server.start();
    servers.add(server);
    return "127.0.0.1:" + server.getAddress().getPort();
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static String answer(String instance, TaskFreshness... tasks) throws IOException {
    return JSON.writeValueAsString(new LocalFreshness(instance, null, 1, List.of(tasks)));
  }

  @Test
  void everyWorkerIsAskedAndEachOneThatDoesNotAnswerSaysWhy() throws Exception {
    AtomicInteger requests = new AtomicInteger();
    TaskFreshness peerTask = new TaskFreshness("orders", 1, "db.orders", 4_000, 10, 300, -1, "NONE");
    TaskFreshness ownTask = new TaskFreshness("orders", 0, "db.orders", 5_000, 10, 100, -1, "NONE");
    String self = worker(200, answer("me", ownTask), requests, false);
    String peer = worker(200, answer("other", peerTask), requests, false);
    String noExtension = worker(404, "{\"error_code\":404}", requests, false);
    String secured = worker(401, "", requests, false);
    String slow = worker(200, answer("slow"), requests, true);
    String garbage = worker(200, "<html>", requests, false);
    String refused = "127.0.0.1:" + freePort();
    MutableClock clock = new MutableClock();
    PeerFreshness peers = new PeerFreshness(http, "http", 2_000, () -> new LocalFreshness("me", null, 1,
        List.of(ownTask)), clock);

    Map<String, Answer> answers = peers.answers(List.of(self, peer, noExtension, secured, slow, garbage, refused));

    assertThat(answers.get(self)).isEqualTo(Answer.of(List.of(ownTask)));
    assertThat(answers.get(peer)).isEqualTo(Answer.of(List.of(peerTask)));
    assertThat(peers.selfId()).as("this worker, recognised by its own answer").isEqualTo(self);
    String url = "/streamfirst/freshness/local";
    assertThat(answers.get(noExtension).error()).isEqualTo("worker " + noExtension + " answered http://"
        + noExtension + url + " with HTTP 404: is the lineage REST extension in its rest.extension.classes?");
    assertThat(answers.get(secured).error()).isEqualTo("worker " + secured + " answered http://" + secured + url
        + " with HTTP 401: its REST API requires authentication, which this extension does not send to other"
        + " workers");
    assertThat(answers.get(slow).error()).isEqualTo("worker " + slow + " did not answer http://" + slow + url
        + " within the timeout");
    assertThat(answers.get(garbage).error()).startsWith("worker " + garbage + " answered http://" + garbage + url
        + " with something that is not its freshness");
    assertThat(answers.get(refused).error()).isEqualTo("worker " + refused + " does not answer at http://"
        + refused + url + ": connection refused or unreachable");

    // within a second the same answers, without asking again; after it, asked again (this worker from its JVM)
    int asked = requests.get();
    assertThat(peers.answers(List.of(refused, peer, self, slow, garbage, secured, noExtension))).isSameAs(answers);
    assertThat(requests.get()).isEqualTo(asked);
    clock.now += PeerFreshness.CACHE_MS;
    Map<String, Answer> again = peers.answers(List.of(self, peer));
    assertThat(again.get(self)).isEqualTo(Answer.of(List.of(ownTask)));
    assertThat(requests.get()).as("only the other worker was asked").isEqualTo(asked + 1);
  }

  @Test
  void aWorkerAloneInItsJvmKnowsItsIdWithoutAskingItself() throws Exception {
    AtomicInteger requests = new AtomicInteger();
    String self = worker(200, answer("me"), requests, false);
    TaskFreshness own = new TaskFreshness("orders", 0, "db.orders", 5_000, 10, 100, -1, "NONE");
    PeerFreshness peers = new PeerFreshness(http, "http", 2_000, () -> new LocalFreshness("me", self, 1,
        List.of(own)), new MutableClock());

    assertThat(peers.answers(List.of(self))).isEqualTo(Map.of(self, Answer.of(List.of(own))));
    assertThat(requests.get()).isZero();
  }

  /** A clock the test moves. */
  static final class MutableClock extends Clock {
    long now = 1_000_000;

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public long millis() {
      return now;
    }

    @Override
    public Instant instant() {
      return Instant.ofEpochMilli(now);
    }
  }
}
