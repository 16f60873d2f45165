// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamfirst.connect.sql.functions.PgTextFunctions;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.errors.DataException;
import org.junit.jupiter.api.Test;

/**
 * One test per place where Calcite's semantics differed from PostgreSQL 17's (found by
 * {@link PostgresDifferentialIT}); each states what PostgreSQL returns. No database needed.
 */
class PgSemanticsTest {

  static final Schema ROW = SchemaBuilder.struct().name("row")
      .field("i", Schema.OPTIONAL_INT32_SCHEMA)
      .field("l", Schema.OPTIONAL_INT64_SCHEMA)
      .field("n", Decimal.builder(2).optional().build())
      .field("d", Schema.OPTIONAL_FLOAT64_SCHEMA)
      .field("r", Schema.OPTIONAL_FLOAT32_SCHEMA)
      .field("s", Schema.OPTIONAL_STRING_SCHEMA)
      .field("b", Schema.OPTIONAL_BOOLEAN_SCHEMA)
      .field("ts", Timestamp.builder().optional().build())
      .build();

  /** 2024-03-10 (a Sunday) 02:30:15.250 UTC. */
  static final java.util.Date SUNDAY = java.util.Date.from(Instant.parse("2024-03-10T02:30:15.250Z"));

  static Struct row() {
    return new Struct(ROW).put("i", -7).put("l", 7L).put("n", new BigDecimal("2.50")).put("d", 2.5).put("r", 1.5f)
        .put("s", "ıİß a_b").put("b", true).put("ts", SUNDAY);
  }

  /** The single result column of {@code SELECT <expression> AS v FROM t} over {@link #row()}. */
  static Object eval(String expression) {
    return Sql.query("SELECT " + expression + " AS v FROM t").apply(row()).get("v");
  }

  static Field field(String expression) {
    return Sql.query("SELECT " + expression + " FROM t").apply(row()).schema().fields().get(0);
  }

  /**
   * The expression raises {@code message}: per record (DataException), or, when it is a constant
   * expression of a statement that reads no column, when the transform is configured, as PostgreSQL
   * rejects such a statement.
   */
  static void raises(String expression, String message) {
    assertThatThrownBy(() -> eval(expression)).isInstanceOfAny(DataException.class, ConfigException.class)
        .hasMessageContaining(message);
  }

  @Test
  void roundHalvesLikePostgres() {
    assertThat(eval("ROUND(d)")).isEqualTo(2.0);
    assertThat(eval("ROUND(-d)")).isEqualTo(-2.0);
    assertThat(eval("ROUND(3.5::float8)")).isEqualTo(4.0);
    assertThat((BigDecimal) eval("ROUND(n)")).isEqualByComparingTo("3");
    assertThat((BigDecimal) eval("ROUND(-n)")).isEqualByComparingTo("-3");
    assertThat((BigDecimal) eval("ROUND(n, 1)")).isEqualByComparingTo("2.5");
    assertThat(eval("ROUND(i)")).as("round(integer) is double precision").isEqualTo(-7.0);
  }

  @Test
  void castsToIntegersRound() {
    assertThat(eval("d::int")).as("double precision rounds half to even").isEqualTo(2);
    assertThat(eval("CAST(r AS smallint)")).isEqualTo((short) 2);
    assertThat(eval("n::int")).as("numeric rounds half away from zero").isEqualTo(3);
    assertThat(eval("(-n)::bigint")).isEqualTo(-3L);
    assertThat(eval("0.5::int")).isEqualTo(1);
    raises("(l * 1000000000000)::int", "out of range");
    raises("1e300::float8::bigint", "out of range");
  }

  @Test
  void integerDivisionAndModuloTruncateTowardZero() {
    assertThat(eval("i / 2")).isEqualTo(-3);
    assertThat(eval("i % 2")).isEqualTo(-1);
    assertThat(eval("MOD(i, -2)")).isEqualTo(-1);
    assertThat(eval("l % i")).as("bigint % integer is bigint").isEqualTo(0L);
    raises("i / (l - 7)", "division by zero");
  }

  @Test
  void floatArithmeticRaisesInsteadOfInfinityOrNaN() {
    raises("d / 0", "division by zero");
    raises("d / (d - 2.5)", "division by zero");
    raises("1e300::float8 * 1e300::float8", "out of range");
    raises("SQRT(-d)", "invalid input");
    raises("POWER(10::float8, 400)", "out of range");
    raises("CAST(d * 1e299 AS real)", "out of range");
  }

