// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.lineage.rest;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamfirst.connect.lineage.rest.ClusterFreshness.Answer;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks every worker that runs a task for its local freshness ({@code GET /streamfirst/freshness/local} on the
 * REST listener its worker id names), all at once, each with a timeout; this worker's own values come from its
 * JVM without a request once it knows its id. Answers are kept for {@value #CACHE_MS} ms, so a page open in
 * many browsers does not multiply the requests.
 */
final class PeerFreshness {

  static final String PATH = "/streamfirst/freshness/local";
  /** How long a round of answers is reused. */
  static final long CACHE_MS = 1_000;
  private static final Logger LOG = LoggerFactory.getLogger(PeerFreshness.class);
  private static final ObjectMapper JSON = new ObjectMapper()
      .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  private final HttpClient http;
  private final String scheme;
  private final long timeoutMs;
  private final Supplier<LocalFreshness> local;
  private final Clock clock;
  private volatile String selfId;
  private Map<String, Answer> cached;
  private Set<String> cachedIds = Set.of();
  private long cachedAtMs;
  private final Set<String> loggedErrors = new TreeSet<>();

  /**
   * @param scheme {@code http} or {@code https}, as this worker's own REST listener
   * @param local this worker's answer (also what it serves); its {@code workerId} when it knows it
   */
  PeerFreshness(HttpClient http, String scheme, long timeoutMs, Supplier<LocalFreshness> local, Clock clock) {
    this.http = http;
    this.scheme = scheme;
    this.timeoutMs = timeoutMs;
    this.local = local;
    this.clock = clock;
  }

  /** A random id for one extension instance. */
  static String newInstanceId() {
    return UUID.randomUUID().toString();
  }

  /** This worker's id, once known (from its JVM, or from a worker id whose answer was its own). */
  String selfId() {
    return selfId;
  }

  /** Per worker id, what it answered now (or in the last {@value #CACHE_MS} ms). */
  synchronized Map<String, Answer> answers(Collection<String> workerIds) {
    Set<String> ids = new TreeSet<>(workerIds);
    long now = clock.millis();
    if (cached != null && ids.equals(cachedIds) && now - cachedAtMs < CACHE_MS) {
      return cached;
    }
    LocalFreshness own = local.get();
    if (selfId == null && own.workerId() != null) {
      selfId = own.workerId();
    }
    Map<String, CompletableFuture<Answer>> pending = new LinkedHashMap<>();
    for (String id : ids) {
      pending.put(id, id.equals(selfId)
          ? CompletableFuture.completedFuture(Answer.of(own.tasks()))
          : fetch(id, own.instance()));
    }
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs + 500);
    Map<String, Answer> out = new TreeMap<>();
    for (Map.Entry<String, CompletableFuture<Answer>> entry : pending.entrySet()) {
      Answer answer;
      try {
        answer = entry.getValue().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      } catch (TimeoutException e) {
        entry.getValue().cancel(true);
        answer = Answer.failed("worker " + entry.getKey() + " did not answer within " + timeoutMs + " ms");
      } catch (ExecutionException e) {
        answer = Answer.failed("worker " + entry.getKey() + ": " + e.getCause());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        answer = Answer.failed("interrupted while asking worker " + entry.getKey());
      }
      out.put(entry.getKey(), answer);
      log(entry.getKey(), answer);
    }
    cached = out;
    cachedIds = ids;
    cachedAtMs = clock.millis();
    return out;
  }

  /** One WARN line when a worker stops answering (or answers with another error), one INFO line when it answers again. */
  private void log(String id, Answer answer) {
    if (!answer.ok() && loggedErrors.add(id)) {
      LOG.warn("Streamfirst lineage: {}; its sink tables are shown with unknown freshness until it answers or its"
          + " tasks move", answer.error());
    } else if (answer.ok() && loggedErrors.remove(id)) {
      LOG.info("Streamfirst lineage: worker {} answers again", id);
    }
  }

  private CompletableFuture<Answer> fetch(String id, String ownInstance) {
    URI uri;
    try {
      uri = URI.create(scheme + "://" + id + PATH);
    } catch (IllegalArgumentException e) {
      return CompletableFuture.completedFuture(Answer.failed("worker id " + id + " is not host:port"));
    }
    HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofMillis(timeoutMs))
        .header("Accept", "application/json").GET().build();
    return http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).handle((response, error) -> {
      if (error != null) {
        return Answer.failed(describe(id, uri, error));
      }
      if (response.statusCode() != 200) {
        return Answer.failed(describe(id, uri, response.statusCode()));
      }
      try {
        LocalFreshness answer = JSON.readValue(response.body(), LocalFreshness.class);
        if (ownInstance.equals(answer.instance())) {
          selfId = id;
        }
        return Answer.of(answer.tasks());
      } catch (IOException e) {
        return Answer.failed("worker " + id + " answered " + uri + " with something that is not its freshness ("
            + e.getClass().getSimpleName() + ")");
      }
    });
  }

  static String describe(String id, URI uri, Throwable error) {
    Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    String prefix = "worker " + id + " does not answer at " + uri + ": ";
    if (cause instanceof HttpTimeoutException) {
      return "worker " + id + " did not answer " + uri + " within the timeout";
    }
    if (cause instanceof ConnectException) {
      return prefix + "connection refused or unreachable";
    }
    if (cause instanceof SSLException) {
      return prefix + "TLS failed (" + cause.getMessage() + "); this worker's JVM must trust the other workers'"
          + " certificates";
    }
    return prefix + cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : " " + cause.getMessage());
  }

  static String describe(String id, URI uri, int status) {
    String prefix = "worker " + id + " answered " + uri + " with HTTP " + status;
    if (status == 401 || status == 403) {
      return prefix + ": its REST API requires authentication, which this extension does not send to other workers";
    }
    if (status == 404) {
      return prefix + ": is the lineage REST extension in its rest.extension.classes?";
    }
    return prefix;
  }
}
