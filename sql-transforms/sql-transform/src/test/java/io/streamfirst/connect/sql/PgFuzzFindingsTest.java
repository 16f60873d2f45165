// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.junit.jupiter.api.Test;

/**
 * The classes of disagreements with PostgreSQL 17 that the 100,000-statement fuzzer run of seed
 * 20261301 found ({@link PostgresFuzzIT}), each stating PostgreSQL's result. No database needed.
 */
class PgFuzzFindingsTest {

  static final Schema ROW = SchemaBuilder.struct().name("row")
      .field("id", Schema.OPTIONAL_INT64_SCHEMA)
      .field("i2", Schema.OPTIONAL_INT16_SCHEMA)
      .field("i4", Schema.OPTIONAL_INT32_SCHEMA)
      .field("i8", Schema.OPTIONAL_INT64_SCHEMA)
      .field("n", Decimal.builder(2).optional().build())
      .field("d", Schema.OPTIONAL_FLOAT64_SCHEMA)
      .field("r", Schema.OPTIONAL_FLOAT32_SCHEMA)
      .field("b", Schema.OPTIONAL_BOOLEAN_SCHEMA)
      .build();

  static Struct row() {
    return new Struct(ROW).put("id", 6L).put("i2", (short) 0).put("i4", 7).put("i8", -1L)
        .put("n", new BigDecimal("1.49")).put("d", 0.0).put("r", 1.5f).put("b", true);
  }

  static Object eval(String expression, Struct row) {
    return Sql.query("SELECT " + expression + " AS v FROM t").apply(row).get("v");
  }

  static Object eval(String expression) {
    return eval(expression, row());
  }

  static void raises(String statement, Struct row, String message) {
    assertThatThrownBy(() -> Sql.query(statement).apply(row)).as(statement)
        .isInstanceOfAny(DataException.class, ConfigException.class).hasMessageContaining(message);
  }

  @Test
  void powerOfANumericToANegativeWholePowerIsExact() {
    Struct row = row().put("i4", -85).put("i8", -7L);
    // 0.5^-85 is 2^85, exactly
    assertThat((BigDecimal) eval("POWER(0.5, i4)", row)).isEqualByComparingTo("38685626227668133590597632");
    assertThat((BigDecimal) eval("POWER(0.5, -85)", row)).isEqualByComparingTo("38685626227668133590597632");
    assertThat((BigDecimal) eval("POWER(-2.5, i8)", row)).isEqualByComparingTo("-0.0016384");
    assertThat((BigDecimal) eval("POWER(0.001, i8)", row)).isEqualByComparingTo("1E21");
    // 12.35^-7 has 12 significant digits at 20 digits after the point: its -7th power is 12.35^49 to 10 digits
    BigDecimal twice = (BigDecimal) eval("POWER(POWER(12.345::numeric(10,2), i8), i8)", row);
    assertThat(twice.round(new java.math.MathContext(10))).isEqualByComparingTo("3.102279494E53");
  }

  @Test
  void smallintNegationOverflowsInSelfComparisons() {
    Struct row = row().put("i2", Short.MIN_VALUE);
    for (String condition : List.of("-i2 != -i2", "-i2 = -i2", "-i2 <> -i2", "-i2 IS DISTINCT FROM -i2",
        "-i2 IS NOT DISTINCT FROM -i2", "-i2 < -i2", "-i2 >= -i2")) {
      raises("SELECT i2 FROM t WHERE (" + condition + ")", row, "out of range");
      raises("SELECT (" + condition + ") AS v FROM t", row, "out of range");
    }
    raises("SELECT -i2 AS v FROM t", row, "out of range");
  }

  @Test
  void leastAndGreatestOfEqualValuesKeepTheFirst() {
    // 0 and -0 are equal: PostgreSQL keeps the first of equal values
    assertThat(eval("CONCAT_WS('/', d, LEAST(d, -d))")).isEqualTo("0/0");
    assertThat(eval("CONCAT_WS('/', d, GREATEST(d, -d))")).isEqualTo("0/0");
    assertThat(eval("CONCAT_WS('/', d, LEAST(-d, d))")).isEqualTo("0/-0");
    assertThat(eval("CONCAT_WS('/', d, GREATEST(-d, d, NULL::float8))")).isEqualTo("0/-0");
    assertThat(eval("CAST(GREATEST(NULL::float8, d, -d) AS text)")).isEqualTo("0");
    assertThat(eval("CAST(LEAST(-d, d, NULL::float8) AS text)")).isEqualTo("-0");
  }

