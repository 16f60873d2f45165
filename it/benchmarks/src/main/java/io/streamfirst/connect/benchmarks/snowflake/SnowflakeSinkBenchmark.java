// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.benchmarks.snowflake;

import io.streamfirst.connect.benchmarks.clickhouse.MixedRows;
import io.streamfirst.connect.sink.RecordingSinkTaskContext;
import io.streamfirst.connect.snowflake.SnowflakeSinkConfig;
import io.streamfirst.connect.snowflake.SnowflakeSinkTask;
import io.streamfirst.connect.snowflake.fake.FakeSnowflake;
import io.streamfirst.connect.snowflake.ingest.IngestChannel;
import io.streamfirst.connect.snowflake.ingest.IngestService;
import io.streamfirst.connect.snowflake.sql.ChangeColumns;
import io.streamfirst.connect.snowflake.sql.Column;
import io.streamfirst.connect.snowflake.sql.TableRef;
import io.streamfirst.connect.snowflake.write.Rows;
import java.math.BigDecimal;
import java.security.KeyPairGenerator;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.sink.SinkRecord;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * The Snowflake sink task's write path (decode, fit the table, build the row, append with its offset
 * token, track it until committed) against the limit: a bare loop calling the ingest channel's
 * {@code appendRow} with maps built before the measurement, both over the in-process fake account (which
 * copies each appended row, for both alike). Append mode and CDC mode (change rows with key, op, version
 * and offset; the MERGE runs on the warehouse, not in the task, and is not measured). Each invocation
 * writes all {@code rows} rows into a fresh account and checks they were all committed, so the score
 * (milliseconds per invocation) converts to rows/s as {@code rows / score}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g", "-XX:+UseParallelGC"})
@Warmup(iterations = 3)
@Measurement(iterations = 5)
public class SnowflakeSinkBenchmark {

  static final String TOPIC = "bench";
  static final TableRef TABLE = new TableRef("DB", "PUBLIC", "BENCH");

  @Param("200000")
  public int rows;

  /** Records per put(), as Connect's max.poll.records. */
  @Param("500")
  public int pollSize;

  /**
   * How the fake account treats appended rows, alike for both contenders. {@code streams}: it commits after
   * every poll (every {@code pollSize} rows) and counts the rows it commits without keeping them, as rows
   * leave the worker's heap with Snowflake's service; the sink's polls see its rows committed and stop
   * tracking them. {@code holds}: it commits once at the end and keeps every row in the heap (the runs
   * before 2026-12-08), so every garbage collection of a shot copies the rows committed so far, and whether
   * a shot's allocation fits the young generation decides its time.
   */
  @Param({"streams", "holds"})
  public String fakeAccount;

  private List<SinkRecord> records;
  private String pem;
  private List<Column> columns;
  private List<Map<String, Object>> appendMaps;
  private List<Map<String, Object>> changeMaps;
  private String account;

  /**
   * Builds what the running benchmark needs, and only that: each benchmark runs in its own fork, and inputs
   * it does not use would only sit in its heap (a contender's old generation full of the other's maps makes
   * its garbage collections slower and more frequent).
   */
  @Setup(Level.Trial)
  public void prepare(BenchmarkParams params) throws Exception {
    String benchmark = params.getBenchmark();
    boolean bare = benchmark.contains(".bare");
    boolean cdc = benchmark.endsWith("Cdc");
    records = MixedRows.records(TOPIC, rows, 7);
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    pem = Base64.getEncoder().encodeToString(generator.generateKeyPair().getPrivate().getEncoded());
    Rows converter = new Rows(name -> name.toUpperCase(Locale.ROOT));
    columns = converter.columns(null, MixedRows.SCHEMA);
    appendMaps = new ArrayList<>(rows);
    changeMaps = new ArrayList<>(rows);
    for (SinkRecord record : bare ? records : List.<SinkRecord>of()) {
      Map<String, Object> row = new LinkedHashMap<>(converter.values(record.value(), MixedRows.SCHEMA));
      if (!cdc) {
        appendMaps.add(row);
        continue;
      }
      Map<String, Object> change = new LinkedHashMap<>(row);
      change.put(ChangeColumns.OP, "u");
      change.put(ChangeColumns.VERSION, BigDecimal.valueOf(record.kafkaOffset()));
      change.put(ChangeColumns.OFFSET, record.kafkaOffset());
      change.put(ChangeColumns.TOPIC, TOPIC);
      change.put(ChangeColumns.PARTITION, 0);
      change.put(ChangeColumns.KEY_COLUMNS, "\"ID\"");
      changeMaps.add(change);
    }
    for (SinkRecord record : records) {
      ((Struct) record.value()).validate();
    }
    if (bare) {
      records = null; // the bare loop appends the maps only
    }
  }

