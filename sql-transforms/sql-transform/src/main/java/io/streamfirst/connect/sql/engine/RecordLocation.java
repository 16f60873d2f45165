// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.sql.engine;

import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.sink.SinkRecord;

/** Where a record sits, for error messages: topic-partition@offset, never the record's contents. */
final class RecordLocation {

  private RecordLocation() {}

  static String of(ConnectRecord<?> record) {
    StringBuilder out = new StringBuilder().append("topic '").append(record.topic()).append("'");
    if (record.kafkaPartition() != null) {
      out.append(" partition ").append(record.kafkaPartition());
    }
    if (record instanceof SinkRecord sink) {
      out.append(" offset ").append(sink.kafkaOffset());
    }
    return out.toString();
  }
}
