// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.benchmarks.window;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.connect.util.clusters.EmbeddedKafkaCluster;

/** One run of one contender of {@link WindowEnginesBenchmark}: its process, its clock, its checks. */
final class WindowRun {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final byte[] FLUSH = WindowEvents.FLUSH_PREFIX.getBytes(StandardCharsets.UTF_8);
  private static final List<String> FLINK_JVM_OPTIONS = List.of("--add-opens=java.base/java.lang=ALL-UNNAMED",
      "--add-opens=java.base/java.net=ALL-UNNAMED", "--add-opens=java.base/java.io=ALL-UNNAMED",
      "--add-opens=java.base/java.nio=ALL-UNNAMED", "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
      "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED", "--add-opens=java.base/java.text=ALL-UNNAMED",
      "--add-opens=java.base/java.time=ALL-UNNAMED", "--add-opens=java.base/java.util=ALL-UNNAMED",
      "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
      "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
      "--add-opens=java.base/java.util.concurrent.locks=ALL-UNNAMED",
      "--add-exports=java.base/sun.net.util=ALL-UNNAMED", "--add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED");

  /** What one run measured. */
  record Result(String contender, int round, double seconds, double secondsAfterStart, long records, long windows,
      long cpuMs, long heapHeldBytes, long rssPeakKib, long stateEntries, double stateEntryBytes) {

    double recordsPerSecond() {
      return records / seconds;
    }

    /** Records per second of CPU time of the contender's process (all its threads): what load does not change. */
    double recordsPerCpuSecond() {
      return records / (cpuMs / 1e3);
    }

    String line() {
      return String.format(Locale.ROOT, "%-12s round %d: %,9.0f records/s (%.1f s from process start, %.1f s from"
          + " engine start), %,9.0f records/CPU-s (%.1f CPU-s), %,d results checked, heap held %,d MiB, peak RSS"
          + " %,d MiB, %s", contender, round, recordsPerSecond(), seconds, secondsAfterStart, recordsPerCpuSecond(),
          cpuMs / 1e3, windows, heapHeldBytes >> 20, rssPeakKib >> 10,
          stateEntries == 0
              ? "window state not in a changelog (heap)"
              : String.format(Locale.ROOT, "window state %.1f bytes per (key, window) entry over %,d entries",
                  stateEntryBytes, stateEntries));
    }

    static String summary(List<Result> results) {
      return summary(results, "records/s", Result::recordsPerSecond)
          + summary(results, "records/CPU-s", Result::recordsPerCpuSecond);
    }

    private static String summary(List<Result> results, String unit, ToDoubleFunction<Result> rate) {
      StringBuilder out = new StringBuilder(String.format(Locale.ROOT, "%-12s  %22s  %s%n", "contender",
          "median " + unit, "runs"));
      Map<String, Double> medians = new HashMap<>();
      for (String contender : results.stream().map(Result::contender).distinct().toList()) {
        double[] rates = results.stream().filter(r -> r.contender().equals(contender)).mapToDouble(rate).sorted()
            .toArray();
        double median = rates.length % 2 == 1
            ? rates[rates.length / 2]
            : (rates[rates.length / 2 - 1] + rates[rates.length / 2]) / 2;
        medians.put(contender, median);
        out.append(String.format(Locale.ROOT, "%-12s  %,22.0f  %s%n", contender, median,
            results.stream().filter(r -> r.contender().equals(contender))
                .map(r -> String.format(Locale.ROOT, "%,.0f", rate.applyAsDouble(r)))
                .collect(Collectors.joining(", "))));
      }
      Double connector = medians.get("connector");
      for (String other : List.of("handwritten", "flink")) {
        if (connector != null && medians.containsKey(other)) {
          out.append(String.format(Locale.ROOT, "connector / %s = %.2fx (medians of %s)%n", other,
              connector / medians.get(other), unit));
        }
      }
      return out.append('\n').toString();
    }
  }

