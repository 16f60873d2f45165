// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.sql.engine;

import java.lang.reflect.Method;
import java.math.BigDecimal;
import java.lang.reflect.Modifier;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.calcite.linq4j.tree.BlockBuilder;
import org.apache.calcite.linq4j.tree.Expression;
import org.apache.calcite.linq4j.tree.Expressions;
import org.apache.calcite.linq4j.tree.ParameterExpression;
import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.header.Headers;

/**
 * Generates the code that writes a result row into the new record, laid out by a {@link ResultLayout}:
 * each value field is converted (only where the generated Java type is not already what the field
 * holds) and put straight into the new Struct or Map, with a call site of its own per field, so no
 * result array is built and no converter call is shared between fields.
 */
final class NewRecordCode {

  private static final Method NEW_RECORD = method(ConnectRecord.class, "newRecord", String.class, Integer.class,
      Schema.class, Object.class, Schema.class, Object.class, Long.class, Iterable.class);
  private static final Method STRUCT_PUT = method(Struct.class, "put", Field.class, Object.class);
  private static final Method MAP_PUT = method(Map.class, "put", Object.class, Object.class);
  private static final Method CONVERT = method(ValueConverter.class, "apply", Object.class);
  private static final Method TOPIC = method(ResultLayout.class, "topic", ConnectRecord.class, Object.class);
  private static final Method KEY = method(ResultLayout.class, "key", Object.class);
  private static final Method TIMESTAMP = method(ResultLayout.class, "timestamp", Object.class);
  private static final Method HEADERS = method(Function.class, "apply", Object.class);

  private final ParameterExpression record;
  /** The generated method's parameter that gives the new record's headers ({@code Function<record, Headers>}). */
  private final ParameterExpression headers;
  private final ResultLayout layout;
  /** The generated class's static field holding {@link #layout}. */
  private final ParameterExpression output;

  /** The generated class's constant fields (the new value's schema, fields and converters). */
  private final ProgramConstants constants;

  NewRecordCode(ParameterExpression record, ParameterExpression headers, ResultLayout layout,
      ProgramConstants constants) {
    this.record = record;
    this.headers = headers;
    this.layout = layout;
    this.constants = constants;
    this.output = Expressions.parameter(ResultLayout.class, RowProgram.OUTPUT_FIELD);
  }

  /**
   * Adds the statements that build the new value to {@code body} and returns the expression of the
   * new record; {@code results} are the result columns, and {@code asRead} gives, per result column
   * that passes an input column through as the record holds it, that column's Connect schema (else
   * null): such a column is put into the new value as read, with no conversion.
   */
  Expression newRecord(BlockBuilder body, List<Expression> results, Schema[] asRead) {
    int[] valueColumns = layout.valueColumns();
    Expression value;
    Expression valueSchema;
    if (valueColumns.length == 0) {
      value = Expressions.call(record, "value");
      valueSchema = Expressions.call(record, "valueSchema");
    } else if (layout.schemaless()) {
      ParameterExpression map = declare(body, Map.class,
          Expressions.new_(LinkedHashMap.class, Expressions.constant(valueColumns.length * 2)));
      for (int i = 0; i < valueColumns.length; i++) {
        body.add(Expressions.statement(Expressions.call(map, MAP_PUT, Expressions.constant(layout.valueName(i)),
            converted(i, results.get(valueColumns[i]), asRead[valueColumns[i]]))));
      }
      value = map;
      valueSchema = Expressions.constant(null, Schema.class);
    } else {
      valueSchema = constants.add(layout.valueSchema(), Schema.class);
      ParameterExpression struct = declare(body, Struct.class, Expressions.new_(Struct.class, valueSchema));
      for (int i = 0; i < valueColumns.length; i++) {
        Expression field = constants.add(layout.valueField(i), Field.class);
        body.add(Expressions.statement(Expressions.call(struct, STRUCT_PUT, field,
            converted(i, results.get(valueColumns[i]), asRead[valueColumns[i]]))));
      }
      value = struct;
    }
    Expression topic = layout.topicColumn() < 0
        ? Expressions.call(record, "topic")
        : Expressions.call(output, TOPIC, record, Expressions.box(results.get(layout.topicColumn())));
    Expression keySchema = Expressions.call(record, "keySchema");
    Expression key = Expressions.call(record, "key");
    if (layout.keyColumn() >= 0) {
      keySchema = Expressions.call(output, "keySchema");
      key = Expressions.call(output, KEY, Expressions.box(results.get(layout.keyColumn())));
    }
    Expression timestamp = layout.timestampColumn() < 0
        ? Expressions.call(record, "timestamp")
        : Expressions.call(TIMESTAMP, Expressions.box(results.get(layout.timestampColumn())));
    return Expressions.call(record, NEW_RECORD, topic, Expressions.call(record, "kafkaPartition"), keySchema, key,
        valueSchema, value, timestamp,
        Expressions.convert_(Expressions.call(headers, HEADERS, record), Headers.class));
  }

  /**
   * Result column {@code result} as value field {@code i} holds it; {@code asRead} is the Connect
   * schema of the input column it passes through unchanged, or null.
   */
  private Expression converted(int i, Expression result, Schema asRead) {
    if (asRead != null && layout.holdsAsRead(i, asRead)) {
      return result;
    }
    Expression boxed = Expressions.box(result);
    if (!layout.needsConversion(i, result.getType())) {
      return boxed;
    }
    int scale = layout.decimalScale(i);
    if (scale >= 0 && result.getType() == BigDecimal.class) {
      return Expressions.call(ResultLayout.class, "decimal", boxed, Expressions.constant(scale));
    }
    return Expressions.call(constants.add(layout.valueConverter(i), ValueConverter.class), CONVERT, boxed);
  }

  private static ParameterExpression declare(BlockBuilder body, Class<?> type, Expression initializer) {
    ParameterExpression variable = Expressions.parameter(Modifier.FINAL, type, body.newName("new_value"));
    body.add(Expressions.declare(Modifier.FINAL, variable, initializer));
    return variable;
  }

  private static Method method(Class<?> owner, String name, Class<?>... parameters) {
    try {
      return owner.getMethod(name, parameters);
    } catch (NoSuchMethodException e) {
      throw new IllegalStateException(owner.getSimpleName() + "." + name + " not found", e);
    }
  }
}
