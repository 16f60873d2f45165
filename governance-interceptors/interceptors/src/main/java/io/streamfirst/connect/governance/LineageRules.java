// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.governance;

import io.streamfirst.connect.common.LineageHeaders;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

/**
 * How a hop stamps a record's lineage headers, shared by the producer interceptor and {@link AddLineage}:
 *
 * <ol>
 *   <li>{@code sf.origin}, {@code sf.trace} and {@code sf.schema} already present are kept; an absent
 *       {@code sf.origin} becomes the default origin, an absent {@code sf.trace} the record's W3C
 *       {@code traceparent} header when it holds a valid value, else a new one; an absent
 *       {@code sf.schema} the schema when one is known.</li>
 *   <li>{@code sf.path} gets the hop appended, unless one of its hops already is this hop (a Streamfirst
 *       CDC source or an {@link AddLineage} of the same name appended it before the producer saw the
 *       record).</li>
 *   <li>The budget: see {@link #fit(LineageValues, int)}.</li>
 * </ol>
 */
final class LineageRules {

  /** Stands for the oldest hops of {@code sf.path} removed to fit the budget. */
  static final String ELIDED = "...";

  private LineageRules() {}

  /** The stamped values and whether the budget removed or shortened anything. */
  record Stamped(LineageValues values, boolean trimmed) {
  }

  static Stamped stamp(LineageValues current, String traceparent, String defaultOrigin, String schema,
      String hop, Supplier<String> newTrace, int budgetBytes) {
    LineageValues values = current;
    if (values.origin() == null) {
      values = values.withOrigin(defaultOrigin);
    }
    if (values.trace() == null) {
      values = values.withTrace(TraceParents.isValid(traceparent) ? traceparent : newTrace.get());
    }
    if (values.schema() == null && schema != null) {
      values = values.withSchema(schema);
    }
    values = values.withPath(appendHop(values.path(), hop));
    LineageValues fitted = fit(values, budgetBytes);
    return new Stamped(fitted, !fitted.equals(values));
  }

  /** {@code path} with {@code hop} appended, unless {@code hop} is one of its hops already. */
  static String appendHop(String path, String hop) {
    if (path == null || path.isEmpty()) {
      return hop;
    }
    if (Arrays.asList(path.split(",", -1)).contains(hop)) {
      return path;
    }
    return path + "," + hop;
  }

  /**
   * Makes the four headers fit in {@code budgetBytes} (UTF-8 name + value of each present header),
   * in this order, stopping as soon as they fit:
   *
   * <ol>
   *   <li>{@code sf.path} loses its oldest hops, one at a time, replaced by one {@code ...} hop; the
   *       newest hop always stays;</li>
   *   <li>{@code sf.schema} is removed;</li>
   *   <li>{@code sf.origin} is removed;</li>
   *   <li>{@code sf.path} becomes its newest hop alone, cut to the bytes left and ending in {@code ...},
   *       when at least one byte of the hop fits;</li>
   *   <li>{@code sf.trace} is removed (only a {@code sf.trace} that came longer than a W3C
   *       {@code traceparent} can get here with a budget of at least 100 bytes);</li>
   *   <li>{@code sf.path} becomes its newest hop cut to the budget.</li>
   * </ol>
   */
  static LineageValues fit(LineageValues values, int budgetBytes) {
    if (values.sizeBytes() <= budgetBytes) {
      return values;
    }
    LineageValues current = values;
    if (current.path() != null) {
      List<String> hops = new ArrayList<>(Arrays.asList(current.path().split(",", -1)));
      if (!hops.isEmpty() && ELIDED.equals(hops.get(0))) {
        hops.remove(0);
      }
      while (hops.size() > 1 && current.sizeBytes() > budgetBytes) {
        hops.remove(0);
        current = current.withPath(ELIDED + "," + String.join(",", hops));
      }
    }
    if (current.sizeBytes() > budgetBytes && current.schema() != null) {
      current = current.withSchema(null);
    }
    if (current.sizeBytes() > budgetBytes && current.origin() != null) {
      current = current.withOrigin(null);
    }
    if (current.sizeBytes() > budgetBytes && current.path() != null) {
      String newest = cutNewestHop(current, budgetBytes);
      if (newest != null) {
        current = current.withPath(newest);
      }
    }
    if (current.sizeBytes() > budgetBytes && current.trace() != null) {
      current = current.withTrace(null);
    }
    if (current.sizeBytes() > budgetBytes && current.path() != null) {
      current = current.withPath(cutNewestHop(current, budgetBytes));
    }
    return current;
  }

  /** The newest hop of the path cut to the bytes the other headers leave, or null when nothing of it fits. */
  private static String cutNewestHop(LineageValues values, int budgetBytes) {
    String path = values.path();
    int left = budgetBytes - values.withPath(null).sizeBytes() - LineageValues.utf8Length(LineageHeaders.PATH);
    return cut(path.substring(path.lastIndexOf(',') + 1), left);
  }

  /** {@code text} unchanged when it fits in {@code maxBytes} UTF-8 bytes, else cut to them ending in {@code ...}; null when not one byte of it fits. */
  private static String cut(String text, int maxBytes) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    if (bytes.length <= maxBytes) {
      return text;
    }
    int keep = maxBytes - ELIDED.length();
    if (keep < 1) {
      return null;
    }
    int end = keep;
    // Never split a multi-byte character: step back over continuation bytes.
    while (end > 0 && (bytes[end] & 0xC0) == 0x80) {
      end--;
    }
    return new String(bytes, 0, end, StandardCharsets.UTF_8) + ELIDED;
  }
}
