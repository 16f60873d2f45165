// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.benchmarks;

import io.streamfirst.connect.sql.SqlTransform;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.connect.sink.SinkRecord;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What a new record schema costs SqlTransform: the first record of a schema the engine has not
 * seen is planned (Calcite), compiled (Janino) and then evaluated. Each invocation gets a freshly
 * configured transform and a schema object of its own, so nothing is cached for it.
 *
 * <p>{@link #newSchemaWarm} measures this in a JVM that has already compiled many schemas (a worker
 * that has been running); {@link #newSchemaColdJvm} measures the very first compilation in fresh
 * JVMs, including the loading and JIT-less first run of Calcite and Janino.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@State(Scope.Thread)
public class SchemaCompileBenchmark {

  private static final AtomicLong SCHEMAS = new AtomicLong();

  private SqlTransform<SinkRecord> transform;
  private SinkRecord first;

  @Setup(Level.Invocation)
  public void freshTransformAndSchema() {
    transform = Contenders.sqlTransform(Orders.QUERY, false);
    first = Orders.records(1, Orders.schema("orders.Value.v" + SCHEMAS.incrementAndGet()))[0];
  }

  @TearDown(Level.Invocation)
  public void closeTransform() {
    transform.close();
  }

  /** Plan + compile + evaluate the first record of a new schema, in a warmed-up JVM. */
  @Benchmark
  @Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
  @Warmup(iterations = 20)
  @Measurement(iterations = 40)
  public SinkRecord newSchemaWarm() {
    return transform.apply(first);
  }

  /** The same for the first schema a JVM ever sees (one shot per fork, five fresh JVMs). */
  @Benchmark
  @Fork(value = 5, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
  @Warmup(iterations = 0)
  @Measurement(iterations = 1)
  public SinkRecord newSchemaColdJvm() {
    return transform.apply(first);
  }
}
