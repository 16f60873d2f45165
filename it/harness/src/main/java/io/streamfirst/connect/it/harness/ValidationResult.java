// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.it.harness;

import java.util.List;
import java.util.Map;

/**
 * What {@code PUT /connector-plugins/{class}/config/validate} answered: the error count and, for
 * each config key that has errors, its error messages.
 *
 * @param connectorClass the connector class that was validated
 * @param errorCount the total number of errors the worker counted
 * @param errors config key to its error messages; keys without errors are absent
 */
public record ValidationResult(String connectorClass, int errorCount, Map<String, List<String>> errors) {

  /** Copies the map so the result cannot change. */
  public ValidationResult {
    errors = Map.copyOf(errors);
  }

  /** True when the worker found no error. */
  public boolean isValid() {
    return errorCount == 0;
  }

  /** The error messages of {@code key}, empty when it has none. */
  public List<String> errorsFor(String key) {
    return errors.getOrDefault(key, List.of());
  }
}
