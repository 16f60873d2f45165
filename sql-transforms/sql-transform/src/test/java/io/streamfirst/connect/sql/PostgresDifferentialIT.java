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
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.apache.kafka.connect.errors.DataException;
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

  private static Connection connection;
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
    try (Connection admin = POSTGRES.connection(); Statement statement = admin.createStatement()) {
      statement.execute("CREATE DATABASE differential TEMPLATE template0 ENCODING 'UTF8'"
          + " LOCALE_PROVIDER builtin BUILTIN_LOCALE 'C.UTF-8' LOCALE 'C.UTF-8'");
    }
    connection = POSTGRES.connection("differential");
    try (Statement statement = connection.createStatement()) {
      statement.execute("SET TimeZone = 'UTC'");
      statement.execute("SET DateStyle = 'ISO'");
    }
    rows = new DifferentialRows(SEED, RANDOM_ROWS);
    rows.load(connection);
    queries = DifferentialQueries.generate(SEED, INSTANCES);
  }

  @AfterAll
  static void closeConnection(TestReporter reporter) throws Exception {
    reporter.publishEntry("differential", "seed=" + SEED + " rows=" + rows.rows().size() + " queries="
        + queries.size() + " evaluations=" + EVALUATIONS.get() + " postgresErrors=" + POSTGRES_ERRORS.get()
        + " documentedDifferences=" + DOCUMENTED.get());
    if (connection != null) {
      connection.close();
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
    SqlTransform<SinkRecord> transform = new SqlTransform<>();
    try {
      transform.configure(Map.of("query", query.sql(), "lineage.enabled", "false"));
    } catch (RuntimeException e) {
      fail("SqlTransform rejects a query PostgreSQL accepts: " + e.getMessage() + seedHint());
    }
    List<String> mismatches = new ArrayList<>();
    for (Row row : rows.rows()) {
      DifferentialOutcome want = expected.get(row.id());
      DifferentialOutcome got = evaluate(transform, row, schemaless, want);
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
            && decimal.precision() - decimal.scale() > 100)) {
      return "numeric values have at most 100 digits; larger ones raise numeric value out of range";
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

  private static boolean sameAtUnconstrainedScale(Kept want, Kept got) {
    for (int i = 0; i < want.cells().size(); i++) {
      Object w = want.cells().get(i).value();
      Object g = got.cells().get(i).value();
      if (w instanceof java.math.BigDecimal decimal && g instanceof java.math.BigDecimal result
          && decimal.compareTo(result) != 0 && decimal.scale() > 16
          && decimal.setScale(16, java.math.RoundingMode.HALF_UP).compareTo(result) != 0) {
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

  private static DifferentialOutcome evaluate(SqlTransform<SinkRecord> transform, Row row, boolean schemaless,
      DifferentialOutcome expected) {
    SinkRecord in = schemaless
        ? new SinkRecord("t", 0, null, null, null, row.map(), row.id())
        : new SinkRecord("t", 0, null, null, DifferentialRows.SCHEMA, row.struct(), row.id());
    SinkRecord out;
    try {
      out = transform.apply(in);
    } catch (DataException e) {
      // A failing constant expression rejects every record, as PostgreSQL fails the statement: a runtime error.
      return e.getMessage() != null && (e.getMessage().startsWith("SQL evaluation failed")
          || e.getMessage().contains("a constant expression fails"))
          ? new Error(e.getMessage()) : new Rejected(e.getMessage());
    } catch (RuntimeException | ExceptionInInitializerError e) {
      return new Rejected("SqlTransform failed: " + e + (e.getCause() == null ? "" : " caused by " + e.getCause()));
    }
    if (out == null) {
      return new Dropped();
    }
    if (schemaless) {
      @SuppressWarnings("unchecked")
      Map<String, Object> map = (Map<String, Object>) out.value();
      return DifferentialOutcome.mapRow(map, expected instanceof Kept kept ? kept : null);
    }
    return DifferentialOutcome.structRow((org.apache.kafka.connect.data.Struct) out.value());
  }

  // ---------------------------------------------------------------- PostgreSQL side

  /** PostgreSQL's outcome per row id: the whole table in one query, row by row only when it raises. */
  private static Map<Long, DifferentialOutcome> postgresOutcomes(Query query) throws SQLException {
    Map<Long, DifferentialOutcome> known = POSTGRES_OUTCOMES.get(query.sql());
    if (known != null) {
      return known;
    }
    Map<Long, DifferentialOutcome> outcomes = new LinkedHashMap<>();
    String sql = withRowId(query.postgresSql(), "t") + " ORDER BY \"__row\"";
    try {
      for (Row row : rows.rows()) {
        outcomes.put(row.id(), new Dropped());
      }
      outcomes.putAll(run(sql));
    } catch (SQLException e) {
      if (!isDataError(e)) {
        rows.rows().forEach(row -> outcomes.put(row.id(), new Rejected(e.getMessage())));
      } else {
        for (Row row : rows.rows()) {
          String single = withRowId(query.postgresSql(),
              "(SELECT * FROM t WHERE id = " + row.id() + " OFFSET 0) AS t");
          try {
            outcomes.put(row.id(), run(single).getOrDefault(row.id(), new Dropped()));
          } catch (SQLException rowError) {
            outcomes.put(row.id(), isDataError(rowError) ? new Error(rowError.getMessage())
                : new Rejected(rowError.getMessage()));
          }
        }
      }
    }
    POSTGRES_ERRORS.addAndGet(outcomes.values().stream().filter(Error.class::isInstance).count());
    POSTGRES_OUTCOMES.put(query.sql(), outcomes);
    return outcomes;
  }

  /** Appends the row id as a last column and substitutes the FROM item. */
  private static String withRowId(String sql, String from) {
    int at = sql.endsWith(" FROM t") ? sql.length() - " FROM t".length() : sql.lastIndexOf(" FROM t WHERE ");
    return sql.substring(0, at) + ", id AS \"__row\" FROM " + from + sql.substring(at + " FROM t".length());
  }

  private static Map<Long, DifferentialOutcome> run(String sql) throws SQLException {
    Map<Long, DifferentialOutcome> kept = new LinkedHashMap<>();
    try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
      int count = rs.getMetaData().getColumnCount() - 1;
      while (rs.next()) {
        long id = rs.getLong(count + 1);
        kept.put(id, DifferentialOutcome.postgresRow(rs, count));
      }
    }
    return kept;
  }

  /** SQLSTATE class 22 (data exception): division by zero, out of range, invalid input. */
  private static boolean isDataError(SQLException e) {
    return e.getSQLState() != null && e.getSQLState().startsWith("22");
  }
}
