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
  private final Accumulators accumulators;
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
    this.accumulators = new Accumulators(query.aggregates(), WindowTopology.slots(query));
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
    long start = record.key().window().start();
    long end = record.key().window().end();
    if (query.kind() == WindowQuery.Kind.SESSION) {
      end += query.gapMs(); // a session [first row, last row] is reported as [first row, last row + gap)
    } else if (query.kind() == WindowQuery.Kind.CUMULATE) {
      start = Math.floorDiv(end - 1, query.sizeMs()) * query.sizeMs(); // the period of the window's end
      if (state != null) {
        state = cumulative(state, start, end);
      }
    }
    if (state == null) {
      // EMIT CHANGES: a session merged into a longer one; its own key goes away
      if (query.kind() == WindowQuery.Kind.SESSION && query.emit() == WindowQuery.Emit.CHANGES) {
        List<TypedValue> group = InputRow.group(record.key().key().get(), query.groupColumns().size());
        counters.results.incrementAndGet();
        context.forward(new Record<>(key(group, start, end), null, record.timestamp(), new RecordHeaders()));
      }
      return;
    }
    if (Accumulators.rows(state) == 0) {
      return; // a window only stream-time ticks touched
    }
    List<TypedValue> group = InputRow.group(record.key().key().get(), query.groupColumns().size());
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
    SinkRecord window = new SinkRecord(outputTopic, 0, null, null, rowSchema, row, -1L, end,
        TimestampType.CREATE_TIME, new ConnectHeaders());
    SinkRecord result = engine.transform(window, r -> new ConnectHeaders());
    byte[] keyBytes = key(group, start, end);
    if (result == null) {
      if (query.emit() == WindowQuery.Emit.CHANGES) {
        counters.results.incrementAndGet();
        context.forward(new Record<>(keyBytes, null, record.timestamp(), new RecordHeaders()));
      }
      return;
    }
    counters.results.incrementAndGet();
    byte[] valueBytes = valueConverter.fromConnectData(outputTopic, result.valueSchema(), result.value());
    context.forward(new Record<>(keyBytes, valueBytes, record.timestamp(), new RecordHeaders()));
  }

  /** The cumulative window [start, end): the merge of the partials of its steps (see WindowTopology#slots). */
  private Accumulators.Acc[] cumulative(Accumulators.Acc[] state, long start, long end) {
    Accumulators.Acc[] merged = accumulators.initialPartial();
    for (long step = start; step < end; step += query.advanceMs()) {
      merged = accumulators.merge(merged, accumulators.partial(state, WindowTopology.slot(query, step)));
    }
    return merged;
  }

  /** The result key: the group columns and window_start (CUMULATE: and window_end, as its windows share starts). */
  private byte[] key(List<TypedValue> group, long start, long end) {
    StringBuilder signature = new StringBuilder("key");
    for (TypedValue value : group) {
      signature.append(value.signature()).append(',');
    }
    Schema keySchema = schemas.computeIfAbsent(signature.toString(), s -> keySchema(group));
    Struct key = new Struct(keySchema);
    for (int i = 0; i < group.size(); i++) {
      key.put(query.groupColumns().get(i), group.get(i).value());
    }
    key.put(WindowQuery.WINDOW_START, new Date(start));
    if (query.kind() == WindowQuery.Kind.CUMULATE) {
      key.put(WindowQuery.WINDOW_END, new Date(end));
    }
    return keyConverter.fromConnectData(outputTopic, keySchema, key);
  }

  private Schema keySchema(List<TypedValue> group) {
    SchemaBuilder key = SchemaBuilder.struct().name("window_key");
    for (int i = 0; i < group.size(); i++) {
      key.field(query.groupColumns().get(i), group.get(i).schema());
    }
    key.field(WindowQuery.WINDOW_START, org.apache.kafka.connect.data.Timestamp.SCHEMA);
    if (query.kind() == WindowQuery.Kind.CUMULATE) {
      key.field(WindowQuery.WINDOW_END, org.apache.kafka.connect.data.Timestamp.SCHEMA);
    }
    return key.build();
  }
}
