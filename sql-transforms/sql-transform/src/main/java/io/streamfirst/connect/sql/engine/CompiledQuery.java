package io.streamfirst.connect.sql.engine;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.rex.RexProgram;
import org.apache.calcite.sql.type.SqlTypeFamily;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;

/**
 * A statement compiled for one record shape: reads the columns it needs, runs the generated
 * program, and turns its result row into the new record's value, key, topic and timestamp.
 */
final class CompiledQuery {

  private final RowProgram program;

  private final boolean schemaless;
  private final int[] valueColumns;
  private final String[] valueNames;
  private final ValueConverter[] valueConverters;
  private final Schema valueSchema;
  private final Field[] valueFields;
  /** Per value field, the Java class whose values need no conversion (null when all do). */
  private final Class<?>[] valueClasses;

  private final int topicColumn;
  private final int keyColumn;
  private final Schema keySchema;
  private final ValueConverter keyConverter;
  private final int timestampColumn;

  /** Builds a compiled query; {@code bindings} gives, per row column, how to read it. */
  CompiledQuery(QueryPlanner.Plan plan, List<InputBinding> bindings, boolean schemaless)
      throws InvalidQueryException {
    RexProgram rex = plan.program();
    this.program = ProgramCompiler.compile(rex, bindings.toArray(new InputBinding[0]));

    this.schemaless = schemaless;
    List<RelDataTypeField> outputs = plan.outputType().getFieldList();
    int topic = -1;
    int key = -1;
    int timestamp = -1;
    List<Integer> values = new ArrayList<>();
    for (RelDataTypeField field : outputs) {
      switch (field.getName()) {
        case PseudoColumns.TOPIC -> topic = checkTopic(field);
        case PseudoColumns.KEY -> key = field.getIndex();
        case PseudoColumns.TIMESTAMP -> timestamp = checkTimestamp(field);
        default -> values.add(field.getIndex());
      }
    }
    this.topicColumn = topic;
    this.keyColumn = key;
    this.timestampColumn = timestamp;
    this.valueColumns = values.stream().mapToInt(Integer::intValue).toArray();
    this.valueNames = new String[valueColumns.length];
    this.valueConverters = new ValueConverter[valueColumns.length];
    SchemaBuilder struct = SchemaBuilder.struct();
    for (int i = 0; i < valueColumns.length; i++) {
      RelDataTypeField field = outputs.get(valueColumns[i]);
      valueNames[i] = field.getName();
      if (!schemaless) {
        struct.field(field.getName(), ConnectTypes.connectSchema(field.getType(), field.getName()));
      }
    }
    this.valueSchema = schemaless || valueColumns.length == 0 ? null : struct.build();
    this.valueFields = new Field[valueColumns.length];
    this.valueClasses = new Class<?>[valueColumns.length];
    for (int i = 0; i < valueColumns.length; i++) {
      RelDataType type = outputs.get(valueColumns[i]).getType();
      if (schemaless) {
        valueConverters[i] = ConnectTypes.toSchemaless(type);
      } else {
        valueFields[i] = valueSchema.fields().get(i);
        valueConverters[i] = ConnectTypes.toConnect(type, valueFields[i].schema());
        valueClasses[i] = ConnectTypes.unconvertedClass(valueFields[i].schema());
      }
    }
    if (key >= 0) {
      RelDataType keyType = outputs.get(key).getType();
      this.keySchema = schemaless ? null : ConnectTypes.connectSchema(keyType, PseudoColumns.KEY);
      this.keyConverter = schemaless ? ConnectTypes.toSchemaless(keyType) : ConnectTypes.toConnect(keyType, keySchema);
    } else {
      this.keySchema = null;
      this.keyConverter = null;
    }
  }

  private static int checkTopic(RelDataTypeField field) throws InvalidQueryException {
    if (!SqlTypeFamily.CHARACTER.contains(field.getType())) {
      throw new InvalidQueryException("The result column _topic sets the record's topic and must be text, but is "
          + field.getType().getFullTypeString());
    }
    return field.getIndex();
  }

  private static int checkTimestamp(RelDataTypeField field) throws InvalidQueryException {
    SqlTypeName type = field.getType().getSqlTypeName();
    if (type != SqlTypeName.TIMESTAMP && type != SqlTypeName.BIGINT
        && type != SqlTypeName.TIMESTAMP_WITH_LOCAL_TIME_ZONE) {
      throw new InvalidQueryException("The result column _timestamp sets the record's timestamp and must be a"
          + " TIMESTAMP or a BIGINT of epoch milliseconds, but is " + field.getType().getFullTypeString());
    }
    return field.getIndex();
  }

  /** Runs the program over the record; null when the WHERE condition is not true. */
  Object[] evaluate(ConnectRecord<?> record) {
    return program.apply(record, UtcDataContext.INSTANCE);
  }

  /** The new record for a result row. */
  <R extends ConnectRecord<R>> R toRecord(R record, Object[] result, org.apache.kafka.connect.header.Headers headers) {
    String topic = record.topic();
    if (topicColumn >= 0) {
      Object routed = result[topicColumn];
      if (routed == null) {
        throw new org.apache.kafka.connect.errors.DataException("The result column _topic is NULL for the record at "
            + RecordLocation.of(record) + "; use COALESCE(..., _topic) to keep the original topic");
      }
      topic = routed.toString();
    }
    Object key = record.key();
    Schema keySchemaOut = record.keySchema();
    if (keyColumn >= 0) {
      key = keyConverter.apply(result[keyColumn]);
      keySchemaOut = keySchema;
    }
    Long timestamp = record.timestamp();
    if (timestampColumn >= 0) {
      Object value = result[timestampColumn];
      timestamp = value == null ? null : ((Number) value).longValue();
    }
    Object value;
    Schema schema;
    if (valueColumns.length == 0) {
      value = record.value();
      schema = record.valueSchema();
    } else if (schemaless) {
      Map<String, Object> map = new LinkedHashMap<>(valueColumns.length * 2);
      for (int i = 0; i < valueColumns.length; i++) {
        map.put(valueNames[i], valueConverters[i].apply(result[valueColumns[i]]));
      }
      value = map;
      schema = null;
    } else {
      Struct struct = new Struct(valueSchema);
      for (int i = 0; i < valueColumns.length; i++) {
        Object column = result[valueColumns[i]];
        // values already of the field's Java class skip the (megamorphic) converter call
        struct.put(valueFields[i], column == null || column.getClass() == valueClasses[i] ? column
            : valueConverters[i].convert(column));
      }
      value = struct;
      schema = valueSchema;
    }
    return record.newRecord(topic, record.kafkaPartition(), keySchemaOut, key, schema, value, timestamp, headers);
  }

  /** The result value's schema (null for schemaless results or when the value is kept). */
  Schema valueSchema() {
    return valueSchema;
  }
}
