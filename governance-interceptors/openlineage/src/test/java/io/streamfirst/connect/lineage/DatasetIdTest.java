// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.lineage;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Dataset names follow OpenLineage's naming conventions. */
class DatasetIdTest {

  @Test
  void postgresTableIsHostPortAndDatabaseSchemaTable() {
    assertThat(DatasetId.postgres("DB.example.com", 5432, "shop", "public", "orders"))
        .isEqualTo(new DatasetId("postgres://db.example.com:5432", "shop.public.orders"));
  }

  @Test
  void mysqlTableIsHostPortAndDatabaseTable() {
    assertThat(DatasetId.mysql("mysql1", 3306, "shop", "orders"))
        .isEqualTo(new DatasetId("mysql://mysql1:3306", "shop.orders"));
  }

  @Test
  void kafkaTopicIsTheFirstBootstrapServerWithoutProtocol() {
    assertThat(DatasetId.kafka(List.of("PLAINTEXT://Broker1:9092", "broker2:9092"), "shop.public.orders"))
        .isEqualTo(new DatasetId("kafka://broker1:9092", "shop.public.orders"));
    assertThat(DatasetId.kafka(List.of("localhost:39092"), "t"))
        .isEqualTo(new DatasetId("kafka://localhost:39092", "t"));
  }

  @Test
  void icebergTableIsTheWarehouseLocationAndNamespaceTable() {
    assertThat(DatasetId.iceberg("s3://lake/warehouse/", "analytics", "orders"))
        .isEqualTo(new DatasetId("s3://lake/warehouse", "analytics.orders"));
    assertThat(DatasetId.iceberg("file:/tmp/wh", "", "orders")).isEqualTo(new DatasetId("file:/tmp/wh", "orders"));
  }

  @Test
  void clickhouseTableIsHostPortAndDatabaseTable() {
    assertThat(DatasetId.clickhouse("ch", 8123, "default", "orders"))
        .isEqualTo(new DatasetId("clickhouse://ch:8123", "default.orders"));
  }
}
