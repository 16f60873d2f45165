// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.it.clickhouse;

import static io.streamfirst.connect.it.clickhouse.ClickHouseSinkSupport.awaitCount;
import static io.streamfirst.connect.it.clickhouse.ClickHouseSinkSupport.config;
import static io.streamfirst.connect.it.clickhouse.ClickHouseSinkSupport.envelope;
import static io.streamfirst.connect.it.clickhouse.ClickHouseSinkSupport.field;
import static io.streamfirst.connect.it.clickhouse.ClickHouseSinkSupport.quoted;
import static io.streamfirst.connect.it.clickhouse.ClickHouseSinkSupport.rows;
import static io.streamfirst.connect.it.clickhouse.ClickHouseSinkSupport.struct;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streamfirst.connect.it.clickhouse.ClickHouseSinkSupport.BulkProducer;
import io.streamfirst.connect.it.fixtures.ClickHouseFixture;
import io.streamfirst.connect.it.harness.ConnectCluster;
import io.streamfirst.connect.it.harness.ConnectClusterExtension;
import io.streamfirst.connect.it.harness.UniqueNames;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Several writers, topics and tables at once: two tasks evolving one table, topics merged by a
 * transform, many tables from one task, and which tables record content may route to.
 */
class ClickHouseSinkTopologyIT {

  @RegisterExtension
  static final ClickHouseFixture CLICKHOUSE = new ClickHouseFixture();

  @RegisterExtension
  static final ConnectClusterExtension CONNECT = new ConnectClusterExtension(b -> b.workers(1));

  static final ObjectNode V1 = struct("shop.Account", field("id", "int64", false), field("name", "string", false),
      field("n", "int32", false));
  /** n widened to int64, a new optional field. */
  static final ObjectNode V2 = struct("shop.Account", field("id", "int64", false), field("name", "string", false),
      field("n", "int64", false), field("extra", "string", true));
  /** name became optional. */
  static final ObjectNode V3 = struct("shop.Account", field("id", "int64", false), field("name", "string", true),
      field("n", "int64", false), field("extra", "string", true));

  /** The row a record with this id and schema version writes, as {@code id|name|n|extra}. */
  private static String expected(int id, int version) {
    String name = version == 3 && id % 2 == 0 ? "null" : "a" + id;
    String n = version == 1 ? Integer.toString(id) : Long.toString(3_000_000_000L + id);
    String extra = version == 1 || id % 3 == 0 ? "null" : "x" + id;
    return id + "|" + name + "|" + n + "|" + extra;
  }

