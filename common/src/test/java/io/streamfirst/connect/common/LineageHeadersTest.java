// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.junit.jupiter.api.Test;

class LineageHeadersTest {

  @Test
  void pathIsAppendedInOrderAndKeptSingle() {
    ConnectHeaders headers = new ConnectHeaders();
    LineageHeaders.appendPath(headers, "pg-orders");
    LineageHeaders.appendPath(headers, "sql:clean");
    LineageHeaders.appendPath(headers, "iceberg-lake");

    assertThat(headers.allWithName(LineageHeaders.PATH)).toIterable().hasSize(1);
    assertThat(LineageHeaders.stringValue(headers.lastWithName(LineageHeaders.PATH)))
        .isEqualTo("pg-orders,sql:clean,iceberg-lake");
  }

  @Test
  void existingOriginIsKept() {
    ConnectHeaders headers = new ConnectHeaders();
    LineageHeaders.putIfAbsent(headers, LineageHeaders.ORIGIN, "postgres://db:5432/shop/public.orders");
    LineageHeaders.putIfAbsent(headers, LineageHeaders.ORIGIN, "kafka://cluster/orders");

    assertThat(LineageHeaders.stringValue(headers.lastWithName(LineageHeaders.ORIGIN)))
        .isEqualTo("postgres://db:5432/shop/public.orders");
  }

  @Test
  void bytesHeadersAreReadAsUtf8() {
    ConnectHeaders headers = new ConnectHeaders();
    headers.addBytes(LineageHeaders.PATH, "a,b".getBytes(StandardCharsets.UTF_8));
    LineageHeaders.appendPath(headers, "c");
    assertThat(LineageHeaders.stringValue(headers.lastWithName(LineageHeaders.PATH))).isEqualTo("a,b,c");
  }
}
