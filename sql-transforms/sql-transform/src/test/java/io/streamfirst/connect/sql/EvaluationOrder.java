// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.sql;

import io.streamfirst.connect.sql.DifferentialOutcome.Error;
import io.streamfirst.connect.sql.DifferentialOutcome.Rejected;
import io.streamfirst.connect.sql.DifferentialRows.Row;
import io.streamfirst.connect.sql.FuzzStatements.Expr;
import io.streamfirst.connect.sql.FuzzStatements.Statement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * The classifier of {@link DocumentedDifferences#EVALUATION_ORDER} and
 * {@link DocumentedDifferences#CONSTANT_IN_UNTAKEN_BRANCH}: one side raises an error for a row and
 * the other gives a value, and the statement has an operand that raises when PostgreSQL evaluates
 * it alone for that row but whose value cannot change the result. It recognises that situation by
 * re-checking the statement on PostgreSQL with the operand replaced by NULL and by a value of its
 * type: both must give the same outcome, and that outcome must be the side that gave a value. Where
 * PostgreSQL gave the value (it skipped the operand), SqlTransform must also agree with PostgreSQL
 * once the operand is replaced.
 */
final class EvaluationOrder {

  /** Where an expression is: a result column's index ({@code -1}: the WHERE condition) and child indexes. */
  private record Location(int column, List<Integer> path, Expr expr, boolean inBranch) {
  }

  private final DifferentialHarness harness;
  private final Map<String, Map<Long, DifferentialOutcome>> postgres = new HashMap<>();

  EvaluationOrder(DifferentialHarness harness) {
    this.harness = harness;
  }

  /**
   * Which of the two documented differences explains that PostgreSQL's outcome for {@code row} is
   * {@code want} and SqlTransform's {@code got}, or null.
   */
  DocumentedDifferences explain(Statement statement, Row row, DifferentialOutcome want, DifferentialOutcome got,
      boolean schemaless) throws SQLException {
    boolean postgresRaised = want instanceof Error && !(got instanceof Error);
    boolean sqlTransformRaised = got instanceof Error && !(want instanceof Error);
    if (!postgresRaised && !sqlTransformRaised) {
      return null;
    }
    postgres.clear();
    for (Location location : locations(statement)) {
      Expr e = location.expr();
      DifferentialOutcome alone = postgres("SELECT " + e.sql(true) + " AS c1 FROM t").get(row.id());
      if (!(alone instanceof Error)) {
        continue; // PostgreSQL evaluates it without an error: not the operand that raises
      }
      Statement withNull = replaced(statement, location, Expr.leaf("NULL::" + e.type().sql, e.type()));
      Statement withValue = replaced(statement, location, FuzzStatements.simplest(e.type(), false));
      DifferentialOutcome nullOutcome = postgres(withNull.postgresSql()).get(row.id());
      DifferentialOutcome valueOutcome = postgres(withValue.postgresSql()).get(row.id());
      // PostgreSQL's outcomes are the expected side (SqlTransform's may be an untyped NULL of a schemaless field);
      // a schemaless result is read with the types of the outcome it is compared with (a date is text in a map)
      boolean unneeded = postgresRaised
          ? same(nullOutcome, schemaless ? sqlTransform(statement, row, true, nullOutcome) : got, schemaless)
              && same(valueOutcome, schemaless ? sqlTransform(statement, row, true, valueOutcome) : got, schemaless)
          : same(want, nullOutcome, false) && same(want, valueOutcome, false);
      if (!unneeded) {
        continue; // its value changes the result: it is needed
      }
      if (sqlTransformRaised && !same(want, sqlTransform(withNull, row, schemaless, want), schemaless)) {
        continue; // SqlTransform's error comes from elsewhere
      }
      return postgresRaised && e.constant() && location.inBranch()
          ? DocumentedDifferences.CONSTANT_IN_UNTAKEN_BRANCH
          : DocumentedDifferences.EVALUATION_ORDER;
    }
    return null;
  }

  /**
   * Whether {@link DocumentedDifferences#REGEX_CASE_FOLDING} explains that PostgreSQL dropped the row and SqlTransform
   * raised: the WHERE condition has a case-insensitive regular expression (which folds 'ı' to 'i' in SqlTransform),
   * and without the WHERE both PostgreSQL and SqlTransform raise computing that row's columns. SqlTransform's WHERE
   * kept a row PostgreSQL's dropped, and the error is what computing it gives on both sides.
   */
  boolean regexWhereKeptARowThatRaises(Statement statement, Row row, DifferentialOutcome want, DifferentialOutcome got,
      boolean schemaless) throws SQLException {
    if (!(want instanceof DifferentialOutcome.Dropped) || !(got instanceof Error) || statement.where() == null
        || !statement.where().quirks().contains(FuzzStatements.Quirk.REGEX_IGNORE_CASE)) {
      return false;
    }
    Statement unfiltered = new Statement(statement.columns(), null);
    return harness.postgres(unfiltered.postgresSql()).get(row.id()) instanceof Error
        && sqlTransform(unfiltered, row, schemaless, null) instanceof Error;
  }

  /**
   * Whether {@link DocumentedDifferences#UNCONSTRAINED_NUMERIC_SCALE} explains the difference in
   * everything computed from such a cast ({@code SIGN(1e-30::numeric)} is 0, {@code MOD(n, 1e-300::numeric)}
   * divides by zero): PostgreSQL gives SqlTransform's outcome when each cast of a double precision,
   * real or text to {@code numeric} is rounded to 16 digits after the point.
   */
  boolean unconstrainedScale(Statement statement, Row row, DifferentialOutcome got, boolean schemaless)
      throws SQLException {
    if (!statement.quirks().contains(FuzzStatements.Quirk.UNCONSTRAINED_NUMERIC)) {
      return false;
    }
    List<Expr> columns = statement.columns().stream().map(EvaluationOrder::rounded).toList();
    Statement rounded = new Statement(columns, statement.where() == null ? null : rounded(statement.where()));
    return same(harness.postgres(rounded.postgresSql()).get(row.id()), got, schemaless);
  }

  /**
   * Whether {@link DocumentedDifferences#NUMERIC_MATH_SCALE} explains the difference in everything
   * computed from SQRT, EXP, LN, LOG10 or POWER of a numeric ({@code NULLIF(POWER(n, -7), 0)} is NULL,
   * a comparison of a tiny result with 0): PostgreSQL gives SqlTransform's outcome when each such result
   * is rounded to 20 digits after the point.
   */
  boolean numericMathScale(Statement statement, Row row, DifferentialOutcome got, boolean schemaless)
      throws SQLException {
    if (!statement.quirks().contains(FuzzStatements.Quirk.NUMERIC_MATH)) {
      return false;
    }
    List<Expr> columns = statement.columns().stream().map(EvaluationOrder::roundedMath).toList();
    Statement rounded = new Statement(columns, statement.where() == null ? null : roundedMath(statement.where()));
    return same(harness.postgres(rounded.postgresSql()).get(row.id()), got, schemaless);
  }

  private static Expr roundedMath(Expr e) {
    List<Expr> children = e.children().stream().map(EvaluationOrder::roundedMath).toList();
    String postgres = e.own().contains(FuzzStatements.Quirk.NUMERIC_MATH) && e.type() == FuzzStatements.Type.NUMERIC
        ? "ROUND(" + e.postgresTemplate() + ", 20)"
        : e.postgresTemplate();
    return new Expr(e.template(), postgres, e.type(), children, e.own());
  }

  private static Expr rounded(Expr e) {
    List<Expr> children = e.children().stream().map(EvaluationOrder::rounded).toList();
    String postgres = e.own().contains(FuzzStatements.Quirk.UNCONSTRAINED_NUMERIC)
        ? "ROUND(" + e.postgresTemplate() + ", 16)"
        : e.postgresTemplate();
    return new Expr(e.template(), postgres, e.type(), children, e.own());
  }

  /**
   * Whether the outcomes agree; over a schemaless value also where a number computed only from a JSON null has
   * another numeric type than PostgreSQL's typed column (the documented {@code UNTYPED_JSON_NULL}: the re-check of
   * {@code COALESCE(ROUND(MOD(u::bigint, i8), 0), 1)} with {@code u::bigint} replaced gives numeric 1, SqlTransform
   * integer 1).
   */
  static boolean same(DifferentialOutcome expected, DifferentialOutcome actual, boolean schemaless) {
    if (expected == null || actual == null || expected instanceof Rejected || actual instanceof Rejected) {
      return false;
    }
    return DifferentialOutcome.difference(expected, actual, false, schemaless) == null
        || schemaless && DocumentedDifferences.explain(List.of(), java.util.Set.of(), expected, actual, true,
            true) == DocumentedDifferences.UNTYPED_JSON_NULL;
  }

  private Map<Long, DifferentialOutcome> postgres(String sql) throws SQLException {
    Map<Long, DifferentialOutcome> outcomes = postgres.get(sql);
    if (outcomes == null) {
      outcomes = harness.postgres(sql);
      postgres.put(sql, outcomes);
    }
    return outcomes;
  }

  private static DifferentialOutcome sqlTransform(Statement statement, Row row, boolean schemaless,
      DifferentialOutcome expected) {
    Object configured = DifferentialHarness.configure(statement.sql());
    if (configured instanceof DifferentialOutcome failed) {
      return failed;
    }
    @SuppressWarnings("unchecked")
    SqlTransform<SinkRecord> transform = (SqlTransform<SinkRecord>) configured;
    return DifferentialHarness.sqlTransform(transform, row, schemaless, expected);
  }

  /** Every expression of the statement that has operands (a column or a literal raises no error). */
  private static List<Location> locations(Statement statement) {
    List<Location> out = new ArrayList<>();
    for (int i = 0; i < statement.columns().size(); i++) {
      collect(i, statement.columns().get(i), new ArrayList<>(), false, out);
    }
    if (statement.where() != null) {
      collect(-1, statement.where(), new ArrayList<>(), false, out);
    }
    return out;
  }

  private static void collect(int column, Expr e, List<Integer> path, boolean inBranch, List<Location> out) {
    if (e.children().isEmpty()) {
      return;
    }
    out.add(new Location(column, List.copyOf(path), e, inBranch));
    boolean branches = e.template().startsWith("CASE") || e.template().startsWith("COALESCE");
    for (int i = 0; i < e.children().size(); i++) {
      path.add(i);
      collect(column, e.children().get(i), path, inBranch || branches, out);
      path.remove(path.size() - 1);
    }
  }

  private static Statement replaced(Statement statement, Location location, Expr replacement) {
    if (location.column() < 0) {
      return new Statement(statement.columns(), replaced(statement.where(), location.path(), 0, replacement));
    }
    List<Expr> columns = new ArrayList<>(statement.columns());
    columns.set(location.column(), replaced(columns.get(location.column()), location.path(), 0, replacement));
    return new Statement(columns, statement.where());
  }

  private static Expr replaced(Expr e, List<Integer> path, int depth, Expr replacement) {
    if (depth == path.size()) {
      return replacement;
    }
    int child = path.get(depth);
    return e.with(child, replaced(e.children().get(child), path, depth + 1, replacement));
  }
}
