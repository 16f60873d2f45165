// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.it.harness;

import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.connect.runtime.rest.entities.ConnectorStateInfo;

/**
 * The state of a connector and its tasks, as {@code GET /connectors/{name}/status} reports it.
 *
 * @param name connector name
 * @param state {@code RUNNING}, {@code FAILED}, {@code PAUSED}, {@code STOPPED}, {@code UNASSIGNED}
 * @param workerId the worker that runs the connector ({@code host:port})
 * @param trace the stack trace when the connector failed, otherwise null
 * @param tasks the task states, ordered by task id
 */
public record ConnectorStatus(
    String name, String state, String workerId, String trace, List<TaskStatus> tasks) {

  /** State name of a running connector or task. */
  public static final String RUNNING = "RUNNING";
  /** State name of a failed connector or task. */
  public static final String FAILED = "FAILED";

  /** Copies the task list so the status cannot change. */
  public ConnectorStatus {
    tasks = List.copyOf(tasks);
  }

  /**
   * The state of one task.
   *
   * @param id task id
   * @param state {@code RUNNING}, {@code FAILED}, {@code PAUSED}, {@code UNASSIGNED}, ...
   * @param workerId the worker that runs the task ({@code host:port})
   * @param trace the stack trace when the task failed, otherwise null
   */
  public record TaskStatus(int id, String state, String workerId, String trace) {
  }

  static ConnectorStatus from(ConnectorStateInfo info) {
    List<TaskStatus> tasks = new ArrayList<>();
    for (ConnectorStateInfo.TaskState task : info.tasks()) {
      tasks.add(new TaskStatus(task.id(), task.state(), task.workerId(), task.trace()));
    }
    tasks.sort((a, b) -> Integer.compare(a.id(), b.id()));
    return new ConnectorStatus(info.name(), info.connector().state(), info.connector().workerId(),
        info.connector().trace(), tasks);
  }

  /** True when the connector and exactly {@code expectedTasks} tasks are all RUNNING. */
  public boolean isRunning(int expectedTasks) {
    return RUNNING.equals(state) && tasks.size() == expectedTasks
        && tasks.stream().allMatch(t -> RUNNING.equals(t.state()));
  }

  /** True when the connector or any of its tasks is FAILED. */
  public boolean hasFailure() {
    return FAILED.equals(state) || tasks.stream().anyMatch(t -> FAILED.equals(t.state()));
  }

  /** The task with this id. */
  public TaskStatus task(int id) {
    return tasks.stream().filter(t -> t.id() == id).findFirst()
        .orElseThrow(() -> new IllegalArgumentException(
            "Connector " + name + " has no task " + id + "; its tasks are " + tasks));
  }

  /** The traces of the connector and of every failed task, for failure messages. */
  public String failureTraces() {
    StringBuilder out = new StringBuilder();
    if (FAILED.equals(state)) {
      out.append("connector ").append(name).append(" FAILED on ").append(workerId).append(":\n")
          .append(trace).append('\n');
    }
    for (TaskStatus task : tasks) {
      if (FAILED.equals(task.state())) {
        out.append("task ").append(name).append('-').append(task.id()).append(" FAILED on ")
            .append(task.workerId()).append(":\n").append(task.trace()).append('\n');
      }
    }
    return out.toString();
  }

  /** A one-line summary without traces. */
  public String summary() {
    StringBuilder out = new StringBuilder(name).append(": connector ").append(state);
    for (TaskStatus task : tasks) {
      out.append(", task ").append(task.id()).append(' ').append(task.state()).append(" on ")
          .append(task.workerId());
    }
    return out.toString();
  }
}