  @Test
  void realMixedWithOtherNumbersIsDoublePrecision() {
    assertThat(field("r + i").schema().type()).isEqualTo(Schema.Type.FLOAT64);
    assertThat(field("r + r").schema().type()).isEqualTo(Schema.Type.FLOAT32);
    assertThat(field("FLOOR(r)").schema().type()).isEqualTo(Schema.Type.FLOAT64);
  }

  @Test
  void numericDivisionIsExact() {
    // PostgreSQL's scale depends on the value (20 digits here); ours has at least as many, all exact
    assertThat(((BigDecimal) eval("2.5 / l")).setScale(20, java.math.RoundingMode.HALF_UP))
        .isEqualByComparingTo("0.35714285714285714286");
    assertThat(((BigDecimal) eval("1.0 / 3")).setScale(20, java.math.RoundingMode.HALF_UP))
        .isEqualByComparingTo("0.33333333333333333333");
  }

  @Test
  void absOfTheSmallestIntegerRaises() {
    Sql abs = Sql.query("SELECT ABS(i) AS v FROM t");
    assertThat(abs.apply(row()).get("v")).isEqualTo(7);
    assertThatThrownBy(() -> abs.apply(row().put("i", Integer.MIN_VALUE))).isInstanceOf(DataException.class)
        .hasMessageContaining("out of range");
  }

  @Test
  void extractReturnsNumericWithPostgresUnits() {
    assertThat(field("EXTRACT(YEAR FROM ts)").name()).isEqualTo("extract");
    assertThat((BigDecimal) eval("EXTRACT(YEAR FROM ts)")).isEqualByComparingTo("2024");
    assertThat((BigDecimal) eval("EXTRACT(DOW FROM ts)")).as("Sunday is 0").isEqualByComparingTo("0");
    assertThat((BigDecimal) eval("EXTRACT(ISODOW FROM ts)")).isEqualByComparingTo("7");
    assertThat((BigDecimal) eval("EXTRACT(SECOND FROM ts)")).isEqualByComparingTo("15.25");
    assertThat((BigDecimal) eval("EXTRACT(EPOCH FROM ts)")).isEqualByComparingTo("1710037815.25");
    assertThat((BigDecimal) eval("EXTRACT(WEEK FROM ts)")).isEqualByComparingTo("10");
  }

  @Test
  void dateTruncTakesTheUnitFirst() {
    assertThat(field("date_trunc('hour', ts)").name()).isEqualTo("date_trunc");
    assertThat(eval("date_trunc('hour', ts)")).isEqualTo(java.util.Date.from(Instant.parse("2024-03-10T02:00:00Z")));
    assertThat(eval("date_trunc('week', ts)")).as("weeks start on Monday")
        .isEqualTo(java.util.Date.from(Instant.parse("2024-03-04T00:00:00Z")));
    assertThat(eval("FLOOR(ts TO DAY)")).isEqualTo(java.util.Date.from(Instant.parse("2024-03-10T00:00:00Z")));
    raises("date_trunc('fortnight', ts)", "invalid input");
  }

  @Test
  void caseMappingIgnoresTheWorkersLocale() {
    Locale previous = Locale.getDefault();
    Locale.setDefault(Locale.forLanguageTag("tr-TR"));
    try {
      assertThat(eval("UPPER('ıİß i')")).isEqualTo("Iİß I");
      assertThat(eval("LOWER('ıİß I')")).isEqualTo("ıiß i");
      assertThat(eval("UPPER(s)")).isEqualTo("Iİß A_B");
      assertThat(eval("UPPER('title')")).as("ASCII only").isEqualTo("TITLE");
      assertThat(eval("LOWER('TITLE')")).isEqualTo("title");
    } finally {
      Locale.setDefault(previous);
    }
  }

  @Test
  void upperMapsEveryCodePointOnItsOwn() {
    List<String> wrong = new ArrayList<>();
    for (int c = 0; c <= Character.MAX_CODE_POINT; c++) {
      String text = "a" + Character.toString(c) + "ß";
      String expected = "A" + Character.toString(Character.toUpperCase(c)) + "ß";
      if (!PgTextFunctions.upper(text).equals(expected)) {
        wrong.add(Integer.toHexString(c));
      }
    }
    assertThat(wrong).as("code points whose upper case is not the simple case mapping").isEmpty();
  }

