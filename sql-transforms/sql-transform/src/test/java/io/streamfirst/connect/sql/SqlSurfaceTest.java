// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamfirst.connect.common.LineageHeaders;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Time;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;

/** Every construct of the SQL surface, over Struct and schemaless values. */
class SqlSurfaceTest {

  static final Schema ADDRESS = SchemaBuilder.struct().field("city", Schema.STRING_SCHEMA)
      .field("zip", Schema.OPTIONAL_STRING_SCHEMA).optional().build();
  static final Schema CUSTOMER = SchemaBuilder.struct()
      .field("id", Schema.INT32_SCHEMA)
      .field("Name", Schema.OPTIONAL_STRING_SCHEMA)
      .field("order id", Schema.OPTIONAL_INT64_SCHEMA)
      .field("address", ADDRESS)
      .field("tags", SchemaBuilder.array(Schema.STRING_SCHEMA).optional().build())
      .field("attrs", SchemaBuilder.map(Schema.STRING_SCHEMA, Schema.INT32_SCHEMA).optional().build())
      .build();
  static final Schema KEY = SchemaBuilder.struct().field("id", Schema.INT32_SCHEMA).build();

  static Struct customer() {
    return new Struct(CUSTOMER).put("id", 5).put("Name", "Ada").put("order id", 99L)
        .put("address", new Struct(ADDRESS).put("city", "Berlin").put("zip", "10115"))
        .put("tags", List.of("vip", "eu")).put("attrs", Map.of("visits", 3));
  }

  @Test
  void nestedFieldsArrayElementsAndMapEntries() {
    Struct out = Sql.query("SELECT address.city AS city, tags[1] AS first_tag, attrs['visits'] AS visits FROM c")
        .apply(customer());
    assertThat(out.getString("city")).isEqualTo("Berlin");
    assertThat(out.getString("first_tag")).isEqualTo("vip");
    assertThat(out.getInt32("visits")).isEqualTo(3);
  }

  @Test
  void identifiersAreCaseSensitiveAndQuotedNamesWork() {
    Struct out = Sql.query("SELECT \"Name\" AS n, \"order id\" AS oid FROM c").apply(customer());
    assertThat(out.getString("n")).isEqualTo("Ada");
    assertThat(out.getInt64("oid")).isEqualTo(99L);
    assertThatThrownBy(() -> Sql.query("SELECT name FROM c").apply(customer()))
        .isInstanceOf(DataException.class).hasMessageContaining("name").hasMessageContaining("line 1, column 8");
  }

  @Test
  void starKeepsFieldsReplacesAndExcludes() {
    Struct replaced = Sql.query("SELECT *, UPPER(\"Name\") AS \"Name\", id * 10 AS id10 FROM c").apply(customer());
    assertThat(replaced.schema().fields()).extracting(Field::name)
        .containsExactly("id", "Name", "order id", "address", "tags", "attrs", "id10");
    assertThat(replaced.getString("Name")).isEqualTo("ADA");
    assertThat(replaced.getStruct("address").getString("city")).isEqualTo("Berlin");

    Struct excluded = Sql.query("SELECT * EXCLUDE (tags, attrs) FROM c").apply(customer());
    assertThat(excluded.schema().fields()).extracting(Field::name).containsExactly("id", "Name", "order id", "address");
  }

  @Test
  void metadataColumnsAreReadable() {
    SinkRecord record = Sql.record(KEY, new Struct(KEY).put("id", 5), CUSTOMER, customer());
    record.headers().addString("tenant", "acme");
    SinkRecord out = Sql.query("SELECT _key.id AS k, _topic AS t, _partition AS p, _offset AS o, _timestamp AS ts,"
        + " _headers['tenant'] AS tenant FROM c").apply(record);
    Struct value = (Struct) out.value();
    assertThat(value.getInt32("k")).isEqualTo(5);
    assertThat(value.getString("t")).isEqualTo("orders");
    assertThat(value.getInt32("p")).isEqualTo(3);
    assertThat(value.getInt64("o")).isEqualTo(42L);
    assertThat(((java.util.Date) value.get("ts")).getTime()).isEqualTo(1_700_000_000_000L);
    assertThat(value.getString("tenant")).isEqualTo("acme");
    assertThat(value.schema().field("ts").schema().name()).isEqualTo(Timestamp.LOGICAL_NAME);
  }

  @Test
  void outputColumnsRouteReKeyAndRetime() {
    SinkRecord record = Sql.record(null, null, CUSTOMER, customer());
    SinkRecord out = Sql.query("SELECT *, 'customers.' || LOWER(address.city) AS _topic, id AS _key,"
        + " TIMESTAMP '2024-01-02 03:04:05' AS _timestamp FROM c").apply(record);
    assertThat(out.topic()).isEqualTo("customers.berlin");
    assertThat(out.key()).isEqualTo(5);
    assertThat(out.keySchema().type()).isEqualTo(Schema.Type.INT32);
    assertThat(out.timestamp()).isEqualTo(1_704_164_645_000L);
    assertThat(((Struct) out.value()).schema().field("_topic")).isNull();
    assertThat(out.kafkaOffset()).isEqualTo(42L);
  }

