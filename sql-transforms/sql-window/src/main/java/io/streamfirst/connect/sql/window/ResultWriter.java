// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.sql.window;

import io.streamfirst.connect.sql.engine.SqlEngine;
import java.util.Date;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.storage.Converter;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Turns one window and group's state into the result record: the window's row (window bounds,
 * group columns, aggregate values) goes through the result statement (HAVING, SELECT list), and the
 * record is keyed by the group columns plus {@code window_start}, both written with the configured
 * converters. With EMIT CHANGES a window that no longer passes HAVING is written as a tombstone of
 * its key, so an upsert sink drops the row it holds.
 */
final class ResultWriter implements Processor<Windowed<Bytes>, Accumulators.Acc[], byte[], byte[]> {

  private final WindowQuery query;
  private final SqlEngine engine;
  private final RecordFormat format;
  private final String outputTopic;
  private final WindowCounters counters;
  /** Window-row and key schemas by type signature, so the engine's per-schema plan cache hits by identity. */
  private final ConcurrentHashMap<String, Schema> schemas = new ConcurrentHashMap<>();
  private ProcessorContext<byte[], byte[]> context;
  private Converter keyConverter;
  private Converter valueConverter;

  ResultWriter(WindowQuery query, SqlEngine engine, RecordFormat format, String outputTopic,
      WindowCounters counters) {
    this.query = query;
    this.engine = engine;
    this.format = format;
    this.outputTopic = outputTopic;
    this.counters = counters;
  }

  @Override
  public void init(ProcessorContext<byte[], byte[]> context) {
    this.context = context;
    this.keyConverter = format.keyConverter();
    this.valueConverter = format.valueConverter();
  }

  @Override
  public void process(Record<Windowed<Bytes>, Accumulators.Acc[]> record) {
    Accumulators.Acc[] state = record.value();
    if (state == null || Accumulators.rows(state) == 0) {
      return; // a window only stream-time ticks touched
    }
    List<TypedValue> group = InputRow.group(record.key().key().get(), query.groupColumns().size());
    long start = record.key().window().start();
    long end = record.key().window().end();
    List<TypedValue> results = Accumulators.results(query.aggregates(), state);
    StringBuilder signature = new StringBuilder();
    for (TypedValue value : group) {
      signature.append(value.signature()).append(',');
    }
    signature.append('|');
    for (TypedValue value : results) {
      signature.append(value.signature()).append(',');
    }
    Schema rowSchema = schemas.computeIfAbsent("row" + signature,
        s -> Accumulators.rowSchema(query.aggregates(), query.groupColumns(), group, results));
    Struct row = Accumulators.row(rowSchema, start, end, query.aggregates(), query.groupColumns(), group, results);
    Schema keySchema = schemas.computeIfAbsent("key" + signature, s -> keySchema(group));
    Struct key = new Struct(keySchema);
    for (int i = 0; i < group.size(); i++) {
      key.put(query.groupColumns().get(i), group.get(i).value());
    }
    key.put(WindowQuery.WINDOW_START, new Date(start));
    SinkRecord window = new SinkRecord(outputTopic, 0, null, null, rowSchema, row, -1L, end,
        TimestampType.CREATE_TIME, new ConnectHeaders());
    SinkRecord result = engine.transform(window, r -> new ConnectHeaders());
    byte[] keyBytes = keyConverter.fromConnectData(outputTopic, keySchema, key);
    if (result == null) {
      if (query.emit() == WindowQuery.Emit.CHANGES) {
        context.forward(new Record<>(keyBytes, null, record.timestamp(), new RecordHeaders()));
      }
      return;
    }
    counters.results.incrementAndGet();
    byte[] valueBytes = valueConverter.fromConnectData(outputTopic, result.valueSchema(), result.value());
    context.forward(new Record<>(keyBytes, valueBytes, record.timestamp(), new RecordHeaders()));
  }

  private Schema keySchema(List<TypedValue> group) {
    SchemaBuilder key = SchemaBuilder.struct().name("window_key");
    for (int i = 0; i < group.size(); i++) {
      key.field(query.groupColumns().get(i), group.get(i).schema());
    }
    return key.field(WindowQuery.WINDOW_START, org.apache.kafka.connect.data.Timestamp.SCHEMA).build();
  }
}
