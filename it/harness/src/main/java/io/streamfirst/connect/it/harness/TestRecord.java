// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.it.harness;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;

/**
 * A record for a test to produce: topic, optional partition and timestamp, key, value and headers.
 * Strings are written as UTF-8; {@link #json(String)} checks that the text is JSON first.
 *
 * <pre>{@code
 * cluster.produce(TestRecord.to(topic).key("42").json("{\"id\":42}").header("sf.origin", "test"));
 * }</pre>
 */
public final class TestRecord {

  private final String topic;
  private Integer partition;
  private Long timestamp;
  private byte[] key;
  private byte[] value;
  private final List<Header> headers = new ArrayList<>();

  private TestRecord(String topic) {
    this.topic = Objects.requireNonNull(topic, "topic");
  }

  /** Starts a record for {@code topic}, with null key and value and no headers. */
  public static TestRecord to(String topic) {
    return new TestRecord(topic);
  }

  /** Sets the key as UTF-8 text; null makes a null key. */
  public TestRecord key(String key) {
    this.key = utf8(key);
    return this;
  }

  /** Sets the key as raw bytes; null makes a null key. */
  public TestRecord key(byte[] key) {
    this.key = key == null ? null : key.clone();
    return this;
  }

  /** Sets the value as UTF-8 text; null makes a tombstone. */
  public TestRecord value(String value) {
    this.value = utf8(value);
    return this;
  }

  /** Sets the value as raw bytes; null makes a tombstone. */
  public TestRecord value(byte[] value) {
    this.value = value == null ? null : value.clone();
    return this;
  }

  /**
   * Sets the value to JSON text after checking that it parses, so a typo in a test fails here
   * rather than as a converter error inside a worker.
   */
  public TestRecord json(String json) {
    Json.read(Objects.requireNonNull(json, "json"));
    return value(json);
  }

  /** Sets the value to {@code value} (a Map, a List, a POJO) serialized as JSON. */
  public TestRecord jsonOf(Object value) {
    return value(Json.write(Objects.requireNonNull(value, "value")));
  }

  /** Adds a header with a UTF-8 text value (null for a null header value). */
  public TestRecord header(String name, String value) {
    headers.add(new RecordHeader(name, utf8(value)));
    return this;
  }

  /** Adds a header with a raw value (null for a null header value). */
  public TestRecord header(String name, byte[] value) {
    headers.add(new RecordHeader(name, value == null ? null : value.clone()));
    return this;
  }

  /** Sends the record to this partition instead of the one the key hashes to. */
  public TestRecord partition(int partition) {
    this.partition = partition;
    return this;
  }

  /** Sets the record timestamp in epoch milliseconds instead of the send time. */
  public TestRecord timestamp(long epochMillis) {
    this.timestamp = epochMillis;
    return this;
  }

  String topic() {
    return topic;
  }

  Integer partitionOrNull() {
    return partition;
  }

  Long timestampOrNull() {
    return timestamp;
  }

  byte[] keyBytes() {
    return key;
  }

  byte[] valueBytes() {
    return value;
  }

  List<Header> headers() {
    return headers;
  }

  private static byte[] utf8(String text) {
    return text == null ? null : text.getBytes(StandardCharsets.UTF_8);
  }
}
