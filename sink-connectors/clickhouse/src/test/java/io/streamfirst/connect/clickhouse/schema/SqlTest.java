// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.clickhouse.schema;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SqlTest {

  @Test
  void identifiersAreBackQuotedWithQuotesAndBackslashesEscaped() {
    assertThat(Sql.identifier("orders")).isEqualTo("`orders`");
    assertThat(Sql.identifier("select")).isEqualTo("`select`");
    assertThat(Sql.identifier("shop.public.orders-v2")).isEqualTo("`shop.public.orders-v2`");
    assertThat(Sql.identifier("a`b")).isEqualTo("`a\\`b`");
    assertThat(Sql.identifier("a\\`; DROP TABLE x; --")).isEqualTo("`a\\\\\\`; DROP TABLE x; --`");
    assertThat(Sql.identifier("it's")).isEqualTo("`it's`");
  }

  @Test
  void controlCharactersAndNonAsciiBecomeHexEscapesSoTheSqlIsPureAscii() {
    assertThat(Sql.identifier("line\nbreak")).isEqualTo("`line\\x0abreak`");
    assertThat(Sql.identifier("café")).isEqualTo("`caf\\xc3\\xa9`");
    assertThat(Sql.identifier("表")).isEqualTo("`\\xe8\\xa1\\xa8`");
    assertThat(Sql.identifier("x\u0000y")).isEqualTo("`x\\x00y`");
  }

  @Test
  void stringLiteralsAreSingleQuoted() {
    assertThat(Sql.literal("it's")).isEqualTo("'it\\'s'");
    assertThat(Sql.literal("back\\slash")).isEqualTo("'back\\\\slash'");
    assertThat(Sql.literal("' OR 1=1 --")).isEqualTo("'\\' OR 1=1 --'");
  }

  @Test
  void qualifiedNamesQuoteBothParts() {
    assertThat(Sql.qualified("analytics", "my.table")).isEqualTo("`analytics`.`my.table`");
    assertThat(Sql.qualified("", "t")).isEqualTo("`t`");
  }
}
