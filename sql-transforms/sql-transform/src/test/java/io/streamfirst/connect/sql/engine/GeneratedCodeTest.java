// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.sql.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The size checks of {@code max.value.bytes} cost nothing where a statement cannot grow a value:
 * the code generated for the README's benchmark statement (and other ordinary ones) has none, and
 * only the calls that can outgrow their arguments get one.
 */
class GeneratedCodeTest {

  private static final Schema ORDERS = SchemaBuilder.struct().name("orders")
      .field("id", Schema.INT64_SCHEMA)
      .field("email", Schema.OPTIONAL_STRING_SCHEMA)
      .field("amount", Decimal.builder(2).optional().build())
      .field("country", Schema.OPTIONAL_STRING_SCHEMA)
      .field("status", Schema.STRING_SCHEMA)
      .field("n", Schema.INT32_SCHEMA)
      .build();

  private static String generated(String sql) throws InvalidQueryException {
    QueryPlanner planner = new QueryPlanner(new Functions(List.of()), 4 * 1024 * 1024);
    RecordShape shape = new RecordShape(ConnectTypes.sqlType(ORDERS, QueryPlanner.TYPES), null, QueryPlanner.TYPES);
    QueryPlanner.Plan plan = planner.plan(QueryDefinition.select(sql), shape);
    InputBinding[] bindings = ORDERS.fields().stream().map(InputBinding::structField).toArray(InputBinding[]::new);
    return ProgramCompiler.generate(plan.program(), bindings, new ResultLayout(plan.outputType(), false));
  }

  @ParameterizedTest
  @ValueSource(strings = {
      // the benchmark statement of the README's Performance section
      "SELECT id, UPPER(TRIM(email)) AS email, amount * 100 AS amount_cents,"
          + " CASE WHEN country IN ('DE','FR') THEN 'eu' ELSE 'other' END AS region, status"
          + " FROM orders WHERE amount > 0 AND status <> 'test'",
      "SELECT *, LOWER(email) AS email, SUBSTRING(status FROM 1 FOR 2) AS s, MASK(email) AS m, SHA256(email) AS h FROM o",
      "SELECT id, CAST(amount AS text) AS a, SPLIT_PART(email, '@', 2) AS domain, LEFT(status, 3) AS l FROM o"})
  void ordinaryStatementsHaveNoSizeChecks(String sql) throws InvalidQueryException {
    assertThat(generated(sql)).doesNotContain("SizeLimits");
  }

  @ParameterizedTest
  @ValueSource(strings = {"REPEAT(email, n)", "LPAD(email, n)", "RPAD(email, n, '-')", "REPLACE(email, 'a', status)",
      "'orders.' || country", "CONCAT(email, status)", "CONCAT_WS('-', email, status)",
      "OVERLAY(email PLACING status FROM 2)", "JSON_PRETTY(email)"})
  void onlyFunctionsThatCanGrowAValueAreChecked(String expression) throws InvalidQueryException {
    assertThat(generated("SELECT " + expression + " AS v, UPPER(status) AS u FROM o"))
        .contains("SizeLimits").containsOnlyOnce("SizeLimits");
  }

  @Test
  void regularExpressionReplacementsCheckAsTheyBuildTheirResult() throws InvalidQueryException {
    assertThat(generated("SELECT REGEXP_REPLACE(email, 'a', status, 'g') AS v FROM o"))
        .contains("PgTextFunctions.regexpReplace(").contains("4194304");
  }
}
