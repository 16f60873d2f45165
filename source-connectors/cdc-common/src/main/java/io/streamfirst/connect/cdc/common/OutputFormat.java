// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.cdc.common;

import java.util.Arrays;
import java.util.Locale;

/** What the value of a change record looks like. */
public enum OutputFormat {
  /** The change-event envelope unchanged: {@code before}, {@code after}, {@code op}, {@code source}, {@code ts_ms}. */
  ENVELOPE,
  /** The row after the change plus {@code __op}, {@code __source_ts_ms}, {@code __deleted}. */
  FLAT;

  /** The name used in configuration, lower case. */
  public String configName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses a configured name, ignoring case. */
  public static OutputFormat parse(String name) {
    return valueOf(name.trim().toUpperCase(Locale.ROOT));
  }

  /** All configuration names, for validators and docs. */
  public static String[] configNames() {
    return Arrays.stream(values()).map(OutputFormat::configName).toArray(String[]::new);
  }
}