  @Test
  void textLiteralsMayHoldAnyCharacter() {
    assertThat(eval("'ıİß' || s")).isEqualTo("ıİßıİß a_b");
    assertThat(eval("CASE WHEN b THEN 'ja' ELSE 'nein' END")).as("no CHAR padding").isEqualTo("ja");
  }

  @Test
  void regexpReplaceReplacesTheFirstMatchUnlessGlobal() {
    assertThat(eval("regexp_replace('banana', 'a', '_')")).isEqualTo("b_nana");
    assertThat(eval("regexp_replace('banana', 'a', '_', 'g')")).isEqualTo("b_n_n_");
    assertThat(eval("regexp_replace('Banana', 'b(a)', '<\\1\\2>', 'i')")).isEqualTo("<a>nana");
    // an ASCII pattern matches a letter, its lower and its upper case only, as PostgreSQL: not 'ı' or 'İ'
    assertThat(eval("regexp_replace('ıİßI', '[A-Z]', '', 'gi')")).isEqualTo("ıİß");
    assertThat(eval("regexp_replace('ıİßÄ', '[aeiou]', '*', 'gi')")).isEqualTo("ıİßÄ");
    assertThat(eval("regexp_replace('ÄÖü', 'ä', '#', 'gi')")).isEqualTo("#Öü");
  }

  @Test
  void likeEscapesWithBackslash() {
    assertThat(eval("s LIKE '%a\\_b'")).isEqualTo(true);
    assertThat(eval("'axb' LIKE 'a\\_b'")).isEqualTo(false);
    assertThat(eval("'axb' LIKE 'a_b'")).isEqualTo(true);
  }

  @Test
  void valuesPrintAsPostgresPrintsThem() {
    assertThat(eval("'a' || 1")).isEqualTo("a1");
    assertThat(eval("n::text")).isEqualTo("2.50");
    assertThat(eval("0.0 || '!'")).isEqualTo("0.0!");
    assertThat(eval("b::text")).isEqualTo("true");
    assertThat(eval("CONCAT('x', b)")).isEqualTo("xt");
    assertThat(eval("d::text")).isEqualTo("2.5");
    assertThat(eval("1e300::float8::text")).isEqualTo("1e+300");
    assertThat(eval("(d / 100000)::text")).isEqualTo("2.5e-05");
    assertThat(eval("ts::text")).isEqualTo("2024-03-10 02:30:15.25");
    assertThat(field("n::text").name()).isEqualTo("n");
    assertThat(field("1::text").name()).isEqualTo("text");
  }

  @Test
  void castBindsTighterThanOperators() {
    assertThat(eval("l = 7.4::int")).isEqualTo(true);
    assertThat(eval("2 + 2.6::int * 2")).isEqualTo(8);
    assertThat(field("-7::numeric").name()).as("-(7::numeric)").isEqualTo("?column?");
    assertThat((BigDecimal) eval("-2.5::numeric")).isEqualByComparingTo("-2.5");
  }

  @Test
  void numericLiteralsAndUnconstrainedNumericKeepTheirDigits() {
    assertThat(field("1e3").schema().name()).isEqualTo(Decimal.LOGICAL_NAME);
    assertThat((BigDecimal) eval("1e3")).isEqualByComparingTo("1000");
    assertThat((BigDecimal) eval("'2.5'::numeric")).isEqualByComparingTo("2.5");
    assertThat((BigDecimal) eval("d::numeric")).isEqualByComparingTo("2.5");
    assertThat((BigDecimal) eval("1.25::numeric(6,1)")).as("half away from zero").isEqualByComparingTo("1.3");
    assertThat((BigDecimal) eval("TRUNC(n)")).isEqualByComparingTo("2");
    assertThat(field("TRUNC(i, 1)").schema().name()).as("trunc(integer, n) is numeric").isEqualTo(Decimal.LOGICAL_NAME);
    assertThat(eval("TRUNC(i)")).as("trunc(integer) is double precision").isEqualTo(-7.0);
  }

  @Test
  void textToBooleanAcceptsPostgresSpellings() {
    assertThat(eval("'yes'::boolean")).isEqualTo(true);
    assertThat(eval("' Off '::boolean")).isEqualTo(false);
    assertThat(eval("'t'::boolean")).isEqualTo(true);
    raises("s::boolean", "invalid input");
  }

