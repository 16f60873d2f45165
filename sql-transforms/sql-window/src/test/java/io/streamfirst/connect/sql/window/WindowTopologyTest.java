// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.sql.window;

import java.time.Instant;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamfirst.connect.sql.engine.SqlEngine;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The topology end to end in Kafka Streams' test driver: results, late records, counts, closed windows. */
class WindowTopologyTest {

  private static final long MINUTE = 60_000;

  @TempDir
  Path stateDir;

  /** Runs a statement over JSON events; gives the output and late topics. */
  final class Run implements AutoCloseable {
    final TopologyTestDriver driver;
    final TestInputTopic<byte[], byte[]> input;
    final TestOutputTopic<byte[], byte[]> output;
    final TestOutputTopic<byte[], byte[]> late;
    final WindowCounters counters = new WindowCounters();

    Run(String sql, long graceMs, long retentionMs) throws Exception {
      this(sql, graceMs, retentionMs, Map.of());
    }

    Run(String sql, long graceMs, long retentionMs, Map<String, Object> streamsOverrides) throws Exception {
      WindowQuery query = WindowQuery.plan(sql);
      RecordFormat format = new RecordFormat(JsonConverter.class, Map.of("schemas.enable", "false"),
          JsonConverter.class, Map.of("schemas.enable", "false", "decimal.format", "NUMERIC"));
      Topology topology = WindowTopology.build(query, List.of("orders"), "results", "late", graceMs, retentionMs,
          format, new SqlEngine(query.inputStatement(), List.of(), 16, 1 << 20),
          new SqlEngine(query.resultStatement(), List.of(), 16, 1 << 20), counters);
      Properties props = new Properties();
      props.put(StreamsConfig.APPLICATION_ID_CONFIG, "window-test");
      props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
      props.put(StreamsConfig.STATE_DIR_CONFIG, Files.createTempDirectory(stateDir, "state").toString());
      props.put(SqlWindowTask.EMIT_INTERVAL, 0L);
      props.putAll(streamsOverrides);
      driver = new TopologyTestDriver(topology, props);
      input = driver.createInputTopic("orders", new ByteArraySerializer(), new ByteArraySerializer());
      output = driver.createOutputTopic("results", new ByteArrayDeserializer(), new ByteArrayDeserializer());
      late = driver.createOutputTopic("late", new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    void send(String json) {
      input.pipeInput(null, json.getBytes(StandardCharsets.UTF_8), 1L);
    }

    List<String> results() {
      List<String> rows = new ArrayList<>();
      for (TestRecord<byte[], byte[]> record : output.readRecordsToList()) {
        String value = record.value() == null ? null : new String(record.value(), StandardCharsets.UTF_8);
        rows.add(new String(record.key(), StandardCharsets.UTF_8) + " -> " + value);
      }
      return rows;
    }

    @Override
    public void close() {
      driver.close();
    }
  }

  private static String order(String customer, Object total, long placedAt, String status) {
    return "{\"customer_id\":" + (customer == null ? "null" : "\"" + customer + "\"") + ",\"total\":" + total
        + ",\"placed_at\":" + placedAt + ",\"status\":\"" + status + "\"}";
  }

  /**
   * The first windows of a freshly started task, with event times far from 1970 and the record cache on
   * (Kafka Streams' default): emit-on-close's first fetch starts at time 0, and through the record cache it
   * visited every segment interval since 1970 (hundreds of millions of cache lookups for these times) before the
   * first result (TUMBLE timed out here). Without that cache the results come at once. SESSION's store never
   * walked so; it is checked the same way.
   */
  @ParameterizedTest
  @ValueSource(strings = {"TUMBLE(TABLE orders, DESCRIPTOR(placed_at), INTERVAL '1' MINUTE)",
      "SESSION(TABLE orders PARTITION BY customer_id, DESCRIPTOR(placed_at), INTERVAL '1' MINUTE)"})
  void firstWindowsOfEventTimesFarFrom1970AreWrittenWithoutAWalkFrom1970(String window) throws Exception {
    String sql = "SELECT window_start, customer_id, COUNT(*) AS orders FROM TABLE(" + window + ")"
        + " GROUP BY window_start, window_end, customer_id EMIT FINAL";
    long far = Instant.parse("2500-01-01T00:00:00Z").toEpochMilli();
    try (Run run = new Run(sql, 0, 0, Map.of(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 10L << 20))) {
      assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
        run.send(order("a", 1, far + 1_000, "paid"));
        run.send(order("a", 2, far + 2_000, "paid"));
        run.send(order("b", 3, far + 10 * MINUTE, "paid"));
        assertThat(run.results()).containsExactly(
            "{\"customer_id\":\"a\",\"window_start\":" + (far + (window.startsWith("TUMBLE") ? 0 : 1_000))
                + "} -> {\"window_start\":" + (far + (window.startsWith("TUMBLE")
                    ? 0
                    : 1_000))
                + ",\"customer_id\":\"a\",\"orders\":2}");
      });
    }
  }

