// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.benchmarks.window;

import io.streamfirst.connect.sql.window.SqlWindowTask;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;

/**
 * One Kafka Streams contender of the windowed-aggregation benchmark, in a process of its own (started by
 * {@link WindowEnginesBenchmark}): {@code connector} starts {@link SqlWindowTask} with the connector's
 * configuration, exactly as a Connect worker starts it (the task builds its topology from the SQL and runs it
 * with the connector's Streams settings: exactly_once_v2, one stream thread); {@code handwritten} runs
 * {@link HandWrittenWindowApp} with exactly_once_v2 and otherwise Kafka Streams' defaults. Prints
 * {@code started}; on a line {@code gc} on its input (sent when half of the windows are out), collects garbage
 * and prints the heap it holds; on a line {@code stop}, prints the CPU time it used and its peak resident set and exits.
 *
 * <p>Arguments: contender, bootstrap servers, input topic, output topic, application id, state directory.
 */
public final class WindowStreamsEngine {

  static final String QUERY = "SELECT window_start, window_end, customer_id, COUNT(*) AS orders,"
      + " SUM(total) AS revenue FROM TABLE(TUMBLE(TABLE orders, DESCRIPTOR(placed_at), INTERVAL '1' MINUTE))"
      + " GROUP BY window_start, window_end, customer_id EMIT FINAL";

  private WindowStreamsEngine() {}

  public static void main(String[] args) throws Exception {
    String contender = args[0];
    String bootstrap = args[1];
    String input = args[2];
    String output = args[3];
    String applicationId = args[4];
    String stateDir = args[5];
    if (contender.equals("connector")) {
      SqlWindowTask task = new SqlWindowTask();
      task.start(connectorConfig(bootstrap, input, output, applicationId, stateDir));
    } else {
      Properties props = new Properties();
      props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
      props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
      props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
      props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir);
      new KafkaStreams(HandWrittenWindowApp.topology(input, output, WindowEvents.GRACE_MS), props).start();
    }
    System.out.println("started " + System.currentTimeMillis());
    System.out.flush();
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    for (String line = in.readLine(); line != null && !line.equals("stop"); line = in.readLine()) {
      if (line.equals("gc")) {
        System.out.println("heap-held-bytes " + heapAfterGc());
        System.out.flush();
      }
    }
    System.out.println("cpu-ms " + cpuMs());
    System.out.println("rss-peak-kib " + rssPeakKib());
    System.out.flush();
    // The output the benchmark measured is committed; what is left is of no interest, so no orderly close.
    Runtime.getRuntime().halt(0);
  }

  static Map<String, String> connectorConfig(String bootstrap, String input, String output, String applicationId,
      String stateDir) {
    Map<String, String> config = new HashMap<>();
    config.put("name", applicationId);
    config.put("query", QUERY);
    config.put("input.topics", input);
    config.put("output.topic", output);
    config.put("late.topic", output + ".late");
    config.put("window.grace.ms", Long.toString(WindowEvents.GRACE_MS));
    config.put("streams.bootstrap.servers", bootstrap);
    config.put("streams.application.id", applicationId);
    config.put("streams.state.dir", stateDir);
    config.put("record.key.converter.schemas.enable", "false");
    config.put("record.value.converter.schemas.enable", "false");
    config.put("record.value.converter.decimal.format", "NUMERIC");
    return config;
  }

  /** The heap in use right after a full garbage collection: what the process holds. */
  static long heapAfterGc() {
    System.gc();
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  /** The CPU time the process has used, all its threads, in milliseconds. */
  static long cpuMs() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime() / 1_000_000;
  }

  /** The process's peak resident set (VmHWM), in KiB; -1 where /proc is not there. */
  static long rssPeakKib() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmHWM:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
      }
    } catch (Exception e) {
      return -1;
    }
    return -1;
  }
}
