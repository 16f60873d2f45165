// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.governance;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Time;
import org.apache.kafka.connect.data.Timestamp;

/** A record with every Connect type and logical type, optional fields, defaults and nesting. */
final class ConnectSamples {

  static final Schema ADDRESS = SchemaBuilder.struct().name("io.streamfirst.test.Address").doc("where")
      .field("street", Schema.STRING_SCHEMA)
      .field("zip", SchemaBuilder.int32().optional().build())
      .build();

  static final Schema EVERYTHING = SchemaBuilder.struct().name("io.streamfirst.test.Everything").version(3)
      .doc("every Connect type")
      .field("i8", Schema.INT8_SCHEMA)
      .field("i16", Schema.INT16_SCHEMA)
      .field("i32", Schema.INT32_SCHEMA)
      .field("i64", Schema.INT64_SCHEMA)
      .field("f32", Schema.FLOAT32_SCHEMA)
      .field("f64", Schema.FLOAT64_SCHEMA)
      .field("flag", Schema.BOOLEAN_SCHEMA)
      .field("text", Schema.STRING_SCHEMA)
      .field("blob", Schema.BYTES_SCHEMA)
      .field("amount", Decimal.schema(2))
      .field("day", Date.SCHEMA)
      .field("clock", Time.SCHEMA)
      .field("at", Timestamp.SCHEMA)
      .field("opt_text", Schema.OPTIONAL_STRING_SCHEMA)
      .field("opt_null", Schema.OPTIONAL_INT64_SCHEMA)
      .field("opt_amount", Decimal.builder(4).optional().build())
      .field("opt_day", Date.builder().optional().build())
      .field("opt_at", Timestamp.builder().optional().build())
      .field("with_default", SchemaBuilder.string().defaultValue("n/a").build())
      .field("int_default", SchemaBuilder.int32().defaultValue(7).build())
      .field("opt_with_default", SchemaBuilder.int16().optional().defaultValue((short) 5).build())
      .field("address", ADDRESS)
      .field("opt_address", SchemaBuilder.struct().name("io.streamfirst.test.Backup")
          .field("street", Schema.STRING_SCHEMA).optional().build())
      .field("tags", SchemaBuilder.array(Schema.STRING_SCHEMA).build())
      .field("scores", SchemaBuilder.array(Schema.OPTIONAL_FLOAT64_SCHEMA).build())
      .field("addresses", SchemaBuilder.array(ADDRESS).build())
      .field("counts", SchemaBuilder.map(Schema.STRING_SCHEMA, Schema.INT64_SCHEMA).build())
      .field("by_id", SchemaBuilder.map(Schema.INT32_SCHEMA, Schema.STRING_SCHEMA).build())
      .field("nested", SchemaBuilder.map(Schema.STRING_SCHEMA, SchemaBuilder.array(Schema.INT32_SCHEMA).build())
          .build())
      .build();

  private ConnectSamples() {}

  static Struct everything() {
    Struct address = new Struct(ADDRESS).put("street", "Main St 1").put("zip", 12345);
    Struct noZip = new Struct(ADDRESS).put("street", "Side St 2");
    Map<String, Long> counts = new LinkedHashMap<>();
    counts.put("a", 1L);
    counts.put("b", -2L);
    Map<Integer, String> byId = new LinkedHashMap<>();
    byId.put(1, "one");
    byId.put(-7, "minus seven");
    Map<String, List<Integer>> nested = new LinkedHashMap<>();
    nested.put("x", List.of(1, 2, 3));
    nested.put("empty", List.of());
    return new Struct(EVERYTHING)
        .put("i8", (byte) -8)
        .put("i16", (short) 1600)
        .put("i32", Integer.MIN_VALUE)
        .put("i64", Long.MAX_VALUE)
        .put("f32", 1.5f)
        .put("f64", -2.25e100)
        .put("flag", true)
        .put("text", "héllo ✓")
        .put("blob", new byte[]{0, 1, -1, 127})
        .put("amount", new BigDecimal("-12345678901234567890.12"))
        .put("day", new java.util.Date(19_000L * 24 * 60 * 60 * 1000))
        .put("clock", new java.util.Date(13 * 3600_000L + 14 * 60_000L + 15_123L))
        .put("at", new java.util.Date(1_764_065_473_123L))
        .put("opt_text", "present")
        .put("opt_amount", new BigDecimal("3.1416"))
        .put("opt_day", new java.util.Date(0L))
        .put("opt_at", new java.util.Date(-1_000L))
        .put("with_default", "given")
        .put("int_default", 42)
        .put("address", address)
        .put("tags", List.of("a", "b"))
        .put("scores", Arrays.asList(1.0, null, 3.5))
        .put("addresses", List.of(address, noZip))
        .put("counts", counts)
        .put("by_id", byId)
        .put("nested", nested);
  }
}