  @Test
  void truncAndRoundOfAModKeepItsDigits() {
    assertThat(eval("TRUNC(MOD(id, COALESCE(n, 3::numeric)), i4)")).isEqualTo(new BigDecimal("0.04"));
    assertThat((BigDecimal) eval("ROUND(MOD(id, COALESCE(n, 3::numeric)), i4)")).isEqualByComparingTo("0.04");
    assertThat((BigDecimal) eval("TRUNC(MOD(id, COALESCE(n, 3::numeric)), 1)")).isEqualByComparingTo("0.0");
  }

  @Test
  void realOutOfRangeInLeastAndGreatestRaises() {
    // every value of LEAST and GREATEST is converted to their type, real, before they compare
    raises("SELECT r FROM t WHERE (r IS NOT DISTINCT FROM LEAST(1.5::real, EXP(100.005)))", row(), "out of range");
    raises("SELECT LEAST(1.5::real, EXP(100.005)) AS v FROM t", row(), "out of range");
    raises("SELECT GREATEST(r, n * 1e40) AS v FROM t", row(), "out of range");
    raises("SELECT LEAST(r, n * 1e40) AS v FROM t", row(), "out of range");
    assertThat(eval("LEAST(r, n)")).isEqualTo(1.49f);
    assertThat(eval("GREATEST(r, n * 1e30)")).isEqualTo(1.49e30f);
  }

  @Test
  void integerValuesOfANumericCaseKeepNoDigitsAfterThePoint() {
    org.assertj.core.api.SoftAssertions softly = new org.assertj.core.api.SoftAssertions();
    softly.assertThat(eval("CONCAT_WS('', i4, CASE WHEN NULL::boolean THEN n WHEN TRUE THEN i2 END)")).isEqualTo("70");
    softly.assertThat(eval("CAST(LEAST(-0.001, i8) AS varchar)")).isEqualTo("-1");
    softly.assertThat(eval("CAST(GREATEST(-0.001, i8) AS varchar)")).isEqualTo("-0.001");
    softly.assertThat(eval("COALESCE(i2, n)::text")).isEqualTo("0");
    softly.assertThat(eval("CAST(CASE WHEN i2 < 100 THEN n ELSE 3 END AS text)")).isEqualTo("1.49");
    softly.assertThat(eval("(CASE WHEN b THEN i4 ELSE 2.5 END * 2)::text")).isEqualTo("14");
    // a conversion the statement writes gives the digits it asks for
    softly.assertThat(eval("CAST(CASE WHEN b THEN i4::numeric(5,2) ELSE n END AS text)")).isEqualTo("7.00");
    softly.assertThat(eval("COALESCE(CAST(i2 AS numeric(6,3)), n)::text")).isEqualTo("0.000");
    Map<String, Object> value = new HashMap<>();
    value.put("i8", -1L);
    softly.assertThat(Sql.query("SELECT CAST(LEAST(-0.001, i8) AS varchar) AS v FROM t").apply(value))
        .containsEntry("v", "-1");
    softly.assertAll();
  }

  // Seed 20261210 (20,000 statements) found the three below.

  @Test
  void aConstantCastThatFailsInArithmeticFailsEveryRecord() {
    // PostgreSQL: ERROR: invalid input syntax for type boolean: "ıİß", for every row (it was not planned at all:
    // Calcite's monotonicity of * read the quoted text as a number)
    for (String expression : List.of("(i4 * (CAST('ıİß' AS boolean))::int)", "(i4 + (CAST('x' AS boolean))::int)",
        "((CAST('x' AS boolean))::int - i8)", "(i4 * CAST('x' AS int))", "(id / ('ıİß'::boolean)::int)")) {
      raises("SELECT " + expression + " AS v FROM t", row(), "a constant expression fails: invalid input");
    }
    Map<String, Object> value = new HashMap<>();
    value.put("i4", 7);
    assertThatThrownBy(() -> Sql.query("SELECT (i4 * (CAST('ıİß' AS boolean))::int) AS v FROM t").apply(value))
        .isInstanceOfAny(DataException.class, ConfigException.class)
        .hasMessageContaining("a constant expression fails: invalid input").hasMessageNotContaining("ıİß");
    // a valid one computes
    assertThat(eval("(i4 * (CAST('true' AS boolean))::int)")).isEqualTo(7);
  }

