// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.common;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.header.Headers;

/**
 * The lineage header names every Streamfirst plugin agrees on, and the rules for setting them.
 *
 * <p>Values are UTF-8 strings so that any consumer can read them. A header that is already present
 * is kept, except {@link #PATH}, to which each hop appends its name.
 */
public final class LineageHeaders {

  /** Dataset URI of the record's first origin, e.g. {@code postgres://host:5432/db/public.orders}. */
  public static final String ORIGIN = "sf.origin";
  /** Source commit time in epoch milliseconds (CDC sources). */
  public static final String SOURCE_TS = "sf.source.ts";
  /** Source position: a Postgres LSN, a MySQL {@code file:pos} or GTID (CDC sources). */
  public static final String SOURCE_POS = "sf.source.pos";
  /** Source transaction id, when known (CDC sources). */
  public static final String TX = "sf.tx";
  /** Comma-separated hops the record passed through, appended by each Streamfirst plugin. */
  public static final String PATH = "sf.path";
  /** W3C {@code traceparent} value set by the first plugin and kept unchanged downstream. */
  public static final String TRACE = "sf.trace";
  /** {@code subject:version} (or registry id) a record was checked against (governance). */
  public static final String SCHEMA = "sf.schema";
  /** Why a record was quarantined: rule name and a short reason, never values (governance). */
  public static final String VIOLATION = "sf.violation";

  private LineageHeaders() {}

  /** Adds {@code name=value} unless a header with that name is already present. */
  public static void putIfAbsent(Headers headers, String name, String value) {
    if (value != null && headers.lastWithName(name) == null) {
      headers.addString(name, value);
    }
  }

  /** Appends {@code hop} to the {@link #PATH} header, creating it when absent. */
  public static void appendPath(Headers headers, String hop) {
    String current = stringValue(headers.lastWithName(PATH));
    headers.remove(PATH);
    headers.addString(PATH, current == null || current.isEmpty() ? hop : current + "," + hop);
  }

  /** The header's value as a string, whether it was stored as a string or as UTF-8 bytes. */
  public static String stringValue(Header header) {
    if (header == null || header.value() == null) {
      return null;
    }
    Object value = header.value();
    if (value instanceof byte[] bytes) {
      return new String(bytes, StandardCharsets.UTF_8);
    }
    return value.toString();
  }
}
