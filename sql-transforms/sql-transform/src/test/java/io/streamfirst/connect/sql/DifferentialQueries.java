// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.sql;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;

/**
 * Seeded queries over table {@code t} of {@link DifferentialRows}, from templates that cover the
 * expression forms where SQL engines differ. Each template is instantiated several times with
 * random columns and literals; half of the instances use only JSON columns, so that they also run
 * over schemaless values.
 */
final class DifferentialQueries {

  /**
   * One query: the text given to SqlTransform and the equivalent PostgreSQL text (they differ only
   * where PostgreSQL spells a construct differently, e.g. {@code FLOOR(ts TO HOUR)}).
   *
   * @param jsonOnly whether it reads only columns that schemaless values carry
   * @param approximate whether double results may differ in the last bits (transcendental functions)
   * @param star whether it selects {@code *}
   */
  record Query(String template, String sql, String postgresSql, boolean jsonOnly, boolean approximate,
      boolean star) {

    @Override
    public String toString() {
      return sql;
    }
  }

  /** Fills a template's slots with columns or literals of one type family. */
  static final class Picker {
    private final Random random;
    private final boolean json;
    private final Set<String> used = new LinkedHashSet<>();

    Picker(Random random, boolean json) {
      this.random = random;
      this.json = json;
    }

    private String column(String... names) {
      String name = names[random.nextInt(names.length)];
      used.add(name);
      return name;
    }

    private String oneOf(String... options) {
      return options[random.nextInt(options.length)];
    }

    /** An integer column (smallint, integer or bigint) or literal. */
    String integer() {
      if (random.nextInt(5) == 0) {
        return oneOf("0", "1", "-1", "7", "-7", "2", "3", "4000000000");
      }
      return json ? column("i8") : column("i2", "i4", "i8", "i4");
    }

    /** An integer or smallint column or literal, where PostgreSQL takes no bigint. */
    String int4() {
      if (json || random.nextInt(4) == 0) {
        return oneOf("0", "1", "-1", "2", "3", "-3", "10");
      }
      return column("i2", "i4");
    }

    /** Marks columns a template names itself as read (returns ""). */
    String uses(String... columns) {
      used.addAll(List.of(columns));
      return "";
    }

    /** The integer (int4) column, or an integer literal for schemaless values. */
    String i4() {
      return json ? oneOf("0", "7", "-7") : column("i4");
    }

    /** A non-zero integer literal. */
    String divisor() {
      return oneOf("2", "-2", "3", "7", "-7", "10");
    }

    String numeric() {
      if (json || random.nextInt(5) == 0) {
        return oneOf("2.5", "-2.5", "0.5", "1.25", "100.005", "0.0", "3");
      }
      return column("n");
    }

    String dbl() {
      if (random.nextInt(6) == 0) {
        return oneOf("2.5::float8", "CAST(-0.5 AS double precision)", "1e300::float8", "0.0::float8");
      }
      return json ? column("d") : column("d", "d", "r");
    }

    String number() {
      return switch (random.nextInt(3)) {
        case 0 -> integer();
        case 1 -> numeric();
        default -> dbl();
      };
    }

    String text() {
      if (random.nextInt(6) == 0) {
        return oneOf("'Hello'", "''", "' x '", "'ıİß'", "'a_b%c'");
      }
      return column("s", "u", "s");
    }

    String bool() {
      return column("b");
    }

    String date() {
      requireNotJson();
      return column("dt");
    }

    String timestamp() {
      requireNotJson();
      return column("ts");
    }

    String temporal() {
      requireNotJson();
      return random.nextBoolean() ? column("ts") : column("dt");
    }

    /** Any column. */
    String any() {
      return json
          ? column("i8", "d", "s", "u", "b")
          : column("i2", "i4", "i8", "n", "d", "r", "s", "u", "b", "dt", "ts");
    }

    String likePattern() {
      return oneOf("'a%'", "'%b%'", "'_'", "'%\\_%'", "'H_llo'", "'%ß'", "''", "'%'", "'a\\\\b'", "'%o w%'",
          "'ı%'", "'%1%'", "'A%'", "'a\\%%'");
    }

    String regex() {
      return oneOf("'[aeiou]'", "'l+'", "'^\\s+|\\s+$'", "'[0-9]+'", "'(a)(b)?'", "'ß|ı'", "'.'", "'[A-Z]'");
    }

    /** A boolean condition over one or two columns. */
    String condition() {
      return switch (random.nextInt(12)) {
        case 0 -> integer() + " > " + integer();
        case 1 -> text() + " LIKE " + likePattern();
        case 2 -> bool();
        case 3 -> dbl() + " IS NULL";
        case 4 -> numeric() + " BETWEEN 0 AND 10";
        case 5 -> text() + " IN ('x', 'Hello', '', 'aaa')";
        case 6 -> "NOT " + bool();
        case 7 -> integer() + " % 2 = 0";
        case 8 -> "CHAR_LENGTH(" + text() + ") > 3";
        case 9 -> json ? dbl() + " < 0" : timestamp() + " > TIMESTAMP '2000-01-01 00:00:00'";
        case 10 -> json ? text() + " <> ''" : date() + " < DATE '2000-01-01'";
        default -> dbl() + " >= " + integer();
      };
    }

    /** A numeric at full precision: rounding it up can add a digit that its type has no room for. */
    String fullNumeric() {
      return switch (random.nextInt(4)) {
        case 0 -> numeric() + "::numeric(10,2)";
        case 1 -> "CAST(" + numeric() + " / 100 AS numeric(10,4))";
        case 2 -> oneOf("99.99::numeric(4,2)", "-99.99::numeric(4,2)", "9.5::numeric(2,1)", "-0.5::numeric(1,1)");
        default -> "(" + numeric() + ")::numeric(10,2)";
      };
    }

    private void requireNotJson() {
      if (json) {
        throw new Unavailable();
      }
    }
  }

  /** Thrown by a picker in JSON mode for a slot that schemaless values cannot fill. */
  static final class Unavailable extends RuntimeException {
    Unavailable() {
      super(null, null, false, false);
    }
  }

  private record Template(String name, boolean approximate, Function<Picker, String> body) {
  }

  private static final List<Template> TEMPLATES = new ArrayList<>();

  private static void add(String name, Function<Picker, String> body) {
    TEMPLATES.add(new Template(name, false, body));
  }

  private static void approx(String name, Function<Picker, String> body) {
    TEMPLATES.add(new Template(name, true, body));
  }

