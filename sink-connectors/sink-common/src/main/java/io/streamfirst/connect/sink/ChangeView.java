// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.sink;

import io.streamfirst.connect.common.ChangeShape;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * One record seen as a change to a row, whatever shape it arrived in. Built by {@link ChangeDecoder}.
 *
 * @param kind what the sink must do
 * @param shape the shape the record arrived in
 * @param op {@code c}, {@code u}, {@code d} or {@code r} as the record said; {@code d} for a tombstone;
 *     {@code 0} for a plain record
 * @param row the row: the state after the change, or for a delete the state before it when the record
 *     carries one (else null); a {@link org.apache.kafka.connect.data.Struct} of {@link #rowSchema()},
 *     or a {@code Map<String, Object>} when the record is schemaless; change metadata fields removed
 * @param rowSchema the schema of the table's rows (also for a delete that has no row, when the record
 *     says it); the same instance for every record of one input schema; null when schemaless or unknown
 * @param sourceTimestampMs source commit time in epoch milliseconds, else the record timestamp, else -1
 * @param sourcePosition the source position from the lineage headers, or null
 * @param record the record itself
 */
public record ChangeView(ChangeKind kind, ChangeShape shape, char op, Object row, Schema rowSchema,
    long sourceTimestampMs, String sourcePosition, SinkRecord record) {

  /**
   * The source time this change's freshness is sampled with (visible time minus this): its source commit time,
   * or -1 (no sample) for a row an initial snapshot read ({@code op} {@code r}), whose source time is when the
   * snapshot read it, not when the source committed it, so its delay is the backfill's, not a change's. Such a
   * row still moves committed-through with {@link #sourceTimestampMs}.
   */
  public long sampleTimestampMs() {
    return op == 'r' ? -1 : sourceTimestampMs;
  }

  /** The record key as sent. */
  public Object key() {
    return record.key();
  }

  /** The schema of the record key, or null. */
  public Schema keySchema() {
    return record.keySchema();
  }

  /** Where the record came from, {@code topic-partition@offset}, for messages (never values). */
  public String coordinates() {
    return coordinates(record);
  }

  /** Where {@code record} came from, {@code topic-partition@offset}. */
  public static String coordinates(SinkRecord record) {
    return record.originalTopic() + "-" + record.originalKafkaPartition() + "@" + record.originalKafkaOffset();
  }
}
