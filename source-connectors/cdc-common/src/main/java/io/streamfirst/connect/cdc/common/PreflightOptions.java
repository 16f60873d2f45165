// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.cdc.common;

import java.util.Arrays;
import java.util.Locale;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;

/**
 * The preflight options every Streamfirst CDC source has: whether validation connects and checks the
 * database, what it does about captured tables that downstream consumers cannot key or fully apply,
 * and the output-only key that carries the warnings in the REST validation result.
 */
public final class PreflightOptions {

  public static final String GROUP = "Streamfirst preflight";

  public static final String ENABLED = CdcOptions.PREFIX + "preflight.enabled";

  public static final String WARNINGS = CdcOptions.PREFIX + "preflight.warnings";
  private static final String WARNINGS_DOC = "Output only: `config/validate` reports the preflight"
      + " warnings as this key's value (tables named, how to fix). A value given here is ignored.";

  /** What the preflight does about a captured table that fails the database's table check. */
  public enum TableCheck {
    WARN, FAIL, IGNORE;

    public static String[] configNames() {
      return Arrays.stream(values()).map(v -> v.name().toLowerCase(Locale.ROOT)).toArray(String[]::new);
    }
  }

  private PreflightOptions() {}

  /**
   * Adds, in this order, {@link #ENABLED} (documented by {@code enabledDoc}: what the checks are), the
   * database's table check {@code tableCheckKey} (a {@link TableCheck}, default {@code warn}) and
   * {@link #WARNINGS} to {@code def}.
   */
  public static ConfigDef define(ConfigDef def, String enabledDoc, String tableCheckKey, String tableCheckDoc,
      String tableCheckDisplayName) {
    int order = 0;
    return def
        .define(ENABLED, Type.BOOLEAN, true, Importance.MEDIUM, enabledDoc, GROUP, ++order, Width.SHORT,
            "Preflight checks")
        .define(tableCheckKey, Type.STRING, "warn",
            ConfigDef.CaseInsensitiveValidString.in(TableCheck.configNames()), Importance.MEDIUM, tableCheckDoc,
            GROUP, ++order, Width.SHORT, tableCheckDisplayName)
        .define(WARNINGS, Type.STRING, "", Importance.LOW, WARNINGS_DOC, GROUP, ++order, Width.LONG,
            "Preflight warnings (output)");
  }
}
