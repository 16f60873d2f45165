// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.governance.avro;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.avro.JsonProperties;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Time;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.errors.DataException;

/**
 * Maps Connect schemas to Avro schemas and back.
 *
 * <p>Connect types without an Avro type of their own are kept in properties that other Avro readers ignore:
 * {@code connect.type} ({@code int8}, {@code int16}), {@code connect.name} (names of non-struct schemas),
 * {@code connect.version}, {@code connect.doc} (non-record docs) and {@code connect.parameters}. Maps whose keys
 * are not strings become arrays of {@code key}/{@code value} records marked {@code connect.internal.type=MapEntry}.
 * Unions other than {@code [null, T]} become a struct named {@value #UNION_NAME} with one optional field per
 * branch.
 */
public final class AvroSchemas {

  public static final String NAMESPACE = "io.streamfirst.connect.avro";
  public static final String DEFAULT_RECORD_NAME = "ConnectDefault";
  public static final String UNION_NAME = NAMESPACE + ".Union";
  static final String CONNECT_TYPE = "connect.type";
  static final String CONNECT_NAME = "connect.name";
  static final String CONNECT_VERSION = "connect.version";
  static final String CONNECT_DOC = "connect.doc";
  static final String CONNECT_PARAMETERS = "connect.parameters";
  static final String INTERNAL_TYPE = "connect.internal.type";
  static final String MAP_ENTRY = "MapEntry";
  /** Connect parameter with the precision of a Decimal (Connect's Decimal has only a scale). */
  public static final String DECIMAL_PRECISION = "connect.decimal.precision";
  static final int DEFAULT_DECIMAL_PRECISION = 64;

  private AvroSchemas() {}

  /** The Avro schema for a Connect schema. */
  public static org.apache.avro.Schema toAvro(Schema schema) {
    return new ToAvro().convert(schema, true);
  }

  /** The Connect schema for an Avro schema. */
  public static Schema toConnect(org.apache.avro.Schema schema) {
    return ToConnect.convert(schema, false);
  }

  /** Record names must be unique within one Avro schema; the generated ones are numbered. */
  private static final class ToAvro {
    private final Set<String> names = new HashSet<>();

    org.apache.avro.Schema convert(Schema schema, boolean withOptional) {
      org.apache.avro.Schema base = base(schema);
      if (!withOptional || !schema.isOptional()) {
        return base;
      }
      org.apache.avro.Schema nullSchema = org.apache.avro.Schema.create(org.apache.avro.Schema.Type.NULL);
      return schema.defaultValue() != null
          ? org.apache.avro.Schema.createUnion(base, nullSchema)
          : org.apache.avro.Schema.createUnion(nullSchema, base);
    }

    private org.apache.avro.Schema base(Schema schema) {
      org.apache.avro.Schema avro = switch (schema.type()) {
        case INT8, INT16 -> {
          org.apache.avro.Schema s = primitive(org.apache.avro.Schema.Type.INT);
          s.addProp(CONNECT_TYPE, schema.type().getName());
          yield s;
        }
        case INT32 -> Date.LOGICAL_NAME.equals(schema.name())
            ? LogicalTypes.date().addToSchema(primitive(org.apache.avro.Schema.Type.INT))
            : Time.LOGICAL_NAME.equals(schema.name())
                ? LogicalTypes.timeMillis().addToSchema(primitive(org.apache.avro.Schema.Type.INT))
                : primitive(org.apache.avro.Schema.Type.INT);
        case INT64 -> Timestamp.LOGICAL_NAME.equals(schema.name())
            ? LogicalTypes.timestampMillis().addToSchema(primitive(org.apache.avro.Schema.Type.LONG))
            : primitive(org.apache.avro.Schema.Type.LONG);
        case FLOAT32 -> primitive(org.apache.avro.Schema.Type.FLOAT);
        case FLOAT64 -> primitive(org.apache.avro.Schema.Type.DOUBLE);
        case BOOLEAN -> primitive(org.apache.avro.Schema.Type.BOOLEAN);
        case STRING -> primitive(org.apache.avro.Schema.Type.STRING);
        case BYTES -> Decimal.LOGICAL_NAME.equals(schema.name())
            ? decimal(schema)
            : primitive(org.apache.avro.Schema.Type.BYTES);
        case ARRAY -> org.apache.avro.Schema.createArray(convert(schema.valueSchema(), true));
        case MAP -> map(schema);
        case STRUCT -> record(schema);
      };
      if (schema.type() != Schema.Type.STRUCT) {
        if (schema.name() != null && !isLogical(schema.name())) {
          avro.addProp(CONNECT_NAME, schema.name());
        }
        if (schema.doc() != null) {
          avro.addProp(CONNECT_DOC, schema.doc());
        }
      }
      if (schema.version() != null && !isLogical(schema.name())) {
        avro.addProp(CONNECT_VERSION, schema.version());
      }
      if (schema.parameters() != null && !schema.parameters().isEmpty() && !isLogical(schema.name())) {
        avro.addProp(CONNECT_PARAMETERS, new LinkedHashMap<>(schema.parameters()));
      }
      return avro;
    }

