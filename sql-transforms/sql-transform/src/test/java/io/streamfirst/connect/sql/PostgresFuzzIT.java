// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.sql;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamfirst.connect.it.fixtures.PostgresFixture;
import io.streamfirst.connect.sql.DifferentialOutcome.Crash;
import io.streamfirst.connect.sql.DifferentialOutcome.Dropped;
import io.streamfirst.connect.sql.DifferentialOutcome.Kept;
import io.streamfirst.connect.sql.DifferentialOutcome.Rejected;
import io.streamfirst.connect.sql.DifferentialRows.Row;
import io.streamfirst.connect.sql.FuzzStatements.Expr;
import io.streamfirst.connect.sql.FuzzStatements.Quirk;
import io.streamfirst.connect.sql.FuzzStatements.Statement;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Differential fuzzer: seeded random statements ({@link FuzzStatements}) over the rows of
 * {@link DifferentialRows}, evaluated by SqlTransform and by a real PostgreSQL 17, compared row by
 * row. A statement PostgreSQL accepts must give the same outcome for every row (kept with the same
 * column names, types and values, dropped, or a data error), or differ only as one of the
 * {@link DocumentedDifferences} explains. A runtime exception from generated code (or generated code
 * that does not compile) is always a failure, and so is a statement SqlTransform rejects. Each
 * disagreement is shrunk to a minimal statement that still shows it, and printed.
 *
 * <p>{@code mvn verify} runs a bounded, fixed-seed run. A long run is one command (see the module
 * README): {@code -Dfuzz.statements=100000 -Dfuzz.seed=N}; the report also goes to
 * {@code target/fuzz/fuzz-<seed>.txt}.
 */
class PostgresFuzzIT {

  static final long SEED = Long.getLong("fuzz.seed", 18L);
  static final int STATEMENTS = Integer.getInteger("fuzz.statements", 2_000);
  static final int MAX_DEPTH = Integer.getInteger("fuzz.depth", 4);
  /**
   * Only these statements of the run (their numbers in the report, comma-separated): the run generates every
   * statement up to the last one as usual and compares only these, to re-check a report's disagreements quickly.
   */
  static final java.util.Set<Integer> ONLY = java.util.Arrays.stream(System.getProperty("fuzz.only", "").split(","))
      .map(String::trim).filter(number -> !number.isEmpty()).map(Integer::valueOf)
      .collect(java.util.stream.Collectors.toUnmodifiableSet());
  /** Statements that read only JSON columns are also run over schemaless values, one in this many. */
  static final int SCHEMALESS_EVERY = 4;
  private static final int SHRINK_BUDGET = 400;

  @RegisterExtension
  static final PostgresFixture POSTGRES = new PostgresFixture().withServerConfig("fsync", "off");

  @Test
  void generatedStatementsAgreeWithPostgres(TestReporter reporter) throws Exception {
    DifferentialRows rows = new DifferentialRows(PostgresDifferentialIT.DEFAULT_SEED,
        PostgresDifferentialIT.RANDOM_ROWS);
    Fuzzer fuzzer;
    try (DifferentialHarness harness = DifferentialHarness.create(POSTGRES, "fuzz", rows)) {
      fuzzer = new Fuzzer(harness);
      fuzzer.run(SEED, STATEMENTS, MAX_DEPTH);
    }
    String report = fuzzer.report();
    writeReport(report);
    System.out.println(report);
    reporter.publishEntry("fuzz", "seed=" + SEED + " statements=" + STATEMENTS + " disagreements="
        + fuzzer.disagreements.size() + " documented=" + fuzzer.documented + " seconds=" + fuzzer.seconds);

    assertThat(fuzzer.disagreements).as("disagreements with PostgreSQL (minimal statements; rerun with -Dfuzz.seed="
        + SEED + " -Dfuzz.statements=" + STATEMENTS + ", and -Dfuzz.only=<statement numbers> for only those):\n"
        + report).isEmpty();
    if (!ONLY.isEmpty()) {
      return; // too few statements for the generator's figures below
    }
    assertThat(fuzzer.outcome(Fuzzer.POSTGRES_REJECTS)).as("statements the generator makes that PostgreSQL rejects")
        .isLessThan(STATEMENTS / 20 + 1);
    assertThat(fuzzer.outcome("kept")).as("rows kept").isGreaterThan(STATEMENTS * 5L);
    assertThat(fuzzer.outcome("error")).as("rows PostgreSQL raises an error for").isGreaterThan(STATEMENTS);
    assertThat(fuzzer.outcome("dropped")).as("rows a WHERE drops").isGreaterThan(STATEMENTS * 5L);
  }