  @Test
  void emitFinalWritesOneResultPerClosedWindowAndGroupAndLateRecordsToTheLateTopic() throws Exception {
    String sql = "SELECT window_start, window_end, customer_id, COUNT(*) AS orders, SUM(total) AS revenue,"
        + " COUNT(total) AS priced, MIN(total) AS smallest, AVG(total) AS average FROM TABLE(TUMBLE(TABLE orders,"
        + " DESCRIPTOR(placed_at), INTERVAL '1' MINUTE)) WHERE status <> 'test'"
        + " GROUP BY window_start, window_end, customer_id HAVING COUNT(*) > 0 EMIT FINAL";
    try (Run run = new Run(sql, 10_000, 0)) {
      run.send(order("a", 10, 1_000, "paid"));
      run.send(order("b", 5, 2_000, "paid"));
      run.send(order("a", "null", 30_000, "paid"));
      run.send(order("a", 7, 50_000, "test")); // filtered by WHERE
      run.send(order("a", 3, MINUTE + 1_000, "paid")); // next window; the first is still open (grace)
      run.send(order("b", 1, 59_000, "paid")); // out of order, within grace
      assertThat(run.results()).isEmpty();
      run.send(order("c", 4, MINUTE + 10_000, "paid")); // stream time 70 s: window [0, 60 s) closes
      assertThat(run.results()).containsExactlyInAnyOrder(
          "{\"customer_id\":\"a\",\"window_start\":0} -> {\"window_start\":0,\"window_end\":60000,"
              + "\"customer_id\":\"a\",\"orders\":2,\"revenue\":10,\"priced\":1,\"smallest\":10,"
              + "\"average\":10.0000000000000000}",
          "{\"customer_id\":\"b\",\"window_start\":0} -> {\"window_start\":0,\"window_end\":60000,"
              + "\"customer_id\":\"b\",\"orders\":2,\"revenue\":6,\"priced\":2,\"smallest\":1,"
              + "\"average\":3.0000000000000000}");
      run.send(order("b", 100, 20_000, "paid")); // its only window closed: late
      List<TestRecord<byte[], byte[]>> late = run.late.readRecordsToList();
      assertThat(late).hasSize(1);
      assertThat(new String(late.get(0).value(), StandardCharsets.UTF_8)).isEqualTo(order("b", 100, 20_000, "paid"));
      Header violation = late.get(0).headers().lastHeader("sf.violation");
      assertThat(new String(violation.value(), StandardCharsets.UTF_8)).startsWith("late: window"
          + " [1970-01-01T00:00:00Z, 1970-01-01T00:01:00Z) closed at stream time 1970-01-01T00:01:10Z");
      assertThat(run.results()).isEmpty(); // a closed window is never emitted twice
      assertThat(run.counters.in.get()).isEqualTo(8);
      assertThat(run.counters.aggregated.get() + run.counters.filtered.get() + run.counters.late.get()).isEqualTo(8);
      assertThat(run.counters.filtered.get()).isEqualTo(1);
      assertThat(run.counters.late.get()).isEqualTo(1);
    }
  }

