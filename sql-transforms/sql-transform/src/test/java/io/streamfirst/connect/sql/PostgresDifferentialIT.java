package io.streamfirst.connect.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import io.streamfirst.connect.sql.DifferentialOutcome.Dropped;
import io.streamfirst.connect.sql.DifferentialOutcome.Error;
import io.streamfirst.connect.sql.DifferentialOutcome.Kept;
import io.streamfirst.connect.sql.DifferentialOutcome.Rejected;
import io.streamfirst.connect.sql.DifferentialQueries.Query;
import io.streamfirst.connect.sql.DifferentialRows.Row;
import io.streamfirst.connect.it.fixtures.PostgresFixture;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestReporter;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Differential test: seeded queries over seeded rows, evaluated by SqlTransform (over Connect
 * structs and over schemaless maps) and by a real PostgreSQL 17 over the same rows, must agree
 * row for row: rows kept or dropped, column names, type families, values, NULLs and runtime errors.
 *
 * <p>PostgreSQL comes from the shared {@link PostgresFixture}; the test's database uses PostgreSQL 17's
 * builtin {@code C.UTF-8} locale, so that text order is by code point and UPPER/LOWER use Unicode's
 * simple case mappings whatever the host's locale. Pass
 * {@code -Ddifferential.seed=N} to run another corpus; {@code -Ddifferential.instances=N} sets how
 * many queries each template yields.
 */
class PostgresDifferentialIT {

  static final long DEFAULT_SEED = 20_261_125L;
  static final long SEED = Long.getLong("differential.seed", DEFAULT_SEED);
  static final int INSTANCES = Integer.getInteger("differential.instances", 6);
  static final int RANDOM_ROWS = Integer.getInteger("differential.rows", 24);
  private static final int SHOWN_MISMATCHES = 6;

  private static DifferentialHarness harness;
  private static DifferentialRows rows;
  private static List<Query> queries;
  private static final Map<String, Map<Long, DifferentialOutcome>> POSTGRES_OUTCOMES = new ConcurrentHashMap<>();
  private static final AtomicLong EVALUATIONS = new AtomicLong();
  private static final AtomicLong POSTGRES_ERRORS = new AtomicLong();
  private static final AtomicLong DOCUMENTED = new AtomicLong();

  @RegisterExtension
  static final PostgresFixture POSTGRES = new PostgresFixture().withServerConfig("fsync", "off");

  @BeforeAll
  static void createDatabase() throws Exception {
    rows = new DifferentialRows(SEED, RANDOM_ROWS);
    harness = DifferentialHarness.create(POSTGRES, "differential", rows);
    queries = DifferentialQueries.generate(SEED, INSTANCES);
  }

  @AfterAll
  static void closeConnection(TestReporter reporter) throws Exception {
    reporter.publishEntry("differential", "seed=" + SEED + " rows=" + rows.rows().size() + " queries="
        + queries.size() + " evaluations=" + EVALUATIONS.get() + " postgresErrors=" + POSTGRES_ERRORS.get()
        + " documentedDifferences=" + DOCUMENTED.get());
    if (harness != null) {
      harness.close();
    }
  }

  @TestFactory
  Stream<DynamicTest> structRecordsAgreeWithPostgres() {
    return queries.stream().map(query -> DynamicTest.dynamicTest("[" + query.template() + "] " + query.sql(),
        () -> compare(query, false)));
  }

  @TestFactory
  Stream<DynamicTest> schemalessMapsAgreeWithPostgres() {
    return queries.stream().filter(Query::jsonOnly)
        .map(query -> DynamicTest.dynamicTest("[" + query.template() + "] " + query.sql(),
            () -> compare(query, true)));
  }

  /** The corpus is worth running: it has NULL rows, errors and drops, and JSON-only queries. */
  @Test
  void corpusExercisesNullsErrorsAndFilters() throws SQLException {
    assertThat(rows.rows()).hasSizeGreaterThan(40);
    assertThat(queries).hasSizeGreaterThan(150);
    assertThat(queries.stream().filter(Query::jsonOnly).count()).isGreaterThan(60);
    long errors = 0;
    long dropped = 0;
    for (Query query : queries) {
      for (DifferentialOutcome outcome : postgresOutcomes(query).values()) {
        errors += outcome instanceof Error ? 1 : 0;
        dropped += outcome instanceof Dropped ? 1 : 0;
      }
    }
    assertThat(errors).as("rows for which PostgreSQL raises an error").isGreaterThan(100);
    assertThat(dropped).as("rows a WHERE condition drops").isGreaterThan(100);
  }

