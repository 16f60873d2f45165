// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.clickhouse.write;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamfirst.connect.clickhouse.schema.ChType;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** RowBinary and JSONEachRow encodings per column type, and the values each type refuses. */
class CodecTest {

  private static String binary(String type, Object value) {
    Bytes out = new Bytes(16);
    Codec.of(ChType.parse(type)).binary(value, out);
    return HexFormat.of().formatHex(Arrays.copyOf(out.array(), out.size()));
  }

  private static String json(String type, Object value) {
    Bytes out = new Bytes(16);
    Codec.of(ChType.parse(type)).json(value, out);
    return new String(out.array(), 0, out.size(), StandardCharsets.UTF_8);
  }

  @Test
  void integersAreLittleEndianOfTheirWidth() {
    assertThat(binary("Int8", (byte) -1)).isEqualTo("ff");
    assertThat(binary("Int16", (short) 258)).isEqualTo("0201");
    assertThat(binary("Int32", 1)).isEqualTo("01000000");
    assertThat(binary("Int64", -2L)).isEqualTo("feffffffffffffff");
    assertThat(binary("UInt8", true)).isEqualTo("01");
    assertThat(binary("UInt32", 4_294_967_295L)).isEqualTo("ffffffff");
    assertThat(json("Int64", 42L)).isEqualTo("42");
    assertThat(json("Bool", true)).isEqualTo("true");
  }

  @Test
  void integersOutOfRangeAndNonIntegersAreRefusedWithoutTheValue() {
    assertThatThrownBy(() -> binary("Int8", 300)).hasMessage("a number outside the range of column type Int8");
    assertThatThrownBy(() -> binary("UInt16", -1)).hasMessageContaining("outside the range");
    assertThatThrownBy(() -> binary("Int32", 1.5)).hasMessageContaining("not an integer");
    assertThatThrownBy(() -> binary("Int64", "secret-text"))
        .hasMessage("text that is not an integer for column type Int64")
        .hasMessageNotContaining("secret");
    assertThatThrownBy(() -> binary("Int64", null)).hasMessageContaining("not Nullable");
  }

  @Test
  void floats() {
    assertThat(binary("Float32", 1.0f)).isEqualTo("0000803f");
    assertThat(binary("Float64", 1.0)).isEqualTo("000000000000f03f");
    assertThat(json("Float64", 2.5)).isEqualTo("2.5");
  }

  @Test
  void stringsAreVarintLengthThenUtf8() {
    assertThat(binary("String", "é")).isEqualTo("02c3a9");
    assertThat(binary("String", new byte[]{1, 2})).isEqualTo("020102");
    assertThat(binary("FixedString(3)", "ab")).isEqualTo("616200");
    assertThatThrownBy(() -> binary("FixedString(1)", "ab")).hasMessageContaining("longer than 1 bytes");
    assertThat(binary("String", "x".repeat(200))).startsWith("c801");
    Map<String, Object> nested = new LinkedHashMap<>();
    nested.put("a", 1);
    nested.put("b", List.of("x"));
    assertThat(json("String", nested)).isEqualTo("\"{\\\"a\\\":1,\\\"b\\\":[\\\"x\\\"]}\"");
    assertThat(json("String", "tab\tquote\"")).isEqualTo("\"tab\\tquote\\\"\"");
  }

  @Test
  void decimalsAreRescaledExactlyAndStoredAsTwosComplement() {
    assertThat(binary("Decimal(9, 2)", new BigDecimal("1.5"))).isEqualTo("96000000");
    assertThat(binary("Decimal(18, 2)", new BigDecimal("-0.01"))).isEqualTo("ffffffffffffffff");
    assertThat(binary("Decimal(38, 2)", new BigDecimal("-0.01"))).isEqualTo("ff".repeat(16));
    assertThat(binary("Decimal(38, 0)", new BigDecimal("18446744073709551616")))
        .isEqualTo("0000000000000000" + "0100000000000000");
    assertThat(json("Decimal(10, 3)", new BigDecimal("2.5"))).isEqualTo("2.500");
    assertThatThrownBy(() -> binary("Decimal(10, 2)", new BigDecimal("1.234")))
        .hasMessageContaining("more than 2 fractional digits");
    assertThatThrownBy(() -> binary("Decimal(3, 0)", new BigDecimal("1000")))
        .hasMessageContaining("more than 3 digits");
  }

