// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.it.iceberg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.streamfirst.connect.it.fixtures.PostgresFixture;
import io.streamfirst.connect.it.harness.ConnectCluster;
import io.streamfirst.connect.it.harness.ConnectClusterExtension;
import io.streamfirst.connect.it.harness.TestRecord;
import io.streamfirst.connect.it.harness.Timeouts;
import io.streamfirst.connect.it.harness.UniqueNames;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.data.Record;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The packaged Iceberg sink in a real Connect worker writing to local warehouses (Hadoop catalog and
 * JDBC catalog on SQLite and on PostgreSQL); tables read back with Iceberg's generic reader and compared row for row.
 */
class IcebergSinkIT {

  static final String CONNECTOR_CLASS = "io.streamfirst.connect.iceberg.IcebergSinkConnector";

  @RegisterExtension
  static final PostgresFixture POSTGRES = new PostgresFixture();

  @RegisterExtension
  static final ConnectClusterExtension CONNECT = new ConnectClusterExtension(b -> b.workers(1)
      .workerProperty("offset.flush.interval.ms", "1000"));

  /**
   * The connector config of these tests; {@code mode} is {@code iceberg.mode}, or {@code upsert-position} /
   * {@code upsert-equality} for upsert with that {@code iceberg.upsert.delete.mode}, or
   * {@code upsert-position-v3} for that on tables of format version 3.
   */
  static Map<String, String> sinkConfig(String topic, Warehouse warehouse, String mode) {
    Map<String, String> config = new HashMap<>(warehouse.connectorConfig());
    config.put("connector.class", CONNECTOR_CLASS);
    config.put("tasks.max", "2");
    config.put("topics", topic);
    config.put("key.converter", "org.apache.kafka.connect.json.JsonConverter");
    config.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
    String[] parts = mode.split("-");
    config.put("iceberg.mode", parts[0]);
    if (parts.length > 1) {
      config.put("iceberg.upsert.delete.mode", parts[1]);
    }
    if (parts.length > 2) {
      config.put("iceberg.table.format.version", parts[2].substring(1)); // v3
    }
    config.put("iceberg.commit.interval.ms", "1000");
    config.put("iceberg.table.name.template", "lake.${topic}");
    return config;
  }

  /**
   * In upsert delete mode {@code position} the table's history holds no equality-delete file, in mode
   * {@code equality} no position-delete file (nor deletion vector); with {@code keysChangedAcrossCommits} it holds some of its kind.
   */
  static void assertDeleteFilesFit(Warehouse warehouse, String table, String mode, boolean keysChangedAcrossCommits)
      throws Exception {
    List<Snapshot> snapshots = warehouse.snapshots("lake", table);
    long equality = snapshots.stream()
        .mapToLong(s -> Long.parseLong(s.summary().getOrDefault("added-equality-delete-files", "0"))).sum();
    long position = snapshots.stream()
        .mapToLong(s -> Long.parseLong(s.summary().getOrDefault("added-position-delete-files", "0"))
            + Long.parseLong(s.summary().getOrDefault("added-dvs", "0")))
        .sum();
    boolean positionMode = mode.contains("position");
    assertThat(positionMode ? equality : position).as("%s-delete files ever added to %s",
        positionMode ? "equality" : "position", table).isZero();
    if (keysChangedAcrossCommits) {
      assertThat(positionMode ? position : equality).as("%s-delete files ever added to %s",
          positionMode ? "position" : "equality", table).isPositive();
    }
  }

  /** id -> "name/qty" of every row; fails on a duplicate id. */
  static Map<Long, String> byId(List<Record> rows) {
    Map<Long, String> out = new TreeMap<>();
    for (Record r : rows) {
      String previous = out.put((Long) r.getField("id"), r.getField("name") + "/" + r.getField("qty"));
      assertThat(previous).as("a second row for id %s", r.getField("id")).isNull();
    }
    return out;
  }

  static String table(String topic) {
    return topic.replaceAll("[^A-Za-z0-9_]", "_");
  }

