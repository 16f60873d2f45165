// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.governance;

import io.streamfirst.connect.common.LineageHeaders;
import java.nio.charset.StandardCharsets;

/**
 * The four lineage headers the interceptors and {@link AddLineage} manage, as UTF-8 strings; {@code null}
 * means the header is absent. The other lineage headers ({@code sf.source.*}, {@code sf.tx},
 * {@code sf.violation}) are never read, changed or counted here.
 */
record LineageValues(String origin, String trace, String path, String schema) {

  /** Bytes the present headers take: UTF-8 name plus UTF-8 value of each. */
  int sizeBytes() {
    return size(LineageHeaders.ORIGIN, origin) + size(LineageHeaders.TRACE, trace)
        + size(LineageHeaders.PATH, path) + size(LineageHeaders.SCHEMA, schema);
  }

  LineageValues withOrigin(String value) {
    return new LineageValues(value, trace, path, schema);
  }

  LineageValues withTrace(String value) {
    return new LineageValues(origin, value, path, schema);
  }

  LineageValues withPath(String value) {
    return new LineageValues(origin, trace, value, schema);
  }

  LineageValues withSchema(String value) {
    return new LineageValues(origin, trace, path, value);
  }

  static int size(String name, String value) {
    return value == null ? 0 : utf8Length(name) + utf8Length(value);
  }

  static int utf8Length(String text) {
    return text.getBytes(StandardCharsets.UTF_8).length;
  }
}
