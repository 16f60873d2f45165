// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.governance;

import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.ConfigException;

/**
 * The lineage interceptors' settings, read from the Kafka client's own configuration: on a worker they
 * are set with the {@code producer.} and {@code consumer.} prefixes ({@code producer.streamfirst.lineage.enabled}),
 * per connector with {@code producer.override.} and {@code consumer.override.} where the worker's
 * {@code connector.client.config.override.policy} allows.
 */
final class LineageConfig extends AbstractConfig {

  static final String ENABLED = "streamfirst.lineage.enabled";
  static final String CLUSTER_NAME = "streamfirst.lineage.cluster.name";
  static final String HEADER_BUDGET_BYTES = "streamfirst.lineage.header.budget.bytes";
  static final String SCHEMA_ID_ENABLED = "streamfirst.lineage.schema.id.enabled";

  /** The smallest budget: a {@code sf.trace} (63 bytes) and a short {@code sf.path} always fit. */
  static final int MIN_BUDGET_BYTES = 100;
  static final int DEFAULT_BUDGET_BYTES = 200;

  private static final String GROUP = "Lineage";

  static final ConfigDef CONFIG_DEF = new ConfigDef()
      .define(ENABLED, Type.BOOLEAN, true, Importance.HIGH,
          "Producer: add the lineage headers to every record a source connector's task produces. Consumer:"
              + " record what each sink connector's task consumes. false: records pass unchanged and"
              + " nothing is recorded.",
          GROUP, 1, Width.SHORT, "Lineage enabled")
      .define(CLUSTER_NAME, Type.STRING, "", new ClusterName(), Importance.MEDIUM,
          "Producer only. The cluster part of the kafka://<cluster>/<topic> origin given to records that"
              + " arrive without sf.origin. Empty: the first address of the producer's bootstrap.servers"
              + " (host:port). Set it to the Kafka cluster id or a stable name so that origins do not"
              + " change when brokers move.",
          GROUP, 2, Width.MEDIUM, "Cluster name in origins")
      .define(HEADER_BUDGET_BYTES, Type.INT, DEFAULT_BUDGET_BYTES, ConfigDef.Range.atLeast(MIN_BUDGET_BYTES),
          Importance.LOW,
          "Producer only. Most bytes (UTF-8 name plus value) that sf.origin, sf.trace, sf.path and"
              + " sf.schema may take together on a record. Over it, in this order until they fit: the"
              + " oldest hops of sf.path are replaced by one '...' hop (the newest hop stays), sf.schema is"
              + " removed, sf.origin is removed, sf.path becomes its newest hop cut to the bytes left"
              + " (ending in '...'), sf.trace is removed. Other headers are neither counted nor changed.",
          GROUP, 3, Width.SHORT, "Header budget (bytes)")
      .define(SCHEMA_ID_ENABLED, Type.BOOLEAN, false, Importance.LOW,
          "Producer only. Set sf.schema (when absent) to the schema registry id of record values in the"
              + " registry wire format (magic byte 0, then a 4-byte id). Turn it on only when every"
              + " connector on the worker writes values with a registry converter: any other value whose"
              + " first byte is 0 would be read as one.",
          GROUP, 4, Width.SHORT, "Schema id from wire format");

  LineageConfig(Map<String, ?> clientConfigs) {
    // false: never log the client's configuration, it may hold credentials.
    super(CONFIG_DEF, clientConfigs, false);
  }

  boolean enabled() {
    return getBoolean(ENABLED);
  }

  int headerBudgetBytes() {
    return getInt(HEADER_BUDGET_BYTES);
  }

  boolean schemaIdEnabled() {
    return getBoolean(SCHEMA_ID_ENABLED);
  }

  /** The configured cluster name, else the first bootstrap address, else {@code unknown}. */
  String clusterName() {
    String configured = getString(CLUSTER_NAME);
    if (!configured.isEmpty()) {
      return configured;
    }
    Object bootstrap = originals().get(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG);
    String first = null;
    if (bootstrap instanceof List<?> list && !list.isEmpty()) {
      first = String.valueOf(list.get(0));
    } else if (bootstrap instanceof String text) {
      first = text.split(",")[0];
    }
    return first == null || first.isBlank() ? "unknown" : first.trim();
  }

  /** Characters that would break the {@code kafka://<cluster>/<topic>} URI are refused. */
  static final class ClusterName implements ConfigDef.Validator {
    @Override
    public void ensureValid(String name, Object value) {
      String text = (String) value;
      if (text != null && !text.matches("[A-Za-z0-9._:\\-]*")) {
        throw new ConfigException(name, value,
            "Use letters, digits, '.', '_', ':' and '-' only, e.g. the Kafka cluster id");
      }
    }

    @Override
    public String toString() {
      return "letters, digits, '.', '_', ':', '-'";
    }
  }
}
