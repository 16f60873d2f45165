// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.governance;

import io.streamfirst.connect.common.LineageHeaders;
import io.streamfirst.connect.common.PluginVersion;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.connect.components.Versioned;
import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.header.Headers;
import org.apache.kafka.connect.transforms.Transformation;

/**
 * Adds the lineage headers to the records of one connector, by the same rules as
 * {@link LineageProducerInterceptor}: {@code sf.origin} ({@code kafka://<cluster.name>/<topic>} when absent),
 * {@code sf.trace} (the record's {@code traceparent}, else a new one, when absent), {@code hop} appended
 * to {@code sf.path}, within {@code header.budget.bytes}. Headers already present are kept; the input record
 * is never modified (the output carries a copy of its headers).
 */
public class AddLineage<R extends ConnectRecord<R>> implements Transformation<R>, Versioned {

  static final String HOP = "hop";
  static final String CLUSTER_NAME = "cluster.name";
  static final String HEADER_BUDGET_BYTES = "header.budget.bytes";

  private static final String GROUP = "Lineage";

  public static final ConfigDef CONFIG_DEF = new ConfigDef()
      .define(HOP, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, new ConfigDef.NonEmptyStringWithoutControlChars(),
          Importance.HIGH,
          "The name appended to sf.path, normally the connector's name (a transform is not told the name of"
              + " its connector). Must not contain ','.",
          GROUP, 1, Width.MEDIUM, "Hop name")
      .define(CLUSTER_NAME, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, new LineageConfig.ClusterName(),
          Importance.HIGH,
          "The cluster part of the kafka://<cluster>/<topic> origin given to records that arrive without"
              + " sf.origin: the Kafka cluster id or a stable name, the same as the worker interceptors'"
              + " streamfirst.lineage.cluster.name.",
          GROUP, 2, Width.MEDIUM, "Cluster name in origins")
      .define(HEADER_BUDGET_BYTES, Type.INT, LineageConfig.DEFAULT_BUDGET_BYTES,
          ConfigDef.Range.atLeast(LineageConfig.MIN_BUDGET_BYTES), Importance.LOW,
          "Most bytes (UTF-8 name plus value) that sf.origin, sf.trace, sf.path and sf.schema may take"
              + " together on a record; trimmed in the same order as the interceptor's"
              + " streamfirst.lineage.header.budget.bytes.",
          GROUP, 3, Width.SHORT, "Header budget (bytes)");

  private String hop;
  private String clusterName;
  private int budgetBytes;
  private Supplier<String> traces = () -> TraceParents.create(ThreadLocalRandom.current());

  @Override
  public void configure(Map<String, ?> props) {
    AbstractConfig config = new AbstractConfig(CONFIG_DEF, props, false);
    hop = config.getString(HOP);
    if (hop.contains(",")) {
      throw new ConfigException(HOP, hop,
          "sf.path separates hops with ',': choose a hop name without one");
    }
    clusterName = config.getString(CLUSTER_NAME);
    if (clusterName.isEmpty()) {
      throw new ConfigException(CLUSTER_NAME, clusterName,
          "Name the Kafka cluster for kafka://<cluster>/<topic> origins, e.g. its cluster id");
    }
    budgetBytes = config.getInt(HEADER_BUDGET_BYTES);
  }

  /** Tests: where new {@code sf.trace} values come from. */
  void traces(Supplier<String> traces) {
    this.traces = traces;
  }

  @Override
  public R apply(R record) {
    Headers headers = record.headers().duplicate();
    LineageValues current = new LineageValues(read(headers, LineageHeaders.ORIGIN),
        read(headers, LineageHeaders.TRACE), read(headers, LineageHeaders.PATH),
        read(headers, LineageHeaders.SCHEMA));
    LineageValues stamped = LineageRules.stamp(current, read(headers, TraceParents.HEADER),
        "kafka://" + clusterName + "/" + record.topic(), null, hop, traces, budgetBytes).values();
    replace(headers, LineageHeaders.ORIGIN, current.origin(), stamped.origin());
    replace(headers, LineageHeaders.TRACE, current.trace(), stamped.trace());
    replace(headers, LineageHeaders.PATH, current.path(), stamped.path());
    replace(headers, LineageHeaders.SCHEMA, current.schema(), stamped.schema());
    return record.newRecord(record.topic(), record.kafkaPartition(), record.keySchema(), record.key(),
        record.valueSchema(), record.value(), record.timestamp(), headers);
  }

  private static String read(Headers headers, String name) {
    return LineageHeaders.stringValue(headers.lastWithName(name));
  }

  private static void replace(Headers headers, String name, String before, String after) {
    if (Objects.equals(before, after)) {
      return;
    }
    headers.remove(name);
    if (after != null) {
      headers.addString(name, after);
    }
  }

  @Override
  public ConfigDef config() {
    return CONFIG_DEF;
  }

  @Override
  public void close() {
    // Nothing held.
  }

  @Override
  public String version() {
    return PluginVersion.of(AddLineage.class);
  }
}
