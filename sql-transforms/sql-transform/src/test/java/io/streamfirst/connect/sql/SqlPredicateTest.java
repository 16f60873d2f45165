// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;

class SqlPredicateTest {

  static final Schema ORDER = SchemaBuilder.struct()
      .field("amount", Schema.OPTIONAL_INT32_SCHEMA)
      .field("status", Schema.STRING_SCHEMA)
      .build();

  static SqlPredicate<SinkRecord> predicate(String condition) {
    SqlPredicate<SinkRecord> predicate = new SqlPredicate<>();
    predicate.configure(Map.of("condition", condition));
    return predicate;
  }

  static SinkRecord order(String topic, Integer amount, String status) {
    return new SinkRecord(topic, 0, null, null, ORDER, new Struct(ORDER).put("amount", amount).put("status", status),
        7);
  }

  @Test
  void matchesTheIssueExample() {
    SqlPredicate<SinkRecord> big = predicate("amount >= 1000 AND _topic LIKE 'orders.%'");
    assertThat(big.test(order("orders.eu", 1000, "paid"))).isTrue();
    assertThat(big.test(order("orders.eu", 999, "paid"))).isFalse();
    assertThat(big.test(order("payments", 5000, "paid"))).isFalse();
    assertThat(big.test(order("orders.eu", null, "paid"))).as("NULL does not match").isFalse();
  }

  @Test
  void schemalessValuesAndLowerCaseFunctions() {
    SqlPredicate<SinkRecord> paid = predicate("lower(status) = 'paid' and amount between 1 and 10");
    assertThat(paid.test(new SinkRecord("t", 0, null, null, null, Map.of("status", "PAID", "amount", 5L), 1)))
        .isTrue();
    assertThat(paid.test(new SinkRecord("t", 0, null, null, null, Map.of("status", "open", "amount", 5L), 2)))
        .isFalse();
  }

  @Test
  void tombstonesMatchOnlyMetadataConditions() {
    SinkRecord tombstone = new SinkRecord("orders.eu", 0, Schema.STRING_SCHEMA, "k", null, null, 3);
    assertThat(predicate("amount > 0").test(tombstone)).isFalse();
    assertThat(predicate("_topic = 'orders.eu' AND _key = 'k'").test(tombstone)).isTrue();
  }

  @Test
  void headersAndOffsetsCanBeTested() {
    SinkRecord record = order("orders", 1, "paid");
    record.headers().addString("source", "backfill");
    assertThat(predicate("_headers['source'] = 'backfill' AND _offset = 7").test(record)).isTrue();
    assertThat(predicate("_headers['missing'] IS NULL").test(record)).isTrue();
  }

  @Test
  void constantConditionsMatchAllOrNothing() {
    for (String never : new String[]{"1 = 0", "1 <> 1", "FALSE", "NULL", "1 = 0 AND amount > 0"}) {
      assertThat(predicate(never).test(order("orders", 1, "paid"))).as(never).isFalse();
    }
    for (String always : new String[]{"1 = 1", "TRUE", "1 = 1 OR amount > 0"}) {
      assertThat(predicate(always).test(order("orders", 1, "paid"))).as(always).isTrue();
    }
  }

  @Test
  void badConditionsAreConfigErrorsAndTypeErrorsAreDataErrors() {
    assertThatThrownBy(() -> predicate("amount >")).isInstanceOf(ConfigException.class)
        .hasMessageContaining("condition").hasMessageContaining("Syntax error");
    assertThatThrownBy(() -> predicate("")).isInstanceOf(ConfigException.class).hasMessageContaining("condition");
    assertThatThrownBy(() -> predicate("nosuch(_topic) = 2")).isInstanceOf(ConfigException.class)
        .hasMessageContaining("NOSUCH");
    assertThatThrownBy(() -> predicate("amount > 0 AND nosuch = 1").test(order("orders", 1, "x")))
        .isInstanceOf(DataException.class).hasMessageContaining("nosuch").hasMessageContaining("offset 7");
  }

  @Test
  void schemalessRecordsOfChangingShapesAreEachPlannedForTheirOwnTypes() {
    SqlPredicate<SinkRecord> over = predicate("amount > 1.5 AND status = 'paid'");
    for (int round = 0; round < 2; round++) {
      assertThat(over.test(schemaless(2L, "paid"))).as("a BIGINT amount").isTrue();
      assertThat(over.test(schemaless(1L, "paid"))).isFalse();
      assertThat(over.test(schemaless(1.9, "paid"))).as("a DOUBLE amount after a BIGINT one, same fields").isTrue();
      assertThat(over.test(schemaless(1.2, "paid"))).isFalse();
      assertThat(over.test(schemaless(1.9, "open"))).isFalse();
      java.util.Map<String, Object> nested = new java.util.LinkedHashMap<>();
      nested.put("amount", 1.9);
      nested.put("status", "paid");
      nested.put("tags", java.util.List.of("a"));
      assertThat(over.test(new SinkRecord("t", 0, null, null, null, nested, 3))).as("a nested value").isTrue();
      assertThat(over.test(new SinkRecord("t", 0, null, 42L, null, schemaless(1.9, "paid").value(), 4)))
          .as("a schemaless key after none").isTrue();
    }
  }

  private static SinkRecord schemaless(Object amount, String status) {
    java.util.Map<String, Object> value = new java.util.LinkedHashMap<>();
    value.put("amount", amount);
    value.put("status", status);
    return new SinkRecord("t", 0, null, null, null, value, 1);
  }
}