  static {
    // Arithmetic
    add("integer arithmetic", p -> "SELECT " + p.integer() + " + " + p.integer() + ", " + p.integer() + " - "
        + p.integer() + " AS c2, " + p.integer() + " * " + p.integer() + " AS c3 FROM t");
    add("integer division", p -> "SELECT " + p.integer() + " / " + p.divisor() + ", " + p.integer() + " % "
        + p.divisor() + " AS c2, MOD(" + p.integer() + ", " + p.divisor() + ") AS c3 FROM t");
    add("integer division by column", p -> "SELECT " + p.integer() + " / " + p.integer() + " FROM t");
    add("integer modulo by column", p -> "SELECT MOD(" + p.integer() + ", " + p.integer() + ") FROM t");
    add("unary minus", p -> "SELECT -(" + p.integer() + "), -(" + p.numeric() + ") AS c2, -(" + p.dbl()
        + ") AS c3 FROM t");
    add("numeric arithmetic", p -> "SELECT " + p.numeric() + " + " + p.numeric() + ", " + p.numeric() + " * "
        + p.integer() + " AS c2, " + p.numeric() + " - " + p.numeric() + " AS c3 FROM t");
    add("numeric division", p -> "SELECT " + p.numeric() + " / " + p.number() + " FROM t");
    add("numeric modulo", p -> "SELECT MOD(" + p.numeric() + ", " + p.numeric() + "), " + p.numeric() + " % "
        + p.integer() + " AS c2 FROM t");
    add("double arithmetic", p -> "SELECT " + p.dbl() + " + " + p.dbl() + ", " + p.dbl() + " * " + p.dbl()
        + " AS c2, " + p.dbl() + " - " + p.number() + " AS c3 FROM t");
    add("double division", p -> "SELECT " + p.dbl() + " / " + p.number() + " FROM t");
    add("mixed arithmetic", p -> "SELECT " + p.integer() + " + " + p.dbl() + ", " + p.numeric() + " + " + p.dbl()
        + " AS c2, " + p.integer() + " * " + p.numeric() + " AS c3 FROM t");
    add("literals", p -> "SELECT 1, 'abc' AS c2, 2.5 AS c3, TRUE AS c4, NULL::int AS c5, 1e3 AS c6,"
        + " 7 / 2 AS c7, -7 % 3 AS c8, 1.0 / 3 AS c9, " + p.integer() + " AS c10 FROM t");
    // Comparisons and logic
    add("comparisons", p -> "SELECT " + p.integer() + " < " + p.integer() + ", " + p.numeric() + " >= " + p.dbl()
        + " AS c2, " + p.text() + " = " + p.text() + " AS c3, " + p.text() + " < " + p.text() + " AS c4, "
        + p.number() + " <> " + p.number() + " AS c5 FROM t");
    add("temporal comparisons", p -> "SELECT " + p.temporal() + " < " + p.temporal() + ", " + p.date()
        + " = DATE '2024-02-29' AS c2, " + p.timestamp() + " >= TIMESTAMP '2024-03-10 02:30:00' AS c3 FROM t");
    add("three-valued logic", p -> "SELECT " + p.condition() + " AND " + p.condition() + ", " + p.condition()
        + " OR " + p.condition() + " AS c2, NOT (" + p.condition() + ") AS c3 FROM t");
    add("IN", p -> "SELECT " + p.integer() + " IN (1, 7, -7, NULL), " + p.text() + " IN ('Hello', 'x', '') AS c2, "
        + p.integer() + " NOT IN (0, 1) AS c3, " + p.dbl() + " IN (2.5, 0) AS c4 FROM t");
    add("BETWEEN", p -> "SELECT " + p.integer() + " BETWEEN -1 AND 7, " + p.dbl() + " NOT BETWEEN 0 AND 2.5 AS c2, "
        + p.text() + " BETWEEN 'a' AND 'm' AS c3, " + p.numeric() + " BETWEEN " + p.numeric() + " AND "
        + p.numeric() + " AS c4 FROM t");
    add("LIKE", p -> "SELECT " + p.text() + " LIKE " + p.likePattern() + ", " + p.text() + " NOT LIKE "
        + p.likePattern() + " AS c2 FROM t");
    add("IS NULL", p -> "SELECT " + p.any() + " IS NULL, " + p.any() + " IS NOT NULL AS c2, " + p.bool()
        + " IS TRUE AS c3, " + p.bool() + " IS NOT FALSE AS c4, " + p.bool() + " IS UNKNOWN AS c5 FROM t");
    // CASE, COALESCE, NULLIF, GREATEST
    add("CASE mixed numeric", p -> "SELECT CASE WHEN " + p.condition() + " THEN " + p.integer() + " WHEN "
        + p.condition() + " THEN " + p.numeric() + " ELSE " + p.dbl() + " END FROM t");
    add("CASE integer and numeric", p -> "SELECT CASE WHEN " + p.condition() + " THEN " + p.integer()
        + " ELSE 2.5 END FROM t");
    add("CASE text literals", p -> "SELECT CASE WHEN " + p.condition() + " THEN 'yes' ELSE 'no' END, CASE "
        + p.integer() + " WHEN 1 THEN 'one' WHEN 7 THEN 'seven' END AS c2, CASE WHEN " + p.condition()
        + " THEN " + p.text() + " ELSE 'none' END AS c3 FROM t");
    add("CASE without ELSE", p -> "SELECT CASE WHEN " + p.condition() + " THEN " + p.any() + " END FROM t");
    add("COALESCE and NULLIF", p -> "SELECT COALESCE(" + p.integer() + ", 0), COALESCE(" + p.text()
        + ", 'none') AS c2, NULLIF(" + p.integer() + ", 0) AS c3, NULLIF(" + p.text() + ", '') AS c4, COALESCE("
        + p.numeric() + ", " + p.integer() + ") AS c5 FROM t");
    add("GREATEST and LEAST", p -> "SELECT GREATEST(" + p.integer() + ", " + p.integer() + ", 0), LEAST("
        + p.dbl() + ", " + p.dbl() + ") AS c2, GREATEST(" + p.text() + ", " + p.text() + ") AS c3 FROM t");
    // Casts
    add("CAST to integer", p -> "SELECT CAST(" + p.dbl() + " AS integer), " + p.numeric() + "::int AS c2, "
        + p.numeric() + "::bigint AS c3, CAST(" + p.dbl() + " AS bigint) AS c4 FROM t");
    add("CAST to smallint", p -> "SELECT " + p.number() + "::smallint FROM t");
    add("CAST to integer from any number", p -> "SELECT " + p.number() + "::int4 FROM t");
    add("CAST text to number", p -> "SELECT " + p.text() + "::int FROM t");
    add("CAST text to numeric", p -> "SELECT CAST(" + p.text() + " AS numeric) FROM t");
    add("CAST text to double", p -> "SELECT " + p.text() + "::float8 FROM t");
    add("CAST to text", p -> "SELECT (" + p.integer() + ")::text, CAST(" + p.numeric() + " AS text) AS c2, "
        + p.bool() + "::text AS c3, CAST(" + p.text() + " AS varchar) AS c4 FROM t");
    add("CAST double to text", p -> "SELECT " + p.dbl() + "::text FROM t");
    add("CAST temporal to text", p -> "SELECT " + p.date() + "::text, " + p.timestamp() + "::text AS c2 FROM t");
    add("CAST between temporal", p -> "SELECT " + p.timestamp() + "::date, CAST(" + p.date()
        + " AS timestamp) AS c2 FROM t");
    add("CAST to numeric", p -> "SELECT " + p.number() + "::numeric, CAST(" + p.number() + " AS numeric(6,1)) AS c2,"
        + " CAST(" + p.integer() + " AS numeric(5,1)) AS c3 FROM t");
    add("CAST to double and real", p -> "SELECT " + p.number() + "::float8, CAST(" + p.number()
        + " AS real) AS c2 FROM t");
    add("CAST text to boolean and date", p -> "SELECT CAST(" + p.text() + " AS boolean) FROM t");
    // Strings
    add("UPPER and LOWER", p -> "SELECT UPPER(" + p.text() + "), lower(" + p.text() + ") AS c2 FROM t");
    add("TRIM", p -> "SELECT TRIM(" + p.text() + "), TRIM(LEADING FROM " + p.text() + ") AS c2, TRIM(BOTH 'a' FROM "
        + p.text() + ") AS c3, TRIM(TRAILING ' x' FROM " + p.text() + ") AS c4 FROM t");
    add("SUBSTRING", p -> "SELECT SUBSTRING(" + p.text() + " FROM 2 FOR 3), SUBSTRING(" + p.text()
        + " FROM 0 FOR 2) AS c2, SUBSTRING(" + p.text() + " FROM 3) AS c3, substring(" + p.text()
        + ", 1, 4) AS c4 FROM t");
    add("SUBSTRING with column bounds", p -> "SELECT SUBSTRING(" + p.text() + " FROM " + p.int4() + " FOR "
        + p.int4() + ") FROM t");
    add("lengths and positions", p -> "SELECT CHAR_LENGTH(" + p.text() + "), LENGTH(" + p.text() + ") AS c2, POSITION("
        + p.oneOf("'a'", "'ß'", "''", "'l'") + " IN " + p.text() + ") AS c3, STRPOS(" + p.text()
        + ", 'o') AS c4 FROM t");
    add("concatenation", p -> "SELECT " + p.text() + " || " + p.text() + ", " + p.text() + " || " + p.integer()
        + " AS c2, 'a' || 1 AS c3, " + p.number() + " || '!' AS c4, CONCAT(" + p.text() + ", " + p.any()
        + ") AS c5 FROM t");
    add("REPLACE", p -> "SELECT REPLACE(" + p.text() + ", " + p.oneOf("'a'", "'l'", "' '", "'ß'") + ", 'X') FROM t");
    add("REGEXP_REPLACE", p -> "SELECT REGEXP_REPLACE(" + p.text() + ", " + p.regex() + ", '*'), REGEXP_REPLACE("
        + p.text() + ", " + p.regex() + ", '<\\1>', 'g') AS c2 FROM t");
    add("REGEXP_REPLACE flags", p -> "SELECT REGEXP_REPLACE(" + p.text() + ", " + p.regex() + ", '#', "
        + p.oneOf("'g'", "'i'", "'gi'") + ") FROM t");
    add("padding and parts", p -> "SELECT LPAD(" + p.text() + ", 6, '*'), RPAD(" + p.text() + ", 3) AS c2, LEFT("
        + p.text() + ", 2) AS c3, RIGHT(" + p.text() + ", 2) AS c4, SPLIT_PART(" + p.text() + ", ' ', 2) AS c5,"
        + " REPEAT(" + p.text() + ", 2) AS c6 FROM t");
    // Math
    add("ABS", p -> "SELECT ABS(" + p.integer() + "), ABS(" + p.numeric() + ") AS c2, ABS(" + p.dbl()
        + ") AS c3 FROM t");
    add("ROUND numeric", p -> "SELECT ROUND(" + p.numeric() + "), ROUND(" + p.numeric() + ", 1) AS c2, ROUND("
        + p.numeric() + ", -1) AS c3 FROM t");
    add("ROUND double", p -> "SELECT ROUND(" + p.dbl() + ") FROM t");
    add("ROUND integer", p -> "SELECT ROUND(" + p.integer() + "), ROUND(" + p.integer() + ", 1) AS c2 FROM t");
    add("FLOOR and CEIL", p -> "SELECT FLOOR(" + p.numeric() + "), CEIL(" + p.numeric() + ") AS c2, FLOOR("
        + p.dbl() + ") AS c3, CEILING(" + p.dbl() + ") AS c4 FROM t");
    add("TRUNC", p -> "SELECT TRUNC(" + p.numeric() + "), TRUNC(" + p.dbl() + ") AS c2, TRUNC(" + p.numeric()
        + ", 1) AS c3 FROM t");
    // POWER of a double precision or an integer is double precision (of numerics: below)
    approx("POWER and SQRT", p -> "SELECT POWER(" + p.dbl() + ", 2), POWER(" + p.integer() + ", "
        + p.oneOf("2", "3", "0.5::float8", "-1") + ") AS c2, SQRT(ABS(" + p.dbl() + ")) AS c3 FROM t");
    approx("SQRT of negative", p -> "SELECT SQRT(" + p.dbl() + ") FROM t");
    // Date and time
    add("EXTRACT from timestamp", p -> "SELECT EXTRACT(" + p.oneOf("YEAR", "MONTH", "DAY", "HOUR", "MINUTE")
        + " FROM " + p.timestamp() + "), EXTRACT(" + p.oneOf("DOW", "DOY", "QUARTER", "WEEK", "ISODOW")
        + " FROM " + p.timestamp() + ") AS c2, EXTRACT(" + p.oneOf("SECOND", "EPOCH", "MILLISECOND", "CENTURY")
        + " FROM " + p.timestamp() + ") AS c3 FROM t");
    add("EXTRACT from date", p -> "SELECT EXTRACT(" + p.oneOf("YEAR", "MONTH", "DAY", "DOW", "DOY", "QUARTER",
        "WEEK", "EPOCH", "DECADE") + " FROM " + p.date() + ") FROM t");
    add("timestamp plus interval", p -> "SELECT " + p.timestamp() + " + INTERVAL '1' HOUR, " + p.timestamp()
        + " - INTERVAL '90' MINUTE AS c2, " + p.timestamp() + " + INTERVAL '1' MONTH AS c3, " + p.timestamp()
        + " + INTERVAL '1' DAY AS c4 FROM t");
    // date + integer and date - date are not supported (see README); intervals are.
    add("DATE_TRUNC", p -> "SELECT DATE_TRUNC(" + p.oneOf("'hour'", "'day'", "'month'", "'year'", "'minute'",
        "'week'", "'quarter'", "'second'") + ", " + p.timestamp() + ") FROM t");
    add("FLOOR timestamp TO unit", p -> "SELECT FLOOR(" + p.timestamp() + " TO " + p.oneOf("HOUR", "DAY", "MONTH",
        "YEAR", "MINUTE") + ") AS floored FROM t");
    // Filters and star
    add("WHERE", p -> "SELECT id FROM t WHERE " + p.condition());
    add("WHERE AND OR", p -> "SELECT id, " + p.any() + " FROM t WHERE " + p.condition() + " AND (" + p.condition()
        + " OR " + p.condition() + ")");
    add("WHERE NOT", p -> "SELECT id FROM t WHERE NOT (" + p.condition() + ")");
    add("WHERE with errors", p -> "SELECT id FROM t WHERE " + p.integer() + " / " + p.integer() + " > 0");
    add("star", p -> {
      p.any();
      return "SELECT * FROM t WHERE " + p.condition();
    });
    add("star with expression", p -> "SELECT *, " + p.integer() + " * 2 AS doubled FROM t");
    // Issue 18: divergences found by an independent corpus, each as a class (new templates go last, so that
    // the instances of the templates above stay the same for a seed)
    // Every path that sets a numeric scale rounds half away from zero, negatives too (issue 18)
    add("CAST to numeric(p,s) rounds half away from zero", p -> "SELECT CAST(" + p.oneOf("'12.345'", "'-12.345'",
        "' 0.005 '", "'-0.005'", "'2.5'", "'-99.995'") + " AS numeric(10,2)), CAST(" + p.numeric()
        + " AS numeric(11,1)) AS c2, (" + p.numeric() + " / 8)::numeric(14,2) AS c3, CAST(" + p.numeric()
        + " * 1.005 AS numeric(16,2)) AS c4, " + p.oneOf("'1.5'", "'-1.5'", "'-0.5'") + "::numeric(5,0) AS c5,"
        + " CAST(" + p.oneOf("12.345", "-12.345", "-0.125") + "::numeric AS numeric(8,2)) AS c6 FROM t");
    // boolean -> integer and integer -> boolean casts (issue 18)
    add("CAST boolean to integer", p -> "SELECT CAST(" + p.bool() + " AS integer), (" + p.condition()
        + ")::int AS c2, " + p.bool() + "::int4 + (" + p.condition() + ")::integer AS c3, CAST("
        + p.oneOf("0", "1", "-3", p.i4()) + " AS boolean) AS c4 FROM t");
    // Results that can gain an integer digit over a numeric at full precision (issue 18)
    add("ROUND, CEIL, FLOOR gain a digit", p -> "SELECT ROUND(" + p.fullNumeric() + "), ROUND(" + p.fullNumeric()
        + ", -1) AS c2, ROUND(" + p.fullNumeric() + ", " + p.oneOf("0", "1", "3") + ") AS c3, CEIL("
        + p.fullNumeric() + ") AS c4, FLOOR(" + p.fullNumeric() + ") AS c5, TRUNC(" + p.fullNumeric()
        + ", 1) AS c6 FROM t");
    add("ROUND of integers", p -> "SELECT ROUND(" + p.integer() + ", " + p.oneOf("-1", "-2", "2") + "), ROUND("
        + p.integer() + ") + 1 AS c2, FLOOR(" + p.integer() + ") * 2 AS c3, TRUNC(" + p.integer() + ", -1) AS c4"
        + " FROM t");
    // EXTRACT is numeric: arithmetic, comparisons and functions over it are numeric (issue 18)
    add("arithmetic on EXTRACT", p -> "SELECT EXTRACT(YEAR FROM " + p.temporal() + ") - EXTRACT(YEAR FROM "
        + p.temporal() + "), EXTRACT(MINUTE FROM " + p.timestamp() + ") * 60 + EXTRACT(SECOND FROM "
        + p.timestamp() + ") AS c2, -EXTRACT(" + p.oneOf("DAY", "MONTH", "EPOCH") + " FROM " + p.temporal()
        + ") AS c3, EXTRACT(DOY FROM " + p.temporal() + ") / " + p.oneOf("7", "2", "0")
        + " AS c4, MOD(EXTRACT(DAY FROM "
        + p.temporal() + "), " + p.oneOf("7", "2") + ") AS c5, EXTRACT(HOUR FROM " + p.timestamp() + ") % 5 AS c6,"
        + " EXTRACT(MONTH FROM " + p.temporal() + ") * " + p.integer() + " AS c7 FROM t");
    add("EXTRACT in comparisons and functions", p -> "SELECT EXTRACT(YEAR FROM " + p.temporal() + ") > "
        + p.oneOf("2000", "1999.5", p.i4()) + ", EXTRACT(MONTH FROM " + p.temporal() + ") IN (1, 2, 12) AS c2,"
        + " EXTRACT(DAY FROM " + p.temporal() + ") BETWEEN 10 AND 20 AS c3, CASE WHEN " + p.condition()
        + " THEN EXTRACT(DOW FROM " + p.temporal() + ") ELSE " + p.integer() + " END AS c4, COALESCE(EXTRACT(HOUR FROM "
        + p.timestamp() + "), 0) AS c5, ABS(EXTRACT(DAY FROM " + p.temporal() + ") - 15) AS c6, ROUND(EXTRACT(EPOCH"
        + " FROM " + p.timestamp() + ") / 3600) AS c7, GREATEST(EXTRACT(MINUTE FROM " + p.timestamp() + "), "
        + p.integer() + ") AS c8 FROM t");
    // Nested checked arithmetic inside numeric arithmetic still raises on overflow (issue 18)
    add("integer overflow inside numeric arithmetic", p -> "SELECT " + p.numeric() + " + " + p.integer() + " * "
        + p.integer() + ", " + p.numeric() + " * (" + p.integer() + " + " + p.integer() + ") AS c2, -(" + p.integer()
        + ") + " + p.numeric() + " AS c3 FROM t");
    // A WHERE that is constant false or NULL drops every record; constant true keeps them (issue 18)
    add("constant false WHERE", p -> "SELECT id, " + p.any() + " FROM t WHERE " + p.oneOf("1 = 0", "1 <> 1",
        "0 = 1"));
    add("constant WHERE", p -> "SELECT id, " + p.any() + " FROM t WHERE " + p.oneOf("1 > 2 AND " + p.condition(),
        "NULL::int = 1", "'a' = 'b'", "FALSE", "2 + 2 = 5 OR 1 = 0", "1 = 1", "NOT (1 = 1)", "NULL",
        "1 = 0 AND " + p.condition(), "CAST(NULL AS boolean)", "1 = 1 OR " + p.condition(), "1 <> 1 OR "
            + p.condition()));
    // Found by the differential fuzzer (PostgresFuzzIT), each a class:
    // evaluation order: AND/OR stop early, WHERE conjuncts cheapest first and NULL stops them, IS NULL computes
    add("guarded conditions", p -> "SELECT id FROM t WHERE " + p.uses("i2", "i4", "i8", "b", "s", "r", "n")
        + p.oneOf("i4 <> 0 AND 10 / i4 > 1", "10 / i4 > 1 AND i4 <> 0", "i4 = 0 OR 10 / i4 > 1",
            "b AND CAST(s AS boolean)", "CAST(s AS boolean) AND NOT b", "(1 / i2) IS NULL",
            "i2 NOT IN (-1::smallint, i2, ABS(i2))", "i8 NOT IN (r::int8, NULL, i8)", "NULLIF(b, TRUE) AND n % n > 0"));
    add("guarded expressions", p -> "SELECT (" + p.bool() + " AND CAST(" + p.text() + " AS boolean)) AS c1, (NOT "
        + p.bool() + " OR " + p.integer() + " / " + p.integer() + " > 0) AS c2, CASE WHEN " + p.uses("i4")
        + "i4 <> 0 THEN 100 / i4 END AS c3 FROM t");
    // constants are evaluated when the statement is planned, as PostgreSQL's planner does
    add("constant expressions", p -> "SELECT " + p.uses("i4", "i8") + p.oneOf("CAST('x' AS date)", "'o'::int",
        "CASE WHEN 1 = 0 THEN 1 / 0 ELSE i4 END", "COALESCE(1, 1 / 0) + i8", "CASE WHEN i4 > 0 THEN 1 / 0 ELSE 0 END",
        "NULL::int + 1 / i4", "MOD(MOD(3, NULL::smallint), CAST(2147483647 AS smallint))", "-(-2147483647 - 1) - i8",
        "COALESCE(DATE '1970-01-01', CAST('x' AS date))", "1e300::float8::real",
        "CAST(9223372036854775807 AS int2) + 0",
        "CASE WHEN NULL::boolean THEN 0 END < CAST(i8 AS int2)") + " AS c1, i4 AS c2 FROM t WHERE " + p.condition());
    // date +/- interval is a timestamp
    add("date plus interval", p -> "SELECT " + p.date() + " + INTERVAL '1' DAY AS c1, " + p.date() + " - INTERVAL '90'"
        + " MINUTE AS c2, INTERVAL '1' MONTH + " + p.date() + " AS c3, (" + p.date()
        + " + INTERVAL '1' HOUR)::text AS c4"
        + " FROM t");
    // strict functions of NULL constants, and NULLs of functions over NULL
    add("functions of NULL", p -> "SELECT POSITION('a' IN LPAD(NULL::text, 6)) AS c1, LPAD(" + p.text() + ", 3)::int2"
        + " AS c2, MOD(" + p.integer() + ", NULL::smallint) AS c3, -MOD(NULL::integer, " + p.int4() + ") AS c4,"
        + " CASE WHEN " + p.bool() + " THEN '123' ELSE LPAD(NULL::text, 3) END AS c5, (RPAD(" + p.text() + ", -1)"
        + " NOT ILIKE '%1%') AS c6 FROM t");
    add("text functions", p -> "SELECT LEFT(" + p.text() + ", " + p.oneOf("-2", p.i4(), "2") + ") AS c1, RIGHT("
        + p.text() + ", " + p.oneOf("-1", p.i4(), "3") + ") AS c2, LPAD(" + p.text() + ", 7, " + p.text() + ") AS c3,"
        + " RPAD(" + p.text() + ", " + p.oneOf("-1", "0", "4") + ", " + p.oneOf("''", "'xy'") + ") AS c4, BTRIM("
        + p.text() + ") AS c5, REVERSE(" + p.text() + ") AS c6, INITCAP(" + p.text() + ") AS c7, REGEXP_REPLACE("
        + p.text() + ", '(\\w+) (\\w+)', '\\2 \\1') AS c8 FROM t");
    approx("math functions", p -> "SELECT EXP(" + p.dbl() + ") AS c1, LN(" + p.dbl() + ") AS c2, LOG10(" + p.dbl()
        + ") AS c3, SIGN(" + p.number() + ") AS c4, ROUND(" + p.numeric() + ", " + p.oneOf(p.int4(), "-3") + ") AS c5,"
        + " TRUNC(" + p.numeric() + ", " + p.int4() + ") AS c6 FROM t");
    // PostgreSQL's result types: real with other numbers, CASE/COALESCE common types, numeric without modifier
    add("result types", p -> "SELECT " + p.uses("r", "i2", "i4", "b", "n") + "ABS(r / " + p.int4() + ") AS c1,"
        + " (r + i4) > 1.1 AS c2, CASE WHEN b THEN r ELSE i2 END AS c3, COALESCE(r, COALESCE(0.5, 123.456::float8))"
        + " AS c4, CASE i4 WHEN 1 THEN 2 WHEN 7 THEN 2.5::float8 ELSE 0.0::float8 END AS c5, " + p.numeric()
        + "::numeric = 2.5 AS c6, COALESCE(n::numeric, 0.5) = 2.5 AS c7, ABS(MOD(i4, i2)) AS c8 FROM t");
    // text input of timestamps and dates: ISO 8601 as PostgreSQL reads it
    add("timestamp and date input",
        p -> "SELECT CAST(" + p.oneOf("'2024-03-10T02:30:00'", "' 2024-02-29 23:59:59.999 '",
            "'2024-02-29'", "'1999-12-31 23:59:59.5'", "'2024-03-10T02:30:00Z'") + " AS timestamp) AS c1, CAST("
            + p.oneOf("'2024-02-29 12:00'", "' 1999-12-31 '", "'2023-02-29'") + " AS date) AS c2, CAST(" + p.text()
            + " AS timestamp) AS c3 FROM t");
    add("constant CASE conditions", p -> "SELECT CASE WHEN 1 = 0 THEN " + p.integer() + " ELSE " + p.integer()
        + " END, CASE WHEN 'a' < 'b' THEN " + p.text() + " END AS c2 FROM t WHERE " + p.oneOf("TRUE", "1 < 2",
            p.condition()));
    // CASE over numerics: a cast the statement wrote rounds, an unconstrained numeric keeps its digits
    add("CASE over numeric casts", p -> "SELECT CASE WHEN " + p.condition() + " THEN (" + p.numeric()
        + " * 1.25)::numeric(3,1) ELSE 1.0 END AS c1, CASE WHEN " + p.condition() + " THEN " + p.numeric()
        + "::numeric ELSE " + p.oneOf("1.5", "0.125", "3") + " END AS c2, COALESCE(CAST(" + p.numeric()
        + " AS numeric(4,1)), 0.05) AS c3, CASE WHEN " + p.condition() + " THEN " + p.integer() + "::numeric ELSE "
        + p.numeric() + "::numeric(6,3) END AS c4 FROM t");
    // POSITION of any expression; POWER of an infinite base; IS NOT NULL of an expression that raises
    add("POSITION of expressions, POWER of infinity", p -> "SELECT POSITION(" + p.oneOf("'a' || 'b'", "LOWER('L')",
        "SUBSTRING('xo' FROM 2)") + " IN " + p.text() + ") AS c1, POSITION(" + p.text() + " || '' IN " + p.text()
        + ") AS c2, POWER(" + p.oneOf("'Infinity'::float8", "'-Infinity'::float8") + ", " + p.oneOf("-2", "-1",
            "-0.5::float8")
        + ") AS c3 FROM t WHERE " + p.oneOf("(id / 0) IS NOT NULL OR " + p.condition(),
            "(" + p.integer() + " / 0) IS NULL AND " + p.condition(), p.condition()));
    // shortest digits of floats as PostgreSQL prints them (never on a midpoint to the next value); POWER's edge cases
    add("float text, POWER edge cases", p -> "SELECT CAST(CAST(" + p.numeric() + " * 30498310.744 AS float4) AS text)"
        + " AS c1, (" + p.integer() + " * 40000000007)::float8::text AS c2, (" + p.uses("r") + "r * "
        + p.oneOf("30498310.744::real", "1e7::real", "3::real") + ")::text AS c3, POWER(" + p.dbl() + ", "
        + p.oneOf("'Infinity'::float8", "'-Infinity'::float8", "'NaN'::float8", "0") + ") AS c4, POWER("
        + p.oneOf("1", "-1", "'NaN'::float8") + ", " + p.dbl() + ") AS c5 FROM t");
    // boolean constants cast to integer inside arithmetic (the planner read them as numbers and failed)
    add("arithmetic on boolean constants cast to integer", p -> "SELECT " + p.integer() + " * " + p.oneOf("false::int",
        "true::int", "CAST(TRUE AS integer)") + " AS c1, " + p.integer() + " + CAST("
        + p.oneOf("'t'", "' off '", "'yes'")
        + " AS boolean)::int AS c2, " + p.oneOf("true::int", "false::integer") + " - " + p.integer() + " AS c3 FROM t");
    // found by the long fuzz run: untyped NULLs in CASE, integer casts in CASE, nullable padding in ||, TRUNC of floats,
    // numerics out of a float's range, concat() not evaluated when the statement is planned
    add("long fuzz run findings",
        p -> "SELECT (CASE WHEN b THEN i8 WHEN FALSE THEN i8 END - 9223372036854775807) AS c1,"
            + " (RPAD(u, 7, 'o') || id) AS c2, TRUNC(d)::text AS c3, TRUNC(" + p.oneOf("'Infinity'::float8",
                "'-Infinity'::float8", "-0.5::float8")
            + ") AS c4, CAST(" + p.numeric() + " * 1e35 AS real) AS c5 FROM t");
    add("long fuzz run findings, typed", p -> "SELECT CASE WHEN " + p.bool() + " THEN " + p.uses("i2", "i4")
        + "i2::numeric ELSE i4 END AS c1, RPAD(CONCAT(0::bigint, 12.345::numeric(10,2)), -1)::real AS c2 FROM t WHERE "
        + p.oneOf("FALSE", p.bool() + " AND FALSE", "NULL::boolean"));
    // MOD's type as PostgreSQL's (the wider integer, the larger numeric scale) wherever it is used; a WHERE evaluates
    // conversions through text (s::boolean) after cheaper conjuncts
    add("MOD types and WHERE costs", p -> "SELECT GREATEST(" + p.uses("i4", "i2", "i8", "n", "u")
        + "i4, MOD(i8, i2)) AS c1,"
        + " NULLIF(MOD(9223372036854775807, 2), 4000000000) AS c2, CONCAT(MOD(i8, -2.5), '!') AS c3, (u || MOD(32767::smallint,"
        + " n)) AS c4, i4 % 3::smallint AS c5 FROM t WHERE " + p.oneOf("CAST(u AS boolean) AND i8 IN (7::int8)",
            "u::int4 > 0 AND i4 = 1", "CAST(u AS date) IS NULL AND i2 < 0", p.condition()));
    // constants whose generated code does not compile (an OR of NULL constants) are left to the simplification
    add("IN lists of NULL constants",
        p -> "SELECT id, COALESCE((u LIKE 'x%'), (NULL::numeric IN (0.0, 2.5, NULL::numeric)),"
            + " NULL::boolean) AS c2 FROM t WHERE " + p.oneOf(
                "COALESCE((u LIKE '!!%' ESCAPE '!'), (NULL::numeric IN (0.0, 2.5,"
                    + " NULL::numeric)), NULL::boolean)",
                "COALESCE(u = 'Hello', NULL::int IN (1, NULL::int), b)", "b"));
    // found by the third long fuzz run: text input of floats as PostgreSQL reads it (no Java suffixes, out of range
    // raises), the sign of -0, real compared with integers and numerics in double precision
    add("float input", p -> "SELECT CAST(" + p.uses("s", "i4") + p.oneOf("CONCAT(s, 'f')", "CONCAT(s, 'd')",
        "CONCAT(s, 'e400')", "CONCAT(s, 'e-50')", "CONCAT(7::int8, FALSE)", "'-inf'", "' nan '") + " AS "
        + p.oneOf("real", "float8") + ") AS c1, i4 AS c2 FROM t");
    add("sign of -0, real comparisons", p -> "SELECT " + p.uses("r", "b", "i4", "n") + "SIGN(TRUNC(r))::text AS c1,"
        + " CONCAT(b, SIGN(CEIL(r))) AS c2, (i4 = i4::real) AS c3, (i4::float4 = i4::bigint) AS c4, (n <= n::real)"
        + " AS c5, (CAST(r AS numeric(3,2)) = 0.1::real) AS c6, (r = 0.1) AS c7 FROM t");
    add("double precision constants next to real", p -> "SELECT " + p.uses("r", "b") + "COALESCE(1e300::float8, r)"
        + " AS c1, CASE WHEN b THEN r ELSE 1e300::float8 END AS c2 FROM t");
    add("LEAST and GREATEST over NULL text", p -> "SELECT " + p.uses("s", "u") + "LEAST('abc', LPAD(s, 4, s)) AS c1,"
        + " GREATEST(u, RPAD(s, 4, u)) AS c2, GREATEST('x', RPAD(NULL::text, 7, 'y')) AS c3 FROM t");
    // schemaless fields that are null: NULL in a condition, in a sign and in a text function, as PostgreSQL's unknown
    add("untyped NULLs in conditions and functions", p -> "SELECT " + p.uses("b", "d", "s")
        + "CASE WHEN COALESCE(b, b) THEN 1.25 ELSE 1.5 END AS c1, CASE WHEN NULLIF(b, b) THEN d END AS c2,"
        + " OCTET_LENGTH(RIGHT(s, 1)) AS c3, COALESCE(-d, 123.456::float8) AS c4 FROM t WHERE "
        + p.oneOf("CASE WHEN NULLIF(b, FALSE) THEN b WHEN b THEN b END IS NOT TRUE", "COALESCE(b, b, TRUE)", "TRUE"));
    // a numeric keeps its digits after the point where the validated type has fewer (FLOOR, CEIL, SIGN, comparisons)
    add("numeric digits in FLOOR and comparisons", p -> "SELECT " + p.uses("n") + "FLOOR(2.5 * COALESCE(NULL::numeric,"
        + " n)) AS c1, CEIL(-2.5 * COALESCE(NULL::numeric, n)) AS c2, (2.5 * COALESCE(NULL::numeric, n)) > "
        + p.oneOf("249999999.97", "3.7", "-3.8") + " AS c3, SIGN(0.4 * COALESCE(NULL::numeric, n) - 0.2) AS c4 FROM t");
    // NULL::real next to numerics: CASE, COALESCE, GREATEST and LEAST are real
    add("NULL::real in CASE and COALESCE", p -> "SELECT " + p.uses("b", "n") + "CASE WHEN b THEN n ELSE NULL::real END"
        + " AS c1, COALESCE(0.5, NULL::real) AS c2, GREATEST(n, NULL::real) AS c3, CASE WHEN FALSE THEN 3::numeric WHEN"
        + " TRUE THEN NULL::real END AS c4 FROM t");
    // a value the statement casts to double precision next to a real: CASE and COALESCE are double precision
    add("explicit double precision next to real", p -> "SELECT " + p.uses("r", "i4", "b", "n") + "COALESCE(r, "
        + p.oneOf("i4", "n", "2") + "::float8) AS c1, CASE WHEN b THEN (-2147483647 - 1) WHEN b THEN r::float8 END AS"
        + " c2, CASE WHEN FALSE THEN CAST(r AS double precision) WHEN b THEN r END AS c3, COALESCE(0.1::real, CASE WHEN"
        + " FALSE THEN NULL::real WHEN b THEN -2.5 END, NULL::real) AS c4, COALESCE(CASE WHEN FALSE THEN n ELSE"
        + " 1e30::real END, r) AS c5 FROM t");
    // SQRT, EXP, LN, LOG10 and POWER of numerics are numeric, also through CASE, COALESCE and LEAST
    add("numeric math functions", p -> "SELECT " + p.uses("b", "n", "i2") + "SQRT(CASE WHEN b THEN 3::numeric ELSE"
        + " 0::bigint END) AS c1, POWER(LEAST(7::int8, 0.5), 2) AS c2, LOG10(COALESCE(7, n)) AS c3, EXP(CASE WHEN TRUE"
        + " THEN n WHEN FALSE THEN i2 END) AS c4, SQRT(ABS(n)) AS c5, EXP(-ABS(n)) AS c6, POWER(ABS(n) + 1, "
        + p.oneOf("2", "-1", "0.5", "3", "i2 % 5") + ") AS c7, LN(ABS(n) + 0.5) AS c8 FROM t");
    add("numeric math errors", p -> "SELECT " + p.uses("n", "i2") + p.oneOf("SQRT(n)", "LN(n)", "LOG10(n)",
        "POWER(n, -1)", "POWER(n, 0.5)", "LN(CASE WHEN TRUE THEN i2 ELSE 2.5 END)") + " AS c1 FROM t");
    // constants next to a schemaless field that is null: PostgreSQL evaluates them when it plans the statement
    add("constants next to null fields", p -> "SELECT " + p.uses("s", "i8") + p.oneOf(
        "POSITION(s IN SUBSTRING('2.5' FROM 3 FOR -2))", "REPLACE(SUBSTRING('o' FROM 2 FOR -1::smallint), s, '123')",
        "MOD(i8, (32767::smallint + 1::smallint))", "REPLACE(s, s, SUBSTRING('xyz' FROM 2 FOR 1))", "MOD(i8, 3 + 4)")
        + " AS c1 FROM t");
    // found by the fuzzer run of seed 20261214: a CASE condition that reads a schemaless field is not constant to
    // PostgreSQL's planner, which evaluates the constants of that arm, the later arms and the ELSE (not of arms after
    // a constant TRUE or with a constant FALSE condition)
    add("constants in CASE arms after a field's condition", p -> "SELECT " + p.uses("s", "u", "d") + p.oneOf(
        "CASE 'a_b%c' WHEN u THEN POWER(0.0::float8, -1) WHEN 'a_b%c' THEN d ELSE 0.1::real END",
        "CASE u WHEN 'x' THEN 2.5::real / 0::smallint WHEN s THEN d ELSE 1e300::float8 END",
        "CASE WHEN s IS NULL THEN 1 WHEN u = 'x' THEN 1 / 0 END", "CASE WHEN u = 'x' THEN 1 WHEN NULL THEN 1 / 0 END",
        "CASE WHEN s IS NULL THEN 2 ELSE CASE WHEN u = 'x' THEN 7 WHEN FALSE THEN 1 / 0 END END",
        "CASE WHEN TRUE THEN 3 WHEN u = 'x' THEN 1 / 0 END") + " AS c1 FROM t");
    // found by the fuzzer run of seed 20261215: FLOOR of timestamps TO a unit in two branches (it failed to plan)
    add("FLOOR of timestamps in branches", p -> "SELECT " + p.uses("ts", "b") + "COALESCE(CAST(FLOOR(ts TO DAY) AS"
        + " date), FLOOR(ts TO HOUR)::date) AS c1, CASE WHEN b THEN FLOOR(ts TO " + p.oneOf("DAY", "HOUR", "MONTH",
            "YEAR")
        + ") ELSE FLOOR(ts TO MINUTE) END AS c2 FROM t");
    // case-insensitive ASCII patterns match a letter's lower and upper case only (not 'ı' or 'İ'), as PostgreSQL
    add("case-insensitive ASCII patterns", p -> "SELECT " + p.uses("s", "u") + "REGEXP_REPLACE(s, '[A-Z]', '', 'gi')"
        + " AS c1, ASCII(REGEXP_REPLACE(u, '[aeiou]', '<\\1>', 'gi')) AS c2, (REGEXP_REPLACE(s, '[A-Z]', '', 'i') = s)"
        + " AS c3 FROM t");
    // SIGN of NaN is 0
    add("sign of NaN", p -> "SELECT " + p.uses("n") + "SIGN(('Infinity'::float8 * n)) AS c1 FROM t");
    // text read as an integer as PostgreSQL reads it (a timestamp's text is invalid input)
    add("text to integers", p -> "SELECT " + p.uses("r", "ts", "i4", "s", "u") + p.oneOf(
        "CONCAT_WS(', ', (10 >= r), ts)::bigint", "CONCAT(' +', i4, ' ')::int", "CONCAT('0x1F', i4)::bigint",
        "CONCAT('1_0', i4)::int", "s::smallint", "u::int", "CONCAT(i4, '.0')::int", "CONCAT(i4, '0000')::smallint")
        + " AS c1 FROM t");
    // a boolean the statement casts to text is 'true'/'false', also inside CONCAT (which prints its own as t/f)
    add("boolean cast to text in CONCAT", p -> "SELECT " + p.uses("b") + "CONCAT(NULL::real, b::text) AS c1,"
        + " CONCAT(CAST(b AS text), NOT b) AS c2, CONCAT_WS('-', b, b::text) AS c3, b::text || b AS c4 FROM t");
    // NaN (0 * Infinity) is equal to NaN and above every other double precision
    add("NaN ordering", p -> "SELECT " + p.uses("i2", "r", "d") + "((i2 * 'Infinity'::float8) >= r) AS c1,"
        + " GREATEST(d, i2 * 'Infinity'::float8) AS c2, LEAST(r, i2 * 'Infinity'::float8) AS c3,"
        + " (i2 * 'Infinity'::float8 = 'NaN'::float8) AS c4, (d BETWEEN 0 AND i2 * 'Infinity'::float8) AS c5,"
        + " NULLIF(i2 * 'Infinity'::float8, 'NaN'::float8) AS c6, ('NaN'::float8 IN (d, r)) AS c7,"
        + " CASE i2 * 'Infinity'::float8 WHEN 'NaN'::float8 THEN 1 ELSE 2 END AS c8 FROM t");
    // found by the fuzzer run of seed 20261301: a numeric to a negative whole power exact, equal values in LEAST and
    // GREATEST (the first is kept), integers in a numeric CASE or LEAST without digits after the point, TRUNC of MOD
    add("numeric powers, LEAST of equal values, integers among numerics", p -> "SELECT " + p.uses("i2", "i4", "i8",
        "d", "n", "id") + "POWER(0.5, i4 % 3 - 85) AS c1, CONCAT_WS('/', d, LEAST(d, -d), GREATEST(-d, d)) AS c2,"
        + " CAST(LEAST(-0.001, i8) AS varchar) AS c3, CONCAT_WS('', i4, CASE WHEN NULL::boolean THEN n WHEN TRUE"
        + " THEN i2 END) AS c4, TRUNC(MOD(id, COALESCE(n, 3::numeric)), i2 % 3) AS c5, COALESCE(i2, n)::text AS c6"
        + " FROM t");
    // a failing operand compared with itself is evaluated; every value of LEAST and GREATEST is converted to their
    // type (real) before they compare
    add("self comparisons, real LEAST", p -> "SELECT id FROM t WHERE " + p.uses("i2", "i4", "r", "n")
        + p.oneOf("(-i2 != -i2)", "(-i2 = -i2)", "(10 / i4 = 10 / i4)", "(-i2 IS DISTINCT FROM -i2)",
            "(r IS NOT DISTINCT FROM LEAST(1.5::real, EXP(100.005)))", "(r <= GREATEST(r, n * 1e40))",
            "(LEAST(r, n) < 2)"));
  }

