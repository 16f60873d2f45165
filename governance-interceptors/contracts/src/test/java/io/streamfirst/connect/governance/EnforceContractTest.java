// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.governance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamfirst.connect.governance.contract.ContractException;
import io.streamfirst.connect.governance.contract.ContractMetrics;
import io.streamfirst.connect.governance.registry.RegistryUnavailableException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import javax.management.ObjectName;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.errors.RetriableException;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The transform's handling of passes, each onFailure action, headers, registry outages and metrics. */
class EnforceContractTest {

  private static final String AVRO = "{\"type\":\"record\",\"name\":\"Order\",\"namespace\":\"shop\",\"fields\":["
      + "{\"name\":\"id\",\"type\":\"long\"},{\"name\":\"amount\",\"type\":\"double\"},"
      + "{\"name\":\"email\",\"type\":\"string\",\"confluent:tags\":[\"PII\"]}]}";
  private static final Schema ORDER = SchemaBuilder.struct().name("shop.Order").field("id", Schema.INT64_SCHEMA)
      .field("amount", Schema.FLOAT64_SCHEMA).field("email", Schema.STRING_SCHEMA).build();

  private final FakeRegistry registry = new FakeRegistry();
  private final MutableClock clock = new MutableClock();
  private final String topic = "orders-" + UUID.randomUUID().toString().substring(0, 8);
  /** A clock the test moves. */
  static final class MutableClock extends java.time.Clock {
    private java.time.Instant now = java.time.Instant.parse("2026-01-01T00:00:00Z");

    void advance(java.time.Duration by) {
      now = now.plus(by);
    }

    @Override
    public java.time.ZoneId getZone() {
      return java.time.ZoneOffset.UTC;
    }

    @Override
    public java.time.Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public java.time.Instant instant() {
      return now;
    }
  }

  private EnforceContract<SinkRecord> sink;
  private EnforceContract<SourceRecord> source;

  @AfterEach
  void close() {
    if (sink != null) {
      sink.close();
    }
    if (source != null) {
      source.close();
    }
  }

  private static String rules(String onFailure) {
    return "{\"domainRules\":[{\"name\":\"positive\",\"type\":\"CEL\",\"expr\":\"message.amount > 0.0\","
        + "\"onFailure\":\"" + onFailure + "\"},"
        + "{\"name\":\"hashPii\",\"kind\":\"TRANSFORM\",\"type\":\"HASH\",\"tags\":[\"PII\"]}]}";
  }

  private Map<String, String> props(Map<String, String> extra) {
    Map<String, String> props = new HashMap<>();
    props.put("schema.registry.url", "http://fake:8081");
    props.put("contract.hash.salt", "s");
    props.putAll(extra);
    return props;
  }

  private EnforceContract<SinkRecord> sink(Map<String, String> extra) {
    sink = new EnforceContract<>(config -> registry, clock);
    sink.configure(props(extra));
    return sink;
  }

  private EnforceContract<SourceRecord> source(Map<String, String> extra) {
    source = new EnforceContract<>(config -> registry, clock);
    source.configure(props(extra));
    return source;
  }

  private static Struct order(long id, double amount, String email) {
    return new Struct(ORDER).put("id", id).put("amount", amount).put("email", email);
  }

  private SinkRecord sinkRecord(Struct value, long offset) {
    return new SinkRecord(topic, 2, Schema.STRING_SCHEMA, "k", ORDER, value, offset);
  }

  private SourceRecord sourceRecord(Struct value) {
    return new SourceRecord(Map.of("file", "x"), Map.of("position", 1L), topic, null, Schema.STRING_SCHEMA, "k",
        ORDER, value);
  }

  private static String header(org.apache.kafka.connect.connector.ConnectRecord<?> record, String name) {
    Header header = record.headers().lastWithName(name);
    return header == null ? null : String.valueOf(header.value());
  }

  @Test
  void passingRecordIsHashedAndCarriesTheCheckedSubjectVersion() {
    registry.put(topic + "-value", 4, AVRO, null, rules("ERROR"));
    SinkRecord out = sink(Map.of()).apply(sinkRecord(order(1, 9.5, "ann@x.io"), 10));
    assertThat(((Struct) out.value()).getString("email")).hasSize(64).doesNotContain("ann");
    assertThat(((Struct) out.value()).getFloat64("amount")).isEqualTo(9.5);
    assertThat(header(out, "sf.schema")).isEqualTo(topic + "-value:4");
    assertThat(header(out, "sf.violation")).isNull();
  }

