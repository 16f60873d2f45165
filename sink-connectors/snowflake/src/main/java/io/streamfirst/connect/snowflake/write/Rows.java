// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.snowflake.write;

import io.streamfirst.connect.snowflake.sql.Column;
import io.streamfirst.connect.snowflake.sql.ColumnType;
import io.streamfirst.connect.snowflake.sql.ColumnType.Kind;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Time;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.errors.DataException;

/**
 * Connect rows as table columns and channel rows: one column per top-level field, named in the
 * configured identifier case; nested structs, maps and arrays as VARIANT.
 */
public final class Rows {

  private final UnaryOperator<String> names;
  private final Map<Schema, RowPlan> plans = new IdentityHashMap<>();

  public Rows(UnaryOperator<String> names) {
    this.names = names;
  }

  /** The columns a row needs: from its schema, or for a schemaless map from its values. */
  public List<Column> columns(Object row, Schema schema) {
    List<Column> columns = new ArrayList<>();
    if (schema != null && schema.type() == Schema.Type.STRUCT) {
      for (Field field : schema.fields()) {
        columns.add(new Column(names.apply(field.name()), typeOf(field.schema()), field.schema().isOptional()));
      }
    } else if (row instanceof Map<?, ?> map) {
      for (Map.Entry<?, ?> entry : map.entrySet()) {
        if (entry.getValue() != null) {
          columns.add(new Column(names.apply(String.valueOf(entry.getKey())), typeOfValue(entry.getValue()), true));
        }
      }
    } else {
      throw new DataException("The record value is neither a struct nor a map, so it has no columns; use a"
          + " converter that yields structs (e.g. JSON with schemas, Avro) or maps (schemaless JSON)");
    }
    return columns;
  }

  private static final String[] NO_COLUMNS = {};

  /** The row as column name → value, values in the form the channel takes. */
  public Map<String, Object> values(Object row, Schema schema) {
    return values(row, schema, NO_COLUMNS);
  }

  /**
   * Like {@link #values(Object, Schema)}, with slots for the columns {@code tail} (empty) after the row's:
   * the last {@code tail.length} slots of the result, which the caller fills (the change columns of CDC
   * mode). Pass the same array for every row, so that the plan of a schema is made once.
   */
  public ColumnRow values(Object row, Schema schema, String[] tail) {
    if (row instanceof Struct struct) {
      return planOf(struct.schema(), tail).values(struct);
    }
    if (!(row instanceof Map<?, ?> map)) {
      return new ColumnRow(tail);
    }
    ColumnRow result = new ColumnRow(NO_COLUMNS);
    for (Map.Entry<?, ?> entry : map.entrySet()) {
      if (entry.getValue() != null) {
        result.put(names.apply(String.valueOf(entry.getKey())), value(entry.getValue(), null));
      }
    }
    for (String column : tail) {
      result.append(column);
    }
    return result;
  }

  /** The row plan of a struct schema, compiled once per schema instance. */
  private RowPlan planOf(Schema schema, String[] tail) {
    RowPlan plan = plans.get(schema);
    if (plan == null || plan.tail != tail) {
      if (plans.size() >= 1024) {
        plans.clear(); // a converter that builds a new schema per record: stay bounded
      }
      plan = new RowPlan(schema, names, tail);
      plans.put(schema, plan);
    }
    return plan;
  }

  /**
   * How to turn structs of one schema into channel rows, worked out once: the column name of each field
   * (in the identifier case) and how its value is converted.
   */
  private static final class RowPlan {
    private static final byte AS_IS = 0;
    private static final byte DATE = 1;
    private static final byte TIME = 2;
    private static final byte TIMESTAMP = 3;
    private static final byte OTHER = 4;

    final Field[] fields;
    /** The column names of the fields, then the tail. */
    final String[] names;
    final String[] tail;
    final byte[] conversions;

    /** The slot of each field's column (fields whose names differ only in case share one in upper case). */
    final int[] slots;
    /**
     * Per field, the last date converted and its text: the dates of consecutive rows are mostly the same day,
     * whose text is then shared instead of written again (strings are immutable).
     */
    final long[] lastDay;
    final String[] lastDayText;

    RowPlan(Schema schema, UnaryOperator<String> names, String[] tail) {
      List<Field> list = schema.fields();
      this.fields = list.toArray(Field[]::new);
      this.tail = tail;
      this.conversions = new byte[fields.length];
      this.slots = new int[fields.length];
      this.lastDay = new long[fields.length];
      this.lastDayText = new String[fields.length];
      List<String> columns = new ArrayList<>(fields.length + tail.length);
      for (int i = 0; i < fields.length; i++) {
        String name = names.apply(fields[i].name());
        int slot = columns.indexOf(name);
        if (slot < 0) {
          slot = columns.size();
          columns.add(name);
        }
        this.slots[i] = slot;
        this.conversions[i] = conversion(fields[i].schema());
      }
      columns.addAll(List.of(tail));
      this.names = columns.toArray(String[]::new);
    }

    private static byte conversion(Schema schema) {
      String logical = schema.name();
      if (Date.LOGICAL_NAME.equals(logical)) {
        return DATE;
      } else if (Time.LOGICAL_NAME.equals(logical)) {
        return TIME;
      } else if (Timestamp.LOGICAL_NAME.equals(logical)) {
        return TIMESTAMP;
      }
      return switch (schema.type()) {
        case INT8, INT16, INT32, INT64, FLOAT32, FLOAT64, BOOLEAN, STRING -> AS_IS;
        default -> OTHER; // bytes, nested values, and decimals (BYTES with a logical name)
      };
    }

