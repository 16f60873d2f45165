// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.lineage.rest;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * What {@code GET /streamfirst/freshness/local} returns: the freshness of every sink task's tables in this
 * worker's JVM, for the other workers' {@code /streamfirst/lineage}.
 *
 * @param instance a random id of this extension instance, by which a worker recognises its own answer
 * @param workerId this worker's id when it knows it (one worker in the JVM), else absent
 * @param generatedAtMs when the values were read (epoch ms)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record LocalFreshness(String instance, String workerId, long generatedAtMs, List<TaskFreshness> tasks) {

  public LocalFreshness {
    tasks = tasks == null ? List.of() : List.copyOf(tasks);
  }
}
