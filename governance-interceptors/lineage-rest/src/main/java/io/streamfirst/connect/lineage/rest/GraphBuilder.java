// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.lineage.rest;

import io.streamfirst.connect.lineage.ColumnMapping;
import io.streamfirst.connect.lineage.DatasetId;
import io.streamfirst.connect.lineage.rest.LineageGraph.Column;
import io.streamfirst.connect.lineage.rest.LineageGraph.Edge;
import io.streamfirst.connect.lineage.rest.LineageGraph.Freshness;
import io.streamfirst.connect.lineage.rest.LineageGraph.Node;
import io.streamfirst.connect.lineage.rest.LineageGraph.Source;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Builds the {@link LineageGraph} of a cluster from its connectors' configurations: source tables → source
 * connectors → their transforms → topics → windowed queries → sink transforms → sink connectors → tables.
 * Only names, classes, topics and tables go into the graph, never other configuration values.
 */
final class GraphBuilder {

  /** The column lineage of a sink's SqlTransform over its input topics, or null when not known. */
  interface ColumnLineage {
    ColumnMapping of(ConnectorSnapshot connector, List<DatasetId> inputTopics);

    ColumnLineage NONE = (connector, topics) -> null;
  }

  private final List<String> kafkaCluster;
  private final String jobNamespace;
  private final ColumnLineage columnLineage;

  GraphBuilder(List<String> kafkaCluster, String jobNamespace, ColumnLineage columnLineage) {
    this.kafkaCluster = kafkaCluster;
    this.jobNamespace = jobNamespace;
    this.columnLineage = columnLineage;
  }

  DatasetId topic(String topic) {
    return DatasetId.kafka(kafkaCluster, topic);
  }

  /** Every topic the connectors name (and {@code extraTopics}), for matching topics.regex. */
  static Set<String> knownTopics(Collection<ConnectorSnapshot> connectors, Collection<String> extraTopics) {
    Set<String> topics = new TreeSet<>(extraTopics);
    for (ConnectorSnapshot connector : connectors) {
      ConnectorDatasets datasets = ConnectorDatasets.of(connector, List.of());
      topics.addAll(datasets.inputTopics());
      topics.addAll(datasets.outputTopics());
      topics.addAll(datasets.lateTopics());
    }
    return topics;
  }

  LineageGraph build(List<ConnectorSnapshot> connectors, Collection<String> extraTopics,
      Map<String, Map<String, TableFreshness>> freshness, long nowMs) {
    return build(connectors, extraTopics, freshness, Map.of(), null, nowMs);
  }

  /**
   * @param unreachable per connector, the workers of its tasks that did not answer: its tables' freshness is
   *     unknown
   * @param workers the workers asked, for the graph's {@code workers}; null when only this worker's JVM is read
   */
  LineageGraph build(List<ConnectorSnapshot> connectors, Collection<String> extraTopics,
      Map<String, Map<String, TableFreshness>> freshness, Map<String, List<String>> unreachable,
      List<LineageGraph.Worker> workers, long nowMs) {
    Set<String> known = knownTopics(connectors, extraTopics);
    Map<String, Node> nodes = new LinkedHashMap<>();
    Set<Edge> edges = new LinkedHashSet<>();
    List<ConnectorSnapshot> byName = new ArrayList<>(connectors);
    byName.sort(java.util.Comparator.comparing(ConnectorSnapshot::name));
    for (ConnectorSnapshot connector : byName) {
      ConnectorDatasets datasets = ConnectorDatasets.of(connector, known);
      boolean window = ConnectorDatasets.SQL_WINDOW.equals(connector.connectorClass());
      String kind = window ? Node.WINDOW : connector.isSink() ? Node.SINK : Node.SOURCE;
      Node self = add(nodes, new Node("connector:" + connector.name(), kind, connector.name(), jobNamespace,
          connector.name(), null, blankToNull(connector.connectorClass()), connector.state(), null, null, null));
      List<String> inputs = new ArrayList<>();
      datasets.sourceTables().forEach(t -> inputs.add(add(nodes, dataset(Node.SOURCE_TABLE, t, null)).id()));
      List<DatasetId> inputTopics = datasets.inputTopics().stream().map(this::topic).toList();
      inputTopics.forEach(t -> inputs.add(add(nodes, dataset(Node.TOPIC, t, null)).id()));
      List<String> chain = transforms(connector, nodes, connector.isSink() ? inputTopics : List.of());
      List<String> path = new ArrayList<>();
      if (connector.isSink()) {
        path.addAll(chain);
        path.add(self.id());
      } else {
        path.add(self.id());
        path.addAll(chain);
      }
      inputs.forEach(i -> edges.add(new Edge(i, path.get(0), null)));
      for (int i = 1; i < path.size(); i++) {
        edges.add(new Edge(path.get(i - 1), path.get(i), null));
      }
      String last = path.get(path.size() - 1);
      datasets.outputTopics().forEach(t -> edges.add(new Edge(last, add(nodes, dataset(Node.TOPIC, topic(t),
          null)).id(), null)));
      datasets.lateTopics().forEach(t -> edges.add(new Edge(last, add(nodes, dataset(Node.TOPIC, topic(t),
          null)).id(), "late")));
      if (connector.isSink()) {
        tables(connector, datasets, freshness.getOrDefault(connector.name(), Map.of()),
            unreachable.get(connector.name()), nodes, nowMs)
            .forEach(t -> edges.add(new Edge(last, t, null)));
      }
    }
    return new LineageGraph(nowMs, Instant.ofEpochMilli(nowMs).toString(), List.copyOf(nodes.values()),
        List.copyOf(edges), workers);
  }

