// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.sql;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.function.Supplier;

/**
 * A seeded generator of random, well-typed statements over table {@code t} of {@link DifferentialRows}:
 * {@code SELECT e1 AS c1, ... FROM t [WHERE condition]}, whose expressions nest every operator,
 * function, cast and literal kind the engine supports, over every column type, with NULLs, CASE,
 * LIKE, IN, BETWEEN and date/time arithmetic. Each expression is typed as PostgreSQL 17 types it,
 * so PostgreSQL accepts (almost) every statement. Expressions are trees ({@link Expr}) so that a
 * statement on which SqlTransform and PostgreSQL disagree can be shrunk ({@link #shrinkCandidates}).
 *
 * <p>Constructs SqlTransform documents as unsupported or different are generated only in the
 * forms {@link DocumentedDifferences} describes, and every generated expression carries the
 * {@link Quirk}s it contains, so that a documented difference is accepted only where it can occur.
 */
final class FuzzStatements {

  /** PostgreSQL types of generated expressions. */
  enum Type {
    INT2("smallint"), INT4("integer"), INT8("bigint"), NUMERIC("numeric"), FLOAT4("real"), FLOAT8(
        "double precision"), TEXT("text"), BOOL("boolean"), DATE("date"), TIMESTAMP("timestamp");

    final String sql;

    Type(String sql) {
      this.sql = sql;
    }

    boolean isInteger() {
      return this == INT2 || this == INT4 || this == INT8;
    }

    boolean isNumber() {
      return isInteger() || this == NUMERIC || this == FLOAT4 || this == FLOAT8;
    }

    boolean isTemporal() {
      return this == DATE || this == TIMESTAMP;
    }

    /** PostgreSQL's order of implicit numeric casts: int2 < int4 < int8 < numeric < real < double. */
    int numericRank() {
      return ordinal();
    }
  }

  /** Constructs whose results SqlTransform documents as (possibly) different from PostgreSQL's. */
  enum Quirk {
    /** numeric division: PostgreSQL's scale depends on the values, SqlTransform's is fixed per statement. */
    NUMERIC_DIVISION,
    /** a cast to numeric without a modifier of a double precision, real or text: 16 digits after the point. */
    UNCONSTRAINED_NUMERIC,
    /** ROUND/TRUNC with digits that are not a constant: the result keeps the operand's scale. */
    VARIABLE_ROUND_DIGITS,
    /** a numeric literal with an exponent (1e3) has one digit after the point. */
    EXPONENT_LITERAL,
    /** transcendental functions may differ in the last bits. */
    APPROXIMATE,
    /** case-insensitive regular expressions with non-ASCII letters in the pattern fold case as Java does. */
    REGEX_IGNORE_CASE,
    /** a CASE whose real branch a constant WHEN never takes is double precision. */
    CASE_CONSTANT_WHEN,
    /** CASE, COALESCE, GREATEST/LEAST of numerics: one scale for all values (PostgreSQL keeps each value's). */
    NUMERIC_COMMON_SCALE,
    /** GREATEST/LEAST of a double precision literal and a real is real. */
    GREATEST_REAL_LITERAL,
    /** a numeric result beyond 100 digits raises. */
    LARGE_NUMERIC,
    /** an IN list with a NULL: PostgreSQL evaluates the operand even where the NULL decides. */
    IN_LIST_NULL,
    /** NULLIF of two numbers of different types: PostgreSQL promotes the first to the comparison's type. */
    NULLIF_TYPES,
    /** SQRT, EXP, LN, LOG10 and POWER of numerics: 20 digits after the point (PostgreSQL's depend on the value). */
    NUMERIC_MATH,
    /** MOD or division by a numeric quotient (or SQRT, EXP, ...): the difference in scale is amplified. */
    QUOTIENT_DIVISOR
  }

  /**
   * A generated expression: a template whose {@code \u0000} marks are filled with its children, its
   * PostgreSQL type and the quirks of the node itself ({@link #quirks()} adds its children's).
   */
  record Expr(String template, String postgresTemplate, Type type, List<Expr> children, Set<Quirk> own) {

    static final char HOLE = '\u0000';
    private static final java.util.regex.Pattern COMMON_TYPE = java.util.regex.Pattern
        .compile("(CASE|COALESCE|NULLIF|GREATEST|LEAST)\\b");

    static Expr leaf(String sql, Type type, Quirk... quirks) {
      return of(sql, type, List.of(), quirks);
    }

    static Expr of(String template, Type type, List<Expr> children, Quirk... quirks) {
      EnumSet<Quirk> own = EnumSet.noneOf(Quirk.class);
      Collections.addAll(own, quirks);
      return new Expr(template, template, type, List.copyOf(children), Collections.unmodifiableSet(own));
    }

    /** The same expression, spelled {@code postgresTemplate} for PostgreSQL. */
    Expr spelledInPostgres(String postgresTemplate) {
      return new Expr(template, postgresTemplate, type, children, own);
    }