  @Test
  void failingConstantExpressionsRejectTheStatement() {
    // a statement of constants only fails when the transform is configured
    assertThatThrownBy(() -> eval("CAST('x' AS double precision)")).isInstanceOf(ConfigException.class)
        .hasMessageContaining("a constant expression fails");
    assertThatThrownBy(() -> eval("-7 / 0")).isInstanceOf(ConfigException.class)
        .hasMessageContaining("division by zero");
    // with columns, every record fails, whatever the WHERE condition and the branch taken (as PostgreSQL
    // evaluates constants when it plans the statement)
    assertThatThrownBy(() -> Sql.query("SELECT CASE WHEN i > 0 THEN i ELSE 1 / 0 END AS v FROM t WHERE i < 0")
        .apply(row())).isInstanceOf(DataException.class).hasMessageContaining("a constant expression fails");
    // ... unless the planner never reaches it: a constant FALSE arm, COALESCE after a non-NULL constant
    assertThat(eval("CASE WHEN 1 = 0 THEN 1 / 0 ELSE i END")).isEqualTo(-7);
    assertThat(eval("COALESCE(1, 1 / 0) + i")).isEqualTo(-6);
  }

  @Test
  void columnNamesFollowPostgres() {
    assertThat(field("CASE WHEN b THEN 1 ELSE i END").name()).as("CASE takes its ELSE column's name").isEqualTo("i");
    assertThat(field("CASE WHEN b THEN 1 ELSE 2 END").name()).isEqualTo("case");
    assertThat(field("TRUNC(d)").name()).isEqualTo("trunc");
  }

  @Test
  void schemalessNullFieldsAreUntypedNulls() {
    Map<String, Object> value = new HashMap<>();
    value.put("flag", null);
    value.put("amount", null);
    value.put("name", "x");
    Map<String, Object> out = Sql.query("SELECT flag IS TRUE AS t, COALESCE(amount, 0) + 1 AS a, NOT flag AS f,"
        + " name FROM t WHERE amount IS NULL").apply(value);
    assertThat(out).containsEntry("t", false).containsEntry("a", 1).containsEntry("name", "x");
    assertThat(out.get("f")).isNull();
    assertThat(Sql.query("SELECT name FROM t WHERE amount > 0").apply(value)).isNull();
    assertThat(List.copyOf(out.keySet())).containsExactly("t", "a", "f", "name");
  }

  @Test
  void floatTextInputAsPostgresReadsIt() {
    assertThat(eval("CAST(' -2.5e3 ' AS float8)")).isEqualTo(-2500.0);
    assertThat(eval("CAST('-inf' AS float8)")).isEqualTo(Double.NEGATIVE_INFINITY);
    assertThat(eval("CAST('NaN' AS real)")).isEqualTo(Float.NaN);
    raises("CAST(CONCAT(l, 'f') AS real)", "invalid input syntax");
    raises("CAST(CONCAT(l, 'e300') AS real)", "out of range");
    raises("CAST(CONCAT(l, 'e-400') AS float8)", "out of range");
  }

  @Test
  void signOfNegativeZeroIsZero() {
    assertThat(eval("SIGN(TRUNC(-0.5::float8))::text")).isEqualTo("0");
    assertThat(eval("SIGN(CEIL(r - 2))")).isEqualTo(0.0);
  }

  @Test
  void realComparedWithIntegersAndNumericsInDoublePrecision() {
    assertThat(Sql.query("SELECT i FROM t WHERE 2147483647 = 2147483647::real").apply(row())).isNull();
    assertThat(eval("r = 1.5")).isEqualTo(true);
    assertThat(eval("0.1::real = 0.1")).isEqualTo(false);
  }

  @Test
  void schemalessNullFieldsInConditionsAndTextFunctions() {
    Map<String, Object> value = new HashMap<>();
    value.put("flag", null);
    value.put("name", null);
    value.put("amount", null);
    Map<String, Object> out = Sql.query("SELECT CASE WHEN COALESCE(flag, flag) THEN 1 ELSE 2 END AS c,"
        + " OCTET_LENGTH(RIGHT(name, 1)) AS o, COALESCE(-amount, 2.5::float8) AS m FROM t").apply(value);
    assertThat(out).containsEntry("c", 2).containsEntry("m", 2.5);
    assertThat(out.get("o")).isNull();
  }

