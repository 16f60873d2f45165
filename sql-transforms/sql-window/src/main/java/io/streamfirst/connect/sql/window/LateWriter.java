// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.sql.window;

import io.streamfirst.connect.common.LineageHeaders;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Writes a late record to the late-data topic as it was read: its key, value, timestamp and
 * headers, plus an {@code sf.violation} header saying which window closed when.
 */
final class LateWriter implements Processor<Bytes, InputRow, byte[], byte[]> {

  private ProcessorContext<byte[], byte[]> context;

  @Override
  public void init(ProcessorContext<byte[], byte[]> context) {
    this.context = context;
  }

  @Override
  public void process(Record<Bytes, InputRow> record) {
    InputRow row = record.value();
    RecordHeaders headers = new RecordHeaders(record.headers().toArray());
    headers.add(LineageHeaders.VIOLATION, (row.violation() + " (read from topic '" + row.topic() + "' partition "
        + row.partition() + " offset " + row.offset() + ")").getBytes(StandardCharsets.UTF_8));
    context.forward(new Record<>(row.key(), row.value(), Math.max(0, row.timestamp()), headers));
  }
}