  private static void send(BulkProducer producer, String topic, int partition, int from, int to, int version,
      Map<Integer, String> expected) {
    for (int id = from; id < to; id++) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("id", id);
      row.put("name", version == 3 && id % 2 == 0 ? null : "a" + id);
      row.put("n", version == 1 ? id : 3_000_000_000L + id);
      if (version > 1) {
        row.put("extra", id % 3 == 0 ? null : "x" + id);
      }
      producer.send(topic, partition, null, envelope(version == 1 ? V1 : version == 2 ? V2 : V3, row));
      expected.put(id, expected(id, version));
    }
    producer.flush();
  }

  /** Waits until the sink's two consumers own one partition each, so each partition has its own task. */
  private static void awaitOnePartitionPerTask(ConnectCluster cluster, String connector) {
    String group = "connect-" + connector;
    await("one partition per task of " + connector).atMost(ClickHouseSinkSupport.WAIT).untilAsserted(() -> {
      ConsumerGroupDescription description = cluster.admin().describeConsumerGroups(List.of(group)).all().get()
          .get(group);
      assertThat(description.members()).hasSize(2);
      for (MemberDescription member : description.members()) {
        assertThat(member.assignment().topicPartitions()).hasSize(1);
      }
    });
  }

  /**
   * Two tasks write one table while its records' schema evolves: one task widens a column (Int32 to
   * Int64) and adds another while the other still holds rows and row plans for the old types, then
   * the other task makes a column Nullable while the first still encodes it as not Nullable; old
   * producers keep writing in between. The table ends with exactly the rows produced.
   */
  @Test
  void twoTasksWideningAddingAndRelaxingColumnsOfOneTableMidStreamLeaveExactlyTheProducedRows() {
    ConnectCluster cluster = CONNECT.cluster();
    String topic = UniqueNames.of("evolve2");
    cluster.createTopic(topic, 2);
    Map<String, String> config = config(CLICKHOUSE, topic);
    config.put("tasks.max", "2");
    config.put("batch.max.wait.ms", "2000");
    String connector = UniqueNames.of("ch-evolve2");
    Map<Integer, String> expected = new TreeMap<>();
    try (BulkProducer producer = new BulkProducer(cluster)) {
      // both tasks learn the v1 table (n Int32, name not Nullable) and keep plans for it
      send(producer, topic, 0, 0, 50, 1, expected);
      send(producer, topic, 1, 50, 100, 1, expected);
      cluster.deploy(connector, config);
      cluster.awaitRunning(connector, 2);
      awaitOnePartitionPerTask(cluster, connector);
      awaitCount(cluster, connector, CLICKHOUSE, topic, quoted(topic), expected.size());

      // partition 0's task: v1 rows buffered, then v2 widens n and adds extra
      send(producer, topic, 0, 100, 120, 1, expected);
      send(producer, topic, 0, 120, 150, 2, expected);
      awaitCount(cluster, connector, CLICKHOUSE, topic, quoted(topic), expected.size());

      // partition 1's task still has its v1 plan: old producer, new producer, old producer
      send(producer, topic, 1, 150, 170, 1, expected);
      send(producer, topic, 1, 170, 180, 2, expected);
      send(producer, topic, 1, 180, 190, 1, expected);
      awaitCount(cluster, connector, CLICKHOUSE, topic, quoted(topic), expected.size());

      // partition 1's task relaxes name; partition 0's task still encodes name as not Nullable
      send(producer, topic, 1, 190, 200, 3, expected);
      awaitCount(cluster, connector, CLICKHOUSE, topic, quoted(topic), expected.size());
      send(producer, topic, 0, 200, 220, 1, expected);
      send(producer, topic, 0, 220, 230, 2, expected);
      send(producer, topic, 0, 230, 240, 3, expected);
      send(producer, topic, 1, 240, 250, 2, expected);
    }
    awaitCount(cluster, connector, CLICKHOUSE, topic, quoted(topic), expected.size());

    assertThat(ClickHouseSinkIT.columnTypes(CLICKHOUSE, topic)).containsExactly("id Int64",
        "name Nullable(String)", "n Int64", "_sf_topic String", "_sf_partition Int32", "_sf_offset Int64",
        "extra Nullable(String)");
    List<String> actual = new ArrayList<>();
    rows(CLICKHOUSE, "SELECT id, name, n, extra FROM " + quoted(topic) + " ORDER BY id, _sf_offset")
        .forEach(r -> actual.add(r.path("id").asText() + "|" + r.path("name").asText() + "|" + r.path("n").asText()
            + "|" + r.path("extra").asText()));
    assertThat(actual).containsExactlyElementsOf(expected.values());
    assertThat(cluster.status(connector).isRunning(2)).isTrue();
  }

  /**
   * Routing by a field of the record: by default only plain names in the connector's database; with
   * table.route.allowed.regex only the tables it matches. Records routed elsewhere go to the DLQ with
   * a reason naming the record's coordinates and the key, never the routed name; rows + dead letters =
   * records produced, and no table outside the allow-list is created.
   */
  @Test
  void recordsRoutedByAFieldReachOnlyAllowedTables() {
    ConnectCluster cluster = CONNECT.cluster();
    String topic = UniqueNames.of("routed");
    String dlq = topic + "-dlq";
    cluster.createTopic(topic, 1);
    cluster.createTopic(dlq, 1);
    String prefix = topic.replace('-', '_');
    List<String> targets = List.of(prefix + "_a", prefix + "-dash", "system.one", prefix + "_b", prefix + "_a",
        prefix + "_c", "other.secret_" + prefix);
    try (BulkProducer producer = new BulkProducer(cluster)) {
      for (int i = 0; i < targets.size(); i++) {
        producer.send(topic, 0, null, "{\"kind\":\"" + targets.get(i) + "\",\"seq\":" + i + "}");
      }
    }
    Map<String, String> config = ClickHouseSinkSupport.withDlq(config(CLICKHOUSE, topic), dlq);
    config.put("value.converter.schemas.enable", "false");
    config.put("table.route.field", "kind");
    String connector = UniqueNames.of("ch-routed");
    cluster.deploy(connector, config);
    cluster.awaitRunning(connector, 1);

    // default: plain names in the configured database only
    List<io.streamfirst.connect.it.harness.ConsumedRecord> dead = cluster.consume(dlq, 3, ClickHouseSinkSupport.WAIT);
    awaitCount(cluster, connector, CLICKHOUSE, prefix + "_c", quoted(prefix + "_c"), 1);
    assertThat(ClickHouseSinkSupport.count(CLICKHOUSE, quoted(prefix + "_a"))).isEqualTo(2);
    assertThat(ClickHouseSinkSupport.count(CLICKHOUSE, quoted(prefix + "_b"))).isEqualTo(1);
    assertThat(dead).extracting(r -> r.header("__connect.errors.exception.message"))
        .allSatisfy(reason -> assertThat(reason).contains("table.route.allowed.regex").doesNotContain("dash")
            .doesNotContain("system")
            .doesNotContain("secret_"));
    assertThat(dead).extracting(r -> r.header("__connect.errors.exception.message"))
        .anySatisfy(reason -> assertThat(reason).contains(topic + "-0@1"))
        .anySatisfy(reason -> assertThat(reason).contains(topic + "-0@2"))
        .anySatisfy(reason -> assertThat(reason).contains(topic + "-0@6"));
    assertThat(2 + 1 + 1 + dead.size()).as("rows + dead letters = records").isEqualTo(targets.size());
    for (String refused : List.of(prefix + "-dash", "system.one", "other.secret_" + prefix)) {
      assertThat(ClickHouseSinkSupport.tableExists(CLICKHOUSE, refused)).as("table %s", refused).isFalse();
    }
    cluster.delete(connector);

    // an explicit allow-list, matched against database.table
    String explicit = topic + "-explicit";
    String explicitDlq = explicit + "-dlq";
    cluster.createTopic(explicit, 1);
    cluster.createTopic(explicitDlq, 1);
    String other = prefix + "_x";
    try (BulkProducer producer = new BulkProducer(cluster)) {
      producer.send(explicit, 0, null, "{\"kind\":\"" + other + "_1\",\"seq\":1}");
      producer.send(explicit, 0, null, "{\"kind\":\"" + prefix + "_y\",\"seq\":2}");
      producer.send(explicit, 0, null, "{\"kind\":\"" + other + "-2\",\"seq\":3}");
    }
    config = ClickHouseSinkSupport.withDlq(config(CLICKHOUSE, explicit), explicitDlq);
    config.put("value.converter.schemas.enable", "false");
    config.put("table.route.field", "kind");
    config.put("table.route.allowed.regex", java.util.regex.Pattern.quote(CLICKHOUSE.database() + "." + other) + ".*");
    String explicitConnector = UniqueNames.of("ch-routed-explicit");
    cluster.deploy(explicitConnector, config);
    cluster.awaitRunning(explicitConnector, 1);
    awaitCount(cluster, explicitConnector, CLICKHOUSE, other + "_1", quoted(other + "_1"), 1);
    awaitCount(cluster, explicitConnector, CLICKHOUSE, other + "-2", quoted(other + "-2"), 1);
    List<io.streamfirst.connect.it.harness.ConsumedRecord> refused = cluster.consume(explicitDlq, 1,
        ClickHouseSinkSupport.WAIT);
    assertThat(refused).singleElement().satisfies(r -> assertThat(r.header("__connect.errors.exception.message"))
        .contains(explicit + "-0@1").contains("table.route.allowed.regex").doesNotContain(prefix + "_y"));
    assertThat(ClickHouseSinkSupport.tableExists(CLICKHOUSE, prefix + "_y")).isFalse();

    // a regex that does not compile is a configuration error on its key
    config.put("table.route.allowed.regex", "default\\.(unclosed");
    assertThat(cluster.validate(ClickHouseSinkSupport.CONNECTOR_CLASS, config).errorsFor("table.route.allowed.regex"))
        .singleElement().asString().contains("regular expression");
  }

  /**
   * One task writing 128 tables keeps batching: the rows of many tables share the memory bound
   * (idle and drained tables hold no buffer), so the number of inserts stays far below the number of
   * records. Every table ends with exactly its rows.
   */
  @Test
  void oneTaskWriting128TablesBatchesItsInsertsWithinItsMemoryBound() throws Exception {
    ConnectCluster cluster = CONNECT.cluster();
    String topic = UniqueNames.of("wide");
    cluster.createTopic(topic, 1);
    String prefix = topic.replace('-', '_');
    int tables = 128;
    int perTable = 40;
    int records = tables * perTable;
    try (BulkProducer producer = new BulkProducer(cluster)) {
      for (int i = 0; i < records; i++) {
        producer.send(topic, 0, null, "{\"kind\":\"" + prefix + "_t" + (i % tables) + "\",\"seq\":" + i + "}");
      }
    }
    Map<String, String> config = config(CLICKHOUSE, topic);
    config.put("value.converter.schemas.enable", "false");
    config.put("table.route.field", "kind");
    config.put("batch.max.bytes", "65536");
    // 2 KiB of buffer per table
    config.put("buffer.max.bytes", "262144");
    // Only the memory bound and the flush before the offset commit insert: every record comes in one put()
    // (they are all in the topic before the task starts) and no buffer ages out during it. How many offset
    // commits a loaded machine fits into the consumption then no longer changes the number of inserts.
    config.put("batch.max.wait.ms", "600000");
    config.put("consumer.override.max.poll.records", Integer.toString(records));
    config.put("consumer.override.max.partition.fetch.bytes", Integer.toString(16 << 20));
    String connector = UniqueNames.of("ch-wide");
    cluster.deploy(connector, config);
    cluster.awaitRunning(connector, 1);

    String all = "merge(" + ClickHouseSinkSupport.literal(CLICKHOUSE.database()) + ", "
        + ClickHouseSinkSupport.literal("^" + prefix + "_t[0-9]+$") + ")";
    // merge() fails until the first table exists
    await().atMost(ClickHouseSinkSupport.WAIT).pollInterval(java.time.Duration.ofMillis(500)).ignoreExceptions()
        .untilAsserted(() -> {
          assertThat(cluster.status(connector).hasFailure()).isFalse();
          assertThat(ClickHouseSinkSupport.count(CLICKHOUSE, all)).isEqualTo(records);
        });
    // every table has its 40 records, each exactly once, and nothing of another table
    JsonNode summary = rows(CLICKHOUSE, "SELECT uniqExact(_table) AS tables, min(n) AS least, max(n) AS most,"
        + " sum(seqs) AS seqs, sum(misplaced) AS misplaced FROM (SELECT _table, count() AS n, uniqExact(seq) AS"
        + " seqs, countIf(toString(seq % " + tables + ") != replaceRegexpOne(_table, '^.*_t', '')) AS misplaced"
        + " FROM " + all + " GROUP BY _table)").get(0);
    assertThat(summary.path("tables").asInt()).isEqualTo(tables);
    assertThat(summary.path("least").asLong()).isEqualTo(perTable);
    assertThat(summary.path("most").asLong()).isEqualTo(perTable);
    assertThat(summary.path("seqs").asLong()).isEqualTo(records);
    assertThat(summary.path("misplaced").asLong()).isZero();
    assertThat(metric(connector, "records-written-total")).as("rows written").isEqualTo(records);
    double inserts = metric(connector, "batches-committed-total");
    assertThat(inserts).as("%s inserts for %d records into %d tables", inserts, records, tables).isPositive()
        .isLessThanOrEqualTo(records / 8.0);
  }

  /** A plugin metric of the connector's task (the workers run in this JVM). */
  static double metric(String connector, String name) throws Exception {
    javax.management.MBeanServer server = java.lang.management.ManagementFactory.getPlatformMBeanServer();
    double total = 0;
    for (javax.management.ObjectName bean : server.queryNames(
        new javax.management.ObjectName("*:connector=" + connector + ",*"), null)) {
      for (javax.management.MBeanAttributeInfo attribute : server.getMBeanInfo(bean).getAttributes()) {
        if (attribute.getName().equals(name)) {
          total += ((Number) server.getAttribute(bean, name)).doubleValue();
        }
      }
    }
    return total;
  }

  @Test
  void regexRouterMergingTwoTopicsAppendsEveryRecordOnceAndCommitsEveryOffset() throws Exception {
    mergedTopics(false);
  }

  @Test
  void regexRouterMergingTwoTopicsInCdcModeEndsInTheSourceStateAndCommitsEveryOffset() throws Exception {
    mergedTopics(true);
  }

  /**
   * Two topics merged into one by a RegexRouter in front of the sink, a task restart mid-stream:
   * every record is in the table exactly once (append) or the table's current state is the expected
   * one (CDC, changes to the same keys from both topics, versioned by source position), and at the end
   * the sink's consumer group has committed every offset of both topics (lag 0).
   */
  private void mergedTopics(boolean cdc) throws Exception {
    ConnectCluster cluster = CONNECT.cluster();
    String base = UniqueNames.of(cdc ? "merge-cdc" : "merge-append");
    String topicA = base + "-a";
    String topicB = base + "-b";
    String table = base + "-merged";
    cluster.createTopic(topicA, 2);
    cluster.createTopic(topicB, 2);
    Map<String, String> config = config(CLICKHOUSE, topicA + "," + topicB);
    config.put("value.converter.schemas.enable", "false");
    config.put("transforms", "merge");
    config.put("transforms.merge.type", "org.apache.kafka.connect.transforms.RegexRouter");
    config.put("transforms.merge.regex", "(.*)-[ab]");
    config.put("transforms.merge.replacement", "$1-merged");
    config.put("batch.max.records", "30");
    if (cdc) {
      config.put("write.mode", "cdc");
      config.put("cdc.key.columns", "id");
      config.put("cdc.version.source", "source.position");
    }
    String connector = UniqueNames.of(cdc ? "ch-merge-cdc" : "ch-merge-append");
    Map<Long, String> state = new TreeMap<>();
    long[] position = {0};
    int keys = 40;
    java.util.function.BiConsumer<BulkProducer, Integer> sendChange = (producer, i) -> {
      String topic = i % 2 == 0 ? topicA : topicB;
      int partition = (i / 2) % 2;
      if (cdc) {
        long id = i % keys; // the same keys through both topics and both partitions
        boolean delete = i % 7 == 3;
        String lsn = "0/" + Long.toHexString(0x1000 + 16 * position[0]++);
        producer.send(topic, partition, null, "{\"id\":" + id + ",\"name\":\"v" + i + "\",\"__op\":\""
            + (delete ? "d" : "u") + "\"}", "sf.source.pos", lsn);
        if (delete) {
          state.remove(id);
        } else {
          state.put(id, id + "|v" + i);
        }
      } else {
        producer.send(topic, partition, null, "{\"id\":" + i + ",\"name\":\"v" + i + "\"}");
        state.put((long) i, i + "|v" + i);
      }
    };
    int first = 600;
    int total = 1200;
    try (BulkProducer producer = new BulkProducer(cluster)) {
      for (int i = 0; i < first; i++) {
        sendChange.accept(producer, i);
      }
    }
    cluster.deploy(connector, config);
    cluster.awaitRunning(connector, 1);
    await().atMost(ClickHouseSinkSupport.WAIT).ignoreExceptions()
        .until(() -> ClickHouseSinkSupport.count(CLICKHOUSE, quoted(table)) > 0);
    cluster.restartTask(connector, 0);
    try (BulkProducer producer = new BulkProducer(cluster)) {
      for (int i = first; i < total; i++) {
        sendChange.accept(producer, i);
      }
    }
    cluster.awaitRunning(connector, 1);

    List<org.apache.kafka.common.TopicPartition> partitions = new ArrayList<>();
    for (String topic : List.of(topicA, topicB)) {
      for (int p = 0; p < 2; p++) {
        partitions.add(new org.apache.kafka.common.TopicPartition(topic, p));
      }
    }
    Map<org.apache.kafka.common.TopicPartition, Long> ends = new java.util.HashMap<>();
    cluster.admin().listOffsets(partitions.stream().collect(java.util.stream.Collectors.toMap(tp -> tp,
        tp -> org.apache.kafka.clients.admin.OffsetSpec.latest()))).all().get()
        .forEach((tp, info) -> ends.put(tp, info.offset()));
    await("every offset committed by " + connector).atMost(ClickHouseSinkSupport.WAIT).untilAsserted(() -> {
      assertThat(cluster.status(connector).hasFailure()).isFalse();
      Map<org.apache.kafka.common.TopicPartition, org.apache.kafka.clients.consumer.OffsetAndMetadata> committed = cluster
          .admin().listConsumerGroupOffsets("connect-" + connector).partitionsToOffsetAndMetadata().get();
      for (org.apache.kafka.common.TopicPartition tp : partitions) {
        assertThat(committed.get(tp)).as("committed offset of %s", tp).isNotNull();
        assertThat(committed.get(tp).offset()).as("committed offset of %s", tp).isEqualTo(ends.get(tp));
      }
    });

    List<String> actual = new ArrayList<>();
    String select = cdc
        ? "SELECT id, name FROM (SELECT * FROM " + quoted(table) + " FINAL) WHERE _sf_deleted = 0 ORDER BY id"
        : "SELECT id, name FROM " + quoted(table) + " ORDER BY id";
    rows(CLICKHOUSE, select).forEach(r -> actual.add(r.path("id").asText() + "|" + r.path("name").asText()));
    assertThat(actual).containsExactlyElementsOf(state.values());
    if (!cdc) {
      JsonNode origins = rows(CLICKHOUSE, "SELECT uniqExact(_sf_topic) AS topics, count() AS n FROM "
          + quoted(table)).get(0);
      assertThat(origins.path("topics").asInt()).as("rows keep their original topic").isEqualTo(2);
    }
  }
}
