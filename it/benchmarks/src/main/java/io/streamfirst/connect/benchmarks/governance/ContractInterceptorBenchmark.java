// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.benchmarks.governance;

import com.sun.net.httpserver.HttpServer;
import io.streamfirst.connect.benchmarks.CpuTime;
import io.streamfirst.connect.benchmarks.Orders;
import io.streamfirst.connect.governance.ContractProducerInterceptor;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.storage.StringConverter;
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
 * A Connect source task's producer path ({@link ProducerPath}: converters, producer record, serializers,
 * partitioner, record batches) over the same {@link Orders} records without an interceptor
 * ({@code producerPath}) and with {@link ContractProducerInterceptor} checking a CEL rule and a SQL rule of the
 * topic's contract ({@code producerPathWithContract}), in the same run. The value converter is Kafka's
 * {@code JsonConverter} without schemas, the interceptor reads values with the same. The contract comes from a
 * contracts file; the registry is a local HTTP server that does not have the subject (asked once, in setup). One
 * operation sends the whole batch: records/s = ops/s x recordCount, bytes allocated per record =
 * gc.alloc.rate.norm / recordCount ({@code -prof gc}). Setup checks that the contract routes exactly the breaking
 * records to the quarantine topic.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 2, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@State(Scope.Benchmark)
public class ContractInterceptorBenchmark {

  static final String TOPIC = "orders";
  private static final java.lang.management.ThreadMXBean THREADS = java.lang.management.ManagementFactory
      .getThreadMXBean();
  /** The CEL rule and the SQL rule the interceptor checks, both re-routing breaking records. */
  static final String CONTRACT = "{\"orders-value\": {\"ruleSet\": {\"domainRules\": ["
      + "{\"name\": \"amountAndItems\", \"type\": \"CEL\", \"expr\": \"message.amount >= 0.0 && message.items > 0\","
      + " \"onFailure\": \"DLQ\"},"
      + "{\"name\": \"statusAndEmail\", \"type\": \"SQL\", \"expr\": \"status <> 'test' AND email LIKE '%@%'\","
      + " \"onFailure\": \"DLQ\"}]}}}";

  @Param({"4096"})
  public int recordCount;

  private HttpServer registry;
  private Path contracts;
  private ContractProducerInterceptor interceptor;
  private ProducerPath plain;
  private ProducerPath governed;
  private Schema schema;
  private String[] keys;
  private Struct[] values;
  private long[] timestamps;

  @Setup
  public void setUp() throws IOException {
    registry = notFoundRegistry();
    contracts = Files.createTempFile("contracts", ".json");
    Files.writeString(contracts, CONTRACT);
    interceptor = new ContractProducerInterceptor();
    interceptor.configure(interceptorConfig("http://127.0.0.1:" + registry.getAddress().getPort(), contracts));
    plain = new ProducerPath(keyConverter(), valueConverter(), null);
    governed = new ProducerPath(keyConverter(), valueConverter(), interceptor);

    schema = Orders.schema("orders.Value");
    SinkRecord[] records = Orders.records(recordCount, schema);
    keys = new String[records.length];
    values = new Struct[records.length];
    timestamps = new long[records.length];
    int breaking = 0;
    for (int i = 0; i < records.length; i++) {
      keys[i] = (String) records[i].key();
      values[i] = (Struct) records[i].value();
      timestamps[i] = records[i].timestamp();
      breaking += breaks(values[i]) ? 1 : 0;
    }
    sendAll(governed);
    int quarantined = governed.countsByTopic.getOrDefault(TOPIC + ".quarantine", 0);
    int passed = governed.countsByTopic.getOrDefault(TOPIC, 0);
    if (quarantined != breaking || passed + quarantined != recordCount || breaking == 0) {
      throw new IllegalStateException("the contract routed " + passed + " records to " + TOPIC + " and " + quarantined
          + " to the quarantine topic; expected " + (recordCount - breaking) + " and " + breaking);
    }
  }

  /** What the two rules say, written in Java. */
  static boolean breaks(Struct value) {
    BigDecimal amount = (BigDecimal) value.get("amount");
    String email = value.getString("email");
    return amount.signum() < 0 || value.getInt32("items") <= 0 || "test".equals(value.getString("status"))
        || !email.contains("@");
  }

  static Map<String, Object> interceptorConfig(String registryUrl, Path contracts) {
    Map<String, Object> config = new HashMap<>();
    config.put("streamfirst.contract.topics", TOPIC);
    config.put("streamfirst.contract.value.converter", JsonConverter.class.getName());
    config.put("streamfirst.contract.value.converter.schemas.enable", "false");
    config.put("streamfirst.contract.value.converter.decimal.format", "NUMERIC");
    config.put("streamfirst.contract.schema.registry.url", registryUrl);
    config.put("streamfirst.contract.contracts.file", contracts.toString());
    return config;
  }

  static JsonConverter valueConverter() {
    JsonConverter converter = new JsonConverter();
    converter.configure(Map.of("schemas.enable", "false", "decimal.format", "NUMERIC"), false);
    return converter;
  }

  static StringConverter keyConverter() {
    StringConverter converter = new StringConverter();
    converter.configure(Map.of(), true);
    return converter;
  }

  /** A registry that has no subject: the contract is the contracts file's. */
  static HttpServer notFoundRegistry() throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", exchange -> {
      byte[] body = "{\"error_code\":40401,\"message\":\"Subject not found\"}".getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(404, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    server.start();
    return server;
  }

  private void sendAll(ProducerPath path) {
    for (int i = 0; i < values.length; i++) {
      String topic = path.send(TOPIC, keys[i], schema, values[i], timestamps[i]);
      path.countsByTopic.merge(topic, 1, Integer::sum);
    }
  }

  @TearDown
  public void tearDown() throws IOException {
    interceptor.close();
    registry.stop(0);
    Files.deleteIfExists(contracts);
  }

  @Benchmark
  public void producerPath(Blackhole blackhole, CpuTime cpu) {
    sendAll(plain, blackhole, cpu);
  }

  @Benchmark
  public void producerPathWithContract(Blackhole blackhole, CpuTime cpu) {
    sendAll(governed, blackhole, cpu);
  }

  /** Sends every record through {@code path}, counting the benchmark thread's CPU time. */
  private void sendAll(ProducerPath path, Blackhole blackhole, CpuTime cpu) {
    long start = THREADS.getCurrentThreadCpuTime();
    for (int i = 0; i < values.length; i++) {
      blackhole.consume(path.send(TOPIC, keys[i], schema, values[i], timestamps[i]));
    }
    cpu.cpuNanos += THREADS.getCurrentThreadCpuTime() - start;
    cpu.batches++;
  }
}