  private final EmbeddedKafkaCluster kafka;
  private final String contender;
  private final int round;
  private final WindowEvents input;
  private final Path work;
  private final String output;
  private final Map<String, String> reported = new ConcurrentHashMap<>();

  WindowRun(EmbeddedKafkaCluster kafka, String contender, int round, WindowEvents input, Path work) {
    this.kafka = kafka;
    this.contender = contender;
    this.round = round;
    this.input = input;
    this.work = work;
    this.output = "results-" + contender + "-" + round;
  }

  Result execute() throws Exception {
    kafka.createTopic(output, WindowEnginesBenchmark.PARTITIONS);
    kafka.createTopic(output + ".late", 1);
    String applicationId = "bench-" + contender + "-" + round;
    Path stateDir = work.resolve(applicationId);
    Path log = work.getParent().resolve("window-bench-" + applicationId + ".log");
    long start = System.nanoTime();
    Process process = launch(applicationId, stateDir, log);
    long lastOut;
    long lastOutWall;
    try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
      List<TopicPartition> partitions = partitions(output);
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      long seen = 0;
      boolean gcSent = false;
      long deadline = start + WindowEnginesBenchmark.timeout().toNanos();
      while (seen < input.expectedWindows) {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(50))) {
          if (record.value() != null && indexOf(record.value(), FLUSH) < 0) {
            seen++;
          }
        }
        if (!gcSent && seen >= input.expectedWindows / 2) {
          command(process, "gc");
          gcSent = true;
        }
        if (System.nanoTime() > deadline || (!process.isAlive() && process.exitValue() != 0)) {
          String why = process.isAlive() ? "the timeout" : "exiting";
          process.destroyForcibly();
          System.out.print(missing());
          throw new IllegalStateException(contender + " round " + round + " wrote " + seen + " of "
              + input.expectedWindows + " results before " + why + "; see " + log);
        }
      }
      lastOut = System.nanoTime();
      lastOutWall = System.currentTimeMillis();
    }
    if (!contender.equals("flink")) {
      command(process, "stop");
    }
    process.waitFor();
    awaitReported("rss-peak-kib", log);
    Checked checked = check();
    long[] state = contender.equals("flink") ? new long[]{0, 0} : windowState(applicationId);
    WindowEnginesBenchmark.deleteTree(stateDir);
    long engineStarted = Long.parseLong(reported.getOrDefault("started", "0"));
    return new Result(contender, round, (lastOut - start) / 1e9, (lastOutWall - engineStarted) / 1e3,
        input.count, checked.windows, Long.parseLong(reported.getOrDefault("cpu-ms", "-1")),
        Long.parseLong(reported.getOrDefault("heap-held-bytes", "-1")),
        Long.parseLong(reported.get("rss-peak-kib")), state[0], state[0] == 0 ? 0 : (double) state[1] / state[0]);
  }

  private Process launch(String applicationId, Path stateDir, Path log) throws IOException {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xms1g", "-Xmx1g"));
    if (contender.equals("flink")) {
      command.addAll(FLINK_JVM_OPTIONS);
      command.addAll(List.of("-cp", flinkClasspath(), "io.streamfirst.connect.benchmarks.flink.FlinkWindowQuery",
          kafka.bootstrapServers(), WindowEnginesBenchmark.INPUT, output, Long.toString(WindowEvents.GRACE_MS), "2"));
    } else {
      command.addAll(List.of("-cp", System.getProperty("java.class.path"), WindowStreamsEngine.class.getName(),
          contender, kafka.bootstrapServers(), WindowEnginesBenchmark.INPUT, output, applicationId,
          stateDir.toString()));
    }
    Process process = new ProcessBuilder(command).redirectError(log.toFile()).start();
    Thread reader = new Thread(() -> {
      try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(),
          StandardCharsets.UTF_8))) {
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
          String[] words = line.split(" ", 2);
          if (words.length == 2) {
            reported.put(words[0], words[1].trim());
          }
        }
      } catch (IOException e) {
        // the process ended
      }
    }, contender + "-output");
    reader.setDaemon(true);
    reader.start();
    return process;
  }

  private static String flinkClasspath() throws IOException {
    String configured = System.getProperty("flink.classpath");
    if (configured != null) {
      return configured;
    }
    Path module = Path.of("it", "benchmarks-flink", "target");
    if (!Files.exists(module)) {
      module = Path.of("..", "benchmarks-flink", "target");
    }
    return module.resolve("classes") + java.io.File.pathSeparator
        + Files.readString(module.resolve("classpath.txt")).trim();
  }

  private static void command(Process process, String command) throws IOException {
    OutputStream in = process.getOutputStream();
    in.write((command + "\n").getBytes(StandardCharsets.UTF_8));
    in.flush();
  }

  private void awaitReported(String key, Path log) throws InterruptedException {
    for (int i = 0; i < 100 && !reported.containsKey(key); i++) {
      Thread.sleep(50);
    }
    if (!reported.containsKey(key)) {
      throw new IllegalStateException(contender + " round " + round + " reported no " + key + "; see " + log);
    }
  }

  private record Checked(long windows) {
  }

  /** Reads the run's results again: one per (customer, window), orders and revenue adding up to the input's. */
  private Checked check() throws IOException {
    Set<String> windows = new HashSet<>();
    long orders = 0;
    long revenue = 0;
    long results = 0;
    try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
      List<TopicPartition> partitions = partitions(output);
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
          JsonNode value = JSON.readTree(record.value());
          String customer = value.get("customer_id").asText();
          if (customer.startsWith(WindowEvents.FLUSH_PREFIX)) {
            continue;
          }
          results++;
          windows.add(customer + "@" + value.get("window_start").asText());
          orders += value.get("orders").asLong();
          revenue += value.get("revenue").asLong();
        }
      }
    }
    if (results != input.expectedWindows || windows.size() != input.expectedWindows || orders != input.count
        || revenue != input.expectedRevenue) {
      System.out.print(missing());
      throw new IllegalStateException(String.format(Locale.ROOT, "%s round %d wrote wrong results: %d results of"
          + " %d distinct windows (expected %d), %d orders (expected %d), revenue %d (expected %d)", contender, round,
          results, windows.size(), input.expectedWindows, orders, input.count, revenue, input.expectedRevenue));
    }
    return new Checked(results);
  }

  /**
   * What a run that stopped short lacks: the expected (customer, window) results missing from the output
   * (read_committed), by window start and by the repartition partition of the customer's group key (the task that
   * aggregates it), and the records of the late-data topic.
   */
  String missing() throws IOException {
    Set<String> present = new HashSet<>();
    readAll(output, record -> {
      JsonNode value = JSON.readTree(record.value());
      present.add(value.get("customer_id").asText() + "@" + value.get("window_start").asText());
    });
    long[] late = new long[1];
    Map<String, Long> lateReasons = new java.util.TreeMap<>();
    readAll(output + ".late", record -> {
      late[0]++;
      org.apache.kafka.common.header.Header violation = record.headers().lastHeader("sf.violation");
      String reason = violation == null
          ? "(no sf.violation header)"
          : new String(violation.value(),
              StandardCharsets.UTF_8).replaceAll("[0-9]{4}-[0-9-]+T[0-9:.]+Z", "<t>").replaceAll("[0-9]+ ms", "<n> ms")
              .replaceAll("offset [0-9]+", "offset <n>");
      lateReasons.merge(reason, 1L, Long::sum);
    });
    Map<String, long[]> byWindow = new java.util.TreeMap<>();
    BitSet expected = input.expected;
    for (int bit = expected.nextSetBit(0); bit >= 0; bit = expected.nextSetBit(bit + 1)) {
      int customer = bit % input.customers;
      String start = java.time.Instant.ofEpochMilli(input.windowStartOf(bit)).toString();
      String name = WindowEvents.customer(customer);
      int partition = repartitionPartition(name);
      long[] counts = byWindow.computeIfAbsent(start, k -> new long[2 * WindowEnginesBenchmark.INPUT_PARTITIONS]);
      counts[partition * 2]++;
      // window_start as the output writes it: epoch milliseconds or ISO text
      if (!present.contains(name + "@" + start) && !present.contains(name + "@" + input.windowStartOf(bit))) {
        counts[partition * 2 + 1]++;
      }
    }
    StringBuilder out = new StringBuilder(String.format(Locale.ROOT, "%s round %d: %,d results present;"
        + " missing by window start (expected/missing per repartition partition):%n", contender, round,
        present.size()));
    byWindow.forEach((start, c) -> {
      out.append("  ").append(start);
      for (int p = 0; p < c.length / 2; p++) {
        out.append(String.format(Locale.ROOT, "  p%d %,d/%,d", p, c[2 * p], c[2 * p + 1]));
      }
      out.append('\n');
    });
    out.append(String.format(Locale.ROOT, "late-data topic: %,d records%n", late[0]));
    lateReasons.forEach((reason, n) -> out.append(String.format(Locale.ROOT, "  %,d x %s%n", n, reason)));
    return out.toString();
  }

  /** The partition of the repartition topic (as many partitions as the input topic) {@code customer} goes to. */
  static int repartitionPartition(String customer) {
    return org.apache.kafka.common.utils.Utils.toPositive(org.apache.kafka.common.utils.Utils.murmur2(
        groupKey(customer))) % WindowEnginesBenchmark.INPUT_PARTITIONS;
  }

  /** The connector's group key of a text {@code customer_id} (its type tag, not NULL, length, UTF-8 bytes). */
  static byte[] groupKey(String customer) {
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    try (java.io.DataOutputStream out = new java.io.DataOutputStream(bytes)) {
      byte[] text = customer.getBytes(StandardCharsets.UTF_8);
      out.writeByte(8); // the connector's tag of a text value
      out.writeBoolean(true);
      out.writeInt(text.length);
      out.write(text);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  private interface RecordReader {
    void read(ConsumerRecord<byte[], byte[]> record) throws IOException;
  }

  private void readAll(String topic, RecordReader reader) throws IOException {
    try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
      List<TopicPartition> partitions = partitions(topic);
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
          if (record.value() != null) {
            reader.read(record);
          }
        }
      }
    }
  }

  /**
   * The window store's entries as its changelog holds them (the bytes of each entry's latest key and value, which
   * is what the store keeps per (key, window)): {entries, total bytes} over the first 500,000 changelog records.
   */
  private long[] windowState(String applicationId) throws Exception {
    String changelog;
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
      changelog = admin.listTopics().names().get().stream()
          .filter(t -> t.startsWith(applicationId + "-") && t.endsWith("windows-changelog")).findFirst()
          .orElseThrow(() -> new IllegalStateException("no window-store changelog of " + applicationId));
    }
    Map<Bytes, Integer> entries = new HashMap<>();
    try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
      List<TopicPartition> partitions = partitions(changelog);
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      long read = 0;
      while (read < 500_000 && partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
          read++;
          if (record.value() != null) {
            entries.put(Bytes.wrap(record.key()), record.key().length + record.value().length);
          }
        }
      }
    }
    return new long[]{entries.size(), entries.values().stream().mapToLong(Integer::longValue).sum()};
  }

  private List<TopicPartition> partitions(String topic) {
    try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
      return consumer.partitionsFor(topic).stream().map(p -> new TopicPartition(topic, p.partition()))
          .sorted((a, b) -> Integer.compare(a.partition(), b.partition())).toList();
    }
  }

  private KafkaConsumer<byte[], byte[]> consumer() {
    return new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed", ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
        ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000), new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }

  static int indexOf(byte[] data, byte[] part) {
    outer : for (int i = 0; i + part.length <= data.length; i++) {
      for (int j = 0; j < part.length; j++) {
        if (data[i + j] != part[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

}
