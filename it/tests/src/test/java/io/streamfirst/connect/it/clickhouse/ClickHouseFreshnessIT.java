// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.it.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.streamfirst.connect.it.cdc.PostgresCdc;
import io.streamfirst.connect.it.fixtures.ClickHouseFixture;
import io.streamfirst.connect.it.fixtures.PostgresFixture;
import io.streamfirst.connect.it.harness.ConnectCluster;
import io.streamfirst.connect.it.harness.ConnectClusterExtension;
import io.streamfirst.connect.it.harness.ConsumedRecord;
import io.streamfirst.connect.it.harness.UniqueNames;
import io.streamfirst.connect.lineage.EventSchemas;
import java.lang.management.ManagementFactory;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Committed-through source time and the freshness SLA of a table, from the packaged plugins: a
 * PostgreSQL CDC source feeds the ClickHouse sink, which also reads the source's heartbeat topic. The
 * table's committed-through time reaches the commit time of each change once its rows are in
 * ClickHouse; while the source is idle, heartbeats keep it within its SLA (and never become rows);
 * while the sink is paused it stops, the SLA breach shows in JMX and in one WARN line, and after the
 * sink resumes it recovers with one INFO line.
 */
class ClickHouseFreshnessIT {

  @RegisterExtension
  static final PostgresFixture POSTGRES = new PostgresFixture();

  @RegisterExtension
  static final ClickHouseFixture CLICKHOUSE = new ClickHouseFixture();

  @RegisterExtension
  static final ConnectClusterExtension CONNECT = new ConnectClusterExtension(b -> b.workers(1));

  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final long SLA_MS = 4_000;
  private static final MBeanServer JMX = ManagementFactory.getPlatformMBeanServer();
  private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();
  private static final EventSchemas SCHEMAS = new EventSchemas();

  /**
   * The freshness facet's entry for {@code table} in the newest RUNNING event of {@code job} on the
   * events topic, after checking that every such event validates against the OpenLineage schemas.
   */
  private static com.fasterxml.jackson.databind.JsonNode facetOf(ConnectCluster cluster, String topic, String job,
      String table) throws Exception {
    com.fasterxml.jackson.databind.JsonNode entry = null;
    for (ConsumedRecord record : cluster.consumeAll(topic)) {
      com.fasterxml.jackson.databind.JsonNode event = JSON.readTree(record.value());
      if (!job.equals(event.at("/job/name").asText()) || !"RUNNING".equals(event.path("eventType").asText())) {
        continue;
      }
      assertThat(SCHEMAS.problems(record.value())).as(record.value()).isEmpty();
      for (com.fasterxml.jackson.databind.JsonNode t : event.at("/run/facets/streamfirst_freshness/tables")) {
        if (table.equals(t.path("table").asText())) {
          entry = t;
        }
      }
    }
    return entry;
  }