  @ParameterizedTest
  @EnumSource(Warehouse.Kind.class)
  void appendWritesEveryRecordOnceAndCommitsTheOffsets(Warehouse.Kind kind) throws Exception {
    ConnectCluster cluster = CONNECT.cluster();
    Warehouse warehouse = new Warehouse(kind, POSTGRES);
    String topic = UniqueNames.of("orders");
    String connector = UniqueNames.of("lake-append");
    cluster.createTopic(topic, 2);
    cluster.deploy(connector, sinkConfig(topic, warehouse, "append"));
    cluster.awaitRunning(connector, 2);

    Map<Long, String> expected = new TreeMap<>();
    for (long id = 1; id <= 300; id++) {
      int qty = (int) (id % 7);
      String name = id % 10 == 0 ? null : "item-" + id;
      cluster.produce(TestRecord.to(topic).partition((int) (id % 2)).key(Changes.key(id))
          .value(Changes.plain(id, name, qty)));
      expected.put(id, name + "/" + qty);
    }

    await("all rows in " + kind).atMost(Timeouts.defaultWait())
        .untilAsserted(() -> assertThat(warehouse.rows("lake", table(topic))).hasSizeGreaterThanOrEqualTo(300));
    assertThat(byId(warehouse.rows("lake", table(topic)))).isEqualTo(expected);

    List<Snapshot> snapshots = warehouse.snapshots("lake", table(topic));
    assertThat(snapshots).isNotEmpty().allSatisfy(s -> assertThat(s.summary())
        .containsEntry("sf.connector", connector).containsKey("sf.offsets"));
    Map<String, Long> newest = new HashMap<>();
    for (Snapshot s : snapshots) {
      for (String entry : s.summary().get("sf.offsets").split(",")) {
        String[] parts = entry.split("=");
        newest.put(parts[0], Long.parseLong(parts[1]));
      }
    }
    assertThat(newest).containsEntry(topic + ":0", 150L).containsEntry(topic + ":1", 150L);
  }

  static Stream<Arguments> catalogsAndDeleteModes() {
    return Stream.of(Warehouse.Kind.values())
        .flatMap(kind -> Stream.of(Arguments.of(kind, "upsert-equality"), Arguments.of(kind, "upsert-position")));
  }

  @ParameterizedTest(name = "{0} catalog, {1}")
  @MethodSource("catalogsAndDeleteModes")
  void upsertAppliesEnvelopeAndFlatChangesTombstonesAndCollapsesChangesToOneKey(Warehouse.Kind kind, String mode)
      throws Exception {
    ConnectCluster cluster = CONNECT.cluster();
    Warehouse warehouse = new Warehouse(kind, POSTGRES);
    String envelopeTopic = UniqueNames.of("cdc-env");
    String flatTopic = UniqueNames.of("cdc-flat");
    String connector = UniqueNames.of("lake-upsert");
    cluster.createTopic(envelopeTopic, 3);
    cluster.createTopic(flatTopic, 3);
    Map<String, String> config = sinkConfig(envelopeTopic + "," + flatTopic, warehouse, mode);
    config.put("topics", envelopeTopic + "," + flatTopic);
    // A long interval: the burst below lands in few commits, so many keys change several times per commit.
    config.put("iceberg.commit.interval.ms", "3000");
    cluster.deploy(connector, config);
    cluster.awaitRunning(connector, 2);

    Random random = new Random(42);
    Map<Long, String> expectedEnvelope = new TreeMap<>();
    Map<Long, String> expectedFlat = new TreeMap<>();
    for (int i = 0; i < 1_500; i++) {
      long id = 1 + random.nextInt(60);
      int qty = random.nextInt(1000);
      String name = "n" + i;
      int dice = random.nextInt(10);
      // Envelope topic: c/u/d and tombstones.
      if (dice < 6) {
        char op = expectedEnvelope.containsKey(id) ? 'u' : 'c';
        cluster.produce(TestRecord.to(envelopeTopic).key(Changes.key(id))
            .value(Changes.envelope(op, id, name, qty, 1_700_000_000_000L + i)));
        expectedEnvelope.put(id, name + "/" + qty);
      } else if (dice < 8) {
        cluster.produce(TestRecord.to(envelopeTopic).key(Changes.key(id))
            .value(Changes.envelope('d', id, name, qty, 1_700_000_000_000L + i)));
        expectedEnvelope.remove(id);
      } else {
        cluster.produce(TestRecord.to(envelopeTopic).key(Changes.key(id)).value((String) null));
        expectedEnvelope.remove(id);
      }
      // Flat topic: __op / __deleted.
      boolean delete = random.nextInt(4) == 0;
      cluster.produce(TestRecord.to(flatTopic).key(Changes.key(id))
          .value(Changes.flat(delete ? 'd' : 'u', id, name, qty)));
      if (delete) {
        expectedFlat.remove(id);
      } else {
        expectedFlat.put(id, name + "/" + qty);
      }
    }

    await("envelope table equals the source state (" + kind + ")").atMost(Timeouts.defaultWait())
        .untilAsserted(() -> assertThat(byId(warehouse.rows("lake", table(envelopeTopic))))
            .isEqualTo(expectedEnvelope));
    await("flat table equals the source state (" + kind + ")").atMost(Timeouts.defaultWait())
        .untilAsserted(() -> assertThat(byId(warehouse.rows("lake", table(flatTopic)))).isEqualTo(expectedFlat));
    // the burst may land in one commit per table, where every change collapses in memory
    assertDeleteFilesFit(warehouse, table(envelopeTopic), mode, false);
    assertDeleteFilesFit(warehouse, table(flatTopic), mode, false);
    // The tasks' metrics (sink-common's FreshnessMetrics, through JMX): every change counted once, a freshness.
    await("metrics of " + connector).atMost(Timeouts.defaultWait()).untilAsserted(() -> {
      assertThat(taskMetric(connector, "records-written-total") + taskMetric(connector, "records-deleted-total"))
          .as("MBeans of the connector: %s", java.lang.management.ManagementFactory.getPlatformMBeanServer()
              .queryNames(null, null).stream().map(Object::toString).filter(n -> n.contains(connector)).toList())
          .isEqualTo(3_000.0);
      assertThat(taskMetric(connector, "batches-committed-total")).isPositive();
    });
    assertThat(taskMetric(connector, "freshness-ms-max")).isPositive();
    // Every commit records the newest source commit time it contains (record time for tombstones); the task's
    // compactions (in delete mode position one runs once a data file has half of its rows deleted, which
    // happens when the burst spans several commits) carry no records and no source time.
    List<Snapshot> snapshots = warehouse.snapshots("lake", table(envelopeTopic)).stream()
        .filter(s -> !s.summary().containsKey("sf.compacted.by")).toList();
    assertThat(snapshots).isNotEmpty().allSatisfy(s -> assertThat(Long.parseLong(s.summary().get("sf.source.ts")))
        .isGreaterThanOrEqualTo(1_700_000_000_000L));
    assertThat(snapshots.stream().mapToLong(s -> Long.parseLong(s.summary().get("sf.source.ts"))).max().orElseThrow())
        .isGreaterThanOrEqualTo(1_700_000_000_000L + 1_499);
  }

