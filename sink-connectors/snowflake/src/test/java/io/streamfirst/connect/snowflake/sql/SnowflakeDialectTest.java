// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.snowflake.sql;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamfirst.connect.snowflake.sql.ColumnType.Kind;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The Snowflake DDL text, exactly (golden strings). */
class SnowflakeDialectTest {

  static final TableRef TABLE = new TableRef("Analytics", "PUBLIC", "shop.orders\"; DROP TABLE x; --");
  static final String QUALIFIED = "\"Analytics\".\"PUBLIC\".\"shop.orders\"\"; DROP TABLE x; --\"";

  @Test
  void createTableQuotesEveryIdentifierAndMapsTypes() {
    List<Column> columns = List.of(new Column("ID", ColumnType.of(Kind.INT64), false),
        new Column("order", ColumnType.of(Kind.STRING), true), new Column("a.b", ColumnType.decimal(2), true),
        new Column("Qty", ColumnType.of(Kind.INT32), false), new Column("SMALL", ColumnType.of(Kind.INT8), true),
        new Column("S16", ColumnType.of(Kind.INT16), true), new Column("F", ColumnType.of(Kind.FLOAT32), true),
        new Column("D", ColumnType.of(Kind.FLOAT64), true), new Column("OK", ColumnType.of(Kind.BOOLEAN), true),
        new Column("RAW", ColumnType.of(Kind.BYTES), true), new Column("DAY", ColumnType.of(Kind.DATE), true),
        new Column("AT", ColumnType.of(Kind.TIME), true), new Column("TS", ColumnType.of(Kind.TIMESTAMP), true),
        new Column("DOC", ColumnType.of(Kind.VARIANT), true));
    assertThat(Dialect.SNOWFLAKE.createTable(TABLE, columns)).isEqualTo("CREATE TABLE IF NOT EXISTS " + QUALIFIED
        + " (\"ID\" NUMBER(19,0) NOT NULL, \"order\" VARCHAR, \"a.b\" NUMBER(38,2), \"Qty\" NUMBER(10,0) NOT NULL,"
        + " \"SMALL\" NUMBER(3,0), \"S16\" NUMBER(5,0), \"F\" FLOAT, \"D\" FLOAT, \"OK\" BOOLEAN, \"RAW\" BINARY,"
        + " \"DAY\" DATE, \"AT\" TIME(3), \"TS\" TIMESTAMP_NTZ(3), \"DOC\" VARIANT)");
  }

  @Test
  void evolutionStatements() {
    assertThat(Dialect.SNOWFLAKE.addColumn(TABLE, new Column("sel\"ect", ColumnType.of(Kind.STRING), false)))
        .isEqualTo("ALTER TABLE " + QUALIFIED + " ADD COLUMN IF NOT EXISTS \"sel\"\"ect\" VARCHAR");
    assertThat(Dialect.SNOWFLAKE.widenColumn(TABLE, "QTY", ColumnType.of(Kind.INT32), ColumnType.of(Kind.INT64)))
        .isEqualTo("ALTER TABLE " + QUALIFIED + " ALTER COLUMN \"QTY\" SET DATA TYPE NUMBER(19,0)");
    assertThat(Dialect.SNOWFLAKE.widenColumn(TABLE, "F", ColumnType.of(Kind.FLOAT32), ColumnType.of(Kind.FLOAT64)))
        .as("FLOAT is already double precision").isNull();
    assertThat(Dialect.SNOWFLAKE.dropNotNull(TABLE, "ID"))
        .isEqualTo("ALTER TABLE " + QUALIFIED + " ALTER COLUMN \"ID\" DROP NOT NULL");
    assertThat(Dialect.SNOWFLAKE.describe(TABLE)).isEqualTo("SELECT * FROM " + QUALIFIED + " WHERE 1 = 0");
  }

