// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.benchmarks;

import java.math.BigDecimal;
import java.util.Random;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.sink.SinkRecord;

/** The {@code orders} records every benchmark transforms: same schema, same seeded values. */
public final class Orders {

  /** The statement under test: a filter plus a five-column projection with string and arithmetic functions. */
  public static final String QUERY = "SELECT id, UPPER(TRIM(email)) AS email, amount * 100 AS amount_cents,"
      + " CASE WHEN country IN ('DE','FR') THEN 'eu' ELSE 'other' END AS region, status"
      + " FROM orders WHERE amount > 0 AND status <> 'test'";

  /** The WHERE clause of {@link #QUERY} alone, as a SqlPredicate condition. */
  public static final String CONDITION = "amount > 0 AND status <> 'test'";

  /** The same condition for Debezium's JSR-223 Groovy filter ({@code value} is the record's Struct). */
  public static final String GROOVY_CONDITION = "value.amount > 0 && value.status != 'test'";

  public static final String TOPIC = "orders";

  private static final String[] COUNTRIES = {"DE", "FR", "US", "GB", "PL", "ES", "NL", "BR"};
  private static final String[] STATUSES = {"paid", "paid", "paid", "shipped", "shipped", "cancelled", "test"};
  private static final long START_MS = 1_767_225_600_000L; // 2026-01-01T00:00:00Z

  private Orders() {}

  /** The value schema, named {@code name} so that tests can make distinct but equal-shaped schemas. */
  public static Schema schema(String name) {
    return SchemaBuilder.struct().name(name)
        .field("id", Schema.INT64_SCHEMA)
        .field("email", Schema.OPTIONAL_STRING_SCHEMA)
        .field("amount", Decimal.builder(2).optional().build())
        .field("country", Schema.OPTIONAL_STRING_SCHEMA)
        .field("status", Schema.OPTIONAL_STRING_SCHEMA)
        .field("created_at", Timestamp.builder().build())
        .field("items", Schema.INT32_SCHEMA)
        .field("note", Schema.OPTIONAL_STRING_SCHEMA)
        .build();
  }

  /**
   * {@code count} sink records with seeded values: about one in nine has a non-positive amount and
   * one in seven the status {@code test}, so roughly a fifth are filtered out; emails carry stray
   * spaces and mixed case.
   */
  public static SinkRecord[] records(int count, Schema schema) {
    Random random = new Random(20_260_101L);
    SinkRecord[] records = new SinkRecord[count];
    for (int i = 0; i < count; i++) {
      long id = 1_000_000L + i;
      String email = (i % 3 == 0 ? "  " : "") + "Customer." + id + "@Example.COM" + (i % 4 == 0 ? " " : "");
      BigDecimal amount = i % 9 == 0
          ? BigDecimal.valueOf(-random.nextInt(5_000), 2)
          : BigDecimal.valueOf(1 + random.nextInt(100_000), 2);
      Struct value = new Struct(schema)
          .put("id", id)
          .put("email", email)
          .put("amount", amount)
          .put("country", COUNTRIES[random.nextInt(COUNTRIES.length)])
          .put("status", STATUSES[random.nextInt(STATUSES.length)])
          .put("created_at", new java.util.Date(START_MS + i * 1_000L))
          .put("items", 1 + random.nextInt(9))
          .put("note", i % 5 == 0 ? "gift wrap" : null);
      records[i] = new SinkRecord(TOPIC, i % 6, Schema.STRING_SCHEMA, Long.toString(id), schema, value, i,
          START_MS + i * 1_000L, TimestampType.CREATE_TIME, new ConnectHeaders());
    }
    return records;
  }
}
