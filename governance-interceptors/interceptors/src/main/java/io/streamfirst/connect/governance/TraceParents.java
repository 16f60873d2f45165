// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.governance;

import java.util.HexFormat;
import java.util.regex.Pattern;
import java.util.random.RandomGenerator;

/** W3C trace-context {@code traceparent} values: {@code 00-<32 hex trace id>-<16 hex parent id>-<2 hex flags>}. */
final class TraceParents {

  /** The header OpenTelemetry and other W3C trace-context producers write. */
  static final String HEADER = "traceparent";

  private static final Pattern VALID = Pattern.compile("00-(?!0{32})[0-9a-f]{32}-(?!0{16})[0-9a-f]{16}-[0-9a-f]{2}");
  private static final HexFormat HEX = HexFormat.of();

  private TraceParents() {}

  /** Whether {@code value} is a version-00 {@code traceparent} with non-zero ids. */
  static boolean isValid(String value) {
    return value != null && VALID.matcher(value).matches();
  }

  /** A new sampled {@code traceparent} with random trace and parent ids. */
  static String create(RandomGenerator random) {
    long high;
    long low;
    long span;
    do {
      high = random.nextLong();
      low = random.nextLong();
    } while (high == 0 && low == 0);
    do {
      span = random.nextLong();
    } while (span == 0);
    return "00-" + HEX.toHexDigits(high) + HEX.toHexDigits(low) + "-" + HEX.toHexDigits(span) + "-01";
  }
}
