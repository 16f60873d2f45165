// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.it.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streamfirst.connect.it.fixtures.ClickHouseFixture;
import io.streamfirst.connect.it.harness.ConnectCluster;
import io.streamfirst.connect.it.harness.ConnectorStatus;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** What the ClickHouse sink ITs share: connector configs, JSON-with-schema records, bulk producing, reads. */
public final class ClickHouseSinkSupport {

  static final String CONNECTOR_CLASS = "io.streamfirst.connect.clickhouse.ClickHouseSinkConnector";
  static final ObjectMapper JSON = new ObjectMapper();
  static final Duration WAIT = Duration.ofSeconds(90);

  private ClickHouseSinkSupport() {}

  /** A sink config for {@code topics}: JSON values with schemas, string keys, one task. */
  public static Map<String, String> config(ClickHouseFixture clickhouse, String topics) {
    Map<String, String> config = new HashMap<>();
    config.put("connector.class", CONNECTOR_CLASS);
    config.put("tasks.max", "1");
    config.put("topics", topics);
    config.put("clickhouse.host", "127.0.0.1");
    config.put("clickhouse.port", Integer.toString(clickhouse.httpPort()));
    config.put("clickhouse.user", clickhouse.user());
    config.put("clickhouse.password", clickhouse.password());
    config.put("clickhouse.database", clickhouse.database());
    config.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
    config.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
    config.put("value.converter.schemas.enable", "true");
    config.put("batch.max.wait.ms", "200");
    config.put("consumer.override.auto.offset.reset", "earliest");
    return config;
  }

  /** Keys as JSON with schemas too (CDC with struct keys). */
  static Map<String, String> withJsonKeys(Map<String, String> config) {
    config.put("key.converter", "org.apache.kafka.connect.json.JsonConverter");
    config.put("key.converter.schemas.enable", "true");
    return config;
  }

  /** Bad records to a dead-letter topic, the connector keeps running. */
  static Map<String, String> withDlq(Map<String, String> config, String dlqTopic) {
    config.put("errors.tolerance", "all");
    config.put("errors.deadletterqueue.topic.name", dlqTopic);
    config.put("errors.deadletterqueue.topic.replication.factor", "1");
    config.put("errors.deadletterqueue.context.headers.enable", "true");
    return config;
  }

  /** A ClickHouse table name for a unique Kafka name (dashes are fine: the sink quotes). */
  static String quoted(String name) {
    return "`" + name.replace("\\", "\\\\").replace("`", "\\`") + "`";
  }

  /** A ClickHouse string literal. */
  static String literal(String text) {
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'";
  }

  /** Rows of a SELECT, as JSON objects. */
  static List<JsonNode> rows(ClickHouseFixture clickhouse, String select) {
    List<JsonNode> out = new ArrayList<>();
    for (String line : clickhouse.queryJsonEachRow(select)) {
      try {
        out.add(JSON.readTree(line));
      } catch (java.io.IOException e) {
        throw new IllegalStateException("ClickHouse returned a line that is not JSON", e);
      }
    }
    return out;
  }

  static long count(ClickHouseFixture clickhouse, String fromWhere) {
    return Long.parseLong(clickhouse.query("SELECT count() FROM " + fromWhere));
  }

  static boolean tableExists(ClickHouseFixture clickhouse, String table) {
    return "1".equals(clickhouse.query("SELECT count() FROM system.tables WHERE database = currentDatabase()"
        + " AND name = " + literal(table)));
  }

