// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.clickhouse.client;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads one line of {@code FORMAT JSONEachRow} output whose values are scalars (what the sink's own
 * metadata queries return): strings, numbers (kept as their text), booleans and null.
 */
final class FlatJson {

  private final String s;
  private int pos;

  private FlatJson(String s) {
    this.s = s;
  }

  /** The object's members in order; numbers and booleans as their text, null as null. */
  static Map<String, String> parse(String line) {
    return new FlatJson(line).object();
  }

  private Map<String, String> object() {
    Map<String, String> out = new LinkedHashMap<>();
    expect('{');
    skip();
    if (peek() == '}') {
      return out;
    }
    while (true) {
      skip();
      String name = string();
      skip();
      expect(':');
      skip();
      out.put(name, value());
      skip();
      char c = s.charAt(pos++);
      if (c == '}') {
        return out;
      }
      if (c != ',') {
        throw new IllegalArgumentException("unexpected '" + c + "' at " + (pos - 1) + " in a JSONEachRow line");
      }
    }
  }

  private String value() {
    char c = peek();
    if (c == '"') {
      return string();
    }
    int start = pos;
    while (pos < s.length() && ",}] \t".indexOf(s.charAt(pos)) < 0) {
      pos++;
    }
    String text = s.substring(start, pos);
    return "null".equals(text) ? null : text;
  }

  private String string() {
    expect('"');
    StringBuilder out = new StringBuilder();
    while (true) {
      char c = s.charAt(pos++);
      if (c == '"') {
        return out.toString();
      }
      if (c != '\\') {
        out.append(c);
        continue;
      }
      char e = s.charAt(pos++);
      switch (e) {
        case 'n' -> out.append('\n');
        case 't' -> out.append('\t');
        case 'r' -> out.append('\r');
        case 'b' -> out.append('\b');
        case 'f' -> out.append('\f');
        case 'u' -> {
          out.append((char) Integer.parseInt(s.substring(pos, pos + 4), 16));
          pos += 4;
        }
        default -> out.append(e);
      }
    }
  }

  private char peek() {
    return s.charAt(pos);
  }

  private void expect(char c) {
    if (pos >= s.length() || s.charAt(pos) != c) {
      throw new IllegalArgumentException("expected '" + c + "' at " + pos + " in a JSONEachRow line");
    }
    pos++;
  }

  private void skip() {
    while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
      pos++;
    }
  }
}
