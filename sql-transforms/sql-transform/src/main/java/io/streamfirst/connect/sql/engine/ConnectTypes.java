// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.sql.engine;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.calcite.avatica.util.ByteString;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Time;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.errors.DataException;

/**
 * The mapping between Connect schemas and values and SQL types and the engine's value
 * representation (dates as days, times and timestamps as UTC milliseconds, structs as arrays).
 */
final class ConnectTypes {

  static final long MILLIS_PER_DAY = 86_400_000L;

  private ConnectTypes() {}

  // ---------------------------------------------------------------- Connect schema -> SQL type

  /** The SQL type for a Connect schema; nullable when the schema is optional. */
  static RelDataType sqlType(Schema schema, RelDataTypeFactory types) {
    RelDataType type = notNullSqlType(schema, types);
    return types.createTypeWithNullability(type, schema.isOptional());
  }

  private static RelDataType notNullSqlType(Schema schema, RelDataTypeFactory types) {
    String logical = schema.name();
    if (Decimal.LOGICAL_NAME.equals(logical)) {
      int scale = Integer.parseInt(schema.parameters().get(Decimal.SCALE_FIELD));
      String declared = schema.parameters().get("connect.decimal.precision");
      int precision = declared == null ? PgTypeSystem.MAX_DECIMAL_PRECISION : Integer.parseInt(declared);
      return types.createSqlType(SqlTypeName.DECIMAL, Math.max(precision, scale), scale);
    }
    if (Date.LOGICAL_NAME.equals(logical)) {
      return types.createSqlType(SqlTypeName.DATE);
    }
    if (Time.LOGICAL_NAME.equals(logical)) {
      return types.createSqlType(SqlTypeName.TIME, 3);
    }
    if (Timestamp.LOGICAL_NAME.equals(logical)) {
      return types.createSqlType(SqlTypeName.TIMESTAMP, 3);
    }
    switch (schema.type()) {
      case INT8:
        return types.createSqlType(SqlTypeName.TINYINT);
      case INT16:
        return types.createSqlType(SqlTypeName.SMALLINT);
      case INT32:
        return types.createSqlType(SqlTypeName.INTEGER);
      case INT64:
        return types.createSqlType(SqlTypeName.BIGINT);
      case FLOAT32:
        return types.createSqlType(SqlTypeName.REAL);
      case FLOAT64:
        return types.createSqlType(SqlTypeName.DOUBLE);
      case BOOLEAN:
        return types.createSqlType(SqlTypeName.BOOLEAN);
      case STRING:
        return types.createSqlType(SqlTypeName.VARCHAR);
      case BYTES:
        return types.createSqlType(SqlTypeName.VARBINARY);
      case ARRAY:
        return types.createArrayType(sqlType(schema.valueSchema(), types), -1);
      case MAP:
        return types.createMapType(sqlType(schema.keySchema(), types), sqlType(schema.valueSchema(), types));
      case STRUCT: {
        RelDataTypeFactory.Builder row = types.builder();
        for (Field field : schema.fields()) {
          row.add(field.name(), sqlType(field.schema(), types));
        }
        return row.build();
      }
      default:
        throw new DataException("Connect type " + schema.type() + " has no SQL equivalent");
    }
  }

  /** A converter from Connect values of {@code schema} to the engine's representation. */
  static ValueConverter toEngine(Schema schema) {
    String logical = schema.name();
    if (Date.LOGICAL_NAME.equals(logical)) {
      return value -> (int) Math.floorDiv(((java.util.Date) value).getTime(), MILLIS_PER_DAY);
    }
    if (Time.LOGICAL_NAME.equals(logical)) {
      return value -> (int) Math.floorMod(((java.util.Date) value).getTime(), MILLIS_PER_DAY);
    }
    if (Timestamp.LOGICAL_NAME.equals(logical)) {
      return value -> ((java.util.Date) value).getTime();
    }
    switch (schema.type()) {
      case BYTES:
        return Decimal.LOGICAL_NAME.equals(logical) ? ValueConverter.IDENTITY : ConnectTypes::bytesToEngine;
      case STRUCT: {
        List<Field> fields = schema.fields();
        ValueConverter[] converters = new ValueConverter[fields.size()];
        for (int i = 0; i < converters.length; i++) {
          converters[i] = toEngine(fields.get(i).schema());
        }
        return value -> {
          Struct struct = (Struct) value;
          Object[] row = new Object[converters.length];
          for (int i = 0; i < row.length; i++) {
            row[i] = converters[i].apply(struct.get(fields.get(i)));
          }
          return row;
        };
      }
      case ARRAY: {
        ValueConverter element = toEngine(schema.valueSchema());
        return element == ValueConverter.IDENTITY
            ? ValueConverter.IDENTITY
            : value -> mapList((List<?>) value, element);
      }
      case MAP: {
        ValueConverter keys = toEngine(schema.keySchema());
        ValueConverter values = toEngine(schema.valueSchema());
        return keys == ValueConverter.IDENTITY && values == ValueConverter.IDENTITY
            ? ValueConverter.IDENTITY
            : value -> mapMap((Map<?, ?>) value, keys, values);
      }
      default:
        return ValueConverter.IDENTITY;
    }
  }