  /**
   * Waits until {@code SELECT count() FROM fromWhere} is {@code expected}; fails at once, with the
   * task's trace, when the connector fails meanwhile.
   */
  static void awaitCount(ConnectCluster cluster, String connector, ClickHouseFixture clickhouse, String table,
      String fromWhere, long expected) {
    await().atMost(WAIT).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
      ConnectorStatus status = cluster.status(connector);
      assertThat(status.hasFailure()).as("connector %s failed:%n%s", connector, status.failureTraces()).isFalse();
      assertThat(tableExists(clickhouse, table)).as("table %s exists", table).isTrue();
      assertThat(count(clickhouse, fromWhere)).as("rows in %s", fromWhere).isEqualTo(expected);
    });
  }

  /**
   * Waits until the table holds every partition's last offset (for ReplacingMergeTree tables, whose
   * row count shrinks as parts merge); fails at once when the connector fails.
   *
   * @param lastOffsets per partition (index) the last offset produced, -1 for none
   */
  static void awaitOffsets(ConnectCluster cluster, String connector, ClickHouseFixture clickhouse, String table,
      long[] lastOffsets) {
    Map<Integer, Long> expected = new java.util.TreeMap<>();
    for (int p = 0; p < lastOffsets.length; p++) {
      if (lastOffsets[p] >= 0) {
        expected.put(p, lastOffsets[p]);
      }
    }
    await().atMost(WAIT).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
      ConnectorStatus status = cluster.status(connector);
      assertThat(status.hasFailure()).as("connector %s failed:%n%s", connector, status.failureTraces()).isFalse();
      assertThat(tableExists(clickhouse, table)).as("table %s exists", table).isTrue();
      Map<Integer, Long> actual = new java.util.TreeMap<>();
      for (JsonNode row : rows(clickhouse, "SELECT _sf_partition AS p, max(_sf_offset) AS o FROM " + quoted(table)
          + " GROUP BY _sf_partition")) {
        actual.put(row.path("p").asInt(), row.path("o").asLong());
      }
      assertThat(actual).as("last offset per partition in %s", table).isEqualTo(expected);
    });
  }

  /** A Connect JSON schema of a struct: {@code field(name, type, optional)} entries. */
  static ObjectNode struct(String name, ObjectNode... fields) {
    ObjectNode schema = JSON.createObjectNode().put("type", "struct").put("optional", false);
    if (name != null) {
      schema.put("name", name);
    }
    ArrayNode array = schema.putArray("fields");
    for (ObjectNode f : fields) {
      array.add(f);
    }
    return schema;
  }

  static ObjectNode field(String name, String type, boolean optional) {
    return JSON.createObjectNode().put("field", name).put("type", type).put("optional", optional);
  }

  static ObjectNode logical(String name, String type, String logicalName, boolean optional) {
    return field(name, type, optional).put("name", logicalName);
  }

  static ObjectNode decimal(String name, int scale, boolean optional) {
    ObjectNode f = logical(name, "bytes", "org.apache.kafka.connect.data.Decimal", optional);
    f.putObject("parameters").put("scale", Integer.toString(scale));
    return f;
  }

  /** {"schema": schema, "payload": payload} as JsonConverter reads it. */
  static String envelope(JsonNode schema, Object payload) {
    ObjectNode root = JSON.createObjectNode();
    root.set("schema", schema);
    root.set("payload", JSON.valueToTree(payload));
    return root.toString();
  }

  /**
   * A batching producer for many records (the harness's produce() waits for each record). Every send
   * is checked: {@link #flush()} and {@link #close()} fail if any record was not acknowledged.
   */
  static final class BulkProducer implements AutoCloseable {
    private final KafkaProducer<byte[], byte[]> producer;
    private final List<java.util.concurrent.Future<?>> pending = new ArrayList<>();

    BulkProducer(ConnectCluster cluster) {
      Properties props = new Properties();
      props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
      props.put(ProducerConfig.ACKS_CONFIG, "all");
      props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
      props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
      // one request in flight: a topic created a moment ago can answer NOT_LEADER and then reject
      // pipelined batches as out of sequence
      props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
      props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
      props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
      producer = new KafkaProducer<>(props);
    }

    void send(String topic, Integer partition, String key, String value, String... headers) {
      ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(topic, partition,
          key == null ? null : key.getBytes(StandardCharsets.UTF_8),
          value == null ? null : value.getBytes(StandardCharsets.UTF_8));
      for (int i = 0; i + 1 < headers.length; i += 2) {
        record.headers().add(new RecordHeader(headers[i], headers[i + 1].getBytes(StandardCharsets.UTF_8)));
      }
      pending.add(producer.send(record));
    }

    void flush() {
      producer.flush();
      try {
        for (java.util.concurrent.Future<?> future : pending) {
          future.get(60, java.util.concurrent.TimeUnit.SECONDS);
        }
      } catch (Exception e) {
        throw new IllegalStateException("A test record was not acknowledged by the broker", e);
      } finally {
        pending.clear();
      }
    }

    @Override
    public void close() {
      try {
        flush();
      } finally {
        producer.close(Duration.ofSeconds(10));
      }
    }
  }
}
