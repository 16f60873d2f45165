// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.benchmarks.clickhouse;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.sink.SinkRecord;

/** The benchmark's rows: 10 mixed columns, seeded, as the SinkRecords a Connect worker would hand over. */
public final class MixedRows {

  public static final Schema SCHEMA = SchemaBuilder.struct().name("bench.Event")
      .field("id", Schema.INT64_SCHEMA)
      .field("user_id", Schema.INT32_SCHEMA)
      .field("amount", Decimal.builder(2).parameter("connect.decimal.precision", "18").build())
      .field("price", Schema.FLOAT64_SCHEMA)
      .field("qty", Schema.INT16_SCHEMA)
      .field("active", Schema.BOOLEAN_SCHEMA)
      .field("created", Timestamp.SCHEMA)
      .field("day", Date.SCHEMA)
      .field("country", Schema.STRING_SCHEMA)
      .field("note", Schema.OPTIONAL_STRING_SCHEMA)
      .build();

  /** The table both contenders insert into: the types the sink creates for {@link #SCHEMA} on 18.16. */
  static String createTable(String table) {
    return "CREATE TABLE " + table + " (id Int64, user_id Int32, amount Decimal(18, 2), price Float64, qty Int16,"
        + " active UInt8, created DateTime('UTC'), day Date, country String, note Nullable(String),"
        + " _sf_topic String, _sf_partition Int32, _sf_offset Int64)"
        + " ENGINE = MergeTree ORDER BY (_sf_topic, _sf_partition, _sf_offset)";
  }

  private static final String[] COUNTRIES = {"DE", "FR", "US", "BR", "JP", "IN", "NG", "AU"};

  private MixedRows() {}

  public static List<SinkRecord> records(String topic, int count, long seed) {
    Random random = new Random(seed);
    List<SinkRecord> out = new ArrayList<>(count);
    long day = 86_400_000L;
    for (int i = 0; i < count; i++) {
      long created = 1_700_000_000_000L + random.nextInt(1_000_000_000);
      Struct value = new Struct(SCHEMA)
          .put("id", (long) i)
          .put("user_id", random.nextInt(1_000_000))
          .put("amount", BigDecimal.valueOf(random.nextInt(10_000_000), 2))
          .put("price", random.nextDouble() * 1000)
          .put("qty", (short) random.nextInt(100))
          .put("active", random.nextBoolean())
          .put("created", new java.util.Date(created))
          .put("day", new java.util.Date(created / day * day))
          .put("country", COUNTRIES[random.nextInt(COUNTRIES.length)])
          .put("note", random.nextInt(10) == 0 ? null : "note " + Integer.toString(random.nextInt(), 36));
      out.add(new SinkRecord(topic, 0, null, null, SCHEMA, value, i, created, null));
    }
    return out;
  }
}