    /** The quirks of this expression and of everything in it. */
    Set<Quirk> quirks() {
      EnumSet<Quirk> all = EnumSet.noneOf(Quirk.class);
      all.addAll(own);
      if (COMMON_TYPE.matcher(template).lookingAt()) {
        // values of one common type: from the children as they are (also after shrinking)
        if (type == Type.NUMERIC) {
          all.add(Quirk.NUMERIC_COMMON_SCALE);
        }
        if (children.stream().anyMatch(e -> e.type() == Type.FLOAT4)
            && children.stream().anyMatch(e -> e.type() == Type.FLOAT8
                && (e.constant() && e.sql(false).contains("NULL") || e.nullByConstant()))) {
          // a NULL double precision constant (a non-NULL one makes them double precision, as in PostgreSQL)
          all.add(Quirk.GREATEST_REAL_LITERAL);
        }
        if (template.startsWith("NULLIF") && children.get(0).valueType() != children.get(1).valueType()) {
          all.add(Quirk.NULLIF_TYPES);
        }
      }
      if (template.contains(" IN (") && (template.contains("NULL")
          || children.stream().skip(1).anyMatch(e -> e.template().startsWith("NULL::")))) {
        all.add(Quirk.IN_LIST_NULL);
      }
      for (Expr child : children) {
        all.addAll(child.quirks());
      }
      return all;
    }

    /**
     * The type PostgreSQL gives the values: {@link #type} but for a GREATEST, LEAST or COALESCE of numbers, whose
     * values (narrower branches, or after shrinking) have their common type ({@code GREATEST(i4, id)} is bigint
     * where it stands for a real), and a NULLIF, which has its first value's.
     */
    Type valueType() {
      if (!type.isNumber() || children.isEmpty()) {
        return type;
      }
      if (template.startsWith("NULLIF")) {
        return children.get(0).valueType();
      }
      if (template.startsWith("GREATEST") || template.startsWith("LEAST") || template.startsWith("COALESCE")) {
        return children.stream().map(Expr::valueType).filter(Type::isNumber)
            .max(java.util.Comparator.comparingInt(Type::numericRank)).orElse(type);
      }
      return type;
    }

    String sql() {
      return sql(false);
    }

    /** The text for SqlTransform, or for PostgreSQL. */
    String sql(boolean postgres) {
      String spelling = postgres ? postgresTemplate : template;
      StringBuilder out = new StringBuilder();
      int child = 0;
      for (int i = 0; i < spelling.length(); i++) {
        char c = spelling.charAt(i);
        if (c == HOLE) {
          out.append(children.get(child++).sql(postgres));
        } else {
          out.append(c);
        }
      }
      return out.toString();
    }

    /** The same expression with child {@code i} replaced. */
    Expr with(int i, Expr replacement) {
      List<Expr> replaced = new ArrayList<>(children);
      replaced.set(i, replacement);
      return new Expr(template, postgresTemplate, type, List.copyOf(replaced), own);
    }

    int size() {
      int size = 1;
      for (Expr e : children) {
        size += e.size();
      }
      return size;
    }

    /**
     * Whether a NULL constant makes it NULL whatever the row (a strict expression of one, such as
     * {@code NULL::real * i2}): SqlTransform folds it to a NULL constant when it plans the statement.
     */
    boolean nullByConstant() {
      if (children.isEmpty()) {
        return template.startsWith("NULL::");
      }
      boolean strict = !COMMON_TYPE.matcher(template).lookingAt() && !template.contains(" IS ")
          && !template.contains("CONCAT") && !template.contains(" AND ") && !template.contains(" OR ")
          && !template.contains("CASE");
      return strict && children.stream().anyMatch(Expr::nullByConstant);
    }

    /** Whether it reads no column. */
    boolean constant() {
      if (children.isEmpty()) {
        return !COLUMNS.contains(template);
      }
      return children.stream().allMatch(Expr::constant);
    }

    @Override
    public String toString() {
      return sql();
    }
  }

  private static final Set<String> COLUMNS = Set.of("id", "i2", "i4", "i8", "n", "d", "r", "s", "u", "b", "dt", "ts");

  /** Quirks that make a numeric's scale (so its text) differ from PostgreSQL's. */
  private static final Set<Quirk> SCALE_QUIRKS = EnumSet.of(Quirk.NUMERIC_DIVISION, Quirk.UNCONSTRAINED_NUMERIC,
      Quirk.VARIABLE_ROUND_DIGITS, Quirk.EXPONENT_LITERAL, Quirk.NUMERIC_COMMON_SCALE, Quirk.APPROXIMATE,
      Quirk.GREATEST_REAL_LITERAL, Quirk.NUMERIC_MATH);

  /** One generated statement: the result columns (aliased c1, c2, ...) and an optional condition. */
  record Statement(List<Expr> columns, Expr where) {

    String sql() {
      return sql(false);
    }

    /** PostgreSQL spells FLOOR(ts TO unit) date_trunc('unit', ts). */
    String postgresSql() {
      return sql(true);
    }

    private String sql(boolean postgres) {
      StringBuilder out = new StringBuilder("SELECT ");
      for (int i = 0; i < columns.size(); i++) {
        out.append(i == 0 ? "" : ", ").append(columns.get(i).sql(postgres)).append(" AS c").append(i + 1);
      }
      out.append(" FROM t");
      if (where != null) {
        out.append(" WHERE ").append(where.sql(postgres));
      }
      return out.toString();
    }

    /** Whether it reads only the columns schemaless values carry (with the same types). */
    boolean jsonOnly() {
      String sql = sql();
      for (String column : List.of("i2", "i4", "n", "r", "dt", "ts", "\"by\"")) {
        if (sql.matches(".*\\b" + java.util.regex.Pattern.quote(column) + "\\b.*")) {
          return false;
        }
      }
      return true;
    }

    Set<Quirk> quirks() {
      EnumSet<Quirk> all = EnumSet.noneOf(Quirk.class);
      columns.forEach(column -> all.addAll(column.quirks()));
      if (where != null) {
        all.addAll(where.quirks());
      }
      return all;
    }

