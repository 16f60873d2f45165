// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.it.cdc;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streamfirst.connect.it.fixtures.MariaDbFixture;
import io.streamfirst.connect.it.fixtures.PostgresFixture;
import io.streamfirst.connect.it.harness.ConnectCluster;
import io.streamfirst.connect.it.harness.ConnectClusterExtension;
import io.streamfirst.connect.it.harness.ConsumedRecord;
import io.streamfirst.connect.it.harness.UniqueNames;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * One table definition with the common column types, captured from PostgreSQL and from MariaDB with
 * {@code streamfirst.output.format=flat}: the value schemas (field names, types, logical types,
 * optionality, order) and the rows must be the same, so a sink sees one shape whatever the source.
 */
class CdcFlatShapeIT {

  @RegisterExtension
  static final PostgresFixture POSTGRES = new PostgresFixture();

  @RegisterExtension
  static final MariaDbFixture MARIADB = new MariaDbFixture();

  @RegisterExtension
  static final ConnectClusterExtension CONNECT = new ConnectClusterExtension(b -> b.workers(1));

  /** Column list with PostgreSQL's type names; MySQL's differ only where the dialects name a type differently. */
  private static final String POSTGRES_COLUMNS = "(id INT PRIMARY KEY, name VARCHAR(40) NOT NULL, note TEXT,"
      + " qty BIGINT, small SMALLINT, price NUMERIC(10,2), ratio DOUBLE PRECISION, active BOOLEAN, born DATE,"
      + " seen TIMESTAMP(6), changed TIMESTAMPTZ(6))";
  private static final String MYSQL_COLUMNS = "(id INT PRIMARY KEY, name VARCHAR(40) NOT NULL, note TEXT,"
      + " qty BIGINT, small SMALLINT, price DECIMAL(10,2), ratio DOUBLE, active BOOLEAN, born DATE,"
      + " seen DATETIME(6), changed TIMESTAMP(6) NULL)";
  private static final String[] ROWS = {
      "(1, 'bolt', 'zinc plated', 5000000000, 7, 12.34, 0.5, TRUE, '2026-11-25', '2026-11-25 10:11:12.123456',"
          + " '2026-11-25 10:11:12.654321')",
      "(2, 'nut', NULL, NULL, NULL, NULL, NULL, FALSE, NULL, NULL, NULL)"};

  @Test
  void postgresAndMariaDbGiveTheSameFlatRowsForTheSameTable() throws Exception {
    ConnectCluster cluster = CONNECT.cluster();
    PostgresCdc postgres = new PostgresCdc(POSTGRES);
    MySqlCdc mysql = new MySqlCdc(MARIADB, cluster);
    String table = CdcSource.tableName("parts");
    String pgConnector = UniqueNames.of("pg-shape");
    String myConnector = UniqueNames.of("my-shape");
    postgres.execute("SET TIME ZONE 'UTC'", "CREATE TABLE " + table + " " + POSTGRES_COLUMNS,
        "ALTER TABLE " + table + " REPLICA IDENTITY FULL", "INSERT INTO " + table + " VALUES " + ROWS[0]);
    mysql.execute("SET time_zone = '+00:00'", "CREATE TABLE " + table + " " + MYSQL_COLUMNS,
        "INSERT INTO " + table + " VALUES " + ROWS[0]);
    cluster.deploy(pgConnector, flatWithSchemas(postgres.config(table)));
    cluster.deploy(myConnector, flatWithSchemas(mysql.config(table)));
    cluster.awaitRunning(pgConnector, 1);
    cluster.awaitRunning(myConnector, 1);
    CdcTopics.awaitRecords(cluster, postgres.topic(pgConnector, table), records -> !records.isEmpty());
    CdcTopics.awaitRecords(cluster, mysql.topic(myConnector, table), records -> !records.isEmpty());

    postgres.execute("SET TIME ZONE 'UTC'", "INSERT INTO " + table + " VALUES " + ROWS[1],
        "UPDATE " + table + " SET qty = 42, note = 'updated' WHERE id = 2", "DELETE FROM " + table + " WHERE id = 1");
    mysql.execute("SET time_zone = '+00:00'", "INSERT INTO " + table + " VALUES " + ROWS[1],
        "UPDATE " + table + " SET qty = 42, note = 'updated' WHERE id = 2", "DELETE FROM " + table + " WHERE id = 1");
    List<ConsumedRecord> fromPostgres = CdcTopics.awaitRecords(cluster, postgres.topic(pgConnector, table),
        records -> records.size() >= 5);
    List<ConsumedRecord> fromMySql = CdcTopics.awaitRecords(cluster, mysql.topic(myConnector, table),
        records -> records.size() >= 5);

    assertThat(fromMySql).hasSize(5);
    assertThat(fromPostgres).hasSize(5);
    JsonNode mySchema = fromMySql.get(0).valueJson().path("schema");
    JsonNode pgSchema = fromPostgres.get(0).valueJson().path("schema");
    assertThat(mySchema.path("fields")).as("flat value schema fields").isNotEmpty()
        .isEqualTo(pgSchema.path("fields"));
    for (int i = 0; i < 5; i++) {
      assertThat(payloadWithoutTime(fromMySql.get(i))).as("record %d", i)
          .isEqualTo(payloadWithoutTime(fromPostgres.get(i)));
    }
    assertThat(fromMySql)
        .extracting(r -> r.value() == null ? "tombstone" : r.valueJson().path("payload").path("__op").asText())
        .containsExactly("r", "c", "u", "d", "tombstone");
    assertThat(fromMySql.get(0).valueJson().path("payload").path("active").isBoolean()).isTrue();

    postgres.deleteConnector(cluster, pgConnector);
    mysql.deleteConnector(cluster, myConnector);
  }

  private static Map<String, String> flatWithSchemas(Map<String, String> config) {
    config.put("streamfirst.output.format", "flat");
    config.put("value.converter.schemas.enable", "true");
    return config;
  }

  /** The flat payload without the source commit time, which differs between the two servers. */
  private static JsonNode payloadWithoutTime(ConsumedRecord record) {
    if (record.value() == null) {
      return null;
    }
    ObjectNode payload = (ObjectNode) record.valueJson().path("payload").deepCopy();
    assertThat(payload.path("__source_ts_ms").asLong()).as("__source_ts_ms of %s", record).isPositive();
    payload.remove("__source_ts_ms");
    return payload;
  }
}
