// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.it.harness;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/** A record read back from a topic, with text, JSON and header accessors for assertions. */
public final class ConsumedRecord {

  private final ConsumerRecord<byte[], byte[]> record;

  ConsumedRecord(ConsumerRecord<byte[], byte[]> record) {
    this.record = record;
  }

  /** The topic the record was read from. */
  public String topic() {
    return record.topic();
  }

  /** The partition the record was read from. */
  public int partition() {
    return record.partition();
  }

  /** The record's offset in its partition. */
  public long offset() {
    return record.offset();
  }

  /** The record timestamp in epoch milliseconds. */
  public long timestamp() {
    return record.timestamp();
  }

  /** The key as UTF-8 text, or null. */
  public String key() {
    return text(record.key());
  }

  /** The value as UTF-8 text, or null for a tombstone. */
  public String value() {
    return text(record.value());
  }

  /** The key bytes (a copy), or null. */
  public byte[] keyBytes() {
    return record.key() == null ? null : record.key().clone();
  }

  /** The value bytes (a copy), or null. */
  public byte[] valueBytes() {
    return record.value() == null ? null : record.value().clone();
  }

  /** The value parsed as JSON, or null for a tombstone. */
  public JsonNode valueJson() {
    return record.value() == null ? null : Json.read(value());
  }

  /** The last value of header {@code name} as UTF-8 text, or null when absent or null. */
  public String header(String name) {
    Header last = record.headers().lastHeader(name);
    return last == null ? null : text(last.value());
  }

  /** Every value of header {@code name}, in record order, as UTF-8 text. */
  public List<String> headerValues(String name) {
    List<String> values = new ArrayList<>();
    for (Header header : record.headers().headers(name)) {
      values.add(text(header.value()));
    }
    return values;
  }

  /** The headers as name to last value (UTF-8 text), in record order. */
  public Map<String, String> headers() {
    Map<String, String> byName = new LinkedHashMap<>();
    for (Header header : record.headers()) {
      byName.put(header.key(), text(header.value()));
    }
    return byName;
  }

  /** The Kafka client's record, for anything not covered here. */
  public ConsumerRecord<byte[], byte[]> raw() {
    return record;
  }

  @Override
  public String toString() {
    return topic() + "-" + partition() + "@" + offset() + " key=" + key() + " headers="
        + headers().keySet();
  }

  private static String text(byte[] bytes) {
    return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
  }
}