  private DifferentialQueries() {}

  /** {@code perTemplate} instances of every template, half of them (where possible) JSON-only. */
  static List<Query> generate(long seed, int perTemplate) {
    Random random = new Random(seed);
    List<Query> queries = new ArrayList<>();
    Set<String> seen = new LinkedHashSet<>();
    for (Template template : TEMPLATES) {
      for (int i = 0; i < perTemplate; i++) {
        boolean json = i % 2 == 1;
        Picker picker = new Picker(random, json);
        String sql;
        try {
          sql = template.body().apply(picker);
        } catch (Unavailable e) {
          picker = new Picker(random, false);
          sql = template.body().apply(picker);
        }
        if (!seen.add(sql)) {
          continue;
        }
        boolean star = sql.startsWith("SELECT *");
        boolean jsonOnly = !star && DifferentialRows.JSON_COLUMNS.containsAll(picker.used);
        queries.add(new Query(template.name(), sql, postgresSpelling(sql), jsonOnly, template.approximate(), star));
      }
    }
    return queries;
  }

  /** PostgreSQL has no {@code FLOOR(ts TO unit)}; {@code date_trunc('unit', ts)} is its equivalent. */
  private static String postgresSpelling(String sql) {
    return sql.replaceAll("FLOOR\\((\\w+) TO (\\w+)\\)", "date_trunc('$2', $1)");
  }
}
