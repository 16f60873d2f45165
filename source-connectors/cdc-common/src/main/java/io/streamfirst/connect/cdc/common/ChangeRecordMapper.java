// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.cdc.common;

import io.streamfirst.connect.common.ChangeEvents;
import io.streamfirst.connect.common.ChangeOp;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.header.Headers;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * Turns one record of the underlying connector into what a Streamfirst CDC source emits: lineage
 * headers added and, with the flat format, the envelope replaced by the flat row. Records that are
 * not change events (heartbeats, transaction markers) keep their value and get the headers that
 * their source offset allows.
 *
 * <p>Not thread-safe: one instance per task, called from the task's poll thread.
 */
public final class ChangeRecordMapper {

  private final String hop;
  private final OutputFormat format;
  private final boolean lineageHeaders;
  private final SourceInfoReader reader;
  private final FlatChangeEvents flat = new FlatChangeEvents();
  /** The last delete seen, so the tombstone that follows it carries the same lineage. */
  private LastDelete lastDelete;

  /**
   * @param hop the name appended to {@code sf.path}: the connector's name
   */
  public ChangeRecordMapper(String hop, CdcOptions options, SourceInfoReader reader) {
    this.hop = Objects.requireNonNull(hop, "hop");
    this.format = options.outputFormat();
    this.lineageHeaders = options.lineageHeadersEnabled();
    this.reader = Objects.requireNonNull(reader, "reader");
  }

  /** The record to emit instead of {@code record}, or null to drop it (flat format, no row). */
  public SourceRecord map(SourceRecord record) {
    Object value = record.value();
    boolean envelope = value instanceof Struct && ChangeEvents.isEnvelope(value);
    ChangeLineage lineage = lineageHeaders ? lineageOf(record, value, envelope) : null;
    Object outValue = value;
    org.apache.kafka.connect.data.Schema outSchema = record.valueSchema();
    if (envelope && format == OutputFormat.FLAT) {
      Struct flatRow = flat.flatten((Struct) value);
      if (flatRow == null) {
        return null;
      }
      outValue = flatRow;
      outSchema = flatRow.schema();
    }
    if (lineage == null && outValue == value) {
      return record;
    }
    // A copy: Debezium gives a delete and the tombstone after it the same Headers instance.
    Headers headers = record.headers().duplicate();
    if (lineage != null) {
      lineage.applyTo(headers, hop);
    }
    return record.newRecord(record.topic(), record.kafkaPartition(), record.keySchema(), record.key(),
        outSchema, outValue, record.timestamp(), headers);
  }

  private ChangeLineage lineageOf(SourceRecord record, Object value, boolean envelope) {
    Map<String, ?> offset = record.sourceOffset() == null ? Map.of() : record.sourceOffset();
    if (value == null && lastDelete != null && lastDelete.precedes(record)) {
      ChangeLineage lineage = lastDelete.lineage;
      lastDelete = null;
      return lineage;
    }
    ChangeLineage lineage = reader.read(ChangeEvents.sourceOf(value), offset);
    if (value instanceof Struct struct && ChangeEvents.isHeartbeat(struct) && lineage.sourceTsMs() == null) {
      // the source was read up to this time: sinks use it to keep tables fed by an idle source fresh
      lineage = new ChangeLineage(lineage.origin(), ChangeEvents.longField(struct, ChangeEvents.TS_MS),
          lineage.position(), lineage.txId());
    }
    lastDelete = envelope && ChangeOp.of(((Struct) value).getString(ChangeEvents.OP)) == ChangeOp.DELETE
        ? new LastDelete(record.topic(), record.key(), lineage)
        : null;
    return lineage;
  }

  private record LastDelete(String topic, Object key, ChangeLineage lineage) {
    boolean precedes(SourceRecord tombstone) {
      return topic.equals(tombstone.topic()) && Objects.equals(key, tombstone.key());
    }
  }
}
