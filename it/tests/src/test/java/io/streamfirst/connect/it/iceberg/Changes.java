// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.it.iceberg;

/**
 * JSON (JsonConverter with schemas) for the test rows {@code (id int64, name string?, qty int32)} in the
 * three change shapes: plain rows, Debezium envelopes, flattened CDC rows; and their keys.
 */
final class Changes {

  static final String ROW_FIELDS = "{\"field\":\"id\",\"type\":\"int64\"},"
      + "{\"field\":\"name\",\"type\":\"string\",\"optional\":true},"
      + "{\"field\":\"qty\",\"type\":\"int32\"}";
  private static final String ROW_SCHEMA = "{\"type\":\"struct\",\"name\":\"row\",\"optional\":true,\"fields\":["
      + ROW_FIELDS + "]}";

  private Changes() {}

  static String key(long id) {
    return "{\"schema\":{\"type\":\"struct\",\"name\":\"key\",\"fields\":[{\"field\":\"id\",\"type\":\"int64\"}]},"
        + "\"payload\":{\"id\":" + id + "}}";
  }

  static String rowPayload(long id, String name, int qty) {
    return "{\"id\":" + id + ",\"name\":" + (name == null ? "null" : "\"" + name + "\"") + ",\"qty\":" + qty + "}";
  }

  static String plain(long id, String name, int qty) {
    return "{\"schema\":{\"type\":\"struct\",\"name\":\"row\",\"fields\":[" + ROW_FIELDS + "]},\"payload\":"
        + rowPayload(id, name, qty) + "}";
  }

  /** A Debezium envelope: op c, u or r carries after; d carries before. */
  static String envelope(char op, long id, String name, int qty, long sourceTsMs) {
    String row = rowPayload(id, name, qty);
    return "{\"schema\":{\"type\":\"struct\",\"name\":\"envelope\",\"fields\":["
        + "{\"field\":\"before\"," + ROW_SCHEMA.substring(1) + ","
        + "{\"field\":\"after\"," + ROW_SCHEMA.substring(1) + ","
        + "{\"field\":\"source\",\"type\":\"struct\",\"optional\":true,\"fields\":[{\"field\":\"ts_ms\",\"type\":\"int64\"}]},"
        + "{\"field\":\"op\",\"type\":\"string\"},{\"field\":\"ts_ms\",\"type\":\"int64\",\"optional\":true}]},"
        + "\"payload\":{\"before\":" + (op == 'd' ? row : "null") + ",\"after\":" + (op == 'd' ? "null" : row)
        + ",\"source\":{\"ts_ms\":" + sourceTsMs + "},\"op\":\"" + op + "\",\"ts_ms\":" + sourceTsMs + "}}";
  }

  /** A flattened CDC row with {@code __op} and {@code __deleted}. */
  static String flat(char op, long id, String name, int qty) {
    return "{\"schema\":{\"type\":\"struct\",\"name\":\"flat\",\"fields\":[" + ROW_FIELDS + ","
        + "{\"field\":\"__op\",\"type\":\"string\"},{\"field\":\"__deleted\",\"type\":\"string\"}]},"
        + "\"payload\":{\"id\":" + id + ",\"name\":" + (name == null ? "null" : "\"" + name + "\"") + ",\"qty\":"
        + qty + ",\"__op\":\"" + op + "\",\"__deleted\":\"" + (op == 'd') + "\"}}";
  }
}