    int size() {
      int size = where == null ? 0 : where.size();
      for (Expr column : columns) {
        size += column.size();
      }
      return size;
    }
  }

  private static final String[] INTERVALS = {"INTERVAL '1' HOUR", "INTERVAL '90' MINUTE", "INTERVAL '1' MONTH",
      "INTERVAL '2' DAY", "INTERVAL '1' YEAR", "INTERVAL '30' SECOND", "INTERVAL '13' MONTH"};
  private static final String[] TRUNC_UNITS = {"second", "minute", "hour", "day", "week", "month", "quarter",
      "year", "decade", "century"};
  private static final String[] FLOOR_UNITS = {"SECOND", "MINUTE", "HOUR", "DAY", "MONTH", "YEAR"};
  private static final String[] TIMESTAMP_UNITS = {"YEAR", "MONTH", "DAY", "HOUR", "MINUTE", "SECOND", "DOW", "DOY",
      "QUARTER", "WEEK", "ISODOW", "EPOCH", "MILLISECOND", "CENTURY", "DECADE"};
  private static final String[] DATE_UNITS = {"YEAR", "MONTH", "DAY", "DOW", "DOY", "QUARTER", "WEEK", "ISODOW",
      "EPOCH",
      "CENTURY", "DECADE"};
  private static final String[] LIKE_PATTERNS = {"'a%'", "'%b%'", "'_'", "'%\\_%'", "'H_llo'", "'%ß'", "''", "'%'",
      "'a\\\\b'", "'%o w%'", "'ı%'", "'%1%'", "'A%'", "'a\\%%'", "'%x'", "'__'"};
  private static final String[] REGEXES = {"'[aeiou]'", "'l+'", "'^\\s+|\\s+$'", "'[0-9]+'", "'(a)(b)?'", "'ß|ı'",
      "'.'",
      "'[A-Z]'", "'o'", "'(\\w+) (\\w+)'"};
  private static final String[] TEXTS = {"'Hello'", "''", "' x '", "'ıİß'", "'a_b%c'", "'123'", "'2.5'", "'true'",
      "'abc'", "' '", "'-7'", "'2024-02-29'", "'Ünïcödé'", "'o'"};

  private final Random random;
  private final int maxDepth;

  FuzzStatements(long seed, int maxDepth) {
    this.random = new Random(seed);
    this.maxDepth = maxDepth;
  }

