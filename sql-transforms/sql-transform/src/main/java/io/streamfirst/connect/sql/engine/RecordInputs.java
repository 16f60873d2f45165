// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.sql.engine;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.calcite.adapter.enumerable.EnumUtils;
import org.apache.calcite.adapter.enumerable.RexToLixTranslator;
import org.apache.calcite.linq4j.tree.BlockBuilder;
import org.apache.calcite.linq4j.tree.Expression;
import org.apache.calcite.linq4j.tree.Expressions;
import org.apache.calcite.linq4j.tree.ParameterExpression;
import org.apache.calcite.linq4j.tree.Statement;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Struct;

/**
 * Tells the code generator how to read a row column: each column the statement uses is read at most
 * once per record into a local; no row array is built. A value field is read straight from the
 * record's Struct with the field held as a constant, {@code final Object in3 =
 * value_struct.get(CONSTANT0);} (converted by a constant converter where the engine's representation
 * differs); any other column through its binding, {@code INPUTS[9].read(record)}, at a call site of
 * its own (so the JIT sees one binding there and can inline it). Columns only the results use are
 * read after the WHERE condition, so filtered records skip them.
 */
final class RecordInputs implements RexToLixTranslator.InputGetter {

  private static final ParameterExpression INPUTS = Expressions.parameter(InputBinding[].class,
      RowProgram.INPUTS_FIELD);
  private static final Method STRUCT_GET = method(Struct.class, "get", Field.class);
  private static final Method CONVERT = method(ValueConverter.class, "apply", Object.class);

  private static Method method(Class<?> owner, String name, Class<?>... parameters) {
    try {
      return owner.getMethod(name, parameters);
    } catch (NoSuchMethodException e) {
      throw new IllegalStateException(owner.getSimpleName() + "." + name + " not found", e);
    }
  }

  private final ParameterExpression record;
  private final RelDataType rowType;
  private final InputBinding[] bindings;
  private final ProgramConstants constants;
  /** The record's value as a Struct, declared before the first value field is read. */
  private final ParameterExpression valueStruct = Expressions.parameter(Modifier.FINAL, Struct.class, "value_struct");
  private boolean valueStructDeclared;
  private final Map<Integer, ParameterExpression> used = new TreeMap<>();
  /** The columns whose read statements {@link #takeDeclarations()} has already handed out. */
  private final Set<Integer> declared = new HashSet<>();

  RecordInputs(ParameterExpression record, RelDataType rowType, InputBinding[] bindings, ProgramConstants constants) {
    this.record = record;
    this.rowType = rowType;
    this.bindings = bindings;
    this.constants = constants;
  }

  /** The local holding the column's value as its binding returns it (boxed, engine representation). */
  ParameterExpression read(int index) {
    return used.computeIfAbsent(index, i -> Expressions.parameter(Modifier.FINAL, Object.class, "in" + i));
  }

  @Override
  public Expression field(BlockBuilder list, int index, Type storageType) {
    Type type = storageType != null
        ? storageType
        : QueryPlanner.TYPES.getJavaClass(rowType.getFieldList().get(index).getType());
    return EnumUtils.convert(read(index), type);
  }

  /**
   * The statements that read the columns used since the last call: the generated method reads the
   * columns of the WHERE condition first, and the columns only the results use once the condition holds.
   */
  List<Statement> takeDeclarations() {
    List<Statement> statements = new ArrayList<>();
    for (Map.Entry<Integer, ParameterExpression> column : used.entrySet()) {
      if (!declared.add(column.getKey())) {
        continue;
      }
      statements.add(Expressions.declare(Modifier.FINAL, column.getValue(), readCode(column.getKey(), statements)));
    }
    return statements;
  }

  private Expression readCode(int index, List<Statement> statements) {
    if (bindings[index] instanceof InputBinding.StructField struct) {
      if (!valueStructDeclared) {
        statements.add(Expressions.declare(Modifier.FINAL, valueStruct,
            Expressions.convert_(Expressions.call(record, "value"), Struct.class)));
        valueStructDeclared = true;
      }
      Expression value = Expressions.call(valueStruct, STRUCT_GET, constants.add(struct.field(), Field.class));
      return struct.converter() == ValueConverter.IDENTITY
          ? value
          : Expressions.call(constants.add(struct.converter(), ValueConverter.class), CONVERT, value);
    }
    return Expressions.call(Expressions.arrayIndex(INPUTS, Expressions.constant(index)), "read", record);
  }
}
