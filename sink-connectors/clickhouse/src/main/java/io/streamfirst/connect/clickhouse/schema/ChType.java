// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.clickhouse.schema;

import java.util.ArrayList;
import java.util.List;

/**
 * A ClickHouse column type as the sink understands it: parsed from the text the server reports in
 * {@code system.columns} (e.g. {@code Nullable(Decimal(38, 4))}) or built by {@link TypeMapping}.
 *
 * @param kind      the type's family
 * @param text      the type as ClickHouse writes it
 * @param precision Decimal precision, DateTime64 precision, FixedString length; 0 otherwise
 * @param scale     Decimal scale; 0 otherwise
 * @param args      element type of Nullable/Array/LowCardinality; key and value type of Map
 */
public record ChType(Kind kind, String text, int precision, int scale, List<ChType> args) {

  /** Type families. {@link #UNSUPPORTED} columns can only be left to their defaults. */
  public enum Kind {
    INT8, INT16, INT32, INT64, UINT8, UINT16, UINT32, UINT64, FLOAT32, FLOAT64, STRING, FIXED_STRING, DECIMAL, DATE, DATE32, DATETIME, DATETIME64, UUID, BOOL, NULLABLE, ARRAY, MAP, LOW_CARDINALITY, UNSUPPORTED
  }

  public static ChType simple(Kind kind, String text) {
    return new ChType(kind, text, 0, 0, List.of());
  }

  public static ChType nullable(ChType inner) {
    return inner.kind == Kind.NULLABLE
        ? inner
        : new ChType(Kind.NULLABLE, "Nullable(" + inner.text + ")", 0, 0, List.of(inner));
  }

  public static ChType array(ChType element) {
    return new ChType(Kind.ARRAY, "Array(" + element.text + ")", 0, 0, List.of(element));
  }

  public static ChType map(ChType key, ChType value) {
    return new ChType(Kind.MAP, "Map(" + key.text + ", " + value.text + ")", 0, 0, List.of(key, value));
  }

  public static ChType decimal(int precision, int scale) {
    return new ChType(Kind.DECIMAL, "Decimal(" + precision + ", " + scale + ")", precision, scale, List.of());
  }

  public static ChType dateTime64(int precision) {
    return new ChType(Kind.DATETIME64, "DateTime64(" + precision + ", 'UTC')", precision, 0, List.of());
  }

  /** The element type of Nullable / Array / LowCardinality, the key type of Map. */
  public ChType inner() {
    return args.get(0);
  }

  public boolean isNullable() {
    return kind == Kind.NULLABLE || (kind == Kind.LOW_CARDINALITY && inner().isNullable());
  }

  /** The type without Nullable and LowCardinality wrappers. */
  public ChType base() {
    return kind == Kind.NULLABLE || kind == Kind.LOW_CARDINALITY ? inner().base() : this;
  }

  @Override
  public String toString() {
    return text;
  }

  /** Parses a type as ClickHouse prints it; unknown families become {@link Kind#UNSUPPORTED}. */
  public static ChType parse(String text) {
    return new Parser(text.strip()).type();
  }

  private static final class Parser {
    private final String s;
    private int pos;

    Parser(String s) {
      this.s = s;
    }

    ChType type() {
      int start = pos;
      String name = word();
      List<Object> args = new ArrayList<>();
      skipSpaces();
      if (pos < s.length() && s.charAt(pos) == '(') {
        pos++;
        boolean unknownArgument = false;
        while (pos < s.length()) {
          skipSpaces();
          char c = s.charAt(pos);
          if (c == ')') {
            pos++;
            break;
          } else if (c == ',') {
            pos++;
          } else if (c == '\'') {
            args.add(quoted());
          } else if (Character.isDigit(c) || c == '-') {
            args.add(Integer.parseInt(number()));
          } else {
            int argStart = pos;
            try {
              args.add(type());
            } catch (RuntimeException e) {
              // names with '=' (Enum8('a' = 1)) and other arguments the sink does not need
              pos = argStart;
              skipArgument();
              unknownArgument = true;
            }
          }
        }
        if (unknownArgument) {
          return unsupported(s.substring(start, pos));
        }
      }
      return build(name, args, s.substring(start, pos).strip());
    }