  /**
   * Stream time jumping far ahead (an idle period, a burst of newer events): every window still open
   * before the jump is emitted, although the jump is many times the window store's retention. Also
   * with the record cache off, where each put reaches RocksDB (and drops expired segments) at once.
   */
  @ParameterizedTest
  @ValueSource(longs = {10_485_760L, 0L})
  void windowsOpenBeforeAStreamTimeJumpAreAllEmitted(long cacheBytes) throws Exception {
    String sql = "SELECT window_start, customer_id, COUNT(*) AS n FROM TABLE(TUMBLE(TABLE orders,"
        + " DESCRIPTOR(placed_at), INTERVAL '1' MINUTE)) GROUP BY window_start, customer_id";
    try (Run run = new Run(sql, 0, 0, Map.of(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, cacheBytes))) {
      for (int minute = 0; minute < 5; minute++) {
        run.send(order("k" + minute, 1, minute * MINUTE + 5_000, "paid"));
      }
      assertThat(run.results()).hasSize(4);
      run.send(order("k4", 1, 299_000, "paid"));
      run.send(order("z", 1, 1_000 * MINUTE, "paid")); // ~16 hours later
      assertThat(run.results()).containsExactly(
          "{\"customer_id\":\"k4\",\"window_start\":240000} -> {\"window_start\":240000,\"customer_id\":\"k4\","
              + "\"n\":2}");
      run.send(order("z", 1, 1_001 * MINUTE, "paid"));
      assertThat(run.results()).containsExactly(
          "{\"customer_id\":\"z\",\"window_start\":60000000} -> {\"window_start\":60000000,\"customer_id\":\"z\","
              + "\"n\":1}");
    }
  }

  @Test
  void eventTimeFromIsoTextAndRecordsWithoutEventTimeGoToTheLateTopic() throws Exception {
    String sql = "SELECT window_start, COUNT(*) AS n FROM TABLE(TUMBLE(TABLE orders, DESCRIPTOR(at),"
        + " INTERVAL '1' MINUTE)) GROUP BY window_start";
    try (Run run = new Run(sql, 0, 0)) {
      run.send("{\"at\":\"2026-12-07T10:00:05Z\"}");
      run.send("{\"at\":\"2026-12-07T12:00:30+02:00\"}"); // 10:00:30 UTC
      run.send("{\"at\":null}");
      run.send("{\"at\":\"2026-12-07T10:01:00Z\"}");
      assertThat(run.results()).containsExactly("{\"window_start\":1796637600000} -> {\"window_start\":1796637600000,"
          + "\"n\":2}");
      List<TestRecord<byte[], byte[]>> late = run.late.readRecordsToList();
      assertThat(late).singleElement().satisfies(record -> assertThat(new String(
          record.headers().lastHeader("sf.violation").value(), StandardCharsets.UTF_8))
          .startsWith("late: event time is NULL"));
    }
  }

  @Test
  void hopEmitChangesWritesUpsertsPerWindow() throws Exception {
    String sql = "SELECT window_start, window_end, MAX(total) AS top FROM TABLE(HOP(TABLE orders,"
        + " DESCRIPTOR(placed_at), INTERVAL '30' SECOND, INTERVAL '1' MINUTE)) GROUP BY window_start, window_end"
        + " EMIT CHANGES";
    try (Run run = new Run(sql, 0, 0)) {
      run.send(order("a", 1, 40_000, "paid"));
      run.send(order("a", 5, 45_000, "paid"));
      assertThat(run.results()).containsExactly(
          "{\"window_start\":0} -> {\"window_start\":0,\"window_end\":60000,\"top\":1}",
          "{\"window_start\":30000} -> {\"window_start\":30000,\"window_end\":90000,\"top\":1}",
          "{\"window_start\":0} -> {\"window_start\":0,\"window_end\":60000,\"top\":5}",
          "{\"window_start\":30000} -> {\"window_start\":30000,\"window_end\":90000,\"top\":5}");
    }
  }

