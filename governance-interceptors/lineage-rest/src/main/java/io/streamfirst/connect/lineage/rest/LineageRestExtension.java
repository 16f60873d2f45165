// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.lineage.rest;

import io.streamfirst.connect.lineage.LineageRun;
import java.lang.management.ManagementFactory;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.management.MBeanServer;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;
import org.apache.kafka.connect.rest.ConnectRestExtension;
import org.apache.kafka.connect.rest.ConnectRestExtensionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Streamfirst's Connect REST extension ({@code rest.extension.classes=}{@value #CLASS}): the lineage graph of
 * the cluster at {@code GET /streamfirst/lineage}, the page that draws it at {@code GET /streamfirst/}, and,
 * with {@code streamfirst.openlineage.enabled=true}, OpenLineage events for the connectors that do not emit
 * their own. Everything it knows of connectors comes from Connect's {@code ConnectClusterState}; freshness
 * comes from the sinks' MBeans in this JVM ({@code GET /streamfirst/freshness/local}) and, asked over HTTP, in
 * the other workers'.
 */
public class LineageRestExtension implements ConnectRestExtension {

  static final String CLASS = "io.streamfirst.connect.lineage.rest.LineageRestExtension";
  private static final Logger LOG = LoggerFactory.getLogger(LineageRestExtension.class);

  private final Clock clock;
  private Map<String, String> workerProps = Map.of();
  private LineageRestConfig config;
  private ScheduledExecutorService executor;
  private ConnectorRuns runs;
  private TopicSampler sampler;

  public LineageRestExtension() {
    this(Clock.systemUTC());
  }

  LineageRestExtension(Clock clock) {
    this.clock = clock;
  }

  @Override
  public void configure(Map<String, ?> configs) {
    Map<String, String> props = new HashMap<>();
    configs.forEach((k, v) -> props.put(k, v == null ? null : v.toString()));
    this.workerProps = props;
    this.config = new LineageRestConfig(configs);
  }

  @Override
  public void register(ConnectRestExtensionContext context) {
    String bootstrap = workerProps.get("bootstrap.servers");
    GraphBuilder.ColumnLineage columns = GraphBuilder.ColumnLineage.NONE;
    if (config.schemaSamplingEnabled()) {
      sampler = new TopicSampler(workerProps);
      columns = new ColumnLineageSource(LineageRestExtension.class.getClassLoader(), sampler);
    }
    GraphBuilder graph = new GraphBuilder(config.kafkaCluster(bootstrap), config.namespace(), columns);
    MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    if (config.lineageEnabled()) {
      runs = new ConnectorRuns(config.lineageProps(bootstrap), clock, name -> hostedHere(server, name),
          LineageRun::start);
    }
    ClusterWatcher watcher = new ClusterWatcher(context.clusterState(), graph, new JmxFreshness(server), runs,
        sampler, clock);
    if (config.peersEnabled()) {
      watcher.withPeers(
          HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
              .connectTimeout(Duration.ofMillis(config.peerTimeoutMs()))
              .followRedirects(HttpClient.Redirect.NEVER).build(),
          LineageRestConfig.restScheme(workerProps),
          config.peerTimeoutMs());
    }
    executor = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread thread = new Thread(r, "streamfirst-lineage-watcher");
      thread.setDaemon(true);
      return thread;
    });
    executor.scheduleWithFixedDelay(watcher, 0, config.watchIntervalMs(), TimeUnit.MILLISECONDS);
    context.configurable().register(new LineageResource(watcher));
    LOG.info("Streamfirst lineage: serving /streamfirst/lineage and /streamfirst/; OpenLineage events for"
        + " connectors that do not emit their own are {}", runs == null ? "off" : "on");
  }

  /**
   * Whether this worker runs the connector (its Connect metrics are registered in this JVM): each connector's
   * events come from the one worker that hosts it.
   */
  static boolean hostedHere(MBeanServer server, String connector) {
    try {
      Set<ObjectName> names = server.queryNames(new ObjectName("kafka.connect:type=connector-metrics,*"), null);
      for (ObjectName name : names) {
        if (connector.equals(JmxFreshness.unquote(name.getKeyProperty("connector")))) {
          return true;
        }
      }
      return false;
    } catch (MalformedObjectNameException e) {
      return false;
    }
  }

  @Override
  public void close() {
    if (executor != null) {
      executor.shutdownNow();
      try {
        executor.awaitTermination(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (runs != null) {
      runs.close();
    }
    if (sampler != null) {
      sampler.close();
    }
  }

  @Override
  public String version() {
    String version = LineageRestExtension.class.getPackage().getImplementationVersion();
    return version == null ? "unknown" : version;
  }
}
