// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.clickhouse.schema;

import io.streamfirst.connect.clickhouse.schema.ChType.Kind;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Time;
import org.apache.kafka.connect.data.Timestamp;

/**
 * The column type the sink creates for a Connect schema (records with schemas) or for a Java value
 * (schemaless records). The README's type-mapping table documents exactly this class.
 */
public final class TypeMapping {

  /** Precision used for a Connect Decimal that does not carry {@code connect.decimal.precision}. */
  public static final int DEFAULT_DECIMAL_PRECISION = 38;
  static final String DECIMAL_PRECISION_PARAMETER = "connect.decimal.precision";

  private TypeMapping() {}

  /**
   * The column type for a field of {@code schema}. Optional schemas become {@code Nullable(...)}
   * except for key columns (sorting keys are never nullable) and for arrays and maps (ClickHouse
   * cannot wrap those; a null becomes an empty array or map).
   */
  public static ChType columnType(Schema schema, ServerFeatures server, boolean keyColumn) {
    ChType base = baseType(schema, server);
    boolean wrappable = base.kind() != Kind.ARRAY && base.kind() != Kind.MAP;
    return schema.isOptional() && !keyColumn && wrappable ? ChType.nullable(base) : base;
  }

  private static ChType baseType(Schema schema, ServerFeatures server) {
    String logical = schema.name();
    if (Decimal.LOGICAL_NAME.equals(logical)) {
      return decimalType(schema, server);
    }
    if (Date.LOGICAL_NAME.equals(logical)) {
      return ChType.simple(Kind.DATE, "Date");
    }
    if (Time.LOGICAL_NAME.equals(logical)) {
      // ClickHouse has no time-of-day type before 25.6: milliseconds since midnight.
      return ChType.simple(Kind.INT32, "Int32");
    }
    if (Timestamp.LOGICAL_NAME.equals(logical)) {
      return timestampType(server);
    }
    switch (schema.type()) {
      case INT8:
        return ChType.simple(Kind.INT8, "Int8");
      case INT16:
        return ChType.simple(Kind.INT16, "Int16");
      case INT32:
        return ChType.simple(Kind.INT32, "Int32");
      case INT64:
        return ChType.simple(Kind.INT64, "Int64");
      case FLOAT32:
        return ChType.simple(Kind.FLOAT32, "Float32");
      case FLOAT64:
        return ChType.simple(Kind.FLOAT64, "Float64");
      case BOOLEAN:
        return booleanType(server);
      case STRING:
      case BYTES:
        return string();
      case ARRAY: {
        ChType element = columnType(schema.valueSchema(), server, false);
        return ChType.array(element);
      }
      case MAP: {
        Schema keySchema = schema.keySchema();
        boolean keyUsable = keySchema.type().isPrimitive() && keySchema.name() == null
            && keySchema.type() != Schema.Type.BYTES && keySchema.type() != Schema.Type.FLOAT32
            && keySchema.type() != Schema.Type.FLOAT64;
        if (server.map() && keyUsable) {
          return ChType.map(baseType(keySchema, server), columnType(schema.valueSchema(), server, false));
        }
        return string(); // JSON text
      }
      case STRUCT:
        return string(); // JSON text
      default:
        return string();
    }
  }

  /**
   * The column type for a schemaless value (JSON without schemas): integers Int64, other numbers
   * Float64, booleans Bool/UInt8, text String; lists,
   * maps and nested objects String (JSON text). Null has no type: the column waits for a value.
   */
  public static ChType valueType(Object value, ServerFeatures server, boolean keyColumn) {
    ChType base;
    if (value == null) {
      return null;
    } else if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
      base = ChType.simple(Kind.INT64, "Int64");
    } else if (value instanceof Number) {
      // JSON numbers with a fraction (Double, or BigDecimal when the converter keeps them exact)
      base = ChType.simple(Kind.FLOAT64, "Float64");
    } else if (value instanceof Boolean) {
      base = booleanType(server);
    } else if (value instanceof java.util.Date) {
      base = timestampType(server);
    } else if (value instanceof String || value instanceof byte[] || value instanceof List
        || value instanceof Map || value instanceof Struct) {
      base = string();
    } else {
      base = string();
    }
    return keyColumn ? base : ChType.nullable(base);
  }

  /** DateTime64(3, 'UTC') where the server has it, else DateTime('UTC') (seconds; milliseconds are cut). */
  public static ChType timestampType(ServerFeatures server) {
    return server.dateTime64() ? ChType.dateTime64(3) : ChType.simple(Kind.DATETIME, "DateTime('UTC')");
  }

  private static ChType booleanType(ServerFeatures server) {
    return server.bool() ? ChType.simple(Kind.BOOL, "Bool") : ChType.simple(Kind.UINT8, "UInt8");
  }

  private static ChType string() {
    return ChType.simple(Kind.STRING, "String");
  }

  private static ChType decimalType(Schema schema, ServerFeatures server) {
    Map<String, String> params = schema.parameters() == null ? Map.of() : schema.parameters();
    int scale = Integer.parseInt(params.getOrDefault(Decimal.SCALE_FIELD, "0"));
    int precision = DEFAULT_DECIMAL_PRECISION;
    String declared = params.get(DECIMAL_PRECISION_PARAMETER);
    if (declared != null) {
      try {
        precision = Integer.parseInt(declared);
      } catch (NumberFormatException e) {
        precision = DEFAULT_DECIMAL_PRECISION;
      }
    }
    int max = server.major() >= 20 ? 76 : 38;
    precision = Math.max(1, Math.min(precision, max));
    if (scale > precision) {
      precision = Math.min(max, Math.max(scale, precision));
      scale = Math.min(scale, precision);
    }
    return ChType.decimal(precision, Math.max(0, scale));
  }

  /**
   * The type an existing column is changed to so that values of {@code wanted} fit it: Nullable when
   * the field became optional, a wider integer (Int8 → Int16 → Int32 → Int64) or float (Float32 →
   * Float64) when the field's type widened. Null when the column already fits or cannot be widened
   * that way (then each value is converted, or its record goes to the DLQ).
   */
  public static ChType widened(ChType existing, ChType wanted) {
    if (existing == null || wanted == null || existing.text().equals(wanted.text())) {
      return null;
    }
    ChType base = existing.base();
    if (existing.kind() == ChType.Kind.LOW_CARDINALITY || base.kind() == ChType.Kind.UNSUPPORTED
        || base.kind() == ChType.Kind.ARRAY || base.kind() == ChType.Kind.MAP) {
      return null;
    }
    ChType target = base;
    int existingRank = rank(base.kind());
    int wantedRank = rank(wanted.base().kind());
    if (existingRank > 0 && wantedRank > existingRank && existingRank / 10 == wantedRank / 10) {
      target = wanted.base();
    }
    if (wanted.isNullable() || existing.isNullable()) {
      target = ChType.nullable(target);
    }
    return target.text().equals(existing.text()) ? null : target;
  }

  /** Width rank within a family (tens digit: the family); 0 for types that never widen. */
  private static int rank(ChType.Kind kind) {
    return switch (kind) {
      case INT8 -> 11;
      case INT16 -> 12;
      case INT32 -> 13;
      case INT64 -> 14;
      case FLOAT32 -> 21;
      case FLOAT64 -> 22;
      default -> 0;
    };
  }
}
