// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.quickstart;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pipeline mode on a running {@link Quickstart}: the shop database and its load, ClickHouse when its binary is
 * installed, the connectors deployed through the REST API, and a status line every few seconds. {@link #close()}
 * stops the load, then Connect and Kafka, then the databases; it deletes nothing.
 */
final class Pipeline implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Pipeline.class);
  static final Duration READY_TIMEOUT = Duration.ofMinutes(3);
  /** How long the load waits for the seed to be in every sink table; then it starts anyway, saying so. */
  static final Duration SEED_TIMEOUT = Duration.ofMinutes(2);

  private final Quickstart stack;
  private final ShopDatabase database;
  private final LoadGenerator generator;
  private final ClickHouseServer clickhouse;
  private final IcebergTables iceberg;
  private final PipelineStatus status;
  private final List<String> connectors;
  private final Duration runningTime;
  private final Duration readyTime;
  private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
    Thread thread = new Thread(runnable, "quickstart-status");
    thread.setDaemon(true);
    return thread;
  });
  private final AtomicReference<PipelineStatus.Sample> lastSample = new AtomicReference<>();
  private final AtomicBoolean closed = new AtomicBoolean();

  private Pipeline(Quickstart stack, ShopDatabase database, LoadGenerator generator, ClickHouseServer clickhouse,
      IcebergTables iceberg, List<String> connectors, Duration runningTime, Duration readyTime) {
    this.stack = stack;
    this.database = database;
    this.generator = generator;
    this.clickhouse = clickhouse;
    this.iceberg = iceberg;
    this.connectors = connectors;
    this.runningTime = runningTime;
    this.readyTime = readyTime;
    this.status = new PipelineStatus(database, generator, iceberg, clickhouse, new ConnectRest(stack.options()
        .restUrl()));
  }

  /**
   * Starts the database and ClickHouse, deploys the connectors, waits until every one of them and their tasks run
   * and the seed is in every sink table (the snapshot captured, the sink tables created and committed to), then
   * starts the load: its changes meet a pipeline that streams, and their freshness is that of streaming. On
   * failure everything started here and the stack are stopped.
   */
  static Pipeline start(Quickstart stack, PrintStream out, long startedNanos) throws Exception {
    QuickstartOptions options = stack.options();
    PipelineSettings settings = options.pipeline();
    Path data = options.dataDir();
    List<AutoCloseable> started = new ArrayList<>();
    try {
      out.println("Starting PostgreSQL 17 on port " + settings.postgresPort() + " ...");
      ShopDatabase database = ShopDatabase.start(data, settings.postgresPort());
      started.add(database);
      LoadGenerator generator = new LoadGenerator(database, settings.rate(), settings.seed());
      generator.seedIfEmpty();

      ClickHouseServer clickhouse = null;
      if (settings.has(PipelineSettings.Sink.CLICKHOUSE)) {
        Optional<Path> binary = ClickHouseServer.findBinary();
        if (binary.isPresent()) {
          out.println("Starting ClickHouse (" + binary.get() + ") on port " + settings.clickhousePort() + " ...");
          clickhouse = ClickHouseServer.start(binary.get(), data, settings.clickhousePort(), freePort(), freePort());
          started.add(clickhouse);
        } else {
          out.println("ClickHouse sink: off, clickhouse-server is not installed. To enable it: "
              + ClickHouseServer.INSTALL_HINT + " (Debian/Ubuntu), then start the quickstart again.");
        }
      }
      IcebergTables iceberg = settings.has(PipelineSettings.Sink.ICEBERG)
          ? new IcebergTables(options.warehouse())
          : null;

      createTopics(options.bootstrapServers());
      ConnectRest rest = new ConnectRest(options.restUrl());
      Path configs = data.resolve("connectors");
      Path contracts = PipelineConnectors.writeContracts(configs);
      List<String> names = PipelineConnectors.names(iceberg != null, clickhouse != null);
      for (String name : names) {
        Map<String, String> config = switch (name) {
          case PipelineConnectors.SOURCE -> PipelineConnectors.source(settings.postgresPort(), contracts);
          case PipelineConnectors.ICEBERG -> PipelineConnectors.iceberg(options.warehouse());
          case PipelineConnectors.CLICKHOUSE -> PipelineConnectors.clickhouse(settings.clickhousePort());
          default -> PipelineConnectors.window(options.bootstrapServers(), data.resolve("window-state"));
        };
        PipelineConnectors.write(configs, name, config);
        rest.putConfig(name, config);
      }
      out.println("Deployed " + String.join(", ", names) + " through " + options.restUrl()
          + "/connectors; waiting until they run ...");
      awaitRunning(rest, names);
      Duration runningTime = Duration.ofNanos(System.nanoTime() - startedNanos);
      out.printf("Connectors RUNNING after %.1f s; waiting until the seed is in every sink table ...%n",
          runningTime.toMillis() / 1000.0);
      awaitSeed(new PipelineStatus(database, generator, iceberg, clickhouse, rest), out);
      Duration readyTime = Duration.ofNanos(System.nanoTime() - startedNanos);
      Pipeline pipeline = new Pipeline(stack, database, generator, clickhouse, iceberg, names, runningTime,
          readyTime);
      if (settings.rate() > 0) {
        generator.start();
      }
      return pipeline;
    } catch (Exception | Error e) {
      for (int i = started.size() - 1; i >= 0; i--) {
        closeQuietly(started.get(i));
      }
      throw e;
    }
  }

  /** Prints the status every {@code every}; a bounded run stops the load after the configured duration. */
  void printStatus(PrintStream out, Duration every) {
    PipelineSettings settings = stack.options().pipeline();
    if (settings.bounded()) {
      scheduler.schedule(this::stopLoad, settings.duration().toMillis(), TimeUnit.MILLISECONDS);
    }
    scheduler.scheduleWithFixedDelay(() -> {
      try {
        PipelineStatus.Sample sample = status.sample();
        lastSample.set(sample);
        out.println(status.render(sample));
        out.flush();
      } catch (Exception e) {
        if (!closed.get()) {
          out.println("status unavailable: " + e.getMessage());
        }
      }
    }, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Stops the load generator; the connectors keep running, so the sinks catch up. */
  void stopLoad() {
    try {
      generator.close();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The latest status the printer took, or null before the first. */
  PipelineStatus.Sample lastSample() {
    return lastSample.get();
  }

  PipelineStatus status() {
    return status;
  }

  LoadGenerator generator() {
    return generator;
  }

  ShopDatabase database() {
    return database;
  }

  Optional<ClickHouseServer> clickhouse() {
    return Optional.ofNullable(clickhouse);
  }

  Optional<IcebergTables> iceberg() {
    return Optional.ofNullable(iceberg);
  }

  List<String> connectors() {
    return connectors;
  }

  /** From the JVM's start to every connector and task RUNNING. */
  Duration runningTime() {
    return runningTime;
  }

  /** From the JVM's start to every connector and task RUNNING and the seed in every sink table. */
  Duration readyTime() {
    return readyTime;
  }

  /** Stops the load, Connect and Kafka, then ClickHouse and PostgreSQL. Idempotent; data directories stay. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    scheduler.shutdownNow();
    stopLoad();
    stack.close();
    if (clickhouse != null) {
      closeQuietly(clickhouse);
    }
    if (iceberg != null) {
      closeQuietly(iceberg);
    }
    closeQuietly(database);
  }

  private static void awaitRunning(ConnectRest rest, List<String> names) throws Exception {
    long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
    Map<String, String> states = Map.of();
    while (System.nanoTime() < deadline) {
      Map<String, String> now = rest.states();
      states = now;
      if (names.stream().allMatch(name -> "RUNNING".equals(now.get(name)))) {
        return;
      }
      Optional<Map.Entry<String, String>> failed = now.entrySet().stream()
          .filter(entry -> entry.getValue().startsWith("FAILED")).findFirst();
      if (failed.isPresent()) {
        throw new IllegalStateException("Connector " + failed.get().getKey() + " failed: "
            + failed.get().getValue() + " (GET " + "/connectors/" + failed.get().getKey() + "/status for the trace)");
      }
      Thread.sleep(500);
    }
    throw new IllegalStateException("The connectors did not all reach RUNNING within " + READY_TIMEOUT.toSeconds()
        + " s: " + states);
  }

  /**
   * Waits until every sink table holds as many rows as its PostgreSQL table (before the load starts, that is the
   * seed); after {@link #SEED_TIMEOUT} says so in one line and returns, and the load starts anyway.
   */
  private static void awaitSeed(PipelineStatus status, PrintStream out) throws Exception {
    long deadline = System.nanoTime() + SEED_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (status.sample().countsEqual()) {
        return;
      }
      Thread.sleep(500);
    }
    out.println("The seed is not in every sink table after " + SEED_TIMEOUT.toSeconds() + " s; starting the load"
        + " anyway (the status lines show the counts).");
  }

  /** The windowed connector's topics must exist before it starts; the sinks' dead-letter topics are made here too. */
  private static void createTopics(String bootstrapServers) throws Exception {
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
      var existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
      List<NewTopic> topics = new ArrayList<>();
      for (String topic : List.of(PipelineConnectors.WINDOW_TOPIC, PipelineConnectors.WINDOW_LATE_TOPIC,
          PipelineConnectors.ICEBERG + "-dlq", PipelineConnectors.CLICKHOUSE + "-dlq")) {
        if (!existing.contains(topic)) {
          topics.add(new NewTopic(topic, 1, (short) 1));
        }
      }
      if (!topics.isEmpty()) {
        admin.createTopics(topics).all().get(30, TimeUnit.SECONDS);
      }
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private static void closeQuietly(AutoCloseable closeable) {
    try {
      closeable.close();
    } catch (Exception e) {
      LOG.warn("Stopping {} failed: {}", closeable.getClass().getSimpleName(), e.toString());
    } catch (Error e) {
      LOG.warn("Stopping {} failed: {}", closeable.getClass().getSimpleName(), e.toString());
    }
  }
}
