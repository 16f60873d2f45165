// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.benchmarks.flink;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.TableEnvironment;

/**
 * The Flink SQL contender of the windowed-aggregation benchmark: the benchmark's tumbling COUNT/SUM per customer
 * as a Flink SQL statement, run on a local MiniCluster at parallelism 2 from the start of the input topic to its
 * end (bounded at the offsets of the job's start) and written to the output topic through Flink's SQL Kafka
 * connector. The watermark trails the largest event time by the grace the other contenders use, so a window is
 * written when event time passes its end plus the grace, as theirs are; at the end of the input Flink closes the
 * windows still open.
 *
 * <p>Arguments: bootstrap servers, input topic, output topic, grace in ms, parallelism. Prints {@code started},
 * {@code finished}, the CPU time it used ({@code cpu-ms}) and its peak resident set ({@code rss-peak-kib}); on a line {@code gc} on its input (sent when
 * half of the windows are out) collects garbage and prints the heap it holds ({@code heap-held-bytes}) for
 * WindowEnginesBenchmark, which runs it in a process of its own.
 */
public final class FlinkWindowQuery {

  private FlinkWindowQuery() {}

  public static void main(String[] args) throws Exception {
    String bootstrap = args[0];
    String input = args[1];
    String output = args[2];
    long graceMs = Long.parseLong(args[3]);
    int parallelism = Integer.parseInt(args[4]);
    Thread commands = new Thread(() -> {
      try {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line = in.readLine(); line != null; line = in.readLine()) {
          if (line.equals("gc")) {
            System.gc();
            System.out.println("heap-held-bytes " + ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
            System.out.flush();
          }
        }
      } catch (IOException e) {
        // the benchmark closed its end
      }
    }, "commands");
    commands.setDaemon(true);
    commands.start();

    Configuration config = new Configuration();
    config.setString("parallelism.default", Integer.toString(parallelism));
    config.setString("table.exec.resource.default-parallelism", Integer.toString(parallelism));
    TableEnvironment tables = TableEnvironment.create(EnvironmentSettings.newInstance().inStreamingMode()
        .withConfiguration(config).build());
    tables.executeSql("CREATE TABLE orders (customer_id STRING, total BIGINT, placed_at BIGINT,"
        + " ts AS TO_TIMESTAMP_LTZ(placed_at, 3), WATERMARK FOR ts AS ts - INTERVAL '"
        + java.math.BigDecimal.valueOf(graceMs, 3).toPlainString()
        + "' SECOND) WITH ('connector' = 'kafka', 'topic' = '" + input + "', 'properties.bootstrap.servers' = '"
        + bootstrap + "', 'properties.group.id' = '" + output + "', 'scan.startup.mode' = 'earliest-offset',"
        + " 'scan.bounded.mode' = 'latest-offset', 'format' = 'json')");
    tables.executeSql("CREATE TABLE results (window_start TIMESTAMP_LTZ(3), window_end TIMESTAMP_LTZ(3),"
        + " customer_id STRING, orders BIGINT, revenue BIGINT) WITH ('connector' = 'kafka', 'topic' = '" + output
        + "', 'properties.bootstrap.servers' = '" + bootstrap + "', 'format' = 'json',"
        + " 'sink.delivery-guarantee' = 'at-least-once')");
    System.out.println("started " + System.currentTimeMillis());
    tables.executeSql("INSERT INTO results SELECT window_start, window_end, customer_id, COUNT(*) AS orders,"
        + " SUM(total) AS revenue FROM TABLE(TUMBLE(TABLE orders, DESCRIPTOR(ts), INTERVAL '1' MINUTE))"
        + " GROUP BY window_start, window_end, customer_id").await();
    System.out.println("finished " + System.currentTimeMillis());
    System.out.println("cpu-ms " + ((com.sun.management.OperatingSystemMXBean) ManagementFactory
        .getOperatingSystemMXBean()).getProcessCpuTime() / 1_000_000);
    System.out.println("rss-peak-kib " + rssPeakKib());
    System.out.flush();
    System.exit(0);
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
