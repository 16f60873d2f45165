// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.clickhouse.schema;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamfirst.connect.clickhouse.WriteMode;
import io.streamfirst.connect.clickhouse.schema.ChType.Kind;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TableDdlTest {

  static final ServerFeatures OLD = ServerFeatures.of("18.16.1");
  static final ServerFeatures CURRENT = ServerFeatures.of("24.8");

  private static Map<String, ChType> columns() {
    Map<String, ChType> columns = new LinkedHashMap<>();
    columns.put("id", ChType.simple(Kind.INT64, "Int64"));
    columns.put("name", ChType.nullable(ChType.simple(Kind.STRING, "String")));
    return columns;
  }

  @Test
  void appendTablesAreMergeTreeOrderedByKafkaCoordinates() {
    assertThat(TableDdl.createTable("db", "orders", columns(), WriteMode.APPEND, List.of(), OLD)).isEqualTo(
        "CREATE TABLE IF NOT EXISTS `db`.`orders` (`id` Int64, `name` Nullable(String), `_sf_topic` String,"
            + " `_sf_partition` Int32, `_sf_offset` Int64) ENGINE = MergeTree"
            + " ORDER BY (`_sf_topic`, `_sf_partition`, `_sf_offset`)");
  }

  @Test
  void cdcTablesAreReplacingMergeTreeOnTheVersionOrderedByTheKey() {
    assertThat(TableDdl.createTable("db", "orders", columns(), WriteMode.CDC, List.of("id"), OLD)).isEqualTo(
        "CREATE TABLE IF NOT EXISTS `db`.`orders` (`id` Int64, `name` Nullable(String), `_sf_topic` String,"
            + " `_sf_partition` Int32, `_sf_offset` Int64, `_sf_version` UInt64, `_sf_deleted` UInt8)"
            + " ENGINE = ReplacingMergeTree(`_sf_version`) ORDER BY (`id`)");
  }

  @Test
  void currentServersGetIsDeletedAndADeduplicationWindow() {
    assertThat(TableDdl.createTable("db", "orders", columns(), WriteMode.CDC, List.of("id"), CURRENT))
        .contains("ENGINE = ReplacingMergeTree(`_sf_version`, `_sf_deleted`) ORDER BY (`id`)")
        .endsWith(" SETTINGS non_replicated_deduplication_window = 1000");
  }

  @Test
  void hostileNamesStayInsideTheirQuotes() {
    Map<String, ChType> columns = new LinkedHashMap<>();
    columns.put("from", ChType.simple(Kind.STRING, "String"));
    columns.put("x` String) ENGINE = Log; DROP TABLE y; --", ChType.simple(Kind.STRING, "String"));
    String ddl = TableDdl.createTable("default", "t`; DROP DATABASE default; --", columns, WriteMode.APPEND,
        List.of(), OLD);
    assertThat(ddl).startsWith("CREATE TABLE IF NOT EXISTS `default`.`t\\`; DROP DATABASE default; --` (`from` String,"
        + " `x\\` String) ENGINE = Log; DROP TABLE y; --` String,");
    assertThat(TableDdl.addColumn("default", "my.table", "new`col", ChType.simple(Kind.INT32, "Int32")))
        .isEqualTo("ALTER TABLE `default`.`my.table` ADD COLUMN `new\\`col` Int32");
    assertThat(TableDdl.highWaterMarks("default", "t", "topic' OR '1'='1"))
        .contains("WHERE `_sf_topic` = 'topic\\' OR \\'1\\'=\\'1'");
  }

  @Test
  void theLandingCheckCountsEveryPartitionOfTheBatchWithQuotedTopics() {
    java.util.Map<org.apache.kafka.common.TopicPartition, long[]> ranges = new java.util.LinkedHashMap<>();
    ranges.put(new org.apache.kafka.common.TopicPartition("a'b", 0), new long[]{10, 19, 10});
    ranges.put(new org.apache.kafka.common.TopicPartition("c", 3), new long[]{5, 9, 5});
    assertThat(TableDdl.batchRows("default", "t`x", ranges)).isEqualTo("SELECT `_sf_topic` AS t, `_sf_partition` AS p,"
        + " count() AS n, max(`_sf_offset`) AS o FROM `default`.`t\\`x` WHERE (`_sf_topic` = 'a\\'b' AND"
        + " `_sf_partition` = 0 AND `_sf_offset` BETWEEN 10 AND 19) OR (`_sf_topic` = 'c' AND `_sf_partition` = 3 AND"
        + " `_sf_offset` BETWEEN 5 AND 9) GROUP BY `_sf_topic`, `_sf_partition`");
  }
}
