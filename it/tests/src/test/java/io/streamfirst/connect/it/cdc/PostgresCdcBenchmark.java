package io.streamfirst.connect.it.cdc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamfirst.connect.it.fixtures.PostgresFixture;
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
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.awaitility.Awaitility;

/**
 * Throughput and commit-to-Kafka latency of the Streamfirst PostgreSQL CDC source against plain
 * Debezium {@code PostgresConnector} (loaded from the same plugin directory) in the same cluster,
 * same database and same options. Not a test: run it by hand (see the module README), e.g.
 *
 * <pre>
 * mvn -B -o -q -pl it/tests test-compile exec:java -Dexec.classpathScope=test \
 *   -Dexec.mainClass=io.streamfirst.connect.it.cdc.PostgresCdcBenchmark \
 *   -Dstreamfirst.plugins.dir=$PWD/packaging/target/plugins -Dbench.rows=200000 -Dbench.updates=50000
 * </pre>
 */
public final class PostgresCdcBenchmark {

  private static final String DEBEZIUM = "io.debezium.connector.postgresql.PostgresConnector";
  private static final ObjectMapper JSON = new ObjectMapper();

  /** What one run measured. */
  record Result(String contender, int round, double snapshotPerSecond, double streamPerSecond,
      long latencyP50Ms, long latencyP99Ms, double snapshotCpuNsPerRecord, double catchUpCpuNsPerRecord,
      double snapshotBytesPerRecord, double catchUpBytesPerRecord) {}

  private PostgresCdcBenchmark() {}

  public static void main(String[] args) throws Exception {
    int rows = Integer.getInteger("bench.rows", 200_000);
    int updates = Integer.getInteger("bench.updates", 50_000);
    int rounds = Integer.getInteger("bench.rounds", 2);
    List<Result> results = new ArrayList<>();
    try (PostgresFixture postgres = new PostgresFixture();
        ConnectCluster cluster = startCluster(postgres)) {
      PostgresCdc cdc = new PostgresCdc(postgres);
      for (int round = 1; round <= rounds; round++) {
        // Alternate the order so neither contender always runs on a warmer JVM.
        List<String> order = round % 2 == 1 ? List.of(DEBEZIUM, PostgresCdc.CONNECTOR_CLASS)
            : List.of(PostgresCdc.CONNECTOR_CLASS, DEBEZIUM);
        for (String contender : order) {
          results.add(run(cluster, cdc, contender, round, rows, updates));
          System.out.println(results.get(results.size() - 1));
        }
      }
    }
    System.out.printf("%nrows=%d updates=%d%n", rows, updates);
    System.out.println("| contender | round | snapshot rows/s | catch-up changes/s | live latency p50 ms"
        + " | live latency p99 ms | CPU µs/record snapshot · catch-up | bytes allocated/record snapshot · catch-up |");
    System.out.println("|---|---|---|---|---|---|---|---|");
    for (Result r : results) {
      System.out.printf("| %s | %d | %.0f | %.0f | %d | %d | %.1f · %.1f | %.0f · %.0f |%n", r.contender(), r.round(),
          r.snapshotPerSecond(), r.streamPerSecond(), r.latencyP50Ms(), r.latencyP99Ms(),
          r.snapshotCpuNsPerRecord() / 1000, r.catchUpCpuNsPerRecord() / 1000, r.snapshotBytesPerRecord(),
          r.catchUpBytesPerRecord());
    }
    System.out.printf("throughput ratio Streamfirst/Debezium: snapshot %.3f, catch-up %.3f%n",
        ratio(results, Result::snapshotPerSecond), ratio(results, Result::streamPerSecond));
    System.out.printf("CPU time ratio Debezium/Streamfirst (>1: Streamfirst uses less): snapshot %.3f, catch-up %.3f%n",
        1 / ratio(results, Result::snapshotCpuNsPerRecord), 1 / ratio(results, Result::catchUpCpuNsPerRecord));
    System.out.printf("allocation ratio Streamfirst/Debezium: snapshot %.3f, catch-up %.3f%n",
        ratio(results, Result::snapshotBytesPerRecord), ratio(results, Result::catchUpBytesPerRecord));
  }

  private static ConnectCluster startCluster(PostgresFixture postgres) {
    postgres.start();
    return ConnectCluster.builder().workers(1).start();
  }

