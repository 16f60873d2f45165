// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.benchmarks.window;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Suppressed;
import org.apache.kafka.streams.kstream.TimeWindows;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.common.utils.Bytes;

/**
 * The benchmark's query written by hand as a Kafka Streams application, the usual way: the JSON order is read
 * once (Jackson) and its {@code placed_at} is the record's timestamp, re-keyed by customer (repartition, with a
 * compact binary serde), {@code windowedBy(TimeWindows.ofSizeAndGrace(1 min, grace))}, {@code aggregate} of
 * the count and the sum, {@code suppress(untilWindowCloses(unbounded()))} for one final result per window, and
 * the result written as JSON keyed by customer and window start.
 */
final class HandWrittenWindowApp {

  record Order(String customer, long total, long placedAt) {
  }

  record Totals(long orders, long revenue) {
    Totals add(Order order) {
      return new Totals(orders + 1, revenue + order.total());
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  private HandWrittenWindowApp() {}

  static Topology topology(String input, String output, long graceMs) {
    StreamsBuilder builder = new StreamsBuilder();
    builder.stream(input, Consumed.with(Serdes.ByteArray(), orderJson())
        .withTimestampExtractor((record, previous) -> ((Order) record.value()).placedAt()))
        .selectKey((key, order) -> order.customer())
        .groupByKey(Grouped.with("by-customer", Serdes.String(), orderBinary()))
        .windowedBy(TimeWindows.ofSizeAndGrace(Duration.ofMillis(WindowEvents.WINDOW_MS), Duration.ofMillis(graceMs)))
        .aggregate(() -> new Totals(0, 0), (customer, order, totals) -> totals.add(order),
            Materialized.<String, Totals, WindowStore<Bytes, byte[]>>as("windows").withKeySerde(Serdes.String())
                .withValueSerde(totals()))
        .suppress(Suppressed.untilWindowCloses(Suppressed.BufferConfig.unbounded()))
        .toStream()
        .map((window, totals) -> {
          ObjectNode key = JSON.createObjectNode().put("customer_id", window.key())
              .put("window_start", window.window().start());
          ObjectNode value = JSON.createObjectNode().put("window_start", window.window().start())
              .put("window_end", window.window().end()).put("customer_id", window.key())
              .put("orders", totals.orders()).put("revenue", totals.revenue());
          return KeyValue.pair(bytes(key), bytes(value));
        })
        .to(output, Produced.with(Serdes.ByteArray(), Serdes.ByteArray()));
    return builder.build();
  }

  private static byte[] bytes(JsonNode node) {
    try {
      return JSON.writeValueAsBytes(node);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Serde<Order> orderJson() {
    return Serdes.serdeFrom((topic, order) -> {
      throw new UnsupportedOperationException("orders are only read as JSON");
    }, (topic, data) -> {
      try {
        JsonNode node = JSON.readTree(data);
        return new Order(node.get("customer_id").asText(), node.get("total").asLong(),
            node.get("placed_at").asLong());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
  }

  static Serde<Order> orderBinary() {
    return Serdes.serdeFrom((topic, order) -> {
      byte[] customer = order.customer().getBytes(StandardCharsets.UTF_8);
      return ByteBuffer.allocate(16 + customer.length).putLong(order.total()).putLong(order.placedAt())
          .put(customer).array();
    }, (topic, data) -> {
      ByteBuffer buffer = ByteBuffer.wrap(data);
      long total = buffer.getLong();
      long placedAt = buffer.getLong();
      return new Order(new String(data, 16, data.length - 16, StandardCharsets.UTF_8), total, placedAt);
    });
  }

  static Serde<Totals> totals() {
    return Serdes.serdeFrom(
        (topic, totals) -> ByteBuffer.allocate(16).putLong(totals.orders()).putLong(totals.revenue()).array(),
        (topic, data) -> {
          ByteBuffer buffer = ByteBuffer.wrap(data);
          return new Totals(buffer.getLong(), buffer.getLong());
        });
  }
}
