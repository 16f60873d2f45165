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

  /** Adds the common options to {@code def} and returns it. */
  public static ConfigDef define(ConfigDef def) {
    int order = 0;
    return def
        .define(OUTPUT_FORMAT, Type.STRING, OutputFormat.ENVELOPE.configName(),
            ConfigDef.CaseInsensitiveValidString.in(OutputFormat.configNames()), Importance.HIGH,
            OUTPUT_FORMAT_DOC, GROUP_OUTPUT, ++order, Width.SHORT, "Output format")
        .define(LINEAGE_HEADERS_ENABLED, Type.BOOLEAN, true, Importance.MEDIUM,
            LINEAGE_HEADERS_ENABLED_DOC, GROUP_OUTPUT, ++order, Width.SHORT, "Lineage headers");
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
}