  // ---------------------------------------------------------------- SQL type -> Connect schema

  /** The Connect schema for a SQL result type; optional when the type is nullable. */
  static Schema connectSchema(RelDataType type, String column) {
    SchemaBuilder builder = connectSchemaBuilder(type, column);
    if (type.isNullable()) {
      builder.optional();
    }
    return builder.build();
  }

  private static SchemaBuilder connectSchemaBuilder(RelDataType type, String column) {
    switch (type.getSqlTypeName()) {
      case BOOLEAN:
        return SchemaBuilder.bool();
      case TINYINT:
        return SchemaBuilder.int8();
      case SMALLINT:
        return SchemaBuilder.int16();
      case INTEGER:
        return SchemaBuilder.int32();
      case BIGINT:
        return SchemaBuilder.int64();
      case REAL:
        return SchemaBuilder.float32();
      case FLOAT:
      case DOUBLE:
        return SchemaBuilder.float64();
      case DECIMAL:
        return Decimal.builder(type.getScale())
            .parameter("connect.decimal.precision", Integer.toString(type.getPrecision()));
      case CHAR:
      case VARCHAR:
      case NULL:
        return SchemaBuilder.string();
      case BINARY:
      case VARBINARY:
        return SchemaBuilder.bytes();
      case DATE:
        return Date.builder();
      case TIME:
        return Time.builder();
      case TIMESTAMP:
      case TIMESTAMP_WITH_LOCAL_TIME_ZONE:
        return Timestamp.builder();
      case ARRAY:
        return SchemaBuilder.array(connectSchema(type.getComponentType(), column));
      case MAP:
        return SchemaBuilder.map(connectSchema(type.getKeyType(), column),
            connectSchema(type.getValueType(), column));
      case ROW: {
        SchemaBuilder struct = SchemaBuilder.struct();
        for (RelDataTypeField field : type.getFieldList()) {
          struct.field(field.getName(), connectSchema(field.getType(), column + "." + field.getName()));
        }
        return struct;
      }
      default:
        throw new UnsupportedTypeException(column, type);
    }
  }

  /** A converter from the engine's values of {@code type} to Connect values of {@code schema}. */
  static ValueConverter toConnect(RelDataType type, Schema schema) {
    switch (type.getSqlTypeName()) {
      // Values already of the right class are kept as they are: re-boxing would allocate per record.
      case TINYINT:
        return value -> value instanceof Byte ? value : ((Number) value).byteValue();
      case SMALLINT:
        return value -> value instanceof Short ? value : ((Number) value).shortValue();
      case INTEGER:
        return value -> value instanceof Integer ? value : ((Number) value).intValue();
      case BIGINT:
        return value -> value instanceof Long ? value : ((Number) value).longValue();
      case REAL:
        return value -> value instanceof Float ? value : ((Number) value).floatValue();
      case FLOAT:
      case DOUBLE:
        return value -> value instanceof Double ? value : ((Number) value).doubleValue();
      case DECIMAL: {
        int scale = type.getScale();
        return value -> toBigDecimal(value).setScale(scale, RoundingMode.HALF_UP);
      }
      case CHAR:
      case VARCHAR:
      case NULL:
        return Object::toString;
      case BINARY:
      case VARBINARY:
        return value -> value instanceof ByteString bytes ? bytes.getBytes() : value;
      case DATE:
        return value -> new java.util.Date(((Number) value).longValue() * MILLIS_PER_DAY);
      case TIME:
      case TIMESTAMP:
      case TIMESTAMP_WITH_LOCAL_TIME_ZONE:
        return value -> new java.util.Date(((Number) value).longValue());
      case ARRAY: {
        ValueConverter element = toConnect(type.getComponentType(), schema.valueSchema());
        return value -> mapList((List<?>) value, element);
      }
      case MAP: {
        ValueConverter keys = toConnect(type.getKeyType(), schema.keySchema());
        ValueConverter values = toConnect(type.getValueType(), schema.valueSchema());
        return value -> mapMap((Map<?, ?>) value, keys, values);
      }
      case ROW: {
        List<RelDataTypeField> fields = type.getFieldList();
        ValueConverter[] converters = new ValueConverter[fields.size()];
        for (int i = 0; i < converters.length; i++) {
          converters[i] = toConnect(fields.get(i).getType(), schema.fields().get(i).schema());
        }
        return value -> {
          Object[] row = (Object[]) value;
          Struct struct = new Struct(schema);
          for (int i = 0; i < converters.length; i++) {
            struct.put(schema.fields().get(i), converters[i].apply(row[i]));
          }
          return struct;
        };
      }
      default:
        return ValueConverter.IDENTITY;
    }
  }

