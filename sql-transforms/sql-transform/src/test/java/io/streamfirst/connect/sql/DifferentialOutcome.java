// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.sql;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Timestamp;

/**
 * What one query does with one row, in a form both PostgreSQL's and SqlTransform's answers
 * reduce to: an error, a dropped row, or named, typed values.
 */
sealed interface DifferentialOutcome {

  /** The type families the comparison distinguishes (integers by width). */
  enum Family {
    INT2, INT4, INT8, NUMERIC, FLOAT4, FLOAT8, TEXT, BOOL, DATE, TIMESTAMP, BYTEA, UNTYPED, OTHER
  }

  /** A runtime error for this row (PostgreSQL: SQLSTATE class 22; SqlTransform: a DataException). */
  record Error(String message) implements DifferentialOutcome {
  }

  /** The statement is not accepted at all (PostgreSQL: not class 22; SqlTransform: configure or planning fails). */
  record Rejected(String message) implements DifferentialOutcome {
  }

  /**
   * SqlTransform failed in a way that is a defect whatever PostgreSQL does: generated code that does
   * not compile, or an exception other than a data error from generated code.
   */
  record Crash(String message) implements DifferentialOutcome {
  }

  /** The WHERE condition is not true. */
  record Dropped() implements DifferentialOutcome {
  }

  /** A result column. {@code value} is normalised: Long, BigDecimal, Double, Float, String, Boolean, LocalDate, LocalDateTime, ByteBuffer. */
  record Cell(String name, Family family, Object value) {
    @Override
    public String toString() {
      String shown = value instanceof BigDecimal decimal
          ? decimal.toPlainString()
          : value instanceof String text ? "'" + text + "'" : String.valueOf(value);
      return name + ":" + family + "=" + shown;
    }
  }

  /** The row was kept with these result columns. */
  record Kept(List<Cell> cells) implements DifferentialOutcome {
  }

  // ---------------------------------------------------------------- PostgreSQL

  static Family postgresFamily(String typeName) {
    return switch (typeName) {
      case "int2" -> Family.INT2;
      case "int4" -> Family.INT4;
      case "int8" -> Family.INT8;
      case "numeric" -> Family.NUMERIC;
      case "float4" -> Family.FLOAT4;
      case "float8" -> Family.FLOAT8;
      case "text", "varchar", "bpchar", "unknown" -> Family.TEXT;
      case "bool" -> Family.BOOL;
      case "date" -> Family.DATE;
      case "timestamp" -> Family.TIMESTAMP;
      case "bytea" -> Family.BYTEA;
      default -> Family.OTHER;
    };
  }

  /** PostgreSQL's numeric text: a BigDecimal, or a double for Infinity and NaN (which the driver cannot read). */
  private static Object numeric(String text) {
    if (text == null) {
      return null;
    }
    return switch (text) {
      case "Infinity" -> Double.POSITIVE_INFINITY;
      case "-Infinity" -> Double.NEGATIVE_INFINITY;
      case "NaN" -> Double.NaN;
      default -> new BigDecimal(text);
    };
  }

  /** Reads columns {@code 1..count} of the current row. */
  static Kept postgresRow(ResultSet rs, int count) throws SQLException {
    List<Cell> cells = new ArrayList<>();
    for (int i = 1; i <= count; i++) {
      String typeName = rs.getMetaData().getColumnTypeName(i);
      Family family = postgresFamily(typeName);
      Object value = switch (family) {
        case INT2, INT4, INT8 -> rs.getObject(i) == null ? null : rs.getLong(i);
        case NUMERIC -> numeric(rs.getString(i));
        case FLOAT4 -> rs.getObject(i) == null ? null : rs.getFloat(i);
        case FLOAT8 -> rs.getObject(i) == null ? null : rs.getDouble(i);
        case BOOL -> rs.getObject(i) == null ? null : rs.getBoolean(i);
        case DATE -> rs.getObject(i, LocalDate.class);
        case TIMESTAMP -> rs.getObject(i, LocalDateTime.class);
        case BYTEA -> rs.getBytes(i) == null ? null : ByteBuffer.wrap(rs.getBytes(i));
        case OTHER -> rs.getString(i) == null ? null : typeName + ":" + rs.getString(i);
        default -> rs.getString(i);
      };
      cells.add(new Cell(rs.getMetaData().getColumnLabel(i), family, value));
    }
    return new Kept(cells);
  }

  // ---------------------------------------------------------------- SqlTransform

  static Kept structRow(Struct struct) {
    List<Cell> cells = new ArrayList<>();
    for (Field field : struct.schema().fields()) {
      Schema schema = field.schema();
      Object value = struct.get(field);
      Family family = structFamily(schema);
      cells.add(new Cell(field.name(), family, normalise(family, value)));
    }
    return new Kept(cells);
  }

  static Family structFamily(Schema schema) {
    if (Decimal.LOGICAL_NAME.equals(schema.name())) {
      return Family.NUMERIC;
    }
    if (Date.LOGICAL_NAME.equals(schema.name())) {
      return Family.DATE;
    }
    if (Timestamp.LOGICAL_NAME.equals(schema.name())) {
      return Family.TIMESTAMP;
    }
    return switch (schema.type()) {
      case INT16 -> Family.INT2;
      case INT32 -> Family.INT4;
      case INT64 -> Family.INT8;
      case FLOAT32 -> Family.FLOAT4;
      case FLOAT64 -> Family.FLOAT8;
      case STRING -> Family.TEXT;
      case BOOLEAN -> Family.BOOL;
      case BYTES -> Family.BYTEA;
      default -> Family.OTHER;
    };
  }

