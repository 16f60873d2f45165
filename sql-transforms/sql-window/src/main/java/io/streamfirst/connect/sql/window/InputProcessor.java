// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.sql.window;

import io.streamfirst.connect.sql.engine.SqlEngine;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.storage.Converter;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * Reads each input record with the configured converters, evaluates the input statement (WHERE,
 * event time, group columns, aggregate arguments) and forwards the kept records re-keyed by their
 * group and stamped with their event time. Records WHERE drops are counted and not forwarded.
 */
final class InputProcessor implements Processor<byte[], byte[], Bytes, InputRow> {

  private final WindowQuery query;
  private final SqlEngine engine;
  private final RecordFormat format;
  private final WindowCounters counters;
  private ProcessorContext<Bytes, InputRow> context;
  private Converter keyConverter;
  private Converter valueConverter;

  InputProcessor(WindowQuery query, SqlEngine engine, RecordFormat format, WindowCounters counters) {
    this.query = query;
    this.engine = engine;
    this.format = format;
    this.counters = counters;
  }

  @Override
  public void init(ProcessorContext<Bytes, InputRow> context) {
    this.context = context;
    this.keyConverter = format.keyConverter();
    this.valueConverter = format.valueConverter();
  }

  @Override
  public void process(Record<byte[], byte[]> record) {
    counters.in.incrementAndGet();
    Optional<RecordMetadata> metadata = context.recordMetadata();
    String topic = metadata.map(RecordMetadata::topic).orElse("");
    int partition = metadata.map(RecordMetadata::partition).orElse(-1);
    long offset = metadata.map(RecordMetadata::offset).orElse(-1L);
    String where = "topic '" + topic + "' partition " + partition + " offset " + offset;
    if (record.value() == null) {
      counters.filtered.incrementAndGet(); // a tombstone carries no row to aggregate
      return;
    }
    SchemaAndValue key = record.key() == null ? SchemaAndValue.NULL : keyConverter.toConnectData(topic, record.key());
    SchemaAndValue value = valueConverter.toConnectData(topic, record.value());
    ConnectHeaders headers = new ConnectHeaders();
    for (Header header : record.headers()) {
      headers.addString(header.key(), header.value() == null
          ? null
          : new String(header.value(), StandardCharsets.UTF_8));
    }
    SinkRecord input = new SinkRecord(topic, partition, key.schema(), key.value(), value.schema(), value.value(),
        offset, record.timestamp(), TimestampType.CREATE_TIME, headers);
    SinkRecord row = engine.transform(input, r -> new ConnectHeaders());
    if (row == null) {
      counters.filtered.incrementAndGet();
      return;
    }
    Map<String, TypedValue> columns = columns(row);
    TypedValue time = columns.get(WindowQuery.EVENT_TIME);
    long eventTime = eventTime(time == null ? null : time.value(), where);
    List<TypedValue> group = new ArrayList<>(query.groupColumns().size());
    for (String column : query.groupColumns()) {
      group.add(columns.get(column));
    }
    Map<String, TypedValue> arguments = new LinkedHashMap<>();
    for (Map.Entry<String, TypedValue> column : columns.entrySet()) {
      if (column.getKey().startsWith("sf_arg")) {
        arguments.put(column.getKey(), column.getValue());
      }
    }
    InputRow out = new InputRow(false, eventTime, record.timestamp(), topic, partition, offset, record.key(),
        record.value(), arguments, null);
    // A record without a usable event time keeps its own timestamp on the way to the late-data topic.
    long timestamp = eventTime >= 0 ? eventTime : Math.max(0, record.timestamp());
    context.forward(record.withKey(Bytes.wrap(InputRow.groupKey(group))).withValue(out).withTimestamp(timestamp));
  }

  private static Map<String, TypedValue> columns(SinkRecord row) {
    Map<String, TypedValue> columns = new LinkedHashMap<>();
    if (row.value() instanceof Struct struct) {
      for (Field field : struct.schema().fields()) {
        columns.put(field.name(), TypedValue.of(field.schema(), struct.get(field)));
      }
    } else if (row.value() instanceof Map<?, ?> map) {
      for (Map.Entry<?, ?> entry : map.entrySet()) {
        columns.put(String.valueOf(entry.getKey()), TypedValue.of(null, entry.getValue()));
      }
    }
    return columns;
  }

  /** Epoch milliseconds of a timestamp, a number of epoch milliseconds or ISO-8601 text (UTC unless stated). */
  static long eventTime(Object time, String where) {
    if (time instanceof Date date) {
      return date.getTime();
    }
    if (time instanceof Number number) {
      return number.longValue();
    }
    if (time instanceof String text) {
      try {
        return OffsetDateTime.parse(text).toInstant().toEpochMilli();
      } catch (DateTimeParseException e) {
        try {
          return Instant.parse(text).toEpochMilli();
        } catch (DateTimeParseException e2) {
          try {
            return LocalDateTime.parse(text.replace(' ', 'T')).toInstant(ZoneOffset.UTC).toEpochMilli();
          } catch (DateTimeParseException e3) {
            throw new DataException("The event time of the record at " + where + " is text that is not an ISO-8601"
                + " timestamp; use a timestamp field, epoch milliseconds or ISO-8601 text in DESCRIPTOR(...)");
          }
        }
      }
    }
    if (time == null) {
      return Long.MIN_VALUE;
    }
    throw new DataException("The event time of the record at " + where + " is a " + time.getClass().getSimpleName()
        + "; use a timestamp field, epoch milliseconds or ISO-8601 text in DESCRIPTOR(...)");
  }

}
