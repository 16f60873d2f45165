// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.lineage.rest;

import io.openlineage.client.OpenLineage;
import io.streamfirst.connect.lineage.LineageRun;
import java.time.Clock;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.apache.kafka.connect.data.Schema;

/**
 * The OpenLineage runs of the connectors that do not report their own (every connector except Streamfirst's
 * CDC sources and sinks, which emit from their tasks), one run per connector while this worker hosts it:
 * START when it is first seen here, RUNNING when its datasets change and periodically, FAIL when the
 * connector or a task is FAILED (a restart that brings it back starts a new run), COMPLETE when it is deleted
 * or moves to another worker.
 */
final class ConnectorRuns implements AutoCloseable {

  /** Streamfirst connectors that emit their own events ({@code openlineage.*} on the connector). */
  static final Set<String> SELF_REPORTING = Set.of("io.streamfirst.connect.cdc.postgres.PostgresCdcSourceConnector",
      "io.streamfirst.connect.cdc.mysql.MySqlCdcSourceConnector",
      "io.streamfirst.connect.clickhouse.ClickHouseSinkConnector",
      "io.streamfirst.connect.iceberg.IcebergSinkConnector");

  /** Starts a run; tests capture events through it. */
  interface Starter {
    LineageRun start(Map<String, String> props, LineageRun.JobType type, Clock clock,
        Map<String, OpenLineage.JobFacet> facets);
  }

  private static final Schema NO_SCHEMA = null;

  private final Map<String, String> lineageProps;
  private final Clock clock;
  private final Predicate<String> hostedHere;
  private final Starter starter;
  private final Map<String, Run> runs = new HashMap<>();

  private static final class Run {
    LineageRun run;
    boolean failed;
  }

  ConnectorRuns(Map<String, String> lineageProps, Clock clock, Predicate<String> hostedHere, Starter starter) {
    this.lineageProps = Map.copyOf(lineageProps);
    this.clock = clock;
    this.hostedHere = hostedHere;
    this.starter = starter;
  }

  static boolean reportsItself(ConnectorSnapshot connector) {
    return SELF_REPORTING.contains(connector.connectorClass());
  }

  /** Brings the runs in line with the cluster's connectors (called by the watcher's thread only). */
  synchronized void update(Collection<ConnectorSnapshot> connectors, GraphBuilder graph,
      Collection<String> extraTopics) {
    Set<String> seen = new HashSet<>();
    Set<String> known = GraphBuilder.knownTopics(connectors, extraTopics);
    for (ConnectorSnapshot connector : connectors) {
      if (reportsItself(connector) || !hostedHere.test(connector.name())) {
        continue;
      }
      seen.add(connector.name());
      Run entry = runs.get(connector.name());
      if (entry != null && entry.failed) {
        if (connector.failed()) {
          continue;
        }
        runs.remove(connector.name()); // restarted after failing: a new run
        entry = null;
      }
      if (entry == null) {
        entry = new Run();
        entry.run = starter.start(props(connector), connector.isSink()
            ? LineageRun.JobType.SINK
            : LineageRun.JobType.SOURCE, clock, Map.of(KafkaConnectJobFacet.NAME, new KafkaConnectJobFacet(connector)));
        runs.put(connector.name(), entry);
      }
      LineageRun run = entry.run;
      ConnectorDatasets datasets = ConnectorDatasets.of(connector, known);
      run.batch(() -> {
        datasets.sourceTables().forEach(t -> run.input(t, NO_SCHEMA));
        datasets.inputTopics().forEach(t -> run.input(graph.topic(t), NO_SCHEMA));
        datasets.outputTopics().forEach(t -> run.output(graph.topic(t), NO_SCHEMA));
        datasets.lateTopics().forEach(t -> run.output(graph.topic(t), NO_SCHEMA));
        datasets.tables().forEach(t -> run.output(t, NO_SCHEMA));
      });
      if (connector.failed()) {
        entry.failed = true;
        run.fail(errorMessage(connector.trace()));
      }
    }
    for (String name : List.copyOf(runs.keySet())) {
      if (!seen.contains(name)) {
        runs.remove(name).run.complete();
      }
    }
  }

  /** The run's configuration: the worker's lineage block, the connector's name, its secret settings to mask. */
  private Map<String, String> props(ConnectorSnapshot connector) {
    Map<String, String> props = new HashMap<>();
    connector.config().forEach((k, v) -> {
      if (!k.startsWith("openlineage.")) {
        props.put(k, v);
      }
    });
    props.putAll(lineageProps);
    props.put("name", connector.name());
    props.remove(LineageRun.RUN_ID);
    return props;
  }

  /**
   * A failure trace as the OpenLineage module reports errors: the class and message of the error and of each
   * cause, without stack frames.
   */
  static String errorMessage(String trace) {
    if (trace == null || trace.isBlank()) {
      return "The connector or one of its tasks failed (no trace in Connect's status)";
    }
    StringBuilder out = new StringBuilder();
    int causes = 0;
    for (String line : trace.split("\\R")) {
      String text = line.strip();
      if (out.isEmpty()) {
        out.append(text);
      } else if (text.startsWith("Caused by: ") && causes++ < 5) {
        out.append("; caused by ").append(text.substring("Caused by: ".length()));
      }
    }
    return out.toString();
  }

  /** Connectors with a run that has not ended. */
  synchronized Set<String> active() {
    Set<String> names = new HashSet<>();
    runs.forEach((name, run) -> {
      if (!run.failed) {
        names.add(name);
      }
    });
    return names;
  }

  /** Ends every run with COMPLETE (the worker stops: another worker takes the connectors over). */
  @Override
  public synchronized void close() {
    runs.values().forEach(r -> r.run.complete());
    runs.clear();
  }
}
