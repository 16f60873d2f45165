// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.it.cdc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamfirst.connect.it.harness.ConnectCluster;
import io.streamfirst.connect.it.harness.UniqueNames;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.ToDoubleFunction;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.awaitility.Awaitility;

/**
 * A CDC benchmark runner for any database: a Streamfirst CDC source against the plain Debezium
 * connector it wraps, in one cluster, against one database, alternating which runs first. Each run
 * measures a snapshot of {@code bench.rows} rows, a catch-up of {@code bench.updates} updates committed
 * while the connector was stopped, and the commit-to-Kafka latency of {@code bench.live} single-row
 * transactions committed while it runs. Besides wall-clock throughput it reports the CPU time and the
 * bytes allocated per record by the threads working for each connector, which are steadier than
 * throughput on a shared machine. Not a test: {@link PostgresCdcBenchmark} and
 * {@link MySqlCdcBenchmark} are run by hand (see the modules' READMEs).
 *
 * <p>{@code -Dbench.headers=false} runs the Streamfirst connector without lineage headers;
 * {@code -Dbench.debezium.contextHeaders=false} runs Debezium without its {@code __debezium.context.*}
 * headers, as the Streamfirst connector runs by default. {@code -Dbench.heap=true} also samples the heap
 * held while each snapshot runs (full collections at a quarter, half and three quarters of it).
 */
final class CdcBenchmark {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** What the benchmark needs of one database and its two contenders. */
  interface Database {

    /** Plain Debezium's connector class. */
    String debeziumClass();

    /** The Streamfirst connector class. */
    String streamfirstClass();

    /** Creates {@code table (id, v, pad)} with {@code rows} rows. */
    void createAndSeed(String table, int rows) throws Exception;

    /** The config of {@code contender} named {@code connector} capturing {@code table}, with the same work for both. */
    Map<String, String> config(String table, String connector, String contender);

    String topic(String connector, String table);

    /** Waits until the stopped connector has let go of its server-side resources. */
    void awaitReleased(String connector) throws Exception;

    /** Commits {@code sql} (its own transaction per statement). */
    void execute(String... sql) throws Exception;

    /** The live update of row {@code id}. */
    String liveUpdate(String table, int id);

    /** Commit time in epoch ms of a change event as the topic carries it. */
    long commitTimeMs(JsonNode value);

    /** Removes the connector, its table and what it left in the database. */
    void cleanUp(ConnectCluster cluster, String connector, String table) throws Exception;
  }

  /** What one run measured. */
  record Result(String contender, int round, double snapshotPerSecond, double streamPerSecond,
      long latencyP50Ms, long latencyP99Ms, double snapshotCpuNsPerRecord, double catchUpCpuNsPerRecord,
      double snapshotBytesPerRecord, double catchUpBytesPerRecord, double snapshotRetainedHeapMb) {
  }

  private CdcBenchmark() {}

  /** Runs every round against {@code database} and prints the results as a Markdown table. */
  static void runAll(ConnectCluster cluster, Database database, String table) throws Exception {
    int rows = Integer.getInteger("bench.rows", 200_000);
    int updates = Integer.getInteger("bench.updates", 50_000);
    int rounds = Integer.getInteger("bench.rounds", 2);
    List<Result> results = new ArrayList<>();
    for (int round = 1; round <= rounds; round++) {
      // Alternate the order so neither contender always runs on a warmer JVM.
      List<String> order = round % 2 == 1
          ? List.of(database.debeziumClass(), database.streamfirstClass())
          : List.of(database.streamfirstClass(), database.debeziumClass());
      for (String contender : order) {
        results.add(run(cluster, database, contender, round, rows, updates, table + "_" + round));
        System.out.println(results.get(results.size() - 1));
      }
    }
    System.out.printf("%nrows=%d updates=%d%n", rows, updates);
    System.out.println("| contender | round | snapshot rows/s | catch-up changes/s | live latency p50 ms"
        + " | live latency p99 ms | CPU µs/record snapshot · catch-up | bytes allocated/record snapshot · catch-up"
        + " | heap held in snapshot MB |");
    System.out.println("|---|---|---|---|---|---|---|---|---|");
    for (Result r : results) {
      System.out.printf("| %s | %d | %.0f | %.0f | %d | %d | %.1f · %.1f | %.0f · %.0f | %.1f |%n", r.contender(),
          r.round(), r.snapshotPerSecond(), r.streamPerSecond(), r.latencyP50Ms(), r.latencyP99Ms(),
          r.snapshotCpuNsPerRecord() / 1000, r.catchUpCpuNsPerRecord() / 1000, r.snapshotBytesPerRecord(),
          r.catchUpBytesPerRecord(), r.snapshotRetainedHeapMb());
    }
    String ours = name(database.streamfirstClass());
    String theirs = name(database.debeziumClass());
    System.out.printf("throughput ratio Streamfirst/Debezium: snapshot %.3f, catch-up %.3f%n",
        ratio(results, ours, theirs, Result::snapshotPerSecond), ratio(results, ours, theirs, Result::streamPerSecond));
    System.out.printf("CPU time ratio Debezium/Streamfirst (>1: Streamfirst uses less): snapshot %.3f, catch-up %.3f%n",
        1 / ratio(results, ours, theirs, Result::snapshotCpuNsPerRecord),
        1 / ratio(results, ours, theirs, Result::catchUpCpuNsPerRecord));
    System.out.printf("allocation ratio Streamfirst/Debezium: snapshot %.3f, catch-up %.3f%n",
        ratio(results, ours, theirs, Result::snapshotBytesPerRecord),
        ratio(results, ours, theirs, Result::catchUpBytesPerRecord));
    System.out.printf("heap held during the snapshot Streamfirst/Debezium: %.3f%n",
        ratio(results, ours, theirs, Result::snapshotRetainedHeapMb));
  }