  @Test
  void errorFailsTheRecordNamingPartitionOffsetRuleAndSubjectVersionButNoValue() {
    registry.put(topic + "-value", 4, AVRO, null, rules("ERROR"));
    assertThatThrownBy(() -> sink(Map.of()).apply(sinkRecord(order(1, -987654.25, "ann@x.io"), 17)))
        .isInstanceOf(DataException.class).isNotInstanceOf(RetriableException.class)
        .hasMessageContaining(topic + "-2@17").hasMessageContaining("positive: the expression is false")
        .hasMessageContaining("subject " + topic + "-value:4").hasMessageNotContaining("987654")
        .hasMessageNotContaining("ann@x.io");
  }

  @Test
  void dlqFailsASinkRecordSoConnectsDeadLetterQueueTakesIt() {
    registry.put(topic + "-value", 1, AVRO, null, rules("DLQ"));
    assertThatThrownBy(() -> sink(Map.of()).apply(sinkRecord(order(1, -1, "ann@x.io"), 3)))
        .isInstanceOf(DataException.class).hasMessageContaining("positive");
  }

  @Test
  void dlqRoutesASourceRecordToTheQuarantineTopicHashedWithTheHeaders() {
    registry.put(topic + "-value", 1, AVRO, null, rules("DLQ"));
    SourceRecord out = source(Map.of()).apply(sourceRecord(order(1, -1, "ann@x.io")));
    assertThat(out.topic()).isEqualTo(topic + ".quarantine");
    assertThat(out.kafkaPartition()).isNull();
    assertThat(header(out, "sf.violation")).isEqualTo("positive: the expression is false");
    assertThat(header(out, "sf.schema")).isEqualTo(topic + "-value:1");
    assertThat(((Struct) out.value()).getString("email")).hasSize(64);
    assertThat(out.sourceOffset()).isEqualTo(Map.of("position", 1L));
  }

  @Test
  void noneLetsTheRecordPassWithTheViolationHeader() {
    registry.put(topic + "-value", 1, AVRO, null, rules("NONE"));
    SinkRecord out = sink(Map.of()).apply(sinkRecord(order(1, -1, "ann@x.io"), 3));
    assertThat(out.topic()).isEqualTo(topic);
    assertThat(header(out, "sf.violation")).isEqualTo("positive: the expression is false");
    assertThat(((Struct) out.value()).getString("email")).hasSize(64);
  }

  @Test
  void subjectsWithoutRulesAndTombstonesPassUntouched() {
    registry.put(topic + "-value", 1, AVRO, null, null);
    SinkRecord in = sinkRecord(order(1, -1, "ann@x.io"), 3);
    assertThat(sink(Map.of()).apply(in)).isSameAs(in);
    SinkRecord tombstone = new SinkRecord(topic, 0, null, "k", null, null, 4);
    assertThat(sink.apply(tombstone)).isSameAs(tombstone);
  }

  @Test
  void contractsFileServesRegistriesThatDoNotStoreRuleSets(@TempDir Path dir) throws Exception {
    registry.put(topic + "-value", 2, AVRO, null, null);
    Path file = dir.resolve("contracts.json");
    Files.writeString(file, "{\"" + topic + "-value\": {\"metadata\": {\"tags\": {\"Order.email\": [\"PII\"]}},"
        + "\"ruleSet\": " + rules("ERROR") + "}}");
    EnforceContract<SinkRecord> t = sink(Map.of("contracts.file", file.toString()));
    assertThat(header(t.apply(sinkRecord(order(1, 1, "a@x.io"), 1)), "sf.schema")).isEqualTo(topic + "-value:2");
    assertThatThrownBy(() -> t.apply(sinkRecord(order(1, -1, "a@x.io"), 2))).isInstanceOf(DataException.class)
        .hasMessageContaining("positive");
  }

