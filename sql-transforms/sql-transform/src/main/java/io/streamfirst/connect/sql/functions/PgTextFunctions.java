// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.sql.functions;

import java.math.BigInteger;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.apache.calcite.linq4j.function.Strict;

/**
 * Text functions with PostgreSQL 17 semantics: locale-independent case mapping, trimming, padding,
 * LEFT/RIGHT, BTRIM, REVERSE and regexp_replace. Called by generated code (hence public); a NULL
 * argument yields NULL without a call.
 */
@Strict
public final class PgTextFunctions {

  private static final int REGEX_CACHE_SIZE = 256;
  private static final Map<String, Pattern> REGEX_CACHE = new ConcurrentHashMap<>();
  private static final Pattern FLOAT_INPUT = Pattern.compile("[-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?");

  private PgTextFunctions() {}

  // ---------------------------------------------------------------- text input of floats

  /**
   * {@code text::float8} as PostgreSQL reads it: surrounding whitespace, {@code Infinity}, {@code inf}
   * and {@code NaN} in any case; Java's suffixes ({@code 7f}, {@code 2d}) are invalid input, and a
   * value beyond the type's range (or one that is not zero but reads as zero) raises.
   */
  public static double textToFloat8(String text) {
    String value = text.strip();
    double special = specialFloat(value);
    if (!Double.isNaN(special) || value.equalsIgnoreCase("nan")) {
      return special;
    }
    double result = Double.parseDouble(plainFloat(value));
    if (Double.isInfinite(result) || result == 0 && hasNonZeroDigit(value)) {
      throw new ArithmeticException("value out of range for type double precision: overflow");
    }
    return result;
  }

  /** {@code text::float4}, as {@link #textToFloat8} for real's range. */
  public static float textToFloat4(String text) {
    String value = text.strip();
    double special = specialFloat(value);
    if (!Double.isNaN(special) || value.equalsIgnoreCase("nan")) {
      return (float) special;
    }
    float result = Float.parseFloat(plainFloat(value));
    if (Float.isInfinite(result) || result == 0 && hasNonZeroDigit(value)) {
      throw new ArithmeticException("value out of range for type real: overflow");
    }
    return result;
  }

  private static double specialFloat(String value) {
    String unsigned = value.startsWith("-") || value.startsWith("+") ? value.substring(1) : value;
    if (unsigned.equalsIgnoreCase("infinity") || unsigned.equalsIgnoreCase("inf")) {
      return value.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
    }
    return Double.NaN;
  }

  /** The text if it is a decimal number ([sign] digits [. digits] [e [sign] digits]), else invalid input. */
  private static String plainFloat(String value) {
    if (!FLOAT_INPUT.matcher(value).matches()) {
      throw new NumberFormatException("invalid input syntax for type double precision or real");
    }
    return value;
  }