    ColumnRow values(Struct struct) {
      ColumnRow values = new ColumnRow(names);
      for (int i = 0; i < fields.length; i++) {
        Object value = struct.get(fields[i]);
        if (value == null) {
          continue;
        }
        Object converted = switch (conversions[i]) {
          case AS_IS -> value instanceof Number || value instanceof String || value instanceof Boolean
              ? value
              : value(value, fields[i].schema());
          case DATE -> value instanceof java.util.Date date ? day(i, date.getTime()) : value(value, null);
          case TIME -> value instanceof java.util.Date date ? IsoTimes.time(date.getTime()) : value(value, null);
          case TIMESTAMP -> value instanceof java.util.Date date
              ? IsoTimes.dateTime(date.getTime())
              : value(value, null);
          default -> value(value, fields[i].schema());
        };
        values.set(slots[i], converted);
      }
      return values;
    }

    /** The text of the date at {@code millis} in field {@code i}: the last one's when it is the same. */
    private String day(int i, long millis) {
      String text = lastDayText[i];
      if (text == null || lastDay[i] != millis) {
        text = IsoTimes.date(millis);
        lastDay[i] = millis;
        lastDayText[i] = text;
      }
      return text;
    }
  }

  /** The column for one value named {@code name} (as stored): typed by {@code schema} when known, else by the value. */
  public Column column(String name, Object value, Schema schema) {
    return new Column(name, schema != null ? typeOf(schema) : typeOfValue(value), true);
  }

  /** One value in the form the channel takes. */
  public Object channelValue(Object value, Schema schema) {
    return value == null ? null : value(value, schema);
  }

  static ColumnType typeOf(Schema schema) {
    String logical = schema.name();
    if (Decimal.LOGICAL_NAME.equals(logical)) {
      return ColumnType.decimal(Integer.parseInt(schema.parameters().get(Decimal.SCALE_FIELD)));
    } else if (Date.LOGICAL_NAME.equals(logical)) {
      return ColumnType.of(Kind.DATE);
    } else if (Time.LOGICAL_NAME.equals(logical)) {
      return ColumnType.of(Kind.TIME);
    } else if (Timestamp.LOGICAL_NAME.equals(logical)) {
      return ColumnType.of(Kind.TIMESTAMP);
    }
    return switch (schema.type()) {
      case INT8 -> ColumnType.of(Kind.INT8);
      case INT16 -> ColumnType.of(Kind.INT16);
      case INT32 -> ColumnType.of(Kind.INT32);
      case INT64 -> ColumnType.of(Kind.INT64);
      case FLOAT32 -> ColumnType.of(Kind.FLOAT32);
      case FLOAT64 -> ColumnType.of(Kind.FLOAT64);
      case BOOLEAN -> ColumnType.of(Kind.BOOLEAN);
      case STRING -> ColumnType.of(Kind.STRING);
      case BYTES -> ColumnType.of(Kind.BYTES);
      case STRUCT, MAP, ARRAY -> ColumnType.of(Kind.VARIANT);
    };
  }

  private static ColumnType typeOfValue(Object value) {
    if (value instanceof Boolean) {
      return ColumnType.of(Kind.BOOLEAN);
    } else if (value instanceof Byte || value instanceof Short || value instanceof Integer || value instanceof Long) {
      return ColumnType.of(Kind.INT64);
    } else if (value instanceof Float || value instanceof Double) {
      return ColumnType.of(Kind.FLOAT64);
    } else if (value instanceof String) {
      return ColumnType.of(Kind.STRING);
    } else if (value instanceof byte[]) {
      return ColumnType.of(Kind.BYTES);
    }
    return ColumnType.of(Kind.VARIANT);
  }

  private static Object value(Object value, Schema schema) {
    String logical = schema == null ? null : schema.name();
    if (value instanceof java.util.Date date) {
      if (Date.LOGICAL_NAME.equals(logical)) {
        return IsoTimes.date(date.getTime());
      } else if (Time.LOGICAL_NAME.equals(logical)) {
        return IsoTimes.time(date.getTime());
      }
      return IsoTimes.dateTime(date.getTime());
    } else if (value instanceof BigDecimal || value instanceof String || value instanceof Number
        || value instanceof Boolean) {
      return value;
    } else if (value instanceof byte[] bytes) {
      return HexFormat.of().formatHex(bytes);
    } else if (value instanceof java.nio.ByteBuffer buffer) {
      byte[] bytes = new byte[buffer.remaining()];
      buffer.duplicate().get(bytes);
      return HexFormat.of().formatHex(bytes);
    }
    return nested(value, schema);
  }

  /** A nested value as plain maps and lists, for a VARIANT column. */
  private static Object nested(Object value, Schema schema) {
    if (value instanceof Struct struct) {
      Map<String, Object> out = new LinkedHashMap<>();
      for (Field field : struct.schema().fields()) {
        out.put(field.name(), nested(struct.get(field), field.schema()));
      }
      return out;
    } else if (value instanceof Map<?, ?> map) {
      Map<String, Object> out = new LinkedHashMap<>();
      map.forEach((k, v) -> out.put(String.valueOf(k), nested(v, schema == null ? null : schema.valueSchema())));
      return out;
    } else if (value instanceof List<?> list) {
      List<Object> out = new ArrayList<>(list.size());
      list.forEach(v -> out.add(nested(v, schema == null ? null : schema.valueSchema())));
      return out;
    } else if (value == null) {
      return null;
    }
    return value(value, schema);
  }
}