  @Test
  void sessionEmitFinalWritesOneResultPerClosedSessionWithItsBoundsAndLateRowsToTheLateTopic() throws Exception {
    String sql = "SELECT window_start, window_end, customer_id, COUNT(*) AS n, SUM(total) AS revenue"
        + " FROM TABLE(SESSION(TABLE orders PARTITION BY customer_id, DESCRIPTOR(placed_at), INTERVAL '10' SECOND))"
        + " GROUP BY window_start, window_end, customer_id EMIT FINAL";
    try (Run run = new Run(sql, 2_000, 0)) {
      run.send(order("a", 1, 1_000, "paid"));
      run.send(order("a", 2, 11_000, "paid")); // exactly the gap after: same session
      run.send(order("b", 5, 10_000, "paid")); // 1 s behind stream time, within the grace
      run.send(order("b", 7, 22_000, "paid")); // 12 s after b's last row: a new session of b
      run.send(order("a", 4, 30_000, "paid")); // 19 s after a's last row: a new session
      // closed: sessions whose last row is more than gap + grace (12 s) before stream time 30 s
      assertThat(run.results()).containsExactlyInAnyOrder(
          "{\"customer_id\":\"a\",\"window_start\":1000} -> {\"window_start\":1000,\"window_end\":21000,"
              + "\"customer_id\":\"a\",\"n\":2,\"revenue\":3}",
          "{\"customer_id\":\"b\",\"window_start\":10000} -> {\"window_start\":10000,\"window_end\":20000,"
              + "\"customer_id\":\"b\",\"n\":1,\"revenue\":5}");
      run.send(order("a", 100, 27_000, "paid")); // 3 s behind stream time, grace 2 s: late
      assertThat(new String(run.late.readRecordsToList().get(0).headers().lastHeader("sf.violation").value(),
          StandardCharsets.UTF_8)).startsWith("late: event time 1970-01-01T00:00:27Z is more than the grace"
              + " (2000 ms) behind stream time 1970-01-01T00:00:30Z");
      run.send(order("a", 8, 29_000, "paid")); // within the grace: joins a's open session
      run.send(order("c", 1, 60_000, "paid")); // closes a [29 s, 30 s] and b [22 s, 22 s]
      assertThat(run.results()).containsExactlyInAnyOrder(
          "{\"customer_id\":\"b\",\"window_start\":22000} -> {\"window_start\":22000,\"window_end\":32000,"
              + "\"customer_id\":\"b\",\"n\":1,\"revenue\":7}",
          "{\"customer_id\":\"a\",\"window_start\":29000} -> {\"window_start\":29000,\"window_end\":40000,"
              + "\"customer_id\":\"a\",\"n\":2,\"revenue\":12}");
      assertThat(run.counters.in.get()).isEqualTo(8);
      assertThat(run.counters.aggregated.get()).isEqualTo(7);
      assertThat(run.counters.late.get()).isEqualTo(1);
    }
  }

  /**
   * EMIT CHANGES with sessions: each row upserts its session's result; when a row joins two sessions,
   * the later session's key gets a tombstone and the merged session is written under the earlier start.
   */
  @Test
  void sessionEmitChangesWritesATombstoneForASessionMergedAway() throws Exception {
    String sql = "SELECT window_start, window_end, COUNT(*) AS n FROM TABLE(SESSION(TABLE orders, DESCRIPTOR(placed_at),"
        + " INTERVAL '10' SECOND)) GROUP BY window_start, window_end EMIT CHANGES";
    try (Run run = new Run(sql, 60_000, 0, Map.of(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 0L))) {
      run.send(order("a", 1, 1_000, "paid"));
      run.send(order("a", 1, 19_000, "paid"));
      run.send(order("a", 1, 10_000, "paid")); // within 10 s of both: one session [1 s, 19 s]
      assertThat(run.results()).containsExactly(
          "{\"window_start\":1000} -> {\"window_start\":1000,\"window_end\":11000,\"n\":1}",
          "{\"window_start\":19000} -> {\"window_start\":19000,\"window_end\":29000,\"n\":1}",
          "{\"window_start\":1000} -> null",
          "{\"window_start\":19000} -> null",
          "{\"window_start\":1000} -> {\"window_start\":1000,\"window_end\":29000,\"n\":3}");
    }
  }

