// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.snowflake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.streamfirst.connect.common.LineageHeaders;
import io.streamfirst.connect.sink.RecordingSinkTaskContext;
import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * Against a real Snowflake account, only when {@code SNOWFLAKE_LIVE_ACCOUNT_URL} is set (skipped otherwise,
 * and then proves nothing): {@code SNOWFLAKE_LIVE_USER}, {@code SNOWFLAKE_LIVE_PRIVATE_KEY} (PKCS#8 PEM),
 * optional {@code SNOWFLAKE_LIVE_PRIVATE_KEY_PASSPHRASE}, {@code SNOWFLAKE_LIVE_ROLE},
 * {@code SNOWFLAKE_LIVE_DATABASE}, {@code SNOWFLAKE_LIVE_SCHEMA} and {@code SNOWFLAKE_LIVE_WAREHOUSE}. Runs
 * the task with the real SDK adapter in CDC mode (inserts, updates, deletes, a re-insert) into a new table,
 * waits until Kafka's commit covers every record and a MERGE ran, and compares the table in full; the
 * tables are dropped afterwards.
 */
@EnabledIfEnvironmentVariable(named = "SNOWFLAKE_LIVE_ACCOUNT_URL", matches = "https://.+")
class SnowflakeLiveTest {

  static final Schema KEY = SchemaBuilder.struct().name("key").field("id", Schema.INT64_SCHEMA).build();
  static final Schema ROW = SchemaBuilder.struct().name("row").field("id", Schema.INT64_SCHEMA)
      .field("name", Schema.STRING_SCHEMA).optional().build();
  static final Schema SOURCE = SchemaBuilder.struct().name("source").field("ts_ms", Schema.INT64_SCHEMA).build();
  static final Schema ENVELOPE = SchemaBuilder.struct().name("envelope").field("before", ROW).field("after", ROW)
      .field("op", Schema.STRING_SCHEMA).field("source", SOURCE).build();

  private static String env(String name) {
    String value = System.getenv("SNOWFLAKE_LIVE_" + name);
    return value == null ? "" : value;
  }

  @Test
  void cdcChangesReachARealTableExactlyOnce() throws Exception {
    String table = "STREAMFIRST_LIVE_" + UUID.randomUUID().toString().replace("-", "").toUpperCase(Locale.ROOT);
    Map<String, String> props = new HashMap<>();
    props.put("name", "live");
    props.put(SnowflakeSinkConfig.ACCOUNT_URL, env("ACCOUNT_URL"));
    props.put(SnowflakeSinkConfig.USER, env("USER"));
    props.put(SnowflakeSinkConfig.ROLE, env("ROLE"));
    props.put(SnowflakeSinkConfig.PRIVATE_KEY, env("PRIVATE_KEY"));
    props.put(SnowflakeSinkConfig.PRIVATE_KEY_PASSPHRASE, env("PRIVATE_KEY_PASSPHRASE"));
    props.put(SnowflakeSinkConfig.DATABASE, env("DATABASE"));
    props.put(SnowflakeSinkConfig.SCHEMA, env("SCHEMA"));
    props.put(SnowflakeSinkConfig.WAREHOUSE, env("WAREHOUSE"));
    props.put(SnowflakeSinkConfig.TABLE_TOPIC_MAP, "live:" + table);
    props.put(SnowflakeSinkConfig.INGEST_MODE, "cdc");
    props.put(SnowflakeSinkConfig.VERSION_SOURCE, "source.position");
    SnowflakeSinkConfig config = new SnowflakeSinkConfig(props);

    List<SinkRecord> records = new ArrayList<>();
    Map<Long, String> expected = new TreeMap<>();
    for (long id = 1; id <= 20; id++) {
      records.add(change(records.size(), "c", id, "n" + id));
      expected.put(id, "n" + id);
    }
    for (long id = 1; id <= 20; id += 3) {
      records.add(change(records.size(), "u", id, "u" + id));
      expected.put(id, "u" + id);
    }
    for (long id = 2; id <= 20; id += 4) {
      records.add(change(records.size(), "d", id, null));
      expected.remove(id);
    }
    records.add(change(records.size(), "c", 2, "again"));
    expected.put(2L, "again");

    SnowflakeSinkTask task = new SnowflakeSinkTask();
    task.initialize(new RecordingSinkTaskContext(false));
    task.start(props);
    TopicPartition tp = new TopicPartition("live", 0);
    try (Connection jdbc = connect(config)) {
      try {
        task.open(List.of(tp));
        task.put(records);
        await("Kafka's commit covers every record").atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(2))
            .until(() -> {
              task.put(List.of());
              OffsetAndMetadata committed = task.preCommit(Map.of(tp, new OffsetAndMetadata(records.size())))
                  .get(tp);
              return committed != null && committed.offset() == records.size();
            });
        task.preCommit(Map.of(tp, new OffsetAndMetadata(records.size()))); // a MERGE after the last commit
        assertThat(rows(jdbc, table)).isEqualTo(expected);
        assertThat(count(jdbc, table + "__CHANGES")).isZero();
      } finally {
        task.stop();
        try (Statement s = jdbc.createStatement()) {
          s.execute("DROP TABLE IF EXISTS \"" + table + "\"");
          s.execute("DROP TABLE IF EXISTS \"" + table + "__CHANGES\"");
        }
      }
    }
  }

  private static SinkRecord change(int offset, String op, long id, String name) {
    Struct value = new Struct(ENVELOPE).put("op", op).put("source", new Struct(SOURCE).put("ts_ms", 1L));
    Struct row = new Struct(ROW).put("id", id).put("name", name == null ? "gone" : name);
    value.put("d".equals(op) ? "before" : "after", row);
    ConnectHeaders headers = new ConnectHeaders();
    headers.addString(LineageHeaders.SOURCE_POS, Integer.toString(1_000 + offset));
    return new SinkRecord("live", 0, KEY, new Struct(KEY).put("id", id), ENVELOPE, value, offset, 0L, null, headers);
  }

  private static Connection connect(SnowflakeSinkConfig config) throws Exception {
    Properties props = new Properties();
    props.put("user", config.user());
    props.put("privateKey", config.privateKey());
    String url = "jdbc:snowflake://" + URI.create(config.accountUrl()).getAuthority() + "/?db=" + config.database()
        + "&schema=" + config.schema() + (config.warehouse().isEmpty() ? "" : "&warehouse=" + config.warehouse())
        + (config.role().isEmpty() ? "" : "&role=" + config.role());
    return DriverManager.getConnection(url, props);
  }

  private static Map<Long, String> rows(Connection jdbc, String table) throws Exception {
    Map<Long, String> out = new TreeMap<>();
    try (Statement s = jdbc.createStatement(); ResultSet r = s.executeQuery("SELECT ID, NAME FROM \"" + table + "\"")) {
      while (r.next()) {
        assertThat(out.put(r.getLong(1), r.getString(2))).as("key %s twice", r.getLong(1)).isNull();
      }
    }
    return out;
  }

  private static long count(Connection jdbc, String table) throws Exception {
    try (Statement s = jdbc.createStatement(); ResultSet r = s.executeQuery("SELECT count(*) FROM \"" + table + "\"")) {
      r.next();
      return r.getLong(1);
    }
  }
}