  @Test
  void contractsFileAloneWorksWithoutARegistry(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("contracts.json");
    Files.writeString(file, "{\"" + topic + "-value\": {\"metadata\": {\"tags\": {\"shop.Order.email\": [\"PII\"]}},"
        + "\"ruleSet\": " + rules("DLQ") + "}}");
    boolean[] registryCreated = new boolean[1];
    source = new EnforceContract<>(config -> {
      registryCreated[0] = true;
      return registry;
    }, clock);
    source.configure(Map.of("contracts.file", file.toString(), "contract.hash.salt", "s"));
    SourceRecord passed = source.apply(sourceRecord(order(1, 1, "a@x.io")));
    assertThat(passed.topic()).isEqualTo(topic);
    assertThat(header(passed, "sf.schema")).isEqualTo(topic + "-value");
    assertThat(((Struct) passed.value()).getString("email")).as("tagged in the file, hashed").hasSize(64);
    SourceRecord broken = source.apply(sourceRecord(order(2, -1, "b@x.io")));
    assertThat(broken.topic()).isEqualTo(topic + ".quarantine");
    assertThat(header(broken, "sf.violation")).isEqualTo("positive: the expression is false");
    SourceRecord other = new SourceRecord(Map.of(), Map.of(), "other", null, null, null, ORDER, order(3, -1, "c@x.io"));
    assertThat(source.apply(other)).isSameAs(other);
    assertThat(registryCreated[0]).as("no registry client without schema.registry.url").isFalse();
    assertThat(registry.latestCalls).as("the registry is never asked").isZero();
  }

  @Test
  void neitherRegistryNorContractsFileIsAConfigErrorNamingBothKeys() {
    EnforceContract<SourceRecord> t = new EnforceContract<>(config -> registry, clock);
    assertThatThrownBy(() -> t.configure(Map.of("contract.hash.salt", "s")))
        .isInstanceOf(org.apache.kafka.common.config.ConfigException.class)
        .hasMessageContaining("schema.registry.url").hasMessageContaining("contracts.file");
    java.util.List<org.apache.kafka.common.config.ConfigValue> validated = EnforceContract.CONFIG_DEF
        .validate(Map.of("contract.hash.salt", "s"));
    assertThat(validated).filteredOn(v -> v.name().equals("schema.registry.url")).singleElement()
        .satisfies(v -> assertThat(v.errorMessages()).singleElement().asString().contains("contracts.file"));
    assertThat(EnforceContract.CONFIG_DEF.validate(Map.of("contracts.file", "/c.json")))
        .allSatisfy(v -> assertThat(v.errorMessages()).as(v.name()).isEmpty());
    assertThat(EnforceContract.CONFIG_DEF.validate(Map.of("schema.registry.url", "http://r:8081")))
        .allSatisfy(v -> assertThat(v.errorMessages()).as(v.name()).isEmpty());
    assertThatThrownBy(() -> t.configure(Map.of("schema.registry.url", "ftp://r")))
        .isInstanceOf(org.apache.kafka.common.config.ConfigException.class)
        .hasMessageContaining("http:// or https://");
  }

  @Test
  void cachedContractKeepsWorkingWhileTheRegistryIsDown() {
    registry.put(topic + "-value", 1, AVRO, null, rules("ERROR"));
    EnforceContract<SinkRecord> t = sink(Map.of());
    t.apply(sinkRecord(order(1, 1, "a@x.io"), 1));
    registry.down = true;
    assertThat(header(t.apply(sinkRecord(order(2, 1, "b@x.io"), 2)), "sf.schema")).isEqualTo(topic + "-value:1");
    assertThatThrownBy(() -> t.apply(sinkRecord(order(3, -1, "c@x.io"), 3))).isInstanceOf(DataException.class)
        .hasMessageContaining("positive");
  }

  @Test
  void duringAnOutageTheRegistryIsAskedAgainOnlyAfterTheRetryBackoff() {
    registry.put(topic + "-value", 1, AVRO, null, rules("ERROR"));
    EnforceContract<SinkRecord> t = sink(Map.of("schema.registry.retry.backoff.max.ms", "5000",
        "latest.cache.ttl.ms", "1000"));
    t.apply(sinkRecord(order(1, 1, "a@x.io"), 1));
    registry.down = true;
    clock.advance(java.time.Duration.ofMillis(1000));
    int before = registry.latestCalls;
    for (int i = 0; i < 50; i++) {
      t.apply(sinkRecord(order(i, 1, "a@x.io"), i));
    }
    assertThat(registry.latestCalls - before).isEqualTo(1);
    clock.advance(java.time.Duration.ofMillis(5000));
    registry.down = false;
    registry.put(topic + "-value", 2, AVRO, null, rules("NONE"));
    assertThat(header(t.apply(sinkRecord(order(1, -1, "a@x.io"), 99)), "sf.schema")).isEqualTo(topic + "-value:2");
  }

