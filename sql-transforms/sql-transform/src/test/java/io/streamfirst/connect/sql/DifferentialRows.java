// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.sql;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Timestamp;

/**
 * The rows of the differential test: one PostgreSQL table {@code t}, the same rows as Connect
 * structs, and their JSON-typed columns as schemaless maps. Edge values come first, then seeded
 * random rows.
 */
final class DifferentialRows {

  /** Columns that a schemaless (JSON) value can carry with the same type as in the table. */
  static final Set<String> JSON_COLUMNS = Set.of("id", "i8", "d", "s", "u", "b");

  static final String DDL = "CREATE TABLE t (id bigint NOT NULL PRIMARY KEY, i2 smallint, i4 integer, i8 bigint,"
      + " n numeric(12,2), d double precision, r real, s text, u text, b boolean, dt date, ts timestamp(3),"
      + " by bytea)";

  static final Schema SCHEMA = SchemaBuilder.struct().name("t")
      .field("id", Schema.INT64_SCHEMA)
      .field("i2", Schema.OPTIONAL_INT16_SCHEMA)
      .field("i4", Schema.OPTIONAL_INT32_SCHEMA)
      .field("i8", Schema.OPTIONAL_INT64_SCHEMA)
      .field("n", Decimal.builder(2).parameter("connect.decimal.precision", "12").optional().build())
      .field("d", Schema.OPTIONAL_FLOAT64_SCHEMA)
      .field("r", Schema.OPTIONAL_FLOAT32_SCHEMA)
      .field("s", Schema.OPTIONAL_STRING_SCHEMA)
      .field("u", Schema.OPTIONAL_STRING_SCHEMA)
      .field("b", Schema.OPTIONAL_BOOLEAN_SCHEMA)
      .field("dt", Date.builder().optional().build())
      .field("ts", Timestamp.builder().optional().build())
      .field("by", Schema.OPTIONAL_BYTES_SCHEMA)
      .build();

  static final Short[] SMALLINTS = {0, 1, -1, 7, -7, 2, -2, 3, 10, 100, Short.MAX_VALUE, Short.MIN_VALUE};
  static final Integer[] INTS = {0, 1, -1, 7, -7, 2, -2, 3, 5, 1000, 46341, Integer.MAX_VALUE, Integer.MIN_VALUE};
  static final Long[] BIGINTS = {0L, 1L, -1L, 7L, -7L, 2L, -3L, 86_400L, 4_000_000_000L, Long.MAX_VALUE,
      Long.MIN_VALUE};
  static final String[] NUMERICS = {"0.00", "2.50", "-2.50", "0.50", "-0.50", "1.49", "-1.51", "3.00", "7.00",
      "-7.00", "99999999.99", "-99999999.99", "0.01", "12.35", "32767.50", "2147483647.49"};
  static final Double[] DOUBLES = {0.0, 2.5, -2.5, 0.5, -0.5, 1.5, 3.5, -3.5, 7.0, -7.0, 0.1, 1e300, -1e300,
      1e-300, 123.456, 2147483647.5, -2147483648.4, 9.2e18};
  static final Float[] REALS = {0.0f, 2.5f, -2.5f, 1.5f, -0.5f, 3.25f, 7.0f, 1e30f, -1e-30f, 16777217f, 0.1f};
  static final String[] TEXTS = {"", " ", "  ab  ", "Hello", "hello world", "ıİß", "ÄÖü straße", "a_b%c",
      "a\\b", "123", "-42", "2.5", "abc123def456", "foo.bar", "x", "AbCdEf", "Ünïcödé", "title case words",
      "tab\tend", "aaa", "2024-02-29", "true", "i", "I"};
  static final LocalDate[] DATES = {LocalDate.of(1970, 1, 1), LocalDate.of(2024, 2, 29),
      LocalDate.of(1999, 12, 31), LocalDate.of(2000, 1, 1), LocalDate.of(1969, 7, 20),
      LocalDate.of(2024, 3, 10), LocalDate.of(2024, 11, 3), LocalDate.of(1900, 1, 1), LocalDate.of(2099, 12, 31)};
  static final LocalDateTime[] TIMESTAMPS = {LocalDateTime.of(1970, 1, 1, 0, 0),
      LocalDateTime.of(2024, 2, 29, 23, 59, 59, 999_000_000), LocalDateTime.of(1969, 12, 31, 23, 30),
      LocalDateTime.of(2024, 3, 10, 2, 30), LocalDateTime.of(2024, 11, 3, 1, 30, 15, 500_000_000),
      LocalDateTime.of(2000, 1, 1, 0, 0), LocalDateTime.of(1999, 12, 31, 23, 59, 59),
      LocalDateTime.of(2023, 1, 1, 12, 0), LocalDateTime.of(1950, 6, 15, 8, 45, 30, 250_000_000)};

