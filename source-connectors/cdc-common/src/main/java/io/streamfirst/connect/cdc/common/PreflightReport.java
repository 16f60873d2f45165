// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.cdc.common;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigValue;

/**
 * What the preflight checks of a CDC source found: errors attached to the config key they concern,
 * and warnings that do not block the connector. Secrets never go into a message: {@link #redact}
 * removes the password from any text taken from a driver.
 */
public final class PreflightReport {

  private final Map<String, List<String>> errors = new LinkedHashMap<>();
  private final List<String> warnings = new ArrayList<>();

  /** Records an error on {@code key}. */
  public PreflightReport error(String key, String message) {
    errors.computeIfAbsent(key, k -> new ArrayList<>()).add(message);
    return this;
  }

  /** Records a warning. */
  public PreflightReport warning(String message) {
    warnings.add(message);
    return this;
  }

  public Map<String, List<String>> errors() {
    return errors;
  }

  public List<String> warnings() {
    return warnings;
  }

  public boolean hasErrors() {
    return !errors.isEmpty();
  }

  /**
   * Adds the errors to the matching entries of {@code values} (creating entries for keys that have
   * none) and, when there are warnings, sets them, joined, as the value of {@code warningsKey}.
   */
  public void addTo(Map<String, ConfigValue> values, String warningsKey) {
    errors.forEach((key, messages) -> {
      ConfigValue value = values.computeIfAbsent(key, ConfigValue::new);
      messages.forEach(value::addErrorMessage);
    });
    ConfigValue warningValue = values.computeIfAbsent(warningsKey, ConfigValue::new);
    warningValue.value(String.join("\n", warnings));
  }

  /** {@code text} with every occurrence of {@code secret} replaced, for messages taken from drivers. */
  public static String redact(String text, String secret) {
    if (text == null) {
      return "";
    }
    return secret == null || secret.isEmpty() ? text : text.replace(secret, "[hidden]");
  }
}
