// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.cdc.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamfirst.connect.cdc.common.ChangeLineage;
import java.util.Map;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.junit.jupiter.api.Test;

class PostgresSourceInfoReaderTest {

  private static final Schema SOURCE = SchemaBuilder.struct().name("io.debezium.connector.postgresql.Source")
      .field("db", Schema.STRING_SCHEMA).field("schema", Schema.STRING_SCHEMA)
      .field("table", Schema.STRING_SCHEMA).field("ts_ms", Schema.INT64_SCHEMA)
      .field("txId", Schema.OPTIONAL_INT64_SCHEMA).field("lsn", Schema.OPTIONAL_INT64_SCHEMA).build();

  private final PostgresSourceInfoReader reader = new PostgresSourceInfoReader("db1.internal", 5433, "shop");

  @Test
  void changeEventsNameTheirTableCommitTimeLsnAndTransaction() {
    Struct source = new Struct(SOURCE).put("db", "shop").put("schema", "public").put("table", "orders")
        .put("ts_ms", 1_700_000_000_123L).put("txId", 771L).put("lsn", 0x1_6B37_4D48L);

    ChangeLineage lineage = reader.read(source, Map.of("lsn", 1L));

    assertThat(lineage).isEqualTo(new ChangeLineage("postgres://db1.internal:5433/shop/public.orders",
        1_700_000_000_123L, "1/6B374D48", "771"));
  }

  @Test
  void eachRecordNamesItsOwnTableWhenTablesAlternate() {
    for (String table : new String[]{"orders", "customers", "orders", "orders"}) {
      Struct source = new Struct(SOURCE).put("db", "shop").put("schema", "sales").put("table", table)
          .put("ts_ms", 1L);
      assertThat(reader.read(source, Map.of()).origin())
          .isEqualTo("postgres://db1.internal:5433/shop/sales." + table);
    }
    assertThat(reader.read(null, Map.of()).origin()).isEqualTo("postgres://db1.internal:5433/shop");
  }

  @Test
  void recordsWithoutSourceBlockUseTheOffsetAndTheDatabase() {
    ChangeLineage lineage = reader.read(null, Map.of("lsn", 0x16B3748L, "txId", 5L));

    assertThat(lineage).isEqualTo(new ChangeLineage("postgres://db1.internal:5433/shop", null, "0/16B3748", "5"));
  }

  @Test
  void lsnIsPrintedAsPostgresPrintsIt() {
    assertThat(PostgresSourceInfoReader.formatLsn(0L)).isEqualTo("0/0");
    assertThat(PostgresSourceInfoReader.formatLsn(0xFFFF_FFFF_0000_0001L)).isEqualTo("FFFFFFFF/1");
    assertThat(PostgresSourceInfoReader.formatLsn(0x0000_0001_16B3_748AL)).isEqualTo("1/16B3748A");
    java.util.Random random = new java.util.Random(7);
    for (int i = 0; i < 1000; i++) {
      long lsn = random.nextLong();
      assertThat(PostgresSourceInfoReader.formatLsn(lsn)).isEqualTo(
          Long.toHexString(lsn >>> 32).toUpperCase(java.util.Locale.ROOT) + "/"
              + Long.toHexString(lsn & 0xFFFFFFFFL).toUpperCase(java.util.Locale.ROOT));
    }
  }
}
