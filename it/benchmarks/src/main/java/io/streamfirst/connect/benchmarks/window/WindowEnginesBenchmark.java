// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.benchmarks.window;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.connect.util.clusters.EmbeddedKafkaCluster;

/**
 * The windowed-aggregation benchmark: one pre-produced topic of small JSON orders ({@link WindowEvents}) on
 * Kafka's embedded broker, and the same tumbling {@code COUNT(*)}/{@code SUM(total)} per customer and minute,
 * with a 5 s grace and one final result per window, computed by each contender from the start of the topic
 * until its last window is out:
 *
 * <ul>
 * <li>{@code connector}: SqlWindowConnector's task ({@link WindowStreamsEngine}), exactly_once_v2;
 * <li>{@code handwritten}: {@link HandWrittenWindowApp}, Kafka Streams written by hand, exactly_once_v2;
 * <li>{@code flink}: Flink SQL on a MiniCluster, parallelism 2 (it/benchmarks-flink).
 * </ul>
 *
 * Each contender runs in a fresh JVM of its own ({@code -Xmx1g}), in rounds that alternate the contenders, and
 * writes to a topic of its own; the clock runs from the process's start to the moment the benchmark reads (with
 * read_committed) the last of the expected results, so records/s = orders / that time. Afterwards the run's
 * results are checked: as many (customer, window) results as the input has, the orders and revenue adding up to
 * the input's. See it/benchmarks/README.md.
 *
 * <p>Options (system properties): {@code events} (10,000,000), {@code customers} (10,000), {@code perWindow}
 * orders per minute of event time (120,000), {@code rounds} (3), {@code inputPartitions} (1, see {@link #INPUT_PARTITIONS}), {@code contenders} (connector,handwritten,flink),
 * {@code flink.classpath} (the Flink process's class path: it/benchmarks-flink's target/classes and the jars of
 * its target/classpath.txt).
 */
public final class WindowEnginesBenchmark {

  static final int PARTITIONS = 2;
  /**
   * Partitions of the input topic (option {@code inputPartitions}, default 1). With more than one, each input
   * partition is a Kafka Streams task of its own, and nothing keeps those tasks level in event time: reading a
   * backlog, one task can run minutes of event time ahead of the other, and after the repartition by customer the
   * aggregating task's stream time follows the faster one, so the slower partition's orders arrive behind stream
   * time minus the grace and are late (the connector writes them to its late-data topic, the hand-written
   * application drops them). With 2 input partitions the first attempt lost every order of partition 1 that way.
   */
  static final int INPUT_PARTITIONS = Integer.getInteger("inputPartitions", 1);
  static final String INPUT = "orders";

  private WindowEnginesBenchmark() {}

  public static void main(String[] args) throws Exception {
    long events = Long.getLong("events", 10_000_000);
    int customers = Integer.getInteger("customers", 10_000);
    int perWindow = Integer.getInteger("perWindow", 120_000);
    int rounds = Integer.getInteger("rounds", 3);
    List<String> contenders = List.of(System.getProperty("contenders", "connector,handwritten,flink").split(","));
    Path work = Files.createTempDirectory("window-bench");
    Properties brokerProps = new Properties();
    brokerProps.setProperty("transaction.state.log.replication.factor", "1");
    brokerProps.setProperty("transaction.state.log.min.isr", "1");
    brokerProps.setProperty("group.initial.rebalance.delay.ms", "0");
    brokerProps.setProperty("log.dirs", work.resolve("broker").toString());
    EmbeddedKafkaCluster kafka = new EmbeddedKafkaCluster(1, brokerProps);
    kafka.start();
    try {
      kafka.createTopic(INPUT, INPUT_PARTITIONS);
      WindowEvents input = new WindowEvents(events, customers, perWindow, 20261207L);
      long produceStart = System.nanoTime();
      produce(kafka.bootstrapServers(), input);
      System.out.printf(Locale.ROOT, "produced %,d orders (+%d flush orders) in %.1f s; %,d (customer, window)"
          + " results expected%n", events, input.flushCount(INPUT_PARTITIONS), (System.nanoTime() - produceStart) / 1e9,
          input.expectedWindows);
      List<WindowRun.Result> results = new ArrayList<>();
      for (int round = 1; round <= rounds; round++) {
        for (String contender : contenders) {
          WindowRun run = new WindowRun(kafka, contender, round, input, work);
          WindowRun.Result result = run.execute();
          System.out.println(result.line());
          results.add(result);
        }
      }
      System.out.println();
      System.out.println(WindowRun.Result.summary(results));
    } finally {
      kafka.stop();
      deleteTree(work);
    }
  }

  private static void produce(String bootstrap, WindowEvents input) {
    Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        ProducerConfig.LINGER_MS_CONFIG, 20, ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024,
        ProducerConfig.ACKS_CONFIG, "all");
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config, new ByteArraySerializer(),
        new ByteArraySerializer())) {
      input.generate(INPUT_PARTITIONS, (partition, value) -> producer.send(new ProducerRecord<>(INPUT, partition,
          null, null, value)));
      producer.flush();
    }
  }

  static void deleteTree(Path root) {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Duration timeout() {
    return Duration.ofMinutes(Long.getLong("timeoutMinutes", 15));
  }
}
