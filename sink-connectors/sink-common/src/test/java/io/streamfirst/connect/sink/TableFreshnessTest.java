// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.sink;

import io.streamfirst.connect.common.ManualClock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamfirst.connect.common.ChangeEvents;
import io.streamfirst.connect.sink.TableFreshness.SlaState;
import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Property;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TableFreshnessTest {

  private static final TopicPartition P0 = new TopicPartition("pg.public.orders", 0);
  private static final TopicPartition P1 = new TopicPartition("pg.public.orders", 1);
  private static final long T0 = 1_800_000_000_000L;

  private final ManualClock clock = new ManualClock(T0);
  private final List<String> logged = new ArrayList<>();
  private AbstractAppender appender;

  @BeforeEach
  void captureLogs() {
    appender = new AbstractAppender("freshness-test", null, null, true, Property.EMPTY_ARRAY) {
      @Override
      public void append(LogEvent event) {
        if (event.getLoggerName().equals(TableFreshness.class.getName())) {
          logged.add(event.getLevel() + " " + event.getMessage().getFormattedMessage());
        }
      }
    };
    appender.start();
    LoggerContext context = (LoggerContext) LogManager.getContext(false);
    context.getConfiguration().getRootLogger().addAppender(appender, org.apache.logging.log4j.Level.INFO, null);
    context.getConfiguration().getRootLogger().setLevel(org.apache.logging.log4j.Level.INFO);
    context.updateLoggers();
  }

  @AfterEach
  void stopCapture() {
    LoggerContext context = (LoggerContext) LogManager.getContext(false);
    context.getConfiguration().getRootLogger().removeAppender(appender.getName());
    context.updateLoggers();
  }

  private TableFreshness freshness(Map<String, String> props) {
    return TableFreshness.forTest("orders-sink", 0, props, clock);
  }

  @Test
  void committedThroughAdvancesOnlyWhenACommitMakesRowsVisible() {
    TableFreshness freshness = freshness(Map.of());
    freshness.received("orders", P0, 0, T0 - 5_000);
    // everything before the first change is visible: the partition was empty
    assertThat(freshness.committedThroughMs("orders")).isEqualTo(T0 - 5_001);
    freshness.received("orders", P0, 1, T0 - 4_000);
    clock.advance(10_000);
    assertThat(freshness.committedThroughMs("orders")).isEqualTo(T0 - 5_001);

    freshness.visible("orders", P0, 0);
    // everything before the pending change at -4 s is visible
    assertThat(freshness.committedThroughMs("orders")).isEqualTo(T0 - 4_001);
    freshness.visible("orders", P0, 1);
    assertThat(freshness.committedThroughMs("orders")).isEqualTo(T0 - 4_000);
    assertThat(freshness.committedThroughMs("customers")).isEqualTo(-1);
  }

  @Test
  void aCommitUpToAnOffsetMakesTheSourceTimesReceivedUpToItVisible() {
    TableFreshness freshness = freshness(Map.of());
    freshness.received("orders", P0, 0, T0 - 9_000);
    freshness.received("orders", P0, 1, T0 - 8_000);
    freshness.received("orders", P0, 2, T0 - 8_000);
    freshness.received("orders", P0, 3, T0 - 7_000);
    freshness.received("orders", P0, 4, -1);
    // the sink knows the offsets a commit covered, not their source times; the change at -7 s is pending
    freshness.visible("orders", P0, 2);
    assertThat(freshness.committedThroughMs("orders")).isEqualTo(T0 - 7_001);
    freshness.visible("orders", P0, 3);
    assertThat(freshness.committedThroughMs("orders")).isEqualTo(T0 - 7_000);
    // a partition that sent the table nothing is ignored
    freshness.visible("orders", P1, 100);
    assertThat(freshness.committedThroughMs("orders")).isEqualTo(T0 - 7_000);
    for (int offset = 5; offset < 100; offset++) { // many marks, dropped as they become visible
      freshness.received("orders", P0, offset, T0 - 7_000 + offset);
    }
    freshness.visible("orders", P0, 50);
    assertThat(freshness.committedThroughMs("orders")).isEqualTo(T0 - 7_000 + 50);
    freshness.visible("orders", P0, 99);
    assertThat(freshness.committedThroughMs("orders")).isEqualTo(T0 - 7_000 + 99);
  }

  @Test
  void aTransactionSplitAcrossCommitsCountsOnlyOnceAllOfItIsVisible() {
    TableFreshness freshness = freshness(Map.of());
    freshness.received("orders", P0, 0, T0 - 1_000);
    for (int offset = 1; offset <= 3; offset++) { // one transaction: its changes share the commit time
      freshness.received("orders", P0, offset, T0);
    }
    freshness.visible("orders", P0, 2);
    assertThat(freshness.committedThroughMs("orders")).isEqualTo(T0 - 1);
    freshness.visible("orders", P0, 3);
    assertThat(freshness.committedThroughMs("orders")).isEqualTo(T0);
  }

  @Test
  void aTableIsCommittedThroughTheMinimumOverItsPartitions() {
    TableFreshness freshness = freshness(Map.of());
    freshness.received("orders", P0, 10, T0 - 9_000);
    freshness.received("orders", P1, 20, T0 - 3_000);
    freshness.received("orders", P1, 21, T0 - 2_000);
    freshness.visible("orders", P1, 20);
    // P0's change at -9 s is not visible yet
    assertThat(freshness.committedThroughMs("orders")).isEqualTo(T0 - 9_001);
    freshness.visible("orders", P0, 10);
    // P0 has nothing pending: up to the newest source time seen; P1 still waits for its change at -2 s
    assertThat(freshness.committedThroughMs("orders")).isEqualTo(T0 - 2_001);
    freshness.visible("orders", P1, 21);
    assertThat(freshness.committedThroughMs("orders")).isEqualTo(T0 - 2_000);
    // P1 idle counts up to the newest source time seen; P0 waits for its change at -1 s
    freshness.received("orders", P1, 22, T0 - 1_500);
    freshness.received("orders", P0, 11, T0 - 1_000);
    assertThat(freshness.committedThroughMs("orders")).isEqualTo(T0 - 1_501);
    // a revoked partition no longer holds the table back
    freshness.closed(List.of(P1));
    assertThat(freshness.committedThroughMs("orders")).isEqualTo(T0 - 1_001);
  }

  @Test
  void heartbeatsKeepAnIdlePartitionFreshButNotOneWithChangesPending() {
    TableFreshness freshness = freshness(Map.of());
    freshness.received("orders", P0, 0, T0 - 60_000);
    freshness.visible("orders", P0, 0);
    assertThat(freshness.committedThroughMs("orders")).isEqualTo(T0 - 60_000);

    assertThat(freshness.heartbeat(heartbeat(T0 - 1_000))).isTrue();
    assertThat(freshness.committedThroughMs("orders")).isEqualTo(T0 - 1_000);

    freshness.received("orders", P0, 1, T0 - 500);
    assertThat(freshness.heartbeat(heartbeat(T0))).isTrue();
    // the change at -500 ms is not visible: the heartbeat cannot move the table past it
    assertThat(freshness.committedThroughMs("orders")).isEqualTo(T0 - 501);
    freshness.visible("orders", P0, 1);
    assertThat(freshness.committedThroughMs("orders")).isEqualTo(T0);

    SinkRecord row = new SinkRecord("pg.public.orders", 0, null, null, null, null, 2);
    assertThat(freshness.heartbeat(row)).isFalse();
  }

  @Test
  void heartbeatRecordsAreRecognisedByTheirSchemaOrTheirTopic() {
    Schema schema = SchemaBuilder.struct().name(ChangeEvents.HEARTBEAT_SCHEMA).field("ts_ms", Schema.INT64_SCHEMA)
        .build();
    SinkRecord struct = new SinkRecord("anything", 0, null, null, schema, new Struct(schema).put("ts_ms", 5L), 0);
    SinkRecord schemaless = new SinkRecord("__debezium-heartbeat.pg", 0, null, null, null, Map.of("ts_ms", 5L), 0);
    SinkRecord plain = new SinkRecord("pg.public.orders", 0, null, null, null, Map.of("ts_ms", 5L), 0);
    assertThat(TableFreshness.isHeartbeat(struct)).isTrue();
    assertThat(TableFreshness.isHeartbeat(schemaless)).isTrue();
    assertThat(TableFreshness.isHeartbeat(plain)).isFalse();
  }

  @Test
  void aBreachLogsOneWarningAndARecoveryOneInfoLine() {
    TableFreshness freshness = freshness(Map.of(FreshnessConfig.SLA_MS, "5000"));
    freshness.received("orders", P0, 0, T0);
    freshness.visible("orders", P0, 0);
    clock.advance(5_000);
    freshness.checkAll();
    assertThat(freshness.slaState("orders")).isEqualTo(SlaState.OK);
    assertThat(logged).isEmpty();

    clock.advance(1);
    for (int i = 0; i < 10; i++) { // checks and records while breached log nothing more
      freshness.checkAll();
      freshness.received("orders", P0, 1 + i, clock.millis());
      clock.advance(100);
    }
    assertThat(freshness.slaState("orders")).isEqualTo(SlaState.BREACHED);
    assertThat(logged).hasSize(1);
    assertThat(logged.get(0)).startsWith("WARN Freshness SLA breached: table orders written by connector orders-sink"
        + " task 0 is committed through " + Instant.ofEpochMilli(T0) + ", 5001 ms behind (SLA 5000 ms)");

    freshness.visible("orders", P0, 10);
    freshness.checkAll();
    // within the SLA again, but it has to stay there for one SLA period
    assertThat(freshness.slaState("orders")).isEqualTo(SlaState.BREACHED);
    clock.advance(2_000);
    freshness.heartbeat(heartbeat(clock.millis()));
    freshness.checkAll();
    assertThat(freshness.slaState("orders")).isEqualTo(SlaState.BREACHED);
    clock.advance(3_000);
    freshness.heartbeat(heartbeat(clock.millis()));
    freshness.checkAll();
    freshness.checkAll();
    assertThat(freshness.slaState("orders")).isEqualTo(SlaState.OK);
    assertThat(logged).hasSize(2);
    assertThat(logged.get(1)).startsWith("INFO Freshness SLA met again: table orders written by connector orders-sink"
        + " task 0 is committed through ");
  }

  @Test
  void aTableThatKeepsCrossingItsSlaStaysBreachedInsteadOfFlapping() {
    TableFreshness freshness = freshness(Map.of(FreshnessConfig.SLA_MS, "1000"));
    long offset = 0;
    for (int cycle = 0; cycle < 20; cycle++) { // commits every 1.5 s of changes 100 ms old
      freshness.received("orders", P0, offset, clock.millis() - 100);
      freshness.visible("orders", P0, offset++);
      for (int i = 0; i < 3; i++) {
        clock.advance(500);
        freshness.checkAll();
      }
    }
    assertThat(logged).hasSize(1).allMatch(line -> line.startsWith("WARN"));
    assertThat(freshness.slaState("orders")).isEqualTo(SlaState.BREACHED);
  }

  @Test
  void aTableWithoutCommitsBreachesFromWhenItWasFirstSeen() {
    TableFreshness freshness = freshness(Map.of(FreshnessConfig.SLA_MS, "1000"));
    freshness.received("orders", P0, 0, -1);
    assertThat(freshness.committedThroughMs("orders")).isEqualTo(-1);
    clock.advance(1_001);
    freshness.checkAll();
    assertThat(freshness.slaState("orders")).isEqualTo(SlaState.BREACHED);
  }

  @Test
  void tablePatternsChooseTheSlaFirstMatchFirst() {
    FreshnessConfig config = new FreshnessConfig(Map.of(FreshnessConfig.SLA_MS, "60000",
        FreshnessConfig.SLA_TABLES, "orders*:5000, *_audit:-1, orders_archive:1"));
    assertThat(config.slaMs("orders")).isEqualTo(5_000);
    assertThat(config.slaMs("orders_archive")).isEqualTo(5_000);
    assertThat(config.slaMs("shop_audit")).isEqualTo(-1);
    assertThat(config.slaMs("customers")).isEqualTo(60_000);
    assertThat(new FreshnessConfig(Map.of()).anySla()).isFalse();

    TableFreshness freshness = freshness(Map.of(FreshnessConfig.SLA_TABLES, "orders*:5000"));
    freshness.received("customers", P0, 0, T0);
    assertThat(freshness.slaState("customers")).isEqualTo(SlaState.NONE);

    ConfigDef def = FreshnessConfig.define(new ConfigDef());
    assertThatThrownBy(() -> def.parse(Map.of(FreshnessConfig.SLA_TABLES, "orders*")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("pattern:milliseconds");
    assertThatThrownBy(() -> def.parse(Map.of(FreshnessConfig.SLA_TABLES, "orders*:soon")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("milliseconds");
    assertThatThrownBy(() -> def.parse(Map.of(FreshnessConfig.SLA_MS, "-2"))).isInstanceOf(ConfigException.class);
  }

  @Test
  void turnedOffNothingIsTrackedButHeartbeatsAreStillNoRows() throws Exception {
    FreshnessMetrics metrics = FreshnessMetrics.register(null);
    TableFreshness freshness = TableFreshness.start(Map.of("name", "off-sink", FreshnessConfig.ENABLED, "false",
        FreshnessConfig.SLA_MS, "1000"), metrics, null, clock);
    try {
      freshness.received("orders", P0, 0, T0 - 2_000);
      freshness.visible("orders", P0, 0);
      freshness.sampled("orders", new long[]{T0 - 2_000}, 1, T0);
      assertThat(freshness.heartbeat(heartbeat(T0))).isTrue();
      assertThat(freshness.committedThroughMs("orders")).isEqualTo(-1);
      assertThat(freshness.slaState("orders")).isEqualTo(SlaState.NONE);
      assertThat(ManagementFactory.getPlatformMBeanServer().queryNames(
          new ObjectName("streamfirst.freshness:connector=off-sink,*"), null)).isEmpty();
      // the task's own freshness metrics still get every row
      assertThat(metrics.window().quantile(0.5, T0)).isEqualTo(2_000.0);
    } finally {
      freshness.close();
    }
  }

  @Test
  void eachTableIsPublishedInJmxUntilTheTaskStops() throws Exception {
    MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    TableFreshness freshness = TableFreshness.start(Map.of("name", "jmx,sink", TableFreshness.TASK_NUMBER, "3",
        FreshnessConfig.SLA_TABLES, "orders:5000"), null, null, clock);
    try {
      freshness.received("orders", P0, 0, T0 - 2_000);
      freshness.visible("orders", P0, 0);
      freshness.sampled("orders", new long[]{T0 - 2_000}, 1, T0);
      ObjectName name = new ObjectName("streamfirst.freshness:type=sink-table,connector="
          + ObjectName.quote("jmx,sink") + ",task=3,table=orders");
      assertThat(server.getAttribute(name, "CommittedThroughMs")).isEqualTo(T0 - 2_000);
      assertThat(server.getAttribute(name, "FreshnessP50Ms")).isEqualTo(2_000L);
      assertThat(server.getAttribute(name, "FreshnessP99Ms")).isEqualTo(2_000L);
      assertThat(server.getAttribute(name, "SlaMs")).isEqualTo(5_000L);
      assertThat(server.getAttribute(name, "SlaState")).isEqualTo("OK");
      freshness.close();
      assertThat(server.isRegistered(name)).isFalse();
    } finally {
      freshness.close();
    }
  }

  @Test
  void readersOnOtherThreadsSeeWhatThePutReceivedOnceItIsPublished() throws Exception {
    MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    TableFreshness freshness = TableFreshness.start(Map.of("name", "publish-sink"), null, null, clock);
    try {
      ObjectName name = new ObjectName("streamfirst.freshness:type=sink-table,connector=publish-sink,task=0,"
          + "table=orders");
      freshness.received("orders", P0, 0, T0 - 3_000);
      freshness.visible("orders", P0, 0); // a commit publishes
      assertThat(server.getAttribute(name, "CommittedThroughMs")).isEqualTo(T0 - 3_000);
      // another partition's change moves the idle partition up to it: seen by readers from the end of the put()
      freshness.received("orders", P1, 7, T0 - 1_000);
      assertThat(server.getAttribute(name, "CommittedThroughMs")).isEqualTo(T0 - 3_000);
      freshness.publish();
      assertThat(server.getAttribute(name, "CommittedThroughMs")).isEqualTo(T0 - 1_001);
      assertThat(freshness.snapshot()).singleElement().satisfies(
          table -> assertThat(table).containsEntry("committedThroughMs", T0 - 1_001));
    } finally {
      freshness.close();
    }
  }

  @Test
  void theRecordPathNeverWaitsForAReaderHoldingTheLock() throws Exception {
    TableFreshness freshness = freshness(Map.of(FreshnessConfig.SLA_MS, "5000"));
    freshness.received("orders", P0, 0, T0); // the table and its partition exist
    java.util.concurrent.CountDownLatch held = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
    Thread reader = new Thread(() -> {
      synchronized (freshness) { // as JMX, the SLA checker and the OpenLineage facet do while they read
        held.countDown();
        try {
          release.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    });
    reader.start();
    try {
      held.await();
      java.util.concurrent.FutureTask<Long> put = new java.util.concurrent.FutureTask<>(() -> {
        for (int offset = 1; offset <= 10_000; offset++) {
          freshness.received("orders", P0, offset, T0 + offset);
        }
        freshness.visible("orders", P0, 10_000);
        freshness.publish();
        return freshness.committedThroughMs("orders");
      });
      Thread task = new Thread(put);
      task.start();
      assertThat(put.get(10, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(T0 + 10_000);
    } finally {
      release.countDown();
      reader.join();
    }
  }

  private static SinkRecord heartbeat(long tsMs) {
    Schema schema = SchemaBuilder.struct().name(ChangeEvents.HEARTBEAT_SCHEMA).field("ts_ms", Schema.INT64_SCHEMA)
        .build();
    return new SinkRecord("__debezium-heartbeat.pg", 0, null, null, schema, new Struct(schema).put("ts_ms", tsMs), 0);
  }
}
