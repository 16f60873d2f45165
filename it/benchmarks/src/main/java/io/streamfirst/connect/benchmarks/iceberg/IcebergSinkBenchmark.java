// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.benchmarks.iceberg;

import io.streamfirst.connect.benchmarks.Observability;
import io.streamfirst.connect.iceberg.IcebergSinkConfig;
import io.streamfirst.connect.iceberg.IcebergSinkTask;
import io.streamfirst.connect.iceberg.compact.Compactor;
import io.streamfirst.connect.sink.RecordingSinkTaskContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.data.GenericFileWriterFactory;
import org.apache.iceberg.encryption.EncryptedFiles;
import org.apache.iceberg.io.DataWriter;
import org.apache.iceberg.hadoop.HadoopCatalog;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.io.OutputFile;
import org.apache.iceberg.types.Types;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.sink.SinkRecord;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Rows per second into an Iceberg table (Hadoop catalog on a local directory), one batch of {@link #ROWS}
 * rows and one commit per invocation:
 * <ul>
 *   <li>{@code sinkAppend}: SinkRecords through {@link IcebergSinkTask} in append mode (change decoding,
 *       routing, Connect-to-Iceberg conversion, Parquet writing, the commit with offsets);</li>
 *   <li>{@code directAppend}: the baseline, the same rows already as Iceberg generic records written with
 *       Iceberg's generic Parquet appender and committed with a plain append;</li>
 *   <li>{@code sinkUpsert}: Debezium-envelope changes over {@link #KEYS} keys through the task in upsert mode
 *       (collapse per key, equality deletes, row delta);</li>
 *   <li>{@code sinkUpsertCompacting}: the same into its own table, then the sink's {@link Compactor} (built
 *       from the task's config, default thresholds) on the freshly loaded table, as the task does after an
 *       interval- or buffer-triggered commit; compactions happen every few commits, so their cost is
 *       amortised over the invocations. Tear-down prints the commits and compactions.</li>
 * </ul>
 * Figures are ratios against {@code directAppend} in the same run.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 5)
public class IcebergSinkBenchmark {

  static final int ROWS = 50_000;
  static final int KEYS = 10_000;

  static final Schema ROW = SchemaBuilder.struct().name("orders")
      .field("id", Schema.INT64_SCHEMA)
      .field("customer", Schema.STRING_SCHEMA)
      .field("amount", Schema.FLOAT64_SCHEMA)
      .field("qty", Schema.INT32_SCHEMA)
      .field("status", Schema.STRING_SCHEMA)
      .field("created_at", Timestamp.builder().build())
      .field("note", Schema.OPTIONAL_STRING_SCHEMA)
      .build();
  static final Schema KEY = SchemaBuilder.struct().name("key").field("id", Schema.INT64_SCHEMA).build();
  static final Schema ENVELOPE = SchemaBuilder.struct().name("envelope")
      .field("before", SchemaBuilder.struct().name("orders").optional()
          .field("id", Schema.INT64_SCHEMA).field("customer", Schema.STRING_SCHEMA)
          .field("amount", Schema.FLOAT64_SCHEMA).field("qty", Schema.INT32_SCHEMA)
          .field("status", Schema.STRING_SCHEMA).field("created_at", Timestamp.builder().build())
          .field("note", Schema.OPTIONAL_STRING_SCHEMA).build())
      .field("after", SchemaBuilder.struct().name("orders").optional()
          .field("id", Schema.INT64_SCHEMA).field("customer", Schema.STRING_SCHEMA)
          .field("amount", Schema.FLOAT64_SCHEMA).field("qty", Schema.INT32_SCHEMA)
          .field("status", Schema.STRING_SCHEMA).field("created_at", Timestamp.builder().build())
          .field("note", Schema.OPTIONAL_STRING_SCHEMA).build())
      .field("source", SchemaBuilder.struct().name("source").optional().field("ts_ms", Schema.INT64_SCHEMA).build())
      .field("op", Schema.STRING_SCHEMA)
      .build();

  private final int rows = ROWS;

  /**
   * Lineage and per-table freshness on the sink tasks' record path: {@code off} (neither), {@code on}
   * (OpenLineage events through the log transport, per-table committed-through tracking with an SLA
   * checked every second).
   */
  @org.openjdk.jmh.annotations.Param({"off", "on"})
  public String observability;

  /**
   * Only a label: with several values ({@code -p cycle=1,2,3,4}) JMH runs the {@code observability} values
   * interleaved (cycle 1 off, cycle 1 on, cycle 2 off, ...), each in its own fork, so that a change in the
   * machine's load during the run falls on both alike. Its name sorts before {@code observability}: JMH
   * runs parameter combinations in the order of their names.
   */
  @org.openjdk.jmh.annotations.Param("1")
  public int cycle;

  private Path warehouse;
  private HadoopCatalog catalog;
  private List<SinkRecord> appendRecords;
  private List<SinkRecord> upsertRecords;
  private List<Record> genericRows;
  private Table directTable;
  private GenericFileWriterFactory directWriters;
  private IcebergSinkTask appendTask;
  private IcebergSinkTask upsertTask;
  private IcebergSinkTask compactingTask;
  private Compactor compactor;
  private List<SinkRecord> compactingRecords;
  private int compactingCommits;
  private int compactions;
  private long offset;
  private final TopicPartition appendTp = new TopicPartition("bench-append", 0);
  private final TopicPartition upsertTp = new TopicPartition("bench-upsert", 0);
  private final TopicPartition compactingTp = new TopicPartition("bench-upsert-compacting", 0);
  private final TableIdentifier compactingTable = TableIdentifier.of("bench", "bench_upsert_compacting");

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    warehouse = Files.createTempDirectory("iceberg-bench");
    catalog = new HadoopCatalog(new Configuration(), warehouse.toUri().toString());
    Random random = new Random(7);
    appendRecords = new ArrayList<>(rows);
    upsertRecords = new ArrayList<>(rows);
    genericRows = new ArrayList<>(rows);
    org.apache.iceberg.Schema icebergSchema = new org.apache.iceberg.Schema(
        Types.NestedField.required(1, "id", Types.LongType.get()),
        Types.NestedField.required(2, "customer", Types.StringType.get()),
        Types.NestedField.required(3, "amount", Types.DoubleType.get()),
        Types.NestedField.required(4, "qty", Types.IntegerType.get()),
        Types.NestedField.required(5, "status", Types.StringType.get()),
        Types.NestedField.required(6, "created_at", Types.TimestampType.withZone()),
        Types.NestedField.optional(7, "note", Types.StringType.get()));
    Schema rowSchema = ENVELOPE.field("after").schema();
    for (int i = 0; i < rows; i++) {
      long id = i;
      String customer = "customer-" + random.nextInt(5_000);
      double amount = Math.round(random.nextDouble() * 100_000) / 100.0;
      int qty = 1 + random.nextInt(20);
      String status = random.nextInt(10) == 0 ? "cancelled" : "paid";
      java.util.Date created = new java.util.Date(1_700_000_000_000L + i * 1000L);
      String note = random.nextInt(4) == 0 ? "gift wrap please, deliver after " + (i % 17) + "pm" : null;
      Struct row = new Struct(ROW).put("id", id).put("customer", customer).put("amount", amount).put("qty", qty)
          .put("status", status).put("created_at", created).put("note", note);
      appendRecords.add(new SinkRecord("bench-append", 0, null, null, ROW, row, i));
      GenericRecord g = GenericRecord.create(icebergSchema);
      g.setField("id", id);
      g.setField("customer", customer);
      g.setField("amount", amount);
      g.setField("qty", qty);
      g.setField("status", status);
      g.setField("created_at", Instant.ofEpochMilli(created.getTime()).atOffset(ZoneOffset.UTC));
      g.setField("note", note);
      genericRows.add(g);
      long key = random.nextInt(KEYS);
      Struct after = new Struct(rowSchema).put("id", key).put("customer", customer).put("amount", amount)
          .put("qty", qty).put("status", status).put("created_at", created).put("note", note);
      Struct envelope = new Struct(ENVELOPE).put("after", after).put("op", "u")
          .put("source", new Struct(ENVELOPE.field("source").schema()).put("ts_ms", created.getTime()));
      upsertRecords.add(new SinkRecord("bench-upsert", 0, KEY, new Struct(KEY).put("id", key), ENVELOPE, envelope, i));
    }
    catalog.createNamespace(Namespace.of("bench"));
    directTable = catalog.createTable(TableIdentifier.of("bench", "direct"), icebergSchema,
        PartitionSpec.unpartitioned(),
        Map.of("format-version", "2"));
    directWriters = new GenericFileWriterFactory.Builder(directTable).dataFileFormat(FileFormat.PARQUET)
        .dataSchema(icebergSchema).build();
    appendTask = task("append");
    appendTask.open(List.of(appendTp));
    upsertTask = task("upsert");
    upsertTask.open(List.of(upsertTp));
    compactingRecords = new ArrayList<>(rows);
    for (SinkRecord r : upsertRecords) {
      compactingRecords.add(new SinkRecord(compactingTp.topic(), 0, r.keySchema(), r.key(), r.valueSchema(),
          r.value(), r.kafkaOffset()));
    }
    Map<String, String> compactingConfig = config("upsert", "bench-upsert-compacting");
    compactor = new Compactor(new IcebergSinkConfig(compactingConfig).compaction(),
        "bench-upsert-compacting-0", 0);
    compactingTask = new IcebergSinkTask();
    compactingTask.initialize(new RecordingSinkTaskContext(false));
    compactingTask.start(compactingConfig);
    compactingTask.open(List.of(compactingTp));
  }

  private IcebergSinkTask task(String mode) {
    IcebergSinkTask task = new IcebergSinkTask();
    task.initialize(new RecordingSinkTaskContext(false));
    task.start(config(mode, "bench-" + mode));
    return task;
  }

  private Map<String, String> config(String mode, String name) {
    Map<String, String> config = new HashMap<>();
    config.put("name", name);
    config.put("iceberg.catalog.type", "hadoop");
    config.put("iceberg.catalog.warehouse", warehouse.toUri().toString());
    config.put("iceberg.mode", mode);
    config.put("iceberg.table.name.template", "bench.${topic}");
    config.put("iceberg.commit.interval.ms", "3600000");
    config.put("iceberg.buffer.max.bytes", Long.toString(1L << 30));
    config.put("iceberg.upsert.delete.mode", "equality"); // the figures in the README; see IcebergUpsertDeleteModeBenchmark
    Observability.configure(config, observability);
    return config;
  }

  /** Fails unless {@code table} holds one row per key of the upsert batch, with the key's last change. */
  private void checkLastValues(Table table) throws IOException {
    Map<Long, String> expected = new HashMap<>();
    for (SinkRecord r : upsertRecords) {
      Struct after = ((Struct) r.value()).getStruct("after");
      expected.put(after.getInt64("id"), after.get("customer") + "|" + after.get("amount") + "|" + after.get("qty")
          + "|" + after.get("status") + "|" + after.get("note"));
    }
    Map<Long, String> actual = new HashMap<>();
    try (CloseableIterable<Record> scan = IcebergGenerics.read(table).build()) {
      for (Record row : scan) {
        String values = row.getField("customer") + "|" + row.getField("amount") + "|" + row.getField("qty") + "|"
            + row.getField("status") + "|" + row.getField("note");
        if (actual.put((Long) row.getField("id"), values) != null) {
          throw new IllegalStateException("key " + row.getField("id") + " appears twice in " + table.name());
        }
      }
    }
    if (!actual.equals(expected)) {
      throw new IllegalStateException(table.name() + " does not hold the last change of every key after "
          + compactingCommits + " commits and " + compactions + " compactions");
    }
  }

  /** The batch again at the next offsets (a task skips offsets its table already holds). */
  private static List<SinkRecord> shifted(List<SinkRecord> batch, long base) {
    List<SinkRecord> out = new ArrayList<>(batch.size());
    for (int i = 0; i < batch.size(); i++) {
      SinkRecord r = batch.get(i);
      out.add(new SinkRecord(r.topic(), r.kafkaPartition(), r.keySchema(), r.key(), r.valueSchema(), r.value(),
          base + i));
    }
    return out;
  }

  private List<SinkRecord> appendBatch;
  private List<SinkRecord> upsertBatch;
  private List<SinkRecord> compactingBatch;

  @Setup(Level.Invocation)
  public void nextBatch() {
    offset += rows;
    appendBatch = shifted(appendRecords, offset);
    upsertBatch = shifted(upsertRecords, offset);
    compactingBatch = shifted(compactingRecords, offset);
  }

  @Benchmark
  @OperationsPerInvocation(ROWS)
  public void sinkAppend(io.streamfirst.connect.benchmarks.SinkCpuTime cpu) {
    cpu.start();
    try {
      appendTask.put(appendBatch);
      appendTask.close(List.of(appendTp)); // commits
      appendTask.open(List.of(appendTp));
    } finally {
      cpu.stop();
    }
  }

  @Benchmark
  @OperationsPerInvocation(ROWS)
  public void directAppend() throws IOException {
    OutputFile out = directTable.io().newOutputFile(directTable.locationProvider()
        .newDataLocation(UUID.randomUUID() + ".parquet"));
    DataWriter<Record> writer = directWriters.newDataWriter(EncryptedFiles.plainAsEncryptedOutput(out),
        directTable.spec(), null);
    try (writer) {
      for (Record row : genericRows) {
        writer.write(row);
      }
    }
    DataFile file = writer.toDataFile();
    directTable.newAppend().appendFile(file).commit();
  }

  @Benchmark
  @OperationsPerInvocation(ROWS)
  public void sinkUpsert(io.streamfirst.connect.benchmarks.SinkCpuTime cpu) {
    cpu.start();
    try {
      upsertTask.put(upsertBatch);
      upsertTask.close(List.of(upsertTp));
      upsertTask.open(List.of(upsertTp));
    } finally {
      cpu.stop();
    }
  }

  @Benchmark
  @OperationsPerInvocation(ROWS)
  public void sinkUpsertCompacting() {
    compactingTask.put(compactingBatch);
    compactingTask.close(List.of(compactingTp));
    compactingCommits++;
    Compactor.Result result = compactor.compact(catalog.loadTable(compactingTable));
    switch (result.outcome()) {
      case COMPACTED -> compactions++;
      case NOTHING_TO_DO -> {}
      case CONFLICT, FAILED -> throw new IllegalStateException("compaction after commit " + compactingCommits
          + " ended " + result.outcome() + "; see the log");
    }
    compactingTask.open(List.of(compactingTp));
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    if (compactingCommits > 0) {
      System.out.printf("%n[sink-upsert-compacting] commits=%d compactions=%d%n", compactingCommits, compactions);
      checkLastValues(catalog.loadTable(compactingTable));
    }
    appendTask.stop();
    upsertTask.stop();
    compactingTask.stop();
    catalog.close();
    try (Stream<Path> files = Files.walk(warehouse)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> {
        try {
          Files.delete(p);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    }
  }
}
