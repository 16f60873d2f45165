// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.lineage.rest;

import io.streamfirst.connect.lineage.LineageConfig;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;

/**
 * The REST extension's settings, in the worker configuration: its own {@code streamfirst.lineage.*} keys and
 * the OpenLineage block every Streamfirst connector accepts, prefixed with {@code streamfirst.} (so
 * {@code streamfirst.openlineage.enabled}, {@code streamfirst.openlineage.transport}, ...).
 */
public final class LineageRestConfig extends AbstractConfig {

  public static final String PREFIX = "streamfirst.";
  public static final String GROUP = "Lineage REST extension";
  public static final String WATCH_INTERVAL_MS = "streamfirst.lineage.watch.interval.ms";
  public static final String SCHEMA_SAMPLING_ENABLED = "streamfirst.lineage.schema.sampling.enabled";
  public static final String PEERS_ENABLED = "streamfirst.lineage.peers.enabled";
  public static final String PEER_TIMEOUT_MS = "streamfirst.lineage.peer.timeout.ms";

  public static final ConfigDef CONFIG_DEF = define();

  private static ConfigDef define() {
    ConfigDef def = new ConfigDef()
        .define(WATCH_INTERVAL_MS, Type.LONG, 10_000L, ConfigDef.Range.atLeast(500), Importance.MEDIUM,
            "How often the extension reads the cluster's connectors, their configurations and states (for the"
                + " graph and for OpenLineage events).",
            GROUP, 1, Width.SHORT, "Watch interval (ms)")
        .define(SCHEMA_SAMPLING_ENABLED, Type.BOOLEAN, true, Importance.LOW,
            "Whether the graph shows the column lineage of a sink connector's SqlTransform, from the schema of the"
                + " newest record of its input topic (read with the worker's bootstrap.servers and security settings;"
                + " JsonConverter values with schemas only).",
            GROUP, 2, Width.SHORT, "Column lineage from topic schemas")
        .define(PEERS_ENABLED, Type.BOOLEAN, true, Importance.MEDIUM,
            "Whether the graph shows the freshness of the sink tasks of every worker of the cluster, asked over HTTP"
                + " from each worker that runs a task (GET /streamfirst/freshness/local on the host:port its task"
                + " statuses name, with the scheme of this worker's own REST listener). Off: only the tasks in this"
                + " worker's JVM.",
            GROUP, 3, Width.SHORT, "Freshness from every worker")
        .define(PEER_TIMEOUT_MS, Type.INT, 2_000, ConfigDef.Range.between(100, 60_000), Importance.LOW,
            "How long the graph waits for another worker's freshness (connect and answer); a worker that does not"
                + " answer in time has its tasks' tables shown with unknown freshness.",
            GROUP, 4, Width.SHORT, "Timeout for other workers (ms)");
    for (ConfigDef.ConfigKey key : LineageConfig.CONFIG_DEF.configKeys().values()) {
      String doc = key.name.equals(LineageConfig.KAFKA_CLUSTER)
          ? "The bootstrap servers that name topics (kafka://<first server> + topic). Empty: the worker's"
              + " bootstrap.servers."
          : key.documentation.replace("the connector's job", "a connector's job")
              .replace("The connector", "The extension")
              .replace("Whether the connector emits", "Whether the extension emits, for the connectors that do not"
                  + " emit their own,")
              .replace("with its input and output", "with their input and output")
              .replace("Required when enabled.", "");
      def.define(PREFIX + key.name, key.type, key.defaultValue, key.validator, key.importance, doc.trim(),
          "OpenLineage (REST extension)", key.orderInGroup, key.width, key.displayName);
    }
    return def;
  }

  public LineageRestConfig(Map<?, ?> workerProps) {
    super(CONFIG_DEF, workerProps, false);
  }

  public long watchIntervalMs() {
    return getLong(WATCH_INTERVAL_MS);
  }

  public boolean schemaSamplingEnabled() {
    return getBoolean(SCHEMA_SAMPLING_ENABLED);
  }

  public boolean peersEnabled() {
    return getBoolean(PEERS_ENABLED);
  }

  public int peerTimeoutMs() {
    return getInt(PEER_TIMEOUT_MS);
  }

  /**
   * The scheme of this worker's REST listener ({@code rest.advertised.listener}, else the first of
   * {@code listeners}), with which the other workers are asked: {@code http} or {@code https}.
   */
  static String restScheme(Map<String, String> workerProps) {
    String advertised = workerProps.getOrDefault("rest.advertised.listener", "");
    if (advertised != null && !advertised.isBlank()) {
      return advertised.trim().toLowerCase(java.util.Locale.ROOT).startsWith("https") ? "https" : "http";
    }
    String listeners = workerProps.getOrDefault("listeners", "");
    String first = listeners == null ? "" : listeners.split(",")[0].trim().toLowerCase(java.util.Locale.ROOT);
    return first.startsWith("https://") ? "https" : "http";
  }

  public boolean lineageEnabled() {
    return getBoolean(PREFIX + LineageConfig.ENABLED);
  }

  /** The job namespace of the events and the graph's connectors. */
  public String namespace() {
    return getString(PREFIX + LineageConfig.NAMESPACE);
  }

  /**
   * The {@code openlineage.*} block for {@link io.streamfirst.connect.lineage.LineageRun}, with the worker's
   * bootstrap servers naming topics unless set; validated as a connector's would be.
   */
  public Map<String, String> lineageProps(String workerBootstrapServers) {
    Map<String, String> props = new HashMap<>();
    for (String key : LineageConfig.CONFIG_DEF.names()) {
      Object value = get(PREFIX + key);
      if (value != null) {
        props.put(key, value instanceof Password p
            ? p.value()
            : value instanceof List<?> l
                ? String.join(",", l.stream().map(Object::toString).toList())
                : value.toString());
      }
    }
    if (props.getOrDefault(LineageConfig.KAFKA_CLUSTER, "").isBlank()) {
      props.put(LineageConfig.KAFKA_CLUSTER, workerBootstrapServers == null ? "" : workerBootstrapServers);
    }
    Map<String, String> errors = LineageConfig.validate(props);
    if (!errors.isEmpty()) {
      Map.Entry<String, String> first = errors.entrySet().iterator().next();
      Object value = get(PREFIX + first.getKey());
      throw new ConfigException(PREFIX + first.getKey(), value instanceof Password ? "[hidden]" : value,
          first.getValue());
    }
    return props;
  }

  /** The bootstrap servers that name topics in the graph. */
  public List<String> kafkaCluster(String workerBootstrapServers) {
    String own = getString(PREFIX + LineageConfig.KAFKA_CLUSTER);
    String servers = own.isBlank() ? workerBootstrapServers : own;
    return List.of((servers == null || servers.isBlank() ? "localhost:9092" : servers).split("\\s*,\\s*"));
  }
}
