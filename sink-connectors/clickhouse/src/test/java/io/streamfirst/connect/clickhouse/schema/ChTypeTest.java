// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.clickhouse.schema;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamfirst.connect.clickhouse.schema.ChType.Kind;
import org.junit.jupiter.api.Test;

class ChTypeTest {

  @Test
  void parsesWhatTheServerReports() {
    assertThat(ChType.parse("Int64").kind()).isEqualTo(Kind.INT64);
    ChType decimal = ChType.parse("Decimal(38, 4)");
    assertThat(decimal.kind()).isEqualTo(Kind.DECIMAL);
    assertThat(decimal.precision()).isEqualTo(38);
    assertThat(decimal.scale()).isEqualTo(4);
    assertThat(ChType.parse("Decimal64(3)").precision()).isEqualTo(18);
    assertThat(ChType.parse("DateTime('UTC')").kind()).isEqualTo(Kind.DATETIME);
    ChType dt64 = ChType.parse("DateTime64(6, 'Europe/Berlin')");
    assertThat(dt64.kind()).isEqualTo(Kind.DATETIME64);
    assertThat(dt64.precision()).isEqualTo(6);
    assertThat(ChType.parse("FixedString(16)").precision()).isEqualTo(16);
  }

  @Test
  void parsesNestedWrappers() {
    ChType nested = ChType.parse("Array(Nullable(Decimal(10, 2)))");
    assertThat(nested.kind()).isEqualTo(Kind.ARRAY);
    assertThat(nested.inner().kind()).isEqualTo(Kind.NULLABLE);
    assertThat(nested.inner().inner().scale()).isEqualTo(2);
    ChType map = ChType.parse("Map(String, Array(Int32))");
    assertThat(map.kind()).isEqualTo(Kind.MAP);
    assertThat(map.args().get(1).inner().kind()).isEqualTo(Kind.INT32);
    ChType low = ChType.parse("LowCardinality(Nullable(String))");
    assertThat(low.isNullable()).isTrue();
    assertThat(low.base().kind()).isEqualTo(Kind.STRING);
  }

  @Test
  void unknownTypesAreUnsupportedNotErrors() {
    assertThat(ChType.parse("Enum8('a' = 1, 'b' = 2)").kind()).isEqualTo(Kind.UNSUPPORTED);
    assertThat(ChType.parse("Tuple(a Int32, b String)").kind()).isEqualTo(Kind.UNSUPPORTED);
    assertThat(ChType.parse("IPv4").kind()).isEqualTo(Kind.UNSUPPORTED);
    assertThat(ChType.parse("Nullable(IPv6)").inner().kind()).isEqualTo(Kind.UNSUPPORTED);
  }
}
