// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.sql.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Rewrites PostgreSQL's {@code expr::type} into {@code CAST(expr AS type)} before parsing.
 *
 * <p>In PostgreSQL {@code ::} binds tighter than any other operator, so {@code a <> b::int} casts
 * {@code b} and {@code -7::numeric} is {@code -(7::numeric)}. Calcite's Babel parser gives
 * {@code ::} a lower precedence than comparisons and arithmetic, casting {@code (a <> b)}. The
 * operand of each {@code ::} is therefore made explicit: the primary expression right before it
 * (a name, literal, parenthesised expression, function call, subscript or CASE ... END).
 */
final class InfixCasts {

  private enum Kind {
    WORD, NUMBER, STRING, QUOTED, SYMBOL
  }

  private record Token(Kind kind, String text, int start, int end) {
    boolean is(String symbol) {
      return kind == Kind.SYMBOL && text.equals(symbol) || kind == Kind.WORD && text.equalsIgnoreCase(symbol);
    }
  }

  /** Words that end an expression's operand list rather than name a function before {@code (}. */
  private static final Set<String> NOT_FUNCTIONS = Set.of("AND", "OR", "NOT", "IN", "IS", "LIKE", "ILIKE",
      "BETWEEN", "WHEN", "THEN", "ELSE", "SELECT", "WHERE", "FROM", "AS", "ON", "BY", "ALL", "ANY", "SOME",
      "EXISTS", "DISTINCT", "SIMILAR", "ESCAPE", "CASE", "END", "FOR", "TO", "SYMMETRIC", "ASYMMETRIC", "LEADING",
      "TRAILING", "BOTH", "NULL", "TRUE", "FALSE", "UNKNOWN", "OVERLAPS");
  private static final Set<String> TYPED_LITERALS = Set.of("DATE", "TIME", "TIMESTAMP", "INTERVAL");

  private InfixCasts() {}

  static String rewrite(String sql) {
    return rewriteCasts(rewritePositions(sql));
  }

  /**
   * {@code POSITION(a IN b)} as {@code STRPOS(b, a)} when {@code a} is more than a name or a constant:
   * PostgreSQL takes any expression there, Calcite's grammar only a primary one
   * ({@code POSITION('a' || 'b' IN s)} would not parse). Unaliased, such a column is named strpos.
   */
  static String rewritePositions(String sql) {
    String text = sql;
    for (int guard = 0; guard < 1000 && text.toUpperCase(Locale.ROOT).contains("POSITION"); guard++) {
      List<Token> tokens = tokenize(text);
      boolean rewritten = false;
      for (int i = 0; i + 1 < tokens.size() && !rewritten; i++) {
        if (!tokens.get(i).is("POSITION") || !tokens.get(i + 1).is("(")) {
          continue;
        }
        int depth = 0;
        int in = -1;
        int close = -1;
        for (int j = i + 1; j < tokens.size(); j++) {
          if (tokens.get(j).is("(")) {
            depth++;
          } else if (tokens.get(j).is(")") && --depth == 0) {
            close = j;
            break;
          } else if (depth == 1 && in < 0 && tokens.get(j).is("IN")) {
            in = j;
          }
        }
        if (in < 0 || close < 0 || in == i + 3) {
          // a single-token operand parses as it is (and keeps PostgreSQL's column name, "position")
          continue;
        }
        String needle = text.substring(tokens.get(i + 2).start(), tokens.get(in - 1).end());
        String haystack = text.substring(tokens.get(in + 1).start(), tokens.get(close - 1).end());
        text = text.substring(0, tokens.get(i).start()) + "STRPOS(" + haystack + ", " + needle + ")"
            + text.substring(tokens.get(close).end());
        rewritten = true;
      }
      if (!rewritten) {
        break;
      }
    }
    return text;
  }