  @Test
  void tombstonesPassUnlessTheQueryReadsOnlyMetadata() {
    SinkRecord tombstone = Sql.record(Schema.STRING_SCHEMA, "k1", null, null);
    assertThat(Sql.query("SELECT id FROM c WHERE id > 100").apply(tombstone)).isSameAs(tombstone);

    SinkRecord routed = Sql.query("SELECT _topic || '-deletes' AS _topic FROM c WHERE _key = 'k1'").apply(tombstone);
    assertThat(routed.topic()).isEqualTo("orders-deletes");
    assertThat(routed.value()).isNull();
    assertThat(Sql.query("SELECT _topic AS _topic FROM c WHERE _key = 'other'").apply(tombstone)).isNull();
  }

  @Test
  void logicalTypesMapBothWays() {
    Schema schema = SchemaBuilder.struct()
        .field("price", Decimal.schema(3))
        .field("day", Date.SCHEMA)
        .field("at", Time.SCHEMA)
        .field("ts", Timestamp.SCHEMA)
        .field("raw", Schema.BYTES_SCHEMA)
        .build();
    Struct value = new Struct(schema).put("price", new BigDecimal("1.250"))
        .put("day", new java.util.Date(19_723L * 86_400_000L))
        .put("at", new java.util.Date(3_600_000L + 1_000L))
        .put("ts", new java.util.Date(1_704_067_200_123L))
        .put("raw", "hi".getBytes(StandardCharsets.UTF_8));
    Struct out = Sql.query("SELECT price, price * 2 AS doubled, day, day + INTERVAL '1' DAY AS next_day, at, ts,"
        + " ts + INTERVAL '2' HOUR AS later, FLOOR(ts TO HOUR) AS hour, EXTRACT(YEAR FROM ts) AS y, raw FROM t")
        .apply(value);
    assertThat(out.schema().field("price").schema().name()).isEqualTo(Decimal.LOGICAL_NAME);
    assertThat(out.schema().field("price").schema().parameters()).containsEntry(Decimal.SCALE_FIELD, "3");
    assertThat(out.get("price")).isEqualTo(new BigDecimal("1.250"));
    assertThat((BigDecimal) out.get("doubled")).isEqualByComparingTo("2.5");
    assertThat(out.schema().field("day").schema().name()).isEqualTo(Date.LOGICAL_NAME);
    assertThat(((java.util.Date) out.get("next_day")).getTime()).isEqualTo(19_724L * 86_400_000L);
    assertThat(out.schema().field("at").schema().name()).isEqualTo(Time.LOGICAL_NAME);
    assertThat(((java.util.Date) out.get("at")).getTime()).isEqualTo(3_601_000L);
    assertThat(((java.util.Date) out.get("later")).getTime()).isEqualTo(1_704_067_200_123L + 7_200_000L);
    assertThat(((java.util.Date) out.get("hour")).getTime()).isEqualTo(1_704_067_200_000L);
    assertThat(((Number) out.get("y")).intValue()).isEqualTo(2024);
    assertThat(out.getBytes("raw")).isEqualTo("hi".getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void outputSchemaMarksNullableExpressionsOptional() {
    Struct out = Sql.query("SELECT id, \"Name\", COALESCE(\"Name\", 'x') AS named FROM c").apply(customer());
    assertThat(out.schema().field("id").schema().isOptional()).isFalse();
    assertThat(out.schema().field("Name").schema().isOptional()).isTrue();
    assertThat(out.schema().field("named").schema().isOptional()).isFalse();
  }

  @Test
  void unnamedExpressionsGetPostgresColumnNames() {
    Struct out = Sql.query("SELECT upper(\"Name\"), id + 1, CAST(id AS bigint), COALESCE(\"Name\", '') FROM c")
        .apply(customer());
    assertThat(out.schema().fields()).extracting(Field::name).containsExactly("upper", "?column?", "id", "coalesce");
  }

  @Test
  void sameSchemaReusesTheCompiledPlanAndOutputSchema() {
    Sql sql = Sql.query("SELECT id, \"Name\" FROM c");
    Struct first = sql.apply(customer());
    Struct second = sql.apply(customer());
    assertThat(second.schema()).isSameAs(first.schema());
  }

  @Test
  void schemalessInputReplansWhenTheFieldSetChanges() {
    Sql sql = Sql.query("SELECT id, COALESCE(note, 'none') AS note FROM t WHERE id > 0");
    assertThat(sql.apply(Map.of("id", 1L, "note", "hi"))).containsEntry("note", "hi");
    assertThat(sql.apply(Map.of("id", 2L))).as("absent field reads as NULL").containsEntry("note", "none");
    assertThat(Sql.query("SELECT id FROM t WHERE flag IS NOT TRUE AND n IS NULL").apply(Map.of("id", 4L)))
        .as("absent fields are untyped NULLs in any context").containsEntry("id", 4L);
    assertThat(sql.apply(Map.of("id", 3L, "note", "again"))).containsEntry("id", 3L).containsEntry("note", "again");
    assertThatThrownBy(() -> sql.apply(Map.of("id", "not-a-number", "note", "x")))
        .as("a type that no longer fits is a data error").isInstanceOf(DataException.class);
  }

  @Test
  void piiHelpers() {
    Struct out = Sql.query("SELECT MASK('4111-1111-1111-1234') AS card, sha256('abc') AS h FROM c").apply(customer());
    assertThat(out.getString("card")).isEqualTo("****-****-****-1234");
    assertThat(out.getString("h")).isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  }

  @Test
  void lineagePathIsAppendedWithoutTouchingTheInput() {
    SinkRecord record = Sql.record(null, null, CUSTOMER, customer());
    record.headers().addString(LineageHeaders.PATH, "pg-orders");
    SinkRecord out = Sql.query("SELECT id FROM c", Map.of("lineage.hop", "sql:clean")).apply(record);
    assertThat(LineageHeaders.stringValue(out.headers().lastWithName(LineageHeaders.PATH)))
        .isEqualTo("pg-orders,sql:clean");
    assertThat(LineageHeaders.stringValue(record.headers().lastWithName(LineageHeaders.PATH))).isEqualTo("pg-orders");
    assertThat(record.value()).isEqualTo(customer());
  }

  @Test
  void runtimeErrorsNameTheRecordButNotItsValues() {
    Schema schema = SchemaBuilder.struct().field("a", Schema.INT32_SCHEMA).field("b", Schema.INT32_SCHEMA)
        .field("s", Schema.STRING_SCHEMA).build();
    Struct value = new Struct(schema).put("a", 7).put("b", 0).put("s", "secret-value");
    assertThatThrownBy(() -> Sql.query("SELECT a / b AS q FROM t").apply(value))
        .isInstanceOf(DataException.class)
        .hasMessageContaining("division by zero").hasMessageContaining("topic 'orders' partition 3 offset 42");
    assertThatThrownBy(() -> Sql.query("SELECT CAST(s AS INTEGER) AS n FROM t").apply(value))
        .isInstanceOf(DataException.class).hasMessageNotContaining("secret-value");
    Struct big = new Struct(schema).put("a", Integer.MAX_VALUE).put("b", 1).put("s", "x");
    assertThatThrownBy(() -> Sql.query("SELECT a + b AS n FROM t").apply(big))
        .isInstanceOf(DataException.class).hasMessageContaining("out of range");
  }

  @Test
  void badSqlIsAConfigErrorWithPosition() {
    assertThatThrownBy(() -> Sql.query("SELECT id,, name FROM t"))
        .isInstanceOf(ConfigException.class).hasMessageContaining("query").hasMessageContaining("line 1, column 10");
    assertThatThrownBy(() -> Sql.query("SELECT count(*) FROM t GROUP BY id"))
        .isInstanceOf(ConfigException.class).hasMessageContaining("GROUP BY");
    assertThatThrownBy(() -> Sql.query("SELECT a FROM t JOIN u ON t.id = u.id"))
        .isInstanceOf(ConfigException.class).hasMessageContaining("FROM must name exactly one input");
    assertThatThrownBy(() -> Sql.query("SELECT a FROM t WHERE a IN (SELECT b FROM u)"))
        .isInstanceOf(ConfigException.class).hasMessageContaining("sub-query");
    assertThatThrownBy(() -> Sql.query("SELECT _topic AS _topic, nosuchfn(_topic) AS x FROM t"))
        .isInstanceOf(ConfigException.class).hasMessageContaining("NOSUCHFN");
  }

  @Test
  void userFunctionsRunOnlyFromAllowedClasses() {
    assertThatThrownBy(() -> Sql.query("SELECT _topic AS _topic, twice(_partition) AS x FROM t"))
        .isInstanceOf(ConfigException.class);
    // Streamfirst's own classes are never allowed; FunctionSandboxTest runs allowed function jars from a
    // plugin directory.
    assertThatThrownBy(() -> Sql.query("SELECT twice(id) AS t2 FROM c",
        Map.of("functions.allowed.classes", AllowedFunctions.class.getName())))
        .isInstanceOf(ConfigException.class).hasMessageContaining("Streamfirst")
        .hasMessageContaining("never be allowed");
    assertThatThrownBy(() -> Sql.query("SELECT id FROM c", Map.of("functions.allowed.classes", "com.example.Nope")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("functions.allowed.classes");
  }

  /** A function class a user might allow. */
  public static final class AllowedFunctions {
    public static int twice(int x) {
      return 2 * x;
    }
  }
}