  /** Sessions still open when stream time jumps far ahead are all emitted, with the record cache on and off. */
  @ParameterizedTest
  @ValueSource(longs = {10_485_760L, 0L})
  void sessionsOpenBeforeAStreamTimeJumpAreAllEmitted(long cacheBytes) throws Exception {
    String sql = "SELECT window_start, customer_id, COUNT(*) AS n FROM TABLE(SESSION(TABLE orders PARTITION BY"
        + " customer_id, DESCRIPTOR(placed_at), INTERVAL '1' MINUTE)) GROUP BY window_start, customer_id";
    try (Run run = new Run(sql, 0, 0, Map.of(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, cacheBytes))) {
      run.send(order("a", 1, 5_000, "paid"));
      run.send(order("b", 1, 50_000, "paid"));
      run.send(order("z", 1, 1_000 * MINUTE, "paid")); // ~16 hours later
      run.send(order("z", 1, 1_000 * MINUTE + 30_000, "paid")); // joins z's session, not the tick's
      assertThat(run.results()).containsExactlyInAnyOrder(
          "{\"customer_id\":\"a\",\"window_start\":5000} -> {\"window_start\":5000,\"customer_id\":\"a\","
              + "\"n\":1}",
          "{\"customer_id\":\"b\",\"window_start\":50000} -> {\"window_start\":50000,\"customer_id\":\"b\","
              + "\"n\":1}");
      run.send(order("y", 1, 1_010 * MINUTE, "paid"));
      assertThat(run.results()).containsExactly(
          "{\"customer_id\":\"z\",\"window_start\":60000000} -> {\"window_start\":60000000,"
              + "\"customer_id\":\"z\",\"n\":2}");
    }
  }

  /** CUMULATE: each prefix [start, start + k * step) is written once, when stream time passes its end + grace. */
  @Test
  void cumulateEmitsEachCumulativeWindowWhenItCloses() throws Exception {
    String sql = "SELECT window_start, window_end, COUNT(*) AS n, SUM(total) AS revenue FROM TABLE(CUMULATE(TABLE"
        + " orders, DESCRIPTOR(placed_at), INTERVAL '20' SECOND, INTERVAL '1' MINUTE)) GROUP BY window_start,"
        + " window_end EMIT FINAL";
    long p = 10 * MINUTE;
    try (Run run = new Run(sql, 1_000, 0)) {
      run.send(order("a", 1, p + 5_000, "paid"));
      run.send(order("a", 2, p + 25_000, "paid"));
      assertThat(run.results()).containsExactly("{\"window_start\":600000,\"window_end\":620000} ->"
          + " {\"window_start\":600000,\"window_end\":620000,\"n\":1,\"revenue\":1}");
      run.send(order("a", 4, p + 19_500, "paid")); // within grace of [p, p+20 s): in all three windows
      run.send(order("a", 8, p + 45_000, "paid"));
      assertThat(run.results()).containsExactly("{\"window_start\":600000,\"window_end\":640000} ->"
          + " {\"window_start\":600000,\"window_end\":640000,\"n\":3,\"revenue\":7}");
      run.send(order("a", 16, p + 10_000, "paid")); // [p, p+20 s) and [p, p+40 s) closed; [p, p+60 s) open
      run.send(order("a", 32, p + 61_000, "paid"));
      assertThat(run.results()).containsExactly("{\"window_start\":600000,\"window_end\":660000} ->"
          + " {\"window_start\":600000,\"window_end\":660000,\"n\":5,\"revenue\":31}");
      run.send(order("a", 64, p + 30_000, "paid")); // all its windows closed: late
      assertThat(run.late.readRecordsToList()).hasSize(1);
      assertThat(run.results()).isEmpty();
    }
  }

  /** Windows open before a stream-time jump longer than the retention are all emitted, with a grace too. */
  @ParameterizedTest
  @ValueSource(longs = {10_485_760L, 0L})
  void windowsOpenBeforeAJumpAreAllEmittedWithAGrace(long cacheBytes) throws Exception {
    String sql = "SELECT window_start, customer_id, COUNT(*) AS n FROM TABLE(TUMBLE(TABLE orders,"
        + " DESCRIPTOR(placed_at), INTERVAL '10' SECOND)) GROUP BY window_start, customer_id";
    long t0 = 1_796_601_600_000L;
    try (Run run = new Run(sql, 60_000, 0, Map.of(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, cacheBytes))) {
      for (int i = 0; i < 3; i++) {
        run.send(order("c" + i, 1, t0 + 1_000 + i, "paid"));
        run.send(order("c" + i, 1, t0 + 12_000 + i, "paid"));
      }
      run.send(order("c0", 1, t0 + 100_000, "paid"));
      assertThat(run.results()).hasSize(6);
    }
  }
}