  private static String rewriteCasts(String sql) {
    if (!sql.contains("::")) {
      return sql;
    }
    String text = sql;
    // Each pass rewrites the leftmost "::"; its operand then never holds another one.
    for (int guard = 0; guard < 1000; guard++) {
      List<Token> tokens = tokenize(text);
      int cast = -1;
      for (int i = 0; i < tokens.size(); i++) {
        if (tokens.get(i).is("::")) {
          cast = i;
          break;
        }
      }
      if (cast < 1) {
        return text;
      }
      int first = operandStart(tokens, cast - 1);
      int last = typeEnd(tokens, cast + 1);
      if (first < 0 || last < 0) {
        return text;
      }
      String operand = text.substring(tokens.get(first).start(), tokens.get(cast - 1).end());
      String type = text.substring(tokens.get(cast + 1).start(), tokens.get(last).end());
      text = text.substring(0, tokens.get(first).start()) + "CAST(" + operand + " AS " + type + ")"
          + text.substring(tokens.get(last).end());
    }
    return text;
  }

  /** The index of the first token of the primary expression that ends at token {@code end}. */
  private static int operandStart(List<Token> tokens, int end) {
    Token last = tokens.get(end);
    int start;
    if (last.is(")")) {
      start = matchBackward(tokens, end, "(", ")");
      if (start > 0 && tokens.get(start - 1).kind() == Kind.WORD
          && !NOT_FUNCTIONS.contains(tokens.get(start - 1).text().toUpperCase(Locale.ROOT))) {
        start = dottedStart(tokens, start - 1);
      }
    } else if (last.is("]")) {
      int open = matchBackward(tokens, end, "[", "]");
      return open <= 0 ? -1 : operandStart(tokens, open - 1);
    } else if (last.is("END")) {
      start = matchCase(tokens, end);
    } else if (last.kind() == Kind.STRING) {
      start = end;
      if (start > 0 && tokens.get(start - 1).kind() == Kind.WORD
          && TYPED_LITERALS.contains(tokens.get(start - 1).text().toUpperCase(Locale.ROOT))) {
        start--;
      }
    } else if (last.kind() == Kind.NUMBER) {
      start = end;
    } else if (last.kind() == Kind.WORD || last.kind() == Kind.QUOTED) {
      start = dottedStart(tokens, end);
    } else {
      return -1;
    }
    return start;
  }

  private static int dottedStart(List<Token> tokens, int index) {
    int start = index;
    while (start >= 2 && tokens.get(start - 1).is(".")
        && (tokens.get(start - 2).kind() == Kind.WORD || tokens.get(start - 2).kind() == Kind.QUOTED)) {
      start -= 2;
    }
    return start;
  }

  private static int matchBackward(List<Token> tokens, int close, String open, String closeSymbol) {
    int depth = 0;
    for (int i = close; i >= 0; i--) {
      if (tokens.get(i).is(closeSymbol)) {
        depth++;
      } else if (tokens.get(i).is(open) && --depth == 0) {
        return i;
      }
    }
    return -1;
  }

  private static int matchCase(List<Token> tokens, int end) {
    int depth = 0;
    for (int i = end; i >= 0; i--) {
      if (tokens.get(i).is("END")) {
        depth++;
      } else if (tokens.get(i).is("CASE") && --depth == 0) {
        return i;
      }
    }
    return -1;
  }

  /** The index of the last token of the type name starting at {@code start}. */
  private static int typeEnd(List<Token> tokens, int start) {
    if (start >= tokens.size() || tokens.get(start).kind() != Kind.WORD && tokens.get(start).kind() != Kind.QUOTED) {
      return -1;
    }
    int i = start;
    while (i + 2 < tokens.size() && tokens.get(i + 1).is(".") && tokens.get(i + 2).kind() == Kind.WORD) {
      i += 2;
    }
    String name = tokens.get(i).text().toUpperCase(Locale.ROOT);
    if (name.equals("DOUBLE") && next(tokens, i, "PRECISION")) {
      i++;
    } else if ((name.equals("CHARACTER") || name.equals("CHAR")) && next(tokens, i, "VARYING")) {
      i++;
    }
    i = modifiers(tokens, i);
    if ((name.equals("TIMESTAMP") || name.equals("TIME"))
        && (next(tokens, i, "WITH") || next(tokens, i, "WITHOUT")) && next(tokens, i + 1, "TIME")
        && next(tokens, i + 2, "ZONE")) {
      i += 3;
    }
    while (i + 2 < tokens.size() && tokens.get(i + 1).is("[") && tokens.get(i + 2).is("]")) {
      i += 2;
    }
    return i;
  }

