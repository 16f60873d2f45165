// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

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
    if (!(configured instanceof SqlTransform<?>) && !(configured instanceof Error)) {
      fail("SqlTransform rejects a query PostgreSQL accepts: " + configured + seedHint());
    }
    @SuppressWarnings("unchecked")
    SqlTransform<SinkRecord> transform = configured instanceof SqlTransform<?>
        ? (SqlTransform<SinkRecord>) configured
        : null;
    List<String> mismatches = new ArrayList<>();
    for (Row row : rows.rows()) {
      DifferentialOutcome want = expected.get(row.id());
      DifferentialOutcome got = transform == null
          ? (DifferentialOutcome) configured
          : DifferentialHarness.sqlTransform(transform, row, schemaless, want);
      EVALUATIONS.incrementAndGet();
      String difference = DifferentialOutcome.difference(want, got, query.approximate(), schemaless);
      if (difference != null
          && documentedDifference(query, want, got, schemaless, schemaless && hasNull(row)) != null) {
        DOCUMENTED.incrementAndGet();
        difference = null;
      }
      if (difference != null) {
        mismatches.add("row " + row.id() + " " + shown(row, schemaless) + ": " + difference
            + "\n      PostgreSQL:    " + want + "\n      SqlTransform:  " + got);
      }
    }
    if (transform != null) {
      transform.close();
    }
    if (!mismatches.isEmpty()) {
      fail(mismatches.size() + " of " + rows.rows().size() + " rows differ from PostgreSQL for\n  " + query.sql()
          + (query.sql().equals(query.postgresSql()) ? "" : "\n  (PostgreSQL: " + query.postgresSql() + ")")
          + "\n    " + String.join("\n    ", mismatches.subList(0, Math.min(SHOWN_MISMATCHES, mismatches.size())))
          + seedHint());
    }
  }

  /**
   * Differences the README documents under "PostgreSQL semantics" ({@link DocumentedDifferences}),
   * for the constructs the query contains; each is counted and reported.
   */
  static DocumentedDifferences documentedDifference(Query query, DifferentialOutcome want, DifferentialOutcome got,
      boolean schemaless, boolean untypedNulls) {
    java.util.Set<FuzzStatements.Quirk> quirks = DocumentedDifferences.quirksOf(query.sql(), query.approximate());
    int columns = want instanceof Kept kept ? kept.cells().size() : 0;
    return DocumentedDifferences.explain(java.util.Collections.nCopies(columns, quirks), quirks, want, got,
        schemaless, untypedNulls);
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
