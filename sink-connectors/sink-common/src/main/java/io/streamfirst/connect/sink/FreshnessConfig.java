// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.sink;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.ConfigException;

/**
 * The freshness SLA settings every Streamfirst sink shares: a default SLA for all tables
 * ({@value #SLA_MS}) and per-table SLAs by name pattern ({@value #SLA_TABLES}). Each sink adds them
 * to its own ConfigDef with {@link #define}.
 */
public final class FreshnessConfig {

  public static final String GROUP = "Freshness";
  public static final String ENABLED = "freshness.enabled";
  public static final String SLA_MS = "freshness.sla.ms";
  public static final String SLA_TABLES = "freshness.sla.tables";
  /** No SLA: the table's SLA state is {@code NONE}. */
  public static final long NO_SLA = -1;

  private final boolean enabled;
  private final long defaultSlaMs;
  private final List<Rule> rules;

  private record Rule(String glob, Pattern pattern, long slaMs) {
  }

  /** Adds the freshness settings to {@code def}. */
  public static ConfigDef define(ConfigDef def) {
    int order = 0;
    return def
        .define(ENABLED, Type.BOOLEAN, true, Importance.LOW,
            "Track each table's committed-through source time and SLA state (JMX, plugin metrics tagged with the"
                + " table, the OpenLineage freshness facet). false: only the task's freshness metrics are kept;"
                + " CDC heartbeat records are still skipped.",
            GROUP, ++order, Width.SHORT, "Per-table freshness")
        .define(SLA_MS, Type.LONG, NO_SLA, ConfigDef.Range.atLeast(NO_SLA), Importance.MEDIUM,
            "Freshness SLA of every table this connector writes, in milliseconds: a table breaches it when its"
                + " committed-through source time is older than this. Checked every second. -1: no SLA (state"
                + " NONE) unless " + SLA_TABLES + " gives one.",
            GROUP, ++order, Width.SHORT, "Freshness SLA (ms)")
        .define(SLA_TABLES, Type.LIST, "", new RulesValidator(), Importance.MEDIUM,
            "Per-table freshness SLAs as a comma-separated list of pattern:milliseconds, e.g."
                + " 'orders*:5000,audit_*:-1'. The pattern matches the table name as the sink names it, '*'"
                + " standing for any characters; the first matching entry wins, tables no entry matches get "
                + SLA_MS + ". -1 turns the SLA off for the tables matched.",
            GROUP, ++order, Width.LONG, "Per-table freshness SLAs");
  }

  /** Reads the settings from a connector's or task's properties (validated by the sink's ConfigDef). */
  public FreshnessConfig(Map<String, ?> props) {
    Object enabledValue = props.get(ENABLED);
    this.enabled = enabledValue == null || !"false".equalsIgnoreCase(enabledValue.toString().trim());
    Object sla = props.get(SLA_MS);
    this.defaultSlaMs = sla == null || sla.toString().isBlank() ? NO_SLA : Long.parseLong(sla.toString().trim());
    Object tables = props.get(SLA_TABLES);
    this.rules = tables == null ? List.of() : parse(tables instanceof List<?> list ? list : split(tables.toString()));
  }

  /** The SLA of {@code table} in milliseconds, or {@link #NO_SLA}. */
  public long slaMs(String table) {
    for (Rule rule : rules) {
      if (rule.pattern().matcher(table).matches()) {
        return rule.slaMs();
      }
    }
    return defaultSlaMs;
  }

  /** Whether tables are tracked ({@value #ENABLED}). */
  public boolean enabled() {
    return enabled;
  }

  /** Whether any table can have an SLA (else nothing needs checking by time). */
  public boolean anySla() {
    return enabled && defaultSlaMs != NO_SLA || rules.stream().anyMatch(r -> r.slaMs() != NO_SLA);
  }

  private static List<String> split(String text) {
    List<String> out = new ArrayList<>();
    for (String part : text.split(",")) {
      if (!part.isBlank()) {
        out.add(part.trim());
      }
    }
    return out;
  }

  private static List<Rule> parse(List<?> entries) {
    List<Rule> out = new ArrayList<>();
    for (Object entry : entries) {
      String text = entry.toString().trim();
      if (text.isEmpty()) {
        continue;
      }
      int colon = text.lastIndexOf(':');
      if (colon <= 0 || colon == text.length() - 1) {
        throw new ConfigException(SLA_TABLES, text, "each entry is pattern:milliseconds, e.g. orders*:5000");
      }
      String glob = text.substring(0, colon).trim();
      long slaMs;
      try {
        slaMs = Long.parseLong(text.substring(colon + 1).trim());
      } catch (NumberFormatException e) {
        throw new ConfigException(SLA_TABLES, text, "the part after the last ':' must be a number of milliseconds"
            + " (or -1 for no SLA)");
      }
      if (slaMs < NO_SLA) {
        throw new ConfigException(SLA_TABLES, text, "the SLA must be at least 0 ms, or -1 for no SLA");
      }
      out.add(new Rule(glob, globPattern(glob), slaMs));
    }
    return List.copyOf(out);
  }

  private static Pattern globPattern(String glob) {
    StringBuilder regex = new StringBuilder();
    String[] literals = glob.split("\\*", -1);
    for (int i = 0; i < literals.length; i++) {
      if (i > 0) {
        regex.append(".*");
      }
      if (!literals[i].isEmpty()) {
        regex.append(Pattern.quote(literals[i]));
      }
    }
    return Pattern.compile(regex.toString(), Pattern.DOTALL);
  }

  private static final class RulesValidator implements ConfigDef.Validator {
    @Override
    public void ensureValid(String name, Object value) {
      if (value instanceof List<?> list) {
        parse(list);
      }
    }

    @Override
    public String toString() {
      return "comma-separated pattern:milliseconds entries ('*' matches any characters)";
    }
  }
}
