// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.cdc.common;

import io.streamfirst.connect.common.ChangeEvents;
import io.streamfirst.connect.lineage.ColumnMapping;
import io.streamfirst.connect.lineage.DatasetId;
import io.streamfirst.connect.lineage.LineageConfig;
import io.streamfirst.connect.lineage.LineageRun;
import io.streamfirst.connect.lineage.SqlTransformLineage;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * The OpenLineage run of a CDC task: each captured table is an input dataset, each topic its changes
 * go to an output dataset. When the connector's transform chain is one SqlTransform, the topic's
 * columns come from the table's columns as the statement says (column lineage); else the topic carries
 * the schema of the records as the task emits them.
 *
 * <p>Per record, only a lookup by topic and schema identity: datasets are described again only when a
 * topic's schema changes.
 */
final class SourceLineage {

  /** Emits nothing. */
  static final SourceLineage DISABLED = new SourceLineage(LineageRun.DISABLED, null, List.of(), source -> null);

  private final LineageRun run;
  private final SqlTransformLineage sql;
  private final List<String> kafkaCluster;
  private final Function<Struct, DatasetId> tableOf;
  /** The value schema last described per topic. */
  private final Map<String, Schema> described = new HashMap<>();

  private SourceLineage(LineageRun run, SqlTransformLineage sql, List<String> kafkaCluster,
      Function<Struct, DatasetId> tableOf) {
    this.run = run;
    this.sql = sql;
    this.kafkaCluster = kafkaCluster;
    this.tableOf = tableOf;
  }

  /** Starts the run (START); {@code tableOf} names the table of a change event's {@code source} block. */
  static SourceLineage start(Map<String, String> props, Clock clock, Function<Struct, DatasetId> tableOf) {
    LineageRun run = LineageRun.start(props, LineageRun.JobType.SOURCE, clock);
    if (!run.enabled()) {
      return new SourceLineage(run, null, List.of(), tableOf);
    }
    return new SourceLineage(run, SqlTransformLineage.of(props, SourceLineage.class.getClassLoader()),
        new LineageConfig(props).kafkaCluster(), tableOf);
  }

  LineageRun run() {
    return run;
  }

  /** Notes the datasets of one change: {@code original} as captured, {@code emitted} as the task returns it. */
  void seen(SourceRecord original, SourceRecord emitted) {
    if (!run.enabled() || emitted == null || !(original.value() instanceof Struct value)) {
      return;
    }
    Schema schema = emitted.valueSchema();
    if (schema == null || described.get(emitted.topic()) == schema) {
      return;
    }
    Struct source = ChangeEvents.sourceOf(value);
    DatasetId table = source == null ? null : tableOf.apply(source);
    if (table == null) {
      return; // heartbeats, transaction markers, schema changes: no table
    }
    described.put(emitted.topic(), schema);
    run.batch(() -> describe(original, emitted, table, schema));
  }

  private void describe(SourceRecord original, SourceRecord emitted, DatasetId table, Schema schema) {
    run.input(table, rowSchema(original.valueSchema()));
    DatasetId topic = DatasetId.kafka(kafkaCluster, emitted.topic());
    ColumnMapping mapping = sql == null
        ? null
        : sql.mapping(table, schema, emitted.keySchema(), SourceLineage::tableColumn);
    if (mapping != null) {
      run.output(topic, mapping);
    } else {
      run.output(topic, schema);
    }
  }

  /** The table's row: the envelope's {@code after} schema, or the schema itself when it is flat. */
  private static Schema rowSchema(Schema schema) {
    if (schema != null && schema.type() == Schema.Type.STRUCT && schema.field("after") != null
        && schema.field("source") != null) {
      return schema.field("after").schema();
    }
    return schema;
  }

  /**
   * The table column a record field path is, or null: the envelope's {@code after.x} / {@code before.x}
   * and the key's {@code _key.x} are column x; a flat row's fields are columns, except the change
   * metadata ({@code __op}, ...); the rest of the envelope and the metadata columns are not.
   */
  static String tableColumn(String path) {
    for (String prefix : List.of("after.", "before.", "_key.")) {
      if (path.startsWith(prefix)) {
        String column = path.substring(prefix.length());
        int dot = column.indexOf('.');
        return dot < 0 ? column : column.substring(0, dot);
      }
    }
    int dot = path.indexOf('.');
    String field = dot < 0 ? path : path.substring(0, dot);
    if (field.startsWith("_") || List.of("op", "ts_ms", "ts_us", "ts_ns", "source", "transaction", "before", "after")
        .contains(field)) {
      return null;
    }
    return field;
  }
}
