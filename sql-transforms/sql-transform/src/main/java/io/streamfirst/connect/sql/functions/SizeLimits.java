// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.sql.functions;

import com.fasterxml.jackson.core.PrettyPrinter;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import java.io.IOException;
import java.io.Writer;
import org.apache.calcite.avatica.util.ByteString;
import org.apache.calcite.linq4j.function.Strict;
import org.apache.calcite.runtime.JsonFunctions;

/**
 * Size checks for the functions whose result can be larger than their arguments, called by
 * generated code only where a statement uses such a function: each checks the size a result
 * will have against {@code max.value.bytes} before anything of that size is allocated, and
 * throws {@link ValueTooLargeException} instead. Text is measured in characters (UTF-16 code
 * units), binary values in bytes. A NULL argument yields NULL without a call, as for the
 * functions they guard.
 */
@Strict
public final class SizeLimits {

  /** Calcite's JSON_PRETTY layout: Jackson's default pretty printer, objects on lines of their own. */
  private static final PrettyPrinter JSON_PRETTY_PRINTER = new DefaultPrettyPrinter()
      .withObjectIndenter(DefaultIndenter.SYSTEM_LINEFEED_INSTANCE.withLinefeed("\n"));
  private static final ObjectWriter JSON_PRETTY = new ObjectMapper().writer(JSON_PRETTY_PRINTER);

  private SizeLimits() {}

  /** The count for {@code REPEAT(text, count)}, once the result is known to fit. */
  public static int repeatCount(String text, int count, int limit) {
    check("REPEAT", (long) text.length() * Math.max(count, 0), limit);
    return count;
  }

  /** The length for {@code LPAD}/{@code RPAD} of text or bytes, once the result is known to fit. */
  public static int padLength(int length, int limit) {
    check("LPAD/RPAD", length, limit);
    return length;
  }

  /**
   * The text for {@code REPLACE(text, from, to)}, once the result is known to fit: replacing with
   * something longer grows the text by the difference per occurrence (counted only when the
   * largest possible result would not fit).
   */
  public static String replaceSource(String text, String from, String to, int limit) {
    int growth = to.length() - from.length();
    if (growth <= 0 || from.isEmpty()) {
      return text;
    }
    long most = text.length() + (long) (text.length() / from.length()) * growth;
    if (most <= limit) {
      return text;
    }
    long occurrences = 0;
    for (int at = text.indexOf(from); at >= 0; at = text.indexOf(from, at + from.length())) {
      occurrences++;
    }
    check("REPLACE", text.length() + occurrences * growth, limit);
    return text;
  }

  /** {@code value}, a result of {@code function} already computed, when it fits. */
  public static String text(String value, String function, int limit) {
    check(function, value.length(), limit);
    return value;
  }

  /** {@code value}, a binary result of {@code function} already computed, when it fits. */
  public static ByteString bytes(ByteString value, String function, int limit) {
    check(function, value.length(), limit);
    return value;
  }

  /**
   * {@code JSON_PRETTY(json)} as Calcite prints it, written into a buffer that refuses to grow
   * beyond {@code limit}: indentation grows with nesting, so the result can be far larger than
   * its argument.
   */
  public static String jsonPretty(String json, int limit) {
    JsonFunctions.JsonValueContext parsed = JsonFunctions.jsonValueExpression(json);
    if (parsed.hasException()) {
      return JsonFunctions.jsonPretty(parsed); // raises as Calcite does
    }
    LimitedWriter out = new LimitedWriter("JSON_PRETTY", limit);
    try {
      JSON_PRETTY.writeValue(out, parsed.obj);
    } catch (IOException e) {
      for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
        if (cause instanceof ValueTooLargeException tooLarge) {
          throw tooLarge; // Jackson wraps what the writer throws while it serialises maps and lists
        }
      }
      throw new IllegalArgumentException(
          "JSON_PRETTY cannot print its argument (" + e.getClass().getSimpleName() + ")");
    }
    return out.toString();
  }

  /** Throws when {@code size} is more than {@code limit}. */
  static void check(String function, long size, int limit) {
    if (size > limit) {
      throw new ValueTooLargeException(function, size, limit);
    }
  }

  /** A character buffer that throws instead of holding more than its limit. */
  private static final class LimitedWriter extends Writer {

    private final StringBuilder buffer = new StringBuilder();
    private final String function;
    private final int limit;

    LimitedWriter(String function, int limit) {
      this.function = function;
      this.limit = limit;
    }

    @Override
    public void write(char[] chars, int offset, int length) {
      check(function, (long) buffer.length() + length, limit);
      buffer.append(chars, offset, length);
    }

    @Override
    public void write(String text, int offset, int length) {
      check(function, (long) buffer.length() + length, limit);
      buffer.append(text, offset, offset + length);
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}

    @Override
    public String toString() {
      return buffer.toString();
    }
  }
}