  private void compare(Query query, boolean schemaless) throws SQLException {
    Map<Long, DifferentialOutcome> expected = postgresOutcomes(query);
    Rejected rejectedByPostgres = expected.values().stream().filter(Rejected.class::isInstance)
        .map(Rejected.class::cast).findFirst().orElse(null);
    if (rejectedByPostgres != null) {
      fail("PostgreSQL rejects the generated query (fix the template) " + query.postgresSql() + ": "
          + rejectedByPostgres.message());
    }
    Object configured = DifferentialHarness.configure(query.sql());
    if (!(configured instanceof SqlTransform<?>)) {
      fail("SqlTransform rejects a query PostgreSQL accepts: " + configured + seedHint());
    }
    @SuppressWarnings("unchecked")
    SqlTransform<SinkRecord> transform = (SqlTransform<SinkRecord>) configured;
    List<String> mismatches = new ArrayList<>();
    for (Row row : rows.rows()) {
      DifferentialOutcome want = expected.get(row.id());
      DifferentialOutcome got = DifferentialHarness.sqlTransform(transform, row, schemaless, want);
      EVALUATIONS.incrementAndGet();
      String difference = DifferentialOutcome.difference(want, got, query.approximate(), schemaless);
      if (difference != null && documentedDifference(query, difference, want, got, schemaless && hasNull(row))
          != null) {
        DOCUMENTED.incrementAndGet();
        difference = null;
      }
      if (difference != null) {
        mismatches.add("row " + row.id() + " " + shown(row, schemaless) + ": " + difference
            + "\n      PostgreSQL:    " + want + "\n      SqlTransform:  " + got);
      }
    }
    transform.close();
    if (!mismatches.isEmpty()) {
      fail(mismatches.size() + " of " + rows.rows().size() + " rows differ from PostgreSQL for\n  " + query.sql()
          + (query.sql().equals(query.postgresSql()) ? "" : "\n  (PostgreSQL: " + query.postgresSql() + ")")
          + "\n    " + String.join("\n    ", mismatches.subList(0, Math.min(SHOWN_MISMATCHES, mismatches.size())))
          + seedHint());
    }
  }

  /**
   * Differences the README documents under "PostgreSQL semantics", by construct; each is counted
   * and reported, never silently accepted elsewhere.
   */
  static String documentedDifference(Query query, String difference, DifferentialOutcome want,
      DifferentialOutcome got, boolean untypedNulls) {
    if (untypedNulls && difference.contains(": type ") && DifferentialOutcome.sameNumbers(want, got)) {
      return "a JSON null has no type: a result computed from it may have another numeric type than PostgreSQL's";
    }
    if (want instanceof Kept kept && got instanceof Error error && error.message().contains("out of range")
        && kept.cells().stream().anyMatch(cell -> cell.value() instanceof java.math.BigDecimal decimal
            && decimal.precision() > 100)) {
      return "numeric values have at most 100 digits (integer and fraction digits together); larger ones raise"
          + " numeric value out of range";
    }
    if (want instanceof Kept kept && got instanceof Kept result && difference.endsWith("value differs")
        && query.sql().contains("::numeric") && sameAtUnconstrainedScale(kept, result)) {
      return "numeric without precision from double precision or text keeps 16 digits after the point";
    }
    if (query.sql().contains("CASE") && difference.endsWith("type FLOAT8, PostgreSQL FLOAT4")) {
      return "CASE over real and other numbers whose real branch is never taken (constant WHEN) is double precision";
    }
    if (query.sql().contains("REGEXP_REPLACE") && query.sql().matches(".*'g?i'\\).*")
        && difference.endsWith("value differs")
        && (query.sql() + want).chars().anyMatch(c -> c > 127)) {
      return "case-insensitive regular expressions fold case as Java does: 'ı' also matches 'i'";
    }
    if (query.sql().matches(".*(LEAST|GREATEST)\\(.*(::float8|double precision).*\\br\\b.*")
        && difference.endsWith("type FLOAT4, PostgreSQL FLOAT8")) {
      return "GREATEST/LEAST of a double precision literal and a real column is real";
    }
    return null;
  }

  /**
   * Every column agrees, except numerics for which PostgreSQL keeps more than 16 digits after the
   * point and that agree at 16.
   */
  private static boolean sameAtUnconstrainedScale(Kept want, Kept got) {
    for (int i = 0; i < want.cells().size(); i++) {
      Object w = want.cells().get(i).value();
      Object g = got.cells().get(i).value();
      if (DifferentialOutcome.sameValue(w, g, false)) {
        continue;
      }
      if (!(w instanceof java.math.BigDecimal decimal && g instanceof java.math.BigDecimal result
          && decimal.scale() > 16
          && decimal.setScale(16, java.math.RoundingMode.HALF_UP).compareTo(result) == 0)) {
        return false;
      }
    }
    return true;
  }

  private static boolean hasNull(Row row) {
    return row.map().containsValue(null);
  }

  private static String shown(Row row, boolean schemaless) {
    Map<String, Object> values = schemaless ? row.map() : new LinkedHashMap<>(row.values());
    values.computeIfPresent("by", (k, v) -> "bytes");
    return values.toString();
  }

  private static String seedHint() {
    return "\n  seed=" + SEED + " (rerun: mvn verify -pl sql-transforms/sql-transform -Dit.test=PostgresDifferentialIT"
        + " -Ddifferential.seed=" + SEED + ")";
  }

  // ---------------------------------------------------------------- PostgreSQL side

  /** PostgreSQL's outcome per row id, once per query. */
  private static Map<Long, DifferentialOutcome> postgresOutcomes(Query query) throws SQLException {
    Map<Long, DifferentialOutcome> known = POSTGRES_OUTCOMES.get(query.sql());
    if (known != null) {
      return known;
    }
    Map<Long, DifferentialOutcome> outcomes = harness.postgres(query.postgresSql());
    POSTGRES_ERRORS.addAndGet(outcomes.values().stream().filter(Error.class::isInstance).count());
    POSTGRES_OUTCOMES.put(query.sql(), outcomes);
    return outcomes;
  }
}