  @Setup(Level.Invocation)
  public void freshAccount() {
    account = "bench-" + UUID.randomUUID();
  }

  /**
   * Drops the account's rows and collects them before the next shot (not measured), so that no shot pays
   * for the garbage of the one before it.
   */
  @TearDown(Level.Invocation)
  public void dropAccount() {
    FakeSnowflake.drop(account);
    System.gc();
  }

  private Map<String, String> props(boolean cdc) {
    Map<String, String> props = new HashMap<>();
    props.put("name", "bench");
    props.put(SnowflakeSinkConfig.ACCOUNT_URL, "https://bench.snowflakecomputing.com");
    props.put(SnowflakeSinkConfig.USER, "BENCH");
    props.put(SnowflakeSinkConfig.PRIVATE_KEY, pem);
    props.put(SnowflakeSinkConfig.DATABASE, TABLE.database());
    props.put(SnowflakeSinkConfig.SCHEMA, TABLE.schema());
    props.put(SnowflakeSinkConfig.SERVICE_FACTORY_CLASS, FakeSnowflake.FACTORY);
    props.put(SnowflakeSinkConfig.COMMIT_CHECK_INTERVAL_MS, "10");
    props.put(FakeSnowflake.INSTANCE_KEY, account);
    if (cdc) {
      props.put(SnowflakeSinkConfig.INGEST_MODE, "cdc");
      props.put(SnowflakeSinkConfig.KEY_COLUMNS, "id");
      props.put(SnowflakeSinkConfig.MERGE_INTERVAL_MS, "86400000");
    }
    return props;
  }

  private int sink(boolean cdc) {
    SnowflakeSinkTask task = new SnowflakeSinkTask();
    task.initialize(new RecordingSinkTaskContext(false));
    task.start(props(cdc));
    FakeSnowflake snowflake = account(FakeSnowflake.named(account));
    boolean streams = streams();
    try {
      task.open(List.of(new TopicPartition(TOPIC, 0)));
      for (int from = 0; from < rows; from += pollSize) {
        task.put(records.subList(from, Math.min(rows, from + pollSize)));
        if (streams) {
          snowflake.commitPending();
        }
      }
      snowflake.commitPending();
      return check(snowflake, cdc);
    } finally {
      task.stop();
    }
  }

  private int bare(boolean cdc) {
    FakeSnowflake snowflake = account(FakeSnowflake.named(account));
    boolean streams = streams();
    IngestService service = snowflake.service();
    TableRef table = cdc ? ChangeColumns.changesOf(TABLE) : TABLE;
    List<Column> tableColumns = new ArrayList<>(columns);
    if (cdc) {
      tableColumns.addAll(ChangeColumns.changes());
    }
    service.catalog().create(table, tableColumns);
    List<Map<String, Object>> maps = cdc ? changeMaps : appendMaps;
    try (IngestChannel channel = service.client(table.table()).openChannel("bench_bench_0")) {
      for (int i = 0; i < rows; i++) {
        channel.appendRow(maps.get(i), Long.toString(i));
        if (streams && (i + 1) % pollSize == 0) {
          snowflake.commitPending();
        }
      }
    }
    snowflake.commitPending();
    return check(snowflake, cdc);
  }

  private boolean streams() {
    return "streams".equals(fakeAccount);
  }

  private FakeSnowflake account(FakeSnowflake snowflake) {
    if (streams()) {
      snowflake.discardCommittedRows();
    }
    return snowflake;
  }

  private int check(FakeSnowflake snowflake, boolean cdc) {
    long count = snowflake.committedRows(cdc ? ChangeColumns.changesOf(TABLE) : TABLE);
    if (count != rows) {
      throw new IllegalStateException("the table holds " + count + " rows, expected " + rows);
    }
    return (int) count;
  }

  @Benchmark
  public int sinkAppend() {
    return sink(false);
  }

  @Benchmark
  public int bareAppendRowAppend() {
    return bare(false);
  }

  @Benchmark
  public int sinkCdc() {
    return sink(true);
  }

  @Benchmark
  public int bareAppendRowCdc() {
    return bare(true);
  }
}