  /** One row: column name to Java value (null for SQL NULL), in table order. */
  record Row(long id, Map<String, Object> values) {

    Struct struct() {
      Struct struct = new Struct(SCHEMA);
      values.forEach((name, value) -> struct.put(name, connectValue(name, value)));
      return struct;
    }

    /** The JSON-typed columns as a schemaless value; NULL columns are present with a null value. */
    Map<String, Object> map() {
      Map<String, Object> map = new LinkedHashMap<>();
      values.forEach((name, value) -> {
        if (JSON_COLUMNS.contains(name)) {
          map.put(name, value);
        }
      });
      return map;
    }
  }

  private final List<Row> rows;

  DifferentialRows(long seed, int randomRows) {
    Random random = new Random(seed);
    rows = new ArrayList<>();
    int edgeRows = Math.max(TEXTS.length, DOUBLES.length);
    for (int i = 0; i < edgeRows; i++) {
      rows.add(edgeRow(rows.size() + 1, i));
    }
    rows.add(nullRow(rows.size() + 1, List.of("i2", "i4", "i8", "n", "d", "r", "s", "u", "b", "dt", "ts", "by")));
    rows.add(nullRow(rows.size() + 1, List.of("i8", "s", "r")));
    rows.add(nullRow(rows.size() + 1, List.of("d", "u", "b", "i4")));
    for (int i = 0; i < randomRows; i++) {
      rows.add(randomRow(rows.size() + 1, random));
    }
  }

  List<Row> rows() {
    return rows;
  }

  Row row(long id) {
    return rows.get((int) id - 1);
  }

  /** Edge row {@code i}: every column takes its i-th edge value (cycling); some non-JSON columns are NULL. */
  private static Row edgeRow(long id, int i) {
    Map<String, Object> values = new LinkedHashMap<>();
    values.put("id", id);
    values.put("i2", i % 9 == 8 ? null : SMALLINTS[i % SMALLINTS.length]);
    values.put("i4", i % 11 == 10 ? null : INTS[(i + 3) % INTS.length]);
    values.put("i8", BIGINTS[i % BIGINTS.length]);
    values.put("n", i % 13 == 12 ? null : new BigDecimal(NUMERICS[i % NUMERICS.length]));
    values.put("d", DOUBLES[i % DOUBLES.length]);
    values.put("r", i % 7 == 6 ? null : REALS[i % REALS.length]);
    values.put("s", TEXTS[i % TEXTS.length]);
    values.put("u", TEXTS[(i * 7 + 3) % TEXTS.length]);
    values.put("b", i % 2 == 0);
    values.put("dt", i % 10 == 9 ? null : DATES[i % DATES.length]);
    values.put("ts", i % 8 == 7 ? null : TIMESTAMPS[i % TIMESTAMPS.length]);
    values.put("by", i % 5 == 4 ? null : TEXTS[i % TEXTS.length].getBytes(StandardCharsets.UTF_8));
    return new Row(id, values);
  }

  /** An edge row with the given columns NULL. */
  private static Row nullRow(long id, List<String> nullColumns) {
    Row row = edgeRow(id, (int) id);
    for (String column : nullColumns) {
      row.values().put(column, null);
    }
    return row;
  }