  /** One fuzzing run over one database: generates, compares, shrinks, and keeps the figures. */
  static final class Fuzzer {

    static final String POSTGRES_REJECTS = "PostgreSQL rejects the statement (not compared)";

    /** How a statement disagrees (its first disagreeing row); the signature tells kinds of disagreement apart. */
    private record Disagreement(String signature, String detail) {
    }

    private final DifferentialHarness harness;
    private final EvaluationOrder evaluationOrder;
    final Map<DocumentedDifferences, Long> documented = new EnumMap<>(DocumentedDifferences.class);
    private final Map<String, Long> outcomes = new TreeMap<>();
    /** Minimal statement to how it disagrees. */
    final Map<String, String> disagreements = new LinkedHashMap<>();
    private final Map<String, Integer> seen = new LinkedHashMap<>();
    private final List<String> postgresRejects = new ArrayList<>();
    private boolean tally = true;
    /** The statement being checked (read by the watchdog). */
    private volatile String current;
    private int schemalessRuns;
    private long seed;
    private int statements;
    private int depth;
    long seconds;

    Fuzzer(DifferentialHarness harness) {
      this.harness = harness;
      this.evaluationOrder = new EvaluationOrder(harness);
    }

    long outcome(String name) {
      return outcomes.getOrDefault(name, 0L);
    }

