// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.it.snowflake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamfirst.connect.it.fixtures.PostgresFixture;
import io.streamfirst.connect.snowflake.sql.Column;
import io.streamfirst.connect.snowflake.sql.ColumnType;
import io.streamfirst.connect.snowflake.sql.ColumnType.Kind;
import io.streamfirst.connect.snowflake.sql.Dialect;
import io.streamfirst.connect.snowflake.sql.JdbcCatalog;
import io.streamfirst.connect.snowflake.sql.TableRef;
import io.streamfirst.connect.snowflake.write.Tables;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.connect.errors.DataException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The Snowflake sink's DDL, rendered for PostgreSQL and run on a real PostgreSQL 17: tables created from a
 * record's columns and evolved (ADD COLUMN, widening, dropping NOT NULL) through the sink's evolution model,
 * with hostile schema, table and column names. The Snowflake text of the same statements is pinned by
 * SnowflakeDialectTest.
 */
class SnowflakeDdlPostgresIT {

  @RegisterExtension
  static final PostgresFixture POSTGRES = new PostgresFixture();

  static final String SCHEMA = "we\"ird.Schema";
  static final String TABLE = "sel\"ect.Orders; DROP TABLE x; --";
  static final String ITEM = "item \"name\"";

  @Test
  void createAndEvolveWithHostileNamesHaveTheirMeaningOnARealEngine() throws Exception {
    try (Connection admin = POSTGRES.connection(); Statement s = admin.createStatement()) {
      s.execute("CREATE SCHEMA " + Dialect.quote(SCHEMA));
    }
    TableRef table = new TableRef(POSTGRES.database(), SCHEMA, TABLE);
    try (JdbcCatalog catalog = new JdbcCatalog(POSTGRES::connection, Dialect.POSTGRES, "postgres fixture")) {
      Tables tables = new Tables(catalog, true, true);
      List<Column> v1 = List.of(new Column("ID", ColumnType.of(Kind.INT64), false),
          new Column(ITEM, ColumnType.of(Kind.STRING), false), new Column("select", ColumnType.of(Kind.INT32), false));
      assertThat(catalog.describe(table)).as("no table yet").isNull();
      assertThat(tables.fit(table, v1, "orders-0@0")).isTrue();
      assertThat(catalog.describe(table)).isEqualTo(v1);
      assertThat(tables.fit(table, v1, "orders-0@1")).as("nothing to change").isFalse();

      // v1 semantics: NOT NULL holds, INTEGER overflows at 2^31
      assertThat(insertFails(table, 1, null, 1)).isTrue();
      assertThat(insertFails(table, 2, "a", 5_000_000_000L)).isTrue();
      assertThat(insertFails(table, 3, "b", 7)).isFalse();

      // v2: item optional, select widened to 64 bits, a new column
      List<Column> v2 = List.of(new Column("ID", ColumnType.of(Kind.INT64), false),
          new Column(ITEM, ColumnType.of(Kind.STRING), true), new Column("select", ColumnType.of(Kind.INT64), false),
          new Column("Note.v2", ColumnType.of(Kind.STRING), true));
      Tables fresh = new Tables(catalog, true, true); // reads the table's columns back from PostgreSQL
      assertThat(fresh.fit(table, v2, "orders-0@2")).isTrue();
      assertThat(catalog.describe(table)).isEqualTo(v2);
      assertThat(insertFails(table, 4, null, 5_000_000_000L)).isFalse();
      assertThat(new Tables(catalog, true, true).fit(table, v2, "orders-0@3")).as("evolution is idempotent").isFalse();

      // a narrower type fits as is; an incompatible one is a bad record, not DDL
      assertThat(fresh.fit(table, List.of(new Column("select", ColumnType.of(Kind.INT16), false)), "orders-0@4"))
          .as("only the missing fields' NOT NULL is dropped").isTrue();
      assertThatThrownBy(() -> fresh.fit(table, List.of(new Column("ID", ColumnType.of(Kind.STRING), false)),
          "orders-0@5")).isInstanceOf(DataException.class).hasMessageContaining("orders-0@5");

      assertThat(rows(table)).containsExactly("3|b|7", "4|null|5000000000");
    }
    try (Connection c = POSTGRES.connection();
        Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SELECT count(*) FROM information_schema.tables WHERE table_name = 'x'")) {
      r.next();
      assertThat(r.getInt(1)).as("no injected statement ran").isZero();
    }
  }

  private static boolean insertFails(TableRef table, long id, String item, long select) throws Exception {
    String sql = "INSERT INTO " + Dialect.POSTGRES.qualified(table) + " (\"ID\", " + Dialect.quote(ITEM)
        + ", \"select\") VALUES (?, ?, ?)";
    try (Connection c = POSTGRES.connection(); PreparedStatement p = c.prepareStatement(sql)) {
      p.setLong(1, id);
      p.setString(2, item);
      p.setLong(3, select);
      p.executeUpdate();
      return false;
    } catch (java.sql.SQLException e) {
      return true;
    }
  }

  private static List<String> rows(TableRef table) throws Exception {
    List<String> out = new ArrayList<>();
    try (Connection c = POSTGRES.connection();
        Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SELECT \"ID\", " + Dialect.quote(ITEM) + ", \"select\" FROM "
            + Dialect.POSTGRES.qualified(table) + " ORDER BY \"ID\"")) {
      while (r.next()) {
        out.add(r.getLong(1) + "|" + r.getString(2) + "|" + r.getLong(3));
      }
    }
    return out;
  }
}
