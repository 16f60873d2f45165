// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.Map;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.junit.jupiter.api.Test;

class SqlTransformTest {

  static final Schema ORDER = SchemaBuilder.struct().name("order")
      .field("id", Schema.INT64_SCHEMA)
      .field("email", Schema.OPTIONAL_STRING_SCHEMA)
      .field("amount", Decimal.builder(2).optional().build())
      .field("country", Schema.OPTIONAL_STRING_SCHEMA)
      .field("status", Schema.STRING_SCHEMA)
      .build();

  static Struct order(long id, String email, String amount, String country, String status) {
    return new Struct(ORDER).put("id", id).put("email", email)
        .put("amount", amount == null ? null : new BigDecimal(amount)).put("country", country).put("status", status);
  }

  @Test
  void filtersAndProjectsTheIssueExample() {
    Sql sql = Sql.query("SELECT id, UPPER(TRIM(email)) AS email, amount * 100 AS amount_cents,"
        + " CASE WHEN country IN ('DE','FR') THEN 'eu' ELSE 'other' END AS region"
        + " FROM orders WHERE amount > 0 AND status <> 'test'");

    Struct out = sql.apply(order(7, "  ann@example.com ", "12.50", "DE", "paid"));
    assertThat(out.schema().fields()).extracting(f -> f.name()).containsExactly("id", "email", "amount_cents",
        "region");
    assertThat(out.getInt64("id")).isEqualTo(7L);
    assertThat(out.getString("email")).isEqualTo("ANN@EXAMPLE.COM");
    assertThat((BigDecimal) out.get("amount_cents")).isEqualByComparingTo("1250");
    assertThat(out.getString("region")).isEqualTo("eu");

    assertThat(sql.apply(order(8, "b@x", "0", "US", "paid"))).isNull();
    assertThat(sql.apply(order(9, "b@x", "5", "US", "test"))).isNull();
    assertThat(sql.apply(order(10, "b@x", null, "US", "paid"))).as("NULL condition drops").isNull();
  }

  /**
   * Columns passed through unchanged are written as the record holds them (no conversion), and
   * every other column as its field holds it: values, Java classes, field defaults, NULLs and
   * Decimal scales are what they were before the shortcut.
   */
  @Test
  void passedThroughColumnsKeepTheirValuesAndClasses() {
    Schema schema = SchemaBuilder.struct().name("wide")
        .field("i8", Schema.INT8_SCHEMA).field("i16", Schema.INT16_SCHEMA).field("i32", Schema.INT32_SCHEMA)
        .field("i64", Schema.INT64_SCHEMA).field("f32", Schema.FLOAT32_SCHEMA).field("f64", Schema.FLOAT64_SCHEMA)
        .field("flag", Schema.BOOLEAN_SCHEMA).field("text", Schema.STRING_SCHEMA)
        .field("missing", SchemaBuilder.string().optional().defaultValue("fallback").build())
        .field("absent", Schema.OPTIONAL_INT64_SCHEMA)
        .field("price", Decimal.builder(2).optional().build())
        .field("at", org.apache.kafka.connect.data.Timestamp.SCHEMA)
        .build();
    Struct in = new Struct(schema).put("i8", (byte) -8).put("i16", (short) -16).put("i32", -32).put("i64", -64L)
        .put("f32", 3.5f).put("f64", -2.25).put("flag", true).put("text", "keep me ")
        .put("price", new BigDecimal("1.5")).put("at", new java.util.Date(1_700_000_000_123L));
    Sql sql = Sql.query("SELECT i8, i16, i32, i64, f32, f64, flag, text, missing, absent, price, at,"
        + " price * 2 AS doubled FROM t WHERE i64 < 0");

    Struct out = sql.apply(in);

    assertThat(out.get("i8")).isEqualTo((byte) -8);
    assertThat(out.get("i16")).isEqualTo((short) -16);
    assertThat(out.get("i32")).isEqualTo(-32);
    assertThat(out.get("i64")).isEqualTo(-64L);
    assertThat(out.get("f32")).isEqualTo(3.5f);
    assertThat(out.get("f64")).isEqualTo(-2.25);
    assertThat(out.get("flag")).isEqualTo(true);
    assertThat(out.get("text")).isEqualTo("keep me ");
    assertThat(out.get("missing")).as("a NULL field reads as its default").isEqualTo("fallback");
    assertThat(out.get("absent")).isNull();
    assertThat(out.get("price")).as("a Decimal value of another scale is rescaled to the field's")
        .isEqualTo(new BigDecimal("1.50"));
    assertThat(out.get("at")).isEqualTo(new java.util.Date(1_700_000_000_123L));
    assertThat(out.get("doubled")).isEqualTo(new BigDecimal("3.00"));
    assertThat(sql.apply(in.put("i64", 1L))).isNull();
  }

  @Test
  void schemalessMapsWork() {
    Sql sql = Sql.query("select id, lower(email) as email, amount * 2 as doubled from t where amount > 1");
    Map<String, Object> out = sql.apply(Map.of("id", 1L, "email", "A@B", "amount", 2.5));
    assertThat(out).containsEntry("id", 1L).containsEntry("email", "a@b").containsEntry("doubled", 5.0);
  }
}
