// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.lineage.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * The lineage graph of a Connect cluster as {@code GET /streamfirst/lineage} returns it: nodes (what data
 * is and what moves it) and the edges data flows along.
 *
 * @param generatedAtMs when the graph was built (epoch ms); ages are relative to it
 * @param workers the workers that run sink tasks and whether they answered for their tasks' freshness; absent when
 *     the extension reads only its own worker's ({@code streamfirst.lineage.peers.enabled=false})
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LineageGraph(long generatedAtMs, String generatedAt, List<Node> nodes, List<Edge> edges,
    List<Worker> workers) {

  public LineageGraph(long generatedAtMs, String generatedAt, List<Node> nodes, List<Edge> edges) {
    this(generatedAtMs, generatedAt, nodes, edges, null);
  }

  /** Kinds of nodes, in the order data flows through them. */
  public static final List<String> KINDS = List.of(Node.SOURCE_TABLE, Node.SOURCE, Node.TRANSFORM, Node.TOPIC,
      Node.WINDOW, Node.SINK, Node.TABLE);

  /**
   * One node.
   *
   * @param id unique in the graph: {@code <kind>:<namespace>/<name>} for datasets, {@code connector:<name>} and
   *     {@code transform:<connector>/<alias>} for what moves data
   * @param kind one of {@link #KINDS}
   * @param label what the page shows
   * @param namespace OpenLineage namespace (datasets: where the data lives; connectors and transforms: the job
   *     namespace)
   * @param name OpenLineage name (datasets: table, topic or file; connectors: the connector's name)
   * @param connector the connector a transform belongs to, or that writes a table
   * @param className the connector's or transform's class
   * @param state the connector's state (RUNNING, PAUSED, FAILED, ...)
   * @param columns a SqlTransform's result columns with the input columns each comes from
   * @param filter input columns that decide which records a SqlTransform keeps
   * @param freshness a sink table's freshness and SLA state
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Node(String id, String kind, String label, String namespace, String name, String connector,
      String className, String state, List<Column> columns, List<String> filter, Freshness freshness) {

    public static final String SOURCE_TABLE = "source-table";
    public static final String SOURCE = "source";
    public static final String TRANSFORM = "transform";
    public static final String TOPIC = "topic";
    public static final String WINDOW = "window";
    public static final String SINK = "sink";
    public static final String TABLE = "table";

    Node withFreshness(Freshness value) {
      return new Node(id, kind, label, namespace, name, connector, className, state, columns, filter, value);
    }
  }

  /** An edge: data flows from {@code from} to {@code to}; {@code kind} is {@code late} for late records. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Edge(String from, String to, String kind) {
  }

  /**
   * A result column of a SqlTransform.
   *
   * @param sources input columns: {@code field} of {@code dataset} (a topic), {@code kind} IDENTITY (copied),
   *     TRANSFORMATION (computed), CONDITIONAL (tested by a CASE)
   */
  public record Column(String name, String type, List<Source> sources) {
  }

  /** One input column of a result column. */
  public record Source(String dataset, String field, String kind) {
  }

  /**
   * A sink table's freshness, over every task writing it.
   *
   * @param committedThroughMs epoch ms up to which every source change is visible in the table (the minimum over
   *     tasks), -1 unknown
   * @param committedThrough the same as an ISO-8601 instant, null when unknown
   * @param ageMs how far behind the graph's time that is, -1 unknown
   * @param p50Ms median record freshness (largest over tasks), -1 unknown
   * @param p99Ms 99th percentile record freshness (largest over tasks), -1 unknown
   * @param slaMs the table's freshness SLA, -1 none
   * @param slaState OK, BREACHED (when any task says so), NONE, or UNKNOWN (a task's worker did not answer)
   * @param unreachableWorkers the workers of the connector's tasks that did not answer; absent when all did
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Freshness(long committedThroughMs, String committedThrough, long ageMs, long p50Ms, long p99Ms,
      long slaMs, String slaState, List<String> unreachableWorkers) {

    public static final String UNKNOWN = "UNKNOWN";

    public Freshness(long committedThroughMs, String committedThrough, long ageMs, long p50Ms, long p99Ms,
        long slaMs, String slaState) {
      this(committedThroughMs, committedThrough, ageMs, p50Ms, p99Ms, slaMs, slaState, null);
    }
  }

  /**
   * A worker that runs sink tasks, as the serving worker saw it.
   *
   * @param id {@code host:port}, as the connectors' task statuses name it
   * @param state {@code SELF} (the worker serving this graph), {@code OK} (answered), {@code UNREACHABLE}
   * @param error why it did not answer
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Worker(String id, String state, String error) {

    public static final String SELF = "SELF";
    public static final String OK = "OK";
    public static final String UNREACHABLE = "UNREACHABLE";
  }
}