  @Test
  void explicitDoublePrecisionNextToRealIsDoublePrecision() {
    // PostgreSQL's CASE/COALESCE type resolution: a value the statement casts to double precision counts as such
    assertThat(field("COALESCE(r, i::float8)").schema().type()).isEqualTo(Schema.Type.FLOAT64);
    assertThat(field("CASE WHEN b THEN (-2147483647 - 1) WHEN b THEN r::float8 END").schema().type())
        .isEqualTo(Schema.Type.FLOAT64);
    assertThat(eval("CASE WHEN b THEN (-2147483647 - 1) WHEN b THEN r::float8 END")).isEqualTo(-2147483648.0);
    assertThat(field("CASE WHEN FALSE THEN CAST(r AS double precision) WHEN b THEN r END").schema().type())
        .isEqualTo(Schema.Type.FLOAT64);
    assertThat(field("COALESCE(r, i)").schema().type()).as("without a cast: real").isEqualTo(Schema.Type.FLOAT32);
    assertThat(field("GREATEST(2.5::float8, r)").schema().type()).isEqualTo(Schema.Type.FLOAT64);
    assertThat(field("CASE WHEN b THEN r ELSE 0.5::float8 END").schema().type()).isEqualTo(Schema.Type.FLOAT64);
    // a real constant, also through a nested CASE or COALESCE, keeps them real
    assertThat(eval("COALESCE(0.1::real, CASE WHEN FALSE THEN NULL::real WHEN b THEN -2.5 END, NULL::real)"))
        .isEqualTo(0.1f);
    assertThat(eval("COALESCE(CASE WHEN FALSE THEN n ELSE 1e30::real END, r)")).isEqualTo(1e30f);
    assertThat(eval("COALESCE(COALESCE(0.0, r, r), 2147483647, r)")).isEqualTo(0.0f);
  }

  @Test
  void mathFunctionsOfNumericsAreNumeric() {
    // PostgreSQL's digits (16 significant or more), kept at 20 digits after the point: equal by value
    assertThat((BigDecimal) eval("SQRT(CASE WHEN b THEN 3::numeric ELSE 0::bigint END)"))
        .isEqualByComparingTo("1.732050807568877");
    assertThat((BigDecimal) eval("EXP(0::numeric)")).isEqualByComparingTo("1");
    assertThat((BigDecimal) eval("EXP(n)")).isEqualByComparingTo("12.182493960703473");
    assertThat((BigDecimal) eval("LOG10(COALESCE(7, n))")).isEqualByComparingTo("0.8450980400142568");
    assertThat((BigDecimal) eval("LN(10::numeric)")).isEqualByComparingTo("2.3025850929940457");
    assertThat((BigDecimal) eval("POWER(LEAST(7::int8, 0.5), 2)")).isEqualByComparingTo("0.25");
    assertThat((BigDecimal) eval("POWER(n, n)")).isEqualByComparingTo("9.8821176880261854");
    assertThat((BigDecimal) eval("POWER(2.5, -3)")).isEqualByComparingTo("0.064");
    assertThat((BigDecimal) eval("POWER(-2.0, 3)")).isEqualByComparingTo("-8.0");
    assertThat((BigDecimal) eval("POWER(1.5, 100)")).as("PostgreSQL's one digit after the point")
        .isEqualByComparingTo("406561177535215237.4");
    assertThat((BigDecimal) eval("POWER(n - 3, 100)")).as("7.9e-31: 0 at 20 digits").isEqualByComparingTo("0");
    assertThat((BigDecimal) eval("POWER(0.5, 1000)")).isEqualByComparingTo("0");
    assertThat((BigDecimal) eval("POWER(0.0, 2147483647)")).isEqualByComparingTo("0");
    assertThat((BigDecimal) eval("POWER(-1.0, 2147483647)")).isEqualByComparingTo("-1");
    assertThat((BigDecimal) eval("POWER(1.0000000001, 2147483647)")).isEqualByComparingTo("1.2395499431832869");
    assertThat(field("SQRT(n)").schema().parameters()).containsEntry("scale", "20");
    assertThat(field("SQRT(l)").schema().type()).as("of an integer: double precision").isEqualTo(Schema.Type.FLOAT64);
    assertThat(field("POWER(n, d)").schema().type()).isEqualTo(Schema.Type.FLOAT64);
    raises("SQRT(-n)", "invalid input");
    raises("LN(n - n)", "arithmetic error");
    raises("POWER(n - n, -1)", "arithmetic error");
    raises("EXP(n * 1000)", "out of range");
  }

  @Test
  void signOfNaNIsZero() {
    assertThat(eval("SIGN('Infinity'::float8 * (n - n))")).isEqualTo(0.0);
  }