  /**
   * Runs the statements in one transaction; returns the database's clock just after the commit, in
   * epoch ms: at least the commit time. Committed-through reaches it only once the transaction's
   * changes are visible (while they are pending, it stays below their commit time).
   */
  private static long commit(String... statements) throws Exception {
    try (Connection connection = POSTGRES.connection(); Statement statement = connection.createStatement()) {
      connection.setAutoCommit(false);
      for (String sql : statements) {
        statement.execute(sql);
      }
      connection.commit();
      try (ResultSet rs = statement.executeQuery("SELECT (extract(epoch FROM clock_timestamp()) * 1000)::bigint")) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  private static Object attribute(ObjectName name, String attribute) throws Exception {
    return JMX.getAttribute(name, attribute);
  }

  private static int count(String text, String line) {
    Matcher matcher = Pattern.compile(Pattern.quote(line)).matcher(text);
    int count = 0;
    while (matcher.find()) {
      count++;
    }
    return count;
  }

  @Test
  void committedThroughFollowsCommitsStaysFreshThroughHeartbeatsAndBreachesWhileThePausedSinkHoldsChanges()
      throws Exception {
    ConnectCluster cluster = CONNECT.cluster();
    String source = UniqueNames.of("fr-pg");
    String sink = UniqueNames.of("fr-ch");
    String table = source.replace('-', '_') + "_orders";
    String topic = source + ".public." + table;
    String heartbeats = "__debezium-heartbeat." + source;
    commit("CREATE TABLE " + table + " (id BIGINT PRIMARY KEY, status TEXT)",
        "ALTER TABLE " + table + " REPLICA IDENTITY FULL");
    cluster.createTopic(heartbeats, 1);

    PostgresCdc cdc = new PostgresCdc(POSTGRES);
    Map<String, String> sourceConfig = cdc.config(table);
    sourceConfig.put("streamfirst.output.format", "flat");
    sourceConfig.put("value.converter.schemas.enable", "true");
    sourceConfig.put("heartbeat.interval.ms", "500");
    cluster.deploy(source, sourceConfig);
    cluster.awaitRunning(source, 1);

    Map<String, String> sinkConfig = ClickHouseSinkSupport.config(CLICKHOUSE, topic + "," + heartbeats);
    sinkConfig.put("freshness.sla.tables", "*_orders:" + SLA_MS);
    String events = UniqueNames.of("fr-events");
    cluster.createTopic(events, 1);
    sinkConfig.put("openlineage.enabled", "true");
    sinkConfig.put("openlineage.transport", "kafka");
    sinkConfig.put("openlineage.kafka.topic", events);
    sinkConfig.put("openlineage.dataset.kafka.bootstrap.servers", cluster.bootstrapServers());
    sinkConfig.put("openlineage.running.interval.ms", "1000");
    ObjectName bean = new ObjectName("streamfirst.freshness:type=sink-table,connector=" + sink + ",task=0,table="
        + topic);
    String breached = "Freshness SLA breached: table " + topic + " written by connector " + sink + " task 0";
    String recovered = "Freshness SLA met again: table " + topic + " written by connector " + sink + " task 0";
    String select = "SELECT id, status FROM `" + topic + "` ORDER BY id, status";
    try (CapturedLogs logs = CapturedLogs.start()) {
      cluster.deploy(sink, sinkConfig);
      cluster.awaitRunning(sink, 1);

      long firstCommit = commit("INSERT INTO " + table + " VALUES (1, 'new'), (2, 'paid'), (3, 'new')");
      await().atMost(WAIT).ignoreExceptions().untilAsserted(() -> assertThat(CLICKHOUSE.queryJsonEachRow(select))
          .containsExactly("{\"id\":\"1\",\"status\":\"new\"}", "{\"id\":\"2\",\"status\":\"paid\"}",
              "{\"id\":\"3\",\"status\":\"new\"}"));
      await().atMost(WAIT).ignoreExceptions()
          .until(() -> (Long) attribute(bean, "CommittedThroughMs") >= firstCommit);
      assertThat(attribute(bean, "SlaMs")).isEqualTo(SLA_MS);
      assertThat(attribute(bean, "SlaState")).isEqualTo("OK");
      assertThat((Long) attribute(bean, "FreshnessP50Ms")).isBetween(0L, 30_000L);
      assertThat((Long) attribute(bean, "FreshnessP99Ms")).isGreaterThanOrEqualTo((Long) attribute(bean,
          "FreshnessP50Ms"));

      // An idle source: for longer than the SLA, heartbeats move committed-through on and the table stays within it.
      long idleFrom = (Long) attribute(bean, "CommittedThroughMs");
      await().during(Duration.ofMillis(SLA_MS + 2_000)).atMost(Duration.ofMillis(SLA_MS + 10_000))
          .until(() -> "OK".equals(attribute(bean, "SlaState")));
      assertThat((Long) attribute(bean, "CommittedThroughMs")).isGreaterThan(idleFrom + SLA_MS);
      // heartbeats are not rows: no table of theirs, and the orders table holds its three rows only
      assertThat(CLICKHOUSE.query("SELECT count() FROM system.tables WHERE database = currentDatabase()"
          + " AND name LIKE '%heartbeat%'").trim()).isEqualTo("0");
      assertThat(CLICKHOUSE.queryJsonEachRow(select)).hasSize(3);

      // A paused sink: committed-through stops, the SLA is breached (JMX, plugin metric, one WARN line).
      cluster.pause(sink);
      cluster.awaitState(sink, "PAUSED");
      long frozen = (Long) attribute(bean, "CommittedThroughMs");
      long secondCommit = commit("INSERT INTO " + table + " VALUES (4, 'new')", "UPDATE " + table
          + " SET status = 'shipped' WHERE id = 1");
      await().atMost(WAIT).until(() -> "BREACHED".equals(attribute(bean, "SlaState")));
      assertThat(attribute(bean, "CommittedThroughMs")).isEqualTo(frozen);
      assertThat(frozen).isLessThan(secondCommit);
      Set<ObjectName> metrics = JMX.queryNames(new ObjectName("kafka.connect:connector=" + sink + ",table=" + topic
          + ",*"), null);
      assertThat(metrics).hasSize(1);
      ObjectName metric = metrics.iterator().next();
      assertThat(attribute(metric, "committed-through-ms")).isEqualTo(frozen);
      assertThat(attribute(metric, "freshness-sla-breached")).isEqualTo(1L);
      assertThat(attribute(metric, "freshness-sla-ms")).isEqualTo(SLA_MS);
      await().atMost(WAIT).until(() -> count(logs.text(), breached) == 1);
      assertThat(count(logs.text(), recovered)).isZero();
      // and in the sink's OpenLineage RUNNING events
      await().atMost(WAIT).ignoreExceptions().untilAsserted(() -> {
        com.fasterxml.jackson.databind.JsonNode facet = facetOf(cluster, events, sink, topic);
        assertThat(facet.path("slaState").asText()).isEqualTo("BREACHED");
        assertThat(facet.path("committedThroughMs").asLong()).isEqualTo(frozen);
        assertThat(facet.path("slaMs").asLong()).isEqualTo(SLA_MS);
      });

      // Resumed: the changes land, committed-through passes them and the table recovers (one INFO line).
      cluster.resume(sink);
      await().atMost(WAIT).ignoreExceptions().untilAsserted(() -> assertThat(CLICKHOUSE.queryJsonEachRow(select))
          .containsExactly("{\"id\":\"1\",\"status\":\"new\"}", "{\"id\":\"1\",\"status\":\"shipped\"}",
              "{\"id\":\"2\",\"status\":\"paid\"}", "{\"id\":\"3\",\"status\":\"new\"}",
              "{\"id\":\"4\",\"status\":\"new\"}"));
      await().atMost(WAIT).until(() -> "OK".equals(attribute(bean, "SlaState")));
      assertThat((Long) attribute(bean, "CommittedThroughMs")).isGreaterThanOrEqualTo(secondCommit);
      assertThat(count(logs.text(), breached)).isEqualTo(1);
      assertThat(count(logs.text(), recovered)).isEqualTo(1);
      await().atMost(WAIT).ignoreExceptions().untilAsserted(() -> assertThat(
          facetOf(cluster, events, sink, topic).path("slaState").asText()).isEqualTo("OK"));
    } finally {
      cluster.delete(sink);
      cdc.deleteConnector(cluster, source);
    }
    await().atMost(WAIT).until(() -> !JMX.isRegistered(bean));
  }
}
