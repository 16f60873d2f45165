// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.clickhouse;

import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/** Accepts a Java regular expression (or nothing); names the key, never echoes the input. */
final class RegexValidator implements ConfigDef.Validator {

  @Override
  public void ensureValid(String name, Object value) {
    if (value == null || value.toString().isEmpty()) {
      return;
    }
    try {
      Pattern.compile(value.toString());
    } catch (PatternSyntaxException e) {
      throw new ConfigException(name, value, "is not a valid Java regular expression (" + e.getDescription()
          + " near index " + e.getIndex() + ")");
    }
  }

  @Override
  public String toString() {
    return "a Java regular expression";
  }
}