    private static org.apache.avro.Schema primitive(org.apache.avro.Schema.Type type) {
      return org.apache.avro.Schema.create(type);
    }

    private static org.apache.avro.Schema decimal(Schema schema) {
      int scale = Integer.parseInt(schema.parameters().get(Decimal.SCALE_FIELD));
      String precisionText = schema.parameters().get(DECIMAL_PRECISION);
      int precision = precisionText == null
          ? Math.max(DEFAULT_DECIMAL_PRECISION, scale)
          : Integer.parseInt(precisionText);
      return LogicalTypes.decimal(precision, scale).addToSchema(primitive(org.apache.avro.Schema.Type.BYTES));
    }

    private org.apache.avro.Schema map(Schema schema) {
      if (schema.keySchema().type() == Schema.Type.STRING && !schema.keySchema().isOptional()
          && schema.keySchema().name() == null) {
        return org.apache.avro.Schema.createMap(convert(schema.valueSchema(), true));
      }
      org.apache.avro.Schema entry = org.apache.avro.Schema.createRecord(unique(MAP_ENTRY), null, NAMESPACE, false,
          List.of(new org.apache.avro.Schema.Field("key", convert(schema.keySchema(), true)),
              new org.apache.avro.Schema.Field("value", convert(schema.valueSchema(), true))));
      entry.addProp(INTERNAL_TYPE, MAP_ENTRY);
      org.apache.avro.Schema array = org.apache.avro.Schema.createArray(entry);
      array.addProp(INTERNAL_TYPE, MAP_ENTRY);
      return array;
    }

    private org.apache.avro.Schema record(Schema schema) {
      String fullName = schema.name() == null ? NAMESPACE + "." + unique(DEFAULT_RECORD_NAME) : schema.name();
      names.add(fullName.substring(fullName.lastIndexOf('.') + 1));
      int dot = fullName.lastIndexOf('.');
      String namespace = dot < 0 ? null : fullName.substring(0, dot);
      String name = dot < 0 ? fullName : fullName.substring(dot + 1);
      List<org.apache.avro.Schema.Field> fields = new ArrayList<>();
      for (Field field : schema.fields()) {
        org.apache.avro.Schema fieldSchema = convert(field.schema(), true);
        Object defaultValue = field.schema().defaultValue() != null
            ? AvroDefaults.toAvroDefault(field.schema(), field.schema().defaultValue())
            : field.schema().isOptional() ? JsonProperties.NULL_VALUE : null;
        fields.add(new org.apache.avro.Schema.Field(field.name(), fieldSchema, field.schema().doc(), defaultValue));
      }
      try {
        return org.apache.avro.Schema.createRecord(name, schema.doc(), namespace, false, fields);
      } catch (org.apache.avro.SchemaParseException e) {
        throw new DataException("Connect schema '" + fullName + "' has no valid Avro name: " + e.getMessage(), e);
      }
    }

    private String unique(String base) {
      String candidate = base;
      for (int i = 2; names.contains(candidate); i++) {
        candidate = base + i;
      }
      names.add(candidate);
      return candidate;
    }
  }

  private static boolean isLogical(String name) {
    return Decimal.LOGICAL_NAME.equals(name) || Date.LOGICAL_NAME.equals(name) || Time.LOGICAL_NAME.equals(name)
        || Timestamp.LOGICAL_NAME.equals(name);
  }

  private static final class ToConnect {

    static Schema convert(org.apache.avro.Schema avro, boolean optional) {
      SchemaBuilder builder = builder(avro);
      if (optional) {
        builder.optional();
      }
      return builder.build();
    }