  @Test
  void mergeCollapsesPerKeyToTheNewestVersionAndAppliesOnlyChangesNewerThanTheRowAndTheKeysLastDelete() {
    TableRef changes = ChangeColumns.changesOf(TABLE);
    MergeSpec spec = new MergeSpec(TABLE, changes, List.of("ID", "re\"gion"), List.of("ID", "re\"gion", "select"),
        1_000L, MergeSpec.KEEP_DELETED);
    String q = QUALIFIED.substring(0, QUALIFIED.length() - 1);
    String newer = "(tgt.\"_SF_VERSION\" IS NULL OR chg.\"_SF_VERSION\" > tgt.\"_SF_VERSION\" OR (chg.\"_SF_VERSION\""
        + " = tgt.\"_SF_VERSION\" AND chg.\"_SF_OFFSET\" > tgt.\"_SF_OFFSET\"))";
    String newerThanDelete = "(chg.\"_SF_DELETED_VERSION\" IS NULL OR chg.\"_SF_VERSION\" > chg.\"_SF_DELETED_VERSION\""
        + " OR (chg.\"_SF_VERSION\" = chg.\"_SF_DELETED_VERSION\" AND chg.\"_SF_OFFSET\" > chg.\"_SF_DELETED_OFFSET\"))";
    String bound = "(\"_SF_TOPIC\" = ? AND \"_SF_PARTITION\" = ? AND \"_SF_OFFSET\" <= ?)";
    String newest = "(SELECT * FROM " + q + "__CHANGES\" WHERE " + bound + " OR " + bound + " QUALIFY ROW_NUMBER()"
        + " OVER (PARTITION BY \"ID\", \"re\"\"gion\" ORDER BY \"_SF_VERSION\" DESC, \"_SF_OFFSET\" DESC) = 1) c";
    assertThat(Dialect.SNOWFLAKE.mergeChanges(spec, 2)).isEqualTo("MERGE INTO " + QUALIFIED + " tgt USING (SELECT c.*,"
        + " d.\"_SF_VERSION\" AS \"_SF_DELETED_VERSION\", d.\"_SF_OFFSET\" AS \"_SF_DELETED_OFFSET\" FROM " + newest
        + " LEFT JOIN " + q + "__DELETED\" d ON c.\"ID\" = d.\"ID\" AND c.\"re\"\"gion\" = d.\"re\"\"gion\") chg"
        + " ON tgt.\"ID\" = chg.\"ID\" AND tgt.\"re\"\"gion\" = chg.\"re\"\"gion\""
        + " WHEN MATCHED AND chg.\"_SF_OP\" = 'd' AND " + newer + " AND " + newerThanDelete + " THEN DELETE"
        + " WHEN MATCHED AND chg.\"_SF_OP\" <> 'd' AND " + newer + " AND " + newerThanDelete + " THEN UPDATE SET"
        + " \"ID\" = chg.\"ID\", \"re\"\"gion\" = chg.\"re\"\"gion\", \"select\" = chg.\"select\","
        + " \"_SF_VERSION\" = chg.\"_SF_VERSION\", \"_SF_OFFSET\" = chg.\"_SF_OFFSET\""
        + " WHEN NOT MATCHED AND chg.\"_SF_OP\" <> 'd' AND " + newerThanDelete + " THEN INSERT (\"ID\", \"re\"\"gion\","
        + " \"select\", \"_SF_VERSION\", \"_SF_OFFSET\") VALUES (chg.\"ID\", chg.\"re\"\"gion\", chg.\"select\","
        + " chg.\"_SF_VERSION\", chg.\"_SF_OFFSET\")");

    String newerThanLastDelete = "(dl.\"_SF_VERSION\" IS NULL OR chg.\"_SF_VERSION\" > dl.\"_SF_VERSION\" OR"
        + " (chg.\"_SF_VERSION\" = dl.\"_SF_VERSION\" AND chg.\"_SF_OFFSET\" > dl.\"_SF_OFFSET\"))";
    String applied = "(chg.\"_SF_TARGET_VERSION\" IS NULL OR chg.\"_SF_VERSION\" > chg.\"_SF_TARGET_VERSION\" OR"
        + " (chg.\"_SF_VERSION\" = chg.\"_SF_TARGET_VERSION\" AND chg.\"_SF_OFFSET\" >= chg.\"_SF_TARGET_OFFSET\"))";
    assertThat(Dialect.SNOWFLAKE.mergeDeleted(spec, 1)).isEqualTo("MERGE INTO " + q
        + "__DELETED\" dl USING (SELECT c.*,"
        + " t.\"_SF_VERSION\" AS \"_SF_TARGET_VERSION\", t.\"_SF_OFFSET\" AS \"_SF_TARGET_OFFSET\" FROM"
        + " (SELECT * FROM " + q + "__CHANGES\" WHERE " + bound + " QUALIFY ROW_NUMBER() OVER (PARTITION BY \"ID\","
        + " \"re\"\"gion\" ORDER BY \"_SF_VERSION\" DESC, \"_SF_OFFSET\" DESC) = 1) c LEFT JOIN " + QUALIFIED + " t ON"
        + " c.\"ID\" = t.\"ID\" AND c.\"re\"\"gion\" = t.\"re\"\"gion\") chg"
        + " ON dl.\"ID\" = chg.\"ID\" AND dl.\"re\"\"gion\" = chg.\"re\"\"gion\""
        + " WHEN MATCHED AND chg.\"_SF_OP\" = 'd' AND " + newerThanLastDelete + " AND " + applied + " THEN UPDATE SET"
        + " \"_SF_VERSION\" = chg.\"_SF_VERSION\", \"_SF_OFFSET\" = chg.\"_SF_OFFSET\", \"_SF_DELETED_AT_MS\" = ?"
        + " WHEN MATCHED AND chg.\"_SF_OP\" <> 'd' AND " + newerThanLastDelete + " AND " + applied + " THEN DELETE"
        + " WHEN NOT MATCHED AND chg.\"_SF_OP\" = 'd' AND " + applied + " THEN INSERT (\"ID\", \"re\"\"gion\","
        + " \"_SF_VERSION\", \"_SF_OFFSET\", \"_SF_DELETED_AT_MS\") VALUES (chg.\"ID\", chg.\"re\"\"gion\","
        + " chg.\"_SF_VERSION\", chg.\"_SF_OFFSET\", ?)");
    assertThat(Dialect.SNOWFLAKE.expireDeleted(spec.deleted()))
        .isEqualTo("DELETE FROM " + q + "__DELETED\" WHERE \"_SF_DELETED_AT_MS\" < ?");
    assertThat(Dialect.SNOWFLAKE.deleteChanges(changes, 1))
        .isEqualTo("DELETE FROM " + q + "__CHANGES\" WHERE " + bound);
    assertThat(Dialect.SNOWFLAKE.keyColumnsOf(changes, 1)).isEqualTo("SELECT \"_SF_KEY_COLUMNS\" FROM " + q
        + "__CHANGES\" WHERE (" + bound + ") AND \"_SF_KEY_COLUMNS\" IS NOT NULL LIMIT 1");
    assertThat(ChangeColumns.decodeKeys(ChangeColumns.encodeKeys(List.of("ID", "a\",\"b", ",")))).containsExactly("ID",
        "a\",\"b", ",");
  }