  /** The transform nodes of a connector's chain, in order. */
  private List<String> transforms(ConnectorSnapshot connector, Map<String, Node> nodes, List<DatasetId> inputTopics) {
    List<String> ids = new ArrayList<>();
    String chain = connector.config().getOrDefault("transforms", "").trim();
    if (chain.isEmpty()) {
      return ids;
    }
    ColumnMapping mapping = inputTopics.isEmpty() ? null : columnLineage.of(connector, inputTopics);
    for (String alias : chain.split("\\s*,\\s*")) {
      String type = connector.config().get("transforms." + alias + ".type");
      List<Column> columns = null;
      List<String> filter = null;
      if (mapping != null && ColumnLineageSource.SQL_TRANSFORM.equals(type)) {
        columns = columns(mapping);
        filter = mapping.filter().stream().map(ColumnMapping.Source::field).toList();
      }
      ids.add(add(nodes, new Node("transform:" + connector.name() + "/" + alias, Node.TRANSFORM, alias, jobNamespace,
          connector.name() + "/" + alias, connector.name(), blankToNull(type == null ? null : type.trim()), null,
          columns, filter, null)).id());
    }
    return ids;
  }

  private static List<Column> columns(ColumnMapping mapping) {
    List<Column> columns = new ArrayList<>();
    for (ColumnMapping.Column column : mapping.columns()) {
      columns.add(new Column(column.name(), column.type(), column.sources().stream()
          .map(s -> new Source(mapping.input().name(), s.field(), s.kind().name())).toList()));
    }
    return List.copyOf(columns);
  }

  /**
   * The table nodes a sink writes, from its configuration and from the tables its tasks publish freshness of;
   * every one unknown when {@code unreachable} names workers.
   */
  private List<String> tables(ConnectorSnapshot connector, ConnectorDatasets datasets,
      Map<String, TableFreshness> freshness, List<String> unreachable, Map<String, Node> nodes, long nowMs) {
    List<String> ids = new ArrayList<>();
    Set<String> matched = new LinkedHashSet<>();
    for (DatasetId table : datasets.tables()) {
      TableFreshness fresh = null;
      for (Map.Entry<String, TableFreshness> entry : freshness.entrySet()) {
        if (entry.getKey().equals(table.name()) || table.name().endsWith("." + entry.getKey())) {
          fresh = entry.getValue();
          matched.add(entry.getKey());
          break;
        }
      }
      ids.add(add(nodes, dataset(Node.TABLE, table, connector.name()), fresh, unreachable, nowMs).id());
    }
    String namespace = datasets.tables().isEmpty()
        ? "connector://" + connector.name()
        : datasets.tables().get(0).namespace();
    for (Map.Entry<String, TableFreshness> entry : freshness.entrySet()) {
      if (!matched.contains(entry.getKey())) {
        ids.add(add(nodes, dataset(Node.TABLE, new DatasetId(namespace, entry.getKey()), connector.name()),
            entry.getValue(), unreachable, nowMs).id());
      }
    }
    return ids;
  }

  private static Node add(Map<String, Node> nodes, Node node, TableFreshness fresh, List<String> unreachable,
      long nowMs) {
    Node added = add(nodes, node);
    if (unreachable != null && !unreachable.isEmpty()) {
      // a task whose worker did not answer may be behind: nothing is known but a breach another task reports
      TableFreshness known = fresh == null ? TableFreshness.NONE : fresh;
      added = added.withFreshness(new Freshness(-1, null, -1, -1, -1, known.slaMs(),
          "BREACHED".equals(known.slaState()) ? "BREACHED" : Freshness.UNKNOWN, List.copyOf(unreachable)));
      nodes.put(added.id(), added);
    } else if (fresh != null) {
      long through = fresh.committedThroughMs();
      added = added.withFreshness(new Freshness(through, through < 0 ? null : Instant.ofEpochMilli(through).toString(),
          through < 0 ? -1 : Math.max(0, nowMs - through), fresh.p50Ms(), fresh.p99Ms(), fresh.slaMs(),
          fresh.slaState()));
      nodes.put(added.id(), added);
    }
    return added;
  }

  private static Node add(Map<String, Node> nodes, Node node) {
    return nodes.computeIfAbsent(node.id(), id -> node);
  }

  private static Node dataset(String kind, DatasetId id, String connector) {
    return new Node(kind + ":" + id.namespace() + "/" + id.name(), kind, id.name(), id.namespace(), id.name(),
        connector,
        null, null, null, null, null);
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value;
  }
}