  /**
   * A schemaless result. Maps carry no types, so the family comes from the Java class; dates and
   * timestamps are ISO-8601 text there, read back when PostgreSQL's column is a date or timestamp.
   */
  static Kept mapRow(Map<String, Object> map, Kept expected) {
    List<Cell> cells = new ArrayList<>();
    int i = 0;
    for (Map.Entry<String, Object> entry : map.entrySet()) {
      Family wanted = expected != null && i < expected.cells().size() ? expected.cells().get(i).family() : null;
      i++;
      Object value = entry.getValue();
      Family family;
      if (value == null) {
        family = Family.UNTYPED;
      } else if (value instanceof String text && wanted == Family.DATE) {
        family = Family.DATE;
        value = LocalDate.parse(text);
      } else if (value instanceof String text && wanted == Family.TIMESTAMP) {
        family = Family.TIMESTAMP;
        value = LocalDateTime.ofInstant(Instant.parse(text), ZoneOffset.UTC);
      } else {
        family = javaFamily(value);
      }
      cells.add(new Cell(entry.getKey(), family, normalise(family, value)));
    }
    return new Kept(cells);
  }

  private static Family javaFamily(Object value) {
    if (value instanceof Short) {
      return Family.INT2;
    } else if (value instanceof Integer) {
      return Family.INT4;
    } else if (value instanceof Long) {
      return Family.INT8;
    } else if (value instanceof BigDecimal) {
      return Family.NUMERIC;
    } else if (value instanceof Float) {
      return Family.FLOAT4;
    } else if (value instanceof Double) {
      return Family.FLOAT8;
    } else if (value instanceof String) {
      return Family.TEXT;
    } else if (value instanceof Boolean) {
      return Family.BOOL;
    } else if (value instanceof byte[] || value instanceof ByteBuffer) {
      return Family.BYTEA;
    }
    return Family.OTHER;
  }

  private static Object normalise(Family family, Object value) {
    if (value == null) {
      return null;
    }
    return switch (family) {
      case INT2, INT4, INT8 -> ((Number) value).longValue();
      case DATE -> value instanceof java.util.Date date
          ? LocalDate.ofEpochDay(Math.floorDiv(date.getTime(), 86_400_000L))
          : value;
      case TIMESTAMP -> value instanceof java.util.Date date
          ? LocalDateTime.ofInstant(date.toInstant(), ZoneOffset.UTC)
          : value;
      case BYTEA -> value instanceof byte[] bytes ? ByteBuffer.wrap(bytes) : value;
      default -> value;
    };
  }

  // ---------------------------------------------------------------- comparison

  /**
   * Why {@code actual} differs from {@code expected}, or null when they agree. Column names,
   * families, NULLs and values must agree; numerics compare by value; doubles exactly (0.0 equals
   * -0.0), or within 4 ulps when {@code approximate}. A NULL in a schemaless result has no family,
   * and JSON numbers no width: there any integer family matches any other.
   */
  static String difference(DifferentialOutcome expected, DifferentialOutcome actual, boolean approximate,
      boolean schemaless) {
    if (expected instanceof Kept want && actual instanceof Kept got) {
      List<String> wantNames = want.cells().stream().map(Cell::name).toList();
      List<String> gotNames = got.cells().stream().map(Cell::name).toList();
      if (!wantNames.equals(gotNames)) {
        return "column names differ";
      }
      for (int i = 0; i < want.cells().size(); i++) {
        Cell w = want.cells().get(i);
        Cell g = got.cells().get(i);
        if (g.family() != w.family() && !(g.family() == Family.UNTYPED && g.value() == null)
            && !(schemaless && isInteger(g.family()) && isInteger(w.family()))) {
          return "column " + w.name() + ": type " + g.family() + ", PostgreSQL " + w.family();
        }
        if (!sameValue(w.value(), g.value(), approximate)) {
          return "column " + w.name() + ": value differs";
        }
      }
      return null;
    }
    if (expected.getClass() == actual.getClass() && !(expected instanceof Rejected)) {
      return null;
    }
    return "outcome differs";
  }

  private static boolean isInteger(Family family) {
    return family == Family.INT2 || family == Family.INT4 || family == Family.INT8;
  }

  /** Both kept the row with the same names and NULLs, and numbers equal by value whatever their types. */
  static boolean sameNumbers(DifferentialOutcome expected, DifferentialOutcome actual) {
    if (!(expected instanceof Kept want) || !(actual instanceof Kept got)
        || want.cells().size() != got.cells().size()) {
      return false;
    }
    for (int i = 0; i < want.cells().size(); i++) {
      Object w = want.cells().get(i).value();
      Object g = got.cells().get(i).value();
      if (!want.cells().get(i).name().equals(got.cells().get(i).name())) {
        return false;
      }
      if (w instanceof Number wn && g instanceof Number gn) {
        if (new BigDecimal(wn.toString()).compareTo(new BigDecimal(gn.toString())) != 0) {
          return false;
        }
      } else if (!sameValue(w, g, false)) {
        return false;
      }
    }
    return true;
  }

  static boolean sameValue(Object want, Object got, boolean approximate) {
    if (want == null || got == null) {
      return want == got;
    }
    if (want instanceof BigDecimal w && got instanceof BigDecimal g) {
      // by value: a Connect Decimal has one scale per schema (DocumentedDifferences for where values differ)
      return w.compareTo(g) == 0;
    }
    if (want instanceof Double w && got instanceof Double g) {
      return w.equals(g) || w.doubleValue() == g.doubleValue()
          || approximate && Math.abs(w - g) <= 4 * Math.ulp(Math.max(Math.abs(w), Math.abs(g)));
    }
    if (want instanceof Float w && got instanceof Float g) {
      return w.equals(g) || w.floatValue() == g.floatValue();
    }
    return Objects.equals(want, got);
  }
}
