// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.benchmarks;

import io.streamfirst.connect.sql.SqlPredicate;
import io.streamfirst.connect.sql.SqlTransform;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.transforms.Transformation;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Throughput of the same logic over the same pre-built {@code orders} records: one operation
 * transforms the whole batch of {@code recordCount} records, so records/s = ops/s x recordCount
 * and bytes allocated per record = gc.alloc.rate.norm / recordCount.
 *
 * <p>The baselines for the ratios are {@link #handWritten} and {@link #builtInChain} (for
 * {@link #sqlTransform}) and {@link #debeziumGroovyFilter} (for {@link #sqlPredicateFilter} and
 * {@link #sqlTransformWhereOnly}). Each benchmark runs in its own forks, so no benchmark's JIT
 * profile leaks into another's; three forks per benchmark spread it over time on a shared machine.
 * Every setup checks that its contender keeps the expected records.
 * {@link CpuTime} adds the thread's CPU time per batch, which other load on the machine inflates far
 * less than wall-clock time.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 3, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class TransformThroughputBenchmark {

  /** The pre-built records, shared by all contenders; transforms never modify their input records. */
  @State(Scope.Benchmark)
  public static class Batch {

    @Param({"4096"})
    public int recordCount;

    SinkRecord[] records;
    /** How many records the full query keeps, computed by the hand-written baseline. */
    int expectedKept;

    @Setup
    public void build() {
      Schema schema = Orders.schema("orders.Value");
      records = Orders.records(recordCount, schema);
      expectedKept = countKept(new HandWrittenOrdersTransform(), records);
    }
  }

  @State(Scope.Benchmark)
  public static class SqlNoLineage {
    SqlTransform<SinkRecord> transform;

    @Setup
    public void setUp(Batch batch) {
      transform = check("SqlTransform", Contenders.sqlTransform(Orders.QUERY, false), batch, batch.expectedKept);
    }

    @TearDown
    public void tearDown() {
      transform.close();
    }
  }

  @State(Scope.Benchmark)
  public static class SqlWithLineage {
    SqlTransform<SinkRecord> transform;

    @Setup
    public void setUp(Batch batch) {
      transform = check("SqlTransform (lineage)", Contenders.sqlTransform(Orders.QUERY, true), batch,
          batch.expectedKept);
    }

    @TearDown
    public void tearDown() {
      transform.close();
    }
  }

  @State(Scope.Benchmark)
  public static class SqlWhereOnly {
    SqlTransform<SinkRecord> transform;

    @Setup
    public void setUp(Batch batch) {
      transform = check("SqlTransform (WHERE only)",
          Contenders.sqlTransform("SELECT * FROM orders WHERE " + Orders.CONDITION, false), batch, batch.expectedKept);
    }

    @TearDown
    public void tearDown() {
      transform.close();
    }
  }

  @State(Scope.Benchmark)
  public static class HandWritten {
    HandWrittenOrdersTransform transform;

    @Setup
    public void setUp(Batch batch) {
      transform = check("hand-written", new HandWrittenOrdersTransform(), batch, batch.expectedKept);
    }
  }

  @State(Scope.Benchmark)
  public static class BuiltInChain {
    List<Transformation<SinkRecord>> chain;

    @Setup
    public void setUp(Batch batch) {
      chain = Contenders.builtInChain();
      int kept = 0;
      for (SinkRecord record : batch.records) {
        kept += Contenders.applyChain(chain, record) == null ? 0 : 1;
      }
      requireKept("built-in chain", kept, batch.records.length);
    }

    @TearDown
    public void tearDown() {
      chain.forEach(Transformation::close);
    }
  }

  @State(Scope.Benchmark)
  public static class DebeziumGroovy {
    Transformation<SinkRecord> filter;

    @Setup
    public void setUp(Batch batch) {
      filter = check("Debezium Groovy Filter", Contenders.debeziumGroovyFilter(), batch, batch.expectedKept);
    }

    @TearDown
    public void tearDown() {
      filter.close();
    }
  }

  @State(Scope.Benchmark)
  public static class SqlPredicateFilter {
    SqlPredicate<SinkRecord> predicate;

    @Setup
    public void setUp(Batch batch) {
      predicate = Contenders.sqlPredicate();
      int kept = 0;
      for (SinkRecord record : batch.records) {
        kept += Contenders.filterUnless(predicate, record) == null ? 0 : 1;
      }
      requireKept("SqlPredicate", kept, batch.expectedKept);
    }

    @TearDown
    public void tearDown() {
      predicate.close();
    }
  }

  // ------------------------------------------------------------------ full query: filter + projection

  /** SqlTransform, lineage.enabled=false: the like-for-like comparison with the hand-written SMT. */
  @Benchmark
  public int sqlTransform(Batch batch, SqlNoLineage sql, CpuTime cpu, Blackhole blackhole) {
    return run(sql.transform, batch.records, cpu, blackhole);
  }

  /** SqlTransform with its default lineage.enabled=true: also appends the sf.path header hop. */
  @Benchmark
  public int sqlTransformLineage(Batch batch, SqlWithLineage sql, CpuTime cpu, Blackhole blackhole) {
    return run(sql.transform, batch.records, cpu, blackhole);
  }

  /** The same logic written by hand in Java. */
  @Benchmark
  public int handWritten(Batch batch, HandWritten hand, CpuTime cpu, Blackhole blackhole) {
    return run(hand.transform, batch.records, cpu, blackhole);
  }

  /** ReplaceField + Cast: the closest the built-in SMTs come (no filter, no functions). */
  @Benchmark
  public int builtInChain(Batch batch, BuiltInChain chain, CpuTime cpu, Blackhole blackhole) {
    long start = CpuTime.now();
    int kept = 0;
    for (SinkRecord record : batch.records) {
      SinkRecord out = Contenders.applyChain(chain.chain, record);
      if (out != null) {
        kept++;
        blackhole.consume(out);
      }
    }
    cpu.add(start);
    return kept;
  }

  // ------------------------------------------------------------------ the predicate alone

  /** Debezium's scripting Filter, language=jsr223.groovy, on the WHERE condition. */
  @Benchmark
  public int debeziumGroovyFilter(Batch batch, DebeziumGroovy debezium, CpuTime cpu, Blackhole blackhole) {
    return run(debezium.filter, batch.records, cpu, blackhole);
  }

  /** Kafka's Filter (negate=true) over SqlPredicate: drops the records the condition does not match. */
  @Benchmark
  public int sqlPredicateFilter(Batch batch, SqlPredicateFilter sql, CpuTime cpu, Blackhole blackhole) {
    long start = CpuTime.now();
    int kept = 0;
    for (SinkRecord record : batch.records) {
      SinkRecord out = Contenders.filterUnless(sql.predicate, record);
      if (out != null) {
        kept++;
        blackhole.consume(out);
      }
    }
    cpu.add(start);
    return kept;
  }

  /** SqlTransform with only the WHERE clause (SELECT *): filters and re-emits the kept records. */
  @Benchmark
  public int sqlTransformWhereOnly(Batch batch, SqlWhereOnly sql, CpuTime cpu, Blackhole blackhole) {
    return run(sql.transform, batch.records, cpu, blackhole);
  }

  // ------------------------------------------------------------------ helpers

  private static int run(Transformation<SinkRecord> transform, SinkRecord[] records, CpuTime cpu,
      Blackhole blackhole) {
    long start = CpuTime.now();
    int kept = 0;
    for (SinkRecord record : records) {
      SinkRecord out = transform.apply(record);
      if (out != null) {
        kept++;
        blackhole.consume(out);
      }
    }
    cpu.add(start);
    return kept;
  }

  static int countKept(Transformation<SinkRecord> transform, SinkRecord[] records) {
    int kept = 0;
    for (SinkRecord record : records) {
      kept += transform.apply(record) == null ? 0 : 1;
    }
    return kept;
  }

  private static <T extends Transformation<SinkRecord>> T check(String name, T transform, Batch batch, int expected) {
    requireKept(name, countKept(transform, batch.records), expected);
    return transform;
  }

  private static void requireKept(String name, int kept, int expected) {
    if (kept != expected) {
      throw new IllegalStateException(name + " kept " + kept + " records where " + expected
          + " were expected: the contenders do not do the same work");
    }
  }
}
