// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.lineage.rest;

import io.streamfirst.connect.lineage.rest.LineageGraph.Worker;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Merges what the workers that run sink tasks serve at {@code GET /streamfirst/freshness/local} into the freshness of
 * every sink table. Each task's values are taken only from the worker the task's status names (so a value a
 * worker still publishes for a task that moved away is not counted twice). A connector with a task on a worker
 * that did not answer has every table it writes marked unknown, including tables only seen in earlier merges,
 * until the task's status names a worker that answers.
 */
final class ClusterFreshness {

  /** What one worker answered: its sink tasks' freshness, or why it gave none ({@code error}). */
  record Answer(List<TaskFreshness> tasks, String error) {

    static Answer of(List<TaskFreshness> tasks) {
      return new Answer(List.copyOf(tasks), null);
    }

    static Answer failed(String error) {
      return new Answer(List.of(), error);
    }

    boolean ok() {
      return error == null;
    }
  }

  /**
   * The merge.
   *
   * @param tables per connector, per table: the combined freshness of the tasks whose workers answered
   * @param unreachable per connector with a task on a worker that did not answer: those workers
   * @param workers every worker that runs a task, with its state
   */
  record Merged(Map<String, Map<String, TableFreshness>> tables, Map<String, List<String>> unreachable,
      List<Worker> workers) {
  }

  /** Per connector, every table its tasks have published so far (kept while the connector exists). */
  private final Map<String, Set<String>> seen = new HashMap<>();

  /**
   * @param answers per worker id (every worker a task's status names), what it answered
   * @param selfId this worker's id, or null when not known
   */
  synchronized Merged merge(List<ConnectorSnapshot> connectors, Map<String, Answer> answers, String selfId) {
    Map<String, Map<String, TableFreshness>> tables = new TreeMap<>();
    Map<String, List<String>> unreachable = new TreeMap<>();
    Set<String> names = new HashSet<>();
    for (ConnectorSnapshot connector : connectors) {
      if (!connector.isSink()) {
        continue; // only sinks publish table freshness
      }
      names.add(connector.name());
      Map<String, TableFreshness> own = new TreeMap<>();
      Set<String> missing = new TreeSet<>();
      connector.taskWorkers().forEach((task, worker) -> {
        Answer answer = answers.get(worker);
        if (answer == null || !answer.ok()) {
          missing.add(worker);
          return;
        }
        for (TaskFreshness value : answer.tasks()) {
          if (value.connector().equals(connector.name()) && value.task() == task) {
            own.compute(value.table(), (t, combined) -> value.addTo(combined == null
                ? TableFreshness.NONE
                : combined));
          }
        }
      });
      Set<String> known = seen.computeIfAbsent(connector.name(), n -> new TreeSet<>());
      known.addAll(own.keySet());
      if (!missing.isEmpty()) {
        known.forEach(table -> own.putIfAbsent(table, TableFreshness.NONE));
        unreachable.put(connector.name(), List.copyOf(missing));
      }
      if (!own.isEmpty()) {
        tables.put(connector.name(), own);
      }
    }
    seen.keySet().retainAll(names);
    List<Worker> workers = new TreeMap<>(answers).entrySet().stream().map(e -> e.getValue().ok()
        ? new Worker(e.getKey(), e.getKey().equals(selfId) ? Worker.SELF : Worker.OK, null)
        : new Worker(e.getKey(), Worker.UNREACHABLE, e.getValue().error())).toList();
    return new Merged(tables, unreachable, workers);
  }
}
