// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.iceberg.write;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;

/**
 * Converts Connect rows ({@link Struct} with a schema, or a schemaless {@code Map}) to Iceberg generic
 * records of one table schema. Built once per (record schema, table schema) pair: the per-record work is
 * positional copies and the few value conversions the types need.
 */
public final class RowConverter {

  private final Function<Object, Object> root;

  private RowConverter(Function<Object, Object> root) {
    this.root = root;
  }

  /** A converter for rows of {@code rowSchema} (null when schemaless) into {@code table}. */
  public static RowConverter of(Schema rowSchema, Types.StructType table) {
    return new RowConverter(struct(rowSchema, table, ""));
  }

  /**
   * The table record for {@code row}.
   *
   * @throws DataException naming the column when a required column is null or a value does not fit
   */
  public Record convert(Object row) {
    return (Record) root.apply(row);
  }

  /** A converter of single values (e.g. key columns) into the representation of a column of {@code type}. */
  public static Function<Object, Object> column(Type type, String name) {
    return value(null, type, name);
  }

  private static Function<Object, Object> struct(Schema schema, Types.StructType type, String path) {
    List<Types.NestedField> columns = type.fields();
    int n = columns.size();
    Field[] sourceFields = new Field[n];
    String[] names = new String[n];
    boolean[] required = new boolean[n];
    @SuppressWarnings("unchecked")
    Function<Object, Object>[] converters = new Function[n];
    for (int i = 0; i < n; i++) {
      Types.NestedField column = columns.get(i);
      names[i] = column.name();
      required[i] = column.isRequired();
      Schema fieldSchema = null;
      if (schema != null) {
        sourceFields[i] = schema.field(column.name());
        fieldSchema = sourceFields[i] == null ? null : sourceFields[i].schema();
      }
      converters[i] = value(fieldSchema, column.type(), path + column.name());
    }
    GenericRecord template = GenericRecord.create(type);
    boolean schemaless = schema == null;
    return value -> {
      GenericRecord out = template.copy();
      for (int i = 0; i < n; i++) {
        Object v;
        if (schemaless) {
          v = value instanceof Map<?, ?> map ? map.get(names[i]) : null;
        } else {
          v = sourceFields[i] == null ? null : ((Struct) value).get(sourceFields[i]);
        }
        if (v == null) {
          if (required[i]) {
            throw new DataException("required column '" + path + names[i] + "' is null or missing");
          }
          continue;
        }
        out.set(i, converters[i].apply(v));
      }
      return out;
    };
  }

  private static Function<Object, Object> value(Schema schema, Type type, String path) {
    String name = schema == null ? null : schema.name();
    switch (type.typeId()) {
      case STRUCT:
        return struct(schema, type.asStructType(), path + ".");
      case LIST: {
        Function<Object, Object> element = value(schema == null ? null : schema.valueSchema(),
            type.asListType().elementType(), path + ".element");
        return v -> {
          List<?> in = (List<?>) v;
          List<Object> out = new ArrayList<>(in.size());
          for (Object e : in) {
            out.add(e == null ? null : element.apply(e));
          }
          return out;
        };
      }
      case MAP: {
        Function<Object, Object> key = value(schema == null ? null : schema.keySchema(),
            type.asMapType().keyType(), path + ".key");
        Function<Object, Object> val = value(schema == null ? null : schema.valueSchema(),
            type.asMapType().valueType(), path + ".value");
        return v -> {
          Map<?, ?> in = (Map<?, ?>) v;
          Map<Object, Object> out = new HashMap<>(in.size() * 2);
          in.forEach((k, e) -> out.put(key.apply(k), e == null ? null : val.apply(e)));
          return out;
        };
      }
      case INTEGER:
        return v -> {
          if (v instanceof Integer) {
            return v;
          }
          long n = ((Number) v).longValue();
          if (n != (int) n || v instanceof Double || v instanceof Float) {
            throw new DataException("column '" + path + "' is an int, but the record's value does not fit in one");
          }
          return (int) n;
        };
      case LONG:
        return v -> v instanceof Long ? v : ((Number) v).longValue();
      case FLOAT:
        return v -> ((Number) v).floatValue();
      case DOUBLE:
        return v -> v instanceof Double ? v : ((Number) v).doubleValue();
      case BOOLEAN:
        return v -> (Boolean) v;
      case STRING:
        return v -> v instanceof String ? v : v.toString();
      case UUID:
        return v -> v instanceof UUID ? v : UUID.fromString(v.toString());
      case BINARY, FIXED:
        return v -> v instanceof byte[] bytes ? ByteBuffer.wrap(bytes) : v;
      case DECIMAL: {
        int scale = ((Types.DecimalType) type).scale();
        return v -> {
          BigDecimal d = v instanceof BigDecimal b ? b : new BigDecimal(v.toString());
          if (d.scale() != scale) {
            throw new DataException("decimal column '" + path + "' has scale " + scale
                + " but the record's value has scale " + d.scale());
          }
          return d;
        };
      }
      case DATE:
        return v -> v instanceof java.util.Date d
            ? LocalDate.ofEpochDay(Math.floorDiv(d.getTime(), 86_400_000L))
            : LocalDate.ofEpochDay(((Number) v).longValue());
      case TIME: {
        boolean micros = "io.debezium.time.MicroTime".equals(name);
        return v -> {
          if (v instanceof java.util.Date d) {
            return LocalTime.ofNanoOfDay(d.getTime() * 1_000_000L);
          }
          long n = ((Number) v).longValue();
          return LocalTime.ofNanoOfDay(micros ? n * 1_000L : n * 1_000_000L);
        };
      }
      case TIMESTAMP: {
        boolean zoned = ((Types.TimestampType) type).shouldAdjustToUTC();
        long nanosPerUnit = "io.debezium.time.MicroTimestamp".equals(name)
            ? 1_000L
            : "io.debezium.time.NanoTimestamp".equals(name) ? 1L : 1_000_000L;
        return v -> {
          Instant instant;
          if (v instanceof java.util.Date d) {
            instant = d.toInstant();
          } else if (v instanceof String s) {
            instant = OffsetDateTime.parse(s).toInstant();
          } else {
            long units = ((Number) v).longValue();
            long nanos = Math.multiplyExact(units, nanosPerUnit);
            instant = Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
          }
          return zoned ? instant.atOffset(ZoneOffset.UTC) : LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
        };
      }
      default:
        throw new DataException("column '" + path + "' has Iceberg type " + type + ", which this sink cannot write");
    }
  }
}
