// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.cdc.common;

import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;

/**
 * The options every Streamfirst CDC source adds on top of the underlying connector's own. They all
 * start with {@value #PREFIX}, so they can never collide with an option of the underlying
 * connector, which passes through unchanged.
 */
public final class CdcOptions extends AbstractConfig {

  /** The prefix of every Streamfirst option. */
  public static final String PREFIX = "streamfirst.";
  public static final String GROUP_OUTPUT = "Streamfirst output";

  public static final String OUTPUT_FORMAT = PREFIX + "output.format";
  private static final String OUTPUT_FORMAT_DOC = "Shape of each change record's value. `envelope`: the"
      + " change-event envelope (`before`, `after`, `op`, `source`, `ts_ms`) unchanged, so every"
      + " envelope-aware tool keeps working. `flat`: the row after the change (before it, for a delete)"
      + " plus `__op` (c/u/d/r), `__source_ts_ms` and `__deleted` (\"true\"/\"false\"); deletes are still"
      + " followed by a tombstone unless `tombstones.on.delete=false`; truncate events are dropped.";

  public static final String LINEAGE_HEADERS_ENABLED = PREFIX + "lineage.headers.enabled";
  private static final String LINEAGE_HEADERS_ENABLED_DOC = "Add the lineage headers to every record:"
      + " `sf.origin` (dataset URI), `sf.source.ts` (commit time, epoch ms), `sf.source.pos` (source"
      + " position), `sf.tx` (transaction id) and the connector name appended to `sf.path`.";

  public static final String GROUP_AVAILABILITY = "Streamfirst availability";

  public static final String DATABASE_UNAVAILABLE_MAX_MS = PREFIX + "database.unavailable.max.ms";
  public static final long DATABASE_UNAVAILABLE_MAX_MS_DEFAULT = 300_000L;
  private static final String DATABASE_UNAVAILABLE_MAX_MS_DOC = "How long the task keeps retrying while it"
      + " cannot reach its database (connection refused, reset or timed out, host unknown, server shutting"
      + " down or starting up), whether that happens when the task starts or while it captures. Meanwhile the"
      + " task stays RUNNING, logs a warning per attempt and tries again after 1 s, doubling up to"
      + " `retriable.restart.connector.wait.ms` (10 s); once the database answers it resumes from the last"
      + " committed offset. A capture that stays silent for 30 s (or half this time, when shorter) is checked"
      + " with a short connection, which notices a server lost while the binlog reader reconnects in the"
      + " background. When the database is still unreachable after this time, the task FAILS with a message"
      + " naming the database (host:port) and how long it was unreachable. 0: fail at the first such error."
      + " Permanent errors (login refused, privilege missing, replication slot or binlog position gone) fail"
      + " the task at once whatever this is.";

  /** Debezium's pause between restarts after a retriable error; caps the backoff between attempts. */
  public static final String RETRIABLE_RESTART_WAIT_MS = "retriable.restart.connector.wait.ms";
  static final long RETRIABLE_RESTART_WAIT_MS_DEFAULT = 10_000L;

  /**
   * Debezium's option for its {@code __debezium.context.*} headers (logical name, task id, connector
   * name, run id on every record), which the lineage headers replace.
   */
  public static final String DEBEZIUM_CONTEXT_HEADERS = "extended.headers.enabled";

  private CdcOptions(ConfigDef def, Map<String, ?> props) {
    super(def, props, false);
  }

  /** Reads the common options out of a full connector or task configuration. */
  public static CdcOptions of(Map<String, ?> props) {
    return new CdcOptions(define(new ConfigDef()), props);
  }

  /** Adds the common options (and the {@code openlineage.*} block) to {@code def} and returns it. */
  public static ConfigDef define(ConfigDef def) {
    int order = 0;
    io.streamfirst.connect.lineage.LineageConfig.define(def);
    return def
        .define(OUTPUT_FORMAT, Type.STRING, OutputFormat.ENVELOPE.configName(),
            ConfigDef.CaseInsensitiveValidString.in(OutputFormat.configNames()), Importance.HIGH,
            OUTPUT_FORMAT_DOC, GROUP_OUTPUT, ++order, Width.SHORT, "Output format")
        .define(LINEAGE_HEADERS_ENABLED, Type.BOOLEAN, true, Importance.MEDIUM,
            LINEAGE_HEADERS_ENABLED_DOC, GROUP_OUTPUT, ++order, Width.SHORT, "Lineage headers")
        .define(DATABASE_UNAVAILABLE_MAX_MS, Type.LONG, DATABASE_UNAVAILABLE_MAX_MS_DEFAULT,
            ConfigDef.Range.atLeast(0), Importance.MEDIUM, DATABASE_UNAVAILABLE_MAX_MS_DOC, GROUP_AVAILABILITY, 1,
            Width.SHORT, "Database unavailable, max (ms)");
  }

  /**
   * Adds the Debezium defaults every Streamfirst CDC source shares to {@code debeziumConfig} (a full
   * connector configuration; options it sets are kept): with lineage headers on, Debezium's context
   * headers are off, so a record does not carry the connector's identity twice. Reads the options
   * leniently: validation reports bad values on their own fields.
   */
  public static void applySharedDefaults(Map<String, String> debeziumConfig) {
    String lineage = debeziumConfig.get(LINEAGE_HEADERS_ENABLED);
    if (lineage == null || !lineage.trim().equalsIgnoreCase("false")) {
      debeziumConfig.putIfAbsent(DEBEZIUM_CONTEXT_HEADERS, "false");
    }
  }

  public OutputFormat outputFormat() {
    return OutputFormat.parse(getString(OUTPUT_FORMAT));
  }

  public boolean lineageHeadersEnabled() {
    return getBoolean(LINEAGE_HEADERS_ENABLED);
  }

  /** {@value #DATABASE_UNAVAILABLE_MAX_MS}. */
  public long databaseUnavailableMaxMs() {
    return getLong(DATABASE_UNAVAILABLE_MAX_MS);
  }

  /**
   * The longest pause between two attempts to reach the database: Debezium's
   * {@value #RETRIABLE_RESTART_WAIT_MS} from {@code props} (10 s when unset or not a positive number).
   */
  public static long maxRetryBackoffMs(Map<String, String> props) {
    String value = props.get(RETRIABLE_RESTART_WAIT_MS);
    try {
      long parsed = value == null ? RETRIABLE_RESTART_WAIT_MS_DEFAULT : Long.parseLong(value.trim());
      return parsed > 0 ? parsed : RETRIABLE_RESTART_WAIT_MS_DEFAULT;
    } catch (NumberFormatException e) {
      return RETRIABLE_RESTART_WAIT_MS_DEFAULT;
    }
  }
}
