// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.lineage.rest;

import java.net.http.HttpClient;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.connect.health.ConnectClusterState;
import org.apache.kafka.connect.health.ConnectorHealth;
import org.apache.kafka.connect.health.TaskState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the cluster's connectors through Connect's own API ({@link ConnectClusterState}) every interval, keeps
 * the latest snapshot for the graph, and updates the OpenLineage runs of the connectors hosted here.
 */
final class ClusterWatcher implements Runnable {

  private static final Logger LOG = LoggerFactory.getLogger(ClusterWatcher.class);

  private final ConnectClusterState cluster;
  private final GraphBuilder graph;
  private final JmxFreshness freshness;
  private final ConnectorRuns runs;
  private final TopicSampler sampler;
  private final Clock clock;
  private final String instance = PeerFreshness.newInstanceId();
  private final ClusterFreshness merger = new ClusterFreshness();
  private PeerFreshness peers;
  private volatile List<ConnectorSnapshot> latest = List.of();
  private volatile boolean read;

  ClusterWatcher(ConnectClusterState cluster, GraphBuilder graph, JmxFreshness freshness, ConnectorRuns runs,
      TopicSampler sampler, Clock clock) {
    this.cluster = cluster;
    this.graph = graph;
    this.freshness = freshness;
    this.runs = runs;
    this.sampler = sampler;
    this.clock = clock;
  }

  @Override
  public void run() {
    try {
      List<ConnectorSnapshot> snapshot = snapshot(cluster);
      latest = snapshot;
      read = true;
      if (sampler != null) {
        sampler.forget();
      }
      if (runs != null) {
        runs.update(snapshot, graph, List.of());
      }
    } catch (RuntimeException e) {
      LOG.warn("Streamfirst lineage: reading the cluster's connectors failed, retrying in the next interval: {}",
          e.toString());
    }
  }

  /** The connectors of the cluster now, by name; a connector deleted while it is read is left out. */
  static List<ConnectorSnapshot> snapshot(ConnectClusterState cluster) {
    List<ConnectorSnapshot> out = new ArrayList<>();
    for (String name : cluster.connectors()) {
      try {
        Map<String, String> config = cluster.connectorConfig(name);
        ConnectorHealth health = cluster.connectorHealth(name);
        String state = health.connectorState().state();
        String trace = health.connectorState().traceMessage();
        Map<Integer, String> workers = new TreeMap<>();
        health.tasksState().forEach((id, task) -> {
          if (task.workerId() != null && !task.workerId().isBlank()) {
            workers.put(id, task.workerId());
          }
        });
        if (!"FAILED".equals(state)) {
          for (TaskState task : health.tasksState().values()) {
            if ("FAILED".equals(task.state())) {
              state = "FAILED";
              trace = task.traceMessage();
              break;
            }
          }
        }
        out.add(new ConnectorSnapshot(name, health.type() == null ? "UNKNOWN" : health.type().name(),
            config == null ? Map.of() : config, state, trace, workers));
      } catch (RuntimeException e) {
        LOG.debug("Streamfirst lineage: connector {} could not be read ({}), probably deleted meanwhile", name,
            e.toString());
      }
    }
    out.sort(Comparator.comparing(ConnectorSnapshot::name));
    return out;
  }

  /** Asks the other workers for their tasks' freshness (else only this JVM's is shown). */
  ClusterWatcher withPeers(HttpClient http, String scheme, long timeoutMs) {
    this.peers = new PeerFreshness(http, scheme, timeoutMs, this::localFreshness, clock);
    return this;
  }

  /** This worker's sink tasks' freshness, as {@code GET /streamfirst/freshness/local} serves it. */
  LocalFreshness localFreshness() {
    return new LocalFreshness(instance, freshness.workerId(), clock.millis(), freshness.tasks());
  }

  /**
   * The graph of the latest snapshot with the freshness of now (of every worker's tasks, asked from the workers
   * the task statuses name); reads the cluster first when never read.
   */
  LineageGraph graph() {
    if (!read) {
      run();
    }
    List<ConnectorSnapshot> connectors = latest;
    if (peers == null) {
      return graph.build(connectors, List.of(), freshness.read(), clock.millis());
    }
    Set<String> workers = new TreeSet<>();
    connectors.stream().filter(ConnectorSnapshot::isSink).forEach(c -> workers.addAll(c.taskWorkers().values()));
    ClusterFreshness.Merged merged = merger.merge(connectors, peers.answers(workers), peers.selfId());
    return graph.build(connectors, List.of(), merged.tables(), merged.unreachable(), merged.workers(),
        clock.millis());
  }
}