  @Test
  void theSourceIsAskedOncePerSubjectAndCacheTtlNotForEveryRecord(@TempDir Path dir) throws Exception {
    // the subject is only in the contracts file: the registry answers 404, which is remembered as long
    Path file = dir.resolve("contracts.json");
    Files.writeString(file, "{\"" + topic + "-value\": {\"ruleSet\": " + rules("ERROR") + "}}");
    EnforceContract<SinkRecord> t = sink(Map.of("contracts.file", file.toString(), "latest.cache.ttl.ms", "1000"));
    for (int i = 0; i < 100; i++) {
      assertThat(header(t.apply(sinkRecord(order(i, 1, "a@x.io"), i)), "sf.schema")).isEqualTo(topic + "-value");
    }
    assertThat(registry.latestCalls).isEqualTo(1);
    clock.advance(java.time.Duration.ofMillis(999));
    t.apply(sinkRecord(order(1, 1, "a@x.io"), 100));
    assertThat(registry.latestCalls).isEqualTo(1);
    clock.advance(java.time.Duration.ofMillis(1));
    registry.put(topic + "-value", 3, AVRO, null, rules("NONE"));
    SinkRecord out = t.apply(sinkRecord(order(1, -1, "a@x.io"), 101));
    assertThat(registry.latestCalls).isEqualTo(2);
    assertThat(header(out, "sf.schema")).isEqualTo(topic + "-value:3");
    assertThat(header(out, "sf.violation")).startsWith("positive");
  }

  @Test
  void uncachedContractFailsClosedWithARetriableErrorOrPassesWhenFailOpen() {
    registry.down = true;
    assertThatThrownBy(() -> sink(Map.of()).apply(sinkRecord(order(1, 1, "a@x.io"), 1)))
        .isInstanceOf(RegistryUnavailableException.class).hasMessageContaining("subject '" + topic + "-value'")
        .hasMessageContaining("contract.fail.open.enabled=true");
    SinkRecord in = sinkRecord(order(1, -1, "a@x.io"), 1);
    EnforceContract<SinkRecord> open = new EnforceContract<>(config -> registry, clock);
    open.configure(props(Map.of("contract.fail.open.enabled", "true")));
    try {
      assertThat(open.apply(in)).isSameAs(in);
    } finally {
      open.close();
    }
  }

  @Test
  void contractThatDoesNotCompileFailsTheTaskNamingSubjectVersionAndRule() {
    registry.put(topic + "-value", 5, AVRO, null, "{\"domainRules\":[{\"name\":\"typo\",\"type\":\"CEL\","
        + "\"expr\":\"message.amount >> 1\"}]}");
    assertThatThrownBy(() -> sink(Map.of()).apply(sinkRecord(order(1, 1, "a@x.io"), 1)))
        .isInstanceOf(ContractException.class).hasMessageContaining("subject '" + topic + "-value' version 5")
        .hasMessageContaining("rule 'typo' (CEL) does not compile");
  }

  @Test
  void countsAddUpForRecordsAndPerRule() throws Exception {
    registry.put(topic + "-value", 1, AVRO, null, rules("NONE"));
    EnforceContract<SinkRecord> t = sink(Map.of());
    for (int i = 0; i < 10; i++) {
      t.apply(sinkRecord(order(i, i % 3 == 0 ? -1 : 1, "a@x.io"), i));
    }
    ObjectName records = new ObjectName("io.streamfirst.connect.governance:type=contract-rule,subject="
        + ObjectName.quote(topic + "-value") + ",rule=" + ObjectName.quote(ContractMetrics.RECORDS));
    ObjectName positive = new ObjectName("io.streamfirst.connect.governance:type=contract-rule,subject="
        + ObjectName.quote(topic + "-value") + ",rule=" + ObjectName.quote("positive"));
    var server = ManagementFactory.getPlatformMBeanServer();
    assertThat(server.getAttribute(records, "Checked")).isEqualTo(10L);
    assertThat(server.getAttribute(records, "Passed")).isEqualTo(6L);
    assertThat(server.getAttribute(records, "Violated")).isEqualTo(4L);
    assertThat(server.getAttribute(positive, "Violated")).isEqualTo(4L);
  }
}
