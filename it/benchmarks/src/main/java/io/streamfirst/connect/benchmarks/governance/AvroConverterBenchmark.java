// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.benchmarks.governance;

import io.streamfirst.connect.benchmarks.Orders;
import io.streamfirst.connect.governance.AvroConverter;
import io.streamfirst.connect.it.fixtures.ApicurioRegistryFixture;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.storage.Converter;
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
 * Streamfirst's {@code AvroConverter} against Apicurio's Connect {@code AvroConverter} (Confluent-compatible
 * mode) on the same {@link Orders} records, both against one real Apicurio registry: one operation serializes
 * (or deserializes) the whole batch, so records/s = ops/s x recordCount and bytes allocated per record =
 * gc.alloc.rate.norm / recordCount ({@code -prof gc}). Schemas are registered and cached in setup, so the
 * registry is not on the measured path. Setup checks that each converter reads back what the other wrote.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 2, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@State(Scope.Benchmark)
public class AvroConverterBenchmark {

  private static final String TOPIC = "bench-orders";

  @Param({"4096"})
  public int recordCount;

  private ApicurioRegistryFixture registry;
  private Converter streamfirst;
  private Converter apicurio;
  private Schema schema;
  private Struct[] values;
  private byte[][] streamfirstBytes;
  private byte[][] apicurioBytes;

  @Setup
  public void setUp() {
    registry = new ApicurioRegistryFixture();
    registry.start();
    streamfirst = new AvroConverter();
    streamfirst.configure(Map.of("schema.registry.url", registry.confluentApiUrl()), false);
    apicurio = new io.apicurio.registry.utils.converter.AvroConverter<>();
    Map<String, Object> config = new HashMap<>();
    config.put("apicurio.registry.url", registry.url() + "/apis/registry/v2");
    config.put("apicurio.registry.auto-register", "true");
    config.put("apicurio.registry.as-confluent", "true");
    config.put("apicurio.registry.use-id", "contentId");
    config.put("apicurio.registry.headers.enabled", "false");
    apicurio.configure(config, false);

    schema = Orders.schema("orders.Value");
    SinkRecord[] records = Orders.records(recordCount, schema);
    values = new Struct[records.length];
    streamfirstBytes = new byte[records.length][];
    apicurioBytes = new byte[records.length][];
    for (int i = 0; i < records.length; i++) {
      values[i] = (Struct) records[i].value();
      streamfirstBytes[i] = streamfirst.fromConnectData(TOPIC, schema, values[i]);
      apicurioBytes[i] = apicurio.fromConnectData(TOPIC + "-apicurio", schema, values[i]);
    }
    for (int i = 0; i < records.length; i++) {
      check(apicurio.toConnectData(TOPIC, streamfirstBytes[i]), i, "Apicurio reading Streamfirst's bytes");
      check(streamfirst.toConnectData(TOPIC, apicurioBytes[i]), i, "Streamfirst reading Apicurio's bytes");
      check(streamfirst.toConnectData(TOPIC, streamfirstBytes[i]), i, "Streamfirst reading its own bytes");
      check(apicurio.toConnectData(TOPIC, apicurioBytes[i]), i, "Apicurio reading its own bytes");
    }
  }

  private void check(SchemaAndValue read, int i, String what) {
    Struct value = (Struct) read.value();
    for (org.apache.kafka.connect.data.Field field : schema.fields()) {
      Object expected = values[i].get(field);
      Object actual = value.get(field.name());
      if (expected == null ? actual != null : !expected.equals(actual)) {
        throw new IllegalStateException(what + ": record " + i + " field " + field.name() + " differs");
      }
    }
  }

  @TearDown
  public void tearDown() throws Exception {
    streamfirst.close();
    apicurio.close();
    registry.stop();
  }

  @Benchmark
  public void streamfirstSerialize(Blackhole blackhole) {
    for (Struct value : values) {
      blackhole.consume(streamfirst.fromConnectData(TOPIC, schema, value));
    }
  }

  @Benchmark
  public void apicurioSerialize(Blackhole blackhole) {
    for (Struct value : values) {
      blackhole.consume(apicurio.fromConnectData(TOPIC + "-apicurio", schema, value));
    }
  }

  @Benchmark
  public void streamfirstDeserialize(Blackhole blackhole) {
    for (byte[] bytes : streamfirstBytes) {
      blackhole.consume(streamfirst.toConnectData(TOPIC, bytes));
    }
  }

  @Benchmark
  public void apicurioDeserialize(Blackhole blackhole) {
    for (byte[] bytes : streamfirstBytes) {
      blackhole.consume(apicurio.toConnectData(TOPIC, bytes));
    }
  }
}