    void run(long seed, int statements, int depth) throws SQLException {
      this.seed = seed;
      this.statements = statements;
      this.depth = depth;
      long started = System.nanoTime();
      FuzzStatements generator = new FuzzStatements(seed, depth);
      ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "fuzz-watchdog");
        thread.setDaemon(true);
        return thread;
      });
      String[] last = new String[1];
      watchdog.scheduleAtFixedRate(() -> {
        // a statement that takes more than a minute (in SqlTransform, in PostgreSQL or while shrinking) is printed,
        // so that one that never finishes can be found
        String now = current;
        if (now != null && now.equals(last[0])) {
          System.out.println("fuzz: still on statement " + now);
        }
        last[0] = now;
      }, 60, 60, TimeUnit.SECONDS);
      try {
        run(generator, started);
      } finally {
        watchdog.shutdownNow();
      }
      seconds = (System.nanoTime() - started) / 1_000_000_000L;
    }

    private void run(FuzzStatements generator, long started) throws SQLException {
      for (int i = 0; i < statements; i++) {
        if (i > 0 && i % 10_000 == 0) {
          System.out.println("fuzz: " + i + " statements, " + disagreements.size() + " disagreements, "
              + (System.nanoTime() - started) / 1_000_000_000L + " s");
        }
        Statement statement = generator.next();
        if (!ONLY.isEmpty() && !ONLY.contains(i + 1)) {
          continue;
        }
        current = "#" + (i + 1) + " " + statement.sql();
        boolean schemaless = statement.jsonOnly() && i % SCHEMALESS_EVERY == 0;
        schemalessRuns += schemaless ? 1 : 0;
        Map<Long, DifferentialOutcome> want = harness.postgres(statement.postgresSql());
        Rejected rejected = rejection(want);
        if (rejected != null) {
          count(POSTGRES_REJECTS);
          if (postgresRejects.size() < 10) {
            postgresRejects.add(statement.sql() + "\n      " + rejected.message());
          }
          continue;
        }
        Disagreement disagreement = compare(statement, want, false);
        if (disagreement == null && schemaless) {
          disagreement = compare(statement, want, true);
        }
        if (disagreement == null) {
          continue;
        }
        tally = false;
        Statement minimal = shrink(generator, statement, disagreement, schemaless);
        Disagreement shown = check(minimal, schemaless);
        tally = true;
        String key = minimal.sql();
        seen.merge(key, 1, Integer::sum);
        disagreements.putIfAbsent(key, "statement #" + (i + 1) + (schemaless ? " (schemaless values)" : "")
            + ", shrunk from " + statement.size() + " to " + minimal.size() + " nodes:\n    " + key
            + (minimal.sql().equals(minimal.postgresSql()) ? "" : "\n    (PostgreSQL: " + minimal.postgresSql() + ")")
            + "\n    " + (shown == null ? disagreement.detail() : shown.detail())
            + (minimal == statement ? "" : "\n    before shrinking: " + statement.sql()));
      }
    }

    String report() {
      StringBuilder report = new StringBuilder()
          .append("fuzz seed=").append(seed).append(" statements=").append(statements).append(" depth=").append(depth)
          .append(" rows=").append(harness.rows().rows().size()).append(" schemalessRuns=").append(schemalessRuns)
          .append(" seconds=").append(seconds).append('\n')
          .append("row outcomes (PostgreSQL): ").append(outcomes).append('\n')
          .append("documented differences: ").append(documented).append('\n')
          .append("disagreements: ").append(disagreements.size()).append(" distinct minimal statements\n");
      disagreements.forEach((sql, detail) -> report.append("\nDISAGREEMENT (").append(seen.get(sql)).append("x) ")
          .append(detail).append('\n'));
      if (!postgresRejects.isEmpty()) {
        report.append("\nexamples of statements PostgreSQL rejects (generator, not compared):\n    ")
            .append(String.join("\n    ", postgresRejects)).append('\n');
      }
      return report.toString();
    }

    private static Rejected rejection(Map<Long, DifferentialOutcome> outcomes) {
      return outcomes.values().stream().filter(Rejected.class::isInstance).map(Rejected.class::cast).findFirst()
          .orElse(null);
    }

    private void count(String outcome) {
      outcomes.merge(outcome, 1L, Long::sum);
    }

    /** Evaluates {@code statement} with SqlTransform over every row and compares with PostgreSQL's outcomes. */
    private Disagreement compare(Statement statement, Map<Long, DifferentialOutcome> want, boolean schemaless) {
      Object configured = DifferentialHarness.configure(statement.sql());
      List<Set<Quirk>> columnQuirks = statement.columns().stream().map(Expr::quirks).toList();
      Set<Quirk> quirks = statement.quirks();
      for (Row row : harness.rows().rows()) {
        DifferentialOutcome expected = want.get(row.id());
        if (!schemaless && tally) {
          count(expected instanceof Kept ? "kept" : expected instanceof Dropped ? "dropped" : "error");
        }
        DifferentialOutcome got;
        if (configured instanceof DifferentialOutcome failed) {
          got = failed;
        } else {
          @SuppressWarnings("unchecked")
          SqlTransform<SinkRecord> transform = (SqlTransform<SinkRecord>) configured;
          got = DifferentialHarness.sqlTransform(transform, row, schemaless, expected);
        }
        String difference = DifferentialOutcome.difference(expected, got, false, schemaless);
        if (difference == null) {
          continue;
        }
        DocumentedDifferences reason = got instanceof Crash
            ? null
            : DocumentedDifferences.explain(columnQuirks, quirks,
                expected, got, schemaless, schemaless && row.map().containsValue(null));
        if (reason == null && tally && !(got instanceof Crash)) {
          // re-checked on PostgreSQL, so not while shrinking (the statement found is then shrunk as a disagreement)
          reason = evaluationOrder(statement, row, expected, got, schemaless);
        }
        if (reason != null) {
          if (tally) {
            documented.merge(reason, 1L, Long::sum);
          }
          continue;
        }
        String signature = difference.replaceAll("column c\\d+", "column") + ": " + kind(expected) + " / " + kind(got);
        String values = schemaless ? row.map().toString() : shown(row);
        return new Disagreement(signature, "row " + row.id() + " " + values + ": " + difference
            + "\n      PostgreSQL:    " + expected + "\n      SqlTransform:  " + got);
      }
      return null;
    }

    private DocumentedDifferences evaluationOrder(Statement statement, Row row, DifferentialOutcome expected,
        DifferentialOutcome got, boolean schemaless) {
      try {
        DocumentedDifferences reason = evaluationOrder.explain(statement, row, expected, got, schemaless);
        if (reason == null && evaluationOrder.unconstrainedScale(statement, row, got, schemaless)) {
          return DocumentedDifferences.UNCONSTRAINED_NUMERIC_SCALE;
        }
        if (reason == null && evaluationOrder.regexWhereKeptARowThatRaises(statement, row, expected, got, schemaless)) {
          return DocumentedDifferences.REGEX_CASE_FOLDING;
        }
        return reason == null && evaluationOrder.numericMathScale(statement, row, got, schemaless)
            ? DocumentedDifferences.NUMERIC_MATH_SCALE
            : reason;
      } catch (SQLException e) {
        throw new IllegalStateException("PostgreSQL failed while re-checking " + statement.sql(), e);
      }
    }

    private static String kind(DifferentialOutcome outcome) {
      if (outcome instanceof Crash crash) {
        // one failure mode: the exception, not the record's position
        String message = crash.message();
        return "Crash " + message.replaceAll("offset \\d+", "").replaceAll("(?s) in query \\[.*", "");
      }
      return outcome.getClass().getSimpleName();
    }

    private static String shown(Row row) {
      Map<String, Object> values = new LinkedHashMap<>(row.values());
      values.computeIfPresent("by", (k, v) -> "bytes");
      return values.toString();
    }

    /** The disagreement of {@code statement}, or null when it agrees (or PostgreSQL rejects it). */
    private Disagreement check(Statement statement, boolean schemaless) throws SQLException {
      Map<Long, DifferentialOutcome> want = harness.postgres(statement.postgresSql());
      if (rejection(want) != null) {
        return null;
      }
      Disagreement disagreement = compare(statement, want, false);
      return disagreement != null || !schemaless ? disagreement : compare(statement, want, true);
    }

    /**
     * The smallest statement found that shows the same kind of disagreement: fewer columns, no
     * condition, sub-expressions replaced by their operands or by a column or literal of their type.
     */
    private Statement shrink(FuzzStatements generator, Statement statement, Disagreement disagreement,
        boolean schemaless)
        throws SQLException {
      Statement current = statement;
      int budget = SHRINK_BUDGET;
      boolean progress = true;
      while (progress && budget > 0) {
        progress = false;
        for (Statement candidate : generator.shrinkCandidates(current)) {
          if (candidate.size() >= current.size() || budget-- <= 0) {
            continue;
          }
          Disagreement found = check(candidate, schemaless && candidate.jsonOnly());
          if (found != null && found.signature().equals(disagreement.signature())) {
            current = candidate;
            progress = true;
            break;
          }
        }
      }
      return current;
    }
  }

  private static void writeReport(String report) {
    try {
      Path directory = Path.of("target", "fuzz");
      Files.createDirectories(directory);
      Files.writeString(directory.resolve("fuzz-" + SEED + ".txt"), report, StandardCharsets.UTF_8);
    } catch (IOException e) {
      System.err.println("Could not write the fuzz report: " + e);
    }
  }
}