  /**
   * The Java class of engine values that {@link #toConnect} returns unchanged for {@code schema}
   * (e.g. Long for INT64, String for STRING); null when every value needs converting.
   */
  static Class<?> unconvertedClass(Schema schema) {
    if (schema.name() != null) {
      return null;
    }
    switch (schema.type()) {
      case INT8:
        return Byte.class;
      case INT16:
        return Short.class;
      case INT32:
        return Integer.class;
      case INT64:
        return Long.class;
      case FLOAT32:
        return Float.class;
      case FLOAT64:
        return Double.class;
      case BOOLEAN:
        return Boolean.class;
      case STRING:
        return String.class;
      default:
        return null;
    }
  }

  // ---------------------------------------------------------------- schemaless values

  /**
   * The SQL type inferred from a schemaless (JSON-like) value. A null value has no type: it is
   * {@code NULL}, and {@link UntypedNulls} makes the query read it as an untyped NULL literal,
   * which takes its type from the context as in PostgreSQL ({@code flag IS TRUE}, {@code n + 1}).
   */
  static RelDataType inferSqlType(Object value, RelDataTypeFactory types) {
    RelDataType type;
    if (value == null) {
      type = types.createSqlType(SqlTypeName.NULL);
    } else if (value instanceof String) {
      type = types.createSqlType(SqlTypeName.VARCHAR);
    } else if (value instanceof Long) {
      type = types.createSqlType(SqlTypeName.BIGINT);
    } else if (value instanceof Integer) {
      type = types.createSqlType(SqlTypeName.INTEGER);
    } else if (value instanceof Short) {
      type = types.createSqlType(SqlTypeName.SMALLINT);
    } else if (value instanceof Byte) {
      type = types.createSqlType(SqlTypeName.TINYINT);
    } else if (value instanceof Double) {
      type = types.createSqlType(SqlTypeName.DOUBLE);
    } else if (value instanceof Float) {
      type = types.createSqlType(SqlTypeName.REAL);
    } else if (value instanceof Boolean) {
      type = types.createSqlType(SqlTypeName.BOOLEAN);
    } else if (value instanceof BigDecimal decimal) {
      type = types.createSqlType(SqlTypeName.DECIMAL, PgTypeSystem.MAX_DECIMAL_PRECISION, Math.max(decimal.scale(), 0));
    } else if (value instanceof byte[] || value instanceof ByteBuffer) {
      type = types.createSqlType(SqlTypeName.VARBINARY);
    } else if (value instanceof java.util.Date) {
      type = types.createSqlType(SqlTypeName.TIMESTAMP, 3);
    } else if (value instanceof Map<?, ?> map) {
      RelDataTypeFactory.Builder row = types.builder();
      for (Map.Entry<?, ?> entry : map.entrySet()) {
        row.add(String.valueOf(entry.getKey()), inferSqlType(entry.getValue(), types));
      }
      type = row.build();
    } else if (value instanceof List<?> list) {
      Object sample = list.stream().filter(e -> e != null).findFirst().orElse(null);
      type = types.createArrayType(inferSqlType(sample, types), -1);
    } else if (value instanceof Struct struct) {
      type = notNullSqlType(struct.schema(), types);
    } else {
      throw new DataException("Values of Java type " + value.getClass().getName() + " are not supported by SQL");
    }
    return types.createTypeWithNullability(type, true);
  }