  @Test
  void datesAndTimestamps() {
    java.util.Date day = new java.util.Date(19_000L * 86_400_000L);
    assertThat(binary("Date", day))
        .isEqualTo(HexFormat.of().formatHex(new byte[]{(byte) (19_000 & 0xff), (byte) (19_000 >> 8)}));
    assertThat(json("Date", day)).isEqualTo("\"2022-01-08\"");
    assertThatThrownBy(() -> binary("Date", new java.util.Date(-86_400_000L)))
        .hasMessageContaining("1970-01-01 to 2149-06-06");
    java.util.Date ts = new java.util.Date(1_700_000_000_123L);
    assertThat(binary("DateTime('UTC')", ts)).isEqualTo("00f15365");
    assertThat(binary("DateTime64(3, 'UTC')", ts)).isEqualTo(HexFormat.of().formatHex(longLe(1_700_000_000_123L)));
    assertThat(binary("DateTime64(6, 'UTC')", ts)).isEqualTo(HexFormat.of().formatHex(longLe(1_700_000_000_123_000L)));
    assertThat(json("DateTime('UTC')", ts)).isEqualTo("\"2023-11-14 22:13:20\"");
    assertThat(json("DateTime64(3, 'UTC')", ts)).isEqualTo("\"2023-11-14 22:13:20.123\"");
    assertThat(binary("DateTime('UTC')", "2023-11-14T22:13:20Z")).isEqualTo("00f15365");
  }

  private static byte[] longLe(long v) {
    byte[] b = new byte[8];
    for (int i = 0; i < 8; i++) {
      b[i] = (byte) (v >>> (8 * i));
    }
    return b;
  }

  @Test
  void uuidIsTwoLittleEndianHalves() {
    UUID uuid = UUID.fromString("00000000-0000-0001-0000-000000000002");
    assertThat(binary("UUID", uuid)).isEqualTo("0100000000000000" + "0200000000000000");
    assertThat(json("UUID", uuid.toString())).isEqualTo("\"" + uuid + "\"");
  }

  @Test
  void nullableArraysAndMaps() {
    assertThat(binary("Nullable(Int32)", null)).isEqualTo("01");
    assertThat(binary("Nullable(Int32)", 7)).isEqualTo("0007000000");
    assertThat(binary("Array(Nullable(Int8))", Arrays.asList(1, null))).isEqualTo("02" + "0001" + "01");
    assertThat(binary("Array(String)", null)).isEqualTo("00");
    assertThat(json("Array(Nullable(Int8))", Arrays.asList(1, null))).isEqualTo("[1,null]");
    Map<String, Integer> map = new LinkedHashMap<>();
    map.put("a", 1);
    assertThat(binary("Map(String, Int32)", map)).isEqualTo("01" + "0161" + "01000000");
    assertThat(json("Map(String, Int32)", map)).isEqualTo("{\"a\":1}");
    assertThat(binary("LowCardinality(String)", "ab")).isEqualTo("026162");
  }

  @Test
  void defaultsForDeletesWithoutARow() {
    Bytes out = new Bytes(16);
    Codec.of(ChType.parse("Nullable(String)")).binaryDefault(out);
    Codec.of(ChType.parse("Int32")).binaryDefault(out);
    Codec.of(ChType.parse("String")).binaryDefault(out);
    Codec.of(ChType.parse("Array(Int8)")).binaryDefault(out);
    assertThat(HexFormat.of().formatHex(Arrays.copyOf(out.array(), out.size())))
        .isEqualTo("01" + "00000000" + "00" + "00");
  }

  @Test
  void unsupportedColumnTypesNameThemselves() {
    assertThatThrownBy(() -> binary("Enum8('a' = 1)", "a")).hasMessageContaining("cannot write column type Enum8");
  }
}
