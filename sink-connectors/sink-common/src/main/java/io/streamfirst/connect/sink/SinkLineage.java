// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.sink;

import io.streamfirst.connect.common.ChangeShape;
import io.streamfirst.connect.lineage.ColumnMapping;
import io.streamfirst.connect.lineage.DatasetId;
import io.streamfirst.connect.lineage.LineageConfig;
import io.streamfirst.connect.lineage.LineageRun;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;

/**
 * The OpenLineage run of a sink task: each topic it consumes is an input dataset, each table it writes
 * an output dataset with the schema of the rows written. Without transforms, the table's columns are
 * copies of the topic's fields of the same name (the envelope's {@code after.x}, or the flat row's
 * {@code x}): identity column lineage. With transforms, the record the task sees is no longer the
 * topic's, so the table carries its schema but no column lineage (documented).
 *
 * <p>Per record, a comparison with the previous record's topic, table and schemas (the schemas by
 * identity); only a record that differs in one of them is looked up by topic and table.
 */
public final class SinkLineage {

  /** Emits nothing. */
  public static final SinkLineage DISABLED = new SinkLineage(LineageRun.DISABLED, List.of(), true);

  private final LineageRun run;
  private final List<String> kafkaCluster;
  private final boolean transformed;
  private final Map<String, Schema> topics = new HashMap<>();
  private final Map<Object, Schema> tables = new HashMap<>();
  private final Map<Object, DatasetId> tableIds = new HashMap<>();
  // the previous record's, all of them described already
  private String lastTopic;
  private Schema lastTopicSchema;
  private Object lastTable;
  private Schema lastRowSchema;

  private SinkLineage(LineageRun run, List<String> kafkaCluster, boolean transformed) {
    this.run = run;
    this.kafkaCluster = kafkaCluster;
    this.transformed = transformed;
  }

  /** Starts the run of a sink task configured with {@code props} (START); {@link #DISABLED} when lineage is off. */
  public static SinkLineage start(Map<String, String> props, Clock clock) {
    LineageRun run = LineageRun.start(props, LineageRun.JobType.SINK, clock);
    if (!run.enabled()) {
      return DISABLED;
    }
    String transforms = props.get("transforms");
    return new SinkLineage(run, new LineageConfig(props).kafkaCluster(), transforms != null && !transforms.isBlank());
  }

  /** The name of the run facet with each table's committed-through time and SLA state on RUNNING events. */
  public static final String FRESHNESS_FACET = "streamfirst_freshness";
  /** The JSON schema of {@link #FRESHNESS_FACET} (described in the openlineage module's README). */
  public static final java.net.URI FRESHNESS_FACET_SCHEMA = java.net.URI.create(
      "https://streamfirst.io/connect/openlineage/facets/1-0-0/StreamfirstFreshnessRunFacet.json"
          + "#/$defs/StreamfirstFreshnessRunFacet");

  /**
   * Starts the run as {@link #start(Map, Clock)} does, with the freshness of the task's tables
   * ({@link #FRESHNESS_FACET}: table, committed-through time, SLA and its state) on every RUNNING event.
   */
  public static SinkLineage start(Map<String, String> props, Clock clock, TableFreshness freshness) {
    SinkLineage lineage = start(props, clock);
    lineage.run.runningFacet(FRESHNESS_FACET, FRESHNESS_FACET_SCHEMA, () -> Map.of("tables", freshness.snapshot()));
    return lineage;
  }

  /** A UTC clock reading {@code millis}, for tasks paced by another time source. */
  public static Clock clockOf(java.util.function.LongSupplier millis) {
    return new Clock() {
      @Override
      public java.time.ZoneId getZone() {
        return java.time.ZoneOffset.UTC;
      }

      @Override
      public Clock withZone(java.time.ZoneId zone) {
        return this;
      }

      @Override
      public java.time.Instant instant() {
        return java.time.Instant.ofEpochMilli(millis.getAsLong());
      }
    };
  }

  /** The run, for its metrics. */
  public LineageRun run() {
    return run;
  }

  /**
   * Notes that a change of {@code view}'s record went to the table {@code table} (any key the sink uses
   * for a table), named for OpenLineage by {@code naming} when first seen.
   */
  public <T> void written(ChangeView view, T table, Function<T, DatasetId> naming) {
    if (!run.enabled()) {
      return;
    }
    String topic = view.record().originalTopic();
    Schema topicSchema = view.record().valueSchema();
    Schema rowSchema = view.rowSchema();
    if (topicSchema == lastTopicSchema && rowSchema == lastRowSchema && lastTable != null
        && (topic == lastTopic || topic.equals(lastTopic)) && (table == lastTable || table.equals(lastTable))) {
      return; // the same as the previous record: the per-record path
    }
    if (!(topics.get(topic) == topicSchema && topics.containsKey(topic)
        && (rowSchema == null || (tables.get(table) == rowSchema && tables.containsKey(table))))) {
      run.batch(() -> describe(view, table, naming));
    }
    lastTopic = topic;
    lastTopicSchema = topicSchema;
    lastTable = table;
    lastRowSchema = rowSchema;
  }

  private <T> void describe(ChangeView view, T table, Function<T, DatasetId> naming) {
    String topic = view.record().originalTopic();
    Schema topicSchema = view.record().valueSchema();
    DatasetId input = null;
    if (!topics.containsKey(topic) || topics.get(topic) != topicSchema) {
      topics.put(topic, topicSchema);
      input = DatasetId.kafka(kafkaCluster, topic);
      run.input(input, transformed ? null : topicSchema);
    }
    Schema rowSchema = view.rowSchema();
    if (rowSchema == null || (tables.containsKey(table) && tables.get(table) == rowSchema)) {
      return;
    }
    tables.put(table, rowSchema);
    DatasetId output = tableIds.computeIfAbsent(table, t -> naming.apply(table));
    if (transformed || rowSchema.type() != Schema.Type.STRUCT) {
      run.output(output, rowSchema);
      return;
    }
    String prefix = view.shape() == ChangeShape.ENVELOPE ? "after." : "";
    List<ColumnMapping.Column> columns = new ArrayList<>();
    for (Field field : rowSchema.fields()) {
      columns.add(new ColumnMapping.Column(field.name(), typeName(field.schema()),
          List.of(new ColumnMapping.Source(prefix + field.name(), ColumnMapping.Kind.IDENTITY))));
    }
    run.output(output, new ColumnMapping(input != null ? input : DatasetId.kafka(kafkaCluster, topic),
        List.copyOf(columns), List.of()));
  }

  private static String typeName(Schema schema) {
    return schema.name() != null && schema.type() != Schema.Type.STRUCT ? schema.name() : schema.type().name();
  }

  /** Emits FAIL with the error (secrets of the configuration masked); nothing after it. */
  public void fail(Throwable error) {
    run.fail(error);
  }

  /** Emits COMPLETE unless the run failed. */
  public void complete() {
    run.complete();
  }
}