  /** The next statement. */
  Statement next() {
    int count = 1 + random.nextInt(3);
    List<Expr> columns = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      columns.add(expr(anyType(), 1 + random.nextInt(maxDepth)));
    }
    Expr where = random.nextInt(3) == 0 ? null : expr(Type.BOOL, 1 + random.nextInt(maxDepth));
    return new Statement(columns, where);
  }

  private Type anyType() {
    Type[] types = Type.values();
    return types[random.nextInt(types.length)];
  }

  private boolean chance(int oneIn) {
    return random.nextInt(oneIn) == 0;
  }

  private String oneOf(String... options) {
    return options[random.nextInt(options.length)];
  }

  @SafeVarargs
  private Expr pick(Supplier<Expr>... options) {
    return options[random.nextInt(options.length)].get();
  }

  // ---------------------------------------------------------------- expressions

  /** A random expression of PostgreSQL type {@code type}, at most {@code depth} levels deep. */
  Expr expr(Type type, int depth) {
    if (depth <= 1 || chance(4)) {
      return leaf(type);
    }
    int d = depth - 1;
    if (chance(9)) {
      return generic(type, d);
    }
    return switch (type) {
      case INT2, INT4, INT8 -> integer(type, d);
      case NUMERIC -> numeric(d);
      case FLOAT4 -> real(d);
      case FLOAT8 -> dbl(d);
      case TEXT -> text(d);
      case BOOL -> bool(d);
      case DATE -> date(d);
      case TIMESTAMP -> timestamp(d);
    };
  }

  /** A column or a literal of the type; sometimes a typed NULL. */
  Expr leaf(Type type) {
    if (chance(12)) {
      return Expr.leaf("NULL::" + type.sql, type);
    }
    boolean column = random.nextBoolean();
    return switch (type) {
      case INT2 -> column ? Expr.leaf("i2", type) : Expr.leaf(oneOf("0", "1", "-1", "7", "32767") + "::smallint", type);
      case INT4 -> column
          ? Expr.leaf("i4", type)
          : Expr.leaf(oneOf("0", "1", "-1", "7", "-7", "2", "3", "10", "2147483647",
              "(-2147483647 - 1)"), type);
      case INT8 -> column
          ? Expr.leaf(oneOf("i8", "i8", "id"), type)
          : Expr.leaf(oneOf("4000000000", "-1::bigint",
              "7::int8", "9223372036854775807", "0::bigint"), type);
      case NUMERIC -> column
          ? Expr.leaf("n", type)
          : chance(12)
              ? Expr.leaf(oneOf("1e3", "2.5e-3", "1E2"), type,
                  Quirk.EXPONENT_LITERAL)
              : Expr.leaf(oneOf("2.5", "-2.5", "0.5", "1.25", "100.005", "0.0", "-0.001",
                  "99999999.99", "12.345::numeric(10,2)", "3::numeric"), type);
      case FLOAT4 -> column
          ? Expr.leaf("r", type)
          : Expr.leaf(oneOf("2.5::real", "CAST(-0.5 AS float4)", "1e30::real",
              "0.1::real"), type);
      case FLOAT8 -> column
          ? Expr.leaf("d", type)
          : Expr.leaf(oneOf("2.5::float8", "CAST(-0.5 AS double precision)",
              "1e300::float8", "0.0::float8", "0.1::float8", "'Infinity'::float8", "123.456::float8"), type);
      case TEXT -> column ? Expr.leaf(oneOf("s", "u"), type) : Expr.leaf(oneOf(TEXTS), type);
      case BOOL -> column ? Expr.leaf("b", type) : Expr.leaf(oneOf("TRUE", "FALSE"), type);
      case DATE -> column
          ? Expr.leaf("dt", type)
          : Expr.leaf(oneOf("DATE '2024-02-29'", "DATE '1999-12-31'",
              "'2000-01-01'::date", "DATE '1970-01-01'"), type);
      case TIMESTAMP -> column
          ? Expr.leaf("ts", type)
          : Expr.leaf(oneOf("TIMESTAMP '2024-03-10 02:30:00'",
              "TIMESTAMP '1999-12-31 23:59:59.999'", "'2000-01-01 12:00:00'::timestamp",
              "TIMESTAMP '1970-01-01 00:00:00'"),
              type);
    };
  }

  /** CASE, COALESCE, NULLIF, GREATEST/LEAST: same-typed branches (numbers may mix: PostgreSQL's common type). */
  private Expr generic(Type type, int d) {
    return pick(
        () -> Expr.of("CASE WHEN \0 THEN \0 ELSE \0 END", type, List.of(expr(Type.BOOL, d), branch(type, d),
            branch(type, d))),
        () -> Expr.of("CASE WHEN \0 THEN \0 WHEN \0 THEN \0 END", type, List.of(expr(Type.BOOL, d), branch(type, d),
            expr(Type.BOOL, d), branch(type, d))),
        () -> {
          Type subject = anyType();
          return Expr.of("CASE \0 WHEN \0 THEN \0 WHEN \0 THEN \0 ELSE \0 END", type, List.of(expr(subject, d),
              leaf(subject), branch(type, d), leaf(subject), branch(type, d), branch(type, d)));
        },
        () -> Expr.of("COALESCE(\0, \0)", type, List.of(branch(type, d), branch(type, d))),
        () -> Expr.of("COALESCE(\0, \0, \0)", type, List.of(branch(type, d), branch(type, d), leaf(type))),
        () -> Expr.of("NULLIF(\0, \0)", type, List.of(expr(type, d), expr(type, d))),
        () -> type == Type.BOOL
            ? Expr.of("(\0 AND \0)", type, List.of(expr(type, d), expr(type, d)))
            : greatest(type, d));
  }

  private Expr greatest(Type type, int d) {
    List<Expr> operands = List.of(branch(type, d), branch(type, d));
    return Expr.of(oneOf("GREATEST", "LEAST") + "(\0, \0)", type, operands);
  }

  /** A branch of a CASE/COALESCE of type {@code type}: for numbers, sometimes a narrower number. */
  private Expr branch(Type type, int d) {
    if (type.isNumber() && chance(3)) {
      Type narrower = Type.values()[random.nextInt(type.numericRank() + 1)];
      if (!(type == Type.FLOAT4 && narrower == Type.FLOAT4)) {
        return expr(narrower, d);
      }
    }
    return expr(type, d);
  }

  // ---------------------------------------------------------------- numbers

  private Type narrowerInteger(Type type) {
    return Type.values()[random.nextInt(type.ordinal() + 1)];
  }

  private Expr integer(Type type, int d) {
    return pick(
        // + - * / % of integers: the wider operand's type
        () -> {
          Type other = narrowerInteger(type);
          List<Expr> operands = random.nextBoolean()
              ? List.of(expr(type, d), expr(other, d))
              : List.of(expr(other, d), expr(type, d));
          return Expr.of("(\0 " + oneOf("+", "-", "*", "/", "%", "+", "-", "*") + " \0)", type, operands);
        },
        () -> Expr.of("MOD(\0, \0)", type, List.of(expr(type, d), expr(narrowerInteger(type), d))),
        () -> Expr.of("-\0", type, List.of(parenthesized(expr(type, d)))),
        () -> Expr.of("ABS(\0)", type, List.of(expr(type, d))),
        () -> cast(type, d),
        () -> type == Type.INT4
            ? pick(
                () -> Expr.of(oneOf("CHAR_LENGTH", "LENGTH", "OCTET_LENGTH") + "(\0)", type,
                    List.of(expr(Type.TEXT, d))),
                () -> Expr.of("POSITION(\0 IN \0)", type, List.of(expr(Type.TEXT, d), expr(Type.TEXT, d))),
                () -> Expr.of("STRPOS(\0, \0)", type, List.of(expr(Type.TEXT, d), expr(Type.TEXT, d))),
                () -> Expr.of("ASCII(\0)", type, List.of(expr(Type.TEXT, d))),
                () -> Expr.of("(\0)::int", type, List.of(expr(Type.BOOL, d))))
            : cast(type, d));
  }

  private Expr parenthesized(Expr e) {
    return e.children().isEmpty() && !e.template().startsWith("-") && !e.template().contains("::")
        ? e
        : Expr.of("(\0)", e.type(), List.of(e));
  }

  /** CAST to an integer type from any number, text or (integer only) boolean. */
  private Expr cast(Type target, int d) {
    Type from = pickOf(Type.INT2, Type.INT4, Type.INT8, Type.NUMERIC, Type.FLOAT4, Type.FLOAT8, Type.TEXT);
    String name = switch (target) {
      case INT2 -> oneOf("smallint", "int2");
      case INT4 -> oneOf("integer", "int", "int4");
      case INT8 -> oneOf("bigint", "int8");
      case FLOAT4 -> oneOf("real", "float4");
      case FLOAT8 -> oneOf("double precision", "float8");
      default -> target.sql;
    };
    Expr operand = from == Type.TEXT && chance(2)
        ? Expr.leaf(oneOf("' 12 '", "'2.5'", "'-7'", "'1e3'", "'x'",
            "'32768'", "' -0.5'"), Type.TEXT)
        : expr(from, d);
    return random.nextBoolean()
        ? Expr.of("CAST(\0 AS " + name + ")", target, List.of(operand))
        : Expr.of("\0::" + name.replace("double precision", "float8"), target, List.of(parenthesized(operand)));
  }

  private Type pickOf(Type... types) {
    return types[random.nextInt(types.length)];
  }

  private Type anyNumber() {
    return pickOf(Type.INT2, Type.INT4, Type.INT8, Type.NUMERIC, Type.FLOAT4, Type.FLOAT8);
  }

  private Type exactNumber() {
    return pickOf(Type.INT2, Type.INT4, Type.INT8, Type.NUMERIC);
  }

  /** Whether the numeric has a fixed scale where PostgreSQL's depends on the value (a quotient, SQRT, EXP, ...). */
  private static boolean fixedScale(Expr e) {
    return e.quirks().contains(Quirk.NUMERIC_DIVISION) || e.quirks().contains(Quirk.NUMERIC_MATH);
  }

  private Expr numeric(int d) {
    Type t = Type.NUMERIC;
    return pick(
        () -> {
          Type other = exactNumber();
          List<Expr> operands = random.nextBoolean()
              ? List.of(expr(t, d), expr(other, d))
              : List.of(expr(other, d), expr(t, d));
          String op = oneOf("+", "-", "*", "/", "%", "+", "-", "*");
          boolean byQuotient = (op.equals("/") || op.equals("%")) && fixedScale(operands.get(1));
          return op.equals("/")
              ? Expr.of("(\0 / \0)", t, operands, byQuotient
                  ? new Quirk[]{Quirk.NUMERIC_DIVISION, Quirk.QUOTIENT_DIVISOR}
                  : new Quirk[]{Quirk.NUMERIC_DIVISION})
              : Expr.of("(\0 " + op + " \0)", t, operands, op.equals("*")
                  ? new Quirk[]{Quirk.LARGE_NUMERIC}
                  : byQuotient ? new Quirk[]{Quirk.QUOTIENT_DIVISOR} : new Quirk[0]);
        },
        () -> {
          Expr divisor = expr(t, d);
          return Expr.of("MOD(\0, \0)", t, List.of(expr(exactNumber(), d), divisor),
              fixedScale(divisor) ? new Quirk[]{Quirk.QUOTIENT_DIVISOR} : new Quirk[0]);
        },
        () -> Expr.of("-\0", t, List.of(parenthesized(expr(t, d)))),
        () -> Expr.of("ABS(\0)", t, List.of(expr(t, d))),
        () -> Expr.of(oneOf("ROUND", "TRUNC", "FLOOR", "CEIL", "CEILING") + "(\0)", t, List.of(expr(t, d))),
        () -> Expr.of(oneOf("ROUND", "TRUNC") + "(\0, " + oneOf("0", "1", "2", "3", "-1", "-2") + ")", t,
            List.of(expr(exactNumber(), d))),
        () -> Expr.of(oneOf("ROUND", "TRUNC") + "(\0, \0)", t, List.of(expr(t, d), Expr.leaf(oneOf("i2", "i4"),
            Type.INT4)), Quirk.VARIABLE_ROUND_DIGITS),
        () -> Expr.of("SIGN(\0)", t, List.of(expr(t, d))),
        // numeric in, numeric out: PostgreSQL's digits, kept to 20 digits after the point
        () -> Expr.of(oneOf("SQRT", "EXP", "LN", "LOG10") + "(\0)", t, List.of(expr(t, d)), Quirk.NUMERIC_MATH,
            Quirk.LARGE_NUMERIC),
        () -> Expr.of("POWER(\0, \0)", t, List.of(expr(t, d), random.nextBoolean()
            ? expr(exactNumber(), d)
            : Expr.leaf(oneOf("2", "-1", "3", "0.5"), Type.NUMERIC)), Quirk.NUMERIC_MATH, Quirk.LARGE_NUMERIC),
        () -> random.nextBoolean()
            ? Expr.of("EXTRACT(" + oneOf(TIMESTAMP_UNITS) + " FROM \0)", t, List.of(expr(Type.TIMESTAMP, d)))
            : Expr.of("EXTRACT(" + oneOf(DATE_UNITS) + " FROM \0)", t, List.of(expr(Type.DATE, d))),
        () -> {
          int precision = 1 + random.nextInt(14);
          int scale = random.nextInt(Math.min(precision, 5) + 1);
          Type from = pickOf(Type.INT2, Type.INT4, Type.INT8, Type.NUMERIC, Type.FLOAT4, Type.FLOAT8, Type.TEXT);
          Expr operand = from == Type.TEXT
              ? Expr.leaf(oneOf("'12.345'", "'-12.345'", "' 0.005 '", "'2.5'", "'x'",
                  "'-99.995'", "'1e2'"), Type.TEXT)
              : expr(from, d);
          return Expr.of("CAST(\0 AS numeric(" + precision + "," + scale + "))", t, List.of(operand));
        },
        () -> {
          Type from = pickOf(Type.INT2, Type.INT4, Type.INT8, Type.NUMERIC, Type.FLOAT4, Type.FLOAT8, Type.TEXT);
          Expr operand = from == Type.TEXT
              ? Expr.leaf(oneOf("'12.345'", "'2.5'", "'-7'", "'x'"), Type.TEXT)
              : expr(from, d);
          boolean exact = from.isInteger() || from == Type.NUMERIC;
          return exact
              ? Expr.of("\0::numeric", t, List.of(parenthesized(operand)))
              : Expr.of("\0::numeric", t, List.of(parenthesized(operand)), Quirk.UNCONSTRAINED_NUMERIC,
                  Quirk.LARGE_NUMERIC);
        });
  }

  private Expr dbl(int d) {
    Type t = Type.FLOAT8;
    return pick(
        () -> {
          Type other = anyNumber();
          List<Expr> operands = random.nextBoolean()
              ? List.of(expr(t, d), expr(other, d))
              : List.of(expr(other, d), expr(t, d));
          return Expr.of("(\0 " + oneOf("+", "-", "*", "/") + " \0)", t, operands);
        },
        () -> {
          // real with any other number computes in double precision
          Type other = pickOf(Type.INT2, Type.INT4, Type.INT8, Type.NUMERIC);
          return Expr.of("(\0 " + oneOf("+", "-", "*", "/") + " \0)", t, List.of(expr(Type.FLOAT4, d), expr(other, d)));
        },
        () -> Expr.of("-\0", t, List.of(parenthesized(expr(t, d)))),
        () -> Expr.of("ABS(\0)", t, List.of(expr(t, d))),
        () -> Expr.of(oneOf("ROUND", "FLOOR", "CEIL", "TRUNC") + "(\0)", t,
            List.of(expr(pickOf(Type.FLOAT8, Type.FLOAT4, Type.INT2, Type.INT4, Type.INT8), d))),
        // an operand of another type may make PostgreSQL pick the numeric function (SQRT(LEAST(7::int8, 0.5)))
        () -> Expr.of("SQRT(\0)", t, List.of(expr(t, d)), Quirk.NUMERIC_MATH),
        () -> Expr.of("POWER(\0, \0)", t, List.of(expr(t, d), random.nextBoolean()
            ? expr(t, d)
            : Expr.leaf(oneOf("2", "0.5::float8", "-1", "3"), Type.INT4)), Quirk.APPROXIMATE, Quirk.NUMERIC_MATH),
        () -> Expr.of(oneOf("EXP", "LN", "LOG10") + "(\0)", t, List.of(expr(t, d)), Quirk.APPROXIMATE,
            Quirk.NUMERIC_MATH),
        () -> Expr.of("SIGN(\0)", t, List.of(expr(t, d))),
        () -> cast(t, d));
  }

  private Expr real(int d) {
    Type t = Type.FLOAT4;
    return pick(
        () -> Expr.of("(\0 " + oneOf("+", "-", "*", "/") + " \0)", t, List.of(expr(t, d), expr(t, d))),
        () -> Expr.of("-\0", t, List.of(parenthesized(expr(t, d)))),
        () -> Expr.of("ABS(\0)", t, List.of(expr(t, d))),
        () -> cast(t, d));
  }

  // ---------------------------------------------------------------- text

  private Expr smallInt(int d) {
    return chance(3)
        ? expr(pickOf(Type.INT2, Type.INT4), d)
        : Expr.leaf(oneOf("0", "1", "2", "3", "-1", "-2", "5"),
            Type.INT4);
  }

  private Expr text(int d) {
    Type t = Type.TEXT;
    return pick(
        () -> Expr.of(oneOf("UPPER", "LOWER", "TRIM", "INITCAP", "MD5", "LTRIM", "RTRIM", "BTRIM") + "(\0)", t,
            List.of(expr(t, d))),
        () -> Expr.of("TRIM(" + oneOf("LEADING", "TRAILING", "BOTH") + " " + oneOf("'a'", "' x'", "'l'", "' '")
            + " FROM \0)", t, List.of(expr(t, d))),
        () -> Expr.of("SUBSTRING(\0 FROM \0 FOR \0)", t, List.of(expr(t, d), smallInt(d), smallInt(d))),
        () -> Expr.of("SUBSTRING(\0 FROM \0)", t, List.of(expr(t, d), smallInt(d))),
        () -> Expr.of("SUBSTRING(\0, \0, \0)", t, List.of(expr(t, d), smallInt(d), smallInt(d))),
        () -> Expr.of(oneOf("LEFT", "RIGHT") + "(\0, \0)", t, List.of(expr(t, d), smallInt(d))),
        () -> Expr.of(oneOf("LPAD", "RPAD") + "(\0, " + oneOf("0", "3", "6", "-1") + ")", t, List.of(expr(t, d))),
        () -> Expr.of(oneOf("LPAD", "RPAD") + "(\0, " + oneOf("4", "7") + ", \0)", t,
            List.of(expr(t, d), expr(t, d))),
        () -> Expr.of("REPLACE(\0, \0, \0)", t, List.of(expr(t, d), expr(t, d), expr(t, d))),
        () -> Expr.of("SPLIT_PART(\0, " + oneOf("' '", "'a'", "'.'", "'l'") + ", " + oneOf("1", "2", "3", "-1") + ")",
            t, List.of(expr(t, d))),
        () -> Expr.of("REPEAT(\0, " + oneOf("0", "1", "2", "3") + ")", t, List.of(expr(t, d))),
        () -> Expr.of("TRANSLATE(\0, " + oneOf("'ab'", "'l'", "'ıß'") + ", " + oneOf("'x'", "'XY'", "''") + ")", t,
            List.of(expr(t, d))),
        () -> Expr.of("(\0 || \0)", t, List.of(expr(t, d), asText(random.nextBoolean() ? t : anyScalar(), d))),
        () -> Expr.of("CONCAT(\0, \0)", t, List.of(asText(anyScalar(), d), asText(anyScalar(), d))),
        () -> Expr.of("CONCAT_WS(" + oneOf("'-'", "', '", "''") + ", \0, \0)", t,
            List.of(asText(anyScalar(), d), asText(anyScalar(), d))),
        () -> {
          String flags = oneOf("", "", ", 'g'", ", 'i'", ", 'gi'");
          String regex = oneOf(REGEXES);
          return Expr.of("REGEXP_REPLACE(\0, " + regex + ", " + oneOf("'*'", "'<\\1>'", "''", "'\\&\\&'")
              + flags + ")", t, List.of(expr(t, d)),
              // an ASCII pattern folds case as PostgreSQL does: documented for patterns with other letters only
              flags.contains("i") && !regex.chars().allMatch(c -> c < 128)
                  ? new Quirk[]{Quirk.REGEX_IGNORE_CASE}
                  : new Quirk[0]);
        },
        () -> {
          Type from = anyScalar();
          return random.nextBoolean()
              ? Expr.of("CAST(\0 AS " + oneOf("text", "varchar") + ")", t,
                  List.of(asText(from, d)))
              : Expr.of("\0::text", t, List.of(parenthesized(asText(from, d))));
        });
  }

  /**
   * An expression converted to text: not one whose digits differ from PostgreSQL's by a documented
   * difference (a numeric division's scale, ...), whose text, cut or searched, could differ anywhere.
   */
  private Expr asText(Type type, int d) {
    for (int attempt = 0; attempt < 5; attempt++) {
      Expr e = expr(type, d);
      if (e.quirks().stream().noneMatch(SCALE_QUIRKS::contains)) {
        return e;
      }
    }
    return leaf(type);
  }

  /** Any type but text-only ones. */
  private Type anyScalar() {
    return anyType();
  }

  // ---------------------------------------------------------------- booleans

  private Expr bool(int d) {
    Type t = Type.BOOL;
    return pick(
        this::comparison,
        this::comparison,
        () -> Expr.of("(\0 " + oneOf("AND", "OR") + " \0)", t, List.of(expr(t, d), expr(t, d))),
        () -> Expr.of("NOT \0", t, List.of(parenthesized(expr(t, d)))),
        () -> Expr.of("(\0 IS " + oneOf("NULL", "NOT NULL") + ")", t, List.of(expr(anyType(), d))),
        () -> Expr.of("(\0 IS " + oneOf("TRUE", "FALSE", "UNKNOWN", "NOT TRUE", "NOT FALSE", "NOT UNKNOWN") + ")", t,
            List.of(expr(t, d))),
        () -> {
          Type type = anyType();
          return Expr.of("(\0 IS " + oneOf("", "NOT ") + "DISTINCT FROM \0)", t, List.of(expr(type, d),
              expr(type, d)));
        },
        () -> Expr.of("(\0 " + oneOf("LIKE", "NOT LIKE", "ILIKE", "NOT ILIKE", "LIKE") + " " + oneOf(LIKE_PATTERNS)
            + ")", t, List.of(expr(Type.TEXT, d))),
        () -> Expr.of("(\0 LIKE " + oneOf("'a!_%'", "'%!%%'", "'!!%'") + " ESCAPE '!')", t,
            List.of(expr(Type.TEXT, d))),
        this::in,
        this::between,
        () -> Expr.of("CAST(\0 AS boolean)", t, List.of(random.nextBoolean()
            ? Expr.leaf(oneOf("'t'", "'yes'", "' off '", "'1'", "'x'", "'TRUE'", "'n'"), Type.TEXT)
            : expr(Type.TEXT, d))),
        () -> Expr.of("CAST(\0 AS boolean)", t, List.of(expr(Type.INT4, d))));
  }

  private Expr comparison() {
    int d = 1 + random.nextInt(Math.max(1, maxDepth - 1));
    Type left = anyType();
    Type right = left.isNumber() ? anyNumber() : left.isTemporal() ? pickOf(Type.DATE, Type.TIMESTAMP) : left;
    return Expr.of("(\0 " + oneOf("=", "<>", "<", "<=", ">", ">=", "!=") + " \0)", Type.BOOL,
        List.of(expr(left, d), expr(right, d)));
  }

  private Expr in() {
    int d = 1 + random.nextInt(Math.max(1, maxDepth - 1));
    Type type = pickOf(Type.INT4, Type.INT8, Type.NUMERIC, Type.FLOAT8, Type.TEXT, Type.DATE, Type.INT2);
    List<Expr> items = new ArrayList<>();
    items.add(expr(type, d));
    StringBuilder template = new StringBuilder("(\0 ").append(oneOf("IN", "NOT IN")).append(" (");
    int count = 1 + random.nextInt(4);
    for (int i = 0; i < count; i++) {
      template.append(i == 0 ? "" : ", ");
      if (chance(8)) {
        template.append("NULL");
      } else {
        template.append('\0');
        items.add(chance(4) ? expr(type, 2) : leaf(type));
      }
    }
    return Expr.of(template.append("))").toString(), Type.BOOL, items);
  }

  private Expr between() {
    int d = 1 + random.nextInt(Math.max(1, maxDepth - 1));
    Type type = pickOf(Type.INT4, Type.INT8, Type.NUMERIC, Type.FLOAT8, Type.TEXT, Type.DATE, Type.TIMESTAMP,
        Type.INT2);
    return Expr.of("(\0 " + oneOf("BETWEEN", "NOT BETWEEN", "BETWEEN SYMMETRIC") + " \0 AND \0)", Type.BOOL,
        List.of(expr(type, d), expr(type, d), leaf(type)));
  }

  // ---------------------------------------------------------------- date and time

  private Expr date(int d) {
    return pick(
        () -> Expr.of("CAST(\0 AS date)", Type.DATE, List.of(expr(Type.TIMESTAMP, d))),
        () -> Expr.of("\0::date", Type.DATE, List.of(parenthesized(expr(Type.TIMESTAMP, d)))),
        () -> Expr.of("CAST(\0 AS date)", Type.DATE, List.of(Expr.leaf(oneOf("'2024-02-29'", "' 1999-12-31 '", "'x'",
            "'2023-02-29'"), Type.TEXT))));
  }

  private Expr timestamp(int d) {
    Type t = Type.TIMESTAMP;
    return pick(
        () -> Expr.of("(\0 " + oneOf("+", "-") + " " + oneOf(INTERVALS) + ")", t, List.of(expr(t, d))),
        () -> Expr.of("(\0 " + oneOf("+", "-") + " " + oneOf(INTERVALS) + ")", t, List.of(expr(Type.DATE, d))),
        () -> Expr.of("(" + oneOf(INTERVALS) + " + \0)", t, List.of(expr(t, d))),
        () -> Expr.of("DATE_TRUNC('" + oneOf(TRUNC_UNITS) + "', \0)", t, List.of(expr(t, d))),
        () -> {
          String unit = oneOf(FLOOR_UNITS);
          return Expr.of("FLOOR(\0 TO " + unit + ")", t, List.of(expr(t, d)))
              .spelledInPostgres("date_trunc('" + unit.toLowerCase(java.util.Locale.ROOT) + "', \0)");
        },
        () -> Expr.of("CAST(\0 AS timestamp)", t, List.of(expr(Type.DATE, d))),
        () -> Expr.of("CAST(\0 AS timestamp)", t, List.of(Expr.leaf(oneOf("'2024-02-29 23:59:59.999'",
            "'1999-12-31 23:59:59.5'", "'x'", "'2024-03-10T02:30:00'"), Type.TEXT))));
  }

  // ---------------------------------------------------------------- shrinking

  /**
   * Smaller statements to try when {@code statement} shows a disagreement: fewer result columns,
   * no condition, and every expression node replaced by a child of its type or by a leaf.
   */
  List<Statement> shrinkCandidates(Statement statement) {
    List<Statement> candidates = new ArrayList<>();
    List<Expr> columns = statement.columns();
    if (columns.size() > 1) {
      for (int i = 0; i < columns.size(); i++) {
        candidates.add(new Statement(List.of(columns.get(i)), statement.where()));
      }
    }
    if (statement.where() != null) {
      candidates.add(new Statement(columns, null));
      for (Expr smaller : smaller(statement.where())) {
        candidates.add(new Statement(columns, smaller));
      }
    }
    for (int i = 0; i < columns.size(); i++) {
      for (Expr smaller : smaller(columns.get(i))) {
        List<Expr> replaced = new ArrayList<>(columns);
        replaced.set(i, smaller);
        candidates.add(new Statement(replaced, statement.where()));
      }
    }
    return candidates;
  }

  /** Expressions smaller than {@code e} of its type: a child, a leaf, or {@code e} with a child made smaller. */
  private List<Expr> smaller(Expr e) {
    List<Expr> out = new ArrayList<>();
    for (Expr child : e.children()) {
      if (child.type() == e.type()) {
        out.add(child);
      }
    }
    if (!e.children().isEmpty()) {
      out.add(simplest(e.type(), true));
      out.add(simplest(e.type(), false));
    }
    for (int i = 0; i < e.children().size(); i++) {
      for (Expr child : smaller(e.children().get(i))) {
        out.add(e.with(i, child));
      }
    }
    return out;
  }

  /** The column of a type, or a plain literal of it. */
  static Expr simplest(Type type, boolean column) {
    return switch (type) {
      case INT2 -> Expr.leaf(column ? "i2" : "1::smallint", type);
      case INT4 -> Expr.leaf(column ? "i4" : "1", type);
      case INT8 -> Expr.leaf(column ? "i8" : "1::bigint", type);
      case NUMERIC -> Expr.leaf(column ? "n" : "1.5", type);
      case FLOAT4 -> Expr.leaf(column ? "r" : "1.5::real", type);
      case FLOAT8 -> Expr.leaf(column ? "d" : "1.5::float8", type);
      case TEXT -> Expr.leaf(column ? "s" : "'abc'", type);
      case BOOL -> Expr.leaf(column ? "b" : "TRUE", type);
      case DATE -> Expr.leaf(column ? "dt" : "DATE '2000-01-01'", type);
      case TIMESTAMP -> Expr.leaf(column ? "ts" : "TIMESTAMP '2000-01-01 00:00:00'", type);
    };
  }
}
