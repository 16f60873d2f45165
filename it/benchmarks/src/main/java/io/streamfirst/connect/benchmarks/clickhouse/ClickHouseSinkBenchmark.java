// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.benchmarks.clickhouse;

import io.streamfirst.connect.benchmarks.Observability;
import com.clickhouse.client.api.Client;
import com.clickhouse.client.api.data_formats.RowBinaryFormatWriter;
import com.clickhouse.client.api.insert.InsertSettings;
import com.clickhouse.client.api.metadata.TableSchema;
import com.clickhouse.data.ClickHouseColumn;
import com.clickhouse.data.ClickHouseFormat;
import io.streamfirst.connect.clickhouse.ClickHouseSinkTask;
import io.streamfirst.connect.it.fixtures.ClickHouseFixture;
import io.streamfirst.connect.sink.RecordingSinkTaskContext;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.RetriableException;
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

/**
 * Rows per second into a real ClickHouse server (the test fixture's, on loopback): the sink task's
 * whole write path (decode, route, encode RowBinary, insert, commit bookkeeping) against a bare
 * client-v2 loop that encodes the same values with the client's own RowBinary writer and inserts
 * them in batches of the same size. Each invocation writes all {@code rows} rows into a fresh table,
 * so the score (seconds per invocation) converts to rows/s as {@code rows / score}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g", "-XX:+UseParallelGC"})
@Warmup(iterations = 2)
@Measurement(iterations = 5)
public class ClickHouseSinkBenchmark {

  /** Rows per invocation; 1M by default. */
  @Param("1000000")
  public int rows;

  /** Records per put(), as Connect's max.poll.records. */
  @Param("500")
  public int pollSize;

  /**
   * Lineage and per-table freshness on the sink task's record path: {@code off} (neither), {@code on}
   * (OpenLineage events through the log transport, per-table committed-through tracking with an SLA
   * checked every second).
   */
  @Param({"off", "on"})
  public String observability;

  /**
   * Only a label: with several values ({@code -p cycle=1,2,3,4}) JMH runs the {@code observability} values
   * interleaved (cycle 1 off, cycle 1 on, cycle 2 off, ...), each in its own fork, so that a change in the
   * machine's load during the run falls on both alike. Its name sorts before {@code observability}: JMH
   * runs parameter combinations in the order of their names.
   */
  @Param("1")
  public int cycle;

  /** Rows per insert, the same for both contenders (the sink's batch.max.records). */
  @Param("100000")
  public int batchRows;

  private ClickHouseFixture clickhouse;
  private Client client;
  private List<SinkRecord> records;
  private TableSchema schema;
  private String table;
  private int round;
  private int retries;
  private long lifecycleNanos;
  private int lifecycles;

  @Setup(Level.Trial)
  public void start() {
    clickhouse = new ClickHouseFixture();
    clickhouse.start();
    client = new Client.Builder().addEndpoint(clickhouse.httpUrl()).setUsername(clickhouse.user())
        .setPassword(clickhouse.password()).setDefaultDatabase(clickhouse.database()).build();
    records = MixedRows.records("bench", rows, 7);
    schema = new TableSchema(List.of(
        ClickHouseColumn.of("id", "Int64"), ClickHouseColumn.of("user_id", "Int32"),
        ClickHouseColumn.of("amount", "Decimal(18, 2)"), ClickHouseColumn.of("price", "Float64"),
        ClickHouseColumn.of("qty", "Int16"), ClickHouseColumn.of("active", "UInt8"),
        ClickHouseColumn.of("created", "DateTime('UTC')"), ClickHouseColumn.of("day", "Date"),
        ClickHouseColumn.of("country", "String"), ClickHouseColumn.of("note", "Nullable(String)"),
        ClickHouseColumn.of("_sf_topic", "String"), ClickHouseColumn.of("_sf_partition", "Int32"),
        ClickHouseColumn.of("_sf_offset", "Int64")));
  }

  @Setup(Level.Invocation)
  public void freshTable() {
    table = "bench_" + (++round);
    clickhouse.execute(MixedRows.createTable(table));
  }

  @TearDown(Level.Invocation)
  public void checkAndDrop() {
    long count = Long.parseLong(clickhouse.query("SELECT count() FROM " + table));
    if (count != rows) {
      throw new IllegalStateException("table " + table + " holds " + count + " rows, expected " + rows);
    }
    clickhouse.execute("DROP TABLE " + table);
  }

  @TearDown(Level.Trial)
  public void stop() {
    System.out.printf("%n[clickhouse-sink] put() or preCommit() retried %d times after a RetriableException;"
        + " task start and stop took %.1f ms of the benchmark thread's CPU per invocation (%d, warm-up included)%n",
        retries, lifecycleNanos / 1e6 / Math.max(1, lifecycles), lifecycles);
    client.close();
    clickhouse.stop();
  }

  /** The sink task, records handed over in polls of {@code pollSize}, then one offset commit. */
  @Benchmark
  public Object sinkTask(io.streamfirst.connect.benchmarks.SinkCpuTime cpu) {
    return sinkTaskRun(cpu);
  }

  /**
   * {@code cpu} counts the record path (every {@code put()} and the final {@code preCommit()}) apart from the
   * task's start and stop, which a running task pays once, not per record.
   */
  private Object sinkTaskRun(io.streamfirst.connect.benchmarks.SinkCpuTime cpu) {
    cpu.lifecycleStart();
    ClickHouseSinkTask task = new ClickHouseSinkTask();
    task.initialize(new RecordingSinkTaskContext(false));
    Map<String, String> props = new HashMap<>();
    props.put("name", "bench");
    props.put("clickhouse.host", "127.0.0.1");
    props.put("clickhouse.port", Integer.toString(clickhouse.httpPort()));
    props.put("clickhouse.user", clickhouse.user());
    props.put("clickhouse.password", clickhouse.password());
    props.put("table.name.format", table);
    props.put("batch.max.records", Integer.toString(batchRows));
    props.put("batch.max.wait.ms", "60000");
    props.put("buffer.max.bytes", Long.toString(32L << 20));
    Observability.configure(props, observability);
    task.start(props);
    lifecycleNanos += cpu.lifecycleStop();
    cpu.start();
    boolean recordPath = true;
    try {
      for (int from = 0; from < rows; from += pollSize) {
        List<SinkRecord> poll = records.subList(from, Math.min(rows, from + pollSize));
        while (true) {
          try {
            task.put(poll);
            break;
          } catch (RetriableException e) {
            retries++; // as a worker does: the same records again (a loaded server may refuse an insert)
          }
        }
      }
      Map<TopicPartition, OffsetAndMetadata> offsets = Map.of(new TopicPartition("bench", 0),
          new OffsetAndMetadata(rows));
      Map<TopicPartition, OffsetAndMetadata> committed = task.preCommit(offsets);
      while (committed.isEmpty()) {
        retries++;
        committed = task.preCommit(offsets);
      }
      cpu.stop();
      recordPath = false;
      cpu.lifecycleStart();
      return committed;
    } finally {
      if (recordPath) {
        cpu.stop();
        cpu.lifecycleStart();
      }
      task.stop();
      lifecycleNanos += cpu.lifecycleStop();
      lifecycles++;
    }
  }

  /** The limit: the same values, written by client-v2's RowBinary writer, {@code batchRows} per insert. */
  @Benchmark
  public int bareClientV2RowBinary() throws Exception {
    InsertSettings settings = new InsertSettings();
    List<String> columns = List.of("id", "user_id", "amount", "price", "qty", "active", "created", "day", "country",
        "note", "_sf_topic", "_sf_partition", "_sf_offset");
    for (int from = 0; from < rows; from += batchRows) {
      int start = from;
      int end = Math.min(rows, from + batchRows);
      client.insert(table, columns, out -> {
        RowBinaryFormatWriter writer = new RowBinaryFormatWriter(out, schema, ClickHouseFormat.RowBinary);
        for (int i = start; i < end; i++) {
          SinkRecord record = records.get(i);
          Struct v = (Struct) record.value();
          writer.setLong(1, v.getInt64("id"));
          writer.setInteger(2, v.getInt32("user_id"));
          writer.setBigDecimal(3, (java.math.BigDecimal) v.get("amount"));
          writer.setDouble(4, v.getFloat64("price"));
          writer.setShort(5, v.getInt16("qty"));
          writer.setValue(6, v.getBoolean("active") ? 1 : 0);
          writer.setValue(7,
              Instant.ofEpochMilli(((java.util.Date) v.get("created")).getTime()).atZone(ZoneOffset.UTC));
          writer.setValue(8, LocalDate.ofEpochDay(((java.util.Date) v.get("day")).getTime() / 86_400_000L));
          writer.setString(9, v.getString("country"));
          writer.setValue(10, v.getString("note"));
          writer.setString(11, record.topic());
          writer.setInteger(12, record.kafkaPartition());
          writer.setLong(13, record.kafkaOffset());
          writer.commitRow();
        }
      }, ClickHouseFormat.RowBinary, settings).get(120, TimeUnit.SECONDS).close();
    }
    return rows;
  }

}
