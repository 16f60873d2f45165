// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.sql.window;

import io.streamfirst.connect.common.PluginVersion;
import io.streamfirst.connect.sql.engine.SqlEngine;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hosts one Kafka Streams client running the connector's topology. Streams reads the input topics,
 * keeps the window state and writes results and late records itself, so {@link #poll()} hands no
 * records to Connect: it waits, and fails the task with the cause once Streams has failed.
 */
public class SqlWindowTask extends SourceTask {

  private static final Logger LOG = LoggerFactory.getLogger(SqlWindowTask.class);
  static final Duration POLL_WAIT = Duration.ofSeconds(1);
  static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);
  /** Kafka Streams' internal setting: how often, in wall-clock time, emit-on-close looks for closed windows. */
  static final String EMIT_INTERVAL = "__emit.interval.ms.kstreams.windowed.aggregation__";

  private final AtomicReference<Throwable> failure = new AtomicReference<>();
  private final CountDownLatch failed = new CountDownLatch(1);
  private KafkaStreams streams;
  private String name;

  @Override
  public String version() {
    return PluginVersion.of(SqlWindowTask.class);
  }

  @Override
  public void start(Map<String, String> props) {
    SqlWindowConfig config = new SqlWindowConfig(props);
    WindowQuery query = config.query();
    String connector = props.getOrDefault(SqlWindowConnector.CONNECTOR_NAME, "sql-window");
    String task = props.getOrDefault(SqlWindowConnector.TASK_ID, "0");
    name = "connector '" + connector + "' task " + task;
    WindowCounters counters = new WindowCounters();
    Topology topology = WindowTopology.build(query, config.inputTopics(), config.outputTopic(), config.lateTopic(),
        config.graceMs(), config.retentionMs(), config.format(), engine(query.inputStatement()),
        engine(query.resultStatement()), counters);
    Properties streamsProps = streamsProperties(config, connector, task);
    streams = new KafkaStreams(topology, streamsProps);
    KafkaStreams client = streams;
    WindowMetrics.register(pluginMetrics(), counters, client::metrics, Clock.systemUTC());
    streams.setUncaughtExceptionHandler(e -> {
      failure.compareAndSet(null, e);
      return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
    });
    streams.setStateListener((now, before) -> {
      if (now == KafkaStreams.State.ERROR || now == KafkaStreams.State.PENDING_ERROR) {
        failed.countDown();
      }
    });
    LOG.info("Windowed SQL {} starting Kafka Streams application {} ({}) on {}", name,
        streamsProps.get(StreamsConfig.APPLICATION_ID_CONFIG), config.processingGuarantee(),
        config.bootstrapServers());
    streams.start();
  }

  static Properties streamsProperties(SqlWindowConfig config, String connector, String task) {
    Properties props = new Properties();
    String applicationId = config.applicationId(connector);
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
    props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, config.processingGuarantee());
    props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, 1);
    // Each task of a worker gets its own directory: two clients of one application cannot share one.
    props.put(StreamsConfig.STATE_DIR_CONFIG, Path.of(config.stateDir(), applicationId, "task-" + task).toString());
    props.put(StreamsConfig.CLIENT_ID_CONFIG, applicationId + "-task-" + task);
    props.put(EMIT_INTERVAL, 0L);
    props.putAll(config.streamsOverrides());
    return props;
  }

  /** The worker's plugin metrics for this task, or null when the worker offers none. */
  private PluginMetrics pluginMetrics() {
    try {
      return context == null ? null : context.pluginMetrics();
    } catch (UnsupportedOperationException | AbstractMethodError e) {
      LOG.info("Windowed SQL {}: the worker offers no plugin metrics; only Kafka Streams' own metrics are"
          + " reported", name);
      return null;
    }
  }

  private static SqlEngine engine(io.streamfirst.connect.sql.engine.QueryDefinition statement) {
    return new SqlEngine(statement, List.of(), 64, 4 * 1024 * 1024);
  }

  @Override
  public List<SourceRecord> poll() throws InterruptedException {
    if (failed.await(POLL_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
      Throwable cause = failure.get();
      throw new ConnectException("Windowed SQL " + name + " stopped: its Kafka Streams client failed"
          + (cause == null ? "" : " with " + cause) + "; fix the cause and restart the task", cause);
    }
    return null;
  }

  @Override
  public void stop() {
    KafkaStreams running = streams;
    if (running != null) {
      LOG.info("Windowed SQL {} closing its Kafka Streams client", name);
      // Leave the group: the task's partitions move to the other clients at once instead of after the session
      // timeout (a stopped task is usually restarted or reassigned right away).
      running.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
          .withTimeout(CLOSE_TIMEOUT));
    }
  }
}