  @org.junit.jupiter.api.Test
  void badRecordsGoToTheDeadLetterQueueAndTheCountsAddUp() throws Exception {
    ConnectCluster cluster = CONNECT.cluster();
    Warehouse warehouse = new Warehouse(Warehouse.Kind.HADOOP);
    String topic = UniqueNames.of("poison");
    String dlq = UniqueNames.of("poison-dlq");
    String connector = UniqueNames.of("lake-dlq");
    cluster.createTopic(topic, 2);
    cluster.createTopic(dlq, 1);
    Map<String, String> config = sinkConfig(topic, warehouse, "append");
    config.put("errors.tolerance", "all");
    config.put("errors.deadletterqueue.topic.name", dlq);
    config.put("errors.deadletterqueue.topic.replication.factor", "1");
    config.put("errors.deadletterqueue.context.headers.enable", "true");
    cluster.deploy(connector, config);
    cluster.awaitRunning(connector, 2);

    Map<Long, String> expected = new TreeMap<>();
    int poison = 0;
    for (long id = 1; id <= 200; id++) {
      TestRecord record = TestRecord.to(topic).partition((int) (id % 2)).key(Changes.key(id));
      if (id % 20 == 5) { // qty as text: the table's int column cannot hold it
        record.value("{\"schema\":{\"type\":\"struct\",\"name\":\"row\",\"fields\":["
            + "{\"field\":\"id\",\"type\":\"int64\"},{\"field\":\"qty\",\"type\":\"string\"}]},"
            + "\"payload\":{\"id\":" + id + ",\"qty\":\"many\"}}");
        poison++;
      } else if (id % 20 == 15) { // a delete: append mode cannot apply it
        record.value(Changes.envelope('d', id, "gone", 1, 1_700_000_000_000L));
        poison++;
      } else if (id % 20 == 10) { // not JSON at all: the converter rejects it
        record.value("not json {");
        poison++;
      } else {
        record.value(Changes.plain(id, "ok" + id, (int) id));
        expected.put(id, "ok" + id + "/" + id);
      }
      cluster.produce(record);
    }
    assertThat(expected.size() + poison).isEqualTo(200);

    // The first record decides the table: make sure it is a good one (id 1).
    await("good rows in the table").atMost(Timeouts.defaultWait())
        .untilAsserted(() -> assertThat(byId(warehouse.rows("lake", table(topic)))).isEqualTo(expected));
    List<io.streamfirst.connect.it.harness.ConsumedRecord> dead = cluster.consume(dlq, poison, Timeouts.defaultWait());
    assertThat(dead).hasSize(poison);
    assertThat(dead).map(r -> r.header("__connect.errors.exception.message"))
        .anySatisfy(m -> assertThat(m).contains("qty").contains(topic))
        .anySatisfy(m -> assertThat(m).contains("iceberg.mode=upsert"));
    assertThat(cluster.status(connector).isRunning(2)).isTrue();
  }