    private ChType build(String name, List<Object> args, String text) {
      switch (name) {
        case "Int8":
          return simple(Kind.INT8, text);
        case "Int16":
          return simple(Kind.INT16, text);
        case "Int32":
          return simple(Kind.INT32, text);
        case "Int64":
          return simple(Kind.INT64, text);
        case "UInt8":
          return simple(Kind.UINT8, text);
        case "UInt16":
          return simple(Kind.UINT16, text);
        case "UInt32":
          return simple(Kind.UINT32, text);
        case "UInt64":
          return simple(Kind.UINT64, text);
        case "Float32":
          return simple(Kind.FLOAT32, text);
        case "Float64":
          return simple(Kind.FLOAT64, text);
        case "String":
          return simple(Kind.STRING, text);
        case "FixedString":
          return new ChType(Kind.FIXED_STRING, text, intArg(args, 0), 0, List.of());
        case "Date":
          return simple(Kind.DATE, text);
        case "Date32":
          return simple(Kind.DATE32, text);
        case "DateTime":
          return simple(Kind.DATETIME, text);
        case "DateTime64":
          return new ChType(Kind.DATETIME64, text, intArg(args, 0), 0, List.of());
        case "UUID":
          return simple(Kind.UUID, text);
        case "Bool":
        case "Boolean":
          return simple(Kind.BOOL, text);
        case "Decimal":
          return new ChType(Kind.DECIMAL, text, intArg(args, 0), intArg(args, 1), List.of());
        case "Decimal32":
          return new ChType(Kind.DECIMAL, text, 9, intArg(args, 0), List.of());
        case "Decimal64":
          return new ChType(Kind.DECIMAL, text, 18, intArg(args, 0), List.of());
        case "Decimal128":
          return new ChType(Kind.DECIMAL, text, 38, intArg(args, 0), List.of());
        case "Decimal256":
          return new ChType(Kind.DECIMAL, text, 76, intArg(args, 0), List.of());
        case "Nullable":
          return new ChType(Kind.NULLABLE, text, 0, 0, List.of(typeArg(args, 0)));
        case "LowCardinality":
          return new ChType(Kind.LOW_CARDINALITY, text, 0, 0, List.of(typeArg(args, 0)));
        case "Array":
          return new ChType(Kind.ARRAY, text, 0, 0, List.of(typeArg(args, 0)));
        case "Map":
          return new ChType(Kind.MAP, text, 0, 0, List.of(typeArg(args, 0), typeArg(args, 1)));
        default:
          return unsupported(text);
      }
    }

    private static int intArg(List<Object> args, int i) {
      if (args.size() > i && args.get(i) instanceof Integer n) {
        return n;
      }
      throw new IllegalArgumentException("expected a number as argument " + i);
    }

    private static ChType typeArg(List<Object> args, int i) {
      if (args.size() > i && args.get(i) instanceof ChType t) {
        return t;
      }
      throw new IllegalArgumentException("expected a type as argument " + i);
    }

    private static ChType unsupported(String text) {
      return simple(Kind.UNSUPPORTED, text);
    }

    private String word() {
      int start = pos;
      while (pos < s.length() && (Character.isLetterOrDigit(s.charAt(pos)) || s.charAt(pos) == '_')) {
        pos++;
      }
      if (start == pos) {
        throw new IllegalArgumentException("expected a type name at " + pos + " in " + s);
      }
      return s.substring(start, pos);
    }

    private String number() {
      int start = pos;
      pos++;
      while (pos < s.length() && Character.isDigit(s.charAt(pos))) {
        pos++;
      }
      return s.substring(start, pos);
    }

    private String quoted() {
      StringBuilder out = new StringBuilder();
      pos++;
      while (pos < s.length() && s.charAt(pos) != '\'') {
        if (s.charAt(pos) == '\\' && pos + 1 < s.length()) {
          pos++;
        }
        out.append(s.charAt(pos++));
      }
      pos++;
      return out.toString();
    }

    private void skipArgument() {
      int depth = 0;
      while (pos < s.length()) {
        char c = s.charAt(pos);
        if (c == '\'') {
          quoted();
          continue;
        }
        if (c == '(') {
          depth++;
        } else if (c == ')') {
          if (depth == 0) {
            return;
          }
          depth--;
        } else if (c == ',' && depth == 0) {
          return;
        }
        pos++;
      }
    }

    private void skipSpaces() {
      while (pos < s.length() && s.charAt(pos) == ' ') {
        pos++;
      }
    }
  }
}
