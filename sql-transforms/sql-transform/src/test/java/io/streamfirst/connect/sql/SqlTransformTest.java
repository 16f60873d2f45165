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
    assertThat(out.schema().fields()).extracting(f -> f.name()).containsExactly("id", "email", "amount_cents", "region");
    assertThat(out.getInt64("id")).isEqualTo(7L);
    assertThat(out.getString("email")).isEqualTo("ANN@EXAMPLE.COM");
    assertThat((BigDecimal) out.get("amount_cents")).isEqualByComparingTo("1250");
    assertThat(out.getString("region")).isEqualTo("eu");

    assertThat(sql.apply(order(8, "b@x", "0", "US", "paid"))).isNull();
    assertThat(sql.apply(order(9, "b@x", "5", "US", "test"))).isNull();
    assertThat(sql.apply(order(10, "b@x", null, "US", "paid"))).as("NULL condition drops").isNull();
  }

  @Test
  void schemalessMapsWork() {
    Sql sql = Sql.query("select id, lower(email) as email, amount * 2 as doubled from t where amount > 1");
    Map<String, Object> out = sql.apply(Map.of("id", 1L, "email", "A@B", "amount", 2.5));
    assertThat(out).containsEntry("id", 1L).containsEntry("email", "a@b").containsEntry("doubled", 5.0);
  }
}