  @Test
  void constantsNextToSchemalessNullFieldsAreEvaluated() {
    // PostgreSQL reads a field as a column, so it evaluates the constants of the other operands when it plans
    // the statement: a failing one fails the record, even where the field is null
    Map<String, Object> value = new HashMap<>();
    value.put("s", null);
    value.put("l", null);
    value.put("u", "xyz");
    for (String expression : List.of("POSITION(s IN SUBSTRING('2.5' FROM 3 FOR -2))",
        "REPLACE(SUBSTRING('o' FROM 2 FOR -1::smallint), s, '123')", "MOD(l, 32767::smallint + 1::smallint)")) {
      assertThatThrownBy(() -> Sql.query("SELECT " + expression + " AS v FROM t").apply(value)).as(expression)
          .isInstanceOf(DataException.class).hasMessageContaining("a constant expression fails");
    }
    assertThat(Sql.query("SELECT REPLACE(u, s, SUBSTRING('xyz' FROM 2 FOR 1)) AS v, MOD(l, 3 + 4) AS m FROM t")
        .apply(value)).containsEntry("v", null).containsEntry("m", null);
  }

  @Test
  void textCastToIntegerOfATimestampsTextFails() {
    // CONCAT_WS skips the NULL: the text is '1999-12-31 23:59:59', which is not a bigint
    Struct nulls = row().put("r", null).put("ts", java.util.Date.from(Instant.parse("1999-12-31T23:59:59Z")));
    assertThatThrownBy(() -> Sql.query("SELECT CONCAT_WS(', ', (10 >= r), ts)::bigint AS v FROM t").apply(nulls))
        .isInstanceOf(DataException.class).hasMessageContaining("invalid input");
    assertThatThrownBy(() -> Sql.query("SELECT CONCAT(ts)::int AS v FROM t").apply(nulls))
        .isInstanceOf(DataException.class).hasMessageContaining("invalid input");
    assertThat(eval("CONCAT_WS('', l, NULL::real)::bigint")).isEqualTo(7L);
    assertThat(eval("CONCAT(' +', l, ' ')::int")).isEqualTo(7);
    assertThat(eval("CONCAT('0x1F', s = '')::int2")).as("0x1Ff").isEqualTo((short) 511);
    assertThat(eval("CONCAT('1_00', l)::bigint")).isEqualTo(1007L);
    assertThat(eval("CONCAT('-0b1', l - 7)::int")).isEqualTo(-2);
    raises("CONCAT(l, '.0')::int", "invalid input");
    raises("CONCAT(l, '_')::int", "invalid input");
    raises("CONCAT(l, '0000')::int2", "out of range");
    raises("CONCAT(l, '9999999999999999999')::bigint", "out of range");
  }

  @Test
  void explicitBooleanToTextCastIsTrueOrFalse() {
    // b::text is 'true' before CONCAT sees it; a boolean CONCAT itself converts is 't'
    assertThat(eval("CONCAT(NULL::real, b::text)")).isEqualTo("true");
    assertThat(eval("CONCAT(CAST(b AS text), NOT b)")).isEqualTo("truef");
    assertThat(eval("CONCAT(b, 1)")).isEqualTo("t1");
    assertThat(eval("b::text || 'x'")).isEqualTo("truex");
  }

  @Test
  void nanIsAboveEveryOtherDoublePrecision() {
    // 0 * Infinity is NaN; PostgreSQL orders NaN above every other double precision and equal to itself
    String nan = "((n - n) * 'Infinity'::float8)";
    assertThat(eval(nan + " >= r")).isEqualTo(true);
    assertThat(eval(nan + " > 'Infinity'::float8")).isEqualTo(true);
    assertThat(eval(nan + " = " + nan)).isEqualTo(true);
    assertThat(eval(nan + " <> " + nan)).isEqualTo(false);
    assertThat(eval(nan + " < d")).isEqualTo(false);
    assertThat(eval("d < " + nan)).isEqualTo(true);
    assertThat(eval("d BETWEEN 0 AND " + nan)).isEqualTo(true);
    assertThat((Double) eval("GREATEST(d, " + nan + ")")).isNaN();
    assertThat(eval("LEAST(d, " + nan + ")")).isEqualTo(2.5);
    assertThat(eval("NULLIF(" + nan + ", " + nan + ")")).isNull();
    assertThat(eval(nan + " IN (d, " + nan + ")")).isEqualTo(true);
    assertThat(eval(nan + " IS DISTINCT FROM " + nan)).isEqualTo(false);
    assertThat(eval("CASE " + nan + " WHEN " + nan + " THEN 1 ELSE 2 END")).isEqualTo(1);
  }
}
