// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.it.harness;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real KRaft broker and real distributed Connect workers in the test JVM (Kafka's
 * {@link EmbeddedConnectCluster}), whose {@code plugin.path} is the packaged Streamfirst plugin
 * directories. One object for all that an integration test does with Kafka and Connect:
 *
 * <pre>{@code
 * try (ConnectCluster cluster = ConnectCluster.builder().workers(2).start()) {
 *   String topic = UniqueNames.of("orders");
 *   cluster.createTopic(topic, 1);
 *   cluster.produceJson(topic, "1", "{\"id\":1}");
 *   cluster.deploy(name, config);
 *   cluster.awaitRunning(name, 1);
 *   List<ConsumedRecord> out = cluster.consume(outTopic, 1, Duration.ofSeconds(30));
 * }
 * }</pre>
 */
public final class ConnectCluster implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ConnectCluster.class);

  private final EmbeddedConnectCluster connect;
  private final PluginDirectories plugins;
  private final Topics topics;
  private final RecordProducer producer;
  private final RecordConsumer consumer;
  private final Connectors connectors;
  private final ConnectorAwaiter awaiter;
  private final PluginRest pluginRest;
  private final Workers workers;
  /** The properties the workers were started with (as given, plus plugin.path and discovery). */
  private final Map<String, String> workerProps;

  private ConnectCluster(EmbeddedConnectCluster connect, PluginDirectories plugins, ExitWatch exits,
      Map<String, String> workerProps) {
    this.connect = connect;
    this.workerProps = Map.copyOf(workerProps);
    this.plugins = plugins;
    String bootstrap = connect.kafka().bootstrapServers();
    this.topics = new Topics(bootstrap);
    this.producer = new RecordProducer(bootstrap);
    this.consumer = new RecordConsumer(bootstrap);
    this.connectors = new Connectors(connect);
    this.awaiter = new ConnectorAwaiter(connectors);
    this.pluginRest = new PluginRest(connect);
    this.workers = new Workers(connect, exits);
  }

  /** Starts building a cluster: 2 workers, 1 broker, {@code plugin.discovery=service_load}. */
  public static ConnectClusterBuilder builder() {
    return new ConnectClusterBuilder();
  }

  static ConnectCluster start(ConnectClusterBuilder options) {
    ClusterStarter.Started started = ClusterStarter.start(options);
    try {
      return new ConnectCluster(started.connect(), started.plugins(), started.exits(), started.workerProps());
    } catch (RuntimeException | Error e) {
      ClusterStarter.stopQuietly(started.connect(), e);
      throw e;
    }
  }

  // ---- Kafka ---------------------------------------------------------------------------------

  /** The broker's bootstrap servers, for clients of a test's own. */
  public String bootstrapServers() {
    return connect.kafka().bootstrapServers();
  }

  /** Creates a topic with one partition. */
  public void createTopic(String topic) {
    createTopic(topic, 1);
  }

  /** Creates a topic with {@code partitions} partitions. */
  public void createTopic(String topic, int partitions) {
    topics.create(topic, partitions, Map.of());
  }

  /** Creates a topic with {@code partitions} partitions and topic configs, e.g. compaction. */
  public void createTopic(String topic, int partitions, Map<String, String> config) {
    topics.create(topic, partitions, config);
  }

  /** Deletes a topic. */
  public void deleteTopic(String topic) {
    topics.delete(topic);
  }

  /** Produces a record with UTF-8 text key and value (either may be null). */
  public RecordMetadata produce(String topic, String key, String value) {
    return producer.send(TestRecord.to(topic).key(key).value(value));
  }

  /** Produces a record with a text key and JSON text as value, checking that it is JSON. */
  public RecordMetadata produceJson(String topic, String key, String json) {
    return producer.send(TestRecord.to(topic).key(key).json(json));
  }

  /** Produces a record with a text key and {@code value} (a Map, a List, a POJO) as JSON. */
  public RecordMetadata produceJson(String topic, String key, Object value) {
    return producer.send(TestRecord.to(topic).key(key).jsonOf(value));
  }

  /** Produces a record built with {@link TestRecord}, with headers, raw bytes and more. */
  public RecordMetadata produce(TestRecord record) {
    return producer.send(record);
  }

  /**
   * Reads {@code topic} from the beginning until at least {@code expected} records arrived.
   * Returns every record read (possibly more than {@code expected}); read_committed isolation.
   *
   * @throws AssertionError when fewer arrive within {@code timeout}
   */
  public List<ConsumedRecord> consume(String topic, int expected, Duration timeout) {
    return consumer.atLeast(topic, expected, timeout);
  }

  /** As {@link #consume(String, int, Duration)}, waiting {@link Timeouts#defaultWait()}. */
  public List<ConsumedRecord> consume(String topic, int expected) {
    return consumer.atLeast(topic, expected, Timeouts.defaultWait());
  }

  /** Reads every record of {@code topic} up to its end as of this call (read_committed). */
  public List<ConsumedRecord> consumeAll(String topic) {
    return consumer.toEnd(topic, Timeouts.defaultWait());
  }

  /** An admin client on the broker, for what these helpers do not cover. Do not close it. */
  public Admin admin() {
    return topics.admin();
  }

  // ---- Connectors ----------------------------------------------------------------------------

  /** Creates connector {@code name}, or replaces its config, through {@code PUT /connectors/{name}/config}. */
  public void deploy(String name, Map<String, String> config) {
    connectors.deploy(name, config);
  }

  /** Deletes connector {@code name} and waits until the REST API no longer lists it. */
  public void delete(String name) {
    connectors.delete(name);
    awaiter.gone(name, Timeouts.defaultWait());
  }

  /** The current status of connector {@code name} and its tasks. */
  public ConnectorStatus status(String name) {
    return connectors.status(name);
  }

  /** The names of all connectors. */
  public Set<String> connectorNames() {
    return connectors.names();
  }

  /**
   * Waits until connector {@code name} and exactly {@code tasks} tasks are RUNNING.
   *
   * @throws AssertionError at once (with stack traces) when the connector or a task FAILED
   */
  public ConnectorStatus awaitRunning(String name, int tasks) {
    return awaiter.running(name, tasks, Timeouts.defaultWait());
  }

  /** As {@link #awaitRunning(String, int)} with an explicit timeout. */
  public ConnectorStatus awaitRunning(String name, int tasks, Duration timeout) {
    return awaiter.running(name, tasks, timeout);
  }

  /**
   * Waits until connector {@code name} and exactly {@code tasks} tasks are RUNNING on workers other
   * than {@code stoppedWorkerId}: the check after {@link #stopWorkerRunningTask(String, int)}.
   */
  public ConnectorStatus awaitRunningWithout(String name, int tasks, String stoppedWorkerId) {
    return awaiter.runningWithout(name, tasks, stoppedWorkerId, Timeouts.defaultWait());
  }

  /**
   * Waits until the connector or one of its tasks is FAILED; the returned status carries the
   * traces ({@link ConnectorStatus#failureTraces()}).
   */
  public ConnectorStatus awaitFailed(String name) {
    return awaiter.failed(name, Timeouts.defaultWait());
  }

  /** Waits until the connector and all its tasks have {@code state}, e.g. {@code PAUSED}. */
  public ConnectorStatus awaitState(String name, String state) {
    return awaiter.inState(name, state, Timeouts.defaultWait());
  }

  /** Restarts the connector instance (not its tasks). */
  public void restartConnector(String name) {
    connectors.restartConnector(name);
  }

  /** Restarts one task. */
  public void restartTask(String name, int taskId) {
    connectors.restartTask(name, taskId);
  }

  /** Restarts the connector and its tasks; only the failed ones when {@code onlyFailed}. */
  public void restartConnectorAndTasks(String name, boolean onlyFailed) {
    connectors.restartConnectorAndTasks(name, onlyFailed);
  }

  /** Pauses the connector. */
  public void pause(String name) {
    connectors.pause(name);
  }

  /** Resumes a paused connector. */
  public void resume(String name) {
    connectors.resume(name);
  }

  // ---- Plugins -------------------------------------------------------------------------------

  /** {@code GET /connector-plugins?connectorsOnly=false}: every plugin the workers loaded. */
  public List<ConnectPlugin> plugins() {
    return pluginRest.list();
  }

  /**
   * {@code PUT /connector-plugins/{class}/config/validate}: the per-field errors the connector and
   * its transforms/predicates report for {@code config}. {@code connector.class} and {@code name}
   * are filled in when missing.
   */
  public ValidationResult validate(String connectorClass, Map<String, String> config) {
    return pluginRest.validate(connectorClass, config);
  }

  /** The plugin directories on the workers' {@code plugin.path}. */
  public PluginDirectories pluginDirectories() {
    return plugins;
  }

  // ---- Workers -------------------------------------------------------------------------------

  /** The ids ({@code host:port}) of the started workers. */
  public List<String> workerIds() {
    return workers.ids();
  }

  /**
   * Stops the worker that runs task {@code taskId} of connector {@code name}, so its tasks must
   * move to another worker. Returns the stopped worker's id.
   */
  public String stopWorkerRunningTask(String name, int taskId) {
    String workerId = connectors.status(name).task(taskId).workerId();
    workers.stop(workerId);
    LOG.info("Stopped worker {} that ran task {}-{}", workerId, name, taskId);
    return workerId;
  }

  /** Stops the worker with id {@code workerId} ({@code host:port}, as statuses report it). */
  public void stopWorker(String workerId) {
    workers.stop(workerId);
  }

  /** Starts one more worker with the same properties; returns its id once it is healthy. */
  public String addWorker() {
    return workers.add(Timeouts.startup());
  }

  /**
   * Starts a worker of this cluster's group in a separate JVM (same plugin.path and worker properties),
   * which a test can kill with SIGKILL; its files (config, log) go under {@code dir}. The caller closes it.
   */
  public ExternalWorker startExternalWorker(Path dir) {
    Map<String, String> props = new HashMap<>(workerProps);
    String name = connect.getName();
    props.put("bootstrap.servers", bootstrapServers());
    props.put("group.id", "connect-integration-test-" + name);
    props.put("offset.storage.topic", "connect-offset-topic-" + name);
    props.put("config.storage.topic", "connect-config-topic-" + name);
    props.put("status.storage.topic", "connect-status-topic-" + name);
    props.putIfAbsent("key.converter", "org.apache.kafka.connect.storage.StringConverter");
    props.putIfAbsent("value.converter", "org.apache.kafka.connect.storage.StringConverter");
    props.remove("listeners");
    return ExternalWorker.start(props, dir);
  }

  /** Kafka's embedded cluster itself, for what these helpers do not cover. */
  public EmbeddedConnectCluster embedded() {
    return connect;
  }

  /** Stops the workers and the broker(s). */
  @Override
  public void close() {
    RuntimeException failure = null;
    for (AutoCloseable client : List.<AutoCloseable>of(producer, topics)) {
      try {
        client.close();
      } catch (Exception e) {
        failure = failure == null
            ? new IllegalStateException("Could not stop the cluster cleanly", e)
            : failure;
      }
    }
    connect.stop();
    if (failure != null) {
      throw failure;
    }
  }
}
