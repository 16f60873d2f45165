// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.sql.window;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamfirst.connect.sql.engine.InvalidQueryException;
import org.junit.jupiter.api.Test;

/** Planning of windowed statements: what is accepted, how it is taken apart, and the errors users see. */
class WindowQueryTest {

  private static final String ORDERS = """
      SELECT window_start, window_end, customer_id, COUNT(*) AS orders, SUM(total) AS revenue,
             COUNT(DISTINCT sku) AS skus
      FROM TABLE(TUMBLE(TABLE orders, DESCRIPTOR(placed_at), INTERVAL '1' MINUTE))
      WHERE status <> 'test'
      GROUP BY window_start, window_end, customer_id
      HAVING SUM(total) > 0
      EMIT FINAL""";

  @Test
  void issueExampleIsTakenApartIntoTwoSingleRecordStatements() throws Exception {
    WindowQuery query = WindowQuery.plan(ORDERS);
    assertThat(query.kind()).isEqualTo(WindowQuery.Kind.TUMBLE);
    assertThat(query.emit()).isEqualTo(WindowQuery.Emit.FINAL);
    assertThat(query.sizeMs()).isEqualTo(60_000);
    assertThat(query.advanceMs()).isEqualTo(60_000);
    assertThat(query.groupColumns()).containsExactly("customer_id");
    assertThat(query.aggregates()).extracting(WindowQuery.Aggregate::kind)
        .containsExactly(AggregateKind.COUNT_ROWS, AggregateKind.SUM, AggregateKind.COUNT);
    assertThat(query.inputStatement().text()).isEqualTo("SELECT \"placed_at\" AS \"sf_event_time\", \"customer_id\""
        + " AS \"customer_id\", (total) AS \"sf_arg0\", (sku) AS \"sf_arg1\" FROM \"orders\" WHERE status <> 'test'");
    // SUM(total) in SELECT and HAVING is one aggregate
    assertThat(query.resultStatement().text()).isEqualTo("SELECT window_start AS \"window_start\", window_end AS"
        + " \"window_end\", customer_id AS \"customer_id\", \"sf_agg0\" AS orders, \"sf_agg1\" AS revenue,"
        + " \"sf_agg2\" AS skus FROM sf_window WHERE \"sf_agg1\" > 0");
  }

  @Test
  void hopWithRecordTimestampEmitChangesAndParenthesisedExpressions() throws Exception {
    WindowQuery query = WindowQuery.plan("SELECT window_start, region, AVG((price * qty)::numeric) AS avg_value,"
        + " MAX(UPPER(name)), count(*) FROM TABLE(HOP(TABLE t, DESCRIPTOR(_timestamp), INTERVAL '10' SECOND,"
        + " INTERVAL '1' MINUTE)) GROUP BY window_start, region EMIT CHANGES");
    assertThat(query.kind()).isEqualTo(WindowQuery.Kind.HOP);
    assertThat(query.emit()).isEqualTo(WindowQuery.Emit.CHANGES);
    assertThat(query.advanceMs()).isEqualTo(10_000);
    assertThat(query.sizeMs()).isEqualTo(60_000);
    assertThat(query.recordTimestamp()).isTrue();
    assertThat(query.inputStatement().text()).isEqualTo("SELECT _timestamp AS \"sf_event_time\", \"region\" AS"
        + " \"region\", (CAST((price * qty) AS numeric)) AS \"sf_arg0\", (UPPER(name)) AS \"sf_arg1\" FROM \"t\"");
    assertThat(query.resultStatement().text()).isEqualTo("SELECT window_start AS \"window_start\", region AS"
        + " \"region\", \"sf_agg0\" AS avg_value, \"sf_agg1\" AS \"max\","
        + " \"sf_agg2\" AS \"count\" FROM sf_window");
  }

  @Test
  void sessionTakesItsKeysByPartitionByOrDescriptorAndTheyMustBeTheGroupColumns() throws Exception {
    for (String from : new String[]{"SESSION(TABLE orders PARTITION BY customer, DESCRIPTOR(ts), INTERVAL '5' MINUTE)",
        "SESSION(TABLE orders, DESCRIPTOR(ts), DESCRIPTOR(customer), INTERVAL '5' MINUTE)"}) {
      WindowQuery query = WindowQuery.plan("SELECT window_start, window_end, customer, COUNT(*) AS n FROM TABLE("
          + from + ") GROUP BY window_start, window_end, customer EMIT CHANGES");
      assertThat(query.kind()).isEqualTo(WindowQuery.Kind.SESSION);
      assertThat(query.gapMs()).isEqualTo(300_000);
      assertThat(query.groupColumns()).containsExactly("customer");
      assertThat(query.emit()).isEqualTo(WindowQuery.Emit.CHANGES);
    }
    // Without keys, one session stream over all rows, grouped by nothing else.
    WindowQuery global = WindowQuery.plan("SELECT window_start, COUNT(*) AS n FROM TABLE(SESSION(TABLE orders,"
        + " DESCRIPTOR(ts), INTERVAL '30' SECOND)) GROUP BY window_start");
    assertThat(global.groupColumns()).isEmpty();
    assertThat(global.gapMs()).isEqualTo(30_000);
  }

