// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.clickhouse.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Time;
import org.apache.kafka.connect.data.Timestamp;
import org.junit.jupiter.api.Test;

/** The README's type-mapping table, row by row, on an old server (18.16) and a current one. */
class TypeMappingTest {

  static final ServerFeatures OLD = ServerFeatures.of("18.16.1");
  static final ServerFeatures CURRENT = ServerFeatures.of("24.8.4.13");

  private static String type(Schema schema, ServerFeatures server) {
    return TypeMapping.columnType(schema, server, false).text();
  }

  @Test
  void primitiveTypes() {
    for (ServerFeatures server : List.of(OLD, CURRENT)) {
      assertThat(type(Schema.INT8_SCHEMA, server)).isEqualTo("Int8");
      assertThat(type(Schema.INT16_SCHEMA, server)).isEqualTo("Int16");
      assertThat(type(Schema.INT32_SCHEMA, server)).isEqualTo("Int32");
      assertThat(type(Schema.INT64_SCHEMA, server)).isEqualTo("Int64");
      assertThat(type(Schema.FLOAT32_SCHEMA, server)).isEqualTo("Float32");
      assertThat(type(Schema.FLOAT64_SCHEMA, server)).isEqualTo("Float64");
      assertThat(type(Schema.STRING_SCHEMA, server)).isEqualTo("String");
      assertThat(type(Schema.BYTES_SCHEMA, server)).isEqualTo("String");
    }
    assertThat(type(Schema.BOOLEAN_SCHEMA, OLD)).isEqualTo("UInt8");
    assertThat(type(Schema.BOOLEAN_SCHEMA, CURRENT)).isEqualTo("Bool");
  }

  @Test
  void logicalTypes() {
    assertThat(type(Decimal.schema(3), OLD)).isEqualTo("Decimal(38, 3)");
    Schema withPrecision = Decimal.builder(2).parameter("connect.decimal.precision", "10").build();
    assertThat(type(withPrecision, OLD)).isEqualTo("Decimal(10, 2)");
    assertThat(type(Date.SCHEMA, OLD)).isEqualTo("Date");
    assertThat(type(Time.SCHEMA, OLD)).isEqualTo("Int32");
    assertThat(type(Timestamp.SCHEMA, OLD)).isEqualTo("DateTime('UTC')");
    assertThat(type(Timestamp.SCHEMA, CURRENT)).isEqualTo("DateTime64(3, 'UTC')");
  }

  @Test
  void optionalSchemasAreNullableExceptKeysArraysAndMaps() {
    assertThat(type(Schema.OPTIONAL_STRING_SCHEMA, OLD)).isEqualTo("Nullable(String)");
    assertThat(type(Decimal.builder(2).optional().build(), OLD)).isEqualTo("Nullable(Decimal(38, 2))");
    assertThat(TypeMapping.columnType(Schema.OPTIONAL_INT64_SCHEMA, OLD, true).text()).isEqualTo("Int64");
    Schema optionalArray = SchemaBuilder.array(Schema.OPTIONAL_INT32_SCHEMA).optional().build();
    assertThat(type(optionalArray, OLD)).isEqualTo("Array(Nullable(Int32))");
  }

  @Test
  void mapsAreMapsOnCurrentServersAndJsonTextOnOldOnes() {
    Schema map = SchemaBuilder.map(Schema.STRING_SCHEMA, Schema.INT64_SCHEMA).build();
    assertThat(type(map, CURRENT)).isEqualTo("Map(String, Int64)");
    assertThat(type(map, OLD)).isEqualTo("String");
    Schema optionalMap = SchemaBuilder.map(Schema.STRING_SCHEMA, Schema.INT64_SCHEMA).optional().build();
    assertThat(type(optionalMap, OLD)).isEqualTo("Nullable(String)");
  }

  @Test
  void structsAreJsonText() {
    Schema struct = SchemaBuilder.struct().field("a", Schema.INT32_SCHEMA).optional().build();
    assertThat(type(struct, CURRENT)).isEqualTo("Nullable(String)");
  }

  @Test
  void schemalessValues() {
    assertThat(TypeMapping.valueType(5L, OLD, false).text()).isEqualTo("Nullable(Int64)");
    assertThat(TypeMapping.valueType(5L, OLD, true).text()).isEqualTo("Int64");
    assertThat(TypeMapping.valueType(1.5, OLD, false).text()).isEqualTo("Nullable(Float64)");
    assertThat(TypeMapping.valueType(new BigDecimal("1.25"), OLD, false).text()).isEqualTo("Nullable(Float64)");
    assertThat(TypeMapping.valueType(true, OLD, false).text()).isEqualTo("Nullable(UInt8)");
    assertThat(TypeMapping.valueType(true, CURRENT, false).text()).isEqualTo("Nullable(Bool)");
    assertThat(TypeMapping.valueType("x", OLD, false).text()).isEqualTo("Nullable(String)");
    assertThat(TypeMapping.valueType(Map.of("a", 1), OLD, false).text()).isEqualTo("Nullable(String)");
    assertThat(TypeMapping.valueType(List.of(1), OLD, false).text()).isEqualTo("Nullable(String)");
    assertThat(TypeMapping.valueType(null, OLD, false)).isNull();
  }

  @Test
  void serverFeaturesFromTheVersion() {
    assertThat(OLD.dateTime64()).isFalse();
    assertThat(OLD.isDeleted()).isFalse();
    assertThat(OLD.deduplicationToken()).isFalse();
    assertThat(CURRENT.dateTime64()).isTrue();
    assertThat(CURRENT.isDeleted()).isTrue();
    assertThat(CURRENT.deduplicationToken()).isTrue();
    assertThat(ServerFeatures.of("23.1.2").isDeleted()).isFalse();
    assertThat(ServerFeatures.of("garbage").dateTime64()).isFalse();
    assertThat(OLD.describe()).contains("18.16.1").contains("fallback").contains("DateTime (seconds)");
  }

  @Test
  void columnsWidenWhenTheFieldsSchemaWidens() {
    ChType int32 = ChType.parse("Int32");
    assertThat(TypeMapping.widened(int32, ChType.parse("Nullable(Int32)")).text()).isEqualTo("Nullable(Int32)");
    assertThat(TypeMapping.widened(int32, ChType.parse("Int64")).text()).isEqualTo("Int64");
    assertThat(TypeMapping.widened(ChType.parse("Nullable(Int16)"), ChType.parse("Int64")).text())
        .isEqualTo("Nullable(Int64)");
    assertThat(TypeMapping.widened(ChType.parse("Float32"), ChType.parse("Float64")).text()).isEqualTo("Float64");
    assertThat(TypeMapping.widened(ChType.parse("Int64"), ChType.parse("Int32"))).as("never narrowed").isNull();
    assertThat(TypeMapping.widened(int32, ChType.parse("Float64"))).as("another family").isNull();
    assertThat(TypeMapping.widened(int32, int32)).isNull();
    assertThat(TypeMapping.widened(ChType.parse("Array(Int32)"), ChType.parse("Array(Int64)"))).isNull();
    assertThat(TypeMapping.widened(ChType.parse("String"), ChType.parse("Nullable(String)")).text())
        .isEqualTo("Nullable(String)");
  }
}