  private static Result run(ConnectCluster cluster, PostgresCdc cdc, String contender, int round, int rows,
      int updates) throws Exception {
    String table = PostgresCdc.tableName("bench");
    String connector = UniqueNames.of(contender.equals(DEBEZIUM) ? "dbz" : "sf");
    String topic = connector + ".public." + table;
    cdc.execute("CREATE TABLE " + table + " (id INT PRIMARY KEY, v INT NOT NULL, pad TEXT NOT NULL)",
        "INSERT INTO " + table + " SELECT g, 0, repeat('p', 100) FROM generate_series(1, " + rows + ") g",
        "VACUUM ANALYZE " + table);
    Map<String, String> config = new HashMap<>(cdc.config(table));
    config.put("connector.class", contender);
    // The Streamfirst defaults, given explicitly to plain Debezium so both do the same work.
    config.put("plugin.name", "pgoutput");
    config.put("publication.autocreate.mode", "filtered");
    config.put("topic.prefix", connector);
    config.put("slot.name", "sf_" + connector.replace('-', '_'));
    config.put("publication.name", "sf_" + connector.replace('-', '_'));
    config.put("heartbeat.interval.ms", "10000");
    if (contender.equals(DEBEZIUM)) {
      // -Dbench.debezium.contextHeaders=false: Debezium without its __debezium.context.* headers, as the
      // Streamfirst connector runs by default, to compare the same header load.
      config.put("extended.headers.enabled", System.getProperty("bench.debezium.contextHeaders", "true"));
    } else {
      // -Dbench.headers=false measures the wrapper without the lineage headers on the wire.
      config.put("streamfirst.lineage.headers.enabled", System.getProperty("bench.headers", "true"));
    }

    long start = System.nanoTime();
    ThreadUsage snapshotStart = ThreadUsage.now();
    cluster.deploy(connector, config);
    awaitEndOffset(cluster, topic, rows);
    double snapshotSeconds = (System.nanoTime() - start) / 1e9;
    // Snapshot only: the connector's threads end when it is stopped for the catch-up below.
    long[] snapshotUse = snapshotStart.since(connector);

    // Catch-up: the updates are committed while the connector is stopped, then it reads them at full speed.
    String slot = "sf_" + connector.replace('-', '_');
    cluster.embedded().stopConnector(connector);
    Awaitility.await("slot " + slot + " released").atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(100))
        .until(() -> !"t".equals(cdc.queryString("SELECT active FROM pg_replication_slots WHERE slot_name = '" + slot + "'")));
    int batch = 1000;
    for (int from = 1; from <= updates; from += batch) {
      int to = Math.min(updates, from + batch - 1);
      cdc.execute("UPDATE " + table + " SET v = v + 1 WHERE id BETWEEN " + from + " AND " + to);
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
      cdc.execute("UPDATE " + table + " SET v = v + 1 WHERE id = " + id);
    }
    awaitEndOffset(cluster, topic, rows + updates + live);
    List<Long> latencies = streamedLatencies(cluster, topic, rows + updates);
    cdc.deleteConnector(cluster, connector);
    cdc.execute("DROP TABLE " + table);
    cluster.deleteTopic(topic);
    return new Result(contender.equals(DEBEZIUM) ? "Debezium PostgresConnector" : "Streamfirst PostgresCdcSourceConnector",
        round, rows / snapshotSeconds, updates / streamSeconds, percentile(latencies, 50), percentile(latencies, 99),
        snapshotUse[0] / (double) rows, catchUpUse[0] / (double) updates, snapshotUse[1] / (double) rows,
        catchUpUse[1] / (double) updates);
  }

  /**
   * CPU time and bytes allocated by every live thread at one moment, by thread id, to measure what the
   * threads working for one connector used since then: its task thread, the connector's own threads
   * (named after its topic prefix, which is the connector name here) and its producer's network thread.
   * Connect runs tasks on pooled threads that it renames, so each thread's earlier use is subtracted by id.
   */
  record ThreadUsage(Map<Long, long[]> byThread) {

    static ThreadUsage now() {
      com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
      Map<Long, long[]> usage = new HashMap<>();
      for (Thread thread : Thread.getAllStackTraces().keySet()) {
        usage.put(thread.getId(), new long[] {Math.max(0, threads.getThreadCpuTime(thread.getId())),
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

  /** Kafka append time minus {@code source.ts_ms} of every streamed change (the records after the snapshot). */
  private static List<Long> streamedLatencies(ConnectCluster cluster, String topic, int skip) throws Exception {
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
          if (record.value() == null) {
            continue;
          }
          JsonNode source = JSON.readTree(record.value()).path("source");
          latencies.add(record.timestamp() - source.path("ts_ms").asLong());
        }
      }
    }
    return latencies;
  }

  private static long percentile(List<Long> values, int p) {
    List<Long> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    return sorted.isEmpty() ? -1 : sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
  }

  /** Streamfirst's mean over Debezium's, leaving out round 1 (a cold JVM) when there are more rounds. */
  private static double ratio(List<Result> results, java.util.function.ToDoubleFunction<Result> figure) {
    return mean(results, "Streamfirst", figure) / mean(results, "Debezium", figure);
  }

  private static double mean(List<Result> results, String contender,
      java.util.function.ToDoubleFunction<Result> figure) {
    boolean skipCold = results.stream().anyMatch(r -> r.round() > 1);
    return results.stream().filter(r -> r.contender().startsWith(contender) && !(skipCold && r.round() == 1))
        .mapToDouble(figure).average().orElse(Double.NaN);
  }
}