    static SchemaBuilder builder(org.apache.avro.Schema avro) {
      LogicalType logical = avro.getLogicalType();
      SchemaBuilder builder = switch (avro.getType()) {
        case RECORD -> record(avro);
        case UNION -> union(avro);
        case ARRAY -> isMapEntries(avro)
            ? SchemaBuilder.map(field(avro.getElementType(), "key"), field(avro.getElementType(), "value"))
            : SchemaBuilder.array(element(avro.getElementType()));
        case MAP -> SchemaBuilder.map(Schema.STRING_SCHEMA, element(avro.getValueType()));
        case ENUM, STRING -> SchemaBuilder.string();
        case BYTES, FIXED -> logical instanceof LogicalTypes.Decimal decimal
            ? decimal(decimal)
            : SchemaBuilder.bytes();
        case INT -> logical instanceof LogicalTypes.Date
            ? Date.builder()
            : logical instanceof LogicalTypes.TimeMillis
                ? Time.builder()
                : "int8".equals(avro.getProp(CONNECT_TYPE))
                    ? SchemaBuilder.int8()
                    : "int16".equals(avro.getProp(CONNECT_TYPE)) ? SchemaBuilder.int16() : SchemaBuilder.int32();
        case LONG -> logical instanceof LogicalTypes.TimestampMillis ? Timestamp.builder() : SchemaBuilder.int64();
        case FLOAT -> SchemaBuilder.float32();
        case DOUBLE -> SchemaBuilder.float64();
        case BOOLEAN -> SchemaBuilder.bool();
        case NULL -> throw new DataException("Avro type null outside a union has no Connect equivalent");
      };
      if (avro.getType() != org.apache.avro.Schema.Type.RECORD && avro.getType() != org.apache.avro.Schema.Type.UNION) {
        String name = avro.getProp(CONNECT_NAME);
        if (name == null && (avro.getType() == org.apache.avro.Schema.Type.ENUM
            || avro.getType() == org.apache.avro.Schema.Type.FIXED && logical == null)) {
          name = avro.getFullName();
        }
        if (name != null && builder.name() == null) {
          builder.name(name);
        }
        if (avro.getProp(CONNECT_DOC) != null) {
          builder.doc(avro.getProp(CONNECT_DOC));
        }
      }
      Object version = avro.getObjectProp(CONNECT_VERSION);
      if (version instanceof Number number && builder.version() == null) {
        builder.version(number.intValue());
      }
      if (avro.getObjectProp(CONNECT_PARAMETERS) instanceof Map<?, ?> parameters) {
        parameters.forEach((key, value) -> builder.parameter(String.valueOf(key), String.valueOf(value)));
      }
      return builder;
    }

    /** Connect's Decimal has only a scale: a precision other than the default is kept as a parameter. */
    private static SchemaBuilder decimal(LogicalTypes.Decimal decimal) {
      SchemaBuilder builder = Decimal.builder(decimal.getScale());
      if (decimal.getPrecision() != Math.max(DEFAULT_DECIMAL_PRECISION, decimal.getScale())) {
        builder.parameter(DECIMAL_PRECISION, String.valueOf(decimal.getPrecision()));
      }
      return builder;
    }

    private static Schema element(org.apache.avro.Schema avro) {
      return convert(avro, false);
    }

    private static Schema field(org.apache.avro.Schema record, String name) {
      return convert(record.getField(name).schema(), false);
    }

    static boolean isMapEntries(org.apache.avro.Schema array) {
      org.apache.avro.Schema element = array.getElementType();
      return element.getType() == org.apache.avro.Schema.Type.RECORD
          && (MAP_ENTRY.equals(array.getProp(INTERNAL_TYPE)) || MAP_ENTRY.equals(element.getProp(INTERNAL_TYPE)))
          && element.getField("key") != null && element.getField("value") != null;
    }

    private static SchemaBuilder record(org.apache.avro.Schema avro) {
      SchemaBuilder builder = SchemaBuilder.struct();
      if (!avro.getFullName().startsWith(NAMESPACE + "." + DEFAULT_RECORD_NAME)) {
        builder.name(avro.getFullName());
      }
      if (avro.getDoc() != null) {
        builder.doc(avro.getDoc());
      }
      for (org.apache.avro.Schema.Field field : avro.getFields()) {
        SchemaBuilder fieldSchema = builder(field.schema());
        if (field.doc() != null && fieldSchema.doc() == null) {
          fieldSchema.doc(field.doc());
        }
        if (field.hasDefaultValue()) {
          Object defaultValue = AvroDefaults.toConnectDefault(fieldSchema.build(), field);
          if (defaultValue != null) {
            fieldSchema.defaultValue(defaultValue);
          }
        }
        builder.field(field.name(), fieldSchema.build());
      }
      return builder;
    }

    private static SchemaBuilder union(org.apache.avro.Schema avro) {
      List<org.apache.avro.Schema> branches = new ArrayList<>();
      boolean nullable = false;
      for (org.apache.avro.Schema branch : avro.getTypes()) {
        if (branch.getType() == org.apache.avro.Schema.Type.NULL) {
          nullable = true;
        } else {
          branches.add(branch);
        }
      }
      if (branches.size() == 1) {
        SchemaBuilder builder = builder(branches.get(0));
        return nullable ? builder.optional() : builder;
      }
      SchemaBuilder builder = SchemaBuilder.struct().name(UNION_NAME);
      for (org.apache.avro.Schema branch : branches) {
        builder.field(branchName(branch), convert(branch, true));
      }
      return nullable ? builder.optional() : builder;
    }
  }

  /** The field name of a union branch in the {@value #UNION_NAME} struct. */
  static String branchName(org.apache.avro.Schema branch) {
    return switch (branch.getType()) {
      case RECORD, ENUM, FIXED -> branch.getName();
      default -> branch.getType().getName();
    };
  }
}