  private static int modifiers(List<Token> tokens, int i) {
    if (i + 1 < tokens.size() && tokens.get(i + 1).is("(")) {
      int depth = 0;
      for (int j = i + 1; j < tokens.size(); j++) {
        if (tokens.get(j).is("(")) {
          depth++;
        } else if (tokens.get(j).is(")") && --depth == 0) {
          return j;
        }
      }
    }
    return i;
  }

  private static boolean next(List<Token> tokens, int i, String word) {
    return i + 1 < tokens.size() && tokens.get(i + 1).is(word);
  }

  private static List<Token> tokenize(String sql) {
    List<Token> tokens = new ArrayList<>();
    int i = 0;
    int n = sql.length();
    while (i < n) {
      char c = sql.charAt(i);
      int start = i;
      if (Character.isWhitespace(c)) {
        i++;
      } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
        while (i < n && sql.charAt(i) != '\n') {
          i++;
        }
      } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
        int close = sql.indexOf("*/", i + 2);
        i = close < 0 ? n : close + 2;
      } else if (c == '\'') {
        i = endOfQuoted(sql, i, '\'');
        tokens.add(new Token(Kind.STRING, sql.substring(start, i), start, i));
      } else if (c == '"') {
        i = endOfQuoted(sql, i, '"');
        tokens.add(new Token(Kind.QUOTED, sql.substring(start, i), start, i));
      } else if (Character.isDigit(c) || c == '.' && i + 1 < n && Character.isDigit(sql.charAt(i + 1))) {
        i = endOfNumber(sql, i);
        tokens.add(new Token(Kind.NUMBER, sql.substring(start, i), start, i));
      } else if (Character.isLetter(c) || c == '_') {
        while (i < n && (Character.isLetterOrDigit(sql.charAt(i)) || sql.charAt(i) == '_' || sql.charAt(i) == '$')) {
          i++;
        }
        if (i < n && sql.charAt(i) == '\'' && i - start == 1 && "EeNnXxBbUu".indexOf(c) >= 0) {
          i = endOfQuoted(sql, i, '\'');
          tokens.add(new Token(Kind.STRING, sql.substring(start, i), start, i));
        } else {
          tokens.add(new Token(Kind.WORD, sql.substring(start, i), start, i));
        }
      } else if (c == ':' && i + 1 < n && sql.charAt(i + 1) == ':') {
        i += 2;
        tokens.add(new Token(Kind.SYMBOL, "::", start, i));
      } else {
        i++;
        tokens.add(new Token(Kind.SYMBOL, String.valueOf(c), start, i));
      }
    }
    return tokens;
  }

  private static int endOfQuoted(String sql, int open, char quote) {
    int i = open + 1;
    while (i < sql.length()) {
      if (sql.charAt(i) == quote) {
        if (i + 1 < sql.length() && sql.charAt(i + 1) == quote) {
          i += 2;
          continue;
        }
        return i + 1;
      }
      i++;
    }
    return sql.length();
  }

  private static int endOfNumber(String sql, int start) {
    int i = start;
    int n = sql.length();
    while (i < n && (Character.isDigit(sql.charAt(i)) || sql.charAt(i) == '.')) {
      if (sql.charAt(i) == '.' && i + 1 < n && sql.charAt(i + 1) == '.') {
        break;
      }
      i++;
    }
    if (i < n && (sql.charAt(i) == 'e' || sql.charAt(i) == 'E')) {
      int j = i + 1;
      if (j < n && (sql.charAt(j) == '+' || sql.charAt(j) == '-')) {
        j++;
      }
      if (j < n && Character.isDigit(sql.charAt(j))) {
        i = j;
        while (i < n && Character.isDigit(sql.charAt(i))) {
          i++;
        }
      }
    }
    return i;
  }
}