  private static boolean hasNonZeroDigit(String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == 'e' || c == 'E') {
        return false;
      }
      if (c >= '1' && c <= '9') {
        return true;
      }
    }
    return false;
  }

  // ---------------------------------------------------------------- text input of integers

  /**
   * {@code text::bigint} as PostgreSQL 17 reads it: surrounding white space, a sign, decimal digits or
   * {@code 0x}, {@code 0o}, {@code 0b} digits, single underscores between digits; anything else (a
   * date or time among them) is invalid input, and a value beyond the type's range raises.
   */
  public static long textToInt8(String text) {
    return textToInteger(text, Long.MIN_VALUE, Long.MAX_VALUE, "bigint");
  }

  /** {@code text::integer}, as {@link #textToInt8}. */
  public static int textToInt4(String text) {
    return (int) textToInteger(text, Integer.MIN_VALUE, Integer.MAX_VALUE, "integer");
  }

  /** {@code text::smallint}, as {@link #textToInt8}. */
  public static short textToInt2(String text) {
    return (short) textToInteger(text, Short.MIN_VALUE, Short.MAX_VALUE, "smallint");
  }

  private static long textToInteger(String text, long min, long max, String type) {
    int end = text.length();
    while (end > 0 && isPgSpace(text.charAt(end - 1))) {
      end--;
    }
    int i = 0;
    while (i < end && isPgSpace(text.charAt(i))) {
      i++;
    }
    boolean negative = false;
    if (i < end && (text.charAt(i) == '-' || text.charAt(i) == '+')) {
      negative = text.charAt(i) == '-';
      i++;
    }
    int radix = 10;
    if (i + 1 < end && text.charAt(i) == '0') {
      char prefix = Character.toLowerCase(text.charAt(i + 1));
      radix = prefix == 'x' ? 16 : prefix == 'o' ? 8 : prefix == 'b' ? 2 : 10;
      i += radix == 10 ? 0 : 2;
    }
    StringBuilder digits = new StringBuilder(end - i);
    for (; i < end; i++) {
      char c = text.charAt(i);
      if (c == '_' && digits.length() > 0 && i + 1 < end && Character.digit(text.charAt(i + 1), radix) >= 0
          && text.charAt(i + 1) < 128) {
        continue;
      }
      if (c >= 128 || Character.digit(c, radix) < 0) {
        throw new NumberFormatException("invalid input syntax for type " + type);
      }
      digits.append(c);
    }
    if (digits.length() == 0) {
      throw new NumberFormatException("invalid input syntax for type " + type);
    }
    BigInteger value = new BigInteger(digits.toString(), radix);
    if (negative) {
      value = value.negate();
    }
    if (value.bitLength() > 63 || value.longValue() < min || value.longValue() > max) {
      throw new ArithmeticException("value out of range for type " + type + " (overflow)");
    }
    return value.longValue();
  }

  /** PostgreSQL's white space around a number: space, tab, newline, vertical tab, form feed, return. */
  private static boolean isPgSpace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == 0x0B || c == '\f' || c == '\r';
  }

  // ---------------------------------------------------------------- text

  /**
   * {@code trim([LEADING | TRAILING | BOTH] 'c' FROM text)} with a single trim character (plain
   * {@code TRIM(text)} trims spaces): what the general form returns, comparing each character with
   * {@code c} instead of searching the trim set for it.
   */
  public static String trimChar(String text, String character, boolean leading, boolean trailing) {
    char c = character.charAt(0);
    int start = 0;
    int end = text.length();
    while (trailing && end > 0 && text.charAt(end - 1) == c) {
      end--;
    }
    while (leading && start < end && text.charAt(start) == c) {
      start++;
    }
    return text.substring(start, end);
  }

  /**
   * {@code upper(text)} with Unicode's simple case mapping, code point by code point, as
   * PostgreSQL 17's builtin C.UTF-8 collation does: never depends on the JVM's locale, and
   * keeps the length ({@code upper('ß') = 'ß'}).
   */
  public static String upper(String text) {
    // Java's full mapping differs from the simple one only where it expands a code point into
    // several (ß -> SS), so a result of the same length is the simple mapping (for every code point:
    // PgSemanticsTest); one pass for any text
    String mapped = text.toUpperCase(Locale.ROOT);
    return mapped.length() == text.length() ? mapped : mapCodePoints(text, true);
  }

  /**
   * {@code initcap(text)}: each letter that follows a letter or digit in lower case, every other
   * in upper case, with Unicode's simple case mapping (as PostgreSQL's builtin C.UTF-8 collation).
   */
  public static String initcap(String text) {
    StringBuilder out = new StringBuilder(text.length());
    boolean inWord = false;
    for (int i = 0; i < text.length();) {
      int c = text.codePointAt(i);
      out.appendCodePoint(inWord ? Character.toLowerCase(c) : Character.toUpperCase(c));
      inWord = Character.isLetterOrDigit(c);
      i += Character.charCount(c);
    }
    return out.toString();
  }

  /** {@code lower(text)} with Unicode's simple case mapping ({@code lower('İ') = 'i'}). */
  public static String lower(String text) {
    return mapCodePoints(text, false);
  }

  /**
   * Maps each code point with Unicode's simple case mapping. Runs per record, so it avoids streams:
   * ASCII text (where Java's full mapping is the simple one) goes through String's own case mapping.
   */
  private static String mapCodePoints(String text, boolean upper) {
    int length = text.length();
    for (int i = 0; i < length; i++) {
      if (text.charAt(i) >= 0x80) {
        StringBuilder out = new StringBuilder(length);
        for (int j = 0; j < length;) {
          int c = text.codePointAt(j);
          out.appendCodePoint(upper ? Character.toUpperCase(c) : Character.toLowerCase(c));
          j += Character.charCount(c);
        }
        return out.toString();
      }
    }
    return upper ? text.toUpperCase(Locale.ROOT) : text.toLowerCase(Locale.ROOT);
  }

  /** {@code left(text, n)}: the first n characters; a negative n leaves out the last -n. */
  public static String left(String text, int n) {
    int length = text.codePointCount(0, text.length());
    int count = n >= 0 ? Math.min(n, length) : Math.max(0, length + n);
    return text.substring(0, text.offsetByCodePoints(0, count));
  }

  /** {@code right(text, n)}: the last n characters; a negative n leaves out the first -n. */
  public static String right(String text, int n) {
    int length = text.codePointCount(0, text.length());
    // as PostgreSQL: -n of the smallest integer stays negative, and leaves nothing out
    int count = n >= 0 ? Math.min(n, length) : n == Integer.MIN_VALUE ? length : Math.max(0, length + n);
    return text.substring(text.offsetByCodePoints(0, length - count));
  }

  /**
   * {@code lpad(text, length, fill)}: pads on the left with {@code fill} repeated, or truncates to
   * {@code length} characters; a length of 0 or less gives '', an empty fill no padding.
   */
  public static String lpad(String text, int length, String fill) {
    return pad(text, length, fill, true);
  }

  /** {@code rpad(text, length, fill)}: as lpad, padding on the right. */
  public static String rpad(String text, int length, String fill) {
    return pad(text, length, fill, false);
  }

  private static String pad(String text, int length, String fill, boolean left) {
    if (length <= 0) {
      return "";
    }
    int characters = text.codePointCount(0, text.length());
    if (characters >= length || fill.isEmpty()) {
      return characters > length ? text.substring(0, text.offsetByCodePoints(0, length)) : text;
    }
    StringBuilder padding = new StringBuilder();
    int missing = length - characters;
    for (int i = 0, f = 0; i < missing; i++) {
      int c = fill.codePointAt(f);
      padding.appendCodePoint(c);
      f += Character.charCount(c);
      if (f >= fill.length()) {
        f = 0;
      }
    }
    return left ? padding.append(text).toString() : text + padding;
  }

  /** {@code btrim(text)}: trims spaces from both ends. */
  public static String btrim(String text) {
    return btrim(text, " ");
  }

  /** {@code btrim(text, characters)}: trims any of the characters from both ends. */
  public static String btrim(String text, String characters) {
    int start = 0;
    int end = text.length();
    while (start < end && characters.indexOf(text.codePointAt(start)) >= 0) {
      start += Character.charCount(text.codePointAt(start));
    }
    while (end > start && characters.indexOf(text.codePointBefore(end)) >= 0) {
      end -= Character.charCount(text.codePointBefore(end));
    }
    return text.substring(start, end);
  }

  /** {@code reverse(text)}: the characters (code points) in reverse order. */
  public static String reverse(String text) {
    StringBuilder out = new StringBuilder(text.length());
    for (int i = text.length(); i > 0;) {
      int c = text.codePointBefore(i);
      out.appendCodePoint(c);
      i -= Character.charCount(c);
    }
    return out.toString();
  }

  /** {@code regexp_replace(source, pattern, replacement)}: the first match only. */
  public static String regexpReplaceFirst(String source, String pattern, String replacement, int limit) {
    return regexpReplace(source, pattern, replacement, "", limit);
  }

  /**
   * {@code regexp_replace(source, pattern, replacement, flags)}: flag {@code g} replaces every
   * match, {@code i} ignores case, {@code c} respects it, {@code s}/{@code n}/{@code x} as in
   * PostgreSQL. In the replacement, {@code \1}..{@code \9} insert groups (empty when absent),
   * {@code \&} the whole match and {@code \\} a backslash. The result never grows beyond {@code limit}
   * characters ({@code max.value.bytes}): each piece is checked before it is appended.
   */
  public static String regexpReplace(String source, String pattern, String replacement, String flags, int limit) {
    boolean global = false;
    int options = 0;
    for (int i = 0; i < flags.length(); i++) {
      switch (flags.charAt(i)) {
        case 'g' -> global = true;
        case 'i' -> options |= Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE;
        case 'c' -> options &= ~(Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
        case 'n', 'm' -> options |= Pattern.MULTILINE;
        case 's' -> options |= Pattern.DOTALL;
        case 'x' -> options |= Pattern.COMMENTS;
        default -> throw new IllegalArgumentException("invalid regular expression option: \"" + flags.charAt(i) + "\"");
      }
    }
    if ((options & Pattern.MULTILINE) == 0) {
      options |= Pattern.DOTALL;
    }
    // \w, \d, \s and [[:classes:]] of any script, as PostgreSQL's with a UTF-8 database
    options |= Pattern.UNICODE_CHARACTER_CLASS;
    if ((options & Pattern.CASE_INSENSITIVE) != 0 && pattern.chars().allMatch(c -> c < 128)) {
      // PostgreSQL matches a letter of the pattern, its lower and its upper case: for ASCII letters only ASCII ones,
      // where Java's Unicode case folding (which the character classes imply) would match 'ı' and 'İ' with 'i'
      pattern = "(?-u)" + pattern;
    }
    Matcher matcher = compile(pattern, options).matcher(source);
    StringBuilder out = new StringBuilder(source.length());
    int last = 0;
    while (matcher.find()) {
      append(out, source, last, matcher.start(), limit);
      appendReplacement(out, source, matcher, replacement, limit);
      last = matcher.end();
      if (!global) {
        break;
      }
    }
    return append(out, source, last, source.length(), limit).toString();
  }

  private static void appendReplacement(StringBuilder out, String source, Matcher matcher, String replacement,
      int limit) {
    for (int i = 0; i < replacement.length(); i++) {
      char c = replacement.charAt(i);
      if (c != '\\' || i + 1 == replacement.length()) {
        append(out, c, limit);
        continue;
      }
      char next = replacement.charAt(++i);
      if (next >= '1' && next <= '9') {
        int group = next - '0';
        if (group <= matcher.groupCount() && matcher.start(group) >= 0) {
          append(out, source, matcher.start(group), matcher.end(group), limit);
        }
      } else if (next == '&') {
        append(out, source, matcher.start(), matcher.end(), limit);
      } else if (next == '\\') {
        append(out, '\\', limit);
      } else {
        append(out, '\\', limit);
        append(out, next, limit);
      }
    }
  }

  /** Appends {@code text[from, to)} to {@code out} once the result is known to stay within {@code limit}. */
  private static StringBuilder append(StringBuilder out, String text, int from, int to, int limit) {
    SizeLimits.check("REGEXP_REPLACE", (long) out.length() + (to - from), limit);
    return out.append(text, from, to);
  }

  private static void append(StringBuilder out, char c, int limit) {
    SizeLimits.check("REGEXP_REPLACE", out.length() + 1L, limit);
    out.append(c);
  }

  private static Pattern compile(String pattern, int options) {
    String key = options + ":" + pattern;
    Pattern compiled = REGEX_CACHE.get(key);
    if (compiled == null) {
      try {
        compiled = Pattern.compile(pattern, options);
      } catch (PatternSyntaxException e) {
        throw new IllegalArgumentException("invalid regular expression: " + e.getDescription());
      }
      if (REGEX_CACHE.size() >= REGEX_CACHE_SIZE) {
        REGEX_CACHE.clear();
      }
      REGEX_CACHE.put(key, compiled);
    }
    return compiled;
  }
}