  @Test
  void nullifOfGreatestHasTheQuirkOfItsValuesType() {
    // NULLIF(GREATEST(i4, id), r): PostgreSQL double precision 7.0 (bigint compared with real), SqlTransform
    // bigint 7: the documented NULLIF_TYPES; the GREATEST's values are bigint even where it stands for a real
    FuzzStatements.Expr greatest = FuzzStatements.Expr.of("GREATEST(\0, \0)", FuzzStatements.Type.FLOAT4,
        List.of(FuzzStatements.Expr.leaf("i4", FuzzStatements.Type.INT4),
            FuzzStatements.Expr.leaf("id", FuzzStatements.Type.INT8)));
    FuzzStatements.Expr nullif = FuzzStatements.Expr.of("NULLIF(\0, \0)", FuzzStatements.Type.FLOAT4,
        List.of(greatest, FuzzStatements.Expr.leaf("r", FuzzStatements.Type.FLOAT4)));
    assertThat(nullif.quirks()).contains(FuzzStatements.Quirk.NULLIF_TYPES);
    assertThat(eval("NULLIF(GREATEST(i4, id), r)")).isEqualTo(7L);
    FuzzStatements.Expr same = FuzzStatements.Expr.of("NULLIF(\0, \0)", FuzzStatements.Type.FLOAT4,
        List.of(FuzzStatements.Expr.of("GREATEST(\0, \0)", FuzzStatements.Type.FLOAT4,
            List.of(FuzzStatements.Expr.leaf("i4", FuzzStatements.Type.INT4),
                FuzzStatements.Expr.leaf("r", FuzzStatements.Type.FLOAT4))),
            FuzzStatements.Expr.leaf("r", FuzzStatements.Type.FLOAT4)));
    assertThat(same.quirks()).doesNotContain(FuzzStatements.Quirk.NULLIF_TYPES);
  }

  @Test
  void aStrictCallOfASchemalessNullSkipsItsOtherOperands() {
    // ROUND(MOD(u::bigint, i8), 0) with i8 a JSON null, u 'title case words': PostgreSQL evaluates u::bigint and
    // raises invalid input syntax for type bigint; SqlTransform gives NULL: the documented EVALUATION_ORDER (x * NULL)
    Map<String, Object> value = new HashMap<>();
    value.put("i8", null);
    value.put("u", "title case words");
    assertThat(Sql.query("SELECT ROUND(MOD(u::bigint, i8), 0) AS v FROM t").apply(value)).containsEntry("v", null);
    value.put("i8", 3L);
    assertThatThrownBy(() -> Sql.query("SELECT ROUND(MOD(u::bigint, i8), 0) AS v FROM t").apply(value))
        .isInstanceOf(DataException.class);
  }

  @Test
  void theEvaluationOrderRecheckAcceptsTheTypeOfANumberComputedFromAJsonNull() {
    // the re-check compares PostgreSQL's outcome with the operand replaced and SqlTransform's: over a schemaless
    // value a number computed only from a JSON null may have another numeric type (UNTYPED_JSON_NULL)
    DifferentialOutcome numeric = new DifferentialOutcome.Kept(
        List.of(new DifferentialOutcome.Cell("c1", DifferentialOutcome.Family.NUMERIC, new BigDecimal("1"))));
    DifferentialOutcome integer = new DifferentialOutcome.Kept(
        List.of(new DifferentialOutcome.Cell("c1", DifferentialOutcome.Family.INT4, 1)));
    DifferentialOutcome two = new DifferentialOutcome.Kept(
        List.of(new DifferentialOutcome.Cell("c1", DifferentialOutcome.Family.INT4, 2)));
    assertThat(EvaluationOrder.same(numeric, integer, true)).isTrue();
    assertThat(EvaluationOrder.same(numeric, integer, false)).isFalse();
    assertThat(EvaluationOrder.same(numeric, two, true)).isFalse();
  }
  // Seed 20261214 (100,000 statements) found the class below, twice, both over schemaless values.

