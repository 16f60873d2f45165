// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.cdc.mysql;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamfirst.connect.cdc.common.ChangeLineage;
import java.util.Map;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.junit.jupiter.api.Test;

class MySqlSourceInfoReaderTest {

  private static final Schema SOURCE = SchemaBuilder.struct().name("io.debezium.connector.mysql.Source")
      .field("db", Schema.STRING_SCHEMA).field("table", Schema.OPTIONAL_STRING_SCHEMA)
      .field("ts_ms", Schema.INT64_SCHEMA).field("snapshot", Schema.OPTIONAL_STRING_SCHEMA)
      .field("gtid", Schema.OPTIONAL_STRING_SCHEMA).field("file", Schema.STRING_SCHEMA)
      .field("pos", Schema.INT64_SCHEMA).field("row", Schema.INT32_SCHEMA).build();

  private final MySqlSourceInfoReader reader = new MySqlSourceInfoReader("db1.internal", 3307);

  @Test
  void changesNameTheirTableCommitTimeBinlogPositionAndGtid() {
    Struct source = new Struct(SOURCE).put("db", "shop").put("table", "orders").put("ts_ms", 1_700_000_000_123L)
        .put("snapshot", "false").put("gtid", "0-1-42").put("file", "mariadb-bin.000003").put("pos", 4711L)
        .put("row", 0);

    ChangeLineage lineage = reader.read(source, Map.of("file", "mariadb-bin.000003", "pos", 4600L, "event", 2L,
        "row", 1));

    assertThat(lineage).isEqualTo(new ChangeLineage("mysql://db1.internal:3307/shop.orders", 1_700_000_000_123L,
        "mariadb-bin.000003:4600:2:1", "0-1-42"));
  }

  @Test
  void eachRecordNamesItsOwnTableWhenTablesAlternate() {
    for (String table : new String[]{"orders", "customers", "orders", "orders"}) {
      Struct source = new Struct(SOURCE).put("db", "shop").put("table", table).put("ts_ms", 1L)
          .put("file", "mariadb-bin.000001").put("pos", 4L).put("row", 0);
      assertThat(reader.read(source, Map.of()).origin()).isEqualTo("mysql://db1.internal:3307/shop." + table);
    }
    assertThat(reader.read(null, Map.of()).origin()).isEqualTo("mysql://db1.internal:3307");
  }

  @Test
  void withoutGtidTheTransactionIsWhereItStartsInTheBinlog() {
    Struct source = new Struct(SOURCE).put("db", "shop").put("table", "orders").put("ts_ms", 1L)
        .put("snapshot", "false").put("file", "binlog.000007").put("pos", 900L).put("row", 1);

    ChangeLineage lineage = reader.read(source, Map.of("file", "binlog.000007", "pos", 850L, "row", 1));

    assertThat(lineage.position()).isEqualTo("binlog.000007:850:0:1");
    assertThat(lineage.txId()).isEqualTo("binlog.000007:850");
  }

  @Test
  void twoChangesWithOneRowEventPositionAreToldApartByTheOffset() {
    Struct source = new Struct(SOURCE).put("db", "shop").put("table", "orders").put("ts_ms", 1L)
        .put("snapshot", "false").put("gtid", "0-1-9").put("file", "binlog.000007").put("pos", 900L).put("row", 0);

    String first = reader.read(source, Map.of("file", "binlog.000007", "pos", 850L, "event", 1L, "row", 1)).position();
    String second = reader.read(source, Map.of("file", "binlog.000007", "pos", 850L, "event", 2L, "row", 1)).position();

    assertThat(first).isEqualTo("binlog.000007:850:1:1").isNotEqualTo(second);
  }

  @Test
  void snapshotReadsBelongToNoTransaction() {
    Struct source = new Struct(SOURCE).put("db", "shop").put("table", "orders").put("ts_ms", 1L)
        .put("snapshot", "true").put("gtid", "0-1-42").put("file", "binlog.000007").put("pos", 4L).put("row", 0);

    assertThat(reader.read(source, Map.of()).txId()).isNull();
  }

  @Test
  void recordsWithoutSourceBlockUseTheOffsetAndTheServer() {
    ChangeLineage lineage = reader.read(null, Map.of("file", "binlog.000002", "pos", 157L));

    assertThat(lineage).isEqualTo(new ChangeLineage("mysql://db1.internal:3307", null, "binlog.000002:157:0:0", null));
  }
}
