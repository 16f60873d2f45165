// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.iceberg.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import org.apache.iceberg.Schema;
import org.apache.iceberg.types.Types;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.junit.jupiter.api.Test;

class SchemaEvolutionTest {

  private static final Schema TABLE = new Schema(
      Types.NestedField.required(1, "id", Types.LongType.get()),
      Types.NestedField.required(2, "qty", Types.IntegerType.get()),
      Types.NestedField.optional(3, "price", Types.DecimalType.of(6, 2)),
      Types.NestedField.optional(4, "address", Types.StructType.of(
          Types.NestedField.optional(5, "city", Types.StringType.get()))),
      Types.NestedField.required(6, "name", Types.StringType.get()));

  @Test
  void sameSchemaNeedsNothingAndNarrowerValuesFit() {
    org.apache.kafka.connect.data.Schema row = SchemaBuilder.struct()
        .field("id", org.apache.kafka.connect.data.Schema.INT32_SCHEMA) // int into a long column
        .field("qty", org.apache.kafka.connect.data.Schema.INT16_SCHEMA)
        .field("name", org.apache.kafka.connect.data.Schema.STRING_SCHEMA)
        .build();
    // price and address absent: optional already; nothing to change
    assertThat(SchemaEvolution.plan(TABLE, row, Set.of("id"))).isEmpty();
  }

  @Test
  void plansNewColumnsWideningRelaxingAndNestedAdditions() {
    org.apache.kafka.connect.data.Schema row = SchemaBuilder.struct()
        .field("id", org.apache.kafka.connect.data.Schema.INT64_SCHEMA)
        .field("qty", org.apache.kafka.connect.data.Schema.OPTIONAL_INT64_SCHEMA)
        .field("price", Decimal.builder(2).parameter("connect.decimal.precision", "12").optional().build())
        .field("address", SchemaBuilder.struct().optional()
            .field("city", org.apache.kafka.connect.data.Schema.OPTIONAL_STRING_SCHEMA)
            .field("zip", org.apache.kafka.connect.data.Schema.OPTIONAL_STRING_SCHEMA).build())
        .field("note", org.apache.kafka.connect.data.Schema.OPTIONAL_STRING_SCHEMA)
        .build();
    List<SchemaEvolution.Change> changes = SchemaEvolution.plan(TABLE, row, Set.of("id"));
    assertThat(changes).containsExactlyInAnyOrder(
        new SchemaEvolution.MakeOptional("qty"),
        new SchemaEvolution.Widen("qty", Types.LongType.get()),
        new SchemaEvolution.Widen("price", Types.DecimalType.of(12, 2)),
        new SchemaEvolution.AddColumn("address", "zip", Types.StringType.get()),
        new SchemaEvolution.AddColumn(null, "note", Types.StringType.get()),
        new SchemaEvolution.MakeOptional("name"));
  }

  @Test
  void incompatibleChangesNameTheColumnAndTheRule() {
    org.apache.kafka.connect.data.Schema textQty = SchemaBuilder.struct()
        .field("id", org.apache.kafka.connect.data.Schema.INT64_SCHEMA)
        .field("qty", org.apache.kafka.connect.data.Schema.STRING_SCHEMA).build();
    assertThatThrownBy(() -> SchemaEvolution.plan(TABLE, textQty, Set.of("id")))
        .isInstanceOf(IncompatibleSchemaException.class).hasMessageContaining("'qty'")
        .hasMessageContaining("int->long");
    org.apache.kafka.connect.data.Schema otherScale = SchemaBuilder.struct()
        .field("price", Decimal.builder(3).optional().build()).build();
    assertThatThrownBy(() -> SchemaEvolution.plan(TABLE, otherScale, Set.of()))
        .isInstanceOf(IncompatibleSchemaException.class).hasMessageContaining("'price'");
    org.apache.kafka.connect.data.Schema nestedClash = SchemaBuilder.struct()
        .field("address", SchemaBuilder.struct().optional()
            .field("city", org.apache.kafka.connect.data.Schema.OPTIONAL_INT32_SCHEMA).build())
        .build();
    assertThatThrownBy(() -> SchemaEvolution.plan(TABLE, nestedClash, Set.of()))
        .hasMessageContaining("'address.city'");
  }

  @Test
  void keyColumnsStayRequired() {
    org.apache.kafka.connect.data.Schema row = SchemaBuilder.struct()
        .field("id", org.apache.kafka.connect.data.Schema.OPTIONAL_INT64_SCHEMA)
        .field("qty", org.apache.kafka.connect.data.Schema.INT32_SCHEMA)
        .field("name", org.apache.kafka.connect.data.Schema.STRING_SCHEMA).build();
    assertThat(SchemaEvolution.plan(TABLE, row, Set.of("id"))).isEmpty();
  }
}