  @Test
  void theDeletedKeysTableHasTheKeyColumnsAsTheTargetTypesThemAndTheDeletesVersion() {
    List<Column> target = List.of(new Column("ID", ColumnType.of(Kind.INT64), false),
        new Column("NAME", ColumnType.of(Kind.STRING), true),
        new Column("re\"gion", ColumnType.of(Kind.STRING), false));
    TableRef deleted = ChangeColumns.deletedOf(TABLE);
    assertThat(Dialect.SNOWFLAKE.createTable(deleted, ChangeColumns.deleted(target, List.of("re\"gion", "ID"))))
        .isEqualTo("CREATE TABLE IF NOT EXISTS " + QUALIFIED.substring(0, QUALIFIED.length() - 1) + "__DELETED\""
            + " (\"re\"\"gion\" VARCHAR, \"ID\" NUMBER(19,0), \"_SF_VERSION\" NUMBER(38,0), \"_SF_OFFSET\""
            + " NUMBER(19,0), \"_SF_DELETED_AT_MS\" NUMBER(19,0))");
  }

  @Test
  void typesReadBackFromTheEngineMapToTheSameKinds() {
    for (Kind kind : Kind.values()) {
      ColumnType type = kind == Kind.DECIMAL ? ColumnType.decimal(3) : ColumnType.of(kind);
      String name = Dialect.SNOWFLAKE.typeName(type);
      int precision = name.startsWith("NUMBER(") ? Integer.parseInt(name.substring(7, name.indexOf(','))) : 0;
      int scale = kind == Kind.DECIMAL ? 3 : 0;
      ColumnType back = Dialect.SNOWFLAKE.typeOf(name.replaceAll("\\(.*", ""), precision, scale);
      assertThat(back.holds(type)).as(kind + " as " + name + " read back as " + back).isTrue();
    }
  }

  @Test
  void widening() {
    assertThat(ColumnType.of(Kind.INT32).widensTo(ColumnType.of(Kind.INT64))).isTrue();
    assertThat(ColumnType.of(Kind.INT64).widensTo(ColumnType.of(Kind.INT32))).isFalse();
    assertThat(ColumnType.of(Kind.INT64).holds(ColumnType.of(Kind.INT8))).isTrue();
    assertThat(ColumnType.of(Kind.INT64).widensTo(ColumnType.of(Kind.STRING))).isFalse();
    assertThat(ColumnType.of(Kind.STRING).holds(ColumnType.of(Kind.INT64))).isFalse();
  }
}
