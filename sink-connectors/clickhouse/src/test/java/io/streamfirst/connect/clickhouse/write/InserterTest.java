// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.clickhouse.write;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamfirst.connect.clickhouse.ClickHouseSinkConfig;
import io.streamfirst.connect.clickhouse.WriteMode;
import io.streamfirst.connect.clickhouse.client.Availability;
import io.streamfirst.connect.clickhouse.client.ClickHouseConnection;
import io.streamfirst.connect.clickhouse.client.ClickHouseConnection.Format;
import io.streamfirst.connect.clickhouse.write.Inserter.Landing;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Time;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What a failed insert left in the table, judged for every partition of the batch: all rows there,
 * none, or some (the batch was split, which the sink must not repair by guessing).
 */
class InserterTest {

  private static final TopicPartition P0 = new TopicPartition("orders", 0);
  private static final TopicPartition P1 = new TopicPartition("orders", 1);

  private final ClickHouseConnection connection = new ClickHouseConnection(new ClickHouseSinkConfig(
      Map.of(ClickHouseSinkConfig.HOST, "127.0.0.1")));
  private Inserter inserter;

  private Inserter inserter(WriteMode mode) {
    inserter = new Inserter(connection, new RecordingTables("18.16.1"), mode,
        new Availability("http://127.0.0.1:8123", 1000, Time.SYSTEM), Time.SYSTEM, 1, 1, Duration.ofMillis(100),
        Duration.ofSeconds(1), "test");
    return inserter;
  }

  @AfterEach
  void close() {
    if (inserter != null) {
      inserter.close();
    }
    connection.close();
  }

  /** Partition 0: offsets 10-19 (10 rows), partition 1: offsets 5-9 (5 rows). */
  private static Batch batch() {
    Map<TopicPartition, long[]> ranges = new LinkedHashMap<>();
    ranges.put(P0, new long[]{10, 19, 10});
    ranges.put(P1, new long[]{5, 9, 5});
    return new Batch("orders", "`orders`", Format.ROW_BINARY, List.of(), new Bytes(16), 15, ranges, new long[15], 15,
        0);
  }

  @Test
  void appendBatchLandedOnlyWhenEveryPartitionHasAllItsRows() {
    Inserter append = inserter(WriteMode.APPEND);
    assertThat(append.landing(batch(), Map.of(P0, new long[]{10, 19}, P1, new long[]{5, 9}))).isEqualTo(Landing.ALL);
    assertThat(append.landing(batch(), Map.of())).isEqualTo(Landing.NONE);
    assertThat(append.landing(batch(), Map.of(P0, new long[]{10, 19})))
        .as("one partition landed, the other not: the batch was split").isEqualTo(Landing.PARTIAL);
    assertThat(append.landing(batch(), Map.of(P0, new long[]{4, 19}, P1, new long[]{5, 9})))
        .as("the last offset is there but rows are missing").isEqualTo(Landing.PARTIAL);
    assertThat(append.landing(batch(), Map.of(P0, new long[]{20, 19}, P1, new long[]{5, 9})))
        .as("rows twice").isEqualTo(Landing.PARTIAL);
  }

  @Test
  void cdcBatchLandedWhenEveryPartitionHasItsLastChangeRowsOfOneKeyMayHaveCollapsed() {
    Inserter cdc = inserter(WriteMode.CDC);
    assertThat(cdc.landing(batch(), Map.of(P0, new long[]{7, 19}, P1, new long[]{2, 9}))).isEqualTo(Landing.ALL);
    assertThat(cdc.landing(batch(), Map.of(P0, new long[]{7, 19}))).isEqualTo(Landing.PARTIAL);
    assertThat(cdc.landing(batch(), Map.of(P0, new long[]{3, 15}, P1, new long[]{2, 9}))).isEqualTo(Landing.PARTIAL);
    assertThat(cdc.landing(batch(), Map.of())).isEqualTo(Landing.NONE);
  }
}