  @org.junit.jupiter.api.Test
  void schemaEvolvesMidStreamWithNewColumnsWideningAndNestedStructs() throws Exception {
    ConnectCluster cluster = CONNECT.cluster();
    Warehouse warehouse = new Warehouse(Warehouse.Kind.JDBC_SQLITE);
    String topic = UniqueNames.of("evolve");
    String connector = UniqueNames.of("lake-evolve");
    cluster.createTopic(topic, 1);
    cluster.deploy(connector, sinkConfig(topic, warehouse, "upsert"));
    cluster.awaitRunning(connector, 2);

    String v1 = "{\"field\":\"id\",\"type\":\"int64\"},{\"field\":\"qty\",\"type\":\"int32\"}";
    String v2 = "{\"field\":\"id\",\"type\":\"int64\"},{\"field\":\"qty\",\"type\":\"int64\"},"
        + "{\"field\":\"note\",\"type\":\"string\",\"optional\":true},"
        + "{\"field\":\"address\",\"type\":\"struct\",\"optional\":true,\"fields\":["
        + "{\"field\":\"city\",\"type\":\"string\",\"optional\":true}]}";
    String v3 = "{\"field\":\"id\",\"type\":\"int64\"},{\"field\":\"qty\",\"type\":\"int64\"},"
        + "{\"field\":\"note\",\"type\":\"string\",\"optional\":true},"
        + "{\"field\":\"address\",\"type\":\"struct\",\"optional\":true,\"fields\":["
        + "{\"field\":\"city\",\"type\":\"string\",\"optional\":true},"
        + "{\"field\":\"zip\",\"type\":\"string\",\"optional\":true}]}";
    Map<Long, String> expected = new TreeMap<>();
    for (long id = 1; id <= 30; id++) {
      String payload;
      String fields;
      if (id <= 10) {
        fields = v1;
        payload = "{\"id\":" + id + ",\"qty\":" + id + "}";
        expected.put(id, id + "|null|null|null");
      } else if (id <= 20) {
        fields = v2;
        long qty = 10_000_000_000L + id;
        payload = "{\"id\":" + id + ",\"qty\":" + qty + ",\"note\":\"n" + id + "\",\"address\":{\"city\":\"c" + id
            + "\"}}";
        expected.put(id, qty + "|n" + id + "|c" + id + "|null");
      } else {
        fields = v3;
        payload = "{\"id\":" + id + ",\"qty\":" + id + ",\"note\":null,\"address\":{\"city\":\"c" + id
            + "\",\"zip\":\"z" + id + "\"}}";
        expected.put(id, id + "|null|c" + id + "|z" + id);
      }
      cluster
          .produce(TestRecord.to(topic).key(Changes.key(id)).value("{\"schema\":{\"type\":\"struct\",\"name\":\"row\","
              + "\"fields\":[" + fields + "]},\"payload\":" + payload + "}"));
    }

    await("every version's rows in the evolved table").atMost(Timeouts.defaultWait()).untilAsserted(() -> {
      Map<Long, String> actual = new TreeMap<>();
      for (Record r : warehouse.rows("lake", table(topic))) {
        Record address = (Record) r.getField("address");
        actual.put((Long) r.getField("id"), r.getField("qty") + "|" + r.getField("note") + "|"
            + (address == null ? null : address.getField("city")) + "|"
            + (address == null ? null : address.getField("zip")));
      }
      assertThat(actual).isEqualTo(expected);
    });
    org.apache.iceberg.types.Types.StructType schema = warehouse.table("lake", table(topic)).schema().asStruct();
    assertThat(schema.field("qty").type()).isEqualTo(org.apache.iceberg.types.Types.LongType.get());
    assertThat(schema.field("note").isOptional()).isTrue();
    assertThat(schema.field("address").type().asStructType().fields()).extracting(f -> f.name())
        .containsExactly("city", "zip");
  }

