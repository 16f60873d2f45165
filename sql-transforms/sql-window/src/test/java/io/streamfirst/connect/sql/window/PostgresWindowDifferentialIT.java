// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.sql.window;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamfirst.connect.it.fixtures.PostgresFixture;
import io.streamfirst.connect.sql.engine.SqlEngine;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.sql.Types;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Differential test: a seeded stream of orders (out of order, late, with NULLs in every column but
 * the id and the event time) aggregated by the connector's topology and by PostgreSQL 17 over the
 * same rows, bucketed with {@code date_bin}: every closed window must agree exactly (columns, types,
 * values, numeric scales, NULLs), and no window may be written twice. Late rows are the streaming
 * part PostgreSQL has no notion of: the test's own model of stream time says which rows (for HOP:
 * which row and window pairs) arrive after their window closed; the late-data topic must hold exactly
 * those rows, and PostgreSQL leaves exactly those pairs out. Runs in UTC and again with the JVM in
 * America/Los_Angeles (a second failsafe execution); neither may change a result.
 */
class PostgresWindowDifferentialIT {

  static final long SEED = Long.getLong("window.differential.seed", 20_261_207L);
  static final int EVENTS = Integer.getInteger("window.differential.events", 600);
  private static final long SECOND = 1_000;
  private static final long GRACE = 20 * SECOND;
  /** SESSION's gap. */
  private static final long GAP = 15 * SECOND;
  /** 2026-12-07T00:00:00Z. */
  private static final long START = 1_796_601_600_000L;
  private static final Schema ORDER = SchemaBuilder.struct().name("order")
      .field("id", Schema.INT64_SCHEMA)
      .field("customer", Schema.OPTIONAL_STRING_SCHEMA)
      .field("status", Schema.OPTIONAL_STRING_SCHEMA)
      .field("sku", Schema.OPTIONAL_STRING_SCHEMA)
      .field("qty", Schema.OPTIONAL_INT32_SCHEMA)
      .field("total", Schema.OPTIONAL_INT64_SCHEMA)
      .field("price", Decimal.builder(2).optional().build())
      .field("score", Schema.OPTIONAL_FLOAT64_SCHEMA)
      .field("placed_at", Timestamp.SCHEMA)
      .build();
  private static final String SELECT = "window_start, window_end, customer, UPPER(customer) AS shout,"
      + " COUNT(*) AS orders, COUNT(total) AS priced, COUNT(DISTINCT sku) AS skus, SUM(total) AS revenue,"
      + " SUM(qty) AS items, SUM(price) AS price_sum, SUM(score) AS score_sum, SUM(price * qty) AS gross,"
      + " MIN(price) AS cheapest, MAX(sku) AS last_sku, MIN(placed_at) AS first_at, AVG(qty) AS avg_qty,"
      + " AVG(price) AS avg_price, AVG(score) AS avg_score, AVG(total) AS avg_total,"
      + " FIRST_VALUE(sku) AS first_sku, LAST_VALUE(price) AS last_price";
  /** FIRST_VALUE and LAST_VALUE in PostgreSQL: by event time, NULLs skipped, ties in arrival (id) order. */
  private static final String POSTGRES_SELECT = SELECT
      .replace("FIRST_VALUE(sku)", "(array_agg(sku ORDER BY placed_at, id) FILTER (WHERE sku IS NOT NULL))[1]")
      .replace("LAST_VALUE(price)", "(array_agg(price ORDER BY placed_at DESC, id DESC)"
          + " FILTER (WHERE price IS NOT NULL))[1]");
  private static final String WHERE = "status <> 'test'";
  private static final String HAVING = "COUNT(*) > 1 OR SUM(total) IS NULL";

  @RegisterExtension
  static final PostgresFixture POSTGRES = new PostgresFixture().withServerConfig("fsync", "off");

  private static Connection postgres;
  private static List<Struct> events;

  @TempDir
  Path stateDir;