  /** Live heap bytes after a full collection (-Dbench.heap=true only: the pauses slow both contenders). */
  private static long heapAfterGc() {
    System.gc();
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  private static Result run(ConnectCluster cluster, Database database, String contender, int round, int rows,
      int updates, String tablePrefix) throws Exception {
    boolean debezium = contender.equals(database.debeziumClass());
    String table = CdcSource.tableName(tablePrefix);
    String connector = UniqueNames.of(debezium ? "dbz" : "sf");
    String topic = database.topic(connector, table);
    database.createAndSeed(table, rows);
    Map<String, String> config = database.config(table, connector, contender);
    if (debezium) {
      config.put("extended.headers.enabled", System.getProperty("bench.debezium.contextHeaders", "true"));
    } else {
      config.put("streamfirst.lineage.headers.enabled", System.getProperty("bench.headers", "true"));
    }

    boolean sampleHeap = Boolean.getBoolean("bench.heap");
    long heapBefore = sampleHeap ? heapAfterGc() : 0;
    long start = System.nanoTime();
    ThreadUsage snapshotStart = ThreadUsage.now();
    cluster.deploy(connector, config);
    double retainedMb = Double.NaN;
    if (sampleHeap) {
      // Heap held during the snapshot: live heap after a full GC at a quarter, half and three quarters of
      // it, minus the live heap before the connector started.
      long retained = 0;
      for (int quarter = 1; quarter <= 3; quarter++) {
        awaitEndOffset(cluster, topic, (long) rows * quarter / 4);
        retained += heapAfterGc() - heapBefore;
      }
      retainedMb = retained / 3.0 / (1 << 20);
    }
    awaitEndOffset(cluster, topic, rows);
    double snapshotSeconds = (System.nanoTime() - start) / 1e9;
    long[] snapshotUse = snapshotStart.since(connector);

    // Catch-up: the updates are committed while the connector is stopped, then it reads them at full speed.
    cluster.embedded().stopConnector(connector);
    database.awaitReleased(connector);
    int batch = 1000;
    for (int from = 1; from <= updates; from += batch) {
      int to = Math.min(updates, from + batch - 1);
      database.execute("UPDATE " + table + " SET v = v + 1 WHERE id BETWEEN " + from + " AND " + to);
    }
    long streamStart = System.nanoTime();
    ThreadUsage catchUpStart = ThreadUsage.now();
    cluster.resume(connector);
    awaitEndOffset(cluster, topic, rows + updates);
    double streamSeconds = (System.nanoTime() - streamStart) / 1e9;
    long[] catchUpUse = catchUpStart.since(connector);

    // Live: single-row transactions while the connector runs; latency = Kafka append time - commit time.
    int live = Integer.getInteger("bench.live", 2000);
    for (int id = 1; id <= live; id++) {
      database.execute(database.liveUpdate(table, id));
    }
    awaitEndOffset(cluster, topic, rows + updates + live);
    List<Long> latencies = streamedLatencies(cluster, database, topic, rows + updates);
    database.cleanUp(cluster, connector, table);
    cluster.deleteTopic(topic);
    return new Result(name(contender), round, rows / snapshotSeconds, updates / streamSeconds,
        percentile(latencies, 50), percentile(latencies, 99), snapshotUse[0] / (double) rows,
        catchUpUse[0] / (double) updates, snapshotUse[1] / (double) rows, catchUpUse[1] / (double) updates,
        retainedMb);
  }

  private static String name(String connectorClass) {
    return connectorClass.substring(connectorClass.lastIndexOf('.') + 1);
  }

  /**
   * CPU time and bytes allocated by every live thread at one moment, by thread id, to measure what the
   * threads working for one connector used since then: its task thread, the connector's own threads
   * (named after its topic prefix, which is the connector name here) and its producer's network thread.
   * Connect runs tasks on pooled threads that it renames, so each thread's earlier use is subtracted by id.
   */
  private record ThreadUsage(Map<Long, long[]> byThread) {

    static ThreadUsage now() {
      com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
      Map<Long, long[]> usage = new HashMap<>();
      for (Thread thread : Thread.getAllStackTraces().keySet()) {
        usage.put(thread.getId(), new long[]{Math.max(0, threads.getThreadCpuTime(thread.getId())),
            Math.max(0, threads.getThreadAllocatedBytes(thread.getId()))});
      }
      return new ThreadUsage(usage);
    }

    /** {CPU nanoseconds, bytes allocated} since this moment by the threads named after {@code connector}. */
    long[] since(String connector) {
      ThreadUsage later = now();
      long[] total = new long[2];
      for (Thread thread : Thread.getAllStackTraces().keySet()) {
        long[] after = later.byThread.get(thread.getId());
        if (thread.getName().contains(connector) && after != null) {
          long[] before = byThread.getOrDefault(thread.getId(), new long[2]);
          total[0] += after[0] - before[0];
          total[1] += after[1] - before[1];
        }
      }
      return total;
    }
  }

  private static void awaitEndOffset(ConnectCluster cluster, String topic, long expected) {
    Awaitility.await(topic + " to reach " + expected + " records").atMost(Duration.ofMinutes(10))
        .pollInterval(Duration.ofMillis(100)).until(() -> endOffset(cluster, topic) >= expected);
  }

  private static long endOffset(ConnectCluster cluster, String topic) throws Exception {
    if (!cluster.admin().listTopics().names().get().contains(topic)) {
      return 0;
    }
    TopicPartition partition = new TopicPartition(topic, 0);
    return cluster.admin().listOffsets(Map.of(partition, OffsetSpec.latest())).partitionResult(partition).get()
        .offset();
  }

  /** Kafka append time minus commit time of every streamed change (the records after the snapshot). */
  private static List<Long> streamedLatencies(ConnectCluster cluster, Database database, String topic, int skip)
      throws Exception {
    Properties props = new Properties();
    props.put("bootstrap.servers", cluster.bootstrapServers());
    props.put("key.deserializer", ByteArrayDeserializer.class.getName());
    props.put("value.deserializer", ByteArrayDeserializer.class.getName());
    props.put("max.poll.records", "5000");
    List<Long> latencies = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
      TopicPartition partition = new TopicPartition(topic, 0);
      consumer.assign(List.of(partition));
      consumer.seek(partition, skip);
      long end = endOffset(cluster, topic);
      while (consumer.position(partition) < end) {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofSeconds(1))) {
          if (record.value() != null) {
            latencies.add(record.timestamp() - database.commitTimeMs(JSON.readTree(record.value())));
          }
        }
      }
    }
    return latencies;
  }

  private static long percentile(List<Long> values, int p) {
    List<Long> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    return sorted.isEmpty()
        ? -1
        : sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
  }

  /** Streamfirst's mean over Debezium's, leaving out round 1 (a cold JVM) when there are more rounds. */
  private static double ratio(List<Result> results, String ours, String theirs, ToDoubleFunction<Result> figure) {
    return mean(results, ours, figure) / mean(results, theirs, figure);
  }

  private static double mean(List<Result> results, String contender, ToDoubleFunction<Result> figure) {
    boolean skipCold = results.stream().anyMatch(r -> r.round() > 1);
    return results.stream().filter(r -> r.contender().equals(contender) && !(skipCold && r.round() == 1))
        .mapToDouble(figure).average().orElse(Double.NaN);
  }
}