  /**
   * A random row. Its JSON columns are never NULL (the edge rows and the NULL row cover that),
   * so that schemaless values come in few shapes and each query compiles a few times only.
   */
  private static Row randomRow(long id, Random random) {
    Map<String, Object> values = new LinkedHashMap<>();
    values.put("id", id);
    values.put("i2", nullOr(random, () -> (short) (random.nextInt(2001) - 1000)));
    values.put("i4", nullOr(random, () -> random.nextBoolean() ? random.nextInt(201) - 100 : random.nextInt()));
    values.put("i8", random.nextBoolean() ? (long) (random.nextInt(41) - 20) : random.nextLong() / 1000);
    values.put("n", nullOr(random, () -> BigDecimal.valueOf(random.nextLong() % 10_000_000_000L, 2)));
    values.put("d", random.nextBoolean()
        ? (random.nextInt(41) - 20) / 4.0
        : (random.nextDouble() - 0.5) * Math.pow(10, random.nextInt(20)));
    values.put("r", nullOr(random, () -> (random.nextInt(81) - 40) / 8.0f));
    values.put("s", TEXTS[random.nextInt(TEXTS.length)]);
    values.put("u", randomText(random));
    values.put("b", random.nextBoolean());
    values.put("dt", nullOr(random, () -> LocalDate.ofEpochDay(random.nextInt(80_000) - 25_000)));
    values.put("ts", nullOr(random, () -> LocalDateTime.ofEpochSecond(random.nextLong() % 4_000_000_000L,
        random.nextInt(1000) * 1_000_000, ZoneOffset.UTC)));
    values.put("by", nullOr(random, () -> randomText(random).getBytes(StandardCharsets.UTF_8)));
    return new Row(id, values);
  }

  private static String randomText(Random random) {
    String alphabet = "abcXYZ _%.-1ıİßé";
    StringBuilder text = new StringBuilder();
    int length = random.nextInt(8);
    for (int i = 0; i < length; i++) {
      text.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return text.toString();
  }

  private static Object nullOr(Random random, java.util.function.Supplier<Object> value) {
    return random.nextInt(6) == 0 ? null : value.get();
  }

  private static Object connectValue(String column, Object value) {
    if (value instanceof LocalDate date) {
      return java.util.Date.from(date.atStartOfDay().toInstant(ZoneOffset.UTC));
    }
    if (value instanceof LocalDateTime timestamp) {
      return java.util.Date.from(timestamp.toInstant(ZoneOffset.UTC));
    }
    return value;
  }

  /** Creates table {@code t} and inserts every row. */
  void load(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute("DROP TABLE IF EXISTS t");
      statement.execute(DDL);
    }
    List<String> columns = new ArrayList<>(rows.get(0).values().keySet());
    String sql = "INSERT INTO t (" + String.join(", ", columns) + ") VALUES ("
        + String.join(", ", columns.stream().map(c -> "?").toList()) + ")";
    try (PreparedStatement insert = connection.prepareStatement(sql)) {
      for (Row row : rows) {
        int index = 1;
        for (String column : columns) {
          bind(insert, index++, column, row.values().get(column));
        }
        insert.addBatch();
      }
      insert.executeBatch();
    }
  }

  private static void bind(PreparedStatement insert, int index, String column, Object value) throws SQLException {
    int type = switch (column) {
      case "i2" -> Types.SMALLINT;
      case "i4" -> Types.INTEGER;
      case "id", "i8" -> Types.BIGINT;
      case "n" -> Types.NUMERIC;
      case "d" -> Types.DOUBLE;
      case "r" -> Types.REAL;
      case "b" -> Types.BOOLEAN;
      case "dt" -> Types.DATE;
      case "ts" -> Types.TIMESTAMP;
      case "by" -> Types.BINARY;
      default -> Types.VARCHAR;
    };
    if (value == null) {
      insert.setNull(index, type);
    } else {
      insert.setObject(index, value, type);
    }
  }
}
