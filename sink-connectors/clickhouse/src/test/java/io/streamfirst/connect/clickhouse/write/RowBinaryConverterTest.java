// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.clickhouse.write;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamfirst.connect.clickhouse.schema.ChType;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Rows encoded for old column types, rewritten for widened and Nullable ones, equal rows encoded for the new types. */
class RowBinaryConverterTest {

  private static List<ChType> types(String... texts) {
    return Arrays.stream(texts).map(ChType::parse).toList();
  }

  private static byte[] encode(List<ChType> types, List<List<Object>> rows) {
    Bytes out = new Bytes(64);
    for (List<Object> row : rows) {
      for (int i = 0; i < types.size(); i++) {
        Codec.of(types.get(i)).binary(row.get(i), out);
      }
    }
    return Arrays.copyOf(out.array(), out.size());
  }

  @Test
  void widenedAndNullableColumnsAreRewrittenOthersCopied() {
    List<ChType> from = types("Int8", "Int16", "Int32", "Float32", "String", "Nullable(Int32)", "Array(String)",
        "Decimal(18, 2)", "Map(String, Int32)", "LowCardinality(String)", "Int32");
    List<ChType> to = types("Int64", "Int32", "Nullable(Int64)", "Float64", "Nullable(String)", "Nullable(Int64)",
        "Array(String)", "Decimal(18, 2)", "Map(String, Int32)", "String", "Int32");
    List<List<Object>> rows = List.of(
        List.of(-5, -300, -70000, 1.5f, "é", 7, List.of("a", "bc"), new BigDecimal("1.25"), Map.of("k", 1), "lc", 9),
        Arrays.asList(127, 1, Integer.MIN_VALUE, -0.25f, "", null, List.of(), new BigDecimal("-3.00"), Map.of(), "",
            0));
    byte[] old = encode(from, rows);

    RowBinaryConverter converter = RowBinaryConverter.of(from, to);
    assertThat(converter).isNotNull();
    Bytes converted = converter.convert(old, old.length, rows.size());
    assertThat(Arrays.copyOf(converted.array(), converted.size())).isEqualTo(encode(to, rows));
  }

  @Test
  void narrowingRemovingNullableAndOtherFamiliesAreNotConverted() {
    assertThat(RowBinaryConverter.of(types("Int64"), types("Int32"))).isNull();
    assertThat(RowBinaryConverter.of(types("Nullable(Int32)"), types("Int32"))).isNull();
    assertThat(RowBinaryConverter.of(types("Int32"), types("String"))).isNull();
    assertThat(RowBinaryConverter.of(types("UInt8"), types("Int16"))).isNull();
    assertThat(RowBinaryConverter.of(types("Float64"), types("Float32"))).isNull();
    assertThat(RowBinaryConverter.of(types("Int32"), types("Int32", "Int32"))).isNull();
  }
}