  /**
   * A RegexRouter in front of the sink merges two topics into one table. Offsets are tracked per original
   * topic-partition: the topic that runs ahead must not hide the other's records, the consumer group
   * must commit every partition of both topics, and a task restart must skip nothing.
   */
  @org.junit.jupiter.api.Test
  void aRegexRouterMergingTwoTopicsWritesEveryRecordOnceAndCommitsTheConsumerOffsets() throws Exception {
    ConnectCluster cluster = CONNECT.cluster();
    Warehouse warehouse = new Warehouse(Warehouse.Kind.HADOOP);
    String prefix = UniqueNames.of("merge");
    String ahead = prefix + ".orders-a"; // topic names with '.', '-' and '_'
    String behind = prefix + ".orders_b";
    String merged = prefix + "-all";
    String connector = UniqueNames.of("lake-merge");
    cluster.createTopic(ahead, 2);
    cluster.createTopic(behind, 2);
    Map<String, String> config = sinkConfig(ahead + "," + behind, warehouse, "append");
    config.put("tasks.max", "1");
    config.put("transforms", "merge");
    config.put("transforms.merge.type", "org.apache.kafka.connect.transforms.RegexRouter");
    config.put("transforms.merge.regex", java.util.regex.Pattern.quote(prefix) + "\\..*");
    config.put("transforms.merge.replacement", merged);
    cluster.deploy(connector, config);
    cluster.awaitRunning(connector, 1);

    Map<Long, String> expected = new TreeMap<>();
    // the first topic's offsets run far ahead of the second's
    produceMerged(cluster, ahead, 1, 300, expected);
    produceMerged(cluster, behind, 100_001, 100_030, expected);
    awaitMerged(warehouse, merged, expected);
    produceMerged(cluster, ahead, 301, 330, expected);
    produceMerged(cluster, behind, 100_031, 100_100, expected);
    awaitMerged(warehouse, merged, expected);

    cluster.restartTask(connector, 0);
    cluster.awaitRunning(connector, 1);
    produceMerged(cluster, behind, 100_101, 100_130, expected);
    produceMerged(cluster, ahead, 331, 360, expected);
    awaitMerged(warehouse, merged, expected);

    // The sink's consumer group has committed every partition of both topics up to its end: lag 0.
    List<org.apache.kafka.common.TopicPartition> partitions = new ArrayList<>();
    for (String topic : List.of(ahead, behind)) {
      for (int p = 0; p < 2; p++) {
        partitions.add(new org.apache.kafka.common.TopicPartition(topic, p));
      }
    }
    Map<org.apache.kafka.common.TopicPartition, Long> ends = endOffsets(cluster, partitions);
    assertThat(ends.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(expected.size());
    await("consumer group connect-" + connector + " committed every partition to its end")
        .atMost(Timeouts.defaultWait()).untilAsserted(() -> {
          Map<org.apache.kafka.common.TopicPartition, Long> committed = new HashMap<>();
          cluster.admin().listConsumerGroupOffsets("connect-" + connector).partitionsToOffsetAndMetadata().get()
              .forEach((tp, offset) -> committed.put(tp, offset == null ? null : offset.offset()));
          assertThat(committed).isEqualTo(ends);
        });
  }

  /** Rows {@code from..to} into {@code topic} (partition by id), named after the topic, noted in {@code expected}. */
  private static void produceMerged(ConnectCluster cluster, String topic, long from, long to,
      Map<Long, String> expected) {
    for (long id = from; id <= to; id++) {
      String name = topic.substring(topic.lastIndexOf('.') + 1) + "-" + id;
      cluster.produce(TestRecord.to(topic).partition((int) (id % 2)).key(Changes.key(id))
          .value(Changes.plain(id, name, (int) (id % 100))));
      expected.put(id, name + "/" + (id % 100));
    }
  }

  private static void awaitMerged(Warehouse warehouse, String merged, Map<Long, String> expected) {
    await("merged table holds every record of both topics once").atMost(Timeouts.defaultWait())
        .untilAsserted(() -> assertThat(byId(warehouse.rows("lake", table(merged)))).isEqualTo(expected));
  }

  static Map<org.apache.kafka.common.TopicPartition, Long> endOffsets(ConnectCluster cluster,
      List<org.apache.kafka.common.TopicPartition> partitions) throws Exception {
    Map<org.apache.kafka.common.TopicPartition, org.apache.kafka.clients.admin.OffsetSpec> latest = new HashMap<>();
    partitions.forEach(tp -> latest.put(tp, org.apache.kafka.clients.admin.OffsetSpec.latest()));
    Map<org.apache.kafka.common.TopicPartition, Long> ends = new HashMap<>();
    cluster.admin().listOffsets(latest).all().get().forEach((tp, info) -> ends.put(tp, info.offset()));
    return ends;
  }

  @org.junit.jupiter.api.Test
  void aRestCatalogRejectingTheCredentialIsReportedOnTheUriWithoutTheSecret() throws Exception {
    ConnectCluster cluster = CONNECT.cluster();
    Map<String, String> config = sinkConfig("any-topic", new Warehouse(Warehouse.Kind.REST), "append");
    assertThat(cluster.validate(CONNECTOR_CLASS, config).isValid()).isTrue();
    config.put("iceberg.catalog.token", "wrong-token-4711");
    // the kind of failure, never what the server answered (a response body may echo the request)
    assertThat(cluster.validate(CONNECTOR_CLASS, config).errorsFor("iceberg.catalog.uri")).singleElement()
        .asString().contains("NotAuthorized").contains("iceberg.catalog.uri").doesNotContain("wrong-token-4711")
        .doesNotContain(RestCatalogServer.UNAUTHORIZED_MESSAGE);
  }

  /**
   * A JDBC URL carrying a password and pass-through keys holding credentials: neither the worker's log (every
   * logger of Connect, Iceberg and the plugin, at INFO and DEBUG), nor the REST validation answers (valid,
   * and with an unreachable database), nor the status of a task that failed on the URI show a secret.
   */
  @org.junit.jupiter.api.Test
  void secretsInTheCatalogUriAndPassThroughKeysAppearNowhere() throws Exception {
    ConnectCluster cluster = CONNECT.cluster();
    String nonce = Long.toHexString(System.nanoTime());
    List<String> secrets = List.of("uriPw" + nonce, "jdbcPw" + nonce, "s3Secret" + nonce, "cred" + nonce,
        "tok" + nonce);
    Warehouse warehouse = new Warehouse(Warehouse.Kind.JDBC_POSTGRES, POSTGRES);
    String topic = UniqueNames.of("secret");
    cluster.createTopic(topic, 1);
    Map<String, String> config = sinkConfig(topic, warehouse, "append");
    config.put("tasks.max", "1");
    config.put("iceberg.catalog.uri", config.get("iceberg.catalog.uri") + "?user=" + PostgresFixture.USER
        + "&password=" + secrets.get(0) + "&ApplicationName=sink");
    config.put("iceberg.catalog.jdbc.password", secrets.get(1));
    config.put("iceberg.catalog.s3.secret-access-key", secrets.get(2));
    config.put("iceberg.catalog.credential", secrets.get(3));
    config.put("iceberg.catalog.token", secrets.get(4));
    Map<String, String> unreachable = new HashMap<>(config);
    unreachable.put("iceberg.catalog.uri", "jdbc:postgresql://127.0.0.1:" + closedPort() + "/nowhere?user=x&password="
        + secrets.get(0));

    List<String> answers = new ArrayList<>();
    String connector = UniqueNames.of("lake-secret");
    String failing = UniqueNames.of("lake-secret-down");
    try (LogCapture logs = LogCapture.start(Map.of("org.apache.kafka.connect", org.apache.logging.log4j.Level.INFO,
        "org.apache.kafka.common.config", org.apache.logging.log4j.Level.INFO,
        "org.apache.iceberg", org.apache.logging.log4j.Level.DEBUG,
        "io.streamfirst", org.apache.logging.log4j.Level.DEBUG))) {
      String valid = validateRaw(cluster, config);
      assertThat(valid).contains("\"error_count\":0");
      answers.add(valid);
      String invalid = validateRaw(cluster, unreachable);
      assertThat(cluster.validate(CONNECTOR_CLASS, unreachable).errorsFor("iceberg.catalog.uri")).singleElement()
          .asString().contains("iceberg.catalog.uri");
      answers.add(invalid);

      cluster.deploy(connector, config);
      cluster.awaitRunning(connector, 1);
      Map<Long, String> expected = new TreeMap<>();
      IcebergExactlyOnceIT.produceRange(cluster, topic, 1, 1, 50, expected);
      await("rows written with the secret-bearing URI").atMost(Timeouts.defaultWait())
          .untilAsserted(() -> assertThat(byId(warehouse.rows("lake", table(topic)))).isEqualTo(expected));

      unreachable.put("iceberg.validate.catalog.enabled", "false");
      unreachable.put("iceberg.catalog.unavailable.max.ms", "1000");
      cluster.deploy(failing, unreachable);
      assertThat(cluster.awaitFailed(failing).task(0).state())
          .isEqualTo(io.streamfirst.connect.it.harness.ConnectorStatus.FAILED);
      answers.add(getRaw(cluster, "connectors/" + failing + "/status"));
      answers.add(getRaw(cluster, "connectors/" + connector + "/status"));
      assertThat(answers.get(2)).contains("127.0.0.1:");

      // The embedded cluster's REST client (a test utility, not the worker) logs Connect's answers to
      // PUT /connectors/<name>/config, which return the configuration as submitted: Connect's own REST API
      // shows connector configs (secrets belong in a config provider there), so that logger is left out.
      List<String> events = logs.events().stream()
          .filter(e -> !e.contains(" org.apache.kafka.connect.util.clusters.")).toList();
      assertThat(events).as("the capture sees the worker's and the plugin's logs")
          .anySatisfy(e -> assertThat(e).contains("IcebergSinkConfig values"))
          .anySatisfy(e -> assertThat(e).contains("io.streamfirst.connect.iceberg"));
      for (String secret : secrets) {
        assertThat(events).as("log events").noneSatisfy(e -> assertThat(e).contains(secret));
        assertThat(answers).as("REST answers").noneSatisfy(a -> assertThat(a).contains(secret));
      }
    } finally {
      cluster.delete(failing);
      cluster.delete(connector);
    }
  }

  private static int closedPort() throws java.io.IOException {
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  /** The raw body of {@code PUT /connector-plugins/<class>/config/validate}. */
  static String validateRaw(ConnectCluster cluster, Map<String, String> config) throws Exception {
    Map<String, String> body = new HashMap<>(config);
    body.putIfAbsent("name", UniqueNames.of("validation"));
    String url = cluster.embedded().endpointForResource("connector-plugins/" + CONNECTOR_CLASS + "/config/validate");
    java.net.http.HttpRequest request = java.net.http.HttpRequest.newBuilder(java.net.URI.create(url))
        .header("Content-Type", "application/json")
        .PUT(java.net.http.HttpRequest.BodyPublishers.ofString(
            new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(body)))
        .build();
    return java.net.http.HttpClient.newHttpClient().send(request, java.net.http.HttpResponse.BodyHandlers.ofString())
        .body();
  }

  static String getRaw(ConnectCluster cluster, String resource) throws Exception {
    java.net.http.HttpRequest request = java.net.http.HttpRequest.newBuilder(
        java.net.URI.create(cluster.embedded().endpointForResource(resource))).GET().build();
    return java.net.http.HttpClient.newHttpClient().send(request, java.net.http.HttpResponse.BodyHandlers.ofString())
        .body();
  }

  /** Sum over the connector's tasks of a plugin metric, read from the worker's JMX registrations. */
  static double taskMetric(String connector, String name) throws Exception {
    javax.management.MBeanServer server = java.lang.management.ManagementFactory.getPlatformMBeanServer();
    double sum = 0;
    for (javax.management.ObjectName mbean : server.queryNames(null, null)) {
      if (!connector.equals(mbean.getKeyProperty("connector"))) {
        continue;
      }
      for (javax.management.MBeanAttributeInfo attribute : server.getMBeanInfo(mbean).getAttributes()) {
        if (attribute.getName().equals(name)) {
          Object value = server.getAttribute(mbean, name);
          if (value instanceof Number n && !Double.isNaN(n.doubleValue())) {
            sum += n.doubleValue();
          }
        }
      }
    }
    return sum;
  }
}