  @BeforeAll
  static void load() throws Exception {
    try (Connection admin = POSTGRES.connection(); Statement statement = admin.createStatement()) {
      statement.execute("DROP DATABASE IF EXISTS windows");
      statement.execute("CREATE DATABASE windows TEMPLATE template0 ENCODING 'UTF8'"
          + " LOCALE_PROVIDER builtin BUILTIN_LOCALE 'C.UTF-8' LOCALE 'C.UTF-8'");
    }
    postgres = POSTGRES.connection("windows");
    events = generate(new Random(SEED), EVENTS);
    try (Statement statement = postgres.createStatement()) {
      statement.execute("SET TimeZone = 'UTC'");
      statement.execute("CREATE TABLE orders (id bigint PRIMARY KEY, customer text, status text, sku text,"
          + " qty integer, total bigint, price numeric(10,2), score double precision, placed_at timestamp NOT NULL)");
      statement.execute("CREATE TABLE closed_on_arrival (id bigint, window_end timestamp)");
    }
    try (PreparedStatement insert = postgres.prepareStatement("INSERT INTO orders VALUES (?,?,?,?,?,?,?,?,?)")) {
      for (Struct e : events) {
        insert.setLong(1, e.getInt64("id"));
        insert.setString(2, e.getString("customer"));
        insert.setString(3, e.getString("status"));
        insert.setString(4, e.getString("sku"));
        insert.setObject(5, e.getInt32("qty"), Types.INTEGER);
        insert.setObject(6, e.getInt64("total"), Types.BIGINT);
        insert.setBigDecimal(7, (BigDecimal) e.get("price"));
        insert.setObject(8, e.getFloat64("score"), Types.DOUBLE);
        insert.setObject(9, LocalDateTime.ofEpochSecond(0, 0, ZoneOffset.UTC)
            .plusNanos(((Date) e.get("placed_at")).getTime() * 1_000_000L));
        insert.addBatch();
      }
      insert.executeBatch();
    }
  }

  @AfterAll
  static void close() throws Exception {
    if (postgres != null) {
      postgres.close();
    }
  }