  /** Converts a schemaless value to the engine's representation for the inferred {@code type}. */
  static Object schemalessToEngine(Object value, RelDataType type) {
    if (value == null) {
      return null;
    }
    switch (type.getSqlTypeName()) {
      case VARBINARY:
        return bytesToEngine(value);
      case TIMESTAMP:
        return ((java.util.Date) value).getTime();
      case ROW: {
        if (value instanceof Struct struct) {
          return toEngine(struct.schema()).convert(struct);
        }
        Map<?, ?> map = (Map<?, ?>) value;
        List<RelDataTypeField> fields = type.getFieldList();
        Object[] row = new Object[fields.size()];
        for (int i = 0; i < row.length; i++) {
          RelDataTypeField field = fields.get(i);
          row[i] = schemalessToEngine(map.get(field.getName()), field.getType());
        }
        return row;
      }
      case ARRAY: {
        List<?> list = (List<?>) value;
        List<Object> out = new ArrayList<>(list.size());
        for (Object element : list) {
          out.add(schemalessToEngine(element, type.getComponentType()));
        }
        return out;
      }
      default:
        return value;
    }
  }

  /**
   * A converter from engine values of {@code type} to schemaless (JSON-friendly) values: structs
   * become maps, temporal values ISO-8601 strings in UTC.
   */
  static ValueConverter toSchemaless(RelDataType type) {
    switch (type.getSqlTypeName()) {
      case CHAR:
      case VARCHAR:
        return Object::toString;
      case BINARY:
      case VARBINARY:
        return value -> value instanceof ByteString bytes ? bytes.getBytes() : value;
      case DATE:
        return value -> LocalDate.ofEpochDay(((Number) value).longValue()).toString();
      case TIME:
        return value -> LocalTime.ofNanoOfDay(((Number) value).longValue() * 1_000_000L).toString();
      case TIMESTAMP:
      case TIMESTAMP_WITH_LOCAL_TIME_ZONE:
        return value -> Instant.ofEpochMilli(((Number) value).longValue()).atOffset(ZoneOffset.UTC).toInstant()
            .toString();
      case ARRAY: {
        ValueConverter element = toSchemaless(type.getComponentType());
        return value -> mapList((List<?>) value, element);
      }
      case MAP: {
        ValueConverter keys = toSchemaless(type.getKeyType());
        ValueConverter values = toSchemaless(type.getValueType());
        return value -> mapMap((Map<?, ?>) value, keys, values);
      }
      case ROW: {
        List<RelDataTypeField> fields = type.getFieldList();
        ValueConverter[] converters = new ValueConverter[fields.size()];
        for (int i = 0; i < converters.length; i++) {
          converters[i] = toSchemaless(fields.get(i).getType());
        }
        return value -> {
          Object[] row = (Object[]) value;
          Map<String, Object> map = new LinkedHashMap<>();
          for (int i = 0; i < converters.length; i++) {
            map.put(fields.get(i).getName(), converters[i].apply(row[i]));
          }
          return map;
        };
      }
      default:
        return ValueConverter.IDENTITY;
    }
  }

  // ---------------------------------------------------------------- helpers

  private static Object bytesToEngine(Object value) {
    if (value instanceof byte[] bytes) {
      return new ByteString(bytes);
    }
    ByteBuffer buffer = ((ByteBuffer) value).duplicate();
    byte[] bytes = new byte[buffer.remaining()];
    buffer.get(bytes);
    return new ByteString(bytes);
  }

  private static BigDecimal toBigDecimal(Object value) {
    if (value instanceof BigDecimal decimal) {
      return decimal;
    }
    if (value instanceof Double || value instanceof Float) {
      return BigDecimal.valueOf(((Number) value).doubleValue());
    }
    return BigDecimal.valueOf(((Number) value).longValue());
  }

  private static List<Object> mapList(List<?> list, ValueConverter element) {
    List<Object> out = new ArrayList<>(list.size());
    for (Object value : list) {
      out.add(element.apply(value));
    }
    return out;
  }

  private static Map<Object, Object> mapMap(Map<?, ?> map, ValueConverter keys, ValueConverter values) {
    Map<Object, Object> out = new LinkedHashMap<>(map.size() * 2);
    for (Map.Entry<?, ?> entry : map.entrySet()) {
      out.put(keys.apply(entry.getKey()), values.apply(entry.getValue()));
    }
    return out;
  }
}