  @Test
  void aCaseArmWhoseConditionReadsASchemalessNullStillHasItsConstantsEvaluated() {
    // PostgreSQL reads a JSON null field as a column: a CASE arm whose condition reads it is not constant, so the
    // planner evaluates the arm's constant result and its failure fails the statement:
    // ERROR: zero raised to a negative power is undefined / ERROR: division by zero, for every row
    Map<String, Object> nulls = new HashMap<>();
    nulls.put("u", null);
    nulls.put("d", null);
    nulls.put("s", null);
    nulls.put("id", 25);
    for (String statement : List.of(
        "SELECT CASE 'a_b%c' WHEN u THEN POWER(0.0::float8, -1) WHEN 'a_b%c' THEN d ELSE 0.1::real END AS c1 FROM t",
        "SELECT s AS c1 FROM t WHERE (CASE u WHEN 'x' THEN (2.5::real / 0::smallint) WHEN s THEN d"
            + " ELSE 1e300::float8 END IS DISTINCT FROM d)",
        "SELECT CASE WHEN u IS NULL THEN 1 WHEN u = 'x' THEN 1 / 0 END AS c1 FROM t",
        "SELECT CASE WHEN u IS NULL THEN 1 ELSE CASE WHEN id = 1 THEN 1 / 0 END END AS c1 FROM t")) {
      assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> Sql.query(statement).apply(nulls)))
          .as(statement).isInstanceOfAny(DataException.class, ConfigException.class)
          .hasMessageContaining("a constant expression fails");
    }
    // an arm PostgreSQL drops unevaluated (a constant FALSE or NULL condition, or after a constant TRUE one) stays so
    assertThat(Sql.query("SELECT CASE WHEN u = 'x' THEN 1 WHEN NULL THEN 1 / 0 ELSE 2 END AS c1 FROM t").apply(nulls))
        .containsEntry("c1", 2);
    assertThat(Sql.query("SELECT CASE WHEN TRUE THEN 3 WHEN u = 'x' THEN 1 / 0 END AS c1 FROM t").apply(nulls))
        .containsEntry("c1", 3);
    for (String dropped : List.of("CASE WHEN id = 1 THEN 7 WHEN false THEN 1 / 0 END",
        "CASE WHEN id = 1 THEN 7 WHEN true THEN 8 ELSE 1 / 0 END")) {
      assertThat(Sql.query("SELECT CASE WHEN u IS NULL THEN 1 ELSE " + dropped + " END AS c1 FROM t").apply(nulls))
          .containsEntry("c1", 1);
    }
  }
  // Seed 20261215 found the ones below.

  @Test
  void aLiteralConversionInsideAFunctionOfASchemalessNullStillFails() {
    // SUBSTRING(s FROM 0 FOR CAST('x' AS smallint)) with s a JSON null: PostgreSQL converts the quoted literal when it
    // parses the statement (ERROR: invalid input syntax for type smallint: "x", for every row); SqlTransform made the
    // whole SUBSTRING NULL before the conversion was planned, and kept the row
    Map<String, Object> nulls = new HashMap<>();
    nulls.put("s", null);
    assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> Sql.query(
        "SELECT (SUBSTRING(s FROM 0 FOR CAST('x' AS smallint)) LIKE '__') AS c1 FROM t").apply(nulls)))
        .isInstanceOfAny(DataException.class, ConfigException.class)
        .hasMessageContaining("a constant expression fails");
    assertThat(Sql.query("SELECT (SUBSTRING(s FROM 0 FOR CAST('2' AS smallint)) LIKE '__') AS c1 FROM t").apply(nulls))
        .containsEntry("c1", null);
  }

  @Test
  void trimmingASchemalessNullIsANullText() {
    // OCTET_LENGTH(RTRIM(s)) of a JSON null: PostgreSQL NULL (and no row where the WHERE is NULL); SqlTransform
    // rejected the record: "Cannot apply 'OCTET_LENGTH' to arguments of type 'OCTET_LENGTH(<NULL>)'"
    Map<String, Object> nulls = new HashMap<>();
    nulls.put("s", null);
    nulls.put("b", null);
    assertThat(Sql.query("SELECT OCTET_LENGTH(RTRIM(s)) AS c1 FROM t WHERE b").apply(nulls)).isNull();
    for (String trimmed : List.of("RTRIM(s)", "LTRIM(s)", "RTRIM(s, 'x')", "LTRIM(s, 'x')")) {
      assertThat(Sql.query("SELECT OCTET_LENGTH(" + trimmed + ") AS c1 FROM t").apply(nulls)).containsEntry("c1", null);
    }
  }

  @Test
  void floorOfAConstantTimestampInsideACastIsPlanned() {
    // PostgreSQL: no row (WHERE FALSE), and date_trunc('day', ...) of the constant timestamps where a row is kept;
    // SqlTransform failed every record with NullPointerException: timeUnitRange when it folded the constants
    String expression = "COALESCE(CAST(FLOOR(TIMESTAMP '2024-03-10 02:30:00' TO DAY) AS date),"
        + " FLOOR('2000-01-01 12:00:00'::timestamp TO DAY)::date)";
    assertThat(Sql.query("SELECT i2 AS c2, " + expression + " AS c3 FROM t WHERE FALSE").apply(row())).isNull();
    assertThat(eval(expression))
        .isEqualTo(new java.util.Date(java.time.LocalDate.of(2024, 3, 10).toEpochDay() * 86_400_000L));
  }
}