  /** Mostly increasing event times with jitter, some rows minutes late, NULLs in every nullable column. */
  static List<Struct> generate(Random random, int count) {
    String[] customers = {"ann", "bob", "cem", "dag", null};
    String[] statuses = {"paid", "paid", "refunded", "test", null};
    List<Struct> out = new ArrayList<>();
    long clock = START;
    for (int i = 0; i < count; i++) {
      clock += random.nextInt(4_000);
      long time = clock - random.nextInt(15_000);
      if (random.nextInt(25) == 0) {
        time = clock - 60_000 - random.nextInt(120_000); // late: its windows have (mostly) closed
      }
      out.add(new Struct(ORDER).put("id", (long) i)
          .put("customer", customers[random.nextInt(customers.length)])
          .put("status", statuses[random.nextInt(statuses.length)])
          .put("sku", random.nextInt(6) == 0 ? null : "sku-" + random.nextInt(5))
          .put("qty", random.nextInt(6) == 0 ? null : random.nextInt(10) - 2)
          .put("total", random.nextInt(6) == 0 ? null : (long) random.nextInt(100_000) * 1_000_000L)
          .put("price", random.nextInt(6) == 0 ? null : BigDecimal.valueOf(random.nextInt(100_000) - 10_000, 2))
          .put("score", random.nextInt(6) == 0 ? null : (random.nextInt(400) - 100) / 4.0)
          .put("placed_at", new Date(time)));
    }
    return out;
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"TUMBLE", "HOP", "CUMULATE", "SESSION"})
  void closedWindowsEqualPostgresGroupByOverDateBinBuckets(String kind) throws Exception {
    long size = 60 * SECOND;
    long advance = switch (kind) {
      case "HOP" -> 20 * SECOND;
      case "CUMULATE" -> 15 * SECOND;
      default -> size;
    };
    String window = switch (kind) {
      case "HOP" -> "HOP(TABLE orders, DESCRIPTOR(placed_at), INTERVAL '20' SECOND, INTERVAL '1' MINUTE)";
      case "CUMULATE" -> "CUMULATE(TABLE orders, DESCRIPTOR(placed_at), INTERVAL '15' SECOND, INTERVAL '1' MINUTE)";
      case "SESSION" -> "SESSION(TABLE orders PARTITION BY customer, DESCRIPTOR(placed_at), INTERVAL '"
          + GAP / SECOND + "' SECOND)";
      default -> "TUMBLE(TABLE orders, DESCRIPTOR(placed_at), INTERVAL '1' MINUTE)";
    };
    WindowQuery query = WindowQuery.plan("SELECT " + SELECT + " FROM TABLE(" + window + ") WHERE " + WHERE
        + " GROUP BY window_start, window_end, customer HAVING " + HAVING + " EMIT FINAL");

    // The model of stream time: rows WHERE keeps, in arrival order; a (row, window) pair is closed on arrival
    // when the window's end is at or before stream time - grace (a SESSION row: when it is more than the grace
    // behind stream time). A row whose windows are all closed is late and does not move stream time.
    Set<Long> lateIds = new HashSet<>();
    List<long[]> closedPairs = new ArrayList<>();
    long streamTime = -1;
    for (Struct e : events) {
      if (!"paid".equals(e.getString("status")) && !"refunded".equals(e.getString("status"))) {
        continue;
      }
      long time = ((Date) e.get("placed_at")).getTime();
      boolean anyOpen = false;
      if (kind.equals("SESSION")) {
        anyOpen = streamTime < 0 || time >= streamTime - GRACE;
      } else {
        for (long[] w : windowsOf(kind, time, size, advance)) {
          if (streamTime >= 0 && w[1] <= streamTime - GRACE) {
            closedPairs.add(new long[]{e.getInt64("id"), w[1]});
          } else {
            anyOpen = true;
          }
        }
      }
      if (!anyOpen) {
        lateIds.add(e.getInt64("id"));
        closedPairs.add(new long[]{e.getInt64("id"), Long.MIN_VALUE});
      } else {
        streamTime = Math.max(streamTime, time);
      }
    }

    Map<String, String> connector = run(query);
    Map<String, String> expected = postgres(kind, size, advance, closedPairs, streamTime);
    assertThat(lateIds).isNotEmpty();
    assertThat(connector.remove("late")).isEqualTo(lateIds.stream().sorted().toList().toString());
    assertThat(expected).hasSizeGreaterThan(20);
    assertThat(connector).containsExactlyInAnyOrderEntriesOf(expected);
  }

  /** The [start, end) windows a row at {@code time} belongs to. */
  private static List<long[]> windowsOf(String kind, long time, long size, long advance) {
    List<long[]> windows = new ArrayList<>();
    if (kind.equals("CUMULATE")) {
      long period = Math.floorDiv(time, size) * size;
      for (long end = period + advance; end <= period + size; end += advance) {
        if (end > time) {
          windows.add(new long[]{period, end});
        }
      }
    } else {
      for (long start = Math.floorDiv(time, advance) * advance; start > time - size; start -= advance) {
        windows.add(new long[]{start, start + size});
      }
    }
    return windows;
  }

  /** The connector's closed windows by key, plus "late" → the ids in the late-data topic. */
  private Map<String, String> run(WindowQuery query) throws Exception {
    JsonConverter json = new JsonConverter();
    json.configure(Map.of("schemas.enable", "true", "decimal.format", "NUMERIC"), false);
    RecordFormat format = new RecordFormat(JsonConverter.class, Map.of("schemas.enable", "true"),
        JsonConverter.class, Map.of("schemas.enable", "true", "decimal.format", "NUMERIC"));
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "window-differential");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    props.put(StreamsConfig.STATE_DIR_CONFIG, Files.createTempDirectory(stateDir, "state").toString());
    props.put(SqlWindowTask.EMIT_INTERVAL, 0L);
    Map<String, String> results = new TreeMap<>();
    try (TopologyTestDriver driver = new TopologyTestDriver(WindowTopology.build(query, List.of("orders"), "out",
        "late", GRACE, 0, format, new SqlEngine(query.inputStatement(), List.of(), 16, 1 << 20),
        new SqlEngine(query.resultStatement(), List.of(), 16, 1 << 20), new WindowCounters()), props)) {
      TestInputTopic<byte[], byte[]> input = driver.createInputTopic("orders", new ByteArraySerializer(),
          new ByteArraySerializer());
      for (Struct e : events) {
        input.pipeInput(null, json.fromConnectData("orders", ORDER, e), 1L);
      }
      TestOutputTopic<byte[], byte[]> output = driver.createOutputTopic("out", new ByteArrayDeserializer(),
          new ByteArrayDeserializer());
      for (TestRecord<byte[], byte[]> record : output.readRecordsToList()) {
        Struct key = (Struct) json.toConnectData("out", record.key()).value();
        Struct value = (Struct) json.toConnectData("out", record.value()).value();
        String previous = results.put(text(key.get("window_start")) + " " + text(value.get("window_end")) + " "
            + key.get("customer"), row(value));
        assertThat(previous).as("a second result for window and group %s", key).isNull();
      }
      List<Long> late = new ArrayList<>();
      for (TestRecord<byte[], byte[]> record : driver.createOutputTopic("late", new ByteArrayDeserializer(),
          new ByteArrayDeserializer()).readRecordsToList()) {
        late.add(((Struct) json.toConnectData("orders", record.value()).value()).getInt64("id"));
        assertThat(record.headers().lastHeader("sf.violation")).isNotNull();
      }
      results.put("late", late.stream().sorted().toList().toString());
    }
    return results;
  }

  private static Map<String, String> postgres(String kind, long size, long advance, List<long[]> closedPairs,
      long streamTime) throws Exception {
    try (Statement statement = postgres.createStatement()) {
      statement.execute("TRUNCATE closed_on_arrival");
    }
    try (PreparedStatement insert = postgres.prepareStatement("INSERT INTO closed_on_arrival VALUES (?, ?)")) {
      for (long[] pair : closedPairs) {
        insert.setLong(1, pair[0]);
        // a late row: every window of it (NULL); else the end of the window it arrived too late for
        insert.setObject(2, pair[1] == Long.MIN_VALUE
            ? null
            : LocalDateTime.ofEpochSecond(pair[1] / 1000, 0,
                ZoneOffset.UTC));
        insert.addBatch();
      }
      insert.executeBatch();
    }
    String seconds = " seconds'";
    String bucket = "date_bin(INTERVAL '" + size / 1000 + seconds + ", placed_at, TIMESTAMP '1970-01-01')";
    String windows = switch (kind) {
      case "HOP" -> "(SELECT o.*, date_bin(INTERVAL '" + advance / 1000 + seconds + ", placed_at,"
          + " TIMESTAMP '1970-01-01') - k * INTERVAL '" + advance / 1000 + seconds + " AS window_start,"
          + " date_bin(INTERVAL '" + advance / 1000 + seconds + ", placed_at, TIMESTAMP '1970-01-01')"
          + " - k * INTERVAL '" + advance / 1000 + seconds + " + INTERVAL '" + size / 1000 + seconds
          + " AS window_end FROM orders o CROSS JOIN generate_series(0, " + (size / advance - 1) + ") k)";
      // CUMULATE: the prefixes [bucket, bucket + k * step) of the row's date_bin bucket that end after it
      case "CUMULATE" -> "(SELECT * FROM (SELECT o.*, " + bucket + " AS window_start, " + bucket + " + k * INTERVAL '"
          + advance / 1000 + seconds + " AS window_end FROM orders o CROSS JOIN generate_series(1, "
          + size / advance + ") k) p WHERE window_end > placed_at)";
      // SESSION: gaps and islands per customer over the rows WHERE keeps that were not late
      case "SESSION" -> "(SELECT n.*, min(placed_at) OVER s AS window_start, max(placed_at) OVER s + INTERVAL '"
          + GAP / 1000 + seconds + " AS window_end FROM (SELECT m.*, sum(new_session) OVER (PARTITION BY customer"
          + " ORDER BY placed_at, id) AS session FROM (SELECT k.*, CASE WHEN placed_at - lag(placed_at) OVER"
          + " (PARTITION BY customer ORDER BY placed_at, id) <= INTERVAL '" + GAP / 1000 + seconds
          + " THEN 0 ELSE 1 END AS new_session FROM orders k WHERE " + WHERE + " AND NOT EXISTS (SELECT 1 FROM"
          + " closed_on_arrival c WHERE c.id = k.id)) m) n WINDOW s AS (PARTITION BY customer, session))";
      default -> "(SELECT o.*, " + bucket + " AS window_start, " + bucket + " + INTERVAL '" + size / 1000 + seconds
          + " AS window_end FROM orders o)";
    };
    // A window is closed when stream time has passed its end plus the grace (a session: its end plus the grace,
    // strictly, as its end is its last row + gap and it closes once stream time is more than gap + grace past it).
    String closed = kind.equals("SESSION")
        ? "window_end + INTERVAL '" + GRACE / 1000 + seconds + " < ?"
        : "window_end <= ?";
    String sql = "SELECT " + POSTGRES_SELECT + " FROM " + windows + " w WHERE " + WHERE
        + " AND NOT EXISTS (SELECT 1 FROM closed_on_arrival c WHERE c.id = w.id AND (c.window_end IS NULL"
        + " OR c.window_end = w.window_end))"
        + " GROUP BY window_start, window_end, customer HAVING (" + HAVING + ") AND " + closed;
    Map<String, String> results = new TreeMap<>();
    try (PreparedStatement select = postgres.prepareStatement(sql)) {
      long closedUpTo = kind.equals("SESSION") ? streamTime : streamTime - GRACE;
      select.setObject(1, LocalDateTime.ofEpochSecond(0, 0, ZoneOffset.UTC).plusNanos(closedUpTo * 1_000_000L));
      try (ResultSet rs = select.executeQuery()) {
        ResultSetMetaData meta = rs.getMetaData();
        while (rs.next()) {
          StringBuilder row = new StringBuilder();
          for (int i = 1; i <= meta.getColumnCount(); i++) {
            Object value = meta.getColumnType(i) == Types.TIMESTAMP
                ? rs.getObject(i, LocalDateTime.class)
                : rs.getObject(i);
            row.append(meta.getColumnLabel(i)).append('=').append(text(value)).append(' ');
          }
          results.put(text(rs.getObject("window_start", LocalDateTime.class)) + " "
              + text(rs.getObject("window_end", LocalDateTime.class)) + " " + rs.getString("customer"),
              row.toString());
        }
      }
    }
    return results;
  }

  private static String row(Struct value) {
    StringBuilder row = new StringBuilder();
    for (Field field : value.schema().fields()) {
      row.append(field.name()).append('=').append(text(value.get(field))).append(' ');
    }
    return row.toString();
  }

  /** One text per value: numerics with their scale, floats as doubles, timestamps as UTC epoch milliseconds. */
  private static String text(Object value) {
    if (value == null) {
      return "NULL";
    }
    if (value instanceof BigDecimal d) {
      return "numeric:" + d.toPlainString();
    }
    if (value instanceof Double || value instanceof Float) {
      return "float:" + ((Number) value).doubleValue();
    }
    if (value instanceof Number n) {
      return "int:" + n.longValue();
    }
    if (value instanceof LocalDateTime t) {
      return "ts:" + t.toInstant(ZoneOffset.UTC).toEpochMilli();
    }
    if (value instanceof Date d) {
      return "ts:" + d.getTime();
    }
    return "text:" + value;
  }
}