  @Test
  void firstAndLastValueAreAggregates() throws Exception {
    WindowQuery query = WindowQuery.plan("SELECT window_start, FIRST_VALUE(sku) AS first_sku, LAST_VALUE(price)"
        + " FROM TABLE(TUMBLE(TABLE orders, DESCRIPTOR(ts), INTERVAL '1' MINUTE)) GROUP BY window_start");
    assertThat(query.aggregates()).extracting(WindowQuery.Aggregate::kind)
        .containsExactly(AggregateKind.FIRST_VALUE, AggregateKind.LAST_VALUE);
    assertThat(query.resultStatement().text()).isEqualTo("SELECT window_start AS \"window_start\", \"sf_agg0\""
        + " AS first_sku, \"sf_agg1\" AS \"last_value\" FROM sf_window");
  }

  @Test
  void cumulateTakesAStepAndASize() throws Exception {
    WindowQuery query = WindowQuery.plan("SELECT window_start, window_end, SUM(total) FROM TABLE(CUMULATE(TABLE"
        + " orders, DESCRIPTOR(ts), INTERVAL '10' SECOND, INTERVAL '1' MINUTE)) GROUP BY window_start, window_end");
    assertThat(query.kind()).isEqualTo(WindowQuery.Kind.CUMULATE);
    assertThat(query.advanceMs()).isEqualTo(10_000);
    assertThat(query.sizeMs()).isEqualTo(60_000);
  }

  @Test
  void badQueriesAreRejectedWithLineAndColumn() {
    assertRejected("SELECT window_start, COUNT(*) FROM orders GROUP BY window_start",
        "FROM must be a window over one input", "line 1, column 36");
    assertRejected("SELECT window_start, amount, COUNT(*)\nFROM TABLE(TUMBLE(TABLE t, DESCRIPTOR(ts),"
        + " INTERVAL '1' MINUTE))\nGROUP BY window_start", "column \"amount\" must appear in the GROUP BY clause",
        "line 1, column 22");
    assertRejected("SELECT window_start, COUNT(*) FROM TABLE(TUMBLE(TABLE t, DESCRIPTOR(ts), INTERVAL '1' MINUTE))"
        + " WHERE SUM(x) > 1 GROUP BY window_start", "aggregate functions are not allowed in WHERE",
        "line 1, column 102");
    assertRejected("SELECT window_start, STRING_AGG(x, ',') FROM TABLE(TUMBLE(TABLE t, DESCRIPTOR(ts),"
        + " INTERVAL '1' MINUTE)) GROUP BY window_start", "STRING_AGG is not supported", "line 1, column 22");
    assertRejected("SELECT window_start, customer, COUNT(*) FROM TABLE(SESSION(TABLE t, DESCRIPTOR(ts),"
        + " INTERVAL '1' MINUTE)) GROUP BY window_start, customer", "SESSION windows are per key", "column 52");
    assertRejected("SELECT window_start, COUNT(*) FROM TABLE(CUMULATE(TABLE t, DESCRIPTOR(ts), INTERVAL '7' SECOND,"
        + " INTERVAL '1' MINUTE)) GROUP BY window_start", "whole multiple of its step", "column 97");
    assertRejected("SELECT window_start, COUNT(*) FROM TABLE(TUMBLE(TABLE t PARTITION BY k, DESCRIPTOR(ts),"
        + " INTERVAL '1' MINUTE)) GROUP BY window_start", "PARTITION BY is only taken by SESSION", "line 1");
    assertRejected("SELECT customer, COUNT(*) FROM TABLE(TUMBLE(TABLE t, DESCRIPTOR(ts), INTERVAL '1' MINUTE))"
        + " GROUP BY customer", "GROUP BY must include window_start", "line 1");
    assertRejected("SELECT window_start, COUNT(*) FROM TABLE(TUMBLE(TABLE t, DESCRIPTOR(ts), INTERVAL '1' MONTH))"
        + " GROUP BY window_start", "day-time interval", "column 74");
    assertRejected("SELECT window_start, SUM(DISTINCT x) FROM TABLE(TUMBLE(TABLE t, DESCRIPTOR(ts),"
        + " INTERVAL '1' MINUTE)) GROUP BY window_start", "SUM(DISTINCT ...) is not supported", "column 22");
    assertRejected("SELECT window_start, COUNT(*) FROM TABLE(TUMBLE(TABLE t, DESCRIPTOR(ts), INTERVAL '1' MINUTE)"
        + " GROUP BY window_start", "Syntax error", "line 1");
    assertRejected("SELECT window_start, MAX(SUM(x)) FROM TABLE(TUMBLE(TABLE t, DESCRIPTOR(ts),"
        + " INTERVAL '1' MINUTE)) GROUP BY window_start", "cannot be nested", "column 26");
  }

  private static void assertRejected(String sql, String reason, String position) {
    assertThatThrownBy(() -> WindowQuery.plan(sql)).isInstanceOf(InvalidQueryException.class)
        .hasMessageContaining(reason).hasMessageContaining(position);
  }
}
