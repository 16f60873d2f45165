// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.quickstart;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import javax.management.MBeanServer;
import javax.management.ObjectName;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One look at the running pipeline: changes per second in PostgreSQL, rows per table in PostgreSQL and in each
 * sink, freshness from the lineage REST extension, windows the windowed SQL connector emitted. Rendered as one
 * status line.
 */
final class PipelineStatus {
  private static final String CONTRACT_DOMAIN = "io.streamfirst.connect.governance";
  /** What one look saw. {@code rows}: per table, PostgreSQL first, then each sink (-1: table not created yet). */
  record Sample(long elapsedSeconds, double changesPerSecond, Map<String, List<Long>> rows, long p50Ms, long p99Ms,
      long windows, long quarantined, boolean generatorRunning) {

    /** Every sink table holds as many rows as its PostgreSQL table. */
    boolean countsEqual() {
      return rows.values().stream().allMatch(counts -> counts.stream().distinct().count() == 1);
    }

    /** Counts equal once the generator has stopped: nothing is in flight any more. */
    boolean inSync() {
      return !generatorRunning && countsEqual();
    }
  }

  private final ShopDatabase database;
  private final LoadGenerator generator;
  private final IcebergTables iceberg;
  private final ClickHouseServer clickhouse;
  private final ConnectRest rest;
  private final long startedNanos = System.nanoTime();
  private long lastChanges;
  private long lastNanos = startedNanos;

  PipelineStatus(ShopDatabase database, LoadGenerator generator, IcebergTables iceberg, ClickHouseServer clickhouse,
      ConnectRest rest) {
    this.database = database;
    this.generator = generator;
    this.iceberg = iceberg;
    this.clickhouse = clickhouse;
    this.rest = rest;
  }

  /** The sinks the counts list after PostgreSQL, in order. */
  List<String> sinkNames() {
    List<String> names = new ArrayList<>();
    if (iceberg != null) {
      names.add("iceberg");
    }
    if (clickhouse != null) {
      names.add("clickhouse");
    }
    return names;
  }

  Sample sample() throws Exception {
    long now = System.nanoTime();
    long changes = generator == null ? 0 : generator.changes();
    double perSecond = (changes - lastChanges) / Math.max((now - lastNanos) / 1e9, 0.001);
    lastChanges = changes;
    lastNanos = now;
    Map<String, List<Long>> rows = new LinkedHashMap<>();
    Map<String, Long> postgres = database.counts();
    for (String table : ShopDatabase.TABLES) {
      List<Long> counts = new ArrayList<>();
      counts.add(postgres.get(table));
      if (iceberg != null) {
        counts.add(iceberg.count(table));
      }
      if (clickhouse != null) {
        counts.add(clickhouse.currentRowCount(table));
      }
      rows.put(table, counts);
    }
    long[] freshness = freshness();
    return new Sample((now - startedNanos) / 1_000_000_000L, perSecond, rows, freshness[0], freshness[1], windows(),
        quarantined(), generator != null && generator.running());
  }

  /** The largest p50 and p99 freshness over the sink tables, from {@code GET /streamfirst/lineage}; -1 unknown. */
  private long[] freshness() {
    long p50 = -1;
    long p99 = -1;
    try {
      JsonNode graph = rest.getJson("/streamfirst/lineage");
      if (graph != null) {
        for (JsonNode node : graph.path("nodes")) {
          JsonNode freshness = node.path("freshness");
          if ("table".equals(node.path("kind").asText()) && !freshness.isMissingNode()) {
            p50 = Math.max(p50, freshness.path("p50Ms").asLong(-1));
            p99 = Math.max(p99, freshness.path("p99Ms").asLong(-1));
          }
        }
      }
    } catch (Exception e) {
      // not answered this time; shown as unknown
    }
    return new long[]{p50, p99};
  }

  /** Results the windowed SQL connector's tasks wrote (their records-out-total metric, read over JMX). */
  private static long windows() {
    return jmxSum("kafka.connect:type=plugins,connector=" + PipelineConnectors.WINDOW + ",task=*", "records-out-total",
        name -> true);
  }

  /**
   * Records the data contract quarantined: the {@code violated} count of EnforceContract's record counter (rule
   * {@code *}) over every subject, read over JMX. Every rule of the quickstart's contract is onFailure DLQ, which on
   * the source connector re-routes the record to the quarantine topic, so violated = quarantined.
   */
  static long quarantined() {
    return jmxSum(CONTRACT_DOMAIN + ":type=contract-rule,*", "Violated",
        name -> "*".equals(ObjectName.unquote(name.getKeyProperty("rule"))));
  }

  /** The sum of a numeric attribute over the beans of {@code pattern} that {@code which} accepts; 0 when none. */
  private static long jmxSum(String pattern, String attribute, java.util.function.Predicate<ObjectName> which) {
    MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    long total = 0;
    try {
      for (ObjectName name : server.queryNames(new ObjectName(pattern), null)) {
        if (which.test(name) && server.getAttribute(name, attribute) instanceof Number number) {
          total += number.longValue();
        }
      }
    } catch (Exception e) {
      return total; // a bean gone between the query and the read: counted at the next status line
    }
    return total;
  }

  /** One status line. */
  String render(Sample sample) {
    String rows = sample.rows().entrySet().stream()
        .map(entry -> entry.getKey() + " " + entry.getValue().stream().map(n -> n < 0 ? "-" : String.valueOf(n))
            .collect(Collectors.joining("/")))
        .collect(Collectors.joining("  "));
    List<String> systems = new ArrayList<>(List.of("postgres"));
    systems.addAll(sinkNames());
    StringBuilder line = new StringBuilder(String.format("[%4d s] %5.1f changes/s | rows %s: %s | "
        + "freshness p50 %s p99 %s | windows %d | quarantined %d", sample.elapsedSeconds(),
        sample.changesPerSecond(), String.join("/", systems), rows, seconds(sample.p50Ms()),
        seconds(sample.p99Ms()), sample.windows(), sample.quarantined()));
    if (!sample.generatorRunning()) {
      line.append(sample.inSync() ? " | generator stopped, in sync" : " | generator stopped, catching up");
    }
    return line.toString();
  }

  private static String seconds(long millis) {
    return millis < 0 ? "-" : String.format("%.1f s", millis / 1000.0);
  }
}
